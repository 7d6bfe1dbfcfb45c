"""The one registry of formats argmap reads and writes.

Each :class:`Format` is registered once, with its name, file extensions, media
type, reader and writer; ``argmap formats`` lists this registry, so documentation
and code cannot drift. Readers turn bytes into a :class:`graph.store.MapStore`;
writers turn a store into bytes. A format is chosen by name or by a file's
extension, never by a chain of ``if suffix == ...``; where two formats share an
extension (``.xml``: RDF/XML and arggraph), each one's ``sniff`` looks at the
first bytes to tell them apart.

>>> by_name("turtle").extensions
('.ttl',)
>>> for_path("map.nq").name
'nquads'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import InputError
from graph.store import MapStore, new_store, read_source_bytes

__all__ = [
    "Format",
    "ReadContext",
    "all_formats",
    "by_name",
    "expand_sources",
    "for_path",
    "load",
    "load_many",
    "register",
]


@dataclass
class ReadContext:
    """What a reader needs besides the bytes, and what it reports back.

    ``path`` names the file in error messages; ``base`` is the IRI relative names
    resolve against; with ``lenient``, a reader skips a bad element instead of
    failing, counts it in ``skipped`` and says why in ``notes``.
    """

    path: str | None = None
    base: str | None = None
    lenient: bool = False
    skipped: int = 0
    notes: list[str] = field(default_factory=list)
    #: why each skipped element was skipped (the first 100), also among the notes
    skips: list[str] = field(default_factory=list)
    #: Where :func:`load_many` wants the map: a store and the named graph in it. A
    #: reader of big corpora (AIF) adds its triples there and returns that store, saving
    #: a second store and the copy; other readers leave it and make their own.
    into: tuple[MapStore, str] | None = None

    def skip(self, message: str) -> None:
        """Record one skipped element (only in lenient mode; callers raise otherwise)."""
        self.skipped += 1
        if len(self.notes) < 100:
            self.notes.append(message)
        if len(self.skips) < 100:
            self.skips.append(message)


Reader = Callable[[bytes, ReadContext], MapStore]
Writer = Callable[[MapStore], bytes]


@dataclass(frozen=True)
class Format:
    """A file format: how to recognise it, read it and write it.

    ``cannot_carry`` says in a sentence what a map loses when written in this
    format (empty for formats that carry everything).
    """

    name: str
    extensions: tuple[str, ...]
    media_type: str
    description: str
    reader: Reader | None = None
    writer: Writer | None = None
    sniff: Callable[[bytes], bool] | None = None
    cannot_carry: str = ""


_REGISTRY: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    """Add a format to the registry.

    Names must be new; an extension may be shared only by formats that can all
    sniff their content.
    """
    if fmt.name in _REGISTRY:
        raise ValueError(f"format {fmt.name!r} is already registered")
    for other in _REGISTRY.values():
        clash = set(other.extensions).intersection(fmt.extensions)
        if clash and (other.sniff is None or fmt.sniff is None):
            raise ValueError(
                f"extensions {sorted(clash)} of {fmt.name!r} are already registered by "
                f"{other.name!r}, and the two cannot be told apart (give both a sniff)"
            )
    _REGISTRY[fmt.name] = fmt
    return fmt


def all_formats() -> list[Format]:
    """Every registered format, in registration order."""
    return list(_REGISTRY.values())


def by_name(name: str) -> Format:
    """Find a format by its name."""
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(_REGISTRY)
        raise InputError(f"unknown format {name!r}: expected one of {known}") from None


def for_path(path: str | Path, data: bytes | None = None) -> Format:
    """Find a format by a file's extension (and, where that is shared, its content)."""
    suffix = Path(path).suffix.lower()
    candidates = [f for f in _REGISTRY.values() if suffix in f.extensions]
    if len(candidates) > 1 and data is not None:
        sniffed = [f for f in candidates if f.sniff is not None and f.sniff(data[:4096])]
        candidates = sniffed or candidates
    if candidates:
        return candidates[0]
    known = ", ".join(sorted({ext for f in _REGISTRY.values() for ext in f.extensions}))
    raise InputError(
        f"unknown file type {suffix or '(no extension)'!r}: expected one of {known}",
        path=str(path),
    )


def load(
    path: str | Path, *, format: str | None = None, context: ReadContext | None = None
) -> MapStore:
    """Read a map from a file in any registered format that has a reader.

    Raises:
        InputError: unknown type, missing, empty, binary or malformed file.
    """
    path = Path(path)
    fmt = by_name(format) if format else for_path(path)  # an unknown type fails first
    data = read_source_bytes(path)
    if not format:
        fmt = for_path(path, data)
    if fmt.reader is None:
        raise InputError(f"argmap can write {fmt.name} but not read it", path=str(path))
    ctx = context or ReadContext()
    ctx.path = str(path)
    ctx.base = path.resolve().as_uri()
    store = fmt.reader(data, ctx)
    if ctx.into is not None and store is ctx.into[0]:
        return store  # read into load_many's store: it keeps the path itself
    if not store.count():
        raise InputError(
            f"holds no triples: expected an argument map ({fmt.description})", path=str(path)
        )
    store.path = path
    store.sources.append(path)
    return store


def expand_sources(sources: Sequence[str | Path]) -> list[Path]:
    """Files to read: each file as given, each folder's readable files (recursively).

    Files in a folder are taken when a registered reader knows their extension;
    the list is sorted so that a corpus always loads in the same order.
    """
    readable = {ext for f in _REGISTRY.values() if f.reader is not None for ext in f.extensions}
    paths: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in readable
            )
            if not found:
                raise InputError("no readable map files in this folder", path=str(path))
            paths.extend(found)
        else:
            paths.append(path)
    return paths


def load_many(
    sources: Sequence[str | Path],
    *,
    format: str | None = None,
    context: ReadContext | None = None,
    progress: Callable[[Path], None] | None = None,
) -> MapStore:
    """Read several maps (files, or folders of them) into one store.

    One source that is a single file loads as :func:`load` does. Otherwise each
    map's triples go into their own named graph, named by the file's IRI, so that
    one query spans the corpus and ``GRAPH ?map { ... }`` tells the maps apart.
    ``progress`` is called after each file (the CLI draws a progress bar with it).

    Raises:
        InputError: the first file that cannot be read (nothing is half-loaded).
    """
    paths = expand_sources(sources)
    if len(paths) == 1 and not Path(sources[0]).is_dir():
        store = load(paths[0], format=format, context=context)
        if progress:
            progress(paths[0])
        return store
    combined = new_store()
    ctx = context or ReadContext()
    for path in paths:
        name = path.resolve().as_uri()
        ctx.into = (combined, name)
        try:
            one = load(path, format=format, context=ctx)
        finally:
            ctx.into = None
        if one is combined:  # the reader put it in its graph
            combined.graphs[name] = path
            combined.sources.append(path)
        else:
            combined.add_map(one, name, path)
        if progress:
            progress(path)
    combined.path = paths[0] if paths else None
    return combined


# Registration happens on import of each format module: RDF first, so that
# `argmap formats` lists the native syntaxes before the interchange formats.
from graph.formats import rdf  # noqa: E402

# isort: split
from graph.formats import aif, aifrdf, argdown, arggraph, frameworks, graphtools, jsonld  # noqa: E402

del rdf, aif, aifrdf, argdown, arggraph, frameworks, graphtools, jsonld
