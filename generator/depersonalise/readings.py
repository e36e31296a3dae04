"""How the leak gate reads built files: markup without its tags, entities, \\uXXXX and
JSON escapes decoded (keeping where each change was made, for line numbers), where another
reading of the same characters could join what one keeps apart (`_joins`, `_number_gaps`,
`_entity_matters`), and the texts of calendars, office documents, PDFs and JSON values.

Pure functions of the text; generator.depersonalise.gate scans what they give (see
`LeakScanner.scan_source` for why these readings are enough).
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import os
import re
import zipfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(
    r"</(?:w:p|text:p|text:h|a:p|si|row|p|div|li|td|th|tr|h\d)>|<w:br/>|<w:tab/>"
)
_U_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
# tags holding a line break: the same tags as `_TAG` takes (see `_tag_newlines`)
_TAG_NL = re.compile(r"<[^>]*\n[^>]*>")
# what html.unescape replaces (its `_charref`), each match on its own
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
# `_U_ESCAPE`s in a row. (Patterns here start with a literal or a character class, not a
# group or an alternation of them: `re` then skips to candidates at C speed.)
_U_RUN = re.compile(r"\\u[0-9a-fA-F]{4}(?:\\u[0-9a-fA-F]{4})*")
_JSON_CHARS = {  # the one-character escapes of JSON strings
    '\\"': '"',
    "\\/": "/",
    "\\b": "\b",
    "\\f": "\f",
    "\\n": "\n",
    "\\r": "\r",
    "\\t": "\t",
}
_TEN_DIGITS = re.compile(r"\d{10}")
_NON_WORDS = re.compile(r"\W{5,}")
_EMAILISH = frozenset(".+-@")
_DIGITISH = frozenset("-(),.+\xa0")
_ACTIVE = _EMAILISH | _DIGITISH
_STOP = re.compile(r"[^\w\s\-()+.,@]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_U_ESCAPE = re.compile(r"\\(?!u[0-9a-fA-F]{4})")
_LineOf = Callable[[int], int]


def _free_chars(text: str, n: int) -> list[str]:
    """`n` private-use characters that do not occur in `text`."""
    free = []
    for code in range(0xE000, 0xF900):
        if chr(code) not in text:
            free.append(chr(code))
            if len(free) == n:
                return free
    raise ValueError("no free private-use character")  # a text holding 6,400 of them


@lru_cache(maxsize=8)
def _glue(sent: str) -> re.Pattern[str]:
    """Runs of removed tags (`sent`) between two non-space characters (the pattern starts
    with `sent`, not a lookbehind, so `re` skips to it at C speed)."""
    return re.compile(rf"{sent}(?<=[^\s{sent}]{sent}){sent}*(?=[^\s{sent}])")


def _tag_newlines(m: re.Match[str]) -> str:
    """A tag holding line breaks, in every reading: its line breaks. (`_TAG_NL` takes the
    same tags as `_TAG`: both end at the first ">", so the tags are the same everywhere.)"""
    return "\n" * m.group().count("\n")


@lru_cache(maxsize=8)
def _gap(sent: str) -> re.Pattern[str]:
    """Tags (`sent`) with separators of digit groups after them up to a digit."""
    return re.compile(rf"{sent}(?<=[\d \xa0\-()+{sent}]{sent})[ \xa0\-()+{sent}]*\d")


def _number_gaps(text: str, sent: str) -> list[tuple[int, int]]:
    """Where tags (`sent`) stand between two digits with at most three other separators
    of digit groups (" -()+", no-break space): there the text, with a tag as nothing or
    one space, may join digits that a tag, or a space for each, keeps apart."""
    gaps = []
    for m in _gap(sent).finditer(text):
        count = sum(c != sent for c in m.group()[:-1])
        k = m.start() - 1
        while k >= 0 and count <= 3 and (text[k] == sent or text[k] in " \xa0-()+"):
            count += text[k] != sent
            k -= 1
        if k >= 0 and count <= 3 and text[k].isdecimal():
            gaps.append((k + 1, m.end() - 1))
    return gaps


def _unescape(text: str) -> tuple[str, list[tuple[int, int, int, int]]]:
    """html.unescape(text), and where it changed the text: (start, end) before and after.
    (html.unescape replaces each match of `_CHARREF` on its own, as done here.)"""
    if "&" not in text:
        return text, []
    edits: list[tuple[int, int, int, int]] = []
    shift = 0

    def decode(m: re.Match[str]) -> str:
        nonlocal shift
        new = html.unescape(m.group())
        if new != m.group():
            start = m.start() + shift
            edits.append((m.start(), m.end(), start, start + len(new)))
            shift += len(new) - (m.end() - m.start())
        return new

    return _CHARREF.sub(decode, text), edits


def _back(edits: list[tuple[int, int, int, int]], at: int) -> int:
    """The offset before `_unescape` of offset `at` after it."""
    shift = 0
    for start, end, new_start, new_end in edits:
        if new_start > at:
            break
        if at < new_end:
            return start
        shift = end - new_end
    return at + shift


def _u_char(m: re.Match[str]) -> str:
    return chr(int(m[1], 16))


def _u_run(m: re.Match[str]) -> str:
    """A run of \\uXXXX escapes, each decoded on its own (no surrogate pairs joined)."""
    return m.group().encode("ascii").decode("unicode_escape")


def _u_back(runs: list[tuple[int, int, int]], at: int) -> int:
    """The offset before decoding the runs of escapes (see `_scan_escapes`) of `at` after."""
    back = at
    for start, count, was in runs:
        if start > at:
            break
        back = was + 6 * (at - start) if at < start + count else at + (was - start) + 5 * count
    return back


def _compose(outer: _LineOf, inner: Callable[[int], int]) -> _LineOf:
    return lambda at: outer(inner(at))


def _word(c: str) -> bool:
    return c.isalnum() or c == "_"


def _joinable(x: str, y: str) -> bool:
    """Whether some pattern reads `x` and `y` differently with or without a space between:
    two word characters (one word or two), a digit beside a space or a separator of digit
    groups " -(),.+" (phones, IINs), characters of e-mails and initials (letters, digits,
    ".+-@": "a" + "@b.kz", "А." + "Б."), a space (an entity decoded to one) beside any of
    these."""
    wx, wy = _word(x), _word(y)
    if (wx or x in _EMAILISH) and (wy or y in _EMAILISH):
        return True
    if (x.isdecimal() and (y in _DIGITISH or y.isspace())) or (
        y.isdecimal() and (x in _DIGITISH or x.isspace())
    ):
        return True
    return (x.isspace() and (wy or y in _ACTIVE)) or (y.isspace() and (wx or x in _ACTIVE))


def _joins(text: str, mark: str) -> list[tuple[int, int]]:
    """The places (in `text` without the marks) where reading tags as nothing rather than
    as a space could change what the patterns see (`_join_matters`)."""
    sites = []
    at, i = text.find(mark), 0
    while at >= 0:
        if _join_matters(text, at, mark):
            sites.append((at - i, at - i))
        at, i = text.find(mark, at + 1), i + 1
    return sites


def _join_matters(text: str, at: int, mark: str) -> bool:
    """Whether the space a tag left at `at` (between two non-space characters) could
    matter to a pattern (`_joinable`: joined words, "880412" + "-300129", "a" + "@b.kz",
    "А." + "Б."). Otherwise (a word beside ¶, «, », /, :, or a bracket beside a letter, as
    in "…/5438)<br>Судебная") the characters end words, numbers, initials and e-mails with
    or without a space; the space matters only to an address, whose words may be 1 to 4
    non-word characters apart: when it makes the gap too long."""
    x = text[at - 1] if at > 0 else mark
    y = text[at + 1] if at + 1 < len(text) else mark
    if x == mark or y == mark:
        return True
    if _joinable(x, y):
        return True
    joined, spaced = 0, 1  # the gap's length without and with the spaces tags left
    for step in (-1, 1):
        k = at + step
        while 0 <= k < len(text) and not _word(text[k]):
            joined += text[k] != mark
            spaced += 1
            if joined > 4:
                return False
            k += step
        if not 0 <= k < len(text):
            return False
    return spaced > 4


def _hard_stop(text: str, start: int, end: int, last: bool = False) -> int | None:
    """The first (or last) character in text[start:end] that no pattern reads across: one
    not a letter, digit, space, or character of initials, phones, IINs and e-mails, in a
    run of five or more non-word characters (an address's words may be up to four apart).
    The patterns look one character before a match at most, and a match or its context
    holds no such character: a surname's initials or given name follow it after spaces
    only, digits run on through " -()+" and no-break spaces, an e-mail holds letters, digits
    and ".+-@"."""
    stops = [
        m.start()
        for run in _NON_WORDS.finditer(text, start, end)
        if (m := _STOP.search(text, run.start(), run.end())) is not None
    ]
    return (stops[-1] if last else stops[0]) if stops else None


def _entity_matters(text: str, start: int, end: int, decoded: str) -> bool:
    """Whether reading an entity as written could show a leak its decoded text hides: a
    word that runs on into a decoded letter or digit (Оспанов&#1093;), or a number written
    as one. (An entity decoded to a space or a sign ends a word either way.)"""
    return (
        (start > 0 and _word(text[start - 1]) and _word(decoded[:1]))
        or (end < len(text) and _word(text[end]) and _word(decoded[-1:]))
        or _TEN_DIGITS.search(text, start, end) is not None
    )


def _json_u_run(m: re.Match[str]) -> str:
    return _json_u(m.group())


def _json_u(run: str) -> str:
    """A run of \\uXXXX escapes as a JSON parser reads it (a surrogate pair is one
    character; a lone surrogate stays)."""
    chars = run.encode("ascii").decode("unicode_escape")
    return json.loads(f'"{run}"') if _SURROGATE.search(chars) else chars


def _json_unescape(text: str) -> str:
    """`text` with JSON string escapes decoded (the quotes and structure stay). A JSON
    parser takes every backslash with the character after it, from the left; so do these
    replacements: the text split at escaped backslashes, then in each part each
    one-character escape, then \\uXXXX ones a run at a time (a decoded backslash or quote
    can start no escape). JSON Lines of rulings hold thousands of \\n."""
    if "\\" not in text:
        return text
    if "\\\\" in text:
        return "\\".join(map(_json_unescape, text.split("\\\\")))
    for escape, char in _JSON_CHARS.items():
        text = text.replace(escape, char)
    if "\\u" not in text:
        return text
    if text.isascii() and not _NOT_U_ESCAPE.search(text):  # JSON written with ensure_ascii
        decoded = text.encode("ascii").decode("unicode_escape")
        if not _SURROGATE.search(decoded):
            return decoded
    return _U_RUN.sub(_json_u_run, text)


def _ics_variants(raw: str) -> list[tuple[str, bool]]:
    """An iCalendar file, lines unfolded (folding at 75 octets often splits a name): as
    written, entity-decoded, \\uXXXX-decoded, and without the escapes of TEXT values."""
    raw = re.sub(r"\r?\n[ \t]", "", raw)
    variants = [(raw, True), (html.unescape(raw), True)]
    if "\\u" in raw:
        variants.append((_U_ESCAPE.sub(_u_char, raw), True))
    unescaped = raw.replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n")
    variants.append((unescaped, False))
    return variants


_TAG_READINGS = (
    lambda t: t,
    html.unescape,
    lambda t: _U_ESCAPE.sub(_u_char, t),
    lambda t: _U_ESCAPE.sub(_u_char, html.unescape(t)),
)


def _strings(value: object) -> list[str]:
    """Every string (keys too) in a JSON-like value, in order."""
    found: list[str] = []
    _collect_strings(value, found.append)
    return found


def _collect_strings(value: object, add: Callable[[str], None]) -> None:
    """(A call for each value that is not a string only: a JSON line holds hundreds.)"""
    if isinstance(value, str):
        add(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            if isinstance(k, str):
                add(k)
            else:
                _collect_strings(k, add)
            if isinstance(v, str):
                add(v)
            elif isinstance(v, dict | list | tuple):
                _collect_strings(v, add)
    elif isinstance(value, list | tuple):
        for v in value:
            if isinstance(v, str):
                add(v)
            elif isinstance(v, dict | list | tuple):
                _collect_strings(v, add)


def _zip_texts(data: bytes) -> list[tuple[str, bool]]:
    """Text of the XML parts of an office document: runs joined, paragraphs on lines."""
    texts = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels", ".xhtml", ".html")):
                xml = z.read(name).decode("utf-8", "replace")
                joined = _TAG.sub("", _BLOCK_END.sub("\n", xml))
                texts += [
                    (html.unescape(joined), False),
                    (html.unescape(_TAG.sub(" ", xml)), False),
                ]
    return texts


def _pdf_text(path: Path, data: bytes, cache_dir: Path | None = None) -> str:
    try:
        from pypdf import PdfReader
    except ImportError as e:  # a gate that silently skips PDFs would be no gate
        raise RuntimeError(f"{path}: pypdf is needed to scan PDF files") from e
    cached = cache_dir / f"{hashlib.sha256(data).hexdigest()}.txt" if cache_dir else None
    if cached is not None and cached.is_file():
        return cached.read_text(encoding="utf-8")
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(cached)
    return text
