"""`alqa register`: the next index number, the category proposed with its reason, and the
judge-rapporteur chosen by specialisation, load and a stable tie rule, explained."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.check import check_root, errors_in
from generator.desk import load_clean
from generator.desk.commands import event, register
from generator.desk.register import propose_category
from generator.fmt import format_root

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "fixtures" / "good"
TODAY = "2026-11-24"
PARTIES = [
    "--party",
    "plaintiff:person:Серікбаев Асқар Болатұлы",
    "--party",
    "defendant:organization:«Астана Құрылыс» ЖШС",
]


def copy_sample(dest: Path) -> Path:
    dest.mkdir()
    for name in ("records", "rulings", "reviews"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "court")


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A court with no cases and two housing judges who tie; nobody active covers land."""
    dest = tmp_path / "small"
    shutil.copytree(GOOD, dest)
    for folder in ("records/cases/2026", "rulings/2026", "reviews"):
        shutil.rmtree(dest / folder)
    (dest / "records" / "judges.yaml").write_text(
        "- id: j-b\n  name: {kk: Бекова Б.Б., ru: Бекова Б.Б.}\n  specializations: [housing]\n"
        "- id: j-a\n  name: {kk: Әлиев А.А., ru: Алиев А.А.}\n  specializations: [housing]\n"
        "- id: j-c\n  name: {kk: Сәкенов С.С., ru: Сакенов С.С.}\n  specializations: [family]\n"
        "- id: j-d\n  name: {kk: Дәулетов Д.Д., ru: Даулетов Д.Д.}\n  specializations: [land]\n"
        "  active: false\n",
        encoding="utf-8",
    )
    return dest


def run(cmd, root: Path, *args: str):
    return CliRunner().invoke(cmd, ["--root", str(root), "--today", TODAY, *args])


def register_json(root: Path, *args: str) -> dict:
    result = run(register, root, "--json", "--language", "kk", *PARTIES, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_numbering_takes_the_next_number_of_the_year(sample: Path):
    first = register_json(sample, "--category", "housing")
    second = register_json(sample, "--category", "family", "--received", "2026-11-20")
    old_year = register_json(sample, "--category", "loans", "--received", "2025-12-30")
    assert first["number"] == "6001-26-00-3гп/173"  # the sample's highest of 2026 is 172
    assert first["path"] == "records/cases/2026/6001-26-00-3гп-173.yaml"
    assert second["number"] == "6001-26-00-3гп/174"
    assert old_year["number"] == "6001-25-00-3гп/409"
    assert (sample / old_year["path"]).is_file()


def test_the_new_file_checks_clean_and_is_canonical(sample: Path):
    out = register_json(
        sample,
        "--text",
        "Пәтерден көшіру туралы талап",
        "--lower-court",
        "almaty-city-first:2026-05-10:7199-26-00-2/55",
        "--consultant",
        "Жанат Ермекова",
    )
    _, problems = check_root(sample, dt.date.fromisoformat(TODAY))
    assert errors_in(problems) == []
    assert not [p for p in problems if p.path == out["path"]]
    assert format_root(sample, write=False) == ([], [])
    text = (sample / out["path"]).read_text(encoding="utf-8")
    assert text.startswith("# Registered 2026-11-24 by `alqa register`.\n# Rapporteur ")
    assert "  - {date: 2026-11-24, type: received}\n" in text
    assert "    instance: first\n" in text  # from records/courts.yaml


def test_category_is_proposed_from_keywords_with_the_reason(sample: Path):
    _, corpus = load_clean(sample, dt.date.fromisoformat(TODAY))
    categories = list(corpus.categories.values())
    kk = propose_category("Жауапкерді пәтерден көшіру туралы талап", categories)
    assert (kk.category, kk.reason) == ("housing", "keywords matched: пәтер, көшіру")
    ru = propose_category("О выселении из квартиры", categories)
    assert (ru.category, ru.reason) == ("housing", "keywords matched: квартира, выселение")
    loans = propose_category("Банк несие бойынша қарызды өндіріп алу", categories)
    assert loans.category == "loans"
    out = register_json(sample, "--text", "Банк несие бойынша қарызды өндіріп алу")
    assert (out["category"], out["reason"]) == ("loans", "keywords matched: қарыз, несие, банк")
    given = register_json(sample, "--category", "family")
    assert given["reason"] == "given"


def test_distribution_by_specialisation_and_load(sample: Path):
    """Housing: Әбенов and Тоқтаров are the active specialists (Жақсыбеков is retired);
    Тоқтаров has 2 pending cases as rapporteur, Әбенов 3."""
    out = register_json(sample, "--category", "housing")
    assert out["rapporteur"] == "j-tokhtarov"
    assert out["explanation"] == "Тоқтаров Н.М.: specialisation housing; 2 open cases, the fewest"
    assert out["panel"] == ["j-tokhtarov", "j-abenov", "j-nurpeisova"]
    # the new case is Тоқтаров's third and ninth of the year: both tie, the id decides
    again = register_json(sample, "--category", "housing")
    assert again["rapporteur"] == "j-abenov"
    assert again["explanation"] == (
        "Әбенов Ж.Қ.: specialisation housing; 3 open cases, tied with Тоқтаров Н.М.; "
        "9 received in 2026, also tied; the first by judge id (j-abenov)"
    )


def test_ties_are_broken_by_the_year_count_then_the_judge_id(small: Path):
    first = register_json(small, "--category", "housing")
    assert first["rapporteur"] == "j-a"
    assert first["explanation"] == (
        "Әлиев А.А.: specialisation housing; 0 open cases, tied with Бекова Б.Б.; "
        "0 received in 2026, also tied; the first by judge id (j-a)"
    )
    assert first["panel"] == ["j-a", "j-b", "j-c"]  # the retired j-d never sits
    refused = run(event, small, first["number"], "petition_decided", "--outcome", "refused")
    assert refused.exit_code == 0, refused.output
    second = register_json(small, "--category", "housing")  # j-a: 0 open, but 1 this year
    assert second["rapporteur"] == "j-b"
    assert second["explanation"] == (
        "Бекова Б.Б.: specialisation housing; 0 open cases, tied with Әлиев А.А.; "
        "0 received in 2026, the fewest"
    )
    third = register_json(small, "--category", "housing")
    assert third["rapporteur"] == "j-a"
    assert third["explanation"] == "Әлиев А.А.: specialisation housing; 0 open cases, the fewest"
    family = register_json(small, "--category", "family")
    assert family["explanation"] == (
        "Сәкенов С.С.: specialisation family; 0 open cases, "
        "the only active judge with this specialisation"
    )


def test_the_choice_is_reproducible(sample: Path, tmp_path: Path):
    other = copy_sample(tmp_path / "again")
    assert register_json(sample, "--category", "labour") == register_json(
        other, "--category", "labour"
    )


def test_text_output_explains_the_choice(sample: Path):
    result = run(register, sample, "--language", "ru", "--text", "выселение", *PARTIES)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:3] == [
        "Registered 6001-26-00-3гп/173: records/cases/2026/6001-26-00-3гп-173.yaml",
        "Category: housing (keywords matched: выселение)",
        "Rapporteur: Тоқтаров Н.М.: specialisation housing; 2 open cases, the fewest",
    ]


def test_interactive_prompts(sample: Path):
    answers = "petition\nru\n2026-11-20\nкредит банк\nplaintiff:person:Петров Пётр Петрович\n\n"
    result = CliRunner().invoke(register, ["--root", str(sample), "--today", TODAY], input=answers)
    assert result.exit_code == 0, result.output
    assert "Registered 6001-26-00-3гп/173" in result.output
    text = (sample / "records/cases/2026/6001-26-00-3гп-173.yaml").read_text(encoding="utf-8")
    assert "category: loans\nlanguage: ru\n" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--category", "space"], "Error: no category 'space' in records/categories.yaml"),
        (
            ["--category", "housing", "--lower-court", "nowhere:2026-01-01"],
            "Error: no court 'nowhere' in records/courts.yaml",
        ),
        (["--text", "ғарыш кемесі"], "Error: no category keyword occurs in the petition text"),
        (["--category", "housing", "--party", "plaintiff"], "Error: 'plaintiff': a party is"),
    ],
)
def test_refusals(sample: Path, args: list[str], message: str):
    result = run(register, sample, "--language", "kk", *PARTIES, *args)
    assert result.exit_code == 1
    assert message in result.output
    assert not (sample / "records/cases/2026/6001-26-00-3гп-173.yaml").exists()


def test_refuses_when_no_active_judge_covers_the_category(small: Path):
    result = run(register, small, "--language", "kk", "--category", "land", *PARTIES)
    assert result.exit_code == 1
    assert "Error: no active judge's specialisations cover the category 'land'" in result.output


def test_refuses_when_the_root_does_not_check_clean(sample: Path):
    (sample / "records/cases/2026/6001-26-00-3гп-101.yaml").write_text(
        "number: nonsense\n", encoding="utf-8"
    )
    result = run(register, sample, "--language", "kk", "--category", "housing", *PARTIES)
    assert result.exit_code == 1
    assert "error(s) in the records; run `alqa check` to see them" in result.output
