"""A ruling's publication date and, when it was corrected, its versions with a word diff.

The rulings builder calls `history_header` (under the metadata table) and `history_section`
(after the text); `build` adds one listing of the corrected rulings. Everything here reads
`ctx.history` (source_path -> RulingHistory), whose texts and messages are depersonalised
already; without git history these add nothing.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from generator.builders import BuildContext, Page, cell, link, table, url_of
from generator.history import RulingHistory, history_of
from generator.i18n import format_date, t
from generator.public import PublicRuling, PublicView

CORRECTIONS = "rulings/corrections/index.md"
CONTEXT_WORDS = 8
WORDS = {
    "published": {"kk": "Жарияланған күні", "ru": "Дата публикации"},
    "corrected": {"kk": "Түзетілген күні", "ru": "Дата исправления"},
    "versions": {"kk": "Редакциялары", "ru": "Редакции"},
    "first": {"kk": "Алғаш жарияланды", "ru": "Первая публикация"},
    "changes": {"kk": "Алдыңғы редакциямен салыстырғанда", "ru": "По сравнению с предыдущей"},
    "same_text": {
        "kk": "Мәтін өзгерген жоқ (деректемелері түзетілді).",
        "ru": "Текст не изменился (исправлены реквизиты).",
    },
    "legend": {
        "kk": "<del>сызылғаны</del> — алынып тасталды, <ins>асты сызылғаны</ins> — қосылды.",
        "ru": "<del>зачёркнутое</del> — удалено, <ins>подчёркнутое</ins> — добавлено.",
    },
    "corrections": {"kk": "Түзетілген қаулылар", "ru": "Исправленные постановления"},
    "corrections_intro": {
        "kk": "Жарияланғаннан кейін түзетілген қаулылар, соңғы түзетілгені басында.",
        "ru": "Постановления, исправленные после публикации, последние исправления сверху.",
    },
    "none": {"kk": "Әзірге жоқ.", "ru": "Пока нет."},
}


def word(key: str, lang: str) -> str:
    return WORDS[key][lang]


def history_header(r: PublicRuling, ctx: BuildContext) -> list[str]:
    """'Жарияланған күні: …' (and the last correction's date): lines for the ruling page."""
    h = history_of(ctx, r.source_path)
    if h is None:
        return []
    lang = r.language
    line = f"**{word('published', lang)}:** {format_date(h.published, lang)}"
    if h.corrected:
        line += f" · **{word('corrected', lang)}:** {format_date(h.updated, lang)}"
    return ["", line]


def history_section(r: PublicRuling, ctx: BuildContext) -> list[str]:
    """The dated versions with their commit messages and word diffs (corrected rulings)."""
    h = history_of(ctx, r.source_path)
    if h is None or not h.corrected:
        return []
    lang = r.language
    parts = ["", f"## {word('versions', lang)}", "", word("legend", lang)]
    first = h.versions[0]
    parts += ["", f"### {format_date(first.date, lang)}", "", _line(word("first", lang), first)]
    for before, after in zip(h.versions, h.versions[1:], strict=False):
        parts += ["", f"### {format_date(after.date, lang)}", "", _line(after.message, after)]
        hunks = diff_hunks(before.text or "", after.text or "")
        parts += ["", f"{word('changes', lang)}:" if hunks else word("same_text", lang), ""]
        parts += [f"- {hunk}" for hunk in hunks]
    return [*parts, ""]


def _line(message: str, version) -> str:
    return f"{cell(message)} · `{version.commit[:10]}`"


_ESCAPE = re.compile(r"([\\`*_\[\]{}#|~])")
_LINE_START = re.compile(r"^(\d+(?=[.)])|[-+])")


def _escape(words: list[str]) -> str:
    """Words as literal Markdown inline text: no HTML, no emphasis, links or list markers."""
    text = " ".join(words).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _ESCAPE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m[0] + "\\" if m[0][0].isdigit() else "\\" + m[0], text)


def diff_hunks(old: str, new: str, context: int = CONTEXT_WORDS) -> list[str]:
    """Word diff of two texts as Markdown lines: `… context <del>old</del> <ins>new</ins> …`.

    Words are compared (difflib on whitespace-split words, line breaks ignored), so a
    re-wrapped paragraph shows no change and a corrected word shows exactly."""
    a, b = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    hunks = []
    for group in matcher.get_grouped_opcodes(context):
        pieces = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                pieces.append(_escape(a[i1:i2]))
                continue
            if i2 > i1:
                pieces.append(f"<del>{_escape(a[i1:i2])}</del>")
            if j2 > j1:
                pieces.append(f"<ins>{_escape(b[j1:j2])}</ins>")
        start, end = group[0][1], group[-1][2]
        lead = "… " if start > 0 else ""
        tail = " …" if end < len(a) else ""
        hunks.append(lead + " ".join(p for p in pieces if p) + tail)
    return hunks


def corrected_rulings(view: PublicView, lang: str, ctx: BuildContext) -> list:
    found = []
    for r in view.rulings:
        h = history_of(ctx, r.source_path)
        if r.language == lang and h is not None and h.corrected:
            found.append((r, h))
    return sorted(found, key=lambda rh: (rh[1].updated, rh[0].case_number), reverse=True)


def build(view: PublicView, lang: str, ctx: BuildContext) -> Iterable[Page]:
    """rulings/corrections/: every ruling corrected after publication, newest correction first."""
    rows = []
    for r, h in corrected_rulings(view, lang, ctx):
        rows.append(_row(r, h, lang))
    title = word("corrections", lang)
    header = (t("case_number", lang), word("published", lang), word("corrected", lang), "")
    body = [f"# {title}", "", word("corrections_intro", lang), ""]
    body.append(table(header, rows) if rows else word("none", lang))
    yield Page(
        CORRECTIONS, "\n".join([*body, ""]), {"title": title, "alternate": url_of(CORRECTIONS)}
    )


def _row(r: PublicRuling, h: RulingHistory, lang: str) -> tuple[str, ...]:
    from generator.builders.rulings import ruling_path

    target = link(CORRECTIONS, ruling_path(r))
    return (
        f"[{cell(r.case_number)}]({target})",
        format_date(h.published, lang),
        format_date(h.updated, lang),
        cell(h.versions[-1].message),
    )
