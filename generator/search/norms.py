"""Legal norm citations ("АПК-нің 427-бабы", "ст. 427 ГПК РК") as canonical tokens.

A ruling cites the same article many ways, in Kazakh or Russian, by abbreviation or by
the code's full name; :func:`norm_tokens` maps all of them to one token per article
(``"gpk:427"``) plus one per part (``"gpk:427:2"``), so a search for "АПК 427" finds
every ruling applying that article however it was typed.

Canonical code ids: ``gpk`` (АПК / ГПК), ``gk`` (АК / ГК), ``zk`` (ЖК / ЗК), ``tk``
(ЕК / ТК), ``kobs`` (НжОК / КоБС), ``housing-law`` (ТҮҚЗ, Закон о жилищных
отношениях). A cited article whose code is not named next to it yields the bare number
(``"427"``); a code and a number next to each other ("ГПК 427") count as a citation.

Binding rules: Kazakh puts the code before the article ("АПК-нің 427-бабы") and the
part after it ("427-бабының 2-бөлігі"); Russian puts the code after the article
("ст. 427 ГПК") and the part before it ("ч. 2 ст. 427") or after it. The part is the
first subdivision named: бөлік / часть, else тармақ / пункт.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from whoosh.analysis import Token, Tokenizer

__all__ = ["CODES", "Norm", "NormAnalyzer", "NormTokenizer", "norm_tokens", "parse_norms"]

CODES: dict[str, str] = {
    "апк": "gpk",
    "гпк": "gpk",
    "ак": "gk",
    "гк": "gk",
    "жк": "zk",
    "зк": "zk",
    "ек": "tk",
    "тк": "tk",
    "нжок": "kobs",
    "кобс": "kobs",
    "түқз": "housing-law",
}

# Full names, most specific first (the procedural code before the civil one).
_FULL_NAMES: tuple[tuple[str, str], ...] = (
    ("gpk", r"азаматтық\s+процест\w*\s+кодекс\w*"),
    ("gpk", r"гражданск\w*\s+процессуальн\w*\s+кодекс\w*"),
    ("gk", r"азаматтық\s+кодекс\w*"),
    ("gk", r"гражданск\w*\s+кодекс\w*"),
    ("zk", r"жер\s+кодекс\w*"),
    ("zk", r"земельн\w*\s+кодекс\w*"),
    ("tk", r"еңбек\s+кодекс\w*"),
    ("tk", r"трудов\w*\s+кодекс\w*"),
    ("kobs", r"неке\s*(?:\(\s*ерлі-зайыптылық\s*\)\s*)?және\s+отбасы\s+туралы\W*\s*кодекс\w*"),
    (
        "kobs",
        r"кодекс\w*\s+(?:(?:республики\s+казахстан|рк)\s+)?\W?о\s+браке\s*"
        r"(?:\(\s*супружестве\s*\)\s*)?и\s+семье\W?",
    ),
    (
        "housing-law",
        r"\W?тұрғын\s+үй\s+қатынастары\s+туралы\W?\s+"
        r"(?:(?:қазақстан\s+республикасының|қр)\s+)?заң\w*",
    ),
    (
        "housing-law",
        r"закон\w*\s+(?:(?:республики\s+казахстан|рк)\s+)?\W?о\s+жилищных\s+"
        r"отношениях\W?",
    ),
)

_NUM = r"\d+(?:-\d+)?"
_KK_LIST = rf"{_NUM}(?:\s*(?:,|және|мен|бен)\s*{_NUM})*"
_RU_LIST = rf"{_NUM}(?:\s*(?:,|и)\s*{_NUM})*"
_ABBR = "|".join(sorted(CODES, key=len, reverse=True))

_ITEM = re.compile(
    "|".join(
        [f"(?P<full{i}>{pattern})" for i, (_, pattern) in enumerate(_FULL_NAMES)]
        + [
            rf"(?<!\w)(?P<abbr>{_ABBR})(?:-\w+)?(?!\w)",
            rf"(?<![\w.])(?P<kk_article>{_KK_LIST})\s*-?\s*ба[пб]\w*",
            r"(?<![\w.])(?P<kk_part>\d+)\s*-?\s*(?:бөлі[гк]\w*|тармағ\w*|тармақ(?!ш)\w*)",
            rf"(?<!\w)(?:ст\.?\s*ст\.?|стать\w*|статей|ст\.?)\s*(?P<ru_article>{_RU_LIST})",
            r"(?<!\w)(?:ч\.|част[ьиюе]\w*|п\.|пункт\w*)\s*(?P<ru_part>\d+)",
            rf"(?<![\w.,-])(?P<number>{_NUM})(?![\w-]|[.,]\d|\s*(?:год|жыл|ж\.))",
        ]
    )
)
# What may separate a code from the article it qualifies.
_GAP = re.compile(
    r"[\s,.:;()«»\"]*(?:\([^()]{0,40}\)\s*)?"
    r"(?:(?:рк|қр|республики\s+казахстан|қазақстан\s+республикасы(?:ның)?)[\s,.]*)?"
)
_TIGHT_GAP = re.compile(r"\s*(?:(?:рк|қр|республики\s+казахстан)\s*)?")
_PART_GAP = re.compile(r"[\s,]*")
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—−"})


@dataclass(frozen=True, slots=True)
class Norm:
    """One cited article: the code's canonical id (None if not named), article, part."""

    code: str | None
    article: str
    part: str | None = None

    def tokens(self) -> list[str]:
        """``["gpk:427", "gpk:427:2"]``; without a code ``["427", "427:2"]``."""
        base = f"{self.code}:{self.article}" if self.code else self.article
        return [base, f"{base}:{self.part}"] if self.part else [base]


@dataclass(slots=True)
class _Item:
    kind: str  # "code", "kk_article", "kk_part", "ru_article", "ru_part", "number"
    value: str  # the code id, or the number(s) as written
    start: int
    end: int
    used: bool = False


def _items(text: str) -> list[_Item]:
    items = []
    for match in _ITEM.finditer(text):
        kind = match.lastgroup or ""
        if kind.startswith("full"):
            items.append(_Item("code", _FULL_NAMES[int(kind[4:])][0], *match.span()))
        elif kind == "abbr":
            items.append(_Item("code", CODES[match.group(kind)], *match.span()))
        else:
            items.append(_Item(kind, match.group(kind), *match.span()))
    return items


def _numbers(listing: str) -> list[str]:
    return re.findall(_NUM, listing)


def _next_to(text: str, left: _Item, right: _Item, gap: re.Pattern[str]) -> bool:
    return gap.fullmatch(text, left.end, right.start) is not None


def _iter_norms(text: str) -> Iterator[tuple[Norm, int, int]]:
    """Yield each citation with the span of its article, in text order."""
    text = text.lower().replace("ё", "е").translate(_DASHES)
    items = _items(text)

    def at(i: int) -> _Item | None:
        return items[i] if 0 <= i < len(items) else None

    for i, item in enumerate(items):
        if item.kind in ("kk_article", "ru_article"):
            articles = _numbers(item.value)
            part = None
            first, last = item, item  # the article with the parts bound to it
            before, after = at(i - 1), at(i + 1)
            if item.kind == "kk_article":
                if after and after.kind == "kk_part" and _next_to(text, item, after, _PART_GAP):
                    part, last, after = after.value, after, at(i + 2)
            else:
                if before and before.kind == "ru_part" and _next_to(text, before, item, _TIGHT_GAP):
                    part, first, before = before.value, before, at(i - 2)
                if after and after.kind == "ru_part" and _next_to(text, item, after, _TIGHT_GAP):
                    part, last, after = part or after.value, after, at(i + 2)
            left = before if before and before.kind == "code" else None
            right = after if after and after.kind == "code" else None
            left_ok = left is not None and _next_to(text, left, first, _GAP)
            right_ok = right is not None and _next_to(text, last, right, _TIGHT_GAP)
            # Russian names the code after the article, Kazakh before it; the other
            # side is a fallback, if no other citation has claimed that code.
            if item.kind == "ru_article":
                candidates = ((right, right_ok, True), (left, left_ok, False))
            else:
                candidates = ((left, left_ok, True), (right, right_ok, False))
            code = next(
                (c for c, ok, preferred in candidates if ok and (preferred or not c.used)), None
            )
            if code is not None:
                code.used = True
            for article in articles:
                yield (
                    Norm(
                        code.value if code else None, article, part if len(articles) == 1 else None
                    ),
                    item.start,
                    item.end,
                )
        elif item.kind == "number" and not item.used:
            before, after = at(i - 1), at(i + 1)
            if before and before.kind == "code" and _next_to(text, before, item, _TIGHT_GAP):
                code = before
            elif after and after.kind == "code" and _next_to(text, item, after, _TIGHT_GAP):
                code = after
            else:
                continue
            code.used = True
            yield Norm(code.value, item.value), item.start, item.end


def parse_norms(text: str) -> list[Norm]:
    """All norm citations in a text (or a query), in order, without duplicates."""
    return list(dict.fromkeys(norm for norm, _, _ in _iter_norms(text)))


def norm_tokens(text: str) -> list[str]:
    """Canonical tokens of every citation in the text, in order, without duplicates."""
    return list(dict.fromkeys(tok for norm in parse_norms(text) for tok in norm.tokens()))


class NormTokenizer(Tokenizer):
    """Whoosh tokenizer yielding :func:`norm_tokens` of the text (index and query side)."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        seen: set[str] = set()
        pos = start_pos
        for norm, start, end in _iter_norms(value):
            for text in norm.tokens():
                if text in seen:
                    continue
                seen.add(text)
                token.text = text
                token.boost = 1.0
                token.stopped = False
                if keeporiginal:
                    token.original = value[start:end]
                if positions:
                    token.pos = pos
                    pos += 1
                if chars:
                    token.startchar = start_char + start
                    token.endchar = start_char + end
                yield token


def NormAnalyzer() -> NormTokenizer:  # noqa: N802  (named like Whoosh's analyzers)
    """The analyzer of the ``norms`` field: canonical citation tokens, nothing else."""
    return NormTokenizer()
