"""Rendering: every format of a report, deterministic bytes, and the click commands."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from click.testing import CliRunner
from test_figures import TODAY, small_court  # the hand-checked small court

from generator.reports import load_corpus
from generator.reports.charts import results_charts
from generator.reports.commands import archive, report
from generator.reports.figures import make_report
from generator.reports.periods import parse_period
from generator.reports.render import render, to_csv, to_markdown, to_terminal, to_xlsx

N = "6001-26-00-3гп/"


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return small_court(tmp_path_factory.mktemp("court"))


@pytest.fixture(scope="module")
def corpus(root):
    return load_corpus(root)


def make(corpus, kind, period="2026-11"):
    return make_report(kind, corpus, parse_period(period), TODAY)


def test_terminal(corpus):
    out = to_terminal(make(corpus, "deadlines"), "ru")
    assert out.startswith("Мониторинг сроков\nПериод: ноябрь 2026 г. (2026-11-01 – 2026-11-30)")
    assert "По состоянию на: 2026-11-24" in out
    assert f"{N}2" in out and "просрочено" in out and "Тараптың ауруы" in out
    assert "\x1b[" not in out  # no colour codes unless asked
    assert "\x1b[" in to_terminal(make(corpus, "deadlines"), "ru", color=True)


def test_markdown_marks_overdue_rows(corpus):
    md = to_markdown(make(corpus, "applications"), "kk")
    assert md.startswith("# Жеке және заңды тұлғалардың өтініштері\n")
    assert f"| **{N}3** | **Ким В.А.** |" in md  # overdue: bold
    assert f"| {N}7 | Тоқтаров Н.М. |" in md


def test_statistics_csv_is_stable_in_both_languages(corpus):
    kk = to_csv(make(corpus, "statistics"), "kk").decode()
    ru = to_csv(make(corpus, "statistics"), "ru").decode()
    assert (
        kk.splitlines()[0] == ru.splitlines()[0] == "code,outcome,petition,protest,submission,total"
    )
    assert ru.splitlines()[1] == "returned,ходатайство возвращено,1,0,0,1"
    assert ru.splitlines()[-1] == "total,Всего,4,0,0,4"
    assert len(ru.splitlines()) == 11


def test_csv_of_several_tables(corpus):
    lines = to_csv(make(corpus, "movement"), "ru").decode().splitlines()
    assert lines[:3] == ["По видам", "Вид,Поступило,Возвращено,Отказано,Передано,Рассмотрено,Остаток",
                         "Ходатайства,2,1,1,0,2,1"]  # fmt: skip
    assert "" in lines and "По судьям" in lines


def test_xlsx_is_deterministic_and_dated(corpus):
    from openpyxl import load_workbook

    made = make(corpus, "deadlines")
    first, second = to_xlsx(made, "kk"), to_xlsx(made, "kk")
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 11, 24, 0, 0, 0)}
    book = load_workbook(io.BytesIO(first))
    assert book.properties.created == book.properties.modified == dt.datetime(2026, 11, 24)
    hearings = book.worksheets[1]
    assert [c.value for c in hearings[2]][:2] == [f"{N}2", "Тоқтаров Н.М."]
    assert hearings["D2"].value == dt.datetime(2026, 11, 20)  # a real date cell
    assert hearings["E2"].value == -4
    assert hearings["A2"].font.color.rgb.endswith("C00000")  # overdue in red


def test_docx_and_json(corpus):
    made = make(corpus, "movement")
    docx = render(made, "docx", "ru")
    assert docx[:2] == b"PK" and docx == render(made, "docx", "ru")
    data = json.loads(render(made, "json", "kk"))
    assert data["period"] == {"label": "2026-11", "start": "2026-11-01", "end": "2026-11-30"}
    assert data["tables"][0]["rows"][-1] == ["Барлығы", 3, 1, 1, 0, 2, 2]


def test_charts_are_deterministic(corpus):
    made = make(corpus, "results")
    charts = results_charts(made, "kk")
    assert set(charts) == {"by_outcome", "by_region", "by_court", "by_category"}
    assert charts == results_charts(made, "kk")
    assert all(svg.startswith(b"<?xml") for svg in charts.values())
    assert b"<dc:date>" not in charts["by_region"]
    assert results_charts(make(corpus, "movement"), "kk") == {}


def run(command, *args):
    result = CliRunner().invoke(command, [str(a) for a in args], catch_exceptions=False)
    return result


def test_report_command(root):
    result = run(report, "movement", "--period", "2026-11", "--root", root, "--today", "2026-11-24",
                 "--format", "csv", "--lang", "ru")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Всего,3,1,1,0,2,2" in result.output
    result = run(report, "deadlines", "--root", root, "--today", "2026-11-24", "--within", "1")
    assert result.exit_code == 0 and "2026 ж. Қараша" in result.output  # default: the month
    bad = CliRunner().invoke(report, ["movement", "--period", "2026-13", "--root", str(root)])
    assert bad.exit_code == 2 and "is not a period" in bad.output


def test_report_command_writes_binary_files(root, tmp_path):
    result = run(report, "deadlines", "--period", "2026-W48", "--root", root, "--today",
                 "2026-11-24", "--format", "xlsx")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (root / "internal" / "reports" / "deadlines-2026-W48.kk.xlsx").is_file()
    out = tmp_path / "results.md"
    result = run(report, "results", "--period", "2026", "--root", root, "--today", "2026-11-24",
                 "--format", "markdown", "--out", out)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "![Өңірлер бойынша](results-by_region.svg)" in out.read_text("utf-8")
    assert (tmp_path / "results-by_region.svg").is_file()


def test_archive_command(root, tmp_path):
    result = run(archive, "2026", "--root", root, "--today", "2026-11-24", "--out", tmp_path / "a")
    assert result.exit_code == 0, result.output
    assert "2026: 3 case(s) in 2 volume(s)" in result.output
    docx = tmp_path / "a" / "inventory-2026.kk.docx"
    pdf = tmp_path / "a" / "volume-2026.kk.pdf"
    assert docx.read_bytes()[:2] == b"PK" and pdf.read_bytes()[:5] == b"%PDF-"
    with zipfile.ZipFile(docx) as z:
        body = z.read("word/document.xml").decode()
    assert "№ 6-01" in body and f"{N}6" in body and "Мұрағатқа әлі тапсырылмаған" in body
    refused = CliRunner().invoke(
        archive, ["2026", "--root", str(root), "--out", str(root / "site")]
    )
    assert refused.exit_code == 1 and "public site" in refused.output
