"""`alqa event`: each illegal transition is refused with its own message, and a legal one
appends exactly one line to the case file (round-trip YAML, a clean git diff)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.check import check_root, errors_in
from generator.desk.commands import event, register
from generator.fmt import format_root

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-24"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    dest = tmp_path / "court"
    dest.mkdir()
    for name in ("records", "rulings", "reviews"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def run(root: Path, *args: str):
    return CliRunner().invoke(event, ["--root", str(root), "--today", TODAY, *args])


def new_case(root: Path, received: str = "2026-11-20") -> str:
    result = CliRunner().invoke(
        register,
        ["--root", str(root), "--today", TODAY, "--json", "--language", "kk"]
        + ["--category", "housing", "--received", received]
        + ["--party", "plaintiff:person:Серікбаев Асқар Болатұлы"]
        + ["--party", "defendant:organization:«Астана Құрылыс» ЖШС"],
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["number"]


class Desk:
    def __init__(self, root: Path, case: str):
        self.root, self.case = root, case

    def ok(self, *args: str) -> str:
        result = run(self.root, self.case, *args)
        assert result.exit_code == 0, result.output
        return result.output

    def refused(self, message: str, *args: str) -> None:
        path = next((self.root / "records/cases").rglob(self.case.replace("/", "-") + ".yaml"))
        before = path.read_bytes()
        result = run(self.root, self.case, *args)
        assert result.exit_code == 1, result.output
        assert result.output == f"Error: {self.case}: {message}\n"
        assert path.read_bytes() == before


def test_the_movement_of_a_requested_case(sample: Path):
    d = Desk(sample, new_case(sample))
    d.refused(
        "the case was not requested from a lower court: record `case_requested` first",
        "case_arrived",
    )
    d.refused("considered without a scheduled hearing", "considered", "--outcome", "upheld")
    d.refused("nothing to postpone: no hearing was scheduled", "postponed", "--reason", "x")
    d.refused(
        "no hearing is scheduled: a notice needs a `hearing_scheduled` event first",
        "notice_sent",
        "--party",
        "0",
        "--participation",
        "offline",
    )
    d.refused(
        "only a decided case is archived: it needs `considered`, "
        "or `petition_decided` returned or refused",
        "archived",
        "--volume",
        "2026 ж. № 6-03 наряд",
    )
    d.refused(
        "nothing to send: the case has no ruling or decision on the petition yet", "copies_sent"
    )
    d.refused("the case never arrived from a lower court: nothing to return", "case_returned")
    d.ok("case_requested", "--court", "astana-appeal", "--date", "2026-11-21")
    d.refused(
        "dated 2026-11-20, before the case's last event (case_requested, 2026-11-21)",
        "case_arrived",
        "--date",
        "2026-11-20",
    )
    d.refused("dated 2026-11-25, after today (2026-11-24)", "case_arrived", "--date", "2026-11-25")
    d.refused(
        "the case was already requested on 2026-11-21 and has not arrived yet",
        "case_requested",
        "--court",
        "astana-appeal",
    )
    hearing = ["hearing_scheduled", "--at", "2026-12-10T10:00", "--room", "№ 2 зал"]
    d.refused(
        "no hearing before the case arrives: it was requested from astana-appeal "
        "on 2026-11-21 and has not arrived",
        *hearing,
        "--format",
        "offline",
    )
    d.ok("case_arrived", "--date", "2026-11-22")
    d.refused("the case already arrived on 2026-11-22", "case_arrived")
    d.ok("petition_decided", "--outcome", "admitted", "--date", "2026-11-23")
    d.refused(
        "the petition was already decided on 2026-11-23 (admitted): "
        "an outcome cannot be given twice",
        "petition_decided",
        "--outcome",
        "refused",
    )
    d.refused(
        "№ 1 зал is already taken at 2026-12-02 10:00 by case 6001-26-00-3гп/111",
        *["hearing_scheduled", "--at", "2026-12-02T10:00", "--room", "№ 1 зал"],
        *["--format", "offline"],
    )
    d.refused(
        "no room '№ 9 зал' in records/court.yaml",
        *["hearing_scheduled", "--at", "2026-12-10T10:00", "--room", "№ 9 зал"],
        *["--format", "offline"],
    )
    d.refused(
        "the hearing is set before the day it was scheduled",
        *["hearing_scheduled", "--at", "2026-11-20T10:00", "--room", "№ 2 зал"],
        *["--format", "offline"],
    )
    d.ok(*hearing, "--format", "video", "--video-link", "ВКС: Атырау облыстық соты, № 2 зал")
    d.refused(
        "a hearing is already scheduled for 2026-12-10 10:00: record `postponed` first",
        *hearing,
        "--format",
        "offline",
    )
    notice = ["notice_sent", "--participation", "video"]
    d.refused("there is no party 7 (parties are numbered from 0 to 1)", *notice, "--party", "7")
    d.refused("delivered before it was sent", *notice, "--party", "0", "--delivered", "2026-11-23")
    d.ok(*notice, "--party", "0")
    d.refused(
        "the hearing is set for 2026-12-10 10:00: it is postponed on its day, not before",
        "postponed",
        "--reason",
        "Тарап ауырып қалды",
    )
    d.refused(
        "the hearing is set for 2026-12-10 10:00: the case cannot be considered before it",
        "considered",
        "--outcome",
        "upheld",
    )
    _, problems = check_root(sample, dt.date.fromisoformat(TODAY))
    assert errors_in(problems) == []
    assert format_root(sample, write=False) == ([], [])


def test_postponed_considered_and_archived(sample: Path):
    d = Desk(sample, new_case(sample))
    d.ok(
        *["hearing_scheduled", "--at", "2026-11-24T16:00", "--room", "№ 3 зал"],
        "--format",
        "offline",
    )
    d.ok("postponed", "--reason", "Жауапкердің өкілі ауырып қалды, өтінішхат: 2026-11-24")
    d.refused(
        "the hearing of 2026-11-24 16:00 was already postponed on 2026-11-24",
        "postponed",
        "--reason",
        "again",
    )
    d.refused(
        "the hearing of 2026-11-24 16:00 was postponed: schedule a new hearing first",
        "considered",
        "--outcome",
        "upheld",
    )
    d.ok(
        *["hearing_scheduled", "--at", "2026-11-24T17:00", "--room", "№ 3 зал"],
        "--format",
        "offline",
    )
    d.ok("considered", "--outcome", "upheld")
    twice = "the case was already considered on 2026-11-24: an outcome cannot be given twice"
    d.refused(twice, "considered", "--outcome", "modified")
    d.refused(twice, "petition_decided", "--outcome", "refused")
    d.refused(
        "the case was already considered on 2026-11-24: no further hearing",
        *["hearing_scheduled", "--at", "2026-12-10T10:00", "--room", "№ 2 зал"],
        *["--format", "offline"],
    )
    d.refused(
        "the case was already considered on 2026-11-24: nothing to postpone",
        "postponed",
        "--reason",
        "x",
    )
    d.ok("copies_sent")
    d.ok("archived", "--volume", "2026 ж. № 6-03 наряд")
    d.refused(
        "the case was archived on 2026-11-24 (volume 2026 ж. № 6-03 наряд): no further events",
        "copies_sent",
    )
    _, problems = check_root(sample, dt.date.fromisoformat(TODAY))
    assert errors_in(problems) == []
    assert format_root(sample, write=False) == ([], [])


def test_no_hearing_for_a_refused_petition(sample: Path):
    d = Desk(sample, new_case(sample))
    d.ok("petition_decided", "--outcome", "refused")
    d.refused(
        "no hearing: the petition was refused on 2026-11-24",
        *["hearing_scheduled", "--at", "2026-12-10T10:00", "--room", "№ 2 зал"],
        *["--format", "offline"],
    )
    d.ok("archived", "--volume", "2026 ж. № 6-05 наряд")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["6001-26-00-3гп/999", "copies_sent"],
            "Error: no case 6001-26-00-3гп/999 in records/cases/",
        ),
        (
            ["6001-26-00-3гп/113", "hearing_scheduled", "--at", "2026-12-10T10:00"],
            "Error: hearing_scheduled needs --room, --format",
        ),
        (
            ["6001-26-00-3гп/113", "considered", "--outcome", "upheld", "--court", "x"],
            "Error: --court does not apply to considered",
        ),
        (
            ["6001-26-00-3гп/113", "considered", "--outcome", "won"],
            "Error: outcome: Input should be",
        ),
    ],
)
def test_bad_commands(sample: Path, args: list[str], message: str):
    result = run(sample, *args)
    assert result.exit_code == 1
    assert result.output.startswith(message)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


def test_the_edit_is_a_clean_git_diff(sample: Path):
    """Case 172 has comments, block-style parties and flow-style events: the diff of two
    events is two added lines, nothing removed."""
    git(sample, "init", "-q")
    git(sample, "config", "core.quotepath", "false")
    git(sample, "add", ".")
    git(sample, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "sample")
    d = Desk(sample, "6001-26-00-3гп/172")
    d.ok("case_returned")
    d.ok("archived", "--volume", "2026 ж. № 6-03: наряд, 1 том", "--note", "# not a comment")
    rel = "records/cases/2026/6001-26-00-3гп-172.yaml"
    assert git(sample, "diff", "--numstat").split() == ["2", "0", rel]
    added = [
        line[1:]
        for line in git(sample, "diff", "-U0").splitlines()
        if line.startswith("+") and not line.startswith("+++")
    ]
    assert added == [
        "  - {date: 2026-11-24, type: case_returned}",
        "  - {date: 2026-11-24, type: archived, volume: '2026 ж. № 6-03: наряд, 1 том', "
        "note: '# not a comment'}",
    ]
    _, problems = check_root(sample, dt.date.fromisoformat(TODAY))
    assert errors_in(problems) == []
    assert format_root(sample, write=False) == ([], [])


def test_a_delivery_changes_only_the_notice_line(sample: Path):
    from generator.desk.commands import delivered

    case = sample / "records/cases/2026/6001-26-00-3гп-113.yaml"
    before = case.read_text(encoding="utf-8")
    args = ["--root", str(sample), "--today", TODAY, "6001-26-00-3гп/113", "--party", "2"]
    result = CliRunner().invoke(delivered, [*args, "--date", "2026-11-18"])
    assert result.exit_code == 0, result.output
    after = case.read_text(encoding="utf-8")
    old = "  - {date: 2026-11-11, type: notice_sent, party: 2, participation: video}"
    new = (
        "  - {date: 2026-11-11, type: notice_sent, party: 2, participation: video, "
        "delivered: 2026-11-18}"
    )
    assert after == before.replace(old, new)

    again = CliRunner().invoke(delivered, args)
    assert again.exit_code == 1
    assert "the notices to party 2 are already marked delivered" in again.output
    early = CliRunner().invoke(
        delivered, ["--root", str(sample), "--today", TODAY, "6001-26-00-3гп/113", "--party", "9"]
    )
    assert "there is no party 9" in early.output
