"""mkdocs hooks: the docs' static files hard-linked into the site instead of copied.

mkdocs copies every file of the docs folder that is not a page (a court's open data: ~10,000
Akoma Ntoso files, 0.8 GB at 10,000 rulings) byte for byte into the site, seconds of CPU a
build. A hard link is the same bytes at no cost. Just before mkdocs copies them, these hooks
link each such file whose output does not exist yet; mkdocs then finds source and output the
same file and leaves it (shutil.copyfile's SameFileError, which mkdocs passes over for
plugins that write into the site themselves). Only while mkdocs copies files as the code this
module was written from does (COPY_FILE, the guard): else mkdocs copies as it always did.

The site then shares these files with the docs folder, so the docs' files must never be
rewritten in place: generator.render writes a changed docs file under a new name and renames
it over the old one (a new file; the site keeps the old bytes until it is rendered again).
"""

from __future__ import annotations

import inspect
import os
from functools import cache
from textwrap import dedent

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

# File.copy_file of mkdocs 1.6: a file without generated content is copied with
# utils.copy_file, and a SameFileError (source and output one file) is passed over
COPY_FILE = dedent('''
    def copy_file(self, dirty: bool = False) -> None:
        """Copy source file to destination, ensuring parent directories exist."""
        if dirty and not self.is_modified():
            log.debug(f"Skip copying unmodified file: '{self.src_uri}'")
            return
        log.debug(f"Copying media file: '{self.src_uri}'")
        output_path = self.abs_dest_path
        os.makedirs(os.path.dirname(output_path), exist_ok=True)
        content = self._content
        if content is None:
            assert self.abs_src_path is not None
            try:
                utils.copy_file(self.abs_src_path, output_path)
            except shutil.SameFileError:
                pass  # Let plugins write directly into site_dir.
        elif isinstance(content, str):
            with open(output_path, 'w', encoding='utf-8') as output_file:
                output_file.write(content)
        else:
            with open(output_path, 'wb') as output_file:
                output_file.write(content)
''').lstrip()


@cache
def copies_as_known() -> bool:
    """Whether mkdocs's File.copy_file is still the code COPY_FILE holds."""
    try:
        return dedent(inspect.getsource(File.copy_file)) == COPY_FILE
    except (OSError, TypeError):
        return False


def linkable(file: File, docs: str) -> bool:
    """A static file of the docs folder, as it is there: what mkdocs would copy unchanged."""
    source = file.abs_src_path
    return (
        not file.is_documentation_page()
        and InclusionLevel.is_included(file.inclusion)
        and file.generated_by is None
        and file._content is None
        and source is not None
        and source.startswith(docs)
    )


def written_otherwise(config, files) -> set[str]:
    """Outputs (site paths) that mkdocs or the theme's search writes after the static files
    are copied: a page, a theme file or template, the search index. A file linked there
    would be written over in place, and with it the docs file it is."""
    paths = {file.dest_uri for file in files if not linkable(file, "")}
    paths.update(config.theme.static_templates)
    paths.update(config.extra_templates)
    paths.add("search/search_index.json")
    return {os.path.normpath(path) for path in paths}


_linked: dict[str, tuple[str, int, int]] = {}  # source -> (output, size, mtime_ns) linked


def on_pre_build(config) -> None:
    _linked.clear()


@event_priority(-100)  # the last event before mkdocs copies the static files
def on_env(env, config, files):
    if not copies_as_known():
        return env
    docs = os.path.join(config.docs_dir, "")
    taken = written_otherwise(config, files)
    made: set[str] = set()
    for file in files:
        if not linkable(file, docs) or os.path.normpath(file.dest_uri) in taken:
            continue
        target = file.abs_dest_path
        if os.path.lexists(target):
            continue  # a kept render's file, or another's output: mkdocs decides
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        try:
            os.link(file.abs_src_path, target)
        except OSError:  # another file system, or links not allowed: mkdocs copies it
            continue
        done = os.stat(target)
        _linked[file.abs_src_path] = (target, done.st_size, done.st_mtime_ns)
    return env


@event_priority(-100)  # after everything else has written its files
def on_post_build(config) -> None:
    """A linked file written over (by a plugin this module does not know of) changed its
    docs file too: the build fails, so the render cache is not kept and the next build
    writes every docs file anew."""
    for source, (target, size, mtime) in _linked.items():
        now = os.stat(source)
        if (now.st_size, now.st_mtime_ns) != (size, mtime):
            raise PluginError(f"{target} was written over after it was linked to {source}")
