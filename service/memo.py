"""Memoisation for functions of one string, which keeps only strings of ordinary length.

The service memoises per sentence and per word (news vocabulary repeats, and an editor's
widget sends an article again after every pause in typing), but a request may send one
sentence of a megabyte or one endless "word": kept, each such string would pin its size in
a worker until it fell out of the memo (a 1 MB sentence once pinned ~43 MB). Longer strings
are computed every time instead.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

Result = TypeVar("Result")


def memoise_short(max_chars: int, entries: int) -> Callable[[Callable[[str], Result]], Callable[[str], Result]]:
    """Decorate ``f(text)``: memoise (``entries`` at most) results for texts of up to
    ``max_chars`` characters. The decorated function has ``cache_info`` and ``cache_clear``."""

    def decorate(function: Callable[[str], Result]) -> Callable[[str], Result]:
        memoised = lru_cache(maxsize=entries)(function)

        @wraps(function)
        def call(text: str) -> Result:
            return function(text) if len(text) > max_chars else memoised(text)

        call.cache_info = memoised.cache_info
        call.cache_clear = memoised.cache_clear
        return call

    return decorate
