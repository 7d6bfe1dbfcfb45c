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

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import InputError
from graph.store import MapStore, read_source_bytes

__all__ = [
    "Format",
    "ReadContext",
    "all_formats",
    "by_name",
    "for_path",
    "load",
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

    def skip(self, message: str) -> None:
        """Record one skipped element (only in lenient mode; callers raise otherwise)."""
        self.skipped += 1
        if len(self.notes) < 100:
            self.notes.append(message)


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
    known = ", ".join(ext for f in _REGISTRY.values() for ext in f.extensions)
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
    store.path = path
    store.sources.append(path)
    return store


# Registration happens on import of each format module.
from graph.formats import rdf as _rdf  # noqa: E402

del _rdf
