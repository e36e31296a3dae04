"""A full build's worker writes its segment in bulk (generator/search/segment.py) from texts
analysed as numbers (vocabulary.py): the files must be, byte for byte, those Whoosh's own
writer makes of the same documents, which is what the index's update path uses."""

from __future__ import annotations

import random
import re
from collections import Counter

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh.filedb.compound import CompoundStorage
from whoosh.writing import SegmentWriter

from generator.depersonalise import LeakScanner
from generator.search import kazakh
from generator.search import vocabulary as vocabulary_module
from generator.search.phrases import PhraseIndex, pair_keys
from generator.search.schema import WORD, blocked, document, schema, stems, term_guard
from generator.search.segment import BulkSegmentWriter
from generator.search.vocabulary import Vocabulary
from tests.search.test_engine import corpus, edited, view  # noqa: F401

TRICKY = [
    "",
    "   \n\t ",
    "Алқа АПК-нің 427-бабын басшылыққа алып, талапкердің өтінішхаттарын қанағаттандырды.",
    "Суд, руководствуясь ст. 427 ГПК РК, решил: иск удовлетворить; взыскать 1 000 000 тенге.",
    "«Каспий Инвест» ЖШС-ға, ҚР-дағы 1-ші 2-шы т.б. т.е. a.b.c x- -y _ a_b __init__ №5 ё Ёлка",
    "сондай-ақ, мән-жайларды, АПК-нің-ші, 12.03.2026ж., v1.2-нің, e-mail: a.b@c.kz (тест)",
    "non\u00a0breaking\u2003em\u2009thin\x1cfile\x1dgroup\u3000ideographic\u2028line\u2029par",
    "## Бөлім\n\n**Шешім** — *қаулы*; «дәйексөз»… [сілтеме](url) {x} <y> ‘z’ “w”",
    "۱۲۳ ١٢ ²³ ½ Ⅻ 𝟘𝟙 ﬁ ǅ ß İ",  # other digits, numerals, ligatures, title case
]
WORDS = " ".join(
    [
        "сот шешім талапкер жауапкер азаматтық істер алқа қаулы шарт жалдау мүлік құқық",
        "суд решение истец ответчик договор аренда иск удовлетворить взыскать тенге",
        "АПК-нің ЖШС-ға 427-бабы т.б. сондай-ақ «Каспий» Инвест» ст. ГПК РК 1-ші ё Ёлка",
    ]
).split()
PUNCT = ["", "", "", ",", ".", ";", ":", "»", ")"]


def _text(rnd: random.Random, n: int) -> str:
    return " ".join(rnd.choice(WORDS) + rnd.choice(PUNCT) for _ in range(n))


def test_the_possessive_word_pattern_finds_what_the_plain_one_found():
    plain = re.compile(rf"\w+(?:\.?\w+)*(?:-(?=\w)(?:{kazakh.HYPHEN_TAIL_PATTERN})(?!\w))?")
    rnd = random.Random(3)
    for text in [*TRICKY, *(_text(rnd, 200) for _ in range(20))]:
        assert WORD.findall(text) == plain.findall(text)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_text_as_numbers_is_its_stems(lang, view):  # noqa: F811
    vocabulary = Vocabulary()
    rnd = random.Random(5)
    texts = [*TRICKY, *(r.text for r in view.rulings), *(_text(rnd, 300) for _ in range(20))]
    for text in texts:
        numbers = vocabulary.terms(text, lang)
        assert numbers.dtype == np.int32
        assert [vocabulary.stems[n] for n in numbers] == stems(text, lang)


def test_pieces_forgotten_between_texts_give_the_same_numbers(monkeypatch):
    """The table of pieces is emptied when it is full, before a text, never within one."""
    monkeypatch.setattr(vocabulary_module, "PIECES_KEPT", 16)
    vocabulary = Vocabulary()
    rnd = random.Random(6)
    for text in [*TRICKY, *(_text(rnd, 50) for _ in range(20))]:
        for lang in ("kk", "ru"):
            numbers = vocabulary.terms(text, lang)
            assert [vocabulary.stems[n] for n in numbers] == stems(text, lang)
    assert len(vocabulary._pieces["kk"]) < 16 + 50


def test_counts_and_pairs_leave_out_what_the_guard_blocks():
    text = "Иванов талапкер Иванов жауапкер талапкер сот Иванов"
    with term_guard(lambda term: term == "иванов"):
        vocabulary = Vocabulary()
        numbers = vocabulary.terms(text, "kk")
        words = stems(text, "kk")
        terms, counts = vocabulary.counts(numbers)
        bad = blocked(words)
        assert bad == {"иванов"}
        expected = Counter(w for w in words if w not in bad)
        found = {vocabulary.stems[t]: n for t, n in zip(terms, counts.tolist(), strict=True)}
        assert found == expected
        assert np.array_equal(vocabulary.pair_keys(numbers), pair_keys(words, bad))


def test_a_phrase_part_of_rows_is_the_part_of_the_documents():
    rnd = random.Random(7)
    docs = [(f"d{i}", pair_keys(_text(rnd, rnd.randrange(0, 40)).split())) for i in range(300)]
    by_docs = PhraseIndex.from_docs(docs).parts[0]
    keys = np.concatenate([k for _, k in docs])
    counts = np.array([len(k) for _, k in docs])
    by_rows = PhraseIndex.of_rows([i for i, _ in docs], keys, counts).parts[0]
    for name in ("keys", "starts", "rows"):
        assert np.array_equal(getattr(by_rows, name), getattr(by_docs, name))
        assert getattr(by_rows, name).dtype == getattr(by_docs, name).dtype


@pytest.fixture(scope="module")
def many(view):  # noqa: F811
    """The sample court's rulings and 300 more of random words: terms in more than one
    block of postings (128), headnotes or none, both languages."""
    rnd = random.Random(11)
    templates = list(view.rulings)
    made = [
        edited(
            template,
            case_number=f"6001-26-00-3гп/{8000 + i}",
            slug=f"6001-26-00-3гп-{8000 + i}",
            text=_text(rnd, rnd.randrange(20, 400)),
            headnote=_text(rnd, 12) if i % 3 else None,
        )
        for i, template in ((i, templates[i % len(templates)]) for i in range(300))
    ]
    return [*templates, *made]


def _segment(folder, rulings, bulk: bool) -> dict[str, bytes]:
    """The files of a segment of `rulings` written by the bulk writer or by Whoosh's own."""
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), schema())
    if bulk:
        writer = BulkSegmentWriter(ix, Vocabulary())
        for ruling in rulings:
            writer.add_document(document(ruling))
    else:
        writer = SegmentWriter(ix, _lk=False)
        for ruling in rulings:
            writer.add_document(**document(ruling))
    segment = writer._finalize_segment()
    storage = CompoundStorage(ix.storage.open_file(segment.make_filename(".seg")))
    sid = segment.segment_id()
    return {name.replace(sid, "SEG"): storage.open_file(name).read() for name in storage.list()}


@pytest.mark.parametrize("court", ["many", "kazakh only"])
def test_a_bulk_segment_is_the_segment_whoosh_writes(court, many, corpus, tmp_path):  # noqa: F811
    """Also when a word field has no postings at all (no Russian ruling)."""
    rulings = many if court == "many" else [r for r in many if r.language == "kk"]
    scanner = LeakScanner.for_cases(corpus.cases, corpus.public_names)
    # the court's guard, and two common words blocked too: some terms are left out
    with term_guard(lambda term: term in ("жауапкер", "ответчик") or scanner.scan_term(term)):
        whoosh = _segment(tmp_path / "whoosh", rulings, bulk=False)
        bulk = _segment(tmp_path / "bulk", rulings, bulk=True)
    assert bulk.keys() == whoosh.keys()
    assert {"SEG.trm", "SEG.pst", "SEG._stored.col", "SEG._text_kk_len.col"} <= bulk.keys()
    for name, content in whoosh.items():
        assert bulk[name] == content, name
