"""Whoosh analyzers for precedent text: Kazakh, Russian, both (for queries), and norms.

Every analyzer lowercases, folds "ё" to "е", keeps numbers and stems; the stemming
functions are cached, so a token costs one dictionary lookup once the vocabulary of
the corpus has been seen. Filters are top-level classes without state, so Whoosh can
pickle them into the index's schema.

Recommended schema: ``text_kk`` analysed with :func:`kazakh_analyzer`, ``text_ru`` with
:func:`russian_analyzer` (a ruling's text goes into the field of its language) and
``norms`` with :class:`NormAnalyzer`; a query is parsed against both text fields, each
of which stems the query with its own language.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import Filter, RegexTokenizer, Token
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.lang.snowball.russian import RussianStemmer

from generator.search import kazakh
from generator.search.norms import NormAnalyzer

__all__ = [
    "TOKEN_PATTERN",
    "BilingualStemFilter",
    "KazakhStemFilter",
    "NormAnalyzer",
    "RussianStemFilter",
    "analyzer_for",
    "kazakh_analyzer",
    "query_analyzer",
    "russian_analyzer",
    "russian_stem",
]

# Whoosh's default word pattern (\w+(?:\.?\w+)*, written with possessive quantifiers: the
# same matches, a fifth faster), plus a Kazakh suffix chain written after a hyphen
# ("АПК-нің", "ЖШС-ға", "1-ші") kept on the word so it is dropped rather than indexed.
TOKEN_PATTERN = rf"\w++(?:\.\w++)*+(?:-(?=\w)(?:{kazakh.HYPHEN_TAIL_PATTERN})(?!\w))?"

_RUSSIAN = RussianStemmer()
# Snowball keeps the fleeting vowel of the nominative (участок/участка): meet the obliques.
_RUSSIAN_STEMS = {
    "участок": "участк",
    "задаток": "задатк",
    "остаток": "остатк",
    "недостаток": "недостатк",
    "порядок": "порядк",
    "заработок": "заработк",
    "ребенок": "ребенк",
    "подарок": "подарк",
    "рынок": "рынк",
    "промежуток": "промежутк",
    "отрезок": "отрезк",
}
_RUSSIAN_WORDS = {"заем": "займ", "наем": "найм"}


@lru_cache(maxsize=1 << 19)
def russian_stem(word: str) -> str:
    """Snowball stem of one Russian word form, lowercased, "ё" folded to "е".

    Also folds the fleeting vowel of "-ец" nouns (истец/истца -> истц) and of a few
    common legal "-ок" nouns, which Snowball leaves apart.
    """
    word = word.lower().replace("ё", "е")
    if "-" in word:
        word = word.partition("-")[0]
    if not word or any(char.isdigit() for char in word):
        return word
    if word in _RUSSIAN_WORDS:
        return _RUSSIAN_WORDS[word]
    stem = _RUSSIAN.stem(word)
    if stem.endswith("ец") and len(stem) >= 4:
        return stem[:-2] + "ц"
    return _RUSSIAN_STEMS.get(stem, stem)


class KazakhStemFilter(Filter):
    """Replaces each token with its Kazakh stem (see :mod:`generator.search.kazakh`)."""

    is_morph = True

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        stem = kazakh.stem
        for token in tokens:
            if not token.stopped:
                token.text = stem(token.text)
            yield token


class RussianStemFilter(Filter):
    """Replaces each token with its Russian Snowball stem."""

    is_morph = True

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        stem = russian_stem
        for token in tokens:
            if not token.stopped:
                token.text = stem(token.text)
            yield token


class BilingualStemFilter(Filter):
    """Emits the Kazakh stem and, when it differs, the Russian stem at the same position.

    A query's language is unknown, so a word is looked up under both stemmers. Words
    with a Kazakh-only letter (ә ғ қ ң ө ұ ү һ і) get the Kazakh stem alone. The extra
    token shares ``pos``/``startchar``/``endchar`` with the first one.
    """

    is_morph = True

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            if token.stopped:
                yield token
                continue
            word = token.text
            kk = kazakh.stem(word)
            ru = kk if kazakh.is_kazakh(word) else russian_stem(word)
            token.text = kk
            if ru == kk:
                yield token
                continue
            extra = token.copy()
            extra.text = ru
            yield token
            yield extra


def _tokenizer() -> RegexTokenizer:
    return RegexTokenizer(TOKEN_PATTERN)


def kazakh_analyzer() -> CompositeAnalyzer:
    """Analyzer for Kazakh rulings (index and query side of ``text_kk``)."""
    return _tokenizer() | KazakhStemFilter()


def russian_analyzer() -> CompositeAnalyzer:
    """Analyzer for Russian rulings (index and query side of ``text_ru``)."""
    return _tokenizer() | RussianStemFilter()


def query_analyzer() -> CompositeAnalyzer:
    """Analyzer for a query of unknown language: Kazakh and Russian stems per word.

    Fine for term queries (give the field ``multitoken_query="or"``), but Whoosh's phrase
    parser ignores positions, so the two-field schema is preferred for phrases.
    """
    return _tokenizer() | BilingualStemFilter()


_LANGUAGES = {
    "kk": kazakh_analyzer,
    "kaz": kazakh_analyzer,
    "kazakh": kazakh_analyzer,
    "қаз": kazakh_analyzer,
    "ru": russian_analyzer,
    "rus": russian_analyzer,
    "russian": russian_analyzer,
    "рус": russian_analyzer,
    "both": query_analyzer,
    "query": query_analyzer,
}


def analyzer_for(language: str) -> CompositeAnalyzer:
    """The analyzer for a ruling's language code ("kk", "ru"; "both" for queries)."""
    try:
        return _LANGUAGES[language.strip().lower()]()
    except KeyError:
        raise ValueError(f"no analyzer for language {language!r}; use 'kk' or 'ru'") from None
