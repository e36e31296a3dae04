"""`alqa notices`: one notice per party of every hearing of the week, in the case's language,
as DOCX and PDF, and the delivery checklist."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from generator.desk.commands import event, notices, register

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-24"


@pytest.fixture(scope="module")
def week49(tmp_path_factory) -> tuple[Path, object]:
    """The sample court plus a new case heard in week 49 whose notices were never sent."""
    root = tmp_path_factory.mktemp("notices") / "court"
    root.mkdir()
    for name in ("records", "rulings", "reviews"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    base = ["--root", str(root), "--today", TODAY]
    runner = CliRunner()
    reg = runner.invoke(
        register,
        [*base, "--json", "--language", "kk", "--category", "housing"]
        + ["--party", "plaintiff:person:Серікбаев Асқар Болатұлы"]
        + ["--party", "defendant:organization:«Астана Құрылыс» ЖШС"],
    )
    number = json.loads(reg.output)["number"]
    hearing = runner.invoke(
        event,
        [*base, number, "hearing_scheduled", "--at", "2026-12-04T15:00"]
        + ["--room", "№ 2 зал", "--format", "offline"],
    )
    assert hearing.exit_code == 0, hearing.output
    result = runner.invoke(notices, [*base, "--week", "2026-W49"])
    assert result.exit_code == 0, result.output
    return root / "internal" / "notices" / "2026-W49", result


def text_of(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_one_notice_per_party_as_docx_and_pdf(week49):
    folder, _ = week49
    names = sorted(p.name for p in folder.iterdir())
    assert "6001-26-00-3гп-113_party-0.docx" in names
    assert "6001-26-00-3гп-113_party-2.pdf" in names
    docs = [n for n in names if n.endswith(".docx")]
    pdfs = [n for n in names if n.endswith(".pdf")]
    # 111 (2 parties), 169 (2), 131 (2), 148 (3), 133 (4), 113 (3) and the new 173 (2)
    assert len(docs) == len(pdfs) == 18
    assert (folder / "6001-26-00-3гп-113_party-0.pdf").read_bytes().startswith(b"%PDF")


def test_a_russian_notice_with_videoconference(week49):
    folder, _ = week49
    text = text_of(folder / "6001-26-00-3гп-113_party-0.docx")
    for expected in (
        "СУДЕБНОЕ ИЗВЕЩЕНИЕ",
        "Верховный Суд Республики Казахстан",
        "Судебная коллегия по гражданским делам",
        "Кому: Сулейменов Руслан Маратович",
        "Процессуальное положение: истец",
        "Адрес: г. Уральск, ул. Даулеткерея, д. 19, кв. 4",
        "Номер дела: 6001-26-00-3гп/113",
        "Дата: 3 декабря 2026 года",
        "Время: 14:30",
        "Зал: № 1 зал",
        "Форма участия: видеоконференцсвязь",
        "Данные видеоконференцсвязи: ВКС с Уральским городским судом, зал № 5",
    ):
        assert expected in text


def test_a_kazakh_notice_with_the_partys_own_participation(week49):
    folder, _ = week49
    text = text_of(folder / "6001-26-00-3гп-169_party-1.docx")
    for expected in (
        "СОТ ХАБАРЛАМАСЫ",
        "Қазақстан Республикасының Жоғарғы Соты",
        "Азаматтық істер жөніндегі сот алқасы",
        "Кімге: «Қонаев Медикал» ЖШС",
        "Іс бойынша мәртебесі: жауапкер",
        "Күні: 2026 жылғы 2 желтоқсан",
        "Уақыты: 10:00",
        "Зал: № 4 зал",
        "Нысаны: офлайн",
        "Қатысу нысаны: онлайн",
    ):
        assert expected in text
    assert "Бейнеконференцбайланыс деректері" not in text


def test_the_delivery_checklist(week49):
    folder, result = week49
    rows = list(csv.DictReader((folder / "checklist.csv").open(encoding="utf-8")))
    assert len(rows) == 18
    by_key = {(r["case"], r["party"]): r for r in rows}
    assert by_key[("6001-26-00-3гп/113", "0")]["status"] == "delivered"
    assert by_key[("6001-26-00-3гп/113", "0")]["delivered"] == "2026-11-16"
    assert by_key[("6001-26-00-3гп/113", "2")]["status"] == "sent, not delivered"
    assert by_key[("6001-26-00-3гп/173", "0")]["status"] == "NOT SENT"
    assert by_key[("6001-26-00-3гп/173", "1")]["sent"] == ""
    summary = (
        "7 hearing(s), 18 notice(s): 16 sent, 12 delivered, 2 not sent, 4 sent but not delivered."
    )
    assert summary in (folder / "checklist.md").read_text(encoding="utf-8")
    assert result.output.startswith(f"2026-W49: {summary}\n")
    assert "  6001-26-00-3гп/173 party 0 (plaintiff): NOT SENT\n" in result.output


def test_postponed_hearings_get_no_notice(tmp_path: Path):
    """Week 47: the hearings of 111, 131 and 169 were postponed; none of them is noticed."""
    root = tmp_path / "court"
    root.mkdir()
    for name in ("records", "rulings", "reviews"):
        shutil.copytree(ROOT / name, root / name)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        notices,
        [
            "--root",
            str(root),
            "--today",
            TODAY,
            "--week",
            "2026-W47",
            "--out",
            str(out),
            "--no-pdf",
        ],
    )
    assert result.exit_code == 0, result.output
    cases = {r["case"] for r in csv.DictReader((out / "2026-W47" / "checklist.csv").open())}
    assert cases and not cases & {"6001-26-00-3гп/111", "6001-26-00-3гп/131", "6001-26-00-3гп/169"}
    assert not list((out / "2026-W47").glob("*.pdf"))
