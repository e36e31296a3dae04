"""A Markdown extension: the same HTML as Python-Markdown makes, in half the time.

Python-Markdown tries each of its inline patterns (a dozen regular expressions) on every
text of a page, one after another, through several Python calls each, and each block
processor's expression on every block; on a court's pages most texts are plain sentences
that none of them matches, and trying them all was half of the Markdown conversion.

Each of these expressions can only match a text that holds one of a few strings (`[` for a
link, `<` for HTML, `://` for an automatic link, `#` for a heading, ...: TRIGGERS). This
extension skips an inline pattern for a text that holds none of its strings, and answers
"no match" at once when a processor asks its expression about such a text: the expression
would have found nothing there, and finding nothing changes nothing, so the HTML is the
same. An expression this module does not know (another extension's, or one that a Markdown
release changed) is always asked. Where this module stands in for a piece of Python-Markdown
(the loop over the inline patterns, the first preprocessor), it does so only while that
piece is the code it was written from; else Python-Markdown's own runs.

Enabled by generator.render for every language's mkdocs run ("generator.markdown_fast" in
`markdown_extensions`); tests/test_render_markdown.py holds it to its claims.
"""

from __future__ import annotations

import inspect
import re
import xml.etree.ElementTree as etree
from functools import cache
from textwrap import dedent

from markdown import Extension, Markdown, util
from markdown import inlinepatterns as patterns
from markdown.extensions.toc import TocTreeprocessor
from markdown.preprocessors import NormalizeWhitespace
from markdown.treeprocessors import InlineProcessor

INLINE, BLOCK = re.DOTALL | re.UNICODE, re.MULTILINE  # the flags Python-Markdown compiles with
FENCED = re.MULTILINE | re.DOTALL | re.VERBOSE
FENCED_CODE = dedent(r"""
            (?P<fence>^(?:~{3,}|`{3,}))[ ]*                          # opening fence
            ((\{(?P<attrs>[^\n]*)\})|                                # (optional {attrs} or
            (\.?(?P<lang>[\w#.+-]*)[ ]*)?                            # optional (.)lang
            (hl_lines=(?P<quot>"|')(?P<hl_lines>.*?)(?P=quot)[ ]*)?) # optional hl_lines)
            \n                                                       # newline (end of opening fence)
            (?P<code>.*?)(?<=\n)                                     # the code block
            (?P=fence)[ ]*$                                          # closing fence
        """)  # as the fenced_code extension writes it

# Python-Markdown's expressions (3.x) -> strings of which every text that the expression
# matches holds at least one
TRIGGERS: dict[tuple[str, int], tuple[str, ...]] = {
    (expression.pattern, expression.flags): needles
    for expression, needles in (
        # inline patterns
        (re.compile(r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)", INLINE), ("\\", "`")),  # backtick
        (re.compile(r"\\(.)", INLINE), ("\\",)),  # escape
        (re.compile(r"(?<!\!)\[", INLINE), ("[",)),  # reference, link, short_reference
        (re.compile(r"\!\[", INLINE), ("![",)),  # image_link, image_reference, short_image_ref
        (re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>", INLINE), ("://",)),  # autolink
        (re.compile(r"<([^<> !]+@[^@<> ]+)>", INLINE), ("@",)),  # automail
        (re.compile(r"  \n", INLINE), ("  \n",)),  # linebreak
        (  # html: a tag, comment, processing instruction or CDATA, each inside < >
            re.compile(
                r"""(<(\/?+[a-zA-Z][^\s"'<>@]*+(?:\s+[^\s"'=<>]++(?:\s*+=\s*+(?:"[^"]*+"|"""
                r"""'[^']*+'|[^\s"'=<>]++))?+)*+\s*+/?|!--(?:(?!<!--|-->).)*--|"""
                r"""[?](?:(?!<[?]|[?]>).)*[?]|!\[CDATA\[(?:(?!<!\[CDATA\[|\]\]>).)*\]\])>)""",
                INLINE,
            ),
            ("<",),
        ),
        (re.compile(r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)", INLINE), ("&",)),  # entity
        (re.compile(r"\*|_", INLINE), ("*", "_")),  # em_strong (a DelimiterProcessor of * and _)
        # block processors' expressions (their `RE` or `SEARCH_RE`)
        (  # hashheader
            re.compile(
                r"(?:^|\n)(?P<level>#{1,6})(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)"
            ),
            ("#",),
        ),
        (re.compile(r"^.*?\n(?:=+|-+)[ ]*(\n|$)", BLOCK), ("\n=", "\n-")),  # setextheader
        (  # hr
            re.compile(
                r"^[ ]{0,3}(?=(?P<atomicgroup>(-+[ ]{0,2}){3,}|(_+[ ]{0,2}){3,}|"
                r"(\*+[ ]{0,2}){3,}))(?P=atomicgroup)[ ]*$",
                BLOCK,
            ),
            ("-", "_", "*"),
        ),
        (re.compile(r"(^|\n)[ ]{0,3}>[ ]?(.*)"), (">",)),  # quote
        (  # reference: [id]: link "title"
            re.compile(
                r"^[ ]{0,3}\[([^\[\]]*)\]:[ ]*(?:\n[ ]*)?([^\s]+)[ ]*(?:\n[ ]*)?"
                r'((["\'])(.*)\4[ ]*|\((.*)\)[ ]*)?$',
                BLOCK,
            ),
            ("]:",),
        ),
        (  # admonition
            re.compile(r'(?:^|\n)!!! ?([\w\-]+(?: +[\w\-]+)*)(?: +"(.*?)")? *(?:\n|$)'),
            ("!!!",),
        ),
        # the fenced_code preprocessor's FENCED_BLOCK_RE
        (re.compile(FENCED_CODE, FENCED), ("~~~", "```")),
    )
}


EXPRESSIONS = ("RE", "SEARCH_RE", "FENCED_BLOCK_RE")  # where the processors keep them


def triggers(expression: object) -> tuple[str, ...] | None:
    """Strings one of which a text must hold for `expression` to match, or None: unknown."""
    if not isinstance(expression, re.Pattern):
        return None
    return TRIGGERS.get((expression.pattern, expression.flags))


# InlineProcessor.__handleInline of Python-Markdown 3.x: SkippingInlineProcessor's loop does
# what it does, and stands in for it while it is this code
HANDLE_INLINE = dedent('''
    def __handleInline(self, data: str, patternIndex: int = 0) -> str:
        """
        Process string with inline patterns and replace it with placeholders.

        Arguments:
            data: A line of Markdown text.
            patternIndex: The index of the `inlinePattern` to start with.

        Returns:
            String with placeholders.

        """
        if not isinstance(data, util.AtomicString):
            startIndex = 0
            count = len(self.inlinePatterns)
            while patternIndex < count:
                data, matched, startIndex = self.__applyPattern(
                    self.inlinePatterns[patternIndex], data, patternIndex, startIndex
                )
                if not matched:
                    patternIndex += 1
        return data
''').lstrip()


class SkippingInlineProcessor(InlineProcessor):
    """Python-Markdown's InlineProcessor, which skips the patterns a text cannot match.

    Its inner loop (the private `__handleInline`, which the base class calls by its
    mangled name) is replaced; the rest is the base class's.
    """

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        # the patterns and their triggers, once a run (extensions register them up to now)
        self.plan = [(pattern, _inline_triggers(pattern)) for pattern in self.inlinePatterns]
        self.needles = sorted({needle for _, needles in self.plan for needle in needles or ()})
        # from which pattern on all are known: a text without a needle is then left as it is
        known = [needles is not None for _, needles in self.plan]
        self.known_from = next(i for i in range(len(known) + 1) if all(known[i:]))
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        """The base class's loop over the patterns, skipping those that cannot match."""
        if isinstance(data, util.AtomicString):
            return data
        apply = self._InlineProcessor__applyPattern
        plan = self.plan
        present = self._present(data)
        if not present and patternIndex >= self.known_from:
            return data  # the common case: a plain sentence
        start = 0
        index = patternIndex
        while index < len(plan):
            pattern, needles = plan[index]
            if needles is not None and present.isdisjoint(needles):
                index += 1  # as when a pattern does not match: the next one from 0
                start = 0
                continue
            data, matched, start = apply(pattern, data, index, start)
            if matched:  # a placeholder took the place of what matched
                present = self._present(data)
            else:
                index += 1
        return data

    def _present(self, data: str) -> set[str]:
        return {needle for needle in self.needles if needle in data}


def _inline_triggers(pattern: object) -> tuple[str, ...] | None:
    if not isinstance(pattern, patterns.InlineProcessor):  # legacy patterns match otherwise
        return None
    return triggers(pattern.getCompiledRegExp())


class GuardedExpression:
    """A compiled expression whose `search` and `match` answer None at once for a text
    without any of `needles` (where it cannot match); in all else it is the expression."""

    def __init__(self, expression: re.Pattern[str], needles: tuple[str, ...]) -> None:
        self.expression = expression
        self.needles = needles

    def search(self, string: str, *args, **kwargs) -> re.Match[str] | None:
        for needle in self.needles:  # a loop, not any(): asked for every block of a page
            if needle in string:
                return self.expression.search(string, *args, **kwargs)
        return None

    def match(self, string: str, *args, **kwargs) -> re.Match[str] | None:
        for needle in self.needles:
            if needle in string:
                return self.expression.match(string, *args, **kwargs)
        return None

    def __getattr__(self, name: str):
        return getattr(self.expression, name)


# NormalizeWhitespace.run of Python-Markdown 3.x: FastNormalizeWhitespace stands in for it
# while it is this code
NORMALIZE_WHITESPACE = dedent(r"""
    def run(self, lines: list[str]) -> list[str]:
        source = '\n'.join(lines)
        source = source.replace(util.STX, "").replace(util.ETX, "")
        source = source.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
        source = source.expandtabs(self.md.tab_length)
        source = re.sub(r'(?<=\n) +\n', '\n', source)
        return source.split('\n')
""").lstrip()
# a line of spaces only (not the first) becomes empty: as `(?<=\n) +\n` -> "\n" does, but
# an expression that starts with a character is looked for at that character only
SPACES_LINE = re.compile(r"\n +(?=\n)")


class FastNormalizeWhitespace(NormalizeWhitespace):
    """Python-Markdown's first preprocessor, the same, sooner: its expression for lines of
    spaces, which starts with a look-behind, took half a millisecond on a ruling."""

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        source = source.replace(util.STX, "").replace(util.ETX, "")
        source = source.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
        source = source.expandtabs(self.md.tab_length)
        source = SPACES_LINE.sub("\n", source)
        return source.split("\n")


# TocTreeprocessor.replace_marker of Python-Markdown 3.x: MarkerTocTreeprocessor asks it only
# when the marker is in some text, while it is this code
REPLACE_MARKER = dedent('''
    def replace_marker(self, root: etree.Element, elem: etree.Element) -> None:
        """ Replace marker with elem. """
        for (p, c) in self.iterparent(root):
            text = ''.join(c.itertext()).strip()
            if not text:
                continue

            # To keep the output from screwing up the
            # validation by putting a `<div>` inside of a `<p>`
            # we actually replace the `<p>` in its entirety.

            # The `<p>` element may contain more than a single text content
            # (`nl2br` can introduce a `<br>`). In this situation, `c.text` returns
            # the very first content, ignore children contents or tail content.
            # `len(c) == 0` is here to ensure there is only text in the `<p>`.
            if c.text and c.text.strip() == self.marker and len(c) == 0:
                for i in range(len(p)):
                    if p[i] == c:
                        p[i] = elem
                        break
''').lstrip()


class MarkerTocTreeprocessor(TocTreeprocessor):
    """The toc extension's processor, which looks for its marker ("[TOC]") only in a page
    that holds it: its search joined the text under every element of the page, a tenth of
    a ruling's conversion. An element it replaces has the marker as its text, so a page in
    whose texts the marker is nowhere has nothing to replace."""

    def replace_marker(self, root: etree.Element, elem: etree.Element) -> None:
        marker = self.marker
        if any(isinstance(el.text, str) and marker in el.text for el in root.iter()):
            super().replace_marker(root, elem)


@cache
def _is_known(function: object, source: str) -> bool:
    """Whether Python-Markdown's `function` is still the code this module stands in for."""
    try:
        return dedent(inspect.getsource(function)) == source  # type: ignore[arg-type]
    except (OSError, TypeError):
        return False


class FastMarkdownExtension(Extension):
    """Guards the known expressions of the processors, and puts SkippingInlineProcessor,
    FastNormalizeWhitespace and MarkerTocTreeprocessor in the places of Python-Markdown's
    own."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        for processor in (*md.preprocessors, *md.parser.blockprocessors):
            for name in EXPRESSIONS:
                expression = getattr(processor, name, None)
                needles = triggers(expression)
                if needles is not None:
                    setattr(processor, name, GuardedExpression(expression, needles))
        tree = md.treeprocessors
        if (
            "inline" in tree
            and type(tree["inline"]) is InlineProcessor
            and _is_known(
                getattr(InlineProcessor, "_InlineProcessor__handleInline", None), HANDLE_INLINE
            )
        ):
            tree.register(SkippingInlineProcessor(md), "inline", _priority(tree, "inline"))
        pre, name = md.preprocessors, "normalize_whitespace"
        if (
            name in pre
            and type(pre[name]) is NormalizeWhitespace
            and _is_known(NormalizeWhitespace.run, NORMALIZE_WHITESPACE)
        ):
            pre.register(FastNormalizeWhitespace(md), name, _priority(pre, name))
        if (
            "toc" in tree
            and type(tree["toc"]) is TocTreeprocessor
            and _is_known(TocTreeprocessor.replace_marker, REPLACE_MARKER)
        ):
            tree["toc"].__class__ = MarkerTocTreeprocessor  # the same processor, as configured


def _priority(registry: util.Registry, name: str) -> float:
    return next(item.priority for item in registry._priority if item.name == name)


def makeExtension(**kwargs) -> FastMarkdownExtension:  # noqa: N802 (Markdown's API)
    return FastMarkdownExtension(**kwargs)
