"""The Secretariat's desk (internal): register petitions, record the movement of cases,
court notices and the case dossier. These commands edit the records in git (one clean diff
per edit) and write documents for the collegium; none of it reaches the public site.

    register.py   next index number, category proposal, distribution to a judge-rapporteur
    events.py     the state of a case, validation of a new event, the round-trip YAML edit
    notices.py    court notices per party of a week's hearings, and the delivery checklist
    dossier.py    everything known about one case, with its deadlines
    commands.py   the click commands: register, event, notices, dossier
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.errors import AlqaError, RecordsInvalid


class DeskError(AlqaError):
    """A desk command refused: the message says why, exit status 1."""


def load_clean(root: Path, today: dt.date):
    """Check the root and build the corpus; refuse when the records have errors, so a desk
    edit never starts from (or hides itself among) broken records."""
    from generator.check import check_root, errors_in
    from generator.corpus import Corpus

    data, problems = check_root(Path(root), today)
    if errors_in(problems) or data.court is None:
        raise RecordsInvalid(problems)
    return data, Corpus.from_loaded(data)
