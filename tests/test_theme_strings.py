"""The theme's interface strings that Alqa keeps in its own theme folder (generator/theme/
partials/languages/): the Russian ones are the theme's own, in a form made once per page
rather than at every word, so a page reads the same with them as without them."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import material

from generator import render

THEME = Path(material.__file__).parent / "templates"
KEY = re.compile(r'^\s*"([^"]+)":', re.MULTILINE)


def translate(dirs: list[Path], lang: str, keys: list[str]) -> dict[str, str]:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(d) for d in dirs]))
    module = env.get_template(f"partials/languages/{lang}.html").module
    return {key: str(module.t(key)) for key in keys}


def test_the_russian_strings_are_the_themes_own():
    keys = KEY.findall((THEME / "partials" / "languages" / "en.html").read_text("utf-8"))
    keys += KEY.findall((THEME / "partials" / "languages" / "ru.html").read_text("utf-8"))
    keys = sorted(set(keys)) + ["no.such.key"]
    ours = translate([render.THEME, THEME], "ru", keys)
    assert ours == translate([THEME], "ru", keys)
    assert ours["search.placeholder"] and ours["no.such.key"] == ""
