"""Open data of the public rulings: metadata records (JSON, CSV), full texts (JSON Lines),
Akoma Ntoso XML per ruling, and the sitemap entries of the data files.

Pure functions of the public view (and of the history dates); the open-data builder turns
them into files. Everything is sorted and dated from the records or from git, never from the
clock, so the same commit gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

from generator.builders import url_of
from generator.history import RulingHistory

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
AKN_COURT = "supremecourt"  # the author's id in Akoma Ntoso URIs
LANG3 = {"kk": "kaz", "ru": "rus"}
FOLDER = "opendata"
CSV_FIELDS = (
    "id", "case_number", "date", "year", "language", "languages", "category",
    "category_name_kk", "category_name_ru", "outcome", "practice_forming", "resonant",
    "region", "lower_courts", "panel", "rapporteur", "norms", "keywords", "headnote",
    "published", "updated", "versions", "url", "akn",
)  # fmt: skip


def ruling_id(r) -> str:
    return f"{r.slug}.{r.language}"


def akn_path(r) -> str:
    """Where the ruling's XML is on the site: opendata/akn/YEAR/SLUG.LANG.xml."""
    return f"{FOLDER}/akn/{r.year}/{ruling_id(r)}.xml"


def page_url(r, site_url: str) -> str:
    """The absolute address of the ruling's page (Russian pages live under /ru/)."""
    prefix = "ru/" if r.language == "ru" else ""
    return site_url.rstrip("/") + "/" + prefix + url_of(f"rulings/{r.year}/{r.slug}.md")


def akn_work(r) -> str:
    """/akn/kz/judgment/supremecourt/2026-10-14/6001-26-00-3gp-1: stable across corrections."""
    return f"/akn/kz/judgment/{AKN_COURT}/{r.date.isoformat()}/{r.slug}"


def akn_expression(r, history: RulingHistory | None) -> str:
    """…/kaz@ for the text as first published; …/kaz@DATE for a corrected version."""
    version = history.updated.isoformat() if history and history.corrected else ""
    return f"{akn_work(r)}/{LANG3[r.language]}@{version}"


def record(r, history: RulingHistory | None, site_url: str) -> dict:
    """The public metadata of one ruling, as the JSON export and the feeds give it."""
    lang = r.language
    return {
        "id": ruling_id(r),
        "case_number": r.case_number,
        "date": r.date.isoformat(),
        "year": r.year,
        "language": lang,
        "languages": list(r.languages),
        "category": r.category.id,
        "category_name": {"kk": r.category.name("kk"), "ru": r.category.name("ru")},
        "outcome": r.outcome.value,
        "practice_forming": r.practice_forming,
        "resonant": r.resonant,
        "region": r.region.id if r.region else None,
        "lower_courts": [
            {
                "court": ref.court.id,
                "name": ref.court.name(lang),
                "instance": ref.court.instance.value,
                "date": ref.date.isoformat(),
                "number": ref.number,
            }
            for ref in r.lower_courts
        ],
        "panel": [{"id": j.id, "name": j.name(lang)} for j in r.panel],
        "rapporteur": r.rapporteur.id if r.rapporteur else None,
        "norms": list(r.norms),
        "keywords": list(r.keywords),
        "headnote": r.headnote,
        "published": history.published.isoformat() if history else None,
        "updated": history.updated.isoformat() if history else None,
        "versions": len(history.versions) if history else None,
        "url": page_url(r, site_url),
        "akn": site_url.rstrip("/") + "/" + akn_path(r),
        "akn_expression": akn_expression(r, history),
    }


def json_line(record: dict) -> str:
    """One ruling's record as one line of JSON (json's C encoder: an indented dump goes
    through its Python one, 5 s at 10,000)."""
    return json.dumps(record, ensure_ascii=False)


Part = tuple[str | None, Callable[[], bytes]]  # (key, make): see builders.JoinedPage


def json_parts(about: dict, lines: list[tuple[str | None, Callable[[], str]]]) -> list[Part]:
    """{...about, count, rulings: [...]}, a ruling a line (readable and diffable), as the
    parts of a JoinedPage: the head, each ruling's `json_line` (with the comma or line end
    after it, so its key says which), the tail. `lines`: (key, make the line) a ruling."""
    head = json.dumps({**about, "count": len(lines)}, ensure_ascii=False)[:-1]
    head += ', "rulings": [\n'
    parts: list[Part] = [(_own_key("head", head), lambda: head.encode())]
    for i, (key, line) in enumerate(lines):
        end = ",\n" if i < len(lines) - 1 else "\n"
        parts.append((key and f"{key}:json{end!r}", _then(line, end)))
    tail = "]}\n" if lines else "\n]}\n"
    parts.append((_own_key("tail", tail), lambda: tail.encode()))
    return parts


def csv_parts(rows: list[tuple[str | None, Callable[[], str]]]) -> list[Part]:
    """A header and each ruling's `csv_row` (UTF-8), as the parts of a JoinedPage."""
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=CSV_FIELDS).writeheader()
    header = out.getvalue()
    return [(_own_key("header", header), lambda: header.encode())] + [
        (key and f"{key}:csv", _then(row, "")) for key, row in rows
    ]


def _own_key(name: str, text: str) -> str:
    """The key of a small part: its own bytes."""
    return f"{name}:" + hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _then(make: Callable[[], str], end: str) -> Callable[[], bytes]:
    return lambda: (make() + end).encode()


def jsonl_line(line: str, text: str) -> bytes:
    """The JSON Lines entry of a ruling: its record's `json_line` with the text added last,
    as json.dumps({**record, "text": text}) writes it; encoded at once, as joining the
    text first would hold every ruling's text twice more as str (two or four bytes a
    letter) before the bytes."""
    return f'{line[:-1]}, "text": {json.dumps(text, ensure_ascii=False)}}}\n'.encode()


def csv_row(record: dict) -> str:
    """One ruling's CSV row (RFC 4180 line end); lists joined with '; '."""
    row = dict(record)
    row["languages"] = "; ".join(record["languages"])
    row["category_name_kk"] = record["category_name"]["kk"]
    row["category_name_ru"] = record["category_name"]["ru"]
    row["lower_courts"] = "; ".join(
        " ".join(x for x in (c["court"], c["date"], c["number"] or "") if x)
        for c in record["lower_courts"]
    )
    row["panel"] = "; ".join(j["name"] for j in record["panel"])
    row["norms"] = "; ".join(record["norms"])
    row["keywords"] = "; ".join(record["keywords"])
    row["practice_forming"] = str(record["practice_forming"]).lower()
    row["resonant"] = str(record["resonant"]).lower()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()


_DECISION = re.compile(
    r"ПОСТАНОВИЛ|ОПРЕДЕЛИЛ|РЕШИЛ|ҚАУЛЫ\s+ЕТ|ҰЙҒАРДЫ|ШЕШІМ\s+ЕТ|ҚАУЛЫ\s+ЕТЕДІ", re.IGNORECASE
)
_MARKUP = re.compile(r"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1")
_BLANK_LINE = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[tuple[str, bool]]:
    """(plain paragraph, is a heading) of a Markdown ruling text."""
    out = []
    for block in _BLANK_LINE.split(text.strip()):
        block = block.strip()
        lines = block.lstrip("#").splitlines()
        # most paragraphs are a line, without emphasis or escapes to take off
        plain = lines[0].strip() if len(lines) == 1 else " ".join(x.strip() for x in lines)
        if "*" in plain or "_" in plain:
            plain = _MARKUP.sub(r"\2", plain)
        if "\\" in plain:
            plain = plain.replace("\\", "")
        plain = plain.strip()
        if plain:
            out.append((plain, block.startswith("#")))
    return out


def judgment_blocks(text: str) -> list[tuple[str, list[str]]]:
    """Split the text into Akoma Ntoso judgment blocks: introduction (up to the first
    section heading), motivation, decision (from the 'ПОСТАНОВИЛА' / 'ҚАУЛЫ ЕТТІ' heading)."""
    blocks: dict[str, list[str]] = {"introduction": [], "motivation": [], "decision": []}
    part = "introduction"
    for plain, heading in paragraphs(text):
        if heading and part != "decision" and _DECISION.search(plain):
            part = "decision"
        elif heading and part == "introduction" and blocks["introduction"]:
            part = "motivation"
        blocks[part].append(plain)
    if not blocks["motivation"] and not blocks["decision"]:
        blocks = {"motivation": blocks["introduction"]}
    return [(name, ps) for name, ps in blocks.items() if ps]


def akn_xml(r, history: RulingHistory | None, court_name: str, doc_type: str) -> bytes:
    """The ruling as an Akoma Ntoso 3.0 `judgment` (FRBR identification, header, body),
    written as xml.etree.ElementTree writes the tree, indented (ET.indent), with its
    declaration: the same bytes, made as one string (the tree's ~90 elements, built and
    serialised one by one, took seconds for a court's rulings)."""
    work, expression = akn_work(r), akn_expression(r, history)
    date = r.date.isoformat()
    published = (history.published if history else r.date).isoformat()
    version = (history.updated if history else r.date).isoformat()
    kind = "version" if history else "judgment"
    persons = "".join(
        f'\n        <TLCPerson eId="{_attr(j.id)}" href="/akn/ontology/person/kz/{_attr(j.id)}"'
        f' showAs="{_attr(j.name(r.language))}" />'
        for j in r.panel
    )
    # a block's paragraphs escaped at once: they are lines (paragraphs() joined theirs)
    blocks = "".join(
        f"\n      <{name}>\n        <p>"
        + _cdata("\n".join(texts)).replace("\n", "</p>\n        <p>")
        + f"</p>\n      </{name}>"
        for name, texts in judgment_blocks(r.text)
    )
    body = f"<judgmentBody>{blocks}\n    </judgmentBody>" if blocks else "<judgmentBody />"
    court = f' refersTo="#{AKN_COURT}"'
    xml = f"""<?xml version='1.0' encoding='utf-8'?>
<akomaNtoso xmlns="{AKN_NS}">
  <judgment name="judgment">
    <meta>
      <identification source="#alqa">
        <FRBRWork>
          <FRBRthis value="{_attr(work)}/!main" />
          <FRBRuri value="{_attr(work)}" />
          <FRBRdate date="{date}" name="judgment" />
          <FRBRauthor href="#{AKN_COURT}" />
          <FRBRcountry value="kz" />
          <FRBRnumber value="{_attr(r.case_number)}" />
        </FRBRWork>
        <FRBRExpression>
          <FRBRthis value="{_attr(expression)}/!main" />
          <FRBRuri value="{_attr(expression)}" />
          <FRBRdate date="{version}" name="{kind}" />
          <FRBRauthor href="#{AKN_COURT}" />
          <FRBRlanguage language="{LANG3[r.language]}" />
        </FRBRExpression>
        <FRBRManifestation>
          <FRBRthis value="{_attr(expression)}/!main.xml" />
          <FRBRuri value="{_attr(expression)}.akn" />
          <FRBRdate date="{published}" name="publication" />
          <FRBRauthor href="#alqa" />
        </FRBRManifestation>
      </identification>
      <references source="#alqa">
        <TLCOrganization eId="{AKN_COURT}" href="/akn/ontology/organization/kz/{AKN_COURT}" \
showAs="{_attr(court_name)}" />
        <TLCOrganization eId="alqa" href="/akn/ontology/organization/kz/alqa" showAs="Alqa" />\
{persons}
      </references>
    </meta>
    <header>
      <p>
        {_leaf("docType", doc_type)} № {_leaf("docNumber", r.case_number)}, \
{_leaf("docDate", date, f' date="{date}"')}, {_leaf("docProponent", court_name, court)}
      </p>
    </header>
    {body}
  </judgment>
</akomaNtoso>
"""
    # ElementTree's writer replaces what UTF-8 cannot encode (lone surrogates) so
    return xml.encode("utf-8", "xmlcharrefreplace")


def _cdata(text: str) -> str:
    """Element text escaped as ElementTree escapes it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    """An attribute's value escaped as ElementTree escapes it (line breaks and tabs as
    character references, so they survive a parser's normalisation)."""
    value = _cdata(value).replace('"', "&quot;")
    return value.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")


def _leaf(tag: str, text: str, attrs: str = "") -> str:
    """An element with text only, as ElementTree writes it (empty: `<tag />`)."""
    return f"<{tag}{attrs}>{_cdata(text)}</{tag}>" if text else f"<{tag}{attrs} />"


def extend_sitemap(site: Path, site_url: str, folder: str = FOLDER) -> int:
    """mkdocs lists pages only: add every data file under site/FOLDER to site/sitemap.xml
    (and its .gz, keeping mkdocs's gzip timestamp). Returns the number of entries added."""
    sitemap = site / "sitemap.xml"
    data = site / folder
    if not sitemap.is_file() or not data.is_dir():
        return 0
    text = sitemap.read_text(encoding="utf-8")
    lastmod = re.search(r"<lastmod>([^<]+)</lastmod>", text)
    # os.walk, not rglob and a stat a file: 10,000 Akoma Ntoso documents at 10,000 rulings
    files = sorted(
        f"{os.path.relpath(folder, site)}/{name}".replace(os.sep, "/")
        for folder, _, names in os.walk(data)
        for name in names
        if not name.endswith((".html", ".md"))
    )
    base = site_url.rstrip("/") + "/"
    modified = f"         <lastmod>{lastmod[1]}</lastmod>\n" if lastmod else ""
    entries = "".join(
        f"    <url>\n         <loc>{base}{path}</loc>\n{modified}    </url>\n" for path in files
    )
    text = text.replace("</urlset>", entries + "</urlset>", 1)
    _replace(sitemap, text.encode("utf-8"))
    zipped = site / "sitemap.xml.gz"
    if zipped.is_file():
        mtime = int.from_bytes(zipped.read_bytes()[4:8], "little")
        buf = io.BytesIO()
        with gzip.GzipFile(filename="", fileobj=buf, mode="wb", mtime=mtime, compresslevel=6) as gz:
            gz.write(text.encode("utf-8"))
        _replace(zipped, buf.getvalue())
    return len(files)


def day_time(day: dt.date, tz) -> dt.datetime:
    """A feed's timestamp for a date: noon in the court's time zone (stable, unambiguous)."""
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=tz)


def _replace(path: Path, data: bytes) -> None:
    """Write a new file in place of `path`: its old inode may be shared with the render
    cache (hard links, generator.render), which must not change."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
