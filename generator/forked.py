"""Work done beside the build, in a child forked from it.

The search index needs only the public view, not the pages: made in a forked child, it
sees the build's records and view without a copy (the pages are copy-on-write) and uses
the second core while the build process makes pages. A thread would not: the pages and
the index are both Python, and one lock (the GIL) lets one of them run at a time.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable
from typing import Any

from generator.errors import BuildError


class Forked:
    """`func(*args)` in a child forked now; `result()` waits for what it returned, or
    raises what it raised. Nothing is pickled on the way in: the child has it all."""

    def __init__(self, func: Callable[..., Any], *args: Any) -> None:
        context = multiprocessing.get_context("fork")
        self._answer, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(send, func, args))
        self._process.start()
        send.close()

    def result(self) -> Any:
        try:
            ok, value = self._answer.recv()
        except EOFError:  # killed, or ended without a word
            self._process.join()
            raise BuildError(
                f"a worker of the build ended without an answer "
                f"(exit status {self._process.exitcode})"
            ) from None
        finally:
            self._answer.close()
        self._process.join()
        if ok:
            return value
        raise value

    def cancel(self) -> None:
        """Stop the child if it still runs (the build failed elsewhere)."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._answer.close()


def _run(send, func: Callable[..., Any], args: tuple) -> None:
    try:
        answer = (True, func(*args))
    except BaseException as exc:  # sent to the parent, which raises it
        answer = (False, exc)
    try:
        send.send(answer)
    except Exception as exc:  # an answer that does not pickle: the story, as a BuildError
        story = exc if answer[0] else answer[1]  # why it failed, or why sending it did
        send.send((False, BuildError("".join(traceback.format_exception(story)))))
    send.close()
    os._exit(0)  # the parent owns everything inherited: nothing to flush or free here
