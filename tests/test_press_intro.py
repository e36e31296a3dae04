"""An editor's introduction to a week's press release (press/WEEK.LANG.md, Regulation
7.2.13): used when present, depersonalised like every public text, named so it is found."""

from __future__ import annotations

import datetime as dt

from generator.builders import BuildContext
from generator.builders import press as press_builder
from generator.check import clean_corpus
from generator.public import public_view
from tests.conftest import TODAY

DAY = dt.date.fromisoformat(TODAY)


def release(court, lang: str) -> str:
    view = public_view(clean_corpus(court, DAY))
    ctx = BuildContext(today=DAY, with_documents=False)
    pages = {p.path: p for p in press_builder.build(view, lang, ctx)}
    return pages["press/2026-W42.md"].content


def test_the_introduction_opens_the_weeks_release_in_its_language(court):
    (court / "press").mkdir()
    (court / "press" / "2026-W42.kk.md").write_text(
        "Апта шолуы: алқа тұрғын үй дауларын қарады.\n", encoding="utf-8"
    )
    assert "Апта шолуы" in release(court, "kk")
    assert "Апта шолуы" not in release(court, "ru")


def test_a_party_named_in_the_introduction_is_depersonalised(court):
    (court / "press").mkdir()
    (court / "press" / "2026-W42.kk.md").write_text(
        "Алқа Серікбаевтың шағымын қарады.\n", encoding="utf-8"
    )
    text = release(court, "kk")
    assert "Серікбаев" not in text
    assert "шағымын қарады" in text


def test_a_misnamed_introduction_is_an_error_naming_the_file(court, run):
    (court / "press").mkdir()
    (court / "press" / "week-42.kk.md").write_text("Кіріспе.\n", encoding="utf-8")
    result = run("check", "--root", court, "--today", TODAY)
    assert result.exit_code != 0
    assert "press/week-42.kk.md" in result.output
    assert "press/2026-W48.kk.md" in result.output
