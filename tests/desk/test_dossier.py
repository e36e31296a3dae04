"""`alqa dossier`: everything known about one case, with deadlines judged against --today."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.desk.commands import dossier

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-24"


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("dossier") / "court"
    root.mkdir()
    for name in ("records", "rulings", "reviews"):
        shutil.copytree(ROOT / name, root / name)
    return root


def run(root: Path, *args: str):
    result = CliRunner().invoke(dossier, ["--root", str(root), "--today", TODAY, *args])
    return result


def as_json(root: Path, number: str, *args: str) -> dict:
    result = run(root, number, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_parties_acts_movement_and_hearings(sample: Path):
    d = as_json(sample, "6001-26-00-3гп/113")
    assert d["language"] == "ru"
    assert d["rapporteur"] == "Абенов Ж.К."
    assert d["parties"][0]["name"] == "Сулейменов Руслан Маратович"
    assert d["parties"][0]["role"] == "истец"
    assert d["parties"][0]["contact"]["address"] == "г. Уральск, ул. Даулеткерея, д. 19, кв. 4"
    assert d["parties"][1]["representative"]["name"] == "Абишева Гульмира Тулегеновна"
    assert [a["date"] for a in d["lower_court_acts"]] == ["2026-04-14", "2026-07-02"]
    assert [m["label"] for m in d["movement"]][:4] == [
        "ходатайство поступило",
        "дело истребовано",
        "дело поступило",
        "решение по ходатайству",
    ]
    assert d["hearings"] == [
        {
            "at": "2026-12-03 14:30",
            "room": "№ 1 зал",
            "format": "видеоконференцсвязь",
            "video_link": "ВКС с Уральским городским судом, зал № 5",
            "status": "назначено",
        }
    ]
    assert d["deadlines"] == [
        {"what": "hearing", "due": "2027-03-01", "done": None, "status": "due", "days": 97},
        {
            "what": "requested_case",
            "due": "2026-10-02",
            "done": "2026-09-18",
            "status": "done",
            "days": -14,
        },
    ]


def test_rulings_and_an_overdue_private_ruling(sample: Path):
    d = as_json(sample, "6001-26-00-3гп/102")
    assert d["rulings"][0]["path"] == "rulings/2026/6001-26-00-3гп-102.ru.md"
    assert d["private_rulings"][0]["deadline"] == "2026-06-12"
    overdue = [x for x in d["deadlines"] if x["status"] == "overdue"]
    assert overdue == [
        {
            "what": "private_ruling[0]",
            "due": "2026-06-12",
            "done": None,
            "status": "overdue",
            "days": 165,
        }
    ]


def test_text_and_markdown_in_the_chosen_language(sample: Path, tmp_path: Path):
    text = run(sample, "6001-26-00-3гп/102").output
    assert text.startswith("Справка по делу № 6001-26-00-3гп/102\n")
    assert "  private_ruling[0]: ПРОСРОЧЕНО: 2026-06-12 (+165)" in text
    out = tmp_path / "d.md"
    result = run(
        sample, "6001-26-00-3гп/102", "--format", "markdown", "--lang", "kk", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    md = out.read_text(encoding="utf-8")
    assert md.startswith("# Іс бойынша анықтама № 6001-26-00-3гп/102\n")
    for heading in ("## Тараптар", "## Іс қозғалысы", "## Жеке ұйғарымдар", "## Мерзімдер"):
        assert heading in md
    assert "МЕРЗІМІ ӨТТІ: 2026-06-12 (+165)" in md


def test_an_unknown_case(sample: Path):
    result = run(sample, "6001-26-00-3гп/999")
    assert result.exit_code == 1
    assert result.output == "Error: no case 6001-26-00-3гп/999 in records/cases/\n"
