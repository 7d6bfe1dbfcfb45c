"""Writing output files so that nothing the user had is lost.

Every file argmap writes goes through :func:`write_files`: each target is checked
first (a dangling symbolic link, a folder where the file should be, a file where
the folder should be), then every file is written in full under a temporary name
beside its target, and only when all are written are they renamed into place, one
after the other. A full disk, a read-only folder, a missing permission or an
interrupt (SIGINT, or SIGTERM, which the command line turns into one) leaves the
previous outputs as they were and no temporary file behind, and says so in one
line (:class:`OutputError`).

A target that is a symbolic link to a file is written through the link: the file it
points to is replaced, and the link stays.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from graph.errors import ArgmapError

__all__ = ["OutputError", "atomic_write", "renamed", "write_files"]

#: Every file renamed into place by this process, in order (:func:`renamed`).
_RENAMED: list[Path] = []

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EFBIG: "the file is too large for the file system",
}


class OutputError(ArgmapError):
    """An output that cannot be written; nothing was changed."""


def _reason(error: OSError) -> str:
    return _REASONS.get(error.errno or 0, error.strerror or str(error))


def _target(path: Path) -> Path:
    """Where ``path`` is written: itself, or the file its symbolic link points to.

    Raises:
        OutputError: a dangling link, a folder in the file's place, or a file in the
            place of one of its folders.
    """
    if path.is_symlink():
        pointed = Path(os.path.realpath(path))
        if not pointed.exists():
            raise OutputError(
                f"{path} is a symbolic link to {os.readlink(path)}, which does not exist: "
                "remove the link or write somewhere else (-o)"
            )
        path = pointed
    if path.is_dir():
        raise OutputError(f"{path} is a folder: argmap writes a file there; move it away")
    for parent in path.parents:
        if parent.is_symlink() and not parent.exists():
            raise OutputError(
                f"{parent} is a symbolic link to {os.readlink(parent)}, which does not "
                "exist: create that folder, remove the link, or write somewhere else (-o)"
            )
        if parent.exists() and not parent.is_dir():
            raise OutputError(
                f"{parent} is a file, not a folder: cannot write {path.name} inside it"
            )
    return path


def write_files(files: Mapping[Path, bytes]) -> list[Path]:
    """Write every file whole, or none: temporary files first, then the renames.

    Returns the paths as given, in order.

    Raises:
        OutputError: a target cannot be written (what is wrong and that nothing was
            changed); the previous files are untouched and no temporary file is left.
    """
    given = [Path(p) for p in files]
    targets = [_target(p) for p in given]
    umask = os.umask(0)
    os.umask(umask)
    written: list[tuple[str, Path]] = []
    try:
        for target, data in zip(targets, files.values(), strict=True):
            where = target
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(
                    dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
                )
                written.append((tmp, target))
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                # mkstemp creates the file 0600; give it the mode a plain open() would.
                os.chmod(tmp, 0o666 & ~umask)
            except OSError as error:
                raise OutputError(
                    f"cannot write {where}: {_reason(error)}; nothing was written, and "
                    "the files already there are as they were"
                ) from error
        for (tmp, target), path in zip(written, given, strict=True):
            os.replace(tmp, target)
            _RENAMED.append(path)
    except BaseException:
        for tmp, _ in written:
            Path(tmp).unlink(missing_ok=True)
        raise
    return given


def renamed() -> list[Path]:
    """The files this process has written so far (each whole): what an interrupted
    command had already finished."""
    return list(_RENAMED)


def atomic_write(path: str | Path, data: bytes) -> Path:
    """Write bytes to ``path`` through a temporary file and a rename.

    A failure leaves any existing file untouched and no partial file behind.

    Raises:
        OutputError: the file cannot be written (see :func:`write_files`).
    """
    (written,) = write_files({Path(path): data})
    return written
