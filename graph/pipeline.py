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

import os
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph import edited, formats
from graph.anchors import check_anchors, source_texts, text_file_path
from graph.assessment import SEMANTICS, Assessment, assess, find_statement, record
from graph.built import Opened, keep_built, open_built
from graph.derive import derive
from graph.edited import Reanchoring
from graph.errors import ArgmapError, InputError, Problem, ValidationError
from graph.formats import ReadContext, argdown_terms
from graph.output import atomic_write, write_files
from graph.stages import stage
from graph.store import MapStore, default_source
from graph.validate import check_integrity, check_shapes
from graph.view import MapData, collect, statement_graph
from graph.vocab import AM, DERIVED_GRAPH, REASONING_GRAPH

__all__ = [
    "BuildResult",
    "Conversion",
    "Opened",
    "Summary",
    "build",
    "convert",
    "map_page",
    "open_built",
    "open_map",
    "render",
    "summarize",
    "validate_map",
]


def _check(store: MapStore, argdown: bool = False, warnings: bool = True) -> list[Problem]:
    """Integrity and anchors (errors and warnings, or only the errors with
    ``warnings=False``); derives the anchors' offsets when there is no error.
    Problems of an Argdown map are said in Argdown's terms."""
    with stage("integrity"):
        problems = check_integrity(store)
    with stage("anchors"):
        texts, unreadable = source_texts(store)
        anchors = check_anchors(store, texts, warnings=warnings)
    told = {p.focus for p in unreadable}
    problems += unreadable + [
        p
        for p in anchors.problems
        if not (p.rule == "source-without-text" and p.facts.get("source") in told)
    ]
    if argdown:
        problems += argdown_terms.authoring_checks(store)
    if not _errors(problems):
        # What the anchors leave out (offsets, context): never held, by construction.
        with stage("anchors' offsets"):
            store.add_fresh(anchors.quads)
    return _said(store, problems, argdown)


def _errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def _said(store: MapStore, problems: list[Problem], argdown: bool) -> list[Problem]:
    return argdown_terms.in_argdown_terms(store, problems) if argdown else problems


def _is_argdown(source: Sources, format: str | None) -> bool:
    """Whether the map is one Argdown document (its problems are then said in
    Argdown's terms, at the Argdown's lines and columns)."""
    if format is not None:
        return formats.by_name(format).name == argdown_terms.FORMAT_NAME
    if not isinstance(source, (str, Path)):
        if source is None or len(source) != 1:
            return False
        source = source[0]
    if Path(source).is_dir():
        return False
    try:
        return formats.for_path(Path(source)).name == argdown_terms.FORMAT_NAME
    except InputError:
        return False


Sources = str | Path | Sequence[str | Path] | None


def _load(
    source: Sources,
    format: str | None,
    context: ReadContext | None,
    progress: Callable[[Path], None] | None,
) -> tuple[MapStore, Path]:
    if source is None:
        sources: list[str | Path] = [default_source()]
    elif isinstance(source, (str, Path)):
        sources = [source]
    else:
        sources = list(source)
    with stage("load"):
        store = formats.load_many(sources, format=format, context=context, progress=progress)
    return store, Path(sources[0])


def open_map(
    source: Sources = None,
    *,
    format: str | None = None,
    semantics: Sequence[str] = SEMANTICS,
    context: ReadContext | None = None,
    progress: Callable[[Path], None] | None = None,
) -> MapStore:
    """Load a map, check it, derive, reason, and record what reasoning found.

    Args:
        source: a map file in any readable registered format, a folder of them, or
            several (each map then in its own named graph); the embedded NATO map
            when None.
        format: the format's name, when the extension does not tell.
        semantics: the semantics whose statuses are recorded (with strengths and
            structural markers) in the reasoning graph; empty to skip reasoning.
        context: reading options (``lenient``) and what the readers report.
        progress: called after each file is read.

    Raises:
        InputError: a file cannot be read or parsed.
        ValidationError: dangling references or quotes not in the source text.
    """
    store, _warnings = _open(source, format, semantics, context, progress)
    return store


def _open(
    source: Sources,
    format: str | None,
    semantics: Sequence[str],
    context: ReadContext | None,
    progress: Callable[[Path], None] | None,
    warn: bool = True,
    reanchored: list[Reanchoring] | None = None,
) -> tuple[MapStore, list[Problem]]:
    """:func:`open_map`, also returning the warnings the checks found (the anchors'
    are not made with ``warn=False``).

    With a ``reanchored`` list, quotes that an edit of their text moved or reworded
    are found again and rewritten in the store (:mod:`graph.edited`), and what was
    done to each is appended to the list; without it, such quotes fail the map with
    a hint that says what re-anchoring would do.
    """
    store, path = _load(source, format, context, progress)
    argdown = _is_argdown(source, format)
    with stage("checks"):
        problems = _check(store, argdown, warn)
    hint = None
    if _errors(problems) and (reanchored is not None or not (context and context.lenient)):
        texts, _ = source_texts(store)
        if reanchored is None:
            hint = edited.offer(store, texts, _errors(problems))
        else:
            with stage("reanchor"):
                found = edited.plan(store, texts, _errors(problems))
                reanchored.extend(found)
                if edited.apply(store, found):
                    problems = _check(store, argdown, warn)
            gone = [r for r in found if not r.mended]
            if gone:
                are, them = ("is", "it") if len(gone) == 1 else ("are", "them")
                hint = (
                    f"{len(found) - len(gone)} of {len(found)} quotes were found again in the "
                    f"edited text; {len(gone)} {are} gone: quote the new words, or drop {them}"
                )
    warnings = [p for p in problems if p.severity != "error"]
    problems = _errors(problems)
    if problems and context is not None and context.lenient:
        # Lenient: a broken element (an inference without a conclusion, a quote not
        # in the text) is reported and left out of the views instead of failing.
        for problem in problems:
            context.skip(str(problem))
        problems = []
    if problems:
        raise ValidationError(problems, path=path, hint=hint)
    with stage("derive"):
        derive(store, count=False)
    if semantics:
        result = assess(store, semantics=semantics)
        with stage("record"):
            record(store, result)
    return store, warnings


def validate_map(
    source: Sources = None,
    *,
    format: str | None = None,
    shapes: bool = True,
    context: ReadContext | None = None,
) -> list[Problem]:
    """Every problem of a map: integrity, anchors and (unless ``shapes=False``) SHACL.

    The shapes are checked once references resolve: on a map with dangling
    references, SHACL would only repeat them in less direct words. Warnings (a
    statement without an anchor, a document without a creator) come back with
    ``severity="warning"``; they do not make a map invalid.

    Raises:
        InputError: the file cannot be read or parsed (nothing else can be checked).
    """
    store, _ = _load(source, format, context, None)
    argdown = _is_argdown(source, format)
    problems = _check(store, argdown)
    derive(store)
    if shapes and not _errors(problems):
        problems += _said(store, check_shapes(store), argdown)
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
    reasoning_triples: int = 0
    title: str | None = None
    #: Rephrases (``am:Rephrase``), which the views treat as one-premise inferences;
    #: not counted in ``inferences``.
    rephrases: int = 0
    #: The dialogue layer: locutions (who said which words) and illocutions (what
    #: saying them put forward).
    locutions: int = 0
    illocutions: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def statements(self) -> int:
        return sum(self.kinds.values())

    @property
    def conflicts(self) -> int:
        return self.rebuttals + self.undercuts


def summarize(store: MapStore, data: MapData | None = None) -> Summary:
    """Count a (derived) map's statements by kind, inferences, conflicts and actors.

    ``data``: the map's elements (:func:`graph.view.collect`), when already read.
    """
    data = data or collect(store)
    kinds = Counter(s.kind for s in data.statements.values())
    # an attack on an attack denies its force, as an undercut denies an inference's
    undercuts = sum(
        1 for _, t in data.conflicts.values() if t in data.inferences or t in data.conflicts
    )
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
    reasoning = store.count(graph=REASONING_GRAPH)
    anchors = sum(len(s.quotes) for s in data.statements.values())
    implicit = sum(1 for s in data.statements.values() if s.implicit)
    dialogue = dict(
        (str(kind), int(n))
        for kind, n in store.rows(
            "SELECT ?k (COUNT(DISTINCT ?x) AS ?n) WHERE { VALUES ?k { am:Locution am:Illocution }"
            " ?x a ?k } GROUP BY ?k"
        )
        if kind is not None and n is not None
    )
    return Summary(
        locutions=dialogue.get(str(AM.Locution), 0),
        illocutions=dialogue.get(str(AM.Illocution), 0),
        kinds=dict(sorted(kinds.items())),
        inferences=sum(1 for i in data.inferences.values() if not i.rephrase),
        rephrases=sum(1 for i in data.inferences.values() if i.rephrase),
        rebuttals=len(data.conflicts) - undercuts,
        undercuts=undercuts,
        actors=actors,
        main_conclusions=main,
        anchors=anchors,
        implicit=implicit,
        asserted_triples=store.count(derived=False),
        derived_triples=store.count(derived=True) - reasoning,
        reasoning_triples=reasoning,
        title=data.title,
    )


#: Seconds each of preferred and stable may take in a build (the page shows the
#: semantics that were computed; ``argmap reason --semantics S`` computes one anyway).
BUDGET = 30.0


@dataclass(frozen=True)
class BuildResult:
    """What ``build`` produced; ``uncomputed``: semantics left out for lack of time."""

    summary: Summary
    files: list[Path]
    uncomputed: tuple[str, ...] = ()
    #: with ``reanchor``: the quotes that were not in the edited text as the map
    #: says, and where each was found (the source is left as it is)
    reanchored: list[Reanchoring] = field(default_factory=list)


def build(
    source: str | Path | None = None,
    out_dir: str | Path = "output",
    *,
    format: str | None = None,
    shapes: bool = True,
    semantics: Sequence[str] = SEMANTICS,
    context: ReadContext | None = None,
    use_cache: bool = True,
    budget: float | None = BUDGET,
    reanchor: bool = False,
) -> BuildResult:
    """Build a map: load, check, derive, render; write ``NAME.ttl`` and ``NAME.html``.

    Both outputs are produced in memory first and written through temporary files,
    so a failed build creates or overwrites nothing. Unless ``use_cache`` is false,
    the built map is also kept in the cache (:mod:`graph.cache`), where the other
    commands open it instead of reading the source again.

    Raises:
        InputError: the source cannot be read or parsed.
        ValidationError: the map has problems (with ``shapes``, SHACL ones too). With
            ``reanchor``, quotes that an edit of their text moved or reworded are
            found again instead (in ``reanchored``; the source is not changed, and
            the built map is not kept for it); quotes that are gone still fail it.
    """
    path = Path(source) if source is not None else default_source()
    reanchored: list[Reanchoring] | None = [] if reanchor else None
    store, warnings = _open(path, format, (), context, None, reanchored=reanchored)
    if reanchored and any(r.mended for r in reanchored):
        # The source still holds the old quotes: a built map kept for it would hand
        # later commands quotes that its own text does not say.
        use_cache = False
    if shapes:
        with stage("shapes"):
            problems = _errors(_said(store, check_shapes(store), _is_argdown(path, format)))
        if problems:
            raise ValidationError(problems, path=path)
    with stage("elements"):
        data = collect(store)  # read once, for the reasoning and the summary
    result = assess(store, semantics=semantics, budget=budget, data=data)
    with stage("record"):
        record(store, result)
    out = Path(out_dir)
    with stage("turtle"), _text_files_written_to(store, out):
        turtle = store.serialize("turtle")
    with stage("html"):
        below = below_command([source] if source is not None else [])
        html = map_page(store, result, title=path.stem, below=below)
    name = path.name.split(".")[0]
    # both whole, or neither: a build stopped part-way leaves the previous pair
    written = write_files({out / f"{name}.ttl": turtle, out / f"{name}.html": html.encode()})
    if use_cache:
        with stage("keep built map"):
            keep_built(store, [path], format, context, result)
    with stage("summary"):
        summary = summarize(store, data)
    return BuildResult(
        replace(summary, problems=warnings), written, result.uncomputed, reanchored or []
    )


_DOCUMENTS = """
SELECT ?doc ?title WHERE { ?doc a am:SourceDocument . OPTIONAL { ?doc dcterms:title ?title } }
ORDER BY ?doc
"""


def map_page(
    store: MapStore,
    result: Assessment | None = None,
    *,
    title: str | None = None,
    semantics: str = "grounded",
    root: str | None = None,
    below: Mapping[str, str | None] | None = None,
) -> str:
    """The interactive HTML map of a (derived) map: one self-contained offline page.

    Statuses and strengths come from ``result`` (assessed here when None); the
    first source document's text is shown beside the map. With ``root`` (a
    statement's IRI, or a prefixed name of the map's), the page shows what hangs below
    that statement. A big map's page holds its top levels only; ``below`` says how it
    opens the rest (:func:`graph.render.model.page_model`).

    Raises:
        InputError: ``root`` is no statement of the map.
    """
    from graph.render import render_html

    result = result or assess(store)
    inputs = _page_inputs(store, result, title, semantics)
    if root is not None:
        try:
            inputs["root"] = str(find_statement(result, root, store.compact))
        except ArgmapError as exc:
            raise InputError(f"{root!r} is no statement of the map: {exc}") from exc
    return render_html(**inputs, below=below)


def map_model(
    store: MapStore,
    result: Assessment | None = None,
    *,
    title: str | None = None,
    semantics: str = "grounded",
) -> dict[str, Any]:
    """What :func:`map_page` shows, as data: the page model, laid out."""
    from graph.render.model import page_model

    return page_model(**_page_inputs(store, result, title, semantics))


def _page_inputs(
    store: MapStore, result: Assessment | None, title: str | None, semantics: str
) -> dict[str, Any]:
    from graph.render import SourceDocument

    result = result or assess(store)
    if semantics not in result.statuses:
        raise InputError(
            f"no {semantics} statuses: assess with that semantics ({', '.join(SEMANTICS)})"
        )
    texts, _ = source_texts(store)
    source = None
    for doc, doc_title in store.rows(_DOCUMENTS):
        if doc in texts:
            source = SourceDocument(title=doc_title, text=texts[doc].text)
            break
    return {
        "G": result.graph,
        "title": result.graph.graph.get("title") or title,
        "statuses": result.statuses,
        "strength": result.strength,
        "source": source,
        "semantics": semantics,
    }


def render(
    source: Sources | Opened,
    target: str | Path,
    *,
    format: str | None = None,
    semantics: str = "grounded",
    context: ReadContext | None = None,
    root: str | None = None,
    below: Mapping[str, str | None] | None = None,
) -> Path:
    """Write the interactive HTML map of a map to ``target`` (atomically); ``source``
    may be a map :func:`open_built` opened. ``root`` and ``below`` are
    :func:`map_page`'s.

    Raises:
        InputError: the source cannot be read, or ``root`` is no statement of it.
        ValidationError: the map has problems.
    """
    store, result = _assessed(source, format, context)
    page = map_page(
        store, result, title=Path(target).stem, semantics=semantics, root=root, below=below
    )
    return atomic_write(target, page.encode("utf-8"))


def below_command(sources: Sequence[str | Path]) -> dict[str, str | None]:
    """How a page cut below its top levels opens what hangs below a statement: the
    ``argmap render`` command of its sources (the page adds ``--root`` and the IRI)."""
    import shlex

    words = ["argmap", "render", *(shlex.quote(str(s)) for s in sources)]
    return {"command": " ".join(words), "link": None}


def _assessed(
    source: Sources | Opened, format: str | None, context: ReadContext | None
) -> tuple[MapStore, Assessment]:
    """A map and its assessment: as :func:`open_built` opened them, or made here."""
    if isinstance(source, Opened):
        return source.store, source.result or assess(source.store)
    store = open_map(source, format=format, semantics=(), context=context)
    return store, assess(store)


def render_image(
    source: Sources | Opened,
    target: str | Path,
    *,
    image: str = "svg",
    format: str | None = None,
    semantics: str = "grounded",
    scale: float = 2.0,
    context: ReadContext | None = None,
) -> Path:
    """Write the whole map of a map as an ``svg`` or ``png`` image to ``target``
    (atomically), laid out as the page lays it out.

    Raises:
        InputError: the source cannot be read.
        ValidationError: the map has problems.
        ArgmapError: an unknown image format, or PNG without CairoSVG.
    """
    from graph.render.image import FORMATS, map_png, map_svg

    if image not in FORMATS:
        raise ArgmapError(f"unknown image format {image!r}: expected one of {', '.join(FORMATS)}")
    store, result = _assessed(source, format, context)
    model = map_model(store, result, semantics=semantics)
    if image == "png":
        return atomic_write(target, map_png(model, semantics=semantics, scale=scale))
    return atomic_write(target, map_svg(model, semantics=semantics).encode("utf-8"))


@dataclass(frozen=True)
class Conversion:
    """What ``convert`` did: the file written, and what a lenient read skipped."""

    path: Path
    format: str
    skipped: int
    notes: list[str]


def rebase_text_files(store: MapStore, folder: Path) -> list[tuple[ox.Quad, ox.Quad]]:
    """Make every ``am:textFile`` relative to ``folder``, where the map is written.

    A text file is named relative to the map file that names it; a map written
    elsewhere (``argmap convert seeds/nato-ukraine.ttl out/nato.argdown``) must name
    the same file from its new place, or none of its quotes can be checked. Returns
    each (old, new) quad changed, for :func:`_text_files_written_to` to put back.

    >>> from graph.store import loads
    >>> store = loads('@prefix am: <https://w3id.org/argmap#> . <urn:d> am:textFile "t.txt" .')
    >>> store.path = Path("/maps/seeds/m.ttl")
    >>> len(rebase_text_files(store, Path("/maps/out")))
    1
    >>> [str(f) for (f,) in store.rows("SELECT ?f WHERE { ?d am:textFile ?f }")]
    ['../seeds/t.txt']
    """
    target = Path(folder).resolve()
    changes: list[tuple[ox.Quad, ox.Quad]] = []
    for quad in list(store.oxigraph.quads_for_pattern(None, ox.NamedNode(str(AM.textFile)), None)):
        graph = quad.graph_name
        if not isinstance(quad.object, ox.Literal) or (
            isinstance(graph, ox.NamedNode) and graph.value in (DERIVED_GRAPH, REASONING_GRAPH)
        ):
            continue  # derived and reasoning graphs hold no file names
        name = quad.object.value
        named = graph.value if isinstance(graph, ox.NamedNode) else None
        resolved = text_file_path(store, named, name)
        try:
            moved = Path(os.path.relpath(resolved, target)).as_posix()
        except ValueError:  # another drive: only an absolute path names it
            moved = resolved.as_posix()
        if moved != name:
            changes.append((quad, ox.Quad(quad.subject, quad.predicate, ox.Literal(moved), graph)))
    for old, new in changes:
        store.oxigraph.remove(old)
        store.oxigraph.add(new)
    return changes


@contextmanager
def _text_files_written_to(store: MapStore, folder: Path) -> Iterator[None]:
    """The store's ``am:textFile`` names as seen from ``folder`` while inside."""
    changes = rebase_text_files(store, folder)
    try:
        yield
    finally:
        for old, new in changes:
            store.oxigraph.remove(new)
            store.oxigraph.add(old)


def convert(
    source: str | Path,
    target: str | Path,
    *,
    from_format: str | None = None,
    to_format: str | None = None,
    lenient: bool = False,
) -> Conversion:
    """Read a map in one registered format and write it in another.

    The map is read and derived (writers of views, such as frameworks or GraphML,
    need both forms of each relation), then written through a temporary file:
    on failure nothing is written.

    Raises:
        InputError: the source cannot be read, or the target format cannot be
            written.
    """
    target = Path(target)
    fmt = formats.by_name(to_format) if to_format else formats.for_path(target)
    if fmt.writer is None:
        raise InputError(f"argmap can read {fmt.name} but not write it", path=str(target))
    context = ReadContext(lenient=lenient)
    store = formats.load(source, format=from_format, context=context)
    rebase_text_files(store, target.parent)
    derive(store)
    data = fmt.writer(store)
    atomic_write(target, data)
    return Conversion(target, fmt.name, context.skipped, list(context.skips))


def write_exercise(
    source: str | Path | None,
    target: str | Path,
    level: str,
    *,
    format: str | None = None,
) -> tuple[Path, list[Path]]:
    """Write an exercise made from the map ``source`` (:func:`graph.exercise.exercise`
    at ``level``) to ``target``, in the format its extension names (Argdown or Turtle,
    as the annotator reads them). The source must be a valid map; the exercise is
    checked as one before it is written (through a temporary file: on failure
    nothing is written). Returns the file written and the texts it quotes.

    Raises:
        InputError, ValidationError: as :func:`open_map` for the source.
        ValueError: ``level`` is not an exercise level.
    """
    from graph.exercise import exercise

    path = Path(source) if source is not None else default_source()
    target = Path(target)
    fmt = formats.for_path(target)
    if fmt.writer is None:
        raise InputError(f"argmap can read {fmt.name} but not write it", path=str(target))
    # the reference must be a valid map; the exercise is made of its asserted triples
    made = exercise(open_map(path, format=format, semantics=()), level)
    problems = _errors(_check(made, False, warnings=False))
    derive(made)
    problems += _errors(check_shapes(made)) if not problems else []
    if problems:  # a bug: what exercise() leaves must still be a map
        raise ValidationError(problems, path=target)
    texts = [t.path for t in source_texts(made)[0].values()]
    rebase_text_files(made, target.parent)
    atomic_write(target, fmt.writer(made))
    return target, [_shown(t) for t in texts]


def _shown(path: Path) -> Path:
    """``path`` relative to the working folder when it is inside it."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path
