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
from functools import cached_property, lru_cache
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

    @cached_property
    def initials(self) -> str:
        """Made once: a person is named dozens of times in a ruling."""
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
_SURNAME = frozenset({"surname"})
_SPACE = re.compile(r"\s")
_LETTER = re.compile(r"\w")


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
            if fits("".join(_LETTER.findall(fold(candidate[2])))):
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
        self._plain_stems = all(_WORD.fullmatch(s) for s in (*self._a, *self._b))
        finder = PlainStemFinder if self._plain_stems else StemFinder
        self._finder: StemFinder[tuple[int, str]] = finder(self._a, self._b)
        self._keep = kept_names(tuple(keep))
        self._by_person: dict[frozenset[tuple[int, str]], dict[int, frozenset[str]]] = {}

    def tokens(self, text: str, folded: str) -> list[_Token]:
        """Capitalised name words (lower-case words are ordinary words, never names), but
        none inside a name that stays (`keep`): as if kept names were blanked out first.

        A kept name starts and ends at word boundaries, so blanking removes whole words;
        when every stem is a plain word, each token is a whole word, so the tokens found
        with blanks are those found without them but the blanked ones. `KeptNames.covering`
        tells which, looking for kept names only near tokens that may be in one (scanning
        the whole text for 30 kept names took longer than all the rest).
        """
        found = self._tokens(text, folded)
        keep = self._keep
        if keep.pattern is None:
            return found
        if not self._plain_stems or not keep.breaks:
            return self._tokens(text, keep.pattern.sub(lambda m: " " * len(m.group()), folded))
        covered = keep.covering(folded, ((t.start, t.end) for t in found))
        return [t for t in found if (t.start, t.end) not in covered] if covered else found

    def _tokens(self, text: str, folded: str) -> list[_Token]:
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
        parts_of = self._parts_of
        spans: list[tuple[int, int, Person | str]] = []
        i = 0
        while i < len(toks):
            first = toks[i]
            used = dict(parts_of(first.refs))  # person -> the parts of their name found
            persons = set(used)
            last = first
            j = i + 1
            while j < len(toks) and _GAP.fullmatch(text, last.end, toks[j].start):
                parts = parts_of(toks[j].refs)
                nxt = {p for p, found in parts.items() if p in persons and not found <= used[p]}
                if not nxt:
                    break
                persons = nxt
                for p in nxt:
                    used[p] = used[p] | parts[p]
                last = toks[j]
                j += 1
            i = j
            start, end = first.start, last.end
            person = min(persons)
            if not self._accept(used[person], person):
                continue
            new: Person | str = self.persons[person]
            if all(used[p] == _SURNAME for p in persons):  # a lone surname

                def fits(said: str, persons=persons) -> bool:
                    return any(self._letters[p].startswith(said) for p in persons)

                if near := adjacent_initials(text, start, end, fits):
                    start, end, written = near  # they say which person, or someone else
                    said = "".join(_LETTER.findall(fold(written)))
                    same = sorted(p for p in persons if self._letters[p].startswith(said))
                    written = _SPACE.sub("", written)
                    new = self.persons[same[0]] if same else f"{text[first.start]}.{written}"
            start, end = _hyphen_extend(text, start, end)
            spans.append((start, end, new))
        return spans

    def _parts_of(self, refs: frozenset[tuple[int, str]]) -> dict[int, frozenset[str]]:
        """A token's (person, part) references by person, made once for each set of them
        (a name word's references are one object wherever the word is written)."""
        found = self._by_person.get(refs)
        if found is None:
            parts: dict[int, set[str]] = {}
            for p, part in refs:
                parts.setdefault(p, set()).add(part)
            found = self._by_person[refs] = {p: frozenset(v) for p, v in parts.items()}
        return found

    def _accept(self, parts: frozenset[str], person: int) -> bool:
        """A lone given name that is also a common word (Арман, Әділет) is not a name."""
        if "surname" in parts or "patronymic" in parts:
            return True
        return self._given.get(person) not in COMMON_WORDS


_WORD_REST = re.compile(r"\w*")
_WORD = re.compile(r"\w+")
_TAIL_A = re.compile(TAIL_A)
_TAIL_B = re.compile(TAIL_B)


class StemFinder(Generic[V]):
    """Name stems with their suffix tails in a folded text, each stem with a set of values.

    A trie regex of the stems finds candidate words; the tail lists (compiled once for all
    cases) confirm them. (The leak gate's stems of every case are one trie; one case's few
    stems use `PlainStemFinder`, which compiles nothing.) A word may confirm several stems
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


class PlainStemFinder(StemFinder[V]):
    """`StemFinder` for the few stems of one case when every stem is a plain word (letters
    and digits): found with `str.find`, with no regex to compile for the case (which took
    half of `Depersonaliser.for_case`) and no scan that stops at every letter a stem starts
    with. A plain stem lies within one word, so the trie's scan comes down to this: every
    word that starts with a stem, confirmed the same way.

    The stems that no shorter stem starts ("roots") are looked for; a word starts with one
    root at most (of two, one would start the other), and the stems it may start with are
    those under that root: only these are tried, not every cut of the word.
    """

    def __init__(self, a: dict[str, set[V]], b: dict[str, set[V]] | None = None) -> None:
        self.a, self.b = a, b or {}
        stems = sorted(self.a.keys() | self.b.keys(), key=len)
        self._under: dict[str, list[tuple[str, set[V] | None, set[V] | None]]] = {}
        for stem in stems:
            root = next((r for r in self._under if stem.startswith(r)), stem)
            self._under.setdefault(root, []).append((stem, self.a.get(stem), self.b.get(stem)))
        self._words: dict[str, frozenset[V]] = {}  # a word found -> its values

    def finditer(self, folded: str) -> Iterator[tuple[int, int, frozenset[V]]]:
        starts: dict[int, str] = {}
        find = folded.find
        for root in self._under:
            at = find(root)
            while at >= 0:
                if word_start(folded, at):
                    starts[at] = root
                at = find(root, at + len(root))  # the next one in this word starts no word
        words = self._words
        match_rest = _WORD_REST.match
        for start in sorted(starts):
            end = match_rest(folded, start).end()
            word = folded[start:end]
            found = words.get(word)
            if found is None:
                found = words[word] = self._confirm_word(word, starts[start])
            if found:
                yield start, end, found

    def _confirm_word(self, word: str, root: str) -> frozenset[V]:
        """The values of the stems under `root` that `word` is made of, with a tail (the
        same for every place the word is written: a name is written dozens of times)."""
        found: set[V] = set()
        for stem, a, b in self._under[root]:
            if word.startswith(stem):
                cut = len(stem)
                if a is not None and _TAIL_A.fullmatch(word, cut):
                    found |= a
                if b is not None and _TAIL_B.fullmatch(word, cut):
                    found |= b
        return frozenset(found)


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


@dataclass(frozen=True)
class KeptNames:
    """Names that stay (judges: "Әбенов Ж.Қ."), matched with their initials in either order,
    so a party who shares a judge's surname does not take the judge's name with it."""

    pattern: re.Pattern[str] | None  # every kept name as written, in a folded text
    word: re.Pattern[str]  # matches every whole word of such a name longer than a letter
    breaks: str  # characters no kept name has: none is written across one

    def covering(self, folded: str, spans: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
        """The spans (whole words, in order) that are within a kept name in `folded`, as
        `pattern.sub` would find the names, scanning only around the spans that may be.

        Finding the names from the last break before a span gives the names from the start
        of the text: no name found from the start is written across that break."""
        covered: set[tuple[int, int]] = set()
        names: list[tuple[int, int]] = []
        scanned_to = -1
        for start, end in spans:
            if self.pattern is None or not self.word.fullmatch(folded, start, end):
                continue
            if start >= scanned_to:
                scanned_to = _next_break(folded, end, self.breaks)
                begin = _last_break(folded, start, self.breaks)
                names = [m.span() for m in self.pattern.finditer(folded, begin, scanned_to)]
            if any(a <= start and end <= b for a, b in names):
                covered.add((start, end))
        return covered


def _last_break(text: str, at: int, breaks: str) -> int:
    """Just after the last of `breaks` before `at`, or 0."""
    lo = at
    while lo > 0:
        lo = max(0, lo - 256)
        if (last := max(text.rfind(c, lo, at) for c in breaks)) >= 0:
            return last + 1
    return 0


def _next_break(text: str, at: int, breaks: str) -> int:
    """The first of `breaks` from `at` on, or the end."""
    hi = at
    while hi < len(text):
        hi = min(len(text), hi + 256)
        found = [i for c in breaks if (i := text.find(c, at, hi)) >= 0]
        if found:
            return min(found)
    return len(text)


_BREAKS = ',;:!?()«»"'  # no \w, \s or "." (a kept name is made of them), all common


@lru_cache(maxsize=16)
def kept_names(names: tuple[str, ...]) -> KeptNames:
    """The ways each name may be written, grouped by their first character.

    One alternation of all of them would start with a lookbehind, so `re` would try every
    alternative at every position of the text; starting each group with its character
    lets `re` skip at C speed to where one may start, then try only that group. The groups
    keep the names' order, and ways that start with different characters never compete
    for one position, so every match is the same as the plain alternation's.
    """
    groups: dict[str, list[str]] = {}
    stems: set[str] = set()
    givens: set[str] = set()
    for name in names:
        ways, stem_words, given_words = _kept_ways(name)
        for first, rest in ways:
            groups.setdefault(first, []).append(rest)
        stems |= stem_words
        givens |= given_words
    if not groups:
        return KeptNames(None, re.compile("(?!)"), "")
    alts = []
    for first, rests in groups.items():
        c = re.escape(first)
        alts.append(rf"{c}(?<!\w{c})(?:{'|'.join(rests)})")
    # a surname's word with its tail (and an initial written close up: "Абенов Ж.К."), or
    # a given name's word with whatever follows it
    word = rf"(?:{trie_regex(stems)}){TAIL_A}\w?|(?:{trie_regex(givens)})\w*"
    breaks = "".join(c for c in _BREAKS if not any(c in fold(name) for name in names))
    return KeptNames(re.compile(rf"(?:{'|'.join(alts)})(?!\w)"), re.compile(word), breaks)


def _kept_ways(name: str) -> tuple[list[tuple[str, str]], set[str], set[str]]:
    """(first character, the rest as a regex) of each way a kept name may be written, in
    the order they are tried (surname then initials, initials then surname, surname then
    given name); and the words of its surname's stems and of its given name."""
    surname, given, patronymic = split_name(name)
    a, _ = word_stems(surname, "surname")
    rest = fold(" ".join(p for p in (given, patronymic) if p))
    letters = re.findall(r"(\w)\.", rest) if "." in rest else [w[0] for w in rest.split()]
    if not letters or not a:  # no initials to match, or no surname: never matched
        return [], set(), set()
    stem = rf"(?:{trie_regex(a)}){TAIL_A}"
    by_first: dict[str, set[str]] = {}
    for s in a:
        by_first.setdefault(s[0], set()).add(s[1:])
    stem_rest = {c: rf"(?:{trie_regex(rests)}){TAIL_A}" for c, rests in sorted(by_first.items())}
    ini = [re.escape(c) for c in letters]
    ini_rest = "".join(rf"\.\s*{c}" for c in ini[1:]) + r"\."
    ways = []
    # "Surname I.O." is theirs unless initials stand before the surname too: in
    # "Е.Қ. Қалиевтің Н.Б. Есеновқа" the Н.Б. after Қалиев belong to the next name
    for c, tail in stem_rest.items():
        e = re.escape(c)
        ways.append((c, rf"(?<!\w\.\s{e})(?<!\w\.{e}){tail}\s*{ini[0]}{ini_rest}"))
    ways.append((letters[0], rf"{ini_rest}\s*{stem}"))
    givens: set[str] = set()
    if given and "." not in given:
        ways += [(c, rf"{tail}\s+{re.escape(fold(given))}\w*") for c, tail in stem_rest.items()]
        givens.update(_WORD.findall(fold(given)))
    return ways, {w for s in a for w in _WORD.findall(s)}, givens
