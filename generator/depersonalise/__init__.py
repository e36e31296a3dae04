"""Depersonalisation: what a public text may not say about the people in a case.

Every person's name known from the case record, in any Kazakh or Russian inflected form, is
replaced by initials or by the party's role; IINs/BINs, phones, e-mails and the record's
addresses are removed. `LeakScanner` is the gate that checks built output for all of them.

The Depersonaliser is here (not in `names`) because it joins names and contacts.
"""

from __future__ import annotations

from collections import OrderedDict

from generator.depersonalise.contacts import (
    ADDRESS_WORDS,
    HIDDEN,
    ContactMatcher,
    address_keys,
    phone_key,
)
from generator.depersonalise.edits import Replacement, chosen, compose, replaced
from generator.depersonalise.gate import Finding, LeakScanner
from generator.depersonalise.names import (
    COMMON_WORDS,
    ROLE_WORDS,
    NameMatcher,
    Person,
    case_persons,
    fold,
    initials,
    split_name,
    trie_regex,
)
from generator.models.case import Case, Depersonalise, Party, PartyKind

__all__ = [
    "COMMON_WORDS",
    "ROLE_WORDS",
    "ContactMatcher",
    "Depersonaliser",
    "Finding",
    "LeakScanner",
    "NameMatcher",
    "Person",
    "address_keys",
    "case_persons",
    "depersonalise",
    "fold",
    "initials",
    "phone_key",
    "public_name",
    "split_name",
    "trie_regex",
]


class Depersonaliser:
    """The replacements for one case, compiled once and applied to any number of texts."""

    def __init__(self, case: Case, keep: tuple[str, ...] = ()) -> None:
        self.case = case
        self.keep = keep
        self._names = NameMatcher(case_persons(case), keep)
        self._contacts = ContactMatcher([case])

    @classmethod
    def for_case(cls, case: Case, keep: tuple[str, ...] = ()) -> Depersonaliser:
        """`keep`: names that must stay even if a party shares the surname (the judges)."""
        return cls(case, tuple(keep))

    def persons(self) -> list[Person]:
        return list(self._names.persons)

    def apply(self, text: str, language: str) -> str:
        """Contacts first (an address may hold a name), then names, in one pass each."""
        _, middle, names = self._rounds(text, language)
        return replaced(middle, names)

    def edits(self, text: str, language: str) -> list[Replacement]:
        """`apply` as replacements of spans of `text` itself: what the text cache keeps."""
        return compose(*self._rounds(text, language))

    def _rounds(self, text: str, language: str) -> tuple[list[Replacement], str, list[Replacement]]:
        """The contacts replaced in `text`, the text without them, the names replaced in it."""
        address = ADDRESS_WORDS.get(str(language), ADDRESS_WORDS["kk"])
        folded = fold(text)
        contacts = chosen(
            (s.start, s.end, address if s.kind == "address" else HIDDEN)
            for s in self._contacts.spans(text, folded)
        )
        middle = replaced(text, contacts)
        names = []
        for start, end, person in self._names.spans(middle, _folded(middle, folded, contacts)):
            if isinstance(person, str):  # someone else of the family: initials as written
                names.append((start, end, person))
                continue
            new = person.replacement(language)
            if person.by_role and _sentence_start(middle, start):
                new = new[:1].upper() + new[1:]
            names.append((start, end, new))
        return contacts, middle, chosen(names)


def _folded(middle: str, folded: str, contacts: list[Replacement]) -> str:
    """fold(middle) from the folded text it was made from: folding is letter by letter (and
    keeps positions), but for a capital sigma, whose lower case depends on what follows."""
    if not contacts:
        return folded
    if "\u03a3" in middle:
        return fold(middle)
    return replaced(folded, [(start, end, fold(new)) for start, end, new in contacts])


def _sentence_start(text: str, at: int) -> bool:
    """A role word that starts a sentence, a line or a table cell is capitalised."""
    while at > 0 and text[at - 1] in " \t\u00a0*_«\"'(":
        at -= 1
    return at == 0 or text[at - 1] in ".!?\n|#"


_CACHE: OrderedDict[str, Depersonaliser] = OrderedDict()
_CACHE_SIZE = 256


def depersonalise(text: str, case: Case, language: str) -> str:
    """`text` depersonalised for `case`; the compiled matcher is cached per case number."""
    cached = _CACHE.get(case.number)
    if cached is None or not (cached.case is case or cached.case == case):
        cached = Depersonaliser.for_case(case)
        _CACHE[case.number] = cached
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(case.number)
    return cached.apply(text, language)


def public_name(party: Party, language: str) -> str:
    """How a party is named in public: organisations by name, persons by initials or role."""
    if party.kind is PartyKind.ORGANIZATION:
        return party.name
    if party.depersonalise is Depersonalise.ROLE:
        return ROLE_WORDS.get(str(language), ROLE_WORDS["kk"])[party.role]
    return initials(party.name)
