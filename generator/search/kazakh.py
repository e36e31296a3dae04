"""A light, dictionary-free suffix-stripping stemmer for Kazakh.

Kazakh stacks suffixes as ``stem + (derivation) + plural + possessive + case``, so the
stemmer peels them off in the reverse order: one case suffix, then one possessive,
then one plural, then (only where safe) one derivational suffix. A suffix is removed
only when

* the letter before it is one the suffix can really follow (``-ды`` after a voiced
  consonant, ``-ты`` after a voiceless one, ``-н``/``-на``/``-нда`` only after a
  third-person possessive ``-ы``/``-і``, ...), which is what keeps ``шарты`` from
  becoming ``шар``;
* it agrees with the stem in vowel harmony (back ``а о ұ ы я`` vs front
  ``ә ө ү і е э``), except after a final consonant cluster, where Russian loans such as
  ``банк``/``акт`` take front suffixes;
* what remains has at least two letters, one of them a vowel.

Afterwards a final ``-ы``/``-і`` after a consonant is dropped, so that a stem ending in
that vowel (``қаулы``) and its possessive-looking forms (``қаулылары``) meet at one
stem (``қаул``), and the voicing alternation is undone (``талабы`` -> ``талап``,
``құқығы`` -> ``құқық``, ``жүрегі`` -> ``жүрек``). ``-сы/-сі`` after a vowel is
ambiguous (``қаулы+сы`` but ``жұмыс+ы``): common ``-ыс/-іс``/``-ес`` nouns are listed in
``_SIGMA_STEMS``, and any other final ``-ыс/-іс`` is dropped so both readings meet
(``отырыс``/``отырысы``). A few stems that lose a vowel (``мүлік`` -> ``мүлкі``) are
mapped back explicitly.

Deliberately *not* stripped, because they would merge different lexemes or eat real
stems: ``-шы/-ші`` (``жауапкершілік`` is not ``жауапкер``), ``-сыз/-сіз``
(``заңсыз`` "unlawful" is not ``заң`` "law"), ``-лық/-лік`` except after Russian
``-ия`` loans (``кассациялық`` -> ``кассация``), ``-ғы/-гі`` except inside locative
``-дағы``, first/second person singular possessives (``-ым/-ім`` would turn ``шешім``
into ``шеш``) and therefore the bare dative ``-а/-е`` that only follows them. Verb
inflection is out of scope.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["HYPHEN_TAIL_PATTERN", "PROTECTED", "is_kazakh", "stem"]

VOWELS = frozenset("аәеёиоөұүыіэюя")  # "у" left out: it acts as a consonant before suffixes
_VOWELS_FOR_LENGTH = VOWELS | {"у"}
_BACK = frozenset("аоұыяё")
_FRONT = frozenset("әөүіеэ")
_KAZAKH_ONLY = frozenset("әғқңөұүһі")

# Classes of the letter a suffix may follow.
_V = "аәеёиоөұүыіэюя"
_N = "мнң"  # nasals
_R = "рйулзж"  # other voiced consonants (у and й behave as consonants)
_K = "кқпстфхцчшщбвгғд"  # voiceless, plus finals that devoice in loans
_CONS = _N + _R + _K
_P3 = "ыі"  # a third-person possessive ending: "-н", "-на", "-нда" only follow it


def _words(*lines: str) -> frozenset[str]:
    """A word set written as space-separated lines."""
    return frozenset(word for line in lines for word in line.split())


def _table(spec: dict[str, str]) -> dict[str, tuple[tuple[str, frozenset[str]], ...]]:
    """Index suffix rules by their last letter, longest suffix first (cheap lookup)."""
    rules = [(suffix, frozenset(prev)) for group, prev in spec.items() for suffix in group.split()]
    rules.sort(key=lambda rule: -len(rule[0]))
    by_last: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for rule in rules:
        by_last.setdefault(rule[0][-1], []).append(rule)
    return {last: tuple(group) for last, group in by_last.items()}


_CASE_SPEC = {
    # genitive
    "ның нің": _V + _N,
    "дың дің": _R,
    "тың тің": _K,
    # accusative
    "ны ні": _V,
    "ды ді": _R + _N,
    "ты ті": _K,
    "н": _P3,
    # dative (the bare "-а/-е" follows 1st/2nd person possessives only: not stripped)
    "ға ге": _V + _R + _N,
    "қа ке": _K,
    "на не": _P3,
    # locative
    "да де": _V + _R + _N,
    "та те": _K,
    "нда нде": _P3,
    # ablative
    "дан ден": _V + _R,
    "нан нен": _N + _P3,
    "тан тен": _K,
    # instrumental
    "мен": _V + _N + _R,
    "бен": "зж",
    "пен": _K,
    # locative attributive ("соттағы", "шешіміндегі")
    "дағы дегі": _V + _R + _N,
    "тағы тегі": _K,
    "ндағы ндегі": _P3,
}
_POSSESSIVE_SPEC = {
    "ы і": _CONS,
    "сы сі": _V,
    "ымыз іміз ыңыз іңіз": _CONS,
    "мыз міз ңыз ңіз": _V,
}
_PLURAL_SPEC = {
    "лар лер": _V + "рйу",
    "дар дер": "лмнңзж",
    "тар тер": _K,
}
# "-лық/-лік" only after Russian "-ия" loans: кассациялық -> кассация.
_DERIVATION_SPEC = {"лық лік лығ ліг": "я"}

# The instrumental has front-vowel forms only: сотпен, заңмен.
_NO_HARMONY = frozenset({"мен", "бен", "пен"})

_STAGES = tuple(_table(spec) for spec in (_CASE_SPEC, _POSSESSIVE_SPEC, _PLURAL_SPEC))
_DERIVATION = _table(_DERIVATION_SPEC)

# Stems ending in vowel + "с": "жұмысы" is жұмыс+ы, not *жұмы+сы (which "қаулысы" is).
# Other "-ыс/-іс" words lose that ending, which makes both readings meet.
_SIGMA_STEMS = _words(
    "іс жұмыс қылмыс құрылыс табыс кіріс шығыс тұрмыс кеңес мәжіліс бас дұрыс күрес",
    "таныс қоныс тыныс ұрыс жеміс теріс өріс жарыс келіс болыс ырыс алыс отырыс орыс",
    "бизнес",
)

# Stems whose vowel drops before a vowel suffix: мүлік -> мүлкі, халық -> халқы.
_ELIDED = {
    "мүлк": "мүлік",
    "халқ": "халық",
    "орн": "орын",
    "ауз": "ауыз",
    "ерк": "ерік",
    "ерн": "ерін",
    "мұрн": "мұрын",
    "қарн": "қарын",
    "әрп": "әріп",
    "көрк": "көрік",
    "қойн": "қойын",
}
_DEVOICE = str.maketrans({"б": "п", "ғ": "қ", "г": "к"})

PROTECTED: frozenset[str] = _words(
    # places: their inflected forms stop here too (алматыда -> алматы)
    "алматы астана шымкент ақтөбе атырау қостанай қызылорда павлодар түркістан ұлытау",
    "жетісу абай ақмола ақтау маңғыстау жамбыл тараз қарағанды көкшетау петропавл",
    "өскемен семей орал талдықорған байқоңыр жезқазған екібастұз теміртау",
    "қазақстан өзбекстан қырғызстан тәжікстан түрікменстан ауғанстан ресей",
    # acronyms (codes, legal forms, the Republic)
    "қр рк апк гпк ак гк жк зк ек тк нжок кобс түқз ақ жшс тоо ао ип",
    # short or look-alike words that suffix rules would damage
    "ақы үшін мүмкін дейін кейін бүгін тұрғын орын сайын ойын қиын келін ерін жиын",
    "оның оны оған онда одан онымен олар бұның мұны бұған мұнда осы осының осыны осыған",
    "осында сол соның соны соған сонда содан солар бұлар осылар менің сенің біздің сіздің",
)

_CASE_TAILS = "|".join(sorted({s for g in _CASE_SPEC for s in g.split()}, key=len, reverse=True))
# A suffix chain written after a hyphen ("АПК-нің", "ЖШС-ның", "1-ші", "ҚР-дағы").
HYPHEN_TAIL_PATTERN = (
    r"(?:[лдт][ае]р)?(?:с?[ыі]|[ыі]?[мң][ыі]з)?(?:" + _CASE_TAILS + r"|н?[шщ][ыі])?"
)
_HYPHEN_TAIL = re.compile(HYPHEN_TAIL_PATTERN)


def is_kazakh(word: str) -> bool:
    """True when the word has a letter only the Kazakh alphabet uses (ә ғ қ ң ө ұ ү һ і)."""
    return not _KAZAKH_ONLY.isdisjoint(word)


def _last_vowel(word: str) -> str | None:
    for char in reversed(word):
        if char in _BACK or char in _FRONT:
            return char
    return None


def _harmonic(rest: str, suffix: str) -> bool:
    """Does the suffix's vowel agree with the stem's last vowel?"""
    if suffix in _NO_HARMONY:
        return True
    suffix_vowel = _last_vowel(suffix)
    stem_vowel = _last_vowel(rest)
    if suffix_vowel is None or stem_vowel is None:
        return True
    if (suffix_vowel in _BACK) == (stem_vowel in _BACK):
        return True
    # Loans ending in a consonant cluster (банк, акт, факт) take front suffixes.
    return len(rest) >= 2 and rest[-1] not in VOWELS and rest[-2] not in VOWELS


def _long_enough(rest: str) -> bool:
    return len(rest) >= 2 and not _VOWELS_FOR_LENGTH.isdisjoint(rest)


def _strip(word: str, table: dict[str, tuple[tuple[str, frozenset[str]], ...]]) -> str:
    """Remove the longest suffix of the table that fits the word, or return it unchanged."""
    for suffix, allowed in table.get(word[-1], ()):
        if not word.endswith(suffix):
            continue
        rest = word[: -len(suffix)]
        if not _long_enough(rest) or rest[-1] not in allowed or not _harmonic(rest, suffix):
            continue
        if suffix in ("сы", "сі") and rest + "с" in _SIGMA_STEMS:
            return rest + "с"
        return rest
    return word


def _stem_lower(word: str) -> str:
    if word in PROTECTED:
        return word
    for table in _STAGES:
        shorter = _strip(word, table)
        if shorter != word:
            word = shorter
            if word in PROTECTED:
                return word
    word = _strip(word, _DERIVATION)
    if word not in _SIGMA_STEMS:
        # "-ыс/-іс" nouns outside the list: отырыс and отырысы (read as отыры+сы) meet.
        if word[-1:] == "с" and word[-2:-1] in ("ы", "і") and word[-3:-2] in _CONS:
            if _long_enough(word[:-2]):
                word = word[:-2]
        # A final "-ы/-і" after a consonant: possessive or part of the stem, both end here.
        elif word[-1] in _P3 and len(word) > 2 and word[-2] in _CONS and _long_enough(word[:-1]):
            word = word[:-1]
    word = word[:-1] + word[-1].translate(_DEVOICE)
    return _ELIDED.get(word, word)


@lru_cache(maxsize=1 << 19)
def stem(word: str) -> str:
    """Return the stem of one Kazakh word form (any case; "ё" is folded to "е").

    Words with digits or without Cyrillic letters are only lowercased. A suffix chain
    after a hyphen ("АПК-нің") is dropped; hyphenated compounds are stemmed part by part.
    """
    word = word.lower().replace("ё", "е")
    if "-" in word:
        head, _, tail = word.partition("-")
        if head and _HYPHEN_TAIL.fullmatch(tail):
            return stem(head)
        return "-".join(stem(part) if part else part for part in word.split("-"))
    if not word or any(char.isdigit() for char in word):
        return word
    if not any("а" <= char <= "я" or char in _KAZAKH_ONLY for char in word):
        return word
    return _stem_lower(word)
