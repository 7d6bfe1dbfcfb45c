"""How long each stage of opening or building a map takes, for ``argmap build --timings``.

The pipeline marks its stages with :func:`stage`; nothing is measured unless a
caller listens with :func:`timed`, so marking costs one context-variable read.

>>> with timed() as seen:
...     with stage("load"):
...         with stage("parse"):
...             pass
>>> [(s.name, s.depth) for s in seen]
[('load', 0), ('parse', 1)]
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class Stage:
    """One stage: its name, how deep it is nested, and its wall seconds."""

    name: str
    depth: int
    seconds: float = 0.0


@dataclass
class _Listener:
    stages: list[Stage]
    depth: int = 0


_LISTENER: ContextVar[_Listener | None] = ContextVar("argmap_stages", default=None)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Mark a stage; stages started inside it are nested one level deeper."""
    listener = _LISTENER.get()
    if listener is None:
        yield
        return
    seen = Stage(name, listener.depth)
    listener.stages.append(seen)  # in the order they start, so nesting reads top down
    listener.depth += 1
    start = time.perf_counter()
    try:
        yield
    finally:
        seen.seconds = time.perf_counter() - start
        listener.depth -= 1


@contextmanager
def timed() -> Iterator[list[Stage]]:
    """Record the stages run inside; the list fills as they finish."""
    listener = _Listener([])
    token = _LISTENER.set(listener)
    try:
        yield listener.stages
    finally:
        _LISTENER.reset(token)


def report(stages: list[Stage], total: float) -> str:
    """The stages as an indented table, with what no stage accounts for."""
    width = max([len(s.name) + 2 * s.depth for s in stages] + [len("total")])
    lines = [f"{'  ' * s.depth + s.name:<{width}}  {s.seconds:8.3f} s" for s in stages]
    counted = sum(s.seconds for s in stages if s.depth == 0)
    lines.append(f"{'other':<{width}}  {max(total - counted, 0.0):8.3f} s")
    lines.append(f"{'total':<{width}}  {total:8.3f} s")
    return "\n".join(lines)
