"""Opening a map as the commands do: from its built map when that is current.

:func:`open_built` is the commands' way in (``query``, ``serve``, ``reason``,
``explain``, ``render``, ``info``). Over a current built map (:mod:`graph.cache`) it
opens Oxigraph's store and reads nothing else; only when there is none, or when it
must reason further, does it load the reading, checking and reasoning machinery of
:mod:`graph.pipeline`, so that a query of a built map starts without it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from graph import cache
from graph.store import MapStore, default_source, new_store
from graph.vocab import SEMANTICS

if TYPE_CHECKING:
    from graph.assessment import Assessment
    from graph.formats import ReadContext
    from graph.pipeline import Summary

__all__ = ["Opened", "keep_built", "open_built"]


@dataclass
class Opened:
    """A map opened for a command: its store, the assessment it asked for (None if it
    asked for none; it may hold more semantics than asked), whether it came from a
    built map, and that built map's entry."""

    store: MapStore
    result: Assessment | None = None
    cached: bool = False
    entry: cache.Entry | None = None

    def summary(self) -> Summary:
        """:func:`~graph.pipeline.summarize` of the map, kept with its built map."""
        from graph.pipeline import Summary, summarize

        kept = self.entry.extra("summary") if self.entry is not None else None
        if isinstance(kept, Summary):
            return kept
        made = summarize(self.store)
        if self.entry is not None:
            self.entry.keep("summary", made)
        return made


def open_built(
    source: str | Path | Sequence[str | Path] | None = None,
    *,
    format: str | None = None,
    semantics: Sequence[str] = (),
    context: ReadContext | None = None,
    progress: Callable[[Path], None] | None = None,
    use_cache: bool = True,
    budget: float | None = None,
) -> Opened:
    """Open a map from its built map when that is current, else from the source (load,
    check, derive), writing the built map for next time.

    Reasoning is done on demand: only when ``semantics`` asks for statuses, and only
    for the semantics the built map does not hold yet (the rest are reused). The
    assessment is recorded in the store's reasoning graph, for queries. With
    ``budget``, preferred and stable get that many seconds each (see
    :func:`~graph.assessment.assess`); one that runs out is left for when it is asked
    for without a budget.

    Raises:
        InputError, ValidationError: as :func:`graph.pipeline.open_map`.
        ArgmapError: the cache cannot be written.
    """
    given = (
        [default_source()]
        if source is None
        else ([source] if isinstance(source, (str, Path)) else list(source))
    )
    files = _files(given)
    lenient = context.lenient if context is not None else False
    entry_key = None
    if use_cache:
        # A file that cannot be read has no key: reading it below says why.
        with contextlib.suppress(OSError):
            entry_key = cache.key(files, format=format, lenient=lenient)
    entry = cache.find(entry_key) if entry_key is not None else None
    wanted = [s for s in SEMANTICS if s in semantics]
    timed_out: set[str] = set()
    if entry is not None:
        if context is not None:
            context.skipped += int(entry.manifest.get("skipped_count") or 0)
            context.notes.extend(entry.skipped())
            context.skips.extend(entry.skipped())
        if budget is not None:
            timed_out = set(entry.manifest.get("uncomputed") or ())
        if set(wanted) - timed_out <= set(entry.semantics):
            result = entry.assessment() if wanted else None
            return Opened(entry.open(), result, cached=True, entry=entry)
    from graph.assessment import assess, record

    if entry is not None:
        # Statuses it does not hold yet: reason for those alone, keep them with the rest.
        store = _copy(entry.open())
        held = entry.assessment() if entry.semantics else None
        missing = [s for s in wanted if s not in entry.semantics and s not in timed_out]
        result = assess(store, semantics=missing, budget=budget)
        if held is not None:
            result = replace(held, statuses={**held.statuses, **result.statuses})
        record(store, result)
    else:
        from graph.pipeline import _open

        # the commands that open a map this way do not show its warnings: none made
        store, _ = _open(
            given if len(given) > 1 else given[0], format, (), context, progress, warn=False
        )
        result = None
        if wanted:
            result = assess(store, semantics=wanted, budget=budget)
            record(store, result)
    written = None
    if entry_key is not None:
        written = keep_built(store, files, format, context, result, entry_key)
    return Opened(store, result, entry=written)


def _files(given: Sequence[str | Path]) -> list[Path]:
    """The files ``given`` stands for: a folder's through the format registry (which
    is only imported for a folder), a file as it is."""
    if any(Path(p).is_dir() for p in given):
        from graph.formats import expand_sources

        return expand_sources(given)
    return [Path(p) for p in given]


def _copy(store: MapStore) -> MapStore:
    """An in-memory, writable copy of a map (of a built map, which is read-only)."""
    copy = new_store(store.path)
    copy.oxigraph.bulk_extend(store.oxigraph.quads_for_pattern(None, None, None, None))
    copy.sources, copy.prefixes, copy.graphs = (
        list(store.sources),
        dict(store.prefixes),
        dict(store.graphs),
    )
    return copy


def keep_built(
    store: MapStore,
    files: Sequence[Path],
    format: str | None,
    context: ReadContext | None,
    result: Assessment | None,
    entry_key: str | None = None,
) -> cache.Entry:
    """Write a map just built into the cache, under the key of its source files (its
    statuses: those ``result`` holds); return its entry."""
    from graph.anchors import source_texts

    lenient = context.lenient if context is not None else False
    texts, _ = source_texts(store)
    return cache.write(
        entry_key or cache.key(_files(files), format=format, lenient=lenient),
        store,
        texts=sorted({t.path for t in texts.values()}),
        assessment=result,
        skipped=context.skips if context is not None else (),
        skipped_count=context.skipped if context is not None else 0,
    )
