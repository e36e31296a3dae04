"""The Markdown extension that makes rendering faster (generator/markdown_fast.py) changes
nothing in the HTML: a court's pages come out byte for byte as Python-Markdown makes them.

It skips asking an expression about a text where the expression cannot match; that rests on
one claim per expression (every text it matches holds one of a few characters), checked
here on many texts, and on knowing the expressions, checked against the Markdown installed.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import markdown
import pytest
from markdown.inlinepatterns import SimpleTagInlineProcessor
from markdown.preprocessors import NormalizeWhitespace
from mkdocs.utils import meta

from generator import markdown_fast, render
from tests.conftest import GOOD, ROOT

GOLDENS = Path(__file__).parent / "goldens"

EVERYTHING = r"""
# Қаулы № 6001-26-00-3гп/1 { #top .big }

Мәтін **қалың** мен *көлбеу*, __астын__ және _бір_, ***екеуі***, `код` пен ``қос `код` ``.
Сілтеме [сот](https://sot.kz "Сот"), [анықтама][ref], [ref], ![сурет](a.png), ![б][ref].
Автоматты <https://sot.kz> және <info@sot.kz>, <span class="x">HTML</span>, <!-- түсінік -->,
&amp; &#169; &copy; & жалғыз, 5 * 3 _ 2, \*жұлдыз\*, \\ \` \[ \] 1\. тармақ.
Жолдың соңы⏎
жаңа жол, <br> және &nbsp; мен [TOC] ортасында.

[TOC]

Setext тақырыбы
---------------

Тағы бір
========

* * *

> Дәйексөз **мұнда**
> екінші жол

!!! abstract "Құқықтық ұстаным"
    Ішкі мәтін [сілтеме](#top).

1. бірінші
2. екінші
    - ішкі *тізім*

    код блогы

```python
print("<b>")  # не өзгермейді
```

| Іс | Күні |
|---|---|
| № 1<br>№ 2 | 2026 жылғы 1 қаңтар |
| `|` | **x** |

### Тақырып ### { data-search-exclude }

[ref]: https://sot.kz/ref "Анықтама"
""".replace("⏎", "  ")  # a hard line break: two spaces at the end of the line


def site_markdown(fast: bool) -> markdown.Markdown:
    """Python-Markdown as mkdocs makes it for the site (the root's mkdocs.yml)."""
    config = render.mkdocs_config(ROOT, "kk", Path("docs"), Path("site"), [])
    names, options = ["toc", "tables", "fenced_code"], {}  # mkdocs' own, then the site's
    for ext in config["markdown_extensions"]:
        name, settings = next(iter(ext.items())) if isinstance(ext, dict) else (ext, {})
        if name == render.FAST_MARKDOWN and not fast:
            continue
        names.append(name)
        options[name] = settings
    return markdown.Markdown(extensions=list(dict.fromkeys(names)), extension_configs=options)


def page_texts() -> list[tuple[str, str]]:
    """Markdown of real pages: the generated pages kept as goldens and the court's rulings."""
    files = sorted(GOLDENS.glob("*.md")) + sorted((GOOD / "rulings").rglob("*.md"))
    texts = [(f.name, meta.get_data(f.read_text(encoding="utf-8"))[0]) for f in files]
    return [("everything", EVERYTHING), *texts]


@pytest.mark.parametrize(("name", "text"), page_texts(), ids=[n for n, _ in page_texts()])
def test_a_page_converts_to_the_same_html_with_and_without_the_extension(name, text):
    plain, fast = site_markdown(fast=False), site_markdown(fast=True)
    assert fast.convert(text) == plain.convert(text)
    assert fast.toc_tokens == plain.toc_tokens
    assert fast.toc == plain.toc


def test_the_site_config_enables_the_extension():
    config = render.mkdocs_config(GOOD, "kk", Path("docs"), Path("site"), [])
    assert render.FAST_MARKDOWN in config["markdown_extensions"]


def test_every_expression_of_the_installed_markdown_is_known():
    """Else the extension quietly asks every expression again: slower, still the same."""
    md = site_markdown(fast=True)
    assert type(md.treeprocessors["inline"]) is markdown_fast.SkippingInlineProcessor
    unknown = [
        name
        for name, pattern in zip(md.inlinePatterns._priority, md.inlinePatterns, strict=True)
        if markdown_fast.triggers(pattern.getCompiledRegExp()) is None
    ]
    assert unknown == []
    guarded = {
        name: type(getattr(md.parser.blockprocessors[name], attr)).__name__
        for name, attr in [
            ("hashheader", "RE"),
            ("setextheader", "RE"),
            ("hr", "SEARCH_RE"),
            ("quote", "RE"),
            ("reference", "RE"),
            ("admonition", "RE"),
        ]
    }
    fenced = md.preprocessors["fenced_code_block"].FENCED_BLOCK_RE
    guarded["fenced_code_block"] = type(fenced).__name__
    assert set(guarded.values()) == {"GuardedExpression"}, guarded


# Pieces of text that mean something to one expression or another, and some that mean nothing
PIECES = [
    *"\\`[]()!<>&;#*_=-+:/@.\"' \n\t\u0002\u0003aZ09қ",
    "![",
    "](",
    "]:",
    "://",
    "<a>",
    "</a>",
]
PIECES += ["<br>", "<!-- x -->", "&amp;", "&#1;", "  \n", "\n=", "\n-", "!!!", "**", "__", "---"]


@pytest.mark.parametrize(
    "expression",
    [re.compile(pattern, flags) for pattern, flags in markdown_fast.TRIGGERS],
    ids=lambda e: e.pattern[:30],
)
def test_an_expression_matches_no_text_without_its_strings(expression):
    needles = markdown_fast.triggers(expression)
    rng = random.Random(expression.pattern)
    tried = 0
    while tried < 3000:
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 16)))
        if any(needle in text for needle in needles):
            continue
        tried += 1
        assert expression.search(text) is None, text
        assert expression.match(text) is None, text


def test_whitespace_is_normalised_as_python_markdown_does():
    md = site_markdown(fast=True)
    assert type(md.preprocessors["normalize_whitespace"]) is markdown_fast.FastNormalizeWhitespace
    plain = NormalizeWhitespace(md)
    fast = markdown_fast.FastNormalizeWhitespace(md)
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(
            rng.choice([" ", "  ", "\n", "\r\n", "\r", "\t", "a", "\u0002"]) for _ in range(12)
        )
        lines = text.split("\n")
        assert fast.run(lines) == plain.run(lines), repr(text)


def test_a_pattern_it_does_not_know_is_always_tried():
    md = site_markdown(fast=True)
    md.inlinePatterns.register(SimpleTagInlineProcessor(r"()~~(.+?)~~", "del"), "del", 65)
    assert md.convert("Бұл ~~өшірілген~~ сөз.") == "<p>Бұл <del>өшірілген</del> сөз.</p>"


def test_a_guarded_expression_answers_as_the_expression():
    expression = re.compile(r"(?:^|\n)(#+)(.*)")
    guarded = markdown_fast.GuardedExpression(expression, ("#",))
    for text in ["# a", "a\n## b", "no heading", ""]:
        for ask in ("search", "match"):
            found, expected = getattr(guarded, ask)(text), getattr(expression, ask)(text)
            assert (found and found.groups()) == (expected and expected.groups())
    assert guarded.pattern == expression.pattern and guarded.sub("", "x\n# y") == "x"


@pytest.mark.parametrize(
    "text",
    [
        "# А\n\n[TOC]\n\n## Б\n",
        "# А\n\n- [TOC]\n- [TOC] мен\n\n> [TOC]\n\n## [TOC]\n\n`[TOC]`\n\n    [TOC]\n",
        "# А\n\nМәтін [TOC] ортасында, *[TOC]*.\n\n## Б\n",
        "# А\n\nМаркерсіз мәтін.\n\n## Б\n",
    ],
)
def test_the_toc_marker_is_replaced_where_python_markdown_replaces_it(text):
    plain, fast = site_markdown(fast=False), site_markdown(fast=True)
    assert type(fast.treeprocessors["toc"]) is markdown_fast.MarkerTocTreeprocessor
    assert fast.convert(text) == plain.convert(text)
    assert fast.toc == plain.toc
