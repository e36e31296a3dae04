"""Replacements of spans of a text, as the depersonaliser makes them, and how two rounds of
them (contacts, then names in the text without contacts) are one round on the original.

The public view keeps a depersonalised text as the replacements that make it from the
ruling's own text (generator.depersonalise.text_cache); knowing them is cheaper than
finding them again by comparing the two texts.
"""

from __future__ import annotations

from collections.abc import Iterable

Replacement = tuple[int, int, str]  # text[start:end] becomes the str


def chosen(spans: Iterable[Replacement]) -> list[Replacement]:
    """The spans that are replaced, in order: of overlapping ones the earliest (then the
    longest) wins, as in contacts.replace_spans."""
    out: list[Replacement] = []
    pos = 0
    for start, end, new in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start >= pos:
            out.append((start, end, new))
            pos = end
    return out


def replaced(text: str, edits: list[Replacement]) -> str:
    """`text` with chosen (ordered, non-overlapping) replacements made."""
    parts: list[str] = []
    pos = 0
    for start, end, new in edits:
        parts += (text[pos:start], new)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def compose(first: list[Replacement], middle: str, second: list[Replacement]) -> list[Replacement]:
    """One round of replacements on the original text for `first` (on the original), which
    gave `middle`, then `second` (on `middle`). Where a second span touches text that the
    first round put in, the two become one replacement of the original's span."""
    if not first:  # most texts hold no contact: `middle` is the original
        return list(second)
    # the first round's insertions, as spans of `middle` with their spans of the original
    items: list[tuple[int, int, int, int, int, str]] = []  # (start, end, first?, a0, a1, new)
    shift = 0
    for start, end, new in first:
        items.append((start + shift, start + shift + len(new), 0, start, end, new))
        shift += len(new) - (end - start)
    items += [(start, end, 1, 0, 0, new) for start, end, new in second]
    items.sort(key=lambda i: (i[0], i[2]))

    out: list[Replacement] = []
    shift = 0  # middle position - original position, after the insertions passed
    i = 0
    while i < len(items):
        group = [items[i]]
        end = items[i][1]
        i += 1
        while i < len(items) and items[i][0] < end:
            group.append(items[i])
            end = max(end, items[i][1])
            i += 1
        start = group[0][0]
        a_start = group[0][3] if group[0][2] == 0 else start - shift
        a_end = end - shift
        for _, g_end, is_second, a0, a1, new in group:
            if not is_second:
                shift += len(new) - (a1 - a0)
                a_end = a1 if g_end == end else end - shift
        inner = [(s - start, e - start, new) for s, e, k, _, _, new in group if k == 1]
        out.append((a_start, a_end, replaced(middle[start:end], inner)))
    return out
