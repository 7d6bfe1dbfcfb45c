"""The one registry of formats argmap reads and writes.

Each :class:`Format` is registered once, with its name, file extensions, media
type, reader and writer; the CLI lists this registry, so documentation and code
cannot drift. Readers turn bytes into a :class:`graph.store.MapStore`; writers
turn a store into bytes. Choose a format by name or by a file's extension, never
by a chain of ``if suffix == ...``.

>>> by_name("turtle").extensions
('.ttl',)
>>> for_path("map.nq").name
'nquads'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graph.errors import InputError
from graph.store import MapStore, read_source_bytes

__all__ = ["Format", "all_formats", "by_name", "for_path", "load", "register"]

Reader = Callable[[bytes, str | None, str | None], MapStore]
"""(data, path shown in errors, base IRI) -> store"""
Writer = Callable[[MapStore], bytes]


@dataclass(frozen=True)
class Format:
    """A file format: how to recognise it, read it and write it."""

    name: str
    extensions: tuple[str, ...]
    media_type: str
    description: str
    reader: Reader | None = None
    writer: Writer | None = None


_REGISTRY: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    """Add a format to the registry (names and extensions must be new)."""
    if fmt.name in _REGISTRY:
        raise ValueError(f"format {fmt.name!r} is already registered")
    taken = {ext for f in _REGISTRY.values() for ext in f.extensions}
    clash = taken.intersection(fmt.extensions)
    if clash:
        raise ValueError(f"extensions {sorted(clash)} are already registered")
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


def for_path(path: str | Path) -> Format:
    """Find a format by a file's extension."""
    suffix = Path(path).suffix.lower()
    for fmt in _REGISTRY.values():
        if suffix in fmt.extensions:
            return fmt
    known = ", ".join(ext for f in _REGISTRY.values() for ext in f.extensions)
    raise InputError(
        f"unknown file type {suffix or '(no extension)'!r}: expected one of {known}",
        path=str(path),
    )


def load(path: str | Path, *, format: str | None = None) -> MapStore:
    """Read a map from a file in any registered format that has a reader.

    Raises:
        InputError: unknown type, missing, empty, binary or malformed file.
    """
    path = Path(path)
    fmt = by_name(format) if format else for_path(path)
    if fmt.reader is None:
        raise InputError(f"argmap can write {fmt.name} but not read it", path=str(path))
    data = read_source_bytes(path)
    store = fmt.reader(data, str(path), path.resolve().as_uri())
    store.path = path
    store.sources.append(path)
    return store


# Registration happens on import of each format module.
from graph.formats import rdf as _rdf  # noqa: E402

del _rdf
