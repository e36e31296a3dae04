"""The garbage collector paused while a build makes a court's worth of objects.

Loading 30,000 records or making the public view of 10,000 rulings and 13,000 hearings
creates hundreds of thousands of objects and no garbage cycles, yet every few hundred of
them the collector would walk all those made so far: a third of the public view's time at
10,000 rulings. Paused, it walks none of them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused(freeze: bool = False) -> Iterator[None]:
    """The collector off for the block (left as it was if it was off already). `freeze`:
    the objects made are also kept out of later collections (gc.freeze), for what lives as
    long as the process; garbage from before is collected first (milliseconds, when what
    was loaded before is frozen), so that none is frozen with them."""
    if not gc.isenabled():
        yield
        return
    if freeze:
        gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        gc.enable()
