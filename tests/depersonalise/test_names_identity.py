"""The fast paths of depersonalisation give what the plain ones gave, byte for byte.

- Kept names (judges) are one regex grouped by first character: it matches exactly where
  the plain alternation of every way of writing them matches.
- Kept names are looked for only around the name words they may contain: the words found
  are those found with every kept name blanked out of the whole text first.
- The stems of one case are found with `str.find` where they are plain words, as the trie
  regex finds them.
- A depersonalised text is also known as the replacements that make it from the ruling's
  own text (what the text cache keeps): they rebuild `apply`'s text exactly.
"""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest

from generator.check import check_root
from generator.corpus import Corpus
from generator.depersonalise import Depersonaliser, NameMatcher, Person, case_persons, fold
from generator.depersonalise.edits import chosen, compose, replaced
from generator.depersonalise.names import (
    TAIL_A,
    PlainStemFinder,
    StemFinder,
    kept_names,
    split_name,
    trie_regex,
    word_stems,
)
from generator.depersonalise.text_cache import depersonalised_entry, unpack
from generator.models.case import Role
from tests.conftest import ROOT, TODAY

from .conftest import JUDGES

KEEP = (
    *JUDGES,
    "Қалиева Н.Б.",
    "Иванова Анна Петровна",
    "Жуковская М.",
    "Сериков-Ахметов А.Б.",
    "Ли В.",
    "Омаров Ерлан",
    "О'Нил Д.Д.",
    "Б",
    "Анна-Мария Ли К.",
    "Ахметов",
)
PARTIES = (
    "Серікбаев Асқар Болатұлы",
    "Ким Олег Викторович",
    "Қалиев Ербол Қайратұлы",
    "Иванов Пётр",
    "Омарова Айгүл Ерланқызы",
    "Сериков Болат",
    "Әбенов Асқар",
    "Ли Анна",
    "Анна-Мария Ли",
    "Жуковская Мария Андреевна",
)
_WORDS = (
    "Әбенов Абенов Ким Кима Қалиева Қалиев Қалиевтің Иванова Иванов Анна Анной Жуковская "
    "Жуковской Сериков Ахметов Сериков-Ахметов Ли Омаров Омаровқа Ерлан Ерланға О'Нил "
    "Серікбаев Серікбаевтың Асқар Болатұлы Олег Олега Пётр Мария Анна-Мария Ж.Қ. Ж.К. В.А. "
    "Н.Б. А.Б. М. Д.Д. К. Е.Қ. О.В. А.П. суд және и талапкер ЖШС 123 ***"
)
WORDS = [*_WORDS.split(), "Ж. Қ.", "В. А."]
GAPS = (" ", " ", " ", "  ", ", ", ". ", "\n", "\u00a0", "-", "", "(", ")", "«", ".", "\t", "_")


def plain_keep_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """The specification: every way of writing every kept name, as one alternation."""
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
        alts += [rf"(?<!\w\.\s)(?<!\w\.){stem}\s*{ini}", rf"{ini}\s*{stem}"]
        if given and "." not in given:
            alts.append(rf"{stem}\s+{re.escape(fold(given))}\w*")
    return re.compile(rf"(?<!\w)(?:{'|'.join(alts)})(?!\w)") if alts else None


def random_texts(seed: int, count: int, words: int = 30, gaps: tuple[str, ...] = GAPS) -> list[str]:
    """Names, initials and ordinary words in every case, joined by spaces, punctuation,
    line breaks or nothing: where the ways of writing a name overlap and compete."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, words)):
            word = rng.choice(WORDS)
            word = rng.choice((word, word, word.upper(), word.lower()))
            parts.append(word + rng.choice(gaps))
        texts.append("".join(parts))
    return texts


@pytest.fixture(scope="module")
def sample() -> Corpus:
    data, _ = check_root(ROOT, dt.date.fromisoformat(TODAY), None)
    return Corpus.from_loaded(data)


def sample_texts(corpus: Corpus) -> list[str]:
    return [r.text for r in corpus.rulings] + [r.meta.headnote or "" for r in corpus.rulings]


@pytest.mark.parametrize("keep", [KEEP, JUDGES, KEEP[3:], ("Ким В.А.",), ("Б",), ()])
def test_kept_names_match_where_the_plain_alternation_matches(keep, sample: Corpus) -> None:
    plain, fast = plain_keep_pattern(keep), kept_names(keep).pattern
    assert (plain is None) == (fast is None)
    if plain is None:
        return
    for text in [*random_texts(1, 1500), *sample_texts(sample)]:
        folded = fold(text)
        assert [m.span() for m in fast.finditer(folded)] == [
            m.span() for m in plain.finditer(folded)
        ], text


def test_name_words_are_those_found_with_kept_names_always_blanked() -> None:
    rng = random.Random(2)
    keeps = (KEEP, JUDGES, KEEP[3:], ())
    plain = {keep: plain_keep_pattern(keep) for keep in keeps}
    matchers = [
        NameMatcher(
            [Person(n, "x", Role.PLAINTIFF) for n in rng.sample(PARTIES, rng.randint(1, 4))],
            keeps[i % len(keeps)],
        )
        for i in range(40)
    ]
    blanked = 0
    # long texts with few commas or brackets too: kept names are looked for between them
    long = random_texts(4, 300, words=400, gaps=(*[" "] * 30, "\n", ",", ".", "", "(", "-"))
    for i, text in enumerate([*random_texts(3, 3000), *long]):
        matcher, folded = matchers[i % len(matchers)], fold(text)
        keep = plain[keeps[i % len(matchers) % len(keeps)]]
        always = folded if keep is None else keep.sub(lambda m: " " * len(m.group()), folded)
        expected = matcher._tokens(text, always)
        assert matcher.tokens(text, folded) == expected, text
        blanked += expected != matcher._tokens(text, folded)
    assert blanked > 20  # the texts do test the blanking


def test_plain_stems_are_found_where_the_trie_finds_them(sample: Corpus) -> None:
    rng = random.Random(7)
    names = [*PARTIES, "Ли Ян", "Ан Ок", "Иванов-Петров Ян", "Кимова Ли Олеговна"]
    cases = [[Person(n, "x", Role.PLAINTIFF) for n in rng.sample(names, 4)] for _ in range(30)]
    cases += [case_persons(sample.case_by_number[r.meta.case]) for r in sample.rulings]
    texts = [*random_texts(8, 1000), *sample_texts(sample)]
    for i, text in enumerate(texts):
        matcher, folded = NameMatcher(cases[i % len(cases)]), fold(text)
        assert matcher._plain_stems
        trie = StemFinder(matcher._a, matcher._b)
        plain = PlainStemFinder(matcher._a, matcher._b)
        assert list(plain.finditer(folded)) == list(trie.finditer(folded)), text


def test_a_plain_finder_used_again_finds_what_a_new_one_finds(sample: Corpus) -> None:
    """It remembers each word it confirmed: a case's texts name the same people."""
    rng = random.Random(8)
    persons = [Person(n, "x", Role.PLAINTIFF) for n in rng.sample(PARTIES, 4)]
    matcher = NameMatcher(persons)
    used = PlainStemFinder(matcher._a, matcher._b)
    for text in [*random_texts(9, 300), *sample_texts(sample)]:
        folded = fold(text)
        expected = list(StemFinder(matcher._a, matcher._b).finditer(folded))
        assert list(used.finditer(folded)) == expected, text


@pytest.mark.parametrize(
    ("text", "first", "second", "expected"),
    [
        ("abcdef", [(1, 2, "XX")], [(4, 5, "Y")], [(1, 2, "XX"), (3, 4, "Y")]),
        ("abcdef", [(1, 2, "XX")], [(0, 2, "Y")], [(0, 2, "YX")]),  # into an insertion
        ("abcdef", [(1, 2, "XX"), (4, 5, "")], [(2, 5, "Y")], [(1, 4, "XY"), (4, 5, "")]),
        ("abcdef", [(2, 4, "")], [(1, 3, "Y")], [(1, 5, "Y")]),
        ("abcdef", [], [(0, 6, "Z")], [(0, 6, "Z")]),
        (
            "abcdef",
            [],
            [(1, 1, "X"), (1, 1, "Y"), (2, 4, "")],
            [(1, 1, "X"), (1, 1, "Y"), (2, 4, "")],
        ),
    ],
)
def test_two_rounds_of_replacements_are_one(text, first, second, expected) -> None:
    middle = replaced(text, first)
    assert compose(first, middle, second) == expected
    assert replaced(text, expected) == replaced(middle, second)


def test_composed_replacements_rebuild_random_rounds() -> None:
    rng = random.Random(4)
    for _ in range(2000):
        text = "".join(rng.choice("abc ") for _ in range(rng.randint(0, 30)))
        first = chosen(_random_spans(rng, len(text)))
        middle = replaced(text, first)
        second = chosen(_random_spans(rng, len(middle)))
        assert replaced(text, compose(first, middle, second)) == replaced(middle, second)


def _random_spans(rng: random.Random, size: int) -> list[tuple[int, int, str]]:
    spans = []
    for _ in range(rng.randint(0, 5)):
        start = rng.randint(0, size)
        spans.append((start, rng.randint(start, size), "X" * rng.randint(0, 3)))
    return spans


def test_replacements_rebuild_the_depersonalised_text(kk_case, ru_case, sample: Corpus) -> None:
    rng = random.Random(5)
    for case in (kk_case, ru_case):
        dep = Depersonaliser.for_case(case, JUDGES)
        for text in random_texts(6, 500):
            text += " " + rng.choice(["+7 701 234 56 78", "Астана қ., Абай даңғылы, 12-45"])
            for language in ("kk", "ru"):
                assert replaced(text, dep.edits(text, language)) == dep.apply(text, language)
    for ruling in sample.rulings:
        case = sample.case_by_number[ruling.meta.case]
        dep = Depersonaliser.for_case(case, sample.public_names)
        lang = ruling.meta.language.value
        expected = (
            dep.apply(ruling.text, lang),
            dep.apply(h, lang) if (h := ruling.meta.headnote) else None,
        )
        assert (
            unpack(ruling.text, depersonalised_entry(ruling, case, sample.public_names)) == expected
        )
