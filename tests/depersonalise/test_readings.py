"""Each way a built file may be read still shows the gate its leaks, now that each piece of
text is read about once: markup as text, tags and small windows; JSON with its escapes
decoded; and the shortcuts (digit areas, one trie for two finders, remembered clean texts)
give what the long way gives."""

from __future__ import annotations

import copy
import html
import json
import random
import re
from pathlib import Path

import pytest

from generator.depersonalise import Finding, LeakScanner, gate, sweep
from generator.depersonalise.gate import _TAG, _U_ESCAPE, _joins, _json_unescape
from generator.depersonalise.names import fold
from generator.depersonalise.sweep import scan_folders
from generator.models.case import Case

from .conftest import ASKAR_IIN, JUDGES, make_case

KK, RU = "6001-26-00-3гп/1", "6001-26-00-3гп/2"
OSPANOV = "6001-26-00-3гп/4"  # Оспанов Асқар Ерланұлы, a party
OMAROVA = "6001-26-00-3гп/5"  # Омарова Гүлнар Серікқызы, a party


@pytest.fixture
def scanner(kk_case: Case, ru_case: Case) -> LeakScanner:
    """The sample cases, a party Оспанов (the advocate of case 1 is Оспанов Д.С.), and a
    party Омарова whose surname an advocate of another case (Омарова С.Қ.) bears too."""
    ospanov = make_case(
        number=OSPANOV,
        parties=[{"role": "plaintiff", "kind": "person", "name": "Оспанов Асқар Ерланұлы"}],
    )
    omarova = make_case(
        number=OMAROVA,
        parties=[
            {"role": "applicant", "kind": "person", "name": "Омарова Гүлнар Серікқызы"},
            {
                "role": "defendant",
                "kind": "person",
                "name": "Жақыпов Ерлан Асқарұлы",
                "representative": {"name": "Омарова Сәуле Қайратқызы", "kind": "advocate"},
            },
        ],
    )
    return LeakScanner.for_cases([kk_case, ru_case, ospanov, omarova], keep=JUDGES)


def _found(scanner: LeakScanner, tmp_path: Path, name: str, text: str) -> set[tuple]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return {(f.line, f.match, f.kind, f.case) for f in scanner.scan_dir(tmp_path)}


# -- JSON: the escapes decoded ---------------------------------------------------------------


def _jsonl(*texts: str) -> str:
    return "".join(
        json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts)
    )


def test_json_line_breaks_do_not_hide_an_advocates_initials(
    scanner: LeakScanner, tmp_path: Path
) -> None:
    """The 10,000-ruling build stopped on this: read with its escapes, "\\n\\nС.Қ. Омарова"
    was "nС" and "Қ. Омарова", the advocate's surname without initials: a party's."""
    text = "Қаулы.\n\nС.Қ. Омарова, адвокат, қатысты.\n\nӨкілі С.Қ. Омарова"
    assert _found(scanner, tmp_path, "rulings.jsonl", _jsonl("Қаулы", text)) == set()


def test_a_partys_name_after_json_line_breaks_is_found(
    scanner: LeakScanner, tmp_path: Path
) -> None:
    text = "Қаулы.\n\nГ.С. Омарова өтініш берді.\n\nОмарованың өтініші"
    assert _found(scanner, tmp_path, "rulings.jsonl", _jsonl("Қаулы", text)) == {
        (2, "Омарова", "name", OMAROVA),
        (2, "Омарованың", "name", OMAROVA),
    }


def test_a_name_in_a_json_string_with_u_escapes_is_found(
    scanner: LeakScanner, tmp_path: Path
) -> None:
    doc = json.dumps({"docs": [{"title": "Қаулы", "text": "Оспановтың шағымы"}]})
    assert "\\u041e" in doc  # written as \\uXXXX escapes
    assert _found(scanner, tmp_path, "search_index.json", doc) == {
        (1, "Оспановтың", "name", OSPANOV)
    }


def test_a_given_name_and_patronymic_in_two_json_strings_are_found(
    scanner: LeakScanner, tmp_path: Path
) -> None:
    """Read alone, each string is harmless; one after the other they name a person."""
    doc = json.dumps({"parts": ["Асқар", "Болатұлы"]}, indent=1)
    assert _found(scanner, tmp_path, "names.json", doc) == {(0, "Болатұлы", "name", KK)}


def test_an_address_in_two_json_strings_is_found(scanner: LeakScanner, tmp_path: Path) -> None:
    doc = json.dumps({"address": ["Астана қ.", "Абай", "даңғылы, 12-45"]}, indent=2)
    assert _found(scanner, tmp_path, "contacts.json", doc) == {
        (0, "Астана қ.\nАбай\nдаңғылы, 12-45", "address", KK),
        (0, "Абай\nдаңғылы, 12-45", "address", KK),
    }


def test_json_escapes_are_decoded_as_a_json_parser_does() -> None:
    rng = random.Random(3)
    alphabet = ["a", "С", " ", '"', "\\", "/", "\n", "\t", "\b", "\r", "é", "😀", "\ud800"]
    alphabet += ["\udc00", "u", "0", "\\u0041", "\\\\", "n", "\ue000"]
    for i in range(3000):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        written = json.dumps({"k": value, "l": [value, 1]}, ensure_ascii=bool(i % 2))
        read = json.loads(written)["k"]
        assert _json_unescape(written) == f'{{"k": "{read}", "l": ["{read}", 1]}}'


# -- markup: the text, the tags, and the windows ---------------------------------------------


def test_a_name_split_by_a_tag_inside_a_word_is_found(scanner: LeakScanner, tmp_path: Path) -> None:
    page = "<html>\n<body>\n<p>Оспа<b>нов</b> шағым берді</p>\n</body></html>"
    assert _found(scanner, tmp_path, "page.html", page) == {(3, "Оспанов", "name", OSPANOV)}


def test_a_name_only_in_an_attribute_is_found(scanner: LeakScanner, tmp_path: Path) -> None:
    page = (
        '<html><head>\n<meta name="description" content="Оспанов Асқар Ерланұлының шағымы">\n'
        '</head><body><img alt="сурет" title="Иванову"></body></html>'
    )
    assert _found(scanner, tmp_path, "page.html", page) == {
        (2, "Оспанов", "name", OSPANOV),
        (3, "Иванову", "name", RU),
    }


def test_an_entity_encoded_name_is_found(scanner: LeakScanner, tmp_path: Path) -> None:
    page = "<p>&#1054;спанов және &#x418;&#x432;&#x430;&#x43d;&#x43e;&#x432;у</p>"
    assert _found(scanner, tmp_path, "page.html", page) == {
        (1, "Оспанов", "name", OSPANOV),
        (1, "Иванову", "name", RU),
    }


def test_an_email_with_an_entity_at_sign_is_found(scanner: LeakScanner, tmp_path: Path) -> None:
    page = "<p>Пошта: askar.serikbayev&#64;mail.kz, askar.serikbayev@<b>mail.kz</b></p>"
    assert _found(scanner, tmp_path, "page.html", page) == {
        (1, "askar.serikbayev@mail.kz", "email", KK)
    }


def test_a_name_split_across_a_tag_between_words_is_found(
    scanner: LeakScanner, tmp_path: Path
) -> None:
    """A tag between two words separates them (a space in the text): the surname, and a
    given name with its patronymic in two cells, are found; initials in the next cell
    still say whose surname it is (the advocate's)."""
    page = (
        "<table><tr><td>Серікбаев</td><td>талапкер</td></tr>\n"
        "<tr><td>Асқар</td><td>Болатұлы</td></tr>\n"
        "<tr><td>Оспанов</td><td>Д.С.</td></tr></table>"
    )
    assert _found(scanner, tmp_path, "page.html", page) == {
        (1, "Серікбаев", "name", KK),
        (2, "Болатұлы", "name", KK),
    }


def test_an_iin_is_found_where_tags_end_a_number(scanner: LeakScanner, tmp_path: Path) -> None:
    """A tag between two numbers may end the IIN before it (`<br>`), or a space for each tag
    may; without them "870412300129 870412" reads as one number of 18 digits."""
    page = f"<p>{ASKAR_IIN}<br>870412</p>\n<p>300129 <a></a>{ASKAR_IIN[:9]}</b>{ASKAR_IIN[9:]}</p>"
    assert (
        _found(scanner, tmp_path, "page.html", page)
        == {
            (1, ASKAR_IIN, "iin", KK),  # a tag as a separator
            (2, f"{ASKAR_IIN[:9]} {ASKAR_IIN[9:]}", "iin", KK),  # a space for each tag
            (2, ASKAR_IIN, "iin", KK),  # and the tags as nothing: a 12-digit run
        }
    )


def test_digits_split_by_a_tag_are_joined(scanner: LeakScanner, tmp_path: Path) -> None:
    page = f"<p>ЖСН {ASKAR_IIN[:6]}<b>{ASKAR_IIN[6:]}</b>, тел. 8 701 <i>234</i>56 78</p>"
    assert {m[2] for m in _found(scanner, tmp_path, "page.html", page)} == {"iin", "phone"}


def test_a_word_glued_to_a_written_entity_is_found(scanner: LeakScanner, tmp_path: Path) -> None:
    """Script text is not decoded by browsers: there "&#1093;" stays as written."""
    page = '<script>var t = "Оспанов&#1093;";</script><p>Оспанов&nbsp;Д.С.</p>'
    assert _found(scanner, tmp_path, "page.html", page) == {(1, "Оспанов", "name", OSPANOV)}


def test_what_the_public_may_read_in_markup_is_not_a_leak(
    scanner: LeakScanner, tmp_path: Path
) -> None:
    page = (
        '<html><head><meta name="description" content="С.А.Б. шағымы"></head><body>\n'
        "<h1>Қаулы № 6001-26-00-3гп/1<a class=headerlink>&para;</a></h1>\n"
        "<p>Адвокат <b>Оспанов</b> Д.С., <i>Омарова</i> С.Қ.; судья Әбенов&nbsp;Ж.Қ.</p>\n"
        "<td>2026-03-02</td><td>12</td><td>34</td>\n"
        '<script id="__config">{"t": "\\u0421\\u043e\\u0442"}</script></body></html>'
    )
    assert _found(scanner, tmp_path, "page.html", page) == set()


def test_a_leak_found_only_in_a_window_carries_its_line(
    scanner: LeakScanner, tmp_path: Path
) -> None:
    filler = "".join(f"<p>Сот отырысы {i}.</p>\n" for i in range(300))
    page = f"{filler}<p>Жуков<b>ская</b> келмеді</p>\n{filler}"
    assert _found(scanner, tmp_path, "page.xml", page) == {(301, "Жуковская", "name", RU)}


# -- the long way and the short way give the same -------------------------------------------

PIECES = [
    "Серікбаев", "Серікбаевқа", "Асқар", "Болатұлы", "Иванову", "Жуковская", "Павлов",
    "Андрей", "Игоревич", "Оспанов", "Д.С.", "А.Б.", "А.", "Б.", "Ким", "В.А.", "талапкер",
    ASKAR_IIN, "870412", "300129", "8", "701", "234", "56", "78", "+7", "askar.serikbayev",
    "@", "mail.kz", "Абай", "даңғылы", "12-45", ",", ".", "(", ")", "-", "«", "¶", ":",
    '": {"', " «¶» ", "/*-*/",
]  # fmt: skip
SEPARATORS = [" ", " ", "", "\n", "  ", "\xa0"]
TAGS = ["<b>", "</b>", "<br>", "</p>", "<td>", '<a href="#x">', "</a>", "<span\nclass=x>"]


def _markup(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(1, 14)):
        piece = rng.choice(PIECES)
        if rng.random() < 0.15 and len(piece) > 2:
            cut = rng.randint(1, len(piece) - 1)
            piece = piece[:cut] + rng.choice(TAGS) + piece[cut:]
        elif rng.random() < 0.1:
            piece = "".join(f"&#{ord(c)};" for c in piece)
        elif rng.random() < 0.1:
            piece = "".join(f"\\u{ord(c):04x}" for c in piece)
        out.append(piece)
        out.append(rng.choice(SEPARATORS + TAGS))
    return "".join(out)


def _whole(scanner: LeakScanner, text: str, kinds: set[str] | None = None) -> set[tuple]:
    return {
        (f.match, f.kind, f.case)
        for f in scanner.scan_text(text)
        if kinds is None or f.kind in kinds
    }


def _tags_as(page: str, tag: str) -> str:
    return html.unescape(_TAG.sub(lambda m: tag + "\n" * m.group().count("\n"), page))


def test_windows_find_what_the_whole_readings_find(scanner: LeakScanner) -> None:
    """Tags read as nothing; and for IINs and phones, as a separator, as a space each: the
    windows find what scanning each of these readings whole finds."""
    rng = random.Random(7)
    for _ in range(1500):
        page = _markup(rng)
        found = {(f.match, f.kind, f.case) for f in scanner.scan_source(page, ".html")}
        expected = _whole(scanner, _tags_as(page, ""))
        expected |= _whole(scanner, _tags_as(page, " "), {"iin", "phone"})
        expected |= _whole(scanner, _tags_as(page, "|"), {"iin", "phone"})
        assert expected <= found, page


def test_plain_text_windows_find_what_the_decoded_text_finds(scanner: LeakScanner) -> None:
    rng = random.Random(11)
    for _ in range(800):
        text = _markup(rng).replace("<", "(")
        found = {(f.match, f.kind, f.case) for f in scanner.scan_source(text, ".md")}
        assert _whole(scanner, html.unescape(text)) <= found, text
        assert _whole(scanner, _U_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text)) <= found


def test_joins_that_matter_are_where_words_digits_or_initials_meet() -> None:
    """A tag between two non-space characters leaves a space in the text; the text without
    it is scanned around the joins where that could matter (not after "Текст" before "¶"
    or ":" before "¶", as mkdocs ends its headings)."""
    mark = "\ue001"
    text = f"Оспа{mark}нов Текст{mark}¶\nА.{mark}Б. 12{mark}34 УСТАНОВИЛА:{mark}¶\n"
    joined = text.replace(mark, "")
    assert [joined[a - 2 : a + 2] for a, _ in _joins(text, mark)] == ["пано", "А.Б.", "1234"]


def test_contact_spans_are_the_contact_matchers(scanner: LeakScanner) -> None:
    """`_contact_spans` looks for IINs and phones in digit areas only: the same spans."""
    rng = random.Random(5)
    contacts = scanner._contacts
    pieces = [" ", "  ", "-", "(", ")", "+", "\xa0", "\n", "a", "Б", ".", ",", "٣", "12", "7"]
    pieces += ["8", "+7", "@", "x@y.kz", "askar.serikbayev@mail.kz", "Абай даңғылы, 12-45"]
    pieces += [ASKAR_IIN, ASKAR_IIN[:6] + " " + ASKAR_IIN[6:], "701 234 56 78", "7012345678"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        folded = fold(text)
        assert sorted(scanner._contact_spans(text, folded), key=repr) == sorted(
            contacts.spans(text, folded, generic=False), key=repr
        ), text


def test_digit_areas_are_those_found_trying_every_digit() -> None:
    """`_DIGIT_AREA` skips digits after a digit 0-9: the same areas as trying each."""
    every = re.compile(
        rf"[0-9{gate._other_digits()}]"
        r"(?:(?<=[0-9])(?:[ \xa0\-()+]*+[0-9]){9,}|(?<![0-9]))"
    )
    rng = random.Random(11)
    pieces = ["1", "23", "4567", "8901234", " ", "-", "(", ")", "+", "\xa0", "a", "٣", "𝟙", "Б"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        spans = [m.span() for m in gate._DIGIT_AREA.finditer(text)]
        assert spans == [m.span() for m in every.finditer(text)], text


def test_one_trie_finds_what_both_stem_finders_find(scanner: LeakScanner) -> None:
    rng = random.Random(9)
    words = [*PIECES, "серікбаевтарға", "Болатқызы", "Петровичу", "xОспанов", "Оспановx"]
    for _ in range(2000):
        folded = fold(" ".join(rng.choice(words) for _ in range(rng.randint(1, 10))))
        names = {(s, e, frozenset(v)) for s, e, v in scanner._names.finditer(folded)}
        pats = {(s, e, frozenset(v)) for s, e, v in scanner._patronymics.finditer(folded)}
        both = list(scanner._words.finditer(folded))
        assert {(s, e, frozenset(w)) for s, e, _, w, _ in both if w} == names
        assert {(s, e, frozenset(p)) for s, e, _, _, p in both if p} == pats


# -- texts found clean are read once --------------------------------------------------------


def _whoosh(folder: Path, texts: list[str]) -> None:
    from whoosh import fields, index

    folder.mkdir(parents=True)
    ix = index.create_in(str(folder), fields.Schema(body=fields.STORED))
    with ix.writer() as w:
        for text in texts:
            w.add_document(body=text)


def test_the_index_stores_texts_of_clean_json_lines_read_once(
    scanner: LeakScanner, tmp_path: Path, monkeypatch
) -> None:
    """Also when a worker process read the line."""
    monkeypatch.setattr(sweep, "_FORK_FROM", 0)
    clean = "Қаулы. С.А.Б. шағымы. " * 80
    dirty = "Қаулы. Серікбаевтың шағымы. " * 80
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "rulings.jsonl").write_text(_jsonl(clean, dirty), encoding="utf-8")
    _whoosh(tmp_path / "index", [clean, dirty])
    found = scan_folders(scanner, [tmp_path / "site", tmp_path / "index"], jobs=2)
    assert {(Path(f.path).name, f.match) for f in found} == {
        ("rulings.jsonl", "Серікбаевтың"),
        ("index", "Серікбаевтың"),
    }
    assert scanner.known_clean(clean) and not scanner.known_clean(dirty)


def test_a_json_file_with_a_leak_vouches_for_none_of_its_texts(
    scanner: LeakScanner, tmp_path: Path
) -> None:
    """A JSON file is one document: a leak anywhere in it keeps its long strings from
    counting as clean, so the index storing the same text reports the leak too."""
    import json

    other = "Қаулы. С.А.Б. шағымы. " * 80
    dirty = "Қаулы. Серікбаевтың шағымы. " * 80
    (tmp_path / "site").mkdir()
    rows = json.dumps([{"text": other}, {"text": dirty}], ensure_ascii=False, indent=1)
    (tmp_path / "site" / "rulings.json").write_text(rows, encoding="utf-8")
    _whoosh(tmp_path / "index", [dirty])
    found = scan_folders(scanner, [tmp_path / "site", tmp_path / "index"], jobs=1)
    assert {(Path(f.path).name, f.match) for f in found} == {
        ("rulings.json", "Серікбаевтың"),
        ("index", "Серікбаевтың"),
    }
    assert not scanner.known_clean(other) and not scanner.known_clean(dirty)


def test_the_index_is_read_while_the_workers_read_on(
    scanner: LeakScanner, tmp_path: Path, monkeypatch
) -> None:
    """JSON first, then the index in this process beside the workers: what one process
    reading everything in order finds."""
    monkeypatch.setattr(sweep, "_FORK_FROM", 0)
    monkeypatch.setattr(sweep, "_CHUNK", 1)
    clean = "Қаулы. С.А.Б. шағымы. " * 80
    dirty = "Қаулы. Серікбаевтың шағымы. " * 80
    site = tmp_path / "site"
    site.mkdir()
    for i in range(6):
        page = "<p>Оспановтың шағымы</p>" if i == 3 else "<p>Сот шешімі</p>"
        (site / f"a{i}.html").write_text(page, encoding="utf-8")
    (site / "b.jsonl").write_text(_jsonl(clean, dirty), encoding="utf-8")
    (site / "c.json").write_text(json.dumps({"t": [clean, "Серікбаевқа"]}), encoding="utf-8")
    _whoosh(tmp_path / "index", [clean, dirty, "Оспанов"])
    folders = [site, tmp_path / "index"]
    alone = copy.deepcopy(scanner)  # knowing nothing clean yet
    found = scan_folders(scanner, folders, jobs=2)
    assert found == scan_folders(alone, folders, jobs=1)
    assert {(Path(f.path).name, f.match) for f in found} == {
        ("a3.html", "Оспановтың"),
        ("b.jsonl", "Серікбаевтың"),
        ("c.json", "Серікбаевқа"),
        ("index", "Серікбаевтың"),
        ("index", "Оспанов"),
    }


def test_a_script_found_clean_is_read_again_where_it_changed(scanner: LeakScanner) -> None:
    """The windows around \\uXXXX escapes are read once for a script on every page, and
    again where anything within their reach differs."""
    script = "<script>" + json.dumps({"copy": "Көшірілді", "search": "Іздеу"}) + "</script>"
    leak = "<script>" + json.dumps({"copy": "Серікбаевқа", "search": "Іздеу"}) + "</script>"
    far = "<p>" + json.dumps("Серікбаевқа") + "</p>" + "<p>Сот шешімі.</p>" * 60
    assert scanner.scan_source(f"<p>Қаулы</p>{script}", ".html") == []
    assert scanner.scan_source(f"<p>Қаулы</p>{script}", ".html") == []
    for page in (f"<p>Қаулы</p>{leak}", f"{far}{script}", f"{script}{far}"):
        assert [f.match for f in scanner.scan_source(page, ".html")] == ["Серікбаевқа"]


def test_every_reading_reports_a_leak_once(scanner: LeakScanner, tmp_path: Path) -> None:
    page = "<p>Оспанов шағымы</p>"  # in the text, and in every window reading around it
    assert scanner.scan_source(page + "<p>Оспа<b>нов</b></p>", ".html", "p.html") == [
        Finding("p.html", 1, "Оспанов", "name", OSPANOV)
    ]
