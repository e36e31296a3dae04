"""Persons' names in every Kazakh and Russian inflected form, and how they are replaced.

Matching runs on a *folded* copy of the text: lower case, Kazakh letters folded to their
Russian look-alikes (Асқар = Аскар) and ё to е. Folding keeps every character in place, so a
span found in the folded copy is the same span in the original. A name word is a known stem
plus an optional tail of case/plural/possessive suffixes from a closed list, so "Серікбаевтың",
"Серикбаеву" and "СЕРІКБАЕВТАРҒА" all match the stem "серикбаев", while ordinary words that
merely start like a name do not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from generator.models.case import Case, Depersonalise, PartyKind, RepresentativeKind, Role

V = TypeVar("V")

_FOLD = tuple(zip("әіңғүұқөһё", "аингуукохе", strict=True))


def fold(text: str) -> str:
    """Lower case and fold Kazakh letters, keeping the length (spans stay valid)."""
    low = text.lower()
    if len(low) != len(text):  # a rare letter whose lower case is two characters (İ)
        low = "".join(ch.lower()[:1] or ch for ch in text)
    for kazakh, russian in _FOLD:  # ten C-speed replaces beat one str.translate 20 to 1
        if kazakh in low:
            low = low.replace(kazakh, russian)
    return low


def word_start(text: str, at: int) -> bool:
    """No letter or digit just before `at`. Checked after matching, not by a leading
    lookbehind, because a pattern that starts with a lookbehind loses `re`'s fast scan."""
    return at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_")


# Kazakh suffix morphemes (plural, possessive, case, and a few derivational ones that attach
# to names). They chain: Серікбаев-тар-ы-на. Folded like the text.
_KK = """
лар лер дар дер тар тер  ның нің дың дің тың тің  ға ге қа ке на не а е
ны ні ды ді ты ті н  да де та те нда нде  дан ден тан тен нан нен
мен бен пен менен бенен пенен  ы і сы сі ым ім ың ің ымыз іміз ыңыз іңіз мыз міз ңыз ңіз м ң
ша ше дай дей тай тей  ғы гі қы кі  нікі дікі тікі  мын мін бын бін пын пін
"""
# Russian case endings of nouns, names and adjectival surnames (one ending per word).
_RU = """
а я у ю ы и е ой ей ом ем ым им ою ею ых их ыми ими ого его ому ему ая яя ую юю ий ый
ое ее ие ые ам ям ами ями ах ях ов ев й
"""


def _alternation(morphemes: str) -> str:
    folded = {fold(m) for m in morphemes.split()}
    return "(?:" + "|".join(sorted(folded, key=lambda m: (-len(m), m))) + ")"


KK_TAIL = _alternation(_KK)
RU_TAIL = _alternation(_RU)
# A stem of kind A takes a Kazakh chain or one Russian ending; kind B (a Russian stem cut
# before its last letter: Анн-а, Андре-й, Жуковск-ий) must take exactly one Russian ending.
TAIL_A = rf"(?:{KK_TAIL}{{1,4}}|{RU_TAIL})?"
TAIL_B = RU_TAIL

# Given names that are also ordinary words: replaced only beside the surname or patronymic.
_COMMON = """
арман бақыт әділет нұр ай жан гүл бейбіт ерлан азамат ақ алтын асыл бал бек дана дәулет
ерік жұлдыз жібек күн қуаныш мейір сәуле таң теңіз ұлан шолпан айдын ару береке болат
қайрат мерей намыс еркін жеңіс әсем сұлтан батыр самал бота ажар ақық айым бибі ырыс
вера надежда любовь роза лилия слава мир лев майя лада заря марат ляззат мұрат
"""
COMMON_WORDS: frozenset[str] = frozenset(fold(w) for w in _COMMON.split())


ROLE_WORDS: dict[str, dict[Role, str]] = {
    "kk": {
        Role.PLAINTIFF: "талапкер",
        Role.DEFENDANT: "жауапкер",
        Role.THIRD_PARTY: "үшінші тұлға",
        Role.APPLICANT: "өтініш беруші",
        Role.PROSECUTOR: "прокурор",
    },
    "ru": {
        Role.PLAINTIFF: "истец",
        Role.DEFENDANT: "ответчик",
        Role.THIRD_PARTY: "третье лицо",
        Role.APPLICANT: "заявитель",
        Role.PROSECUTOR: "прокурор",
    },
}

_PATRONYMIC_ENDINGS = ("ұлы", "улы", "қызы", "кызы", "ович", "евич", "овна", "евна", "ична")
_VOWELS = "аеиоуыэюя"


def trie_regex(words: Iterable[str], special: dict[str, str] | None = None) -> str:
    """One regex alternation for many literal words, shaped as a character trie.

    `re` tries alternatives one by one; sharing prefixes makes 60,000 stems cost about as much
    as their depth. Longer words are tried first. `special` maps characters to regex pieces
    (the address matcher uses it to let a space stand for any punctuation run).
    """
    special = special or {}
    trie: dict = {}
    for word in set(words):
        if word:
            node = trie
            for ch in word:
                node = node.setdefault(ch, {})
            node[""] = True
    return _trie_node(trie, special) if trie else "(?!)"


def _trie_node(node: dict, special: dict[str, str]) -> str:
    leaves, alts = [], []
    for ch in sorted(k for k in node if k):
        child = node[ch]
        piece = special.get(ch, re.escape(ch))
        if list(child) == [""] and ch not in special:
            leaves.append(ch)
        else:
            alts.append(piece + _trie_node(child, special))
    if leaves:
        cls = "".join(re.escape(c) for c in leaves)
        alts.append(cls if len(leaves) == 1 else f"[{cls}]")
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if "" in node else body


def split_name(name: str) -> tuple[str, str | None, str | None]:
    """Surname, given name, patronymic of "Surname Given Patronymic" (the latter two optional).

    The old spelling with a separate "ұлы"/"қызы" ("Болат ұлы") is joined into one word.
    """
    parts = name.split()
    if len(parts) >= 4 and fold(parts[-1]) in ("улы", "кызы"):
        parts = [*parts[:-2], parts[-2] + parts[-1]]
    surname = parts[0] if parts else ""
    given = parts[1] if len(parts) > 1 else None
    patronymic = " ".join(parts[2:]) or None
    return surname, given, patronymic


def initials(full_name: str) -> str:
    """Initials, surname first as the court writes them: "Серікбаев Асқар Болатұлы" ->
    "С.А.Б."; a name already written with initials keeps them: "Жақсылықов Е.М." -> "Ж.Е.М."."""
    letters = []
    for part in (p for p in split_name(full_name) if p):
        letters += re.findall(r"(\w)\.", part) if "." in part else [part[0]]
    return "".join(f"{c.upper()}." for c in letters)


def letters(name: str) -> str:
    """Folded initials after the surname: "Серікбаев Асқар Болатұлы" -> "аб"."""
    return fold(initials(name)).replace(".", "")[1:]


def word_stems(word: str, part: str) -> tuple[set[str], set[str]]:
    """Folded stems of one name word: (stems taking any tail, stems needing a Russian ending).

    Covers feminine/adjectival surnames (Иванова, Жуковская), Russian given names cut before
    their ending (Анна, Андрей, Игорь), Kazakh voicing before a vowel (Сұлтанбек ->
    Сұлтанбегі), the fleeting vowel (Павел -> Павла, Лев -> Льва), and Kazakh patronymics
    of the family in either language (Болатұлы -> Болатқызы, Болатович, Болатовна).
    """
    w = fold(word)
    a, b = {w}, set()
    if part == "patronymic":  # a sibling's patronymic and the Russian spelling name the family
        root = re.sub(r"(улы|кызы|ович|евич|овна|евна|ична|ич)$", "", w)
        if len(root) >= 3 and root != w:
            a.update((root + "улы", root + "кызы", root + "ович", root + "евич", root + "ич"))
            b.update((root + "овн", root + "евн", root + "ичн"))
    if w.endswith(("ская", "цкая", "ский", "цкий", "ской", "цкой")):
        b.add(w[:-2])
    elif re.search(r"(?:ов|ев|ин|ын)а$", w):
        a.add(w[:-1])  # Иванова: the masculine stem takes every Kazakh and Russian tail too
    elif w[-1:] in ("а", "я", "й", "ь") and len(w) > 3 or w.endswith("ий") and len(w) > 4:
        b.add(w[:-1])
    if w[-1:] in ("п", "к") and part != "patronymic":
        a.add(w[:-1] + {"п": "б", "к": "г"}[w[-1]])
    if part != "patronymic" and re.search(rf"[^{_VOWELS}]е[^{_VOWELS}йь]$", w):
        b.add(w[:-2] + w[-1])
        if len(w) == 3:
            b.add(w[0] + "ь" + w[-1])
    return {s for s in a if len(s) >= 2}, {s for s in b if len(s) >= 3}


@dataclass(frozen=True)
class Person:
    """A person whose name must not be published, and how the name is replaced."""

    name: str
    case: str = ""
    role: Role | None = None  # None for a representative
    by_role: bool = False

    @property
    def initials(self) -> str:
        return initials(self.name)

    def replacement(self, language: str) -> str:
        if self.by_role and self.role is not None:
            return ROLE_WORDS.get(str(language), ROLE_WORDS["kk"])[self.role]
        return self.initials


def case_persons(case: Case) -> list[Person]:
    """Every person of a case to depersonalise: persons among the parties, then every
    representative who is not an advocate (advocates keep their names)."""
    persons = [
        Person(p.name, case.number, p.role, p.depersonalise is Depersonalise.ROLE)
        for p in case.parties
        if p.kind is PartyKind.PERSON
    ]
    for p in case.parties:
        rep = p.representative
        if rep is not None and rep.kind is not RepresentativeKind.ADVOCATE:
            persons.append(Person(rep.name, case.number))
    return persons


_UPPER = "А-ЯЁӘІҢҒҮҰҚӨҺ"
_INITIALS_AFTER = re.compile(
    rf"[ \t\u00a0]*\r?\n?[ \t\u00a0]*[{_UPPER}]\.(?:[ \u00a0]?[{_UPPER}]\.)?"
)
_INITIALS_BEFORE = re.compile(rf"(?<![\w.])[{_UPPER}]\.(?:[ \u00a0]?[{_UPPER}]\.)?\s*$")
_GAP = re.compile(r"\s+")


def adjacent_initials(
    text: str, start: int, end: int, fits: Callable[[str], bool] | None = None
) -> tuple[int, int, str] | None:
    """Initials just after or just before the surname at start:end ("Иванов И.П.",
    "И. П. Иванов"): the widened span and the initials as written. With `fits` (do these
    letters belong to the person?), initials that fit are preferred, those before first: in
    "Т.А. Досановтың Ж.Р. Бисеновқа" the Ж.Р. after Досанов belong to Бисенов."""
    found = []
    if m := _INITIALS_AFTER.match(text, end):
        found.append((start, m.end(), m.group()))
    if m := _INITIALS_BEFORE.search(text, max(0, start - 8), start):
        found.append((m.start(), end, m.group()))
    if fits is not None:  # Kazakh puts initials before an inflected surname: try those first
        for candidate in reversed(found):
            if fits("".join(re.findall(r"\w", fold(candidate[2])))):
                return candidate
    return found[0] if found else None


@dataclass
class _Token:
    start: int
    end: int
    refs: frozenset[tuple[int, str]]  # (person index, part)


class NameMatcher:
    """Finds the names of a few persons (one case) in a text, grouped into whole names."""

    def __init__(self, persons: Iterable[Person], keep: Iterable[str] = ()) -> None:
        self.persons = list(persons)
        self._a: dict[str, set[tuple[int, str]]] = {}
        self._b: dict[str, set[tuple[int, str]]] = {}
        self._given: dict[int, str] = {}
        for i, person in enumerate(self.persons):
            surname, given, patronymic = split_name(person.name)
            words = [(w, "surname") for w in surname.split("-")]
            words += [(given, "given"), (patronymic, "patronymic")]
            for word, part in words:
                if not word or "." in word:  # initials are matched beside the surname
                    continue
                a, b = word_stems(word, part)
                for s in a:
                    self._a.setdefault(s, set()).add((i, part))
                for s in b:
                    self._b.setdefault(s, set()).add((i, part))
            if given:
                self._given[i] = fold(given)
        self._letters = [letters(p.name) for p in self.persons]
        self._finder = StemFinder(self._a, self._b)
        self._keep = keep_pattern(tuple(keep))

    def tokens(self, text: str, folded: str) -> list[_Token]:
        """Capitalised name words (lower-case words are ordinary words, never names)."""
        if self._keep is not None:
            folded = self._keep.sub(lambda m: " " * len(m.group()), folded)
        return [
            _Token(start, end, frozenset(refs))
            for start, end, refs in self._finder.finditer(folded)
            if text[start].isupper()
        ]

    def spans(self, text: str, folded: str | None = None) -> list[tuple[int, int, Person | str]]:
        """Whole names as (start, end, person): "Серікбаев Асқар Болатұлы", "Иванову И.П.",
        "И.П. Иванов", "Асқар Болатұлы", a lone surname, a lone uncommon given name.

        A surname with initials that fit none of the persons sharing it is someone else of
        the family: it becomes plain initials ("Ахметовой С.Р." -> "А.С.Р."), given as a str.
        """
        folded = fold(text) if folded is None else folded
        toks = self.tokens(text, folded)
        spans: list[tuple[int, int, Person | str]] = []
        i = 0
        while i < len(toks):
            group, persons = [toks[i]], {p for p, _ in toks[i].refs}
            used = {p: {part for q, part in toks[i].refs if q == p} for p in persons}
            j = i + 1
            while j < len(toks) and _GAP.fullmatch(text, toks[j - 1].end, toks[j].start):
                nxt = {p for p, part in toks[j].refs if p in persons and part not in used[p]}
                if not nxt:
                    break
                persons = nxt
                for p in nxt:
                    used[p] |= {part for q, part in toks[j].refs if q == p}
                group.append(toks[j])
                j += 1
            i = j
            start, end = group[0].start, group[-1].end
            person = min(persons)
            if not self._accept(used[person], person):
                continue
            new: Person | str = self.persons[person]
            lone_surname = all(used[p] == {"surname"} for p in persons)

            def fits(said: str, persons=persons) -> bool:
                return any(self._letters[p].startswith(said) for p in persons)

            if lone_surname and (near := adjacent_initials(text, start, end, fits)):
                start, end, written = near  # they say which person, or someone else
                said = "".join(re.findall(r"\w", fold(written)))
                same = sorted(p for p in persons if self._letters[p].startswith(said))
                written = re.sub(r"\s", "", written)
                new = self.persons[same[0]] if same else f"{text[group[0].start]}.{written}"
            start, end = _hyphen_extend(text, start, end)
            spans.append((start, end, new))
        return spans

    def _accept(self, parts: set[str], person: int) -> bool:
        """A lone given name that is also a common word (Арман, Әділет) is not a name."""
        if "surname" in parts or "patronymic" in parts:
            return True
        return self._given.get(person) not in COMMON_WORDS


_WORD_REST = re.compile(r"\w*")
_TAIL_A = re.compile(TAIL_A)
_TAIL_B = re.compile(TAIL_B)


class StemFinder(Generic[V]):
    """Name stems with their suffix tails in a folded text, each stem with a set of values.

    A trie regex of the stems finds candidate words; the tail lists (compiled once for all
    cases) confirm them. Per case only the small trie is compiled, which keeps
    `Depersonaliser.for_case` well under a millisecond. A word may confirm several stems
    (Ахметова: "ахметова" of a woman, "ахметов" of her husband); their values are joined.
    """

    def __init__(self, a: dict[str, set[V]], b: dict[str, set[V]] | None = None) -> None:
        self.a, self.b = a, b or {}
        self._candidates = re.compile(trie_regex(self.a.keys() | self.b.keys()))

    def finditer(self, folded: str) -> Iterator[tuple[int, int, set[V]]]:
        """(start, end, values) of every whole word that is a stem plus a tail."""
        pos, search = 0, self._candidates.search
        while (m := search(folded, pos)) is not None:
            start = m.start()
            end = _WORD_REST.match(folded, m.end()).end()
            pos = end
            if word_start(folded, start) and (found := self._confirm(folded, start, m.end(), end)):
                yield start, end, found

    def word(self, folded: str) -> set[V]:
        """The values of the stems the whole of `folded` is made of (with a tail), if any."""
        return self._confirm(folded, 0, len(folded), len(folded))

    def _confirm(self, text: str, start: int, longest: int, end: int) -> set[V]:
        found: set[V] = set()
        for cut in range(longest, start + 1, -1):
            stem = text[start:cut]
            if stem in self.a and _TAIL_A.fullmatch(text, cut, end):
                found |= self.a[stem]
            if stem in self.b and _TAIL_B.fullmatch(text, cut, end):
                found |= self.b[stem]
        return found


def _hyphen_extend(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span over hyphen-joined word parts: the whole "Әбілқасым-Серікбаев" goes."""
    while start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha():
        start -= 1
        while start > 0 and text[start - 1].isalpha():
            start -= 1
    while end + 1 < len(text) and text[end] == "-" and text[end + 1].isalpha():
        end += 1
        while end < len(text) and text[end].isalpha():
            end += 1
    return start, end


@lru_cache(maxsize=16)
def keep_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """Names that stay (judges: "Әбенов Ж.Қ."), matched with their initials in either order,
    so a party who shares a judge's surname does not take the judge's name with it."""
    alts = []
    for name in names:
        surname, given, patronymic = split_name(name)
        a, _ = word_stems(surname, "surname")
        stem = rf"(?:{trie_regex(a)}){TAIL_A}"
        rest = fold(" ".join(p for p in (given, patronymic) if p))
        letters = re.findall(r"(\w)\.", rest) if "." in rest else [w[0] for w in rest.split()]
        if not letters:
            continue
        ini = r"\.\s*".join(re.escape(c) for c in letters) + r"\."
        # "Surname I.O." is theirs unless initials stand before the surname too: in
        # "Е.Қ. Қалиевтің Н.Б. Есеновқа" the Н.Б. after Қалиев belong to the next name
        alts += [rf"(?<!\w\.\s)(?<!\w\.){stem}\s*{ini}", rf"{ini}\s*{stem}"]
        if given and "." not in given:
            alts.append(rf"{stem}\s+{re.escape(fold(given))}\w*")
    return re.compile(rf"(?<!\w)(?:{'|'.join(alts)})(?!\w)") if alts else None
