"""Capitalised words that may start with a name stem, found at the speed of `re`.

A name is only ever read from a word that starts with a capital letter. The stems are
folded (generator.depersonalise.names.fold: lower case, Kazakh letters as their Russian
look-alikes), and a trie of them searched in the folded text tries every letter of every
word; here a trie is searched in the text with its Kazakh letters folded but its case kept
(`fold_cased`): each stem's first letter as any capital that folds to it, written as
`fold_cased` writes it, the rest of the stem in any case (`(?i:…)`). So only capitals are
tried, and only those starting a stem in some case are returned, one in fifty.

It finds every capital where the trie of folded stems matches in the folded text (and
some more: the caller checks each with that trie): a letter of any case folds to a stem's
letter only if, as `fold_cased` writes it, it matches that letter case-insensitively
(test_every_letter_matches_its_folded_form_case_insensitively checks every code point).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from functools import lru_cache

from generator.depersonalise.names import fold, trie_regex

_KAZAKH = dict(zip("әіңғүұқөһё", "аингуукохе", strict=True))  # as `fold` folds them
_KAZAKH_CASED = {**_KAZAKH, **{k.upper(): v.upper() for k, v in _KAZAKH.items()}}


def fold_cased(text: str) -> str:
    """`text` with Kazakh letters as their Russian look-alikes of the same case (Әбенов ->
    Абенов); the length is kept, so offsets are those of `text`."""
    for kazakh, russian in _KAZAKH_CASED.items():
        if kazakh in text:
            text = text.replace(kazakh, russian)
    return text


def folds(text: str) -> tuple[str, str]:
    """`fold_cased(text)` and `fold(text)`, the latter as the former in lower case: its
    Kazakh letters are Russian ones already, of the same case, which `lower` makes what
    `fold` makes of the Kazakh ones; no other character's lower case holds a letter `fold`
    replaces; and those letters are all cased and none case-ignorable, so the context
    `lower` reads around a capital sigma stays the same
    (test_folds_is_fold_cased_and_fold checks every code point). Saves `fold` its scans."""
    cased = fold_cased(text)
    low = cased.lower()
    if len(low) != len(cased):  # as `fold` does: a letter whose lower case is longer (İ)
        low = "".join(ch.lower()[:1] or ch for ch in cased)
    return cased, low


def folded_forms(char: str) -> set[str]:
    """What `fold` may make of a character in a text: alone, or ending a word (a capital
    sigma is a final sigma there)."""
    return {fold(char)[:1], fold("a" + char)[1:2]} - {""}


@lru_cache(maxsize=1)
def _capitals() -> dict[str, frozenset[str]]:
    """Every capital letter (`str.isupper`) as `fold_cased` writes it, by its folded forms."""
    found: dict[str, set[str]] = {}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isupper():
            for form in folded_forms(char):
                found.setdefault(form, set()).add(fold_cased(char))
    return {form: frozenset(chars) for form, chars in found.items()}


def capitalised_trie(stems: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern of the capitalised words of `fold_cased(text)` that may start with one of
    the folded `stems` (see the module's docstring); None when a stem holds a character
    that is not a word character (a trie match would then reach over a word's start,
    which the callers' skipping rules do not allow for here)."""
    by_first: dict[str, set[str]] = {}
    for stem in stems:
        if not stem:
            continue
        if re.fullmatch(r"\w+", stem) is None:
            return None
        by_first.setdefault(stem[0], set()).add(stem[1:])
    capitals = _capitals()
    branches = []
    for first in sorted(by_first):
        rests = by_first[first]  # a one-letter stem: any capital folding to it
        rest = "" if "" in rests else f"(?i:{trie_regex(rests)})"
        for capital in sorted(capitals.get(first, ())):
            branches.append(re.escape(capital) + rest)
    return re.compile("|".join(branches) or "(?!)")
