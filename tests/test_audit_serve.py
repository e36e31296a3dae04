"""`alqa audit` on any folder, and `alqa serve` as a real process that stops cleanly."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import GOOD


def test_audit_finds_a_name_an_iin_and_a_phone_with_their_case(tmp_path: Path, run):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "clean.html").write_text("<p>Талапкер С.А.Б. «Астана Құрылыс» ЖШС-ға</p>")
    (folder / "leak.txt").write_text(
        "Хат Серікбаевқа жіберілді.\nЖСН 880314300584, тел. 8 701 234 56 78\n", encoding="utf-8"
    )
    result = run("audit", "--root", GOOD, folder)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any("leak.txt:1: name 'Серікбаевқа' (case 6001-26-00-3гп/1)" in x for x in lines)
    assert any("leak.txt:2: iin" in x for x in lines) and any("phone" in x for x in lines)
    assert not any("clean.html" in x for x in lines)

    report = json.loads(run("audit", "--root", GOOD, folder, "--format", "json").output)
    assert {f["kind"] for f in report["findings"]} >= {"name", "iin", "phone"}
    assert all(f["path"].endswith("leak.txt") for f in report["findings"])


def test_audit_of_a_clean_folder_exits_0(tmp_path: Path, run):
    (tmp_path / "a.html").write_text("<p>Әбенов Ж.Қ. төрағалық етті.</p>", encoding="utf-8")
    result = run("audit", "--root", GOOD, tmp_path)
    assert result.exit_code == 0
    assert "No personal data found" in result.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_serves_the_site_and_stops_cleanly_on_sigterm(tmp_path: Path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html lang='kk'>Алқа</html>", encoding="utf-8")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--root", str(tmp_path), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(100):
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        assert "Алқа" in body.decode("utf-8")
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=10) == 0
    finally:
        server.kill()
    with socket.socket() as s:  # the port is free again (listening socket closed)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))


def test_serve_without_a_built_site_says_what_to_do(tmp_path: Path, run):
    result = run("serve", "--root", tmp_path)
    assert result.exit_code == 1
    assert "run `alqa build` first" in result.output
