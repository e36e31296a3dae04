"""The stems a full build's worker has met, numbered, so a text becomes an array of ints.

A text is split at white space (str.split, four times faster than the word pattern) and
each piece looked up in a dict per language (piece -> its number in a table that holds the
numbers of its words' stems; the numbers of a text's pieces become those of its stems in a
numpy gather or two): only a piece never seen before ("сот", "сот.", "АПК-нің") is
tokenised (schema.WORD) and stemmed. That gives the tokens of the whole text, in order, because a token never holds
white space and the pattern's look-aheads (a hyphen before a word character, none after a
suffix chain) see white space as they see the end of a piece. The word fields' postings
and the phrase pairs of a ruling are then numpy work over the numbers: term frequencies
by np.unique, pair keys from a table of the stems' hashes, the guard's verdict from a
table of flags (each stem asked once). What it gives is what schema.stems, schema.blocked
and phrases.pair_keys give for the same text, which the index's update path (Whoosh's own
writer, text by text) still uses (tests/search/test_segment.py).
"""

from __future__ import annotations

import numpy as np

from generator.search.phrases import pair_keys_of_hashes, stem_hash
from generator.search.schema import STEMMERS, WORD, is_blocked

PIECES_KEPT = 1 << 17  # pieces remembered per language (~25 MB at most), then forgotten


class _Pieces(dict):
    """A white-space-separated piece of text -> its number in the vocabulary's piece table,
    which holds the numbers of the piece's words' stems (a word whose stem is empty has
    none: schema.stems drops it); a missing piece is analysed."""

    def __init__(self, vocabulary: Vocabulary, lang: str) -> None:
        super().__init__()
        self.vocabulary = vocabulary
        self.stem = STEMMERS[lang]

    def __missing__(self, piece: str) -> int:
        stems = [s for s in map(self.stem, WORD.findall(piece)) if s]
        number = self[piece] = self.vocabulary.piece(list(map(self.vocabulary.number, stems)))
        return number


class Vocabulary:
    """Stems by number, with each one's UTF-8 bytes, phrase hash and guard verdict; and the
    pieces of text met, by number, each with the numbers of its stems: a text becomes the
    numbers of its pieces in one pass of dict look-ups, and those the numbers of its stems
    in a few numpy gathers (most pieces have one stem: one gather)."""

    def __init__(self) -> None:
        self.stems: list[str] = []
        self._numbers: dict[str, int] = {}
        self._pieces = {lang: _Pieces(self, lang) for lang in STEMMERS}
        self._hashes = np.empty(1 << 12, np.uint64)
        self._blocked = np.empty(1 << 12, bool)
        self._forget_pieces()

    def _forget_pieces(self) -> None:
        for pieces in self._pieces.values():
            pieces.clear()
        self._piece_count = 0
        self._piece_first = np.empty(1 << 12, np.int64)  # where a piece's stems start in _flat
        self._piece_size = np.empty(1 << 12, np.int64)  # how many it has
        self._piece_only = np.empty(1 << 12, np.int32)  # its one stem, or -1
        self._flat = np.empty(1 << 12, np.int32)  # the pieces' stems, piece after piece
        self._flat_size = 0

    def number(self, stem: str) -> int:
        """The number of `stem`, given on first sight."""
        found = self._numbers.get(stem)
        if found is not None:
            return found
        found = self._numbers[stem] = len(self.stems)
        if found == len(self._hashes):
            self._hashes = np.resize(self._hashes, 2 * found)
            self._blocked = np.resize(self._blocked, 2 * found)
        self.stems.append(stem)
        self._hashes[found] = stem_hash(stem)
        self._blocked[found] = is_blocked(stem)
        return found

    def piece(self, stems: list[int]) -> int:
        """A new piece of the table, made of the stem numbers `stems`."""
        number, first = self._piece_count, self._flat_size
        if number == len(self._piece_first):
            self._piece_first = np.resize(self._piece_first, 2 * number)
            self._piece_size = np.resize(self._piece_size, 2 * number)
            self._piece_only = np.resize(self._piece_only, 2 * number)
        if first + len(stems) > len(self._flat):
            self._flat = np.resize(self._flat, 2 * (first + len(stems)))
        self._piece_first[number] = first
        self._piece_size[number] = len(stems)
        self._piece_only[number] = stems[0] if len(stems) == 1 else -1
        self._flat[first : first + len(stems)] = stems
        self._piece_count, self._flat_size = number + 1, first + len(stems)
        return number

    def terms(self, text: str, lang: str) -> np.ndarray:
        """The numbers of schema.stems(text, lang), in order (int32)."""
        known = self._pieces[lang]
        if len(known) >= PIECES_KEPT:
            self._forget_pieces()  # between texts: no piece number of this one is lost
        split = text.split()
        pieces = np.fromiter(map(known.__getitem__, split), np.int64, len(split))
        only = self._piece_only[pieces]
        if (only >= 0).all():
            return only
        sizes = self._piece_size[pieces]
        ends = np.cumsum(sizes)
        at = np.repeat(self._piece_first[pieces] - (ends - sizes), sizes) + np.arange(ends[-1])
        return self._flat[at]

    def blocked(self, ids: np.ndarray) -> np.ndarray:
        """Which of `ids` the build's guard blocks (schema.term_guard)."""
        return self._blocked[ids]

    def counts(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The distinct terms of `ids` that the guard lets through, ascending, and how
        often each occurs: a word field's postings."""
        bad = self._blocked[ids]
        if bad.any():
            ids = ids[~bad]
        return np.unique(ids, return_counts=True)

    def pair_keys(self, ids: np.ndarray) -> np.ndarray:
        """phrases.pair_keys of the stems `ids`."""
        bad = self._blocked[ids]
        return pair_keys_of_hashes(self._hashes[ids], ~bad if bad.any() else None)

    def encoded(self) -> list[bytes]:
        """Each stem's UTF-8 bytes, by number (Whoosh's term text)."""
        return [stem.encode("utf-8") for stem in self.stems]
