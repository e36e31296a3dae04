"""The builders' quicker ways of making pages give exactly what the plain ways gave.

Each test keeps the plain way (a few regular expressions, icalendar's serialiser, ...) as
the reference and compares on tricky generated input and on the good test court.
"""

from __future__ import annotations

import random
import re

import pytest

from generator.builders import safe_markdown
from generator.corpus import Corpus
from generator.load import load_root
from generator.public import public_view
from tests.conftest import GOOD


@pytest.fixture(scope="module")
def view():
    return public_view(Corpus.from_loaded(load_root(GOOD)))


def _plain_safe_markdown(text: str) -> str:
    """safe_markdown as six passes of regular expressions, each tried at every letter."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(
        r"\]\(\s*<?\s*(?:javascript|vbscript|data)\s*:(?:[^()]|\([^()]*\))*\)",
        "](#)",
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(
        r"^(\s{0,3}\[[^\]]+\]:\s*)<?\s*(?:javascript|vbscript|data)\s*:.*$",
        r"\1#",
        text,
        flags=re.IGNORECASE | re.MULTILINE,
    )
    text = re.sub(
        r"^(\s{0,3})(\d{1,3})([.)])(\s)",
        lambda m: f"{m[1]}{m[2]}\\{m[3]}{m[4]}",
        text,
        flags=re.MULTILINE,
    )
    return re.sub(r"(?<=\S)[ \t]*\n(?=[ \t]{0,3}\d{1,3}\\[.)]\s)", "  \n", text)


# pieces that make the passes meet: markers at line starts and inside lines, breaks of
# every kind, spaces that are not " ", digits that are not ASCII, escaped markers, links
_PIECES = (
    *("1", "2", "12", "123", "1234", "٣", ".", ")", "1\\.", "\n1. ", "\n 2) ", "\n\t3.\t"),
    *(" ", "  ", "\t", "\n", "\n\n", "\r", "\u00a0", "\u2028", "\x85", "\x1c", "a", "Ж"),
    *("\\", "[", "]", "(", ":", "&", "<", ">", "](", "]:", "javascript:", "data:", "[x]: "),
)


@pytest.mark.parametrize("long_text", [False, True])
def test_safe_markdown_is_its_six_passes(long_text):
    rng = random.Random(5)
    for _ in range(10_000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 24)))
        if long_text:  # past the length under which the text is searched first
            text += "ж" * 300 if rng.random() < 0.5 else ""
            text = "ж" * 300 + text
        assert safe_markdown(text) == _plain_safe_markdown(text), repr(text)


def test_safe_markdown_of_the_courts_texts(view):
    texts = [r.text for r in view.rulings] + [r.headnote or "" for r in view.rulings]
    for text in texts:
        assert safe_markdown(text) == _plain_safe_markdown(text)


def _plain_akn_xml(r, history, court_name: str, doc_type: str) -> bytes:
    """akn_xml as an ElementTree: built an element at a time, indented, serialised."""
    import xml.etree.ElementTree as ET

    from generator.opendata import (
        AKN_COURT,
        AKN_NS,
        LANG3,
        akn_expression,
        akn_work,
        judgment_blocks,
    )

    ET.register_namespace("", AKN_NS)

    def el(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
        node = ET.SubElement(parent, f"{{{AKN_NS}}}{tag}", attrs)
        if text is not None:
            node.text = text
        return node

    expression = akn_expression(r, history)
    published = (history.published if history else r.date).isoformat()
    version = (history.updated if history else r.date).isoformat()
    root = ET.Element(f"{{{AKN_NS}}}akomaNtoso")
    judgment = el(root, "judgment", name="judgment")
    meta = el(judgment, "meta")
    ident = el(meta, "identification", source="#alqa")
    work = el(ident, "FRBRWork")
    el(work, "FRBRthis", value=f"{akn_work(r)}/!main")
    el(work, "FRBRuri", value=akn_work(r))
    el(work, "FRBRdate", date=r.date.isoformat(), name="judgment")
    el(work, "FRBRauthor", href=f"#{AKN_COURT}")
    el(work, "FRBRcountry", value="kz")
    el(work, "FRBRnumber", value=r.case_number)
    expr = el(ident, "FRBRExpression")
    el(expr, "FRBRthis", value=f"{expression}/!main")
    el(expr, "FRBRuri", value=expression)
    el(expr, "FRBRdate", date=version, name="version" if history else "judgment")
    el(expr, "FRBRauthor", href=f"#{AKN_COURT}")
    el(expr, "FRBRlanguage", language=LANG3[r.language])
    mani = el(ident, "FRBRManifestation")
    el(mani, "FRBRthis", value=f"{expression}/!main.xml")
    el(mani, "FRBRuri", value=f"{expression}.akn")
    el(mani, "FRBRdate", date=published, name="publication")
    el(mani, "FRBRauthor", href="#alqa")
    refs = el(meta, "references", source="#alqa")
    el(refs, "TLCOrganization", eId=AKN_COURT,
       href=f"/akn/ontology/organization/kz/{AKN_COURT}", showAs=court_name)  # fmt: skip
    el(refs, "TLCOrganization", eId="alqa", href="/akn/ontology/organization/kz/alqa",
       showAs="Alqa")  # fmt: skip
    for judge in r.panel:
        el(refs, "TLCPerson", eId=judge.id, href=f"/akn/ontology/person/kz/{judge.id}",
           showAs=judge.name(r.language))  # fmt: skip
    header = el(el(judgment, "header"), "p")
    el(header, "docType", doc_type).tail = " № "
    el(header, "docNumber", r.case_number).tail = ", "
    el(header, "docDate", r.date.isoformat(), date=r.date.isoformat()).tail = ", "
    el(header, "docProponent", court_name, refersTo=f"#{AKN_COURT}")
    body = el(judgment, "judgmentBody")
    for name, texts in judgment_blocks(r.text):
        block = el(body, name)
        for text in texts:
            el(block, "p", text)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


_AWKWARD = ('a & b <c> "d"', "line\nbreak\r\tand tab", "", "ж\ud800", "**жирный** _курсив_ \\1.")


class _Judge:
    def __init__(self, odd: str) -> None:
        self.id, self.odd = f"j-{odd}", odd

    def name(self, lang: str) -> str:
        return f"{self.odd} {lang}"


def test_akn_xml_is_what_elementtree_writes(view):
    import dataclasses
    import datetime as dt

    from generator.history import RulingHistory, RulingVersion
    from generator.opendata import akn_xml

    first = RulingVersion("a" * 40, dt.date(2026, 1, 5), "", None)
    corrected = RulingHistory((first, dataclasses.replace(first, date=dt.date(2026, 2, 7))))
    rulings = list(view.rulings)
    for i, odd in enumerate(_AWKWARD):
        r = rulings[i % len(rulings)]
        rulings += [
            dataclasses.replace(r, case_number=odd or "1", panel=(_Judge(odd), *r.panel)),
            dataclasses.replace(r, text=f"# ҚАУЛЫ\n\n{odd}\n\n## ҚАУЛЫ ЕТТІ:\n\n{odd}x\n"),
            dataclasses.replace(r, text=odd),
        ]
    for r in rulings:
        for history in (None, corrected):
            for court in ("Жоғарғы Сот", 'A & "B"', ""):
                args = (r, history, court, "Қаулы")
                assert akn_xml(*args) == _plain_akn_xml(*args)


def test_fold_is_how_icalendar_folds():
    from icalendar.parser import Contentline

    from generator.ical import fold

    rng = random.Random(7)
    pieces = ("a", " ", "\\", "^", "\\n", "\\,", "ж", "€", "😀", ";", ":")
    for _ in range(5_000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 120)))
        assert fold(line) == Contentline(line).to_ical(), repr(line)


def _plain_event(h, lang: str, zone):
    """A hearing's VEVENT as one icalendar model, its properties added one by one."""
    import datetime as dt

    import icalendar

    from generator.builders.schedule import HEARING_MINUTES
    from generator.i18n import t

    event = icalendar.Event()
    event.add("uid", f"{h.slug}-{h.at:%Y%m%dT%H%M}@alqa")
    event.add("dtstamp", dt.datetime.combine(h.scheduled_on, dt.time(0, 0), dt.UTC))
    event.add("dtstart", h.at.replace(tzinfo=zone))
    event.add("dtend", (h.at + dt.timedelta(minutes=HEARING_MINUTES)).replace(tzinfo=zone))
    if h.closed:
        event.add("summary", f"№ {h.case_number}: {t('closed_hearing', lang)}")
        event.add("class", "CONFIDENTIAL")
    else:
        event.add("summary", f"№ {h.case_number}: {h.category.name(lang)}")
        event.add("location", h.room)
        lines = [
            f"{t('panel', lang)}: {', '.join(j.name(lang) for j in h.panel)}",
            f"{t('format', lang)}: {t('format_' + h.format.value, lang)}",
        ]
        if h.lower_court:
            lines.append(f"{t('lower_courts', lang)}: {h.lower_court.name(lang)}")
        lines += [f"{t('role_' + p.role, lang)}: {p.name}" for p in h.parties]
        event.add("description", "\n".join(lines))
    if h.status == "postponed":
        event.add("status", "CANCELLED")
        new = f" {h.new_at:%Y-%m-%d %H:%M}" if h.new_at else ""
        event["summary"] = (
            f"{event['summary']} ({t('postponed_to' if new else 'postponed', lang)}{new})"
        )
    else:
        event.add("status", "CONFIRMED")
    return event


def _plain_calendar(hearings, lang: str, tz: str, name: str) -> bytes:
    """The calendar as one icalendar model, serialised by icalendar."""
    from zoneinfo import ZoneInfo

    import icalendar

    zone = ZoneInfo(tz)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Alqa//Civil cassation collegium//KK")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", tz)
    for h in hearings:
        cal.add_component(_plain_event(h, lang, zone))
    for tzid in sorted(cal.get_missing_tzids()):
        cal.subcomponents.insert(len(cal.timezones), icalendar.Timezone.from_tzid(tzid))
    return cal.to_ical()


def test_calendars_are_what_icalendar_writes(view):
    import dataclasses
    import datetime as dt

    from generator.builders.schedule import calendar
    from generator.ical import PropertyLines

    hearings = list(view.hearings)
    odd = [
        dataclasses.replace(h, room=f"{text} {'ж' * 40}\\^", case_number=f"{text}^")
        for h, text in zip(hearings, _AWKWARD[:2] + ("a,b;c", "x" * 200), strict=False)
    ]
    postponed = [h for h in hearings if h.status == "postponed"]
    odd += [dataclasses.replace(h, new_at=None) for h in postponed[:2]]
    odd += [dataclasses.replace(h, closed=True, status="postponed") for h in hearings[:2]]
    # a time that is there twice (clocks set back): the event's times keep their fold
    odd += [
        dataclasses.replace(h, at=dt.datetime(2026, 10, 25, 2, 30, fold=fold))
        for h in hearings[:1]
        for fold in (0, 1)
    ]
    lines = PropertyLines()  # shared by languages and zones, as a build shares it
    for lang in ("kk", "ru"):
        for tz in (view.court.timezone, "Europe/Berlin"):
            made: dict = {}  # the events of one language and zone, as a build shares them
            for chosen in (hearings, hearings[::2], odd, []):
                got = calendar(chosen, lang, tz, "Кесте: 2026 жыл", made, lines)
                assert got == _plain_calendar(chosen, lang, tz, "Кесте: 2026 жыл")


def _plain_paragraphs(text: str) -> list[tuple[str, bool]]:
    """opendata.paragraphs with every step taken for every paragraph."""
    markup = re.compile(r"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1")
    out = []
    for block in re.split(r"\n\s*\n", text.strip()):
        heading = block.lstrip().startswith("#")
        plain = " ".join(line.strip() for line in block.strip().lstrip("#").splitlines())
        plain = markup.sub(r"\2", plain).replace("\\", "").strip()
        if plain:
            out.append((plain, heading))
    return out


def test_paragraphs_take_off_what_they_took_off(view):
    from generator.opendata import paragraphs

    rng = random.Random(11)
    pieces = ("a", "Ж", " ", "\t", "\n", "\n\n", "\n \n", "\r\n", "\u2028", "#", "## ")
    pieces += ("*", "**", "_", "__", "\\", "1\\.", "x*y", "_z_")
    texts = [r.text for r in view.rulings]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(5000)]
    for text in texts:
        assert paragraphs(text) == _plain_paragraphs(text), repr(text)
