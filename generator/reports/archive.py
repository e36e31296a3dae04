"""`alqa archive YEAR` (7.1.12): the year's archive volumes by the records nomenclature.

Which cases: those considered in YEAR (the date of their last `considered` event). The
nomenclature files a case under the year its cassation proceeding ended, and an `archived`
event is often dated in the next January, so its date does not decide the year. Petitions
returned or refused without a hearing are not in the volume (they have no ruling).

Grouping: by the `volume` of the case's last `archived` event. The same volume is often
written in either language ("Наряд № 6-01 за 2025 год", "2025 ж. № 6-01 наряд"), so
volumes are keyed by their nomenclature number (№ 6-01) when they have one, else by the
text. Considered cases with no `archived` event come last, under "not yet archived", so the
clerk sees what is missing from the volume.

Output (default ROOT/internal/archive/YEAR/): `inventory-YEAR.LANG.docx` (the inventory)
and `volume-YEAR.LANG.pdf` (the inventory followed by the rulings' texts, in inventory
order). Both are deterministic (documents.py), dated with --today.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.builders import cell, safe_markdown, table
from generator.i18n import t
from generator.models import Case
from generator.reports import L, Label, ReportError
from generator.reports.figures import last_event

NOT_ARCHIVED = L("Мұрағатқа әлі тапсырылмаған", "Ещё не сдано в архив")
WORDS = {
    "title": L("{year} жылғы істер нарядтарының тізімдемесі", "Опись нарядов дел за {year} год"),
    "volume": L("Наряд", "Наряд"),
    "no": L("Р/с №", "№ п/п"),
    "parties": L("Тараптар", "Стороны"),
    "archived": L("Мұрағатқа тапсырылған күні", "Дата сдачи в архив"),
    "rulings_part": L("Қаулылардың мәтіндері", "Тексты постановлений"),
    "none": L("{year} жылы қаралған істер жоқ.", "Рассмотренных в {year} году дел нет."),
    "count": L("Істер саны: {n}", "Количество дел: {n}"),
}
_NUMBER = re.compile(r"№\s*([\w.\-/]+)")


@dataclass
class Volume:
    key: str
    label: str | Label
    cases: list[Case] = field(default_factory=list)


@dataclass
class ArchiveResult:
    year: int
    volumes: list[Volume]
    files: list[Path]

    def summary(self) -> str:
        n = sum(len(v.cases) for v in self.volumes)
        names = ", ".join(str(p) for p in self.files)
        return f"{self.year}: {n} case(s) in {len(self.volumes)} volume(s) -> {names}"


def volume_key(volume: str) -> tuple[str, str]:
    """(key, label): 'Наряд № 6-01 за 2025 год' -> ('6-01', '№ 6-01')."""
    m = _NUMBER.search(volume)
    return (m[1], f"№ {m[1]}") if m else (volume.strip(), volume.strip())


def volumes_of(corpus, year: int) -> list[Volume]:
    """The year's volumes, in nomenclature order; cases in each by their number."""
    volumes: dict[str, Volume] = {}
    missing = Volume("", NOT_ARCHIVED)
    for case in corpus.cases:  # already in number order
        considered = last_event(case, "considered")
        if considered is None or considered.date.year != year:
            continue
        archived = last_event(case, "archived")
        if archived is None:
            missing.cases.append(case)
            continue
        key, label = volume_key(archived.volume)
        volumes.setdefault(key, Volume(key, label)).cases.append(case)
    ordered = [volumes[k] for k in sorted(volumes)]
    return ordered + ([missing] if missing.cases else [])


def _parties(case: Case) -> str:
    return " – ".join(
        p.name for p in case.parties if p.role in ("plaintiff", "defendant", "applicant")
    )


def inventory_markdown(corpus, year: int, volumes: list[Volume], lang: str) -> str:
    def name(classifier: dict, key: str | None) -> str:
        item = classifier.get(key) if key else None
        return item.name(lang) if item else ""

    header = [WORDS["no"](lang), t("case_number", lang), WORDS["parties"](lang), t("category", lang),
              t("rapporteur", lang), t("date", lang), t("outcome", lang), WORDS["archived"](lang)]  # fmt: skip
    parts, n = [], 0
    for volume in volumes:
        label = volume.label(lang) if callable(volume.label) else volume.label
        rows = []
        for case in volume.cases:
            n += 1
            archived = last_event(case, "archived")
            considered = last_event(case, "considered")
            rows.append([str(n), cell(case.number), cell(_parties(case)),
                         cell(name(corpus.categories, case.category)),
                         cell(name(corpus.judges, case.rapporteur)), considered.date.isoformat(),
                         cell(t(f"outcome_{considered.outcome.value}", lang)),
                         archived.date.isoformat() if archived else ""])  # fmt: skip
        count = WORDS["count"](lang).format(n=len(volume.cases))
        parts += [
            f"## {WORDS['volume'](lang)} {cell(label)}",
            "",
            count,
            "",
            table(header, rows),
            "",
        ]
    if not volumes:
        parts.append(WORDS["none"](lang).format(year=year))
    return "\n".join(parts) + "\n"


def volume_markdown(corpus, year: int, volumes: list[Volume], lang: str) -> str:
    """The inventory, then every ruling of the listed cases (Kazakh text first)."""
    parts = [
        inventory_markdown(corpus, year, volumes, lang),
        f"# {WORDS['rulings_part'](lang)}",
        "",
    ]
    for volume in volumes:
        for case in volume.cases:
            for ruling in sorted(
                corpus.rulings_by_case.get(case.number, []), key=lambda r: r.meta.language
            ):
                parts += [f"## {cell(case.number)} ({ruling.meta.language})", ""]
                parts += [safe_markdown(ruling.text).strip(), "", "---", ""]
    return "\n".join(parts)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def make_archive(
    root: Path, year: int, today: dt.date, out: Path | None = None, lang: str = "kk", corpus=None
) -> ArchiveResult:
    from generator.documents import DocumentMaker
    from generator.reports import load_corpus

    root = Path(root).resolve()
    out = Path(out).resolve() if out else root / "internal" / "archive" / str(year)
    if out == root / "site" or (root / "site") in out.parents:
        raise ReportError(f"{out} is inside the public site folder: choose another --out")
    corpus = corpus or load_corpus(root)
    volumes = volumes_of(corpus, year)
    title = WORDS["title"](lang).format(year=year)
    maker = DocumentMaker(None)
    docx = out / f"inventory-{year}.{lang}.docx"
    pdf = out / f"volume-{year}.{lang}.pdf"
    _write(docx, maker.docx(inventory_markdown(corpus, year, volumes, lang), lang, title, today))
    _write(pdf, maker.pdf(volume_markdown(corpus, year, volumes, lang), lang, title, today))
    return ArchiveResult(year, volumes, [docx, pdf])
