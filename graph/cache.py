"""Built maps that last: the checked, derived map in an on-disk Oxigraph store.

Opening a map from its source reads, checks and derives it every time. A *built map*
keeps the result: an entry in the cache folder holds Oxigraph's own persistent store
of the map (asserted, derived and reasoning graphs), the assessment reasoning made
(pickled, so that ``reason``, ``explain`` and ``render`` need not reason again) and a
manifest saying what it was made from. An entry is found by its *key*, a hash of
everything the result depends on that is known before reading: the bytes of every
source file, the reading options, and argmap itself (its version, and the content of
its code and ontology, so that an upgrade never serves an old answer). What is only
known after reading, the text files that quotes are checked against, is listed in
the manifest with the hash of each; an entry whose texts changed is not used.

An entry is written under a temporary name and renamed into place only when it is
whole: an interrupted build leaves a temporary folder that nothing trusts and the
next write clears away. The cache folder is ``$ARGMAP_CACHE``, else
``$XDG_CACHE_HOME/argmap``, else ``~/.cache/argmap``; ``argmap cache`` shows and
clears it, and ``--no-cache`` leaves it alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import shutil
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

import graph
from graph.errors import ArgmapError
from graph.store import MapStore
from graph.vocab import SEMANTICS

if TYPE_CHECKING:
    from graph.assessment import Assessment

__all__ = ["Entry", "cache_folder", "clear", "entries", "find", "key", "write"]

#: The layout of an entry; a different one is never read.
LAYOUT = 1
MANIFEST = "manifest.json"
STORE = "store"
ASSESSMENT = "assessment"  # the name of its pickle, as Entry.extra reads it
_PACKAGE = Path(graph.__file__).resolve().parent
_ONTOLOGY = _PACKAGE.parent / "ontology"


def cache_folder() -> Path:
    """Where built maps are kept (``$ARGMAP_CACHE``, ``$XDG_CACHE_HOME/argmap``, ...)."""
    if os.environ.get("ARGMAP_CACHE"):
        return Path(os.environ["ARGMAP_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "argmap"


def file_hash(path: Path) -> str:
    """The BLAKE2b hash of a file's bytes."""
    digest = hashlib.blake2b(digest_size=20)
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_CODE: str | None = None


def code_fingerprint() -> str:
    """A hash of argmap's own code, queries and ontology: what it answers depends on."""
    global _CODE
    if _CODE is None:
        digest = hashlib.blake2b(graph.__version__.encode(), digest_size=20)
        files = [
            p
            for root in (_PACKAGE, _ONTOLOGY)
            if root.is_dir()
            for p in root.rglob("*")
            if p.is_file() and p.suffix in (".py", ".rq", ".ttl", ".jsonld", ".lark")
        ]
        for p in sorted(files):
            digest.update(str(p.relative_to(_PACKAGE.parent)).encode())
            digest.update(p.read_bytes())
        _CODE = digest.hexdigest()
    return _CODE


def key(files: Sequence[Path], *, format: str | None, lenient: bool) -> str:
    """The key of the built map of ``files`` read with these options."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(json.dumps([LAYOUT, code_fingerprint(), format, lenient]).encode())
    for f in files:
        digest.update(str(f.resolve()).encode() + b"\0" + file_hash(f).encode() + b"\0")
    return digest.hexdigest()


@dataclass
class Entry:
    """A built map in the cache: its folder and manifest."""

    folder: Path
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def semantics(self) -> list[str]:
        """The semantics whose statuses the entry holds (recorded and pickled)."""
        return list(self.manifest.get("semantics") or [])

    def open(self) -> MapStore:
        """The map, read-only, straight from the entry's store."""
        return _map_store(ox.Store.read_only(str(self.folder / STORE)), self)

    def assessment(self) -> Assessment | None:
        """The assessment reasoning made when the entry was written, if it holds one."""
        result: Assessment | None = self.extra(ASSESSMENT)
        return result

    def extra(self, name: str) -> Any:
        """What :meth:`keep` kept under ``name`` beside the built map, or None."""
        path = self.folder / f"{name}.pickle"
        try:
            with path.open("rb") as f:
                return pickle.load(f)  # our own file, in a folder only we write
        except (OSError, pickle.UnpicklingError, EOFError):
            return None

    def keep(self, name: str, value: Any) -> None:
        """Keep ``value`` beside the built map (written whole or not at all); a failure
        to write is not an error: it is made again next time."""
        tmp = self.folder / f".{name}.{os.getpid()}.tmp"
        try:
            _dump(value, tmp)
            tmp.replace(self.folder / f"{name}.pickle")
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()

    def skipped(self) -> list[str]:
        """What a lenient read skipped when the entry was written (said again)."""
        return list(self.manifest.get("skipped") or [])


def _dump(value: Any, path: Path) -> None:
    with path.open("wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)


def _map_store(inner: ox.Store, entry: Entry) -> MapStore:
    m = entry.manifest["map"]
    return MapStore(
        inner,
        path=Path(m["path"]) if m.get("path") else None,
        sources=[Path(p) for p in m.get("sources") or []],
        prefixes=dict(m.get("prefixes") or {}),
        graphs={g: Path(p) for g, p in (m.get("graphs") or {}).items()},
    )


def find(entry_key: str, folder: Path | None = None) -> Entry | None:
    """The whole, current entry of ``entry_key``, or None (missing, half-written,
    another layout, or made against text files that have changed since)."""
    where = (folder or cache_folder()) / entry_key
    try:
        manifest = json.loads((where / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("layout") != LAYOUT or manifest.get("key") != entry_key:
        return None
    for text in manifest.get("texts") or []:
        path = Path(text["path"])
        try:
            if file_hash(path) != text["hash"]:
                return None
        except OSError:
            return None
    if not (where / STORE).is_dir():
        return None
    return Entry(where, manifest)


def write(
    entry_key: str,
    store: MapStore,
    *,
    texts: Sequence[Path],
    assessment: Assessment | None = None,
    skipped: Sequence[str] = (),
    skipped_count: int = 0,
    folder: Path | None = None,
) -> Entry:
    """Write the built map ``store`` as the entry ``entry_key`` (replacing one there),
    with ``assessment``: the statuses it computed, and the semantics it ran out of
    time for.

    The store, the assessment and the manifest are written into a temporary folder
    that is renamed into place last; on any failure nothing is left that
    :func:`find` would take.

    Raises:
        ArgmapError: the cache folder cannot be written.
    """
    root = folder or cache_folder()
    try:
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        _sweep(root)
        tmp = root / f".{entry_key}.{os.getpid()}.{time.monotonic_ns()}.tmp"
        tmp.mkdir(mode=0o700)
        try:
            disk = ox.Store(str(tmp / STORE))
            disk.bulk_extend(store.oxigraph.quads_for_pattern(None, None, None, None))
            disk.flush()
            del disk
            if assessment is not None:
                _dump(assessment, tmp / f"{ASSESSMENT}.pickle")
            manifest = {
                "layout": LAYOUT,
                "key": entry_key,
                "argmap": graph.__version__,
                "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "sources": [str(p) for p in store.sources or ([store.path] if store.path else [])],
                "texts": [{"path": str(p), "hash": file_hash(p)} for p in texts],
                "semantics": [s for s in SEMANTICS if assessment and s in assessment.statuses],
                "skipped": list(skipped),
                "skipped_count": skipped_count,
                "uncomputed": list(assessment.uncomputed) if assessment else [],
                "triples": len(store.oxigraph),
                "map": {
                    "path": str(store.path) if store.path else None,
                    "sources": [str(p) for p in store.sources],
                    "prefixes": store.prefixes,
                    "graphs": {g: str(p) for g, p in store.graphs.items()},
                },
            }
            (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
            final = root / entry_key
            old = root / f".{entry_key}.{os.getpid()}.{time.monotonic_ns()}.old"
            with contextlib.suppress(FileNotFoundError):
                final.rename(old)
            tmp.rename(final)
            shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    except OSError as error:
        raise ArgmapError(f"cannot write the built map into {root}: {error}") from error
    return Entry(final, manifest)


def _sweep(root: Path, older_than: float = 3600.0) -> None:
    """Remove what interrupted writes left (temporary folders over an hour old)."""
    now = time.time()
    for p in root.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if now - p.stat().st_mtime > older_than:
                shutil.rmtree(p, ignore_errors=True)
    for p in root.glob(".*.old"):
        shutil.rmtree(p, ignore_errors=True)


def entries(folder: Path | None = None) -> Iterator[Entry]:
    """Every whole entry in the cache, newest first."""
    root = folder or cache_folder()
    if not root.is_dir():
        return
    found = []
    for p in root.iterdir():
        if p.name.startswith(".") or not p.is_dir():
            continue
        entry = find(p.name, root)
        if entry is not None:
            found.append(entry)
    yield from sorted(found, key=lambda e: str(e.manifest.get("built", "")), reverse=True)


def size(path: Path) -> int:
    """The bytes under ``path``."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def clear(folder: Path | None = None) -> int:
    """Remove every built map from the cache; return how many entries went."""
    root = folder or cache_folder()
    if not root.is_dir():
        return 0
    count = 0
    for p in root.iterdir():
        if (p.is_dir() and (p / MANIFEST).exists()) or p.name.endswith((".tmp", ".old")):
            shutil.rmtree(p, ignore_errors=True)
            count += not p.name.startswith(".")
    return count
