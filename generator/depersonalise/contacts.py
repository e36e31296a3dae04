"""Contacts that are never published: IINs/BINs, phone numbers, e-mails, known addresses.

IINs/BINs are recognised by their check digit (generator.iin), so case and document numbers
of the same length stay. Phones are recognised by shape (a +7/8 prefix and ten digits in any
spacing) and, for the numbers in the case record, also without a prefix. Addresses are only
known from the record; they are matched in any spacing and case, and by their street part.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from generator.depersonalise.names import fold, trie_regex, word_start
from generator.iin import find_valid
from generator.models.case import Case

HIDDEN = "***"
ADDRESS_WORDS = {"kk": "[мекенжай]", "ru": "[адрес]"}

# The patterns start with a character, not a lookbehind: `re` then skips to candidate
# characters at C speed. `(?<![\w+].)` after the first character looks at the one before it.
_SEP = r"[ \u00a0\-()]"
_FREE = r"(?<![\w+].)"
PHONE = re.compile(
    rf"(?:\+{_FREE}[ \u00a0]?7|8{_FREE}|7{_FREE}(?=\d{{10}}(?!\d)))"
    rf"{_SEP}*(?:\d{_SEP}{{0,2}}){{9}}\d(?!\d)"
)
# Any run of digits and phone separators long enough to hold a number: compared by digits.
PHONE_RUN = re.compile(rf"(?:\+{_FREE}\d|\d{_FREE})(?:{_SEP}{{0,3}}\d){{9,15}}(?!\d)")
_EMAIL_DOMAIN = re.compile(r"@[\w-]+(?:\.[\w-]+)+")
_EMAIL_USER = re.compile(r"[\w.+-]+$")
_ADDRESS_GAP = r"\W{1,4}"
_ADDRESS_WORD = re.compile(rf"{_ADDRESS_GAP}(\w+)(?!\w)")
_DIGIT_RUN = re.compile(r"\d[\d \-\u00a0]{10,}\d")
# IINs, phones and phones' digits are written with digits, "+" and these separators only, in
# 10 characters at least: a run of them is found once, and the three patterns above look
# within the runs only (a ruling has hundreds of digits, each a place where they would try).
# A run ends before a character that is no digit, so their "(?!\d)" sees what it would see in
# the whole text, and their look-behinds look before a run as before.
_NUMBER_RUN = re.compile(r"[\d+][\d \u00a0\-()+]{9,}")


def number_runs(text: str) -> list[tuple[int, int]]:
    """The spans of `text` where an IIN or a phone may be written (see _NUMBER_RUN)."""
    return [m.span() for m in _NUMBER_RUN.finditer(text)]


def emails(text: str) -> list[tuple[int, int]]:
    """Spans of e-mail addresses: found from the "@", the rarest character, outwards."""
    found = []
    for m in _EMAIL_DOMAIN.finditer(text):
        user = _EMAIL_USER.search(text, max(0, m.start() - 64), m.start())
        if user is not None:
            found.append((user.start(), m.end()))
    return found


def iins(text: str, runs: list[tuple[int, int]] | None = None) -> list[tuple[int, int, str]]:
    """generator.iin.find_valid, run only around digit runs long enough to hold 12 digits
    (with the characters find_valid looks at on either side of a number). `runs`: the
    text's number_runs, when known."""
    found = []
    for start, end in number_runs(text) if runs is None else runs:
        for run in _DIGIT_RUN.finditer(text, start, end):
            left = max(0, run.start() - 1)
            window = find_valid(text[left : run.end() + 2])
            found += [(left + s, left + e, d) for s, e, d in window if left + s >= run.start()]
    return found


def phone_key(phone: str) -> str:
    """The last ten digits: the same number written +7 701..., 8 701... or 701... ."""
    return re.sub(r"\D", "", phone)[-10:]


def address_keys(address: str) -> set[str]:
    """Folded word sequences of an address and of its parts that name a place with a number.

    "Астана қ., Абай даңғылы, 12-45" gives the whole address and "абаи дангылы 12 45" (the
    street and house), but never the bare city or "12-45" alone.
    """
    parts = [p.strip() for p in address.split(",") if p.strip()]
    chunks = {address}
    for i in range(len(parts)):
        for j in range(i + 1, len(parts) + 1):
            chunk = ", ".join(parts[i:j])
            if re.search(r"\d", chunk) and re.search(r"[^\W\d_]{3,}", chunk):
                chunks.add(chunk)
    return {k for k in (" ".join(re.findall(r"\w+", fold(c))) for c in chunks) if k}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # iin | phone | email | address
    cases: tuple[str, ...] = ()


class ContactMatcher:
    """Known contacts of one case or of many (the gate), plus generic IIN/phone/e-mail shapes."""

    def __init__(self, cases: Iterable[Case]) -> None:
        self.iins: dict[str, set[str]] = {}
        self.phones: dict[str, set[str]] = {}
        self.emails: dict[str, set[str]] = {}
        self.addresses: dict[str, set[str]] = {}
        for case in cases:
            for party in case.parties:
                for number in (party.iin, party.bin):
                    if number:
                        self.iins.setdefault(number, set()).add(case.number)
                contact = party.contact
                if contact is None:
                    continue
                if contact.phone and len(key := phone_key(contact.phone)) == 10:
                    self.phones.setdefault(key, set()).add(case.number)
                if contact.email:
                    self.emails.setdefault(contact.email.lower(), set()).add(case.number)
                if contact.address:
                    for key in address_keys(contact.address):
                        self.addresses.setdefault(key, set()).add(case.number)
        # A trie of the first two words finds candidates; the rest is compared word by word.
        # (A trie of whole addresses of 20,000 cases takes seconds to compile.)
        self._by_head: dict[str, list[tuple[str, ...]]] = {}
        for key in sorted(self.addresses, key=len, reverse=True):
            words = key.split()
            self._by_head.setdefault(" ".join(words[:2]), []).append(tuple(words[2:]))
        trie = trie_regex(self._by_head, special={" ": _ADDRESS_GAP})
        self._address = re.compile(rf"{trie}(?!\w)") if self.addresses else None

    def _cases(self, table: dict[str, set[str]], key: str) -> tuple[str, ...]:
        return tuple(sorted(table.get(key, ())))

    def spans(self, text: str, folded: str | None = None, generic: bool = True) -> list[Span]:
        """Every contact in `text`. generic=False keeps only the record's own phones and
        e-mails (the gate: the court's own phone on a contacts page is not a leak)."""
        runs = number_runs(text)
        found = [Span(s, e, "iin", self._cases(self.iins, d)) for s, e, d in iins(text, runs)]
        if generic:
            for start, end in runs:
                found += [Span(*m.span(), "phone") for m in PHONE.finditer(text, start, end)]
        found += self._known_phones(text, runs)
        for start, end in emails(text):
            cases = self._cases(self.emails, text[start:end].lower())
            if generic or cases:
                found.append(Span(start, end, "email", cases))
        if self._address is not None:
            folded = fold(text) if folded is None else folded
            for m in self._address.finditer(folded):
                if word_start(folded, m.start()) and (whole := self._address_end(folded, m)):
                    end, key = whole
                    found.append(Span(m.start(), end, "address", self._cases(self.addresses, key)))
        return found

    def _address_end(self, folded: str, m: re.Match[str]) -> tuple[int, str] | None:
        """The longest known address that starts with the matched first words."""
        head = " ".join(re.findall(r"\w+", m.group()))
        rests = self._by_head[head]
        words, ends, pos = [], [], m.end()
        while len(words) < max(map(len, rests)) and (w := _ADDRESS_WORD.match(folded, pos)):
            words.append(w.group(1))
            ends.append(pos := w.end())
        for rest in rests:  # longest first
            if tuple(words[: len(rest)]) == rest:
                return (ends[len(rest) - 1] if rest else m.end()), " ".join((head, *rest))
        return None

    def _known_phones(self, text: str, runs: list[tuple[int, int]] | None = None) -> list[Span]:
        """The record's phone numbers by their digits, wherever a digit run contains them
        (`runs`: the text's number_runs, when known)."""
        if not self.phones:
            return []
        found = []
        runs = number_runs(text) if runs is None else runs
        for m in (m for start, end in runs for m in PHONE_RUN.finditer(text, start, end)):
            where = [m.start() + i for i, ch in enumerate(m.group()) if ch.isdigit()]
            digits = "".join(text[i] for i in where)
            for i in range(len(digits) - 9):
                if (key := digits[i : i + 10]) in self.phones:
                    first = i - 1 if i > 0 and digits[i - 1] in "78" else i
                    start = where[first]
                    if start > 0 and text[start - 1] == "+":
                        start -= 1
                    found.append(
                        Span(start, where[i + 9] + 1, "phone", self._cases(self.phones, key))
                    )
                    break
        return found

    def remove(self, text: str, language: str) -> str:
        """`text` with every contact replaced: "***", or "[мекенжай]"/"[адрес]" for addresses."""
        address = ADDRESS_WORDS.get(str(language), ADDRESS_WORDS["kk"])
        return replace_spans(
            text,
            [
                (s.start, s.end, address if s.kind == "address" else HIDDEN)
                for s in self.spans(text)
            ],
        )


def replace_spans(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """Replace non-overlapping spans; of overlapping ones the earliest (then longest) wins."""
    out, pos = [], 0
    for start, end, new in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < pos:
            continue
        out += [text[pos:start], new]
        pos = end
    out.append(text[pos:])
    return "".join(out)
