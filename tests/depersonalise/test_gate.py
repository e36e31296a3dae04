"""The leak gate finds every planted leak, in every kind of built file, with its case."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from generator.depersonalise import Depersonaliser, Finding, LeakScanner
from generator.iin import complete
from generator.models.case import Case

from .conftest import ASKAR_IIN, JUDGES, make_case

SECRET = "6001-26-00-3гп/9"


@pytest.fixture
def secret_case() -> Case:
    """A confidential case: never published, so its persons are never in any output."""
    return make_case(
        number=SECRET,
        confidential=True,
        parties=[{"role": "applicant", "kind": "person", "name": "Тұрсынбаева Гүлнар Қайратқызы"}],
    )


@pytest.fixture
def scanner(kk_case: Case, ru_case: Case, secret_case: Case) -> LeakScanner:
    return LeakScanner.for_cases([kk_case, ru_case, secret_case], keep=JUDGES)


def _kinds(findings: list[Finding]) -> set[tuple[str, str, str]]:
    return {(f.match, f.kind, f.case) for f in findings}


def test_scan_text_names_the_line_and_the_case(scanner: LeakScanner) -> None:
    text = "Қаулы\nСерікбаевтың шағымы\nИвановой Марии\nТұрсынбаеваға"
    assert scanner.scan_text(text, "ruling.md") == [
        Finding("ruling.md", 2, "Серікбаевтың", "name", "6001-26-00-3гп/1"),
        Finding("ruling.md", 3, "Ивановой", "name", "6001-26-00-3гп/2"),
        Finding("ruling.md", 4, "Тұрсынбаеваға", "name", SECRET),
    ]


def test_scan_text_finds_contacts_of_the_record(scanner: LeakScanner) -> None:
    text = f"ЖСН {ASKAR_IIN}, тел. 8 (701) 234-56-78, askar.serikbayev@mail.kz, Абай даңғылы, 12-45"
    assert _kinds(scanner.scan_text(text)) == {
        (ASKAR_IIN, "iin", "6001-26-00-3гп/1"),
        ("8 (701) 234-56-78", "phone", "6001-26-00-3гп/1"),
        ("askar.serikbayev@mail.kz", "email", "6001-26-00-3гп/1"),
        ("Абай даңғылы, 12-45", "address", "6001-26-00-3гп/1"),
    }


def test_any_valid_iin_is_a_leak_without_a_case(scanner: LeakScanner) -> None:
    other = complete("95123140078")
    assert _kinds(scanner.scan_text(f"ЖСН {other}")) == {(other, "iin", "")}


def test_a_given_name_with_its_patronymic_is_a_leak(scanner: LeakScanner) -> None:
    assert _kinds(scanner.scan_text("Асқар Болатұлының өтініші")) == {
        ("Болатұлының", "name", "6001-26-00-3гп/1")
    }


@pytest.mark.parametrize(
    "text",
    [
        "Төрағалық етуші Әбенов Ж.Қ., судьялар Абенов Ж.К., Ким В.А.",
        "«Астана Су Арнасы» ЖШС, Әділет министрлігі, арман, бақыт, әділет",
        "Асқар, Болатұлы деген сөздер жеке тұрмайды? Иә: Болатұлы жалғыз — тек жеке сөз.",
        "Сот: +7 7172 71-00-00, info@sot.kz; № 870412300128 іс; иванов день",
        "С.А.Б. мен жауапкер; И.П.П. и ответчик; [мекенжай]; ***",
    ],
)
def test_what_the_public_may_read_is_not_a_leak(scanner: LeakScanner, text: str) -> None:
    assert scanner.scan_text(text) == []


def test_depersonalised_text_passes_the_gate(kk_case: Case, scanner: LeakScanner) -> None:
    ruling = (
        "Талапкер Серікбаев Асқар Болатұлы (ЖСН 870412300129, тел. +77012345678) жауапкер "
        "Әбілқасымова Әділет Нұрланқызына қарсы талап қойды. Серікбаевтың өкілі Жақсылықов Е.М."
    )
    assert scanner.scan_text(ruling)
    assert scanner.scan_text(Depersonaliser.for_case(kk_case).apply(ruling, "kk")) == []


# -- a built folder with a leak planted in every kind of file -------------------------------

KK, RU = "6001-26-00-3гп/1", "6001-26-00-3гп/2"


def _docx(path: Path, xml_body: str) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="urn:w"><w:body>'
            f"{xml_body}</w:body></w:document>",
        )


def _whoosh(folder: Path, stored: str, indexed: str) -> None:
    from whoosh import fields, index

    folder.mkdir(parents=True)
    schema = fields.Schema(
        number=fields.ID(stored=True),
        title=fields.TEXT(stored=True),
        content=fields.TEXT(stored=False),
    )
    ix = index.create_in(str(folder), schema)
    with ix.writer() as w:
        w.add_document(number="6001-26-00-3гп-1", title=stored, content=indexed)


def _build(root: Path, leak: bool) -> None:
    """A small built site; with leak=False the same files hold only public text."""
    name = {True: "Серікбаевтың", False: "С.А.Б."}[leak]
    ru = {True: "Иванову", False: "И.П.П."}[leak]
    (root / "rulings").mkdir(parents=True)
    (root / "rulings" / "index.html").write_text(
        f"<html><body><table><tr><td>{name}</td><td>Әбенов Ж.Қ.</td></tr></table>\n"
        f"<script>var d = {json.dumps({'t': ru})};</script></body></html>",
        encoding="utf-8",
    )
    entity = "".join(f"&#{ord(c)};" for c in ru)
    (root / "feed.atom").write_text(
        f'<?xml version="1.0"?><feed><entry><title>Қаулы</title>\n<summary>{entity} қатысты'
        "</summary></entry></feed>",
        encoding="utf-8",
    )
    folded = "Жуковс\r\n кой" if leak else "ответчик"
    (root / "schedule.ics").write_text(
        f"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Отырыс: {folded} М.А.\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n",
        encoding="utf-8",
    )
    (root / "search").mkdir()
    (root / "search" / "search_index.json").write_text(
        json.dumps(
            {"docs": [{"location": "x/", "text": f"{'Павлову' if leak else 'П.А.И.'} А.И."}]}
        ),
        encoding="utf-8",
    )
    run = (
        "<w:r><w:t>Серік</w:t></w:r><w:r><w:t>баевқа</w:t></w:r>"
        if leak
        else "<w:r><w:t>С.А.Б.</w:t></w:r>"
    )
    _docx(root / "ruling.docx", f"<w:p>{run}</w:p><w:p><w:r><w:t>Әбенов Ж.Қ.</w:t></w:r></w:p>")
    contacts = (
        f"ЖСН {ASKAR_IIN}\nтел. 8 701 234 56 78\naskar.serikbayev@mail.kz\nАбай даңғылы, 12-45"
        if leak
        else "ЖСН ***\nтел. ***"
    )
    (root / "press.md").write_text(f"# Баспасөз релизі\n\n{contacts}\n", encoding="utf-8")
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + "Серікбаев".encode())  # skipped
    _whoosh(
        root / "search_index",
        stored=f"{'Тұрсынбаеваның' if leak else 'Т.Г.Қ.'} өтініші",
        indexed=f"{'Серікбаевқа' if leak else 'талапкерге'} қатысты іс",
    )


def test_a_clean_folder_gives_no_findings(tmp_path: Path, scanner: LeakScanner) -> None:
    _build(tmp_path, leak=False)
    assert scanner.scan_dir(tmp_path) == []


def test_every_planted_leak_is_found_with_its_file_and_case(
    tmp_path: Path, scanner: LeakScanner
) -> None:
    _build(tmp_path, leak=True)
    found = {
        (Path(f.path).relative_to(tmp_path).as_posix(), f.kind, f.case)
        for f in scanner.scan_dir(tmp_path)
    }
    assert found == {
        ("rulings/index.html", "name", KK),  # in a table cell
        ("rulings/index.html", "name", RU),  # \\u-escaped inside <script> JSON
        ("feed.atom", "name", RU),  # as numeric character references
        ("schedule.ics", "name", RU),  # split by calendar line folding
        ("search/search_index.json", "name", RU),  # \\u-escaped JSON
        ("ruling.docx", "name", KK),  # split across Word runs
        ("press.md", "iin", KK),
        ("press.md", "phone", KK),
        ("press.md", "email", KK),
        ("press.md", "address", KK),
        ("search_index", "name", SECRET),  # a stored field of the index
        ("search_index", "name", KK),  # an indexed term of an unstored field
    }


def test_findings_are_sorted_and_carry_lines(tmp_path: Path, scanner: LeakScanner) -> None:
    _build(tmp_path, leak=True)
    findings = scanner.scan_dir(tmp_path)
    assert findings == sorted(findings)
    press = [(f.line, f.kind) for f in findings if f.path.endswith("press.md")]
    assert press == [(3, "iin"), (4, "phone"), (5, "email"), (6, "address")]


def test_whoosh_terms_are_checked_against_surname_stems(
    tmp_path: Path, scanner: LeakScanner
) -> None:
    _whoosh(tmp_path / "ix", stored="жалпы", indexed="серікбаевтарға иванов жуковская сот")
    terms = {(f.match, f.case) for f in scanner.scan_whoosh(tmp_path / "ix")}
    assert terms == {("серікбаевтарға", KK), ("иванов", RU), ("жуковская", RU)}


def test_a_leak_in_a_pdf_is_found(tmp_path: Path, scanner: LeakScanner) -> None:
    weasyprint = pytest.importorskip("weasyprint", reason="weasyprint writes the test PDF")
    weasyprint.HTML(string="<p>Қаулы. Серікбаевтың шағымы.</p>").write_pdf(tmp_path / "q.pdf")
    weasyprint.HTML(string="<p>Қаулы. С.А.Б. шағымы.</p>").write_pdf(tmp_path / "clean.pdf")
    assert scanner.scan_dir(tmp_path) == [
        Finding(str(tmp_path / "q.pdf"), 0, "Серікбаевтың", "name", KK)
    ]


def test_a_surname_shared_by_many_cases_names_them(kk_case: Case) -> None:
    cases = [make_case(number=f"6001-26-00-3гп/{i}") for i in range(10, 15)]
    finding = LeakScanner.for_cases(cases).scan_text("Серікбаевқа")[0]
    assert finding.case == "6001-26-00-3гп/10, 6001-26-00-3гп/11, 6001-26-00-3гп/12 +2"


def test_a_name_split_by_markup_inside_a_word_is_found(
    tmp_path: Path, scanner: LeakScanner
) -> None:
    (tmp_path / "page.html").write_text("<p>\n<b>Серік</b>баевқа <i>хат</i></p>", encoding="utf-8")
    assert scanner.scan_dir(tmp_path) == [
        Finding(str(tmp_path / "page.html"), 2, "Серікбаевқа", "name", KK)
    ]


def test_gzipped_sitemaps_are_read(tmp_path: Path, scanner: LeakScanner) -> None:
    import gzip

    (tmp_path / "sitemap.xml.gz").write_bytes(gzip.compress("<loc>Иванов</loc>".encode()))
    assert [f.case for f in scanner.scan_dir(tmp_path)] == [RU]


def test_a_surname_with_initials_of_someone_else_is_not_a_leak(scanner: LeakScanner) -> None:
    # the plaintiff is Серікбаев А.Б.; an advocate or a relative with other initials is not
    assert scanner.scan_text("адвокат Оспанов Д.С., хатшы Серікбаева Г.Т.") == []
    assert scanner.scan_text("Серікбаев Талғат Нұрланұлы куә ретінде") == []
    assert [f.match for f in scanner.scan_text("Серікбаев А.Б. және Серікбаев")] == [
        "Серікбаев",
        "Серікбаев",
    ]


def test_court_staff_given_as_keep_are_not_leaks(kk_case: Case) -> None:
    """A secretary who shares a party's surname and initials (it happens in the sample
    court) is named with initials; declared as public, the gate lets the name pass."""
    text = "при секретаре Серікбаевой А.Б."
    assert LeakScanner.for_cases([kk_case]).scan_text(text)
    assert LeakScanner.for_cases([kk_case], keep=["Серікбаева А.Б."]).scan_text(text) == []


def test_an_advocate_sharing_a_partys_given_name_and_patronymic_is_not_a_leak(
    scanner: LeakScanner,
) -> None:
    # the lawyer of case 1 is Жақсылықов Ерлан Маратұлы; this advocate is someone else
    assert scanner.scan_text("адвокат Смағұлов Ерлан Маратұлы") == []
    assert [f.match for f in scanner.scan_text("өкілі Ерлан Маратұлы")] == ["Маратұлы"]


def test_a_judge_sharing_a_partys_surname_is_not_a_leak_even_in_a_folded_calendar(
    tmp_path: Path, kk_case: Case
) -> None:
    case = make_case(
        number="6001-26-00-3гп/3",
        parties=[{"role": "plaintiff", "kind": "person", "name": "Ким Светлана Юрьевна"}],
    )
    scanner = LeakScanner.for_cases([kk_case, case])  # no keep list: the initials decide
    calendar = "DESCRIPTION:Алқа: Омаров С.К.\\, Ким\r\n  В.А.\\nТалапкер: К.С.Ю.\r\n"
    (tmp_path / "week.ics").write_bytes(calendar.encode())
    assert scanner.scan_dir(tmp_path) == []
    assert [f.case for f in scanner.scan_text("истец Ким С.Ю.")] == ["6001-26-00-3гп/3"]
