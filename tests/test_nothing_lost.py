"""Nothing the user had is lost: an interrupted build, and outputs that cannot be written.

A build of a big map stopped by SIGINT or SIGTERM at points spread over its whole run
leaves the previous outputs byte for byte, no temporary file beside them and no cache
entry a later command would trust. A read-only output folder, a full disk (a small
tmpfs, where root may mount one), a file where the output folder should be, a folder
where an output file should be, and dangling symbolic links each end in one line and
exit 1, with nothing changed.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from graph.output import OutputError, write_files

ROOT = Path(__file__).resolve().parent.parent
ARGMAP = str(Path(sys.executable).with_name("argmap"))
GENERATE = ROOT / "benchmarks" / "generate.py"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("argmap_bench_generate_lost", GENERATE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses looks the module up by name
    spec.loader.exec_module(module)
    return module


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry of ``folder`` (hidden ones too) with its bytes, or its link."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = "-> " + os.readlink(path)
        elif path.is_file():
            found[name] = path.read_bytes()
    return found


def argmap(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ARGMAP, *args], capture_output=True, text=True, env=env, cwd=cwd, check=False
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "ARGMAP_CACHE": str(tmp_path / "cache")}


def _last_line(stderr: str) -> str:
    return stderr.strip().splitlines()[-1] if stderr.strip() else ""


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupted_build_leaves_the_previous_outputs(
    sig: signal.Signals, tmp_path: Path, env: dict[str, str]
) -> None:
    generate = _generator()
    source = tmp_path / "big.ttl"
    generate.write_map(source, 20_000, 0)
    out = tmp_path / "out"
    start = time.perf_counter()
    first = argmap("build", str(source), "-o", str(out), env=env, cwd=tmp_path)
    whole = time.perf_counter() - start
    assert first.returncode == 0, first.stderr[-2000:]
    before = snapshot(out)
    assert set(before) == {"big.ttl", "big.html"}
    # The text changes (a second map of another seed): a finished build would differ.
    generate.write_map(source, 20_000, 1)
    fresh = argmap("build", str(source), "-o", "fresh", "--no-cache", env=env, cwd=tmp_path)
    assert fresh.returncode == 0, fresh.stderr[-2000:]
    after = {k.replace("fresh/", ""): v for k, v in snapshot(tmp_path / "fresh").items()}
    assert after != before
    code = {signal.SIGINT: 130, signal.SIGTERM: 143}[sig]
    stopped = 0
    for fraction in (0.4, 0.6, 0.75, 0.9, 0.97):
        process = subprocess.Popen(
            [ARGMAP, "build", str(source), "-o", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=tmp_path,
        )
        time.sleep(whole * fraction)
        process.send_signal(sig)
        _, stderr = process.communicate(timeout=120)
        assert "Traceback" not in stderr, stderr[-3000:]
        now = snapshot(out)
        # always a whole pair, the previous or the new one; never a temporary file
        assert now in (before, after), f"stopped at {fraction:.0%}: {sorted(now)}"
        if process.returncode != code:
            # finished first (0), or the signal came while Python was starting or
            # exiting, outside argmap's handler (-sig): the system's default stopped it
            assert process.returncode in (0, -sig), stderr[-2000:]
            before = now
            continue
        stopped += 1
        line = _last_line(stderr)
        if line.startswith(f"interrupted ({sig.name}) after writing "):
            # stopped after the outputs were renamed into place (keeping the built
            # map, say): they are the whole new pair, and the message names them
            assert now == after, f"stopped at {fraction:.0%}: {line}"
            assert f"{out}/big.ttl, {out}/big.html (whole)" in line
        else:
            assert line.startswith(f"interrupted ({sig.name}): stopped before the end"), line
            assert now == before, f"outputs changed when stopped at {fraction:.0%}"
        before = now
    assert stopped >= 2, "the build finished before most signals: the map is too small"
    cache = tmp_path / "cache"
    leftovers = (
        [p.name for p in cache.iterdir() if p.name.startswith(".")] if cache.exists() else []
    )
    assert leftovers == [], "an interrupted build left a half-written built map"
    # A later command reads the changed source, not what the interrupted builds began.
    info = argmap("info", str(source), env=env, cwd=tmp_path)
    direct = argmap("info", str(source), "--no-cache", env=env, cwd=tmp_path)
    assert info.returncode == direct.returncode == 0
    assert info.stdout == direct.stdout


def _cannot(why: str) -> None:
    """Skip, saying why; under CI (CI=true), where root may mount, fail instead."""
    if os.environ.get("CI") == "true":
        pytest.fail(why)
    pytest.skip(why)


def _can_mount() -> bool:
    return os.geteuid() == 0 and Path("/proc/filesystems").read_text().count("tmpfs") > 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs (root only): too small for the NATO map's HTML page."""
    if not _can_mount():
        _cannot("mounting a small tmpfs needs root: the full-disk test runs in CI as root")
    where = tmp_path / "disk"
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(where)])
    if done.returncode != 0:
        _cannot("this machine does not let root mount a tmpfs for the full-disk test")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_full_disk_changes_nothing(small_disk: Path, env: dict[str, str]) -> None:
    (small_disk / "nato-ukraine.ttl").write_bytes(b"the previous map\n")
    before = snapshot(small_disk)
    done = argmap("build", "-o", str(small_disk), "--no-cache", env=env, cwd=small_disk.parent)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert _last_line(done.stderr) == (
        f"error: cannot write {small_disk}/nato-ukraine.html: the disk is full; nothing was "
        "written, and the files already there are as they were"
    )
    assert snapshot(small_disk) == before


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may write to: a read-only tmpfs for root, else mode 0555."""
    where = tmp_path / "read-only"
    where.mkdir()
    (where / "nato-ukraine.html").write_bytes(b"<p>the previous map</p>\n")
    if os.geteuid() != 0:
        where.chmod(0o555)
        yield where
        where.chmod(0o755)
        return
    if not _can_mount():
        _cannot("root without tmpfs: cannot make a folder root may not write")
    staged = tmp_path / "staged"
    where.rename(staged)
    where.mkdir()
    subprocess.run(["mount", "--bind", str(staged), str(where)], check=True)
    subprocess.run(["mount", "-o", "remount,bind,ro", str(where)], check=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_read_only_folder_changes_nothing(read_only: Path, env: dict[str, str]) -> None:
    before = snapshot(read_only)
    done = argmap("build", "-o", str(read_only), "--no-cache", env=env, cwd=read_only.parent)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    line = _last_line(done.stderr)
    assert line.startswith(f"error: cannot write {read_only}/nato-ukraine.ttl: "), line
    assert ("read-only" in line) or ("permission denied" in line), line
    assert snapshot(read_only) == before


def test_an_output_folder_that_is_a_file(tmp_path: Path, env: dict[str, str]) -> None:
    (tmp_path / "out").write_bytes(b"not a folder\n")
    done = argmap("build", "-o", "out", "--no-cache", env=env, cwd=tmp_path)
    assert done.returncode == 2  # a usage error, said by the option itself
    assert "Directory 'out' is a file." in done.stderr
    assert (tmp_path / "out").read_bytes() == b"not a folder\n"
    done = argmap("render", "-o", "out/map.html", env=env, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert _last_line(done.stderr) == (
        "error: out is a file, not a folder: cannot write map.html inside it"
    )


def test_an_output_file_that_is_a_folder(tmp_path: Path, env: dict[str, str]) -> None:
    (tmp_path / "out" / "nato-ukraine.html").mkdir(parents=True)
    (tmp_path / "out" / "nato-ukraine.ttl").write_bytes(b"previous\n")
    done = argmap("build", "-o", "out", "--no-cache", env=env, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert _last_line(done.stderr) == (
        "error: out/nato-ukraine.html is a folder: argmap writes a file there; move it away"
    )
    assert (tmp_path / "out" / "nato-ukraine.ttl").read_bytes() == b"previous\n"
    assert snapshot(tmp_path / "out") == {"nato-ukraine.ttl": b"previous\n"}


def test_dangling_symbolic_links(tmp_path: Path, env: dict[str, str]) -> None:
    (tmp_path / "gone").symlink_to(tmp_path / "no-such-folder")
    done = argmap("build", "-o", "gone", "--no-cache", env=env, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert _last_line(done.stderr) == (
        f"error: gone is a symbolic link to {tmp_path}/no-such-folder, which does not "
        "exist: create that folder, remove the link, or write somewhere else (-o)"
    )
    assert not (tmp_path / "no-such-folder").exists()
    out = tmp_path / "out"
    out.mkdir()
    (out / "nato-ukraine.ttl").symlink_to("elsewhere/map.ttl")
    done = argmap("build", "-o", "out", "--no-cache", env=env, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert _last_line(done.stderr) == (
        "error: out/nato-ukraine.ttl is a symbolic link to elsewhere/map.ttl, which does "
        "not exist: remove the link or write somewhere else (-o)"
    )
    assert snapshot(out) == {"nato-ukraine.ttl": "-> elsewhere/map.ttl"}


def test_a_link_to_a_file_is_written_through(tmp_path: Path) -> None:
    (tmp_path / "real.ttl").write_bytes(b"old\n")
    (tmp_path / "link.ttl").symlink_to("real.ttl")
    write_files({tmp_path / "link.ttl": b"new\n"})
    assert (tmp_path / "link.ttl").is_symlink()
    assert (tmp_path / "real.ttl").read_bytes() == b"new\n"


def test_files_are_written_all_or_none(tmp_path: Path) -> None:
    """The second file cannot be written: the first is not renamed into place."""
    (tmp_path / "a.ttl").write_bytes(b"old a\n")
    (tmp_path / "b.html").mkdir()
    with pytest.raises(OutputError, match=r"b\.html is a folder"):
        write_files({tmp_path / "a.ttl": b"new a\n", tmp_path / "b.html": b"new b\n"})
    assert snapshot(tmp_path) == {"a.ttl": b"old a\n"}
