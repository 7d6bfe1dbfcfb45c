"""The library calls behind the commands: open, validate, build and summarise a map.

``open_map`` is the one path from a source file to a checked map: read it in any
registered format, check referential integrity and anchors, then derive. A map
with problems raises :class:`graph.errors.ValidationError` listing all of them.

>>> store = open_map()          # the embedded NATO map
>>> summary = summarize(store)
>>> summary.statements > 20 and summary.inferences > 10
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph import formats
from graph.anchors import check_anchors, source_texts
from graph.assessment import SEMANTICS, assess, record
from graph.derive import derive
from graph.errors import Problem, ValidationError
from graph.store import MapStore, atomic_write, default_source
from graph.validate import check_integrity, check_shapes
from graph.view import collect, statement_graph

__all__ = [
    "BuildResult",
    "Summary",
    "build",
    "open_map",
    "summarize",
    "validate_map",
]


def _check(store: MapStore) -> list[Problem]:
    problems = check_integrity(store)
    texts, unreadable = source_texts(store)
    anchors = check_anchors(store, texts)
    problems += unreadable + anchors.problems
    if not problems:
        store.add_derived(anchors.triples)
    return problems


def open_map(
    source: str | Path | None = None,
    *,
    format: str | None = None,
    semantics: Sequence[str] = SEMANTICS,
) -> MapStore:
    """Load a map, check it, derive, reason, and record what reasoning found.

    Args:
        source: a map file in any readable registered format; the embedded NATO map
            when None.
        format: the format's name, when the extension does not tell.
        semantics: the semantics whose statuses are recorded (with strengths and
            structural markers) in the reasoning graph; empty to skip reasoning.

    Raises:
        InputError: the file cannot be read or parsed.
        ValidationError: dangling references or quotes not in the source text.
    """
    path = Path(source) if source is not None else default_source()
    store = formats.load(path, format=format)
    problems = _check(store)
    if problems:
        raise ValidationError(problems, path=path)
    derive(store)
    if semantics:
        record(store, assess(store, semantics=semantics))
    return store


def validate_map(
    source: str | Path | None = None, *, format: str | None = None, shapes: bool = True
) -> list[Problem]:
    """Every problem of a map: integrity, anchors and (unless ``shapes=False``) SHACL.

    The shapes are checked once references resolve: on a map with dangling
    references, SHACL would only repeat them in less direct words.

    Raises:
        InputError: the file cannot be read or parsed (nothing else can be checked).
    """
    path = Path(source) if source is not None else default_source()
    store = formats.load(path, format=format)
    problems = _check(store)
    derive(store)
    if shapes and not problems:
        problems += check_shapes(store)
    return problems


@dataclass(frozen=True)
class Summary:
    """Counts that describe a map."""

    kinds: dict[str, int]
    inferences: int
    rebuttals: int
    undercuts: int
    actors: list[tuple[str, str, int]]
    main_conclusions: list[tuple[str, str]]
    anchors: int
    implicit: int
    asserted_triples: int
    derived_triples: int
    title: str | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def statements(self) -> int:
        return sum(self.kinds.values())

    @property
    def conflicts(self) -> int:
        return self.rebuttals + self.undercuts


def summarize(store: MapStore) -> Summary:
    """Count a (derived) map's statements by kind, inferences, conflicts and actors."""
    data = collect(store)
    kinds = Counter(s.kind for s in data.statements.values())
    undercuts = sum(1 for _, t in data.conflicts.values() if t in data.inferences)
    spoken: Counter[str] = Counter()
    for _statement, speaker in store.rows(
        "SELECT ?s ?a WHERE { ?s a am:Statement ; prov:wasAttributedTo ?a }"
    ):
        assert speaker is not None
        spoken[speaker] += 1
    roles = dict(
        (a, r)
        for a, r in store.rows("SELECT ?a ?r WHERE { ?a a am:Actor ; am:role ?r }")
        if a is not None and r is not None
    )
    actors = sorted(
        ((name, roles.get(a, ""), spoken[a]) for a, name in data.actors.items()),
        key=lambda t: (-t[2], t[0]),
    )
    view = statement_graph(store, data)
    main = [
        (store.compact(m), data.statements[m].label or m) for m in view.graph["main_conclusions"]
    ]
    anchors = sum(len(s.quotes) for s in data.statements.values())
    implicit = sum(1 for s in data.statements.values() if s.implicit)
    return Summary(
        kinds=dict(sorted(kinds.items())),
        inferences=len(data.inferences),
        rebuttals=len(data.conflicts) - undercuts,
        undercuts=undercuts,
        actors=actors,
        main_conclusions=main,
        anchors=anchors,
        implicit=implicit,
        asserted_triples=store.count(derived=False),
        derived_triples=store.count(derived=True),
        title=data.title,
    )


@dataclass(frozen=True)
class BuildResult:
    """What ``build`` produced."""

    summary: Summary
    files: list[Path]


def build(
    source: str | Path | None = None,
    out_dir: str | Path = "output",
    *,
    format: str | None = None,
    shapes: bool = True,
    semantics: Sequence[str] = SEMANTICS,
) -> BuildResult:
    """Build a map: load, check, derive, render; write ``NAME.ttl`` and ``NAME.html``.

    Both outputs are produced in memory first and written through temporary files,
    so a failed build creates or overwrites nothing.

    Raises:
        InputError: the source cannot be read or parsed.
        ValidationError: the map has problems (with ``shapes``, SHACL ones too).
    """
    from graph.render import render_html

    path = Path(source) if source is not None else default_source()
    store = open_map(path, format=format, semantics=())
    if shapes:
        problems = check_shapes(store)
        if problems:
            raise ValidationError(problems, path=path)
    record(store, assess(store, semantics=semantics))
    turtle = store.serialize("turtle")
    view = statement_graph(store)
    html = render_html(view, title=view.graph.get("title") or path.stem)
    out = Path(out_dir)
    name = path.name.split(".")[0]
    written = [
        atomic_write(out / f"{name}.ttl", turtle),
        atomic_write(out / f"{name}.html", html.encode("utf-8")),
    ]
    return BuildResult(summarize(store), written)
