"""The ``argmap`` command: thin click adapters over the library.

Each command parses its options, calls one library function and formats the
result. Errors from the library become exit codes here and nowhere else:
0 success, 1 bad input or a map with problems, 2 usage error.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

if TYPE_CHECKING:
    from graph.built import Opened
    from graph.formats import ReadContext
    from graph.pipeline import Summary
    from graph.store import MapStore

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., object])
T = TypeVar("T")

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

SOURCE_HELP = "A map file (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML)."


@contextmanager
def _errors() -> Iterator[None]:
    """Turn library errors into one line per problem on stderr and exit code 1."""
    from graph.errors import ArgmapError, ValidationError

    try:
        yield
    except ValidationError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"error: {exc}", err=True)
        if exc.hint:
            click.echo(f"hint: {exc.hint}", err=True)
        sys.exit(EXIT_PROBLEMS)
    except ArgmapError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_PROBLEMS)


#: Every semantics, in order: graph.vocab.SEMANTICS, copied so that the CLI starts
#: without rdflib (tests/test_cache.py keeps the two equal).
SEMANTICS_ALL = ("grounded", "complete", "preferred", "stable")
#: Seconds for each of preferred and stable where a page shows them all:
#: graph.pipeline.BUDGET, copied likewise.
BUDGET = 30.0


def _source_option(f: F) -> F:
    f = click.option(
        "--lenient",
        is_flag=True,
        help="Skip bad elements of the input (and say how many) instead of failing.",
    )(f)
    return click.option(
        "--from",
        "fmt",
        metavar="FORMAT",
        default=None,
        help="Read the source as this format instead of guessing from its extension "
        "(argmap formats lists them).",
    )(f)


def _with_statuses(
    paths: Sequence[Path], fmt: str | None, lenient: bool, no_cache: bool, semantics: str
) -> list[tuple[MapStore, Mapping[Hashable, str]]]:
    """Each map opened, with its statements' statuses under ``semantics``."""
    sides: list[tuple[MapStore, Mapping[Hashable, str]]] = []
    for path in paths:
        with _errors(), _reading([path], lenient) as reading:
            opened = _opened([path], reading, fmt, no_cache, [semantics])
            assert opened.result is not None
            sides.append((opened.store, opened.result.statuses[semantics]))
    return sides


def _table_or_json(f: F) -> F:
    return click.option(
        "--format",
        "out_format",
        type=click.Choice(["table", "json"]),
        default="table",
        show_default=True,
    )(f)


def _cache_option(f: F) -> F:
    return click.option(
        "--no-cache",
        "no_cache",
        is_flag=True,
        help="Read the source afresh: neither use nor write its built map (argmap cache).",
    )(f)


def _opened(
    sources: Sequence[Path],
    reading: ReadingOptions,
    fmt: str | None,
    no_cache: bool,
    semantics: Sequence[str] = (),
    budget: float | None = None,
) -> Opened:
    """The map the command works on, from its built map when that is current."""
    from graph.built import open_built

    return _keep(
        open_built(
            list(sources) or None,
            format=fmt,
            semantics=semantics,
            context=reading.context,
            progress=reading.progress,
            use_cache=not no_cache,
            budget=budget,
        )
    )


@contextmanager
def _reading(sources: Sequence[Path], lenient: bool) -> Iterator[ReadingOptions]:
    """Reading options for the library: a lenient context and a progress bar.

    The bar is drawn (on stderr) when several files are read; skipped elements
    are reported when reading is done.
    """
    from graph.formats import ReadContext, expand_sources

    context = ReadContext(lenient=lenient)
    paths = expand_sources(list(sources)) if sources else []
    if len(paths) > 1:
        with click.progressbar(length=len(paths), label="reading maps", file=sys.stderr) as bar:
            yield ReadingOptions(context, lambda _path: bar.update(1))
    else:
        yield ReadingOptions(context, None)
    _said_skipped(context.skipped, context.skips)


def _said_skipped(count: int, skips: list[str]) -> None:
    """Say what a lenient read skipped: how many, and why (the first 20)."""
    if not count:
        return
    click.echo(f"skipped {_plural(count, 'bad element')} (--lenient):", err=True)
    for message in skips[:20]:
        click.echo(f"  {message}", err=True)
    if count > 20:
        click.echo(f"  ... and {count - 20} more", err=True)


@dataclass
class ReadingOptions:
    """What the commands pass on to the library when they read sources."""

    context: ReadContext
    progress: Callable[[Path], None] | None


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised as an interrupt so that what is half-done is undone."""


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated


#: The exit codes of a command stopped by SIGINT and by SIGTERM (128 + the signal).
EXIT_SIGINT, EXIT_SIGTERM = 130, 143


class _Group(click.Group):
    """The command group: SIGINT and SIGTERM stop a command in one line, with its
    temporary files removed and the files already there untouched."""

    def invoke(self, ctx: click.Context) -> object:
        import signal

        try:
            previous = signal.signal(signal.SIGTERM, _terminate)
        except ValueError:  # not the main thread: the caller owns the signals
            previous = None
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as stop:
            name, code = (
                ("SIGTERM", EXIT_SIGTERM)
                if isinstance(stop, _Terminated)
                else ("SIGINT", EXIT_SIGINT)
            )
            from graph.output import renamed

            done = renamed()
            if done:
                said = ", ".join(str(p) for p in done)
                click.echo(
                    f"interrupted ({name}) after writing {said} (whole): nothing else was "
                    "written or half-written",
                    err=True,
                )
            else:
                click.echo(
                    f"interrupted ({name}): stopped before the end; nothing was "
                    "half-written, and the files already there are as they were",
                    err=True,
                )
            sys.exit(code)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="argmap", prog_name="argmap")
def main() -> None:
    """argmap: argument maps as RDF knowledge graphs.

    Build, check, summarise and query argument maps. Without a SOURCE, commands
    use the embedded default map, Ezba Walayat's "Why NATO did not intervene in
    Ukraine war?" (25 April 2022).

    Exit codes: 0 success, 1 bad input or a map with problems, 2 usage error,
    130 and 143 stopped by SIGINT (Ctrl-C) and SIGTERM.
    """


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _print_summary(summary: Summary, source: str, *, reasoning: bool = False) -> None:
    kinds = ", ".join(f"{n} {k.lower()}" for k, n in summary.kinds.items())
    title = f": {summary.title}" if summary.title else ""
    click.echo(f"{source}{title}")
    click.echo(f"  statements   {summary.statements} ({kinds})")
    click.echo(
        f"  inferences   {summary.inferences}"
        + (f" (and {_plural(summary.rephrases, 'rephrase')})" if summary.rephrases else "")
    )
    click.echo(
        f"  conflicts    {summary.conflicts} ({_plural(summary.rebuttals, 'rebuttal')}, "
        f"{_plural(summary.undercuts, 'undercut')})"
    )
    click.echo(f"  actors       {len(summary.actors)}")
    if summary.locutions:
        click.echo(
            f"  locutions    {summary.locutions} ({_plural(summary.illocutions, 'illocution')})"
        )
    click.echo(
        f"  quotes       {summary.anchors} ({_plural(summary.implicit, 'implicit statement')})"
    )
    click.echo(
        f"  triples      {summary.asserted_triples} asserted, {summary.derived_triples} derived"
        + (f", {summary.reasoning_triples} from reasoning" if reasoning else "")
    )


@main.command()
@click.argument("source", required=False, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "out_dir",
    default="output",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for NAME.ttl (asserted and derived triples) and NAME.html.",
)
@click.option(
    "--no-shapes",
    is_flag=True,
    help="Skip the SHACL shapes (integrity and anchors are still checked).",
)
@click.option("--open", "open_page", is_flag=True, help="Open the map in the default browser.")
@click.option(
    "--budget",
    type=click.FloatRange(min=0),
    default=BUDGET,
    show_default=True,
    help="Seconds each of preferred and stable (NP-hard) may take; one that runs out is "
    "left out, and said (argmap reason --semantics S computes it anyway).",
)
@click.option(
    "--timings",
    is_flag=True,
    help="Print how long each stage took (load, checks, derivation, shapes, each "
    "semantics, strength, structure, HTML ...) to standard error.",
)
@click.option(
    "--reanchor",
    is_flag=True,
    help="When the source text was edited: find each quote that is no longer where the "
    "map says (moved, or reworded with a confidence) and build with it there, reporting "
    "each; the source is left as it is, and quotes that are gone still fail the build.",
)
@_source_option
@_cache_option
def build(
    source: Path | None,
    out_dir: Path,
    no_shapes: bool,
    fmt: str | None,
    lenient: bool,
    open_page: bool,
    budget: float,
    timings: bool,
    no_cache: bool,
    reanchor: bool,
) -> None:
    """Build a map: check it, derive, and write its triples and its HTML map.

    SOURCE defaults to the embedded NATO map (seeds/nato-ukraine.ttl). The built map
    is also kept (argmap cache), and query, serve, reason, explain, render and info
    open it instead of reading SOURCE again, for as long as SOURCE is unchanged.
    """
    import time

    from graph.pipeline import build as run_build
    from graph.stages import report, timed
    from graph.store import default_source

    start = time.perf_counter()
    with _errors(), _reading([source] if source else [], lenient) as reading, timed() as seen:
        result = run_build(
            source,
            out_dir,
            format=fmt,
            shapes=not no_shapes,
            context=reading.context,
            use_cache=not no_cache,
            budget=budget,
            reanchor=reanchor,
        )
    if timings:
        click.echo(report(seen, time.perf_counter() - start), err=True)
    for found in result.reanchored:
        click.echo(str(found), err=True)
    if result.reanchored:
        n = len(result.reanchored)
        them, ones = ("it", "the old one") if n == 1 else ("them", "the old ones")
        click.echo(
            f"re-anchored {_plural(n, 'quote')} in the edited text: the built map holds "
            f"{them} there, the source still holds {ones} (carry the changes into it, or "
            "build from the written .ttl); not kept in the cache",
            err=True,
        )
    for warning in result.summary.problems:  # quotes that occur twice, ...: worth a look
        click.echo(str(warning), err=True)
    _print_summary(result.summary, str(source or default_source().name), reasoning=True)
    for name in result.uncomputed:
        click.echo(
            f"{name} statuses: not computed within {budget:g} s "
            f"(argmap reason --semantics {name} computes them; or raise --budget)",
            err=True,
        )
    for path in result.files:
        click.echo(f"wrote {path}")
    if open_page:
        _open_in_browser(result.files[-1])


@main.group(invoke_without_command=True)
@click.pass_context
def cache(ctx: click.Context) -> None:
    """The built maps kept for the commands: where, which, and how big.

    An entry is used only while every file it was made from (the sources and the
    text files their quotes are checked against) and argmap itself are unchanged.
    """
    if ctx.invoked_subcommand is not None:
        return
    from graph import cache as kept

    folder = kept.cache_folder()
    found = list(kept.entries())
    total = sum(kept.size(e.folder) for e in found)
    click.echo(f"{folder}: {len(found)} built maps, {total / 1e6:.1f} MB")
    for e in found:
        m = e.manifest
        sources = ", ".join(m.get("sources") or []) or "?"
        semantics = ", ".join(e.semantics) or "none"
        click.echo(
            f"  {m.get('built', '?')}  {m.get('triples', 0):>9,} triples  "
            f"statuses: {semantics}  {sources}"
        )


@cache.command("clear")
def cache_clear() -> None:
    """Remove every built map (they are made again when next needed)."""
    from graph import cache as kept

    with _errors():
        count = kept.clear()
    click.echo(f"removed {count} built maps from {kept.cache_folder()}")


def _open_in_browser(path: Path) -> None:
    import webbrowser

    if not webbrowser.open(path.resolve().as_uri()):
        click.echo(f"could not open a browser; open {path} yourself", err=True)


@main.command()
@click.argument("source", required=False, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The file to write (default: output/NAME.html, .svg or .png).",
)
@click.option(
    "--format",
    "image",
    type=click.Choice(["html", "svg", "png"]),
    default=None,
    help="What to write: the interactive page, or the whole map as an SVG or PNG image "
    "for slides and handouts (default: from the extension of -o, else html).",
)
@click.option(
    "--scale",
    type=click.FloatRange(0.25, 8),
    default=2.0,
    show_default=True,
    help="PNG only: pixels per layout px (2 is sharp on slides and high-density screens).",
)
@click.option(
    "--semantics",
    type=click.Choice(["grounded", "complete", "preferred", "stable"]),
    default="grounded",
    show_default=True,
    help="Whose statuses the map shows (the page can switch; an image shows these).",
)
@click.option("--open", "open_page", is_flag=True, help="Open what was written.")
@click.option(
    "--root",
    metavar="STATEMENT",
    default=None,
    help="Show only what hangs below this statement (its IRI, or a prefixed name such as "
    "ex:claim): its reasons and objections, theirs, and so on. The page of a big map holds "
    "its top levels only, and each statement there gives this command for what is below "
    "it (default output: output/NAME.LOCALNAME.html).",
)
@click.option(
    "--exercise",
    type=click.Choice(["kinds", "relations", "quotes"]),
    default=None,
    help="Write an exercise instead: a map of SOURCE's text with its roles hidden, for a "
    "class to complete in argmap annotate and have graded by argmap compare. kinds: what "
    "each statement is, the main conclusion and the schemes; relations: every support and "
    "attack; quotes: all but the quoted passages. Written as -o says (.argdown or .ttl; "
    "default: output/NAME.LEVEL.argdown for an Argdown SOURCE, else .ttl).",
)
@_source_option
@_cache_option
def render(
    source: Path | None,
    target: Path | None,
    image: str | None,
    scale: float,
    semantics: str,
    open_page: bool,
    root: str | None,
    exercise: str | None,
    fmt: str | None,
    lenient: bool,
    no_cache: bool,
) -> None:
    """Write the interactive HTML map of SOURCE (one offline file), or an image of it,
    or (--exercise) a map to complete.

    SOURCE defaults to the embedded NATO map. An SVG or PNG shows the whole map as
    the page lays it out: cards, their kinds, statuses and strengths, and the arrows.
    """
    from graph.pipeline import below_command, render_image
    from graph.pipeline import render as run_render
    from graph.store import default_source

    given = source or default_source()
    name = given.name.split(".")[0]
    if exercise is not None:
        from graph.pipeline import write_exercise

        if image is not None:
            raise click.UsageError("--exercise writes a map: give -o FILE.argdown or .ttl")
        # Argdown when the source is Argdown; else Turtle, which loses nothing (Argdown
        # has no rephrases and no dialogue layer), and the annotator reads both
        kind = "argdown" if given.suffix.lower() == ".argdown" else "ttl"
        target = target or Path("output") / f"{name}.{exercise}.{kind}"
        with _errors():
            path, texts = write_exercise(source, target, exercise, format=fmt)
        text = str(texts[0]) if len(texts) == 1 else "TEXT"
        click.echo(f"wrote {path} (argmap annotate {text} {path} to complete it)")
        return
    if image is None:
        suffix = target.suffix.lower().lstrip(".") if target else ""
        image = suffix if suffix in ("svg", "png") else "html"
    if root is not None and image != "html":
        raise click.UsageError("--root makes a page: give -o FILE.html")
    if root is not None and target is None:
        # beside the map's own page, which it must not replace
        local = re.sub(r"[^A-Za-z0-9_-]+", "-", re.split(r"[#/:]", root)[-1]).strip("-")
        target = Path("output") / f"{name}.{local[:60] or 'below'}.html"
    target = target or Path("output") / f"{name}.{image}"
    with _errors(), _reading([source] if source else [], lenient) as reading:
        opened = _opened([source] if source else [], reading, fmt, no_cache, SEMANTICS_ALL, BUDGET)
        if image == "html":
            below = below_command([source] if source else [])
            path = run_render(opened, target, semantics=semantics, root=root, below=below)
        else:
            path = render_image(opened, target, image=image, semantics=semantics, scale=scale)
    click.echo(f"wrote {path}")
    if open_page:
        _open_in_browser(path)


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--no-shapes", is_flag=True, help="Check integrity and anchors only.")
@_source_option
def validate(sources: tuple[Path, ...], no_shapes: bool, fmt: str | None, lenient: bool) -> None:
    """Check a map: references, quotes against the source text, SHACL shapes.

    Prints one line per problem (file, node, what is wrong, how to fix it) and
    exits 1 if there is any.
    """
    from graph.pipeline import validate_map

    shown = " ".join(str(s) for s in sources)
    with _errors(), _reading(sources, lenient) as reading:
        problems = validate_map(
            list(sources), format=fmt, shapes=not no_shapes, context=reading.context
        )
    for problem in problems:
        click.echo(str(problem), err=True)
    errors = [p for p in problems if p.severity == "error"]
    warnings = len(problems) - len(errors)
    also = f" and {_plural(warnings, 'warning')}" if warnings else ""
    if errors:
        click.echo(f"{shown}: {_plural(len(errors), 'problem')}{also}", err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(f"{shown}: valid" + (f" ({_plural(warnings, 'warning')})" if warnings else ""))


@main.command()
@click.argument("query", required=False)
@click.option(
    "--list",
    "list_named",
    is_flag=True,
    help="List the named queries (a QUERY may be one of their names), with their parameters.",
)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter of a named query: an IRI (<...>, http..., prefix:local, or a local "
    'name in the map), else a literal ("quoted" to force one). Repeat for several.',
)
@click.option(
    "-f",
    "--file",
    "query_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the query from this file.",
)
@click.option(
    "-s",
    "--source",
    "sources",
    type=click.Path(path_type=Path),
    multiple=True,
    help="A map, or a folder of maps, to query; repeat for several, each in its own "
    "named graph (default: the embedded NATO map). " + SOURCE_HELP,
)
@click.option(
    "--format",
    "out_format",
    default="table",
    show_default=True,
    type=click.Choice(["table", "csv", "tsv", "json", "xml", "turtle", "ntriples", "jsonld"]),
    help="SELECT/ASK: table, csv, tsv, json, xml. CONSTRUCT/DESCRIBE: table "
    "(Turtle), turtle, ntriples, json or jsonld (JSON-LD).",
)
@click.option(
    "--endpoint",
    metavar="URL",
    default=None,
    help="Query this SPARQL endpoint (SPARQL 1.1 Protocol) instead of a local map; "
    "a named query's parameters are sent as a VALUES clause, and the prefixes the "
    "endpoint's graphs declare (argmap push declares a map's) are predeclared.",
)
@click.option(
    "--prefix",
    "prefix_options",
    multiple=True,
    metavar="NAME=IRI",
    help="With --endpoint: predeclare this prefix too (it wins over argmap's and the "
    "endpoint's). Repeat for several.",
)
@click.option(
    "--graph",
    "graphs",
    multiple=True,
    metavar="IRI",
    help="With --endpoint: query this named graph of the store (the --graph a map was "
    "pushed to), sent as default-graph-uri; repeat to query several as one.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="S",
    default=None,
    help="Stop the query after S seconds (exit 1). A local query runs in a child "
    "process, so an engine crash is reported, not fatal; with --endpoint, the seconds "
    "to wait for the store's answer (default 120).",
)
@_source_option
@_cache_option
def query(
    query: str | None,
    list_named: bool,
    params: tuple[str, ...],
    query_file: Path | None,
    sources: tuple[Path, ...],
    out_format: str,
    endpoint: str | None,
    prefix_options: tuple[str, ...],
    graphs: tuple[str, ...],
    timeout: float | None,
    fmt: str | None,
    lenient: bool,
    no_cache: bool,
) -> None:
    """Run a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE) over a built map.

    The prefixes am: aif: oa: prov: dcterms: rdfs: rdf: owl: xsd: are predeclared,
    and the map's derived triples (both forms of every relation) are included.
    QUERY is SPARQL text, or the name of a named query (argmap query --list) run
    with --param NAME=VALUE, for example
    argmap query reasons --param statement=nu:nato-will-not-intervene

    With --endpoint URL a remote store answers instead; the prefixes its graphs
    declare (argmap push declares the map's own, such as nu:) are predeclared too.
    """
    import re

    from graph.named import list_queries, named_query, run_named

    if list_named:
        if query is not None or query_file is not None or params:
            raise click.UsageError("--list takes no QUERY, -f FILE or --param")
        for named in list_queries():
            click.echo(f"{named.name}: {named.description}")
            for declared in named.params:
                click.echo(f"    --param {declared.usage()}")
        return
    if (query is None) == (query_file is None):
        raise click.UsageError("give a QUERY or -f FILE (exactly one)")
    # SPARQL text always holds whitespace or braces; a bare word is a query's name.
    is_name = query is not None and not re.search(r"[\s{}]", query)
    values: dict[str, str] = {}
    for param in params:
        key, sep, value = param.partition("=")
        if not sep or not key:
            raise click.UsageError(f"--param takes NAME=VALUE, not {param!r}")
        if key in values:
            raise click.UsageError(f"--param {key} is given twice")
        values[key] = value
    if values and not is_name:
        raise click.UsageError("--param goes with a named query (argmap query --list)")
    if endpoint is not None and (sources or fmt or lenient):
        raise click.UsageError("--endpoint queries a remote store: it takes no --source")
    if prefix_options and endpoint is None:
        raise click.UsageError("--prefix goes with --endpoint (a local map knows its prefixes)")
    if graphs and endpoint is None:
        raise click.UsageError("--graph goes with --endpoint (it names a graph of that store)")
    prefixes: dict[str, str] = {}
    for option in prefix_options:
        name, sep, iri = option.partition("=")
        if not sep or not name or not iri:
            raise click.UsageError(f"--prefix takes NAME=IRI, not {option!r}")
        if name in prefixes:
            raise click.UsageError(f"--prefix {name} is given twice")
        prefixes[name] = iri
    from graph.querypool import isolated
    from graph.sparql import format_result, run_query, semantics_read_by

    if endpoint is not None:
        _query_remote(
            endpoint, query, query_file, is_name, values, out_format, prefixes, graphs, timeout
        )
        return
    with _errors(), _reading(sources, lenient) as reading:
        if is_name:
            assert query is not None
            known = named_query(query)  # an unknown name fails before the map is built
            needs = semantics_read_by(known.text)
            store = _opened(sources, reading, fmt, no_cache, needs).store
            name = query
            click.echo(
                isolated(
                    lambda: format_result(
                        run_named(store, name, values), out_format, store.namespaces()
                    ),
                    timeout=timeout,
                ),
                nl=False,
            )
            return
        text = _query_text(query, query_file)
        store = _opened(sources, reading, fmt, no_cache, semantics_read_by(text)).store
        where = str(query_file) if query_file else None
        click.echo(
            isolated(
                lambda: format_result(
                    run_query(store, text, path=where), out_format, store.namespaces()
                ),
                timeout=timeout,
            ),
            nl=False,
        )


def _query_text(query: str | None, query_file: Path | None) -> str:
    """The SPARQL text of ``argmap query``: the argument, or the file ``-f`` names."""
    from graph.errors import InputError

    if query_file is None:
        assert query is not None
        return query
    try:
        return query_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the query: {exc}", path=str(query_file)) from exc


def _query_remote(
    endpoint: str,
    query: str | None,
    query_file: Path | None,
    is_name: bool,
    values: dict[str, str],
    out_format: str,
    given: dict[str, str],
    graphs: tuple[str, ...],
    timeout: float | None,
) -> None:
    """``argmap query --endpoint``: the same query, answered by a remote store.

    The prefixes are the endpoint's declared ones, argmap's (which win a clash) and
    ``--prefix`` (which wins over both); the table output compacts IRIs with them.
    """
    import re

    from graph.named import named_query
    from graph.remote import declared_prefixes, run_named_remote, run_remote
    from graph.sparql import format_result
    from graph.vocab import PREFIXES

    with _errors():
        text = named_query(query).text if is_name and query else _query_text(query, query_file)
        wait = 120.0 if timeout is None else timeout
        found = declared_prefixes(endpoint, default_graphs=graphs, timeout=wait)
        prefixes = {**found.prefixes, **PREFIXES, **given}
        used = " ".join([text, *values.values()])
        for name, namespaces in found.ambiguous.items():
            if name not in prefixes and re.search(rf"(?<![\w.:-]){re.escape(name)}:", used):
                choices = " and ".join(f"<{ns}>" for ns in namespaces)
                click.echo(
                    f"note: the endpoint's graphs declare {name}: as {choices}, so it is "
                    f"not predeclared; write a PREFIX line or give --prefix {name}=IRI",
                    err=True,
                )
        if is_name:
            assert query is not None
            result = run_named_remote(
                endpoint,
                query,
                values,
                fmt=out_format,
                prefixes=prefixes,
                default_graphs=graphs,
                ask_prefixes=False,
                timeout=wait,
            )
        else:
            result = run_remote(
                endpoint,
                text,
                fmt=out_format,
                prefixes=prefixes,
                default_graphs=graphs,
                ask_prefixes=False,
                timeout=wait,
            )
        click.echo(format_result(result, out_format, prefixes), nl=False)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@_source_option
@_cache_option
def info(sources: tuple[Path, ...], fmt: str | None, lenient: bool, no_cache: bool) -> None:
    """Summarise maps: counts by kind, the main conclusions, the actors.

    SOURCES are map files or folders of them (default: the embedded NATO map).
    """
    from graph.store import default_source

    with _errors(), _reading(sources, lenient) as reading:
        summary = _opened(sources, reading, fmt, no_cache).summary()
    _print_summary(summary, " ".join(str(s) for s in sources) or default_source().name)
    click.echo("main conclusions:")
    for iri, label in summary.main_conclusions:
        click.echo(f"  {iri}  {label}")
    click.echo("actors (statements attributed):")
    for name, role, count in summary.actors:
        role_text = f" ({role})" if role else ""
        click.echo(f"  {count:3d}  {name}{role_text}")


SEMANTICS_CHOICE = click.Choice(["grounded", "complete", "preferred", "stable", "all"])


def _semantics(choice: str) -> tuple[str, ...]:
    from graph.assessment import SEMANTICS

    return SEMANTICS if choice == "all" else (choice,)


@main.command()
@click.argument("reference", type=click.Path(path_type=Path))
@click.argument("other", type=click.Path(path_type=Path))
@click.option(
    "--semantics",
    type=click.Choice(list(SEMANTICS_ALL)),
    default="grounded",
    show_default=True,
    help="The semantics whose statuses are compared.",
)
@click.option(
    "--format",
    "out_format",
    type=click.Choice(["table", "json", "html"]),
    default="table",
    show_default=True,
    help="html: both maps side by side, each difference marked and clickable.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write the report to this file (default: standard output).",
)
@_source_option
@_cache_option
def compare(
    reference: Path,
    other: Path,
    semantics: str,
    out_format: str,
    output: Path | None,
    fmt: str | None,
    lenient: bool,
    no_cache: bool,
) -> None:
    """Score OTHER (a student's map, a second annotation) against REFERENCE.

    Statements are aligned by the overlap of their quotes, then by the similarity of
    their texts; then statements, supports, linked supports, attacks, undercuts and
    the main conclusion are scored (precision, recall, F1), kinds, speakers, schemes
    and statuses compared, and each difference listed.
    """
    import json

    from graph.compare import compare as compare_maps
    from graph.compare import table

    sides = _with_statuses((reference, other), fmt, lenient, no_cache, semantics)
    with _errors():
        result = compare_maps(
            sides[0][0],
            sides[1][0],
            semantics=semantics,
            reference_statuses=sides[0][1],
            other_statuses=sides[1][1],
        )
    if out_format == "json":
        text = json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n"
    elif out_format == "html":
        from graph.render.comparison import comparison_page

        text = comparison_page(result, reference.name, other.name)
    else:
        text = table(result) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    from graph.output import write_files

    with _errors():
        write_files({output: text.encode("utf-8")})
    click.echo(f"wrote {output}")


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option(
    "--semantics",
    type=click.Choice(list(SEMANTICS_ALL)),
    default="grounded",
    show_default=True,
    help="The semantics whose statuses are compared.",
)
@_table_or_json
@_source_option
@_cache_option
def diff(
    old: Path,
    new: Path,
    semantics: str,
    out_format: str,
    fmt: str | None,
    lenient: bool,
    no_cache: bool,
) -> None:
    """How a map changed from OLD to NEW, when its text was edited too.

    Every quote of OLD is found again in NEW's text (kept, moved, reworded with a
    confidence, or gone); then statements removed, added, moved and reworded,
    relations removed, added, reversed or relabelled, and changed statuses.
    """
    import json

    from graph.diff import diff as diff_maps

    sides = _with_statuses((old, new), fmt, lenient, no_cache, semantics)
    with _errors():
        result = diff_maps(
            sides[0][0],
            sides[1][0],
            semantics=semantics,
            old_statuses=sides[0][1],
            new_statuses=sides[1][1],
        )
    if out_format == "json":
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(result.table())


@main.command()
@click.argument("source", required=False, type=click.Path(path_type=Path))
@click.option(
    "--semantics",
    "semantics_choice",
    type=SEMANTICS_CHOICE,
    default="all",
    show_default=True,
    help="Which semantics' statuses to compute.",
)
@_table_or_json
@_source_option
@_cache_option
def reason(
    source: Path | None,
    semantics_choice: str,
    out_format: str,
    fmt: str | None,
    lenient: bool,
    no_cache: bool,
) -> None:
    """The status and strength of every statement.

    Status (in, out, undec) under Dung's semantics over the map's bipolar framework;
    strength in [0,1] under DF-QuAD. Also lists unsupported claims, unanswered
    attacks, circular support and critical premises.
    """
    import json

    from graph.assessment import only, report

    wanted = _semantics(semantics_choice)
    with _errors(), _reading([source] if source else [], lenient) as reading:
        opened = _opened([source] if source else [], reading, fmt, no_cache, wanted)
        data = report(only(opened.result, wanted), opened.store.compact)
    if out_format == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    names = list(data["semantics"])
    rows = [
        [s["id"], *(s["status"][n] for n in names), f"{s['strength']:.3f}", s["label"]]
        for s in data["statements"]
    ]
    header = ["statement", *names, "strength", "label"]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, ["-" * w for w in widths] + ["-----"], *rows]:
        cells = [str(c).ljust(w) for c, w in zip(row, widths, strict=False)]
        click.echo("  ".join([*cells, str(row[-1])]).rstrip())
    for title, key in (
        ("unsupported claims", "unsupported"),
        ("unanswered attacks", "unanswered"),
        ("circular support", "circular"),
    ):
        items = data[key]
        click.echo(f"{title}: {', '.join(items) if items else 'none'}")
    for conclusion, premises in data["critical"].items():
        click.echo(f"critical premises of {conclusion}: {', '.join(premises) or 'none'}")


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.argument("statement")
@click.option(
    "--semantics",
    type=click.Choice(["grounded", "complete", "preferred", "stable"]),
    default="grounded",
    show_default=True,
    help="Whose status to explain.",
)
@click.option(
    "--depth",
    type=click.IntRange(1, 20),
    default=4,
    show_default=True,
    help="Levels of attackers and of reasons to show.",
)
@_source_option
@_cache_option
def explain(
    source: Path,
    statement: str,
    semantics: str,
    depth: int,
    fmt: str | None,
    lenient: bool,
    no_cache: bool,
) -> None:
    """Why STATEMENT is in, out or undecided, and its chain of reasons.

    STATEMENT is an IRI, a prefixed name (nu:nato-will-not-intervene) or a local
    name (nato-will-not-intervene). Prints the attackers and defenders that decide
    its status, then its supporting chain, with quotes.
    """
    from graph.assessment import explain as explain_text
    from graph.assessment import find_statement, only

    with _errors(), _reading([source], lenient) as reading:
        opened = _opened([source], reading, fmt, no_cache, (semantics,))
        store, result = opened.store, only(opened.result, (semantics,))
        node = find_statement(result, statement, store.compact)
        text = explain_text(result, node, semantics=semantics, compact=store.compact, depth=depth)
    click.echo(text, nl=False)


@main.command()
@click.option("-p", "task", metavar="TASK", help="An ICCMA task, e.g. DS-PR, EE-ST.")
@click.option(
    "-f",
    "af_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The framework file (.apx, .tgf, or ICCMA 2023 .af/.i23).",
)
@click.option("-a", "argument", default=None, help="The argument DC and DS tasks ask about.")
@click.option(
    "-fo",
    "--fo",
    "af_format",
    default=None,
    help="The file's format (apx, tgf, iccma23) when its extension does not tell.",
)
@click.option("--problems", is_flag=True, help="List the supported tasks and exit.")
@click.option("--formats", "list_formats", is_flag=True, help="List the file formats and exit.")
def solve(
    task: str | None,
    af_file: Path | None,
    argument: str | None,
    af_format: str | None,
    problems: bool,
    list_formats: bool,
) -> None:
    """Answer an ICCMA task on an abstract framework, as a competition solver does.

    Tasks DC (credulous), DS (skeptical), SE (some extension), EE (every extension)
    for CO, PR, ST, GR (complete, preferred, stable, grounded).
    """
    from graph.reasoning import iccma

    if problems:
        click.echo("[" + ",".join(iccma.TASKS) + "]")
        return
    if list_formats:
        click.echo("[" + ",".join(iccma.FORMATS) + "]")
        return
    if task is None or af_file is None:
        raise click.UsageError("give a task with -p and a framework with -f")
    if task not in iccma.TASKS:
        raise click.UsageError(f"unknown task {task!r}: expected one of {', '.join(iccma.TASKS)}")
    needs_argument = task.startswith(("DC-", "DS-"))
    if needs_argument != (argument is not None):
        raise click.UsageError(f"task {task} {'needs' if needs_argument else 'takes no'} -a ARG")
    from graph.errors import InputError

    with _errors():
        fmt = iccma.format_for(af_file, format=af_format)
        af = iccma.load(af_file, format=fmt.name)
        if argument is not None and argument not in af:
            raise InputError(f"no argument {argument!r} in the framework", path=str(af_file))
        click.echo(iccma.solve(task, af, argument=argument, style=fmt.style))


@main.command("formats")
def list_formats() -> None:
    """List the formats argmap reads and writes, and what each cannot carry."""
    from graph.formats import all_formats

    rows = [
        (
            f.name,
            " ".join(f.extensions) or "-",
            ("read" if f.reader else "")
            + ("/" if f.reader and f.writer else "")
            + ("write" if f.writer else ""),
            f.description,
        )
        for f in all_formats()
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        click.echo(
            "  ".join(c.ljust(w) for c, w in zip(row[:3], widths, strict=True)) + "  " + row[3]
        )
    click.echo("")
    for f in all_formats():
        if f.cannot_carry:
            click.echo(f"{f.name} cannot carry: {f.cannot_carry}")


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--from",
    "from_format",
    metavar="FORMAT",
    default=None,
    help="The source's format, when its extension does not tell.",
)
@click.option(
    "--to",
    "to_format",
    metavar="FORMAT",
    default=None,
    help="The target's format, when its extension does not tell.",
)
@click.option(
    "--lenient",
    is_flag=True,
    help="Skip bad elements of the source (and say how many) instead of failing.",
)
def convert(
    source: Path, target: Path, from_format: str | None, to_format: str | None, lenient: bool
) -> None:
    """Convert a map between formats (argmap formats lists them).

    Nothing is written when the source cannot be read.
    """
    from graph.pipeline import convert as run_convert

    with _errors():
        result = run_convert(
            source, target, from_format=from_format, to_format=to_format, lenient=lenient
        )
    _said_skipped(result.skipped, result.notes)
    click.echo(f"wrote {result.path} ({result.format})")


@main.command()
@click.argument("text", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--out",
    "map_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The Argdown map to write (e.g. essay.argdown).",
)
@click.option("--title", default=None, help="The map's title (default: the text's heading).")
@click.option("--author", default=None, help="The text's author, the speaker of every statement.")
@click.option("--force", is_flag=True, help="Overwrite MAP if it exists.")
def draft(text: Path, map_path: Path, title: str | None, author: str | None, force: bool) -> None:
    """Draft a map of a plain TEXT: statements, supports, attacks, a main conclusion.

    Every statement quotes the text verbatim; relations and the main conclusion are
    guesses from discourse markers (because, therefore, but, admittedly ...) and
    position, to be checked. `argmap build MAP` accepts the draft as it is.
    """
    from graph.draft import write_draft

    with _errors():
        result = write_draft(text, map_path, title=title, author=author, force=force)
    click.echo(result.summary())


@main.command()
@click.argument("text", type=click.Path(path_type=Path))
@click.argument("map_path", metavar="[MAP]", required=False, type=click.Path(path_type=Path))
@click.option("--draft", is_flag=True, help="Start a new MAP from `argmap draft`'s guesses.")
@click.option(
    "--port",
    default=0,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="The port on 127.0.0.1 (0: any free port).",
)
@click.option("--no-open", is_flag=True, help="Print the address; do not open a browser.")
def annotate(text: Path, map_path: Path | None, draft: bool, port: int, no_open: bool) -> None:
    """Map TEXT in the browser: select words to make statements, link them, see the
    statuses change as you edit, save.

    MAP (default: TEXT's name with .argdown) is read if it exists and saved as Argdown,
    or as Turtle when it ends in .ttl; the previous file is kept as MAP.bak. The editor
    runs on 127.0.0.1 only and writes nothing but MAP and MAP.bak; work not yet saved
    is kept in the browser.
    """
    import webbrowser

    from graph import listen
    from graph.annotate.server import create_app, open_session

    with _errors():
        session = open_session(text, map_path, draft=draft)
    with _errors():
        sock = listen.bind("127.0.0.1", port)
    session.port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{session.port}/"
    click.echo(f"annotating {session.text_path} into {session.map_path} at {url}")
    click.echo("stop with Ctrl+C (unsaved work stays in the browser)", err=True)
    sys.stdout.flush()
    if not no_open and not webbrowser.open(url):
        click.echo(f"could not open a browser; open {url} yourself", err=True)
    listen.run(create_app(session), sock)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds a query may run (waiting included) before the client gets 503 and the "
    "query is stopped.",
)
@click.option(
    "--max-rows",
    default=10_000,
    show_default=True,
    type=click.IntRange(min=0),
    help="The most rows (or triples) returned; more are cut and a header says so.",
)
@click.option(
    "--workers",
    default=8,
    show_default=True,
    type=click.IntRange(min=1),
    help="How many queries run at once, one worker process each (the others wait).",
)
@click.option(
    "--max-memory",
    type=click.IntRange(min=1),
    metavar="MB",
    help="Megabytes a query may allocate beyond the map; a query that needs more gets "
    "500 and its worker is replaced (default: no limit).",
)
@click.option(
    "--max-query",
    default=1024,
    show_default=True,
    type=click.IntRange(min=1),
    metavar="KB",
    help="The longest query run; a longer one gets 413 (414 in a URL).",
)
@click.option(
    "--read-timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds a request (line, headers and body) may take to arrive; a slower one "
    "gets 408 and its connection is closed.",
)
@click.option(
    "--max-connections",
    default=512,
    show_default=True,
    type=click.IntRange(min=1),
    help="Open connections served at once; past them, requests get 503.",
)
@click.option(
    "--allow-host",
    multiple=True,
    metavar="NAME",
    help="A host name (the Host header) to answer to; others get 421. Repeatable; "
    "'*' for any. Default: localhost, 127.0.0.1 and ::1 when bound to a loopback "
    "address, any name otherwise.",
)
@_source_option
@_cache_option
def serve(
    sources: tuple[Path, ...],
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    workers: int,
    max_memory: int | None,
    max_query: int,
    read_timeout: float,
    max_connections: int,
    allow_host: tuple[str, ...],
    fmt: str | None,
    lenient: bool,
    no_cache: bool,
) -> None:
    """Serve maps read-only: SPARQL 1.1 Protocol at /sparql, the map at /, a query page.

    SOURCES are map files or folders of them (default: the embedded NATO map).
    Updates and SERVICE are refused; queries are limited by --timeout, --max-rows and
    --max-memory, and run in worker processes, so one past its limit is stopped.
    """
    from graph import listen
    from graph.pipeline import map_page
    from graph.serve import SERVED_BELOW, create_app

    hosts = listen.served_names(host, allow_host)
    with _errors():
        # bound first, so that --port 0 (any free port) can say which port it got
        sock = listen.bind(host, port)
    with _errors(), _reading(sources, lenient) as reading:
        opened = _opened(sources, reading, fmt, no_cache, SEMANTICS_ALL, BUDGET)
        store, result = opened.store, opened.result
        app = create_app(
            store,
            timeout=timeout,
            max_rows=max_rows,
            workers=workers,
            max_memory=max_memory,
            page=lambda root: map_page(store, result, root=root, below=SERVED_BELOW),
            max_query=max_query * 1024,
            allowed_hosts=hosts,
        )
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"serving on http://{shown}:{port}/ (SPARQL at /sparql, queries at /query)")
    listen.run(app, sock, listen.Limits(read_timeout, max_connections))


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--endpoint", required=True, metavar="URL", help="The store's GSP or Update URL.")
@click.option(
    "--graph",
    "graph_iri",
    metavar="IRI",
    default=None,
    help="The named graph to add the triples to (default: the first SOURCE's file IRI).",
)
@click.option(
    "--protocol",
    type=click.Choice(["auto", "gsp", "update"]),
    default="auto",
    show_default=True,
    help="gsp: Graph Store Protocol POST; update: SPARQL Update INSERT DATA; "
    "auto: GSP, falling back to Update when the endpoint refuses it.",
)
@click.option(
    "--batch",
    "batch_size",
    default=50_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Triples per batch: one GSP request, or INSERT DATA requests of 500 "
    "triples; the state file records whole batches.",
)
@click.option(
    "--state",
    "state_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The file recording the batches done (default: .argmap-push-HASH.json next "
    "to the first SOURCE).",
)
@_source_option
def push(
    sources: tuple[Path, ...],
    endpoint: str,
    graph_iri: str | None,
    protocol: str,
    batch_size: int,
    state_path: Path | None,
    fmt: str | None,
    lenient: bool,
) -> None:
    """Add built maps (asserted, derived and reasoning triples) to a remote SPARQL store.

    Blank nodes become stable IRIs, so pushing again never duplicates a triple; a
    push that fails part way resumes from the batches recorded in its state file
    when the same command is run again.
    """
    from graph.pipeline import open_map
    from graph.remote import plan_push
    from graph.remote import push as push_plan

    with _errors(), _reading(sources, lenient) as reading:
        store = open_map(
            list(sources), format=fmt, context=reading.context, progress=reading.progress
        )
    first = sources[0]
    graph = graph_iri or first.resolve().as_uri()
    with _errors():
        plan = plan_push(store, graph=graph, batch_size=batch_size)
        if state_path is None:
            folder = first if first.is_dir() else first.resolve().parent
            state_path = folder / plan.state_name(endpoint)
        with click.progressbar(
            length=plan.triples, label="pushing triples", file=sys.stderr
        ) as bar:
            result = push_plan(
                plan, endpoint, protocol=protocol, state=state_path, progress=bar.update
            )
    rate = result.triples_sent / result.seconds if result.seconds > 0 else 0.0
    skipped = f", {result.skipped} done before" if result.skipped else ""
    click.echo(
        f"pushed {result.triples_sent} of {result.triples} triples to <{result.graph}> "
        f"({result.protocol}, {result.sent} {'batch' if result.sent == 1 else 'batches'}{skipped}) "
        f"in {result.seconds:.1f} s ({rate:.0f} triples/s)"
    )


def run() -> None:
    """The ``argmap`` command: :func:`main`, then an exit that leaves the maps it
    opened to the system instead of freeing them object by object (a map of a
    million triples took 1.2 s to free, longer than a query on it).

    The exit handlers run, and the output is flushed, as on a normal exit; only the
    freeing is skipped. Where another thread is still running, the exit is the
    normal one.
    """
    import atexit
    import threading

    global _EXITS_FAST
    _EXITS_FAST = True
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    others = [t for t in threading.enumerate() if t is not threading.main_thread()]
    if any(not t.daemon for t in others):
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


#: What the commands opened, kept to the end when the process exits fast (see
#: :func:`run`), so that returning from the command does not free it either.
_KEPT: list[object] = []
_EXITS_FAST = False


def _keep(value: T) -> T:
    if _EXITS_FAST:
        _KEPT.append(value)
    return value


if __name__ == "__main__":  # pragma: no cover
    run()
