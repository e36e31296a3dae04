"""Work nobody waits for, in a process of its own that outlives the command.

A build leaves file-system chores whose results only a later build needs: deleting the site
it replaced, linking the next build's staging site. With tens of thousands of files these
take seconds; a detached process does them while the user reads the build's summary.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path


def detached(code: str, *args: str) -> bool:
    """Run Python `code` with `args` (sys.argv[1:]) in a new session, not waited for;
    False when no process could be started (the caller then does without)."""
    try:
        subprocess.Popen(
            [sys.executable, "-c", code, *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return False
    return True


def discard(folders: list[Path]) -> None:
    """Delete folders nobody uses any more (a replaced site: 20,000 files and 10,000
    folders took seconds of a rebuild the user waits for). What an interrupted deletion
    leaves behind, the caller finds and passes again next time."""
    if folders and not detached(_RMTREE, *map(str, folders)):
        for folder in folders:  # no process to spare: delete them here
            shutil.rmtree(folder, ignore_errors=True)


_RMTREE = "import shutil, sys\nfor f in sys.argv[1:]: shutil.rmtree(f, ignore_errors=True)"
