"""Cases to depersonalise: Kazakh and Russian persons, a representative, an organisation."""

from __future__ import annotations

from typing import Any

import pytest

from generator.iin import complete
from generator.models.case import Case

JUDGES = ("Әбенов Ж.Қ.", "Абенов Ж.К.", "Ким В.А.")

ASKAR_IIN = complete("87041230012")  # 870412300129
BIN = complete("05044000123")


def make_case(number: str = "6001-26-00-3гп/1", **fields: Any) -> Case:
    """A valid Case from only the fields a test cares about."""
    record: dict[str, Any] = {
        "number": number,
        "received": "2026-03-02",
        "kind": "petition",
        "category": "housing",
        "language": "kk",
        "events": [{"date": "2026-03-02", "type": "received"}],
        "parties": [{"role": "plaintiff", "kind": "person", "name": "Серікбаев Асқар Болатұлы"}],
    }
    record.update(fields)
    return Case(**record)


@pytest.fixture
def kk_case() -> Case:
    """A Kazakh case: a plaintiff with contacts and a lawyer, a defendant named by role,
    a woman with a common-word given name, and an organisation."""
    return make_case(
        parties=[
            {
                "role": "plaintiff",
                "kind": "person",
                "name": "Серікбаев Асқар Болатұлы",
                "iin": ASKAR_IIN,
                "contact": {
                    "address": "Астана қ., Абай даңғылы, 12-45",
                    "phone": "+7 701 234 56 78",
                    "email": "askar.serikbayev@mail.kz",
                },
                "representative": {"name": "Жақсылықов Ерлан Маратұлы", "kind": "lawyer"},
            },
            {
                "role": "defendant",
                "kind": "person",
                "name": "Әбілқасымова Әділет Нұрланқызы",
                "depersonalise": "role",
                "representative": {"name": "Оспанов Дәурен Серікұлы", "kind": "advocate"},
            },
            {
                "role": "third_party",
                "kind": "organization",
                "name": "«Астана Су Арнасы» ЖШС",
                "bin": BIN,
            },
        ]
    )


@pytest.fixture
def ru_case() -> Case:
    """A Russian case: Russian names of both genders, with an adjectival surname."""
    return make_case(
        number="6001-26-00-3гп/2",
        language="ru",
        parties=[
            {"role": "plaintiff", "kind": "person", "name": "Иванов Пётр Петрович"},
            {
                "role": "defendant",
                "kind": "person",
                "name": "Жуковская Мария Андреевна",
                "depersonalise": "role",
            },
            {"role": "third_party", "kind": "person", "name": "Павлов Андрей Игоревич"},
        ],
    )
