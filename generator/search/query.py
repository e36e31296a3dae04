"""Queries as people type them, parsed without ever failing, and the snippets they light up.

Syntax: plain words (all must match), "exact phrases", `OR` (or `|`) between two items,
`-word` / `-"phrase"` / `NOT word` to exclude, `word*` for a prefix (at least 2 letters
before the star; a leading wildcard is dropped), case numbers in full or in part
("3гп/12"), norm citations ("АПК 427", "ст. 427 ГПК", "427-бабы") and inline filters
(`category:housing year:2026 outcome:remanded language:ru norm:"ГПК 451"`).
Unbalanced quotes and parentheses, stray operators or a lone `*` are read as plain text;
the query is cut at 300 characters and 20 items, so no query can be expensive.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from generator.search import kazakh
from generator.search.analysis import russian_stem
from generator.search.norms import CODES, norm_tokens
from generator.search.request import MAX_QUERY_CHARS, MAX_TERMS
from generator.search.schema import NUMBER_GRAMS, NUMBER_PART, WORD, norm_terms

FILTER_KEYS = (
    "category",
    "region",
    "year",
    "from",
    "to",
    "outcome",
    "language",
    "norm",
    "judge",
    "practice_forming",
)
_FILTER = re.compile(rf"(?<!\S)({'|'.join(FILTER_KEYS)}):(\"[^\"]*\"?|\S+)", re.IGNORECASE)
_ITEM = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_QUOTES = str.maketrans({c: '"' for c in "«»“”„‟″"})
_NUMBER = re.compile(
    r"^(?:\d{4}-\d{2}-\d{2}-)?\d*[а-яәіңғүұқөһa-z]{1,3}/\d*$|^\d{4}-\d{2}-\d{2}-\S*$"
)
_NORMISH = re.compile(
    r"^(?:\d+(?:-\d+)?(?:-\w+)?|ст\.?|ст\.ст\.?|стать\w*|статей|ч\.?|част\w*|п\.?|пункт\w*"
    r"|ба[пб]\w*|бөлі\w*|тармақ\w*|тармағ\w*|рк|қр|[,.]|"
    rf"(?:{'|'.join(sorted(CODES, key=len, reverse=True))})"
    r"(?:-\w+)?)$",
    re.IGNORECASE,
)
MAX_PREFIX_TERMS = 64
MIN_PREFIX = 2


@dataclass(frozen=True)
class Clause:
    kind: str  # "word" | "phrase" | "prefix" | "number"
    text: str  # lowercased; a phrase's words separated by spaces


@dataclass
class ParsedQuery:
    groups: list[list[Clause]] = field(default_factory=list)  # AND of ORs
    excluded: list[Clause] = field(default_factory=list)
    norms: list[str] = field(default_factory=list)  # citation tokens all required
    filters: dict[str, str] = field(default_factory=dict)  # inline key:value

    @property
    def empty(self) -> bool:
        return not (self.groups or self.norms)

    def highlight_words(self) -> list[Clause]:
        return [c for group in self.groups for c in group]


def word_stems(word: str) -> set[str]:
    """The stems a query word may have in the index: Kazakh and (unless it is plainly
    Kazakh) Russian."""
    out = {kazakh.stem(word)}
    if not kazakh.is_kazakh(word):
        out.add(russian_stem(word))
    return {s for s in out if s}


def _norm_part(text: str) -> tuple[list[str], str]:
    """Citation tokens required by the text, and the text without the citation words."""
    tokens = norm_tokens(text)
    if not tokens:
        return [], text
    words = text.split()
    rest = [w for w in words if not _NORMISH.match(w.strip("(),;"))]
    return tokens, " ".join(rest)


def norm_filter_tokens(text: str) -> list[str]:
    """Tokens of the `norm` filter: a citation ("АПК 427"), or bare article numbers."""
    tokens = norm_terms(text) if norm_tokens(text) else []
    if not tokens:
        tokens = re.findall(r"\d+(?:-\d+)?", text)
    # an article with a part requires both; the code-less twins are for bare queries only
    return [t for t in tokens if ":" in t] or tokens


def _clause(raw: str, phrase: bool) -> Clause | None:
    text = raw.lower().replace("ё", "е")
    if phrase:
        words = WORD.findall(text)
        if len(words) > 1:
            return Clause("phrase", " ".join(words))
        return Clause("word", words[0]) if words else None
    text = text.strip("()[]{},;:!?«»'\"")
    if _NUMBER.match(text):
        return Clause("number", text)
    if "*" in text or "?" in text:
        head = re.split(r"[*?]", text, maxsplit=1)[0]
        words = WORD.findall(head)
        if raw.lstrip("(").startswith(("*", "?")) or not words:
            words = WORD.findall(text)  # a leading wildcard is refused: plain words
            return _clause(" ".join(words), phrase=True) if words else None
        if len(words[-1]) < MIN_PREFIX or len(words) > 1:
            return _clause(" ".join(words), phrase=True)
        return Clause("prefix", words[0])
    words = WORD.findall(text)
    if not words:
        return None
    if len(words) > 1:  # "тұрғын-үй", "ст.427"
        return Clause("phrase", " ".join(words))
    return Clause("word", words[0])


def parse(q: str) -> ParsedQuery:
    """Parse a query; never raises. Anything not understood is read as plain words."""
    parsed = ParsedQuery()
    q = (q or "")[:MAX_QUERY_CHARS].translate(_QUOTES)

    def take_filter(m: re.Match[str]) -> str:
        parsed.filters.setdefault(m[1].lower(), m[2].strip('"'))
        return " "

    q = _FILTER.sub(take_filter, q)
    parsed.norms, q = _norm_part(q)
    count = 0
    pending_or = negate_next = False
    for m in _ITEM.finditer(q):
        if count >= MAX_TERMS:
            break
        minus, phrase, word = m[1], m[2], m[3]
        if word is not None:
            bare = word.strip("()")
            if bare in ("OR", "|", "ИЛИ", "НЕМЕСЕ"):
                pending_or = bool(parsed.groups)
                continue
            if bare in ("AND", "&", "&&", "И", "ЖӘНЕ") or not bare.strip("-+*?"):
                continue
            if bare == "NOT":
                negate_next = True
                continue
            negative = bare.startswith("-") and len(bare) > 1
            clause = _clause(bare[1:] if negative or bare.startswith("+") else bare, False)
        else:
            negative = bool(minus)
            clause = _clause(phrase, True)
        negative, negate_next = negative or negate_next, False
        if clause is None:
            continue
        count += 1
        if negative:
            parsed.excluded.append(clause)
        elif pending_or:
            parsed.groups[-1].append(clause)
        else:
            parsed.groups.append([clause])
        pending_or = False
    return parsed


def number_terms(text: str) -> list[tuple[str, str]]:
    """(field, term) pairs a case number (in full or in part) matches."""
    terms = [("number", text)]
    if NUMBER_GRAMS[0] <= len(text) <= NUMBER_GRAMS[1]:
        terms.append((NUMBER_PART, text))
    return terms


# -- snippets ---------------------------------------------------------------------------------

SNIPPET_CHARS = 240
_TAIL = re.compile(r"\w*")


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


_MAX_MATCHES = 40
_MARKDOWN = re.compile(r"\*\*|^\s*#+\s+|\\(?=[.)])", re.MULTILINE)


def _plain(text: str) -> str:
    """Escaped text without Markdown's emphasis and heading marks, on one line."""
    return " ".join(html.escape(_MARKDOWN.sub("", text)).split())


@dataclass(frozen=True)
class Highlighter:
    """Finds a query's words in a stored text by their stems (any inflected form)."""

    stems: frozenset[str]
    prefixes: tuple[str, ...]
    pattern: re.Pattern[str] | None
    heads: tuple[str, ...] = ()  # what the pattern's alternatives are, lowercase

    @classmethod
    def for_query(cls, parsed: ParsedQuery) -> Highlighter:
        stems: set[str] = set()
        prefixes: list[str] = []
        for clause in parsed.highlight_words():
            if clause.kind == "prefix":
                prefixes.append(clause.text)
            elif clause.kind in ("word", "phrase"):
                for word in clause.text.split():
                    stems |= word_stems(word)
        # a stem may differ from the word's start in its last letter (бап / бабы)
        heads = {s[: max(2, len(s) - 1)] for s in stems} | set(prefixes)
        pattern = None
        if heads:
            alternatives = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
            pattern = re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)
        return cls(frozenset(stems), tuple(prefixes), pattern, tuple(sorted(heads)))

    def _matches(self, text: str) -> Iterator[tuple[int, int]]:
        """Where the pattern matches (start, end), in order: found with str.find on the
        lowercased text, several times faster than the regular expression on long texts."""
        low = text.lower()
        if len(low) != len(text) or not self.heads:  # a letter whose lowercase is longer
            yield from (m.span() for m in self.pattern.finditer(text))
            return
        starts: dict[int, int] = {}  # where a head starts a word -> the longest head there
        for head in self.heads:
            at = low.find(head)
            while at >= 0:
                if (not at or not _is_word(low[at - 1])) and starts.get(at, 0) < len(head):
                    starts[at] = len(head)
                at = low.find(head, at + 1)
        end = 0
        for start in sorted(starts):
            if start >= end:  # the regular expression goes on after its last match
                end = _TAIL.match(low, start + starts[start]).end()
                yield start, end

    def _hits(self, text: str) -> list[tuple[int, int, str]]:
        found = []
        if self.pattern is None:
            return found
        for start, end in self._matches(text):
            word = text[start:end].lower().replace("ё", "е")
            if self.prefixes and word.startswith(self.prefixes):
                key = word
            else:
                key = next((s for s in word_stems(word) if s in self.stems), None)
            if key is not None:
                found.append((start, end, key))
                if len(found) >= _MAX_MATCHES:
                    break
        return found

    def snippet(self, text: str, fallback: str = "", width: int = SNIPPET_CHARS) -> str:
        """An HTML excerpt of `text` around the densest matches, matches in <mark>."""
        hits = self._hits(text)
        if not hits:
            source = _plain(fallback or text)
            return source[:width] + ("…" if len(source) > width else "")
        best, best_score = 0, -1
        for i, (start, _, _) in enumerate(hits):
            score = len({key for s, _, key in hits[i:] if s < start + width * 0.7})
            if score > best_score:
                best, best_score = i, score
        start = max(0, hits[best][0] - width // 4)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < hits[best][0] else start
        end = min(len(text), start + width)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > hits[best][1] else end
        out, at = [], start
        for s, e, _ in hits:
            if s >= at and e <= end:
                out += [_plain(text[at:s]), " <mark>", html.escape(text[s:e]), "</mark> "]
                at = e
        out.append(_plain(text[at:end]))
        body = re.sub(r"\s+([.,;:)»])", r"\1", " ".join("".join(out).split()))
        body = re.sub(r"([(«])\s+", r"\1", body)
        return ("…" if start else "") + body + ("…" if end < len(text) else "")
