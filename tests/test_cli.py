"""The command line: help that explains, the module entry point, the documented format."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import GOOD, ROOT, TODAY


def test_alqa_help_lists_the_commands(run):
    result = run("--help")
    assert result.exit_code == 0
    for command in ("check", "fmt", "reference"):
        assert command in result.output


def test_every_command_explains_itself(run):
    from generator.cli import cli

    for name, command in cli.commands.items():
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert command.help and len(command.help) > 40, f"{name} needs a real --help"


def test_every_command_is_in_the_readme():
    from generator.cli import cli

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"`alqa {name}" in readme, f"alqa {name} is not documented in the README"


def test_python_dash_m_generator_is_alqa():
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--root", str(GOOD), "--today", TODAY],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems" in result.stdout


def test_the_command_ends_at_once_with_its_output_and_status(court: Path):
    """`alqa` ends with os._exit (no interpreter teardown): what it printed must still all
    arrive, and a failure must still give a non-zero status."""

    def alqa(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "generator", *args], capture_output=True, text=True
        )

    listing = alqa("--help")
    assert listing.returncode == 0 and "check" in listing.stdout
    (court / "records" / "court.yaml").write_text("name: [broken\n", encoding="utf-8")
    broken = alqa("check", "--root", str(court), "--today", TODAY, "--format", "json")
    assert broken.returncode != 0
    assert json.loads(broken.stdout)["errors"] >= 1  # the whole JSON arrived
    wrong = alqa("no-such-command")
    assert wrong.returncode == 2 and "no-such-command" in wrong.stderr


def test_the_readme_data_format_is_generated_from_the_models(run):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- reference:start -->") + len("<!-- reference:start -->")
    section = readme[start : readme.index("<!-- reference:end -->")]
    assert section.strip() == run("reference").output.strip(), (
        "README's data format is stale: regenerate it from `alqa reference`"
    )


def test_the_templates_are_valid_records():
    import yaml

    from generator.models import Case, Category, Judge, LowerCourt, Region
    from generator.models.review import ReviewMeta
    from generator.models.ruling import RulingMeta
    from generator.yamlio import split_front_matter

    templates = ROOT / "records" / "_templates"
    Case.model_validate(yaml.safe_load((templates / "case.yaml").read_text(encoding="utf-8")))
    for name, model in (
        ("judge.yaml", Judge),
        ("category.yaml", Category),
        ("lower-court.yaml", LowerCourt),
        ("region.yaml", Region),
    ):
        (item,) = yaml.safe_load((templates / name).read_text(encoding="utf-8"))
        model.model_validate(item)
    for name, model in (("ruling.md", RulingMeta), ("review.md", ReviewMeta)):
        front, *_ = split_front_matter((templates / name).read_text(encoding="utf-8"))
        model.model_validate(yaml.safe_load(front))
