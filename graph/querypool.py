"""Queries in worker processes that can be stopped at a deadline.

Oxigraph cannot interrupt a query once it runs: a big ``ORDER BY``, ``GROUP BY`` or a
join with no answers computes until it is done, whatever its caller wants, and a
thread running it cannot be stopped either. A process can. :class:`QueryPool` keeps
``size`` worker processes and hands each query to an idle one; a worker that has not
answered by the deadline is killed (``SIGKILL``), the caller is told so, and a fresh
worker takes its place, so a runaway query costs its own time and nothing more.
With ``max_memory`` a worker's address space is capped too (``RLIMIT_AS``): a query
that needs more loses its worker, which is replaced.

Where the OS has ``fork`` (Linux, macOS), workers are forked from a *zygote*: a
single-threaded process forked from the server once, when the pool starts, holding
the in-memory store. Workers share the store copy-on-write (no copy, in-memory
speed) and start in milliseconds. Elsewhere (``method="spawn"``), the store is copied
once into an on-disk Oxigraph store (RocksDB, in a temporary directory) that spawned
workers open read-only; its scans are several times slower.

A worker reads the query, evaluates it (the default graph is the union of every
graph unless the request names graphs), stops reading solutions after ``max_rows``,
and writes the answer in the media type the request's ``Accept`` header prefers, so
only finished bytes cross the pipe.

>>> from graph.store import loads
>>> pool = QueryPool(loads("<urn:a> <urn:b> <urn:c> ."), size=1, max_rows=10)
>>> reply = pool.run(Job("SELECT ?s WHERE { ?s ?p ?o }", accept="text/csv"), timeout=30)
>>> reply.status, reply.media, reply.body.decode().split()
(200, 'text/csv', ['s', 'urn:a'])
>>> pool.close()
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import warnings
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing import reduction
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, TypeVar

import pyoxigraph as ox

from graph.errors import ArgmapError

if TYPE_CHECKING:
    from graph.store import MapStore

T = TypeVar("T")

__all__ = [
    "GRAPH_MEDIA_TYPES",
    "ROW_MEDIA_TYPES",
    "Job",
    "QueryPool",
    "Reply",
    "TimedOut",
    "answer",
    "isolated",
    "negotiate",
]

#: Media types for SELECT and ASK, the first the default, with their format names.
ROW_MEDIA_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
}
#: Media types for CONSTRUCT and DESCRIBE, the first the default.
GRAPH_MEDIA_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "text/plain": "ntriples",
}
_ERROR_AT = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)
_TAKEN = b"taken"
# Seconds a new worker may take to start (an interpreter, pyoxigraph, the store).
_START_TIMEOUT = 120.0


class TimedOut(ArgmapError):
    """A query did not finish (or find a free worker) before its deadline."""


@dataclass(frozen=True)
class Job:
    """One query and how its answer is wanted."""

    text: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    accept: str | None = None


@dataclass(frozen=True)
class Reply:
    """A finished answer: HTTP status, media type (None for a plain-text error), bytes."""

    status: int
    media: str | None
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    #: the worker that wrote it is leaving (it ran out of memory): replace it
    retire: bool = False


def _accepted(header: str | None) -> list[tuple[float, str]]:
    """The media ranges of an Accept header, best first."""
    ranges: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        quality = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((quality, position, fields[0].lower()))
    ranges.sort(key=lambda r: (-r[0], r[1]))
    return [(q, media) for q, _, media in ranges if q > 0]


def negotiate(header: str | None, offered: Mapping[str, str]) -> str | None:
    """The offered media type the Accept header prefers (the first offered for ``*/*``).

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", ROW_MEDIA_TYPES)
    'application/sparql-results+xml'
    >>> negotiate(None, GRAPH_MEDIA_TYPES)
    'text/turtle'
    >>> negotiate("image/png", ROW_MEDIA_TYPES) is None
    True
    """
    for _, media in _accepted(header):
        if media == "*/*":
            return next(iter(offered))
        if media.endswith("/*"):
            family = media[:-1]
            match = next((m for m in offered if m.startswith(family)), None)
            if match:
                return match
        elif media in offered:
            return media
    return None


def _error(message: str, status: int) -> Reply:
    return Reply(status, None, (message + "\n").encode("utf-8"))


def _dataset(job: Job) -> dict[str, object]:
    if not (job.default_graphs or job.named_graphs):
        return {"use_default_graph_as_union": True}
    dataset: dict[str, object] = {}
    if job.default_graphs:
        dataset["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    else:
        dataset["use_default_graph_as_union"] = True
    if job.named_graphs:
        dataset["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    return dataset


def _syntax_error(exc: SyntaxError) -> Reply:
    message = str(exc.msg if exc.msg else exc)
    match = _ERROR_AT.match(message)
    first = (match.group(3) if match else message).strip().splitlines()
    detail = first[0] if first else message
    if match:
        return _error(
            f"SPARQL syntax error at line {match.group(1)}, column {match.group(2)}: {detail}",
            400,
        )
    return _error(f"SPARQL syntax error: {detail}", 400)


def answer(store: ox.Store, prefixes: Mapping[str, str], job: Job, max_rows: int) -> Reply:
    """Evaluate ``job`` on ``store`` and write its answer as its Accept header asks.

    At most ``max_rows`` rows (or triples) are returned; a cut answer carries an
    ``Argmap-Truncated`` header. Errors come back as replies (400 for a malformed
    query or a bad graph IRI, 406 for an Accept header no result format fits).

    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c")))
    >>> answer(store, {}, Job("ASK { ?s ?p 'c' }"), 10).body
    b'{"head": {}, "boolean": true}\\n'
    >>> answer(store, {}, Job("SELECT ?s WHERE {"), 10).status
    400
    """
    from graph.sparql import QueryResult, format_result

    try:
        dataset = _dataset(job)
    except ValueError as exc:
        return _error(f"not an IRI in default-graph-uri or named-graph-uri: {exc}", 400)
    try:
        raw = store.query(job.text, prefixes=dict(prefixes), **dataset)  # type: ignore[arg-type]
        truncated = False
        if isinstance(raw, ox.QueryBoolean):
            result = QueryResult("ask", boolean=bool(raw))
        elif isinstance(raw, ox.QuerySolutions):
            variables = [v.value for v in raw.variables]
            # one more than allowed, to know whether anything was cut
            solutions = list(islice(raw, max_rows + 1))
            truncated = len(solutions) > max_rows
            rows = [tuple(s[i] for i in range(len(variables))) for s in solutions[:max_rows]]
            result = QueryResult("select", variables=variables, rows=rows)
        else:
            triples = list(islice(raw, max_rows + 1))
            truncated = len(triples) > max_rows
            result = QueryResult("graph", triples=triples[:max_rows])
    except SyntaxError as exc:
        return _syntax_error(exc)
    except (OSError, ValueError, RuntimeError) as exc:
        return _error(f"the query failed: {exc}", 400)
    offered = GRAPH_MEDIA_TYPES if result.kind == "graph" else ROW_MEDIA_TYPES
    media = negotiate(job.accept, offered)
    if media is None:
        return _error(
            f"cannot answer in {job.accept}: this result comes as " + ", ".join(offered), 406
        )
    body = format_result(result, offered[media], prefixes).encode("utf-8")
    headers = {"Argmap-Truncated": f"results cut to the first {max_rows} (max-rows)"}
    return Reply(200, media, body, headers if truncated else {})


def _serve(
    store: ox.Store,
    prefixes: dict[str, str],
    max_rows: int,
    conn: Connection,
    max_memory: int | None = None,
) -> None:
    """A worker's loop: answer jobs until the pipe closes (or memory runs out)."""
    import faulthandler

    import graph.sparql  # noqa: F401  (answer() needs it: load it before the first query)

    # A query that crashes its worker is reported to its client; the server's log
    # keeps the engine's own message, without a Python dump of every worker frame.
    faulthandler.disable()
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        # Receipt first: a worker that dies after it is the query's doing, one that
        # dies before it was dying anyway, and the query can go to another.
        conn.send_bytes(_TAKEN)
        try:
            reply = answer(store, prefixes, job, max_rows)
        except MemoryError:
            # Python ran out first (the engine would abort): say so, then leave, since
            # a worker that ran out of memory is best replaced.
            limit = f"--max-memory ({max_memory} MB)" if max_memory else "the memory there is"
            message = f"the query needed more memory than {limit}; it was stopped\n"
            conn.send(Reply(500, None, message.encode("utf-8"), retire=True))
            return
        except Exception as exc:  # the worker must outlive any one query
            reply = _error(f"the query failed: {type(exc).__name__}: {exc}", 500)
        conn.send(reply)


def _limit_memory(extra_mb: int | None) -> None:
    """Let this process allocate at most ``extra_mb`` more megabytes (address space)."""
    if extra_mb is None:
        return
    import resource

    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            now = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # not Linux: count from nothing
        now = 0
    limit = now + extra_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@dataclass(eq=False)
class _Worker:
    pid: int
    conn: Connection
    #: for a spawned worker, its process (joined when stopped)
    process: BaseProcess | None = None

    def alive(self) -> bool:
        if self.process is not None:
            return self.process.is_alive()
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        return True

    def stop(self) -> None:
        self.conn.close()
        if self.process is not None:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(timeout=10)
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)  # the zygote, its parent, reaps it


def _fork() -> int:
    """``os.fork()``, without Python 3.12+'s warning about forking a threaded process.

    The warning is that a lock another thread holds stays locked in the child. Our
    children (the zygote, its workers, an isolated query) take none of the parent's
    locks (no logging, no printing, no queues), only the store's, and nothing else
    touches the store while they are forked.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return os.fork()


def _without_network() -> bool:
    """Move this (single-threaded) process into a network namespace of its own, where
    no interface is up, so that nothing it or its children run can open a connection;
    whether that was done (Linux only, and only where the kernel lets this user).

    Oxigraph evaluates ``SERVICE`` by fetching the URL: the endpoint refuses such
    queries before they reach a worker, and this makes sure a worker could not
    fetch anything even if one got through.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        unshare = ctypes.CDLL(None, use_errno=True).unshare
    except (OSError, AttributeError):
        return False
    clone_newnet, clone_newuser = 0x40000000, 0x10000000
    if os.geteuid() == 0 and unshare(clone_newnet) == 0:
        return True
    return bool(unshare(clone_newuser | clone_newnet) == 0)


class _Zygote:
    """A process forked once from the server, holding the store, that forks workers.

    Workers forked from it share the in-memory store copy-on-write, so they start in
    milliseconds and query at in-memory speed. The zygote is single-threaded, so
    forking it is safe where forking the threaded server would not be. Each worker's
    pipe end reaches the server over the zygote's pipe (``SCM_RIGHTS``). Workers are
    the zygote's children, reaped by it (``SIGCHLD`` ignored); the zygote exits when
    the server's end of its pipe closes, and a worker when the server's end of its.
    """

    def __init__(
        self, store: ox.Store, prefixes: dict[str, str], max_rows: int, max_memory: int | None
    ) -> None:
        ours, theirs = multiprocessing.Pipe()
        pid = _fork()
        if pid == 0:  # the zygote
            code = 0
            try:
                ours.close()
                self._loop(store, prefixes, max_rows, max_memory, theirs)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        theirs.close()
        self.pid = pid
        self._conn = ours
        self._lock = threading.Lock()
        try:
            self.offline = bool(ours.poll(_START_TIMEOUT) and ours.recv())
        except (EOFError, OSError):
            self.offline = False  # the zygote died: starting a worker will say so

    @staticmethod
    def _loop(
        store: ox.Store,
        prefixes: dict[str, str],
        max_rows: int,
        max_memory: int | None,
        control: Connection,
    ) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)
        control.send(_without_network())
        while True:
            try:
                control.recv()
            except (EOFError, OSError):
                return
            server_end, worker_end = socket.socketpair()
            pid = os.fork()
            if pid == 0:  # a worker
                code = 0
                try:
                    control.close()
                    server_end.close()
                    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                    _limit_memory(max_memory)
                    _serve(store, prefixes, max_rows, Connection(worker_end.detach()), max_memory)
                except BaseException:
                    code = 1
                finally:
                    os._exit(code)
            worker_end.close()
            control.send(pid)
            reduction.send_handle(control, server_end.fileno(), os.getppid())
            server_end.close()

    def start(self) -> _Worker:
        with self._lock:
            self._conn.send("fork")
            if not self._conn.poll(_START_TIMEOUT):
                raise ArgmapError("the query zygote did not fork a worker")
            pid = self._conn.recv()
            conn = Connection(reduction.recv_handle(self._conn))
        return _Worker(pid, conn)

    def close(self) -> None:
        self._conn.close()
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


def _work(
    path: str, prefixes: dict[str, str], max_rows: int, max_memory: int | None, conn: Connection
) -> None:
    """A spawned worker (where there is no fork): open the on-disk copy read-only, serve."""
    # Ctrl-C reaches the whole process group; the server stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        store = ox.Store.read_only(path)
    except OSError as exc:
        conn.send(("failed", f"cannot open the query store {path}: {exc}"))
        return
    _limit_memory(max_memory)
    _serve(store, prefixes, max_rows, conn, max_memory)


class _Spawner:
    """Where ``os.fork`` is missing: spawned workers over a read-only on-disk copy."""

    def __init__(
        self, store: ox.Store, prefixes: dict[str, str], max_rows: int, max_memory: int | None
    ) -> None:
        self._context = multiprocessing.get_context("spawn")
        self.directory = tempfile.mkdtemp(prefix="argmap-serve-")
        self._args = (self.directory, prefixes, max_rows, max_memory)
        disk = ox.Store(self.directory)
        disk.bulk_extend(store.quads_for_pattern(None, None, None, None))
        disk.flush()
        # dropping the last reference closes the database before workers open it
        del disk

    def start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_work, args=(*self._args, child), name="argmap-query", daemon=True
        )
        process.start()
        child.close()
        assert process.pid is not None
        return _Worker(process.pid, parent, process)

    def close(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


def _cleanup(workers: set[_Worker], starter: _Zygote | _Spawner) -> None:
    for worker in list(workers):
        worker.stop()
    workers.clear()
    starter.close()


def isolated(call: Callable[[], T], *, timeout: float | None = None, what: str = "the query") -> T:
    """``call()`` in a forked child process, so that an engine crash or a deadline
    costs the child, not the caller.

    The value (or the :class:`ArgmapError` raised) comes back pickled. Where the OS
    has no ``fork``, ``call()`` simply runs here (and ``timeout`` is not enforced).

    Raises:
        QueryError: the child died (an engine crash: its signal is named) or had not
            finished after ``timeout`` seconds (it is killed).

    >>> isolated(lambda: 6 * 7)
    42
    """
    from graph.errors import QueryError

    if not hasattr(os, "fork"):
        return call()
    ours, theirs = multiprocessing.Pipe(duplex=False)
    try:
        pid = _fork()
    except OSError:  # no process to spare (EAGAIN, ENOMEM): run it here, unguarded
        ours.close()
        theirs.close()
        return call()
    if pid == 0:  # the child
        code = 0
        try:
            ours.close()
            try:
                theirs.send(("ok", call()))
            except ArgmapError as exc:
                theirs.send(("error", exc))
            except Exception:  # a bug: its traceback, for the caller to show
                import traceback

                theirs.send(("bug", traceback.format_exc()))
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    theirs.close()
    try:
        if not ours.poll(timeout):
            os.kill(pid, signal.SIGKILL)
            raise QueryError(f"{what} did not finish within {timeout:g} s and was stopped")
        kind, value = ours.recv()
    except (EOFError, OSError):
        _, status = os.waitpid(pid, 0)
        pid = 0
        if os.WIFSIGNALED(status):
            name = signal.Signals(os.WTERMSIG(status)).name
            raise QueryError(
                f"the query engine crashed on {what} ({name}); this is a bug of the "
                "engine (pyoxigraph), not of the query: rewrite it (for example without "
                "ORDER BY over mixed kinds of terms) or report it"
            ) from None
        raise QueryError(f"{what} failed in its worker process (exit {status >> 8})") from None
    finally:
        ours.close()
        if pid:
            os.waitpid(pid, 0)
    if kind == "error":
        raise value
    if kind == "bug":
        raise RuntimeError(f"{what} failed in its worker process:\n{value}")
    return value  # type: ignore[no-any-return]


#: How workers get the map: ``fork`` (from a zygote, sharing memory) or ``spawn``.
METHODS = ("fork", "spawn")


class QueryPool:
    """Worker processes answering queries over a copy of ``store``, each stoppable.

    Args:
        store: the map (as ``graph.pipeline.open_map`` returns it); workers see it
            as it is now, not later changes.
        size: how many queries run at once.
        max_rows: the most rows (or triples) an answer holds.
        prefixes: predeclared prefixes (default: the store's).
        max_memory: megabytes a worker may allocate beyond the map (none: no limit);
            a query that needs more is stopped with its worker.
        method: ``fork`` (where the OS has it; the default there) or ``spawn``.

    Raises:
        ArgmapError: the workers could not start.
    """

    def __init__(
        self,
        store: MapStore,
        *,
        size: int,
        max_rows: int,
        prefixes: Mapping[str, str] | None = None,
        max_memory: int | None = None,
        method: str | None = None,
    ) -> None:
        if size < 1 or max_rows < 0 or (max_memory is not None and max_memory < 1):
            raise ValueError("size must be >= 1, max_rows non-negative, max_memory positive")
        method = method or ("fork" if hasattr(os, "fork") else "spawn")
        if method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
        self.max_memory = max_memory
        self._workers: set[_Worker] = set()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        args = (
            store.oxigraph,
            dict(store.namespaces() if prefixes is None else prefixes),
            max_rows,
            max_memory,
        )
        self._starter = _Zygote(*args) if method == "fork" else _Spawner(*args)
        #: whether the workers run without network (see _without_network)
        self.offline: bool = getattr(self._starter, "offline", False)
        self._finalizer = weakref.finalize(self, _cleanup, self._workers, self._starter)
        try:
            starting = [self._start() for _ in range(size)]
            for worker in starting:
                self._await_ready(worker)
                self._idle.put(worker)
        except BaseException:
            self.close()
            raise

    def _start(self) -> _Worker:
        worker = self._starter.start()
        with self._lock:
            self._workers.add(worker)
        return worker

    def _await_ready(self, worker: _Worker) -> None:
        message: object = None
        try:
            if worker.conn.poll(_START_TIMEOUT):
                message = worker.conn.recv()
        except (EOFError, OSError):
            pass
        if not (isinstance(message, tuple) and message[0] == "ready"):
            self._retire(worker)
            detail = message[1] if isinstance(message, tuple) else "it exited or did not answer"
            raise ArgmapError(f"a query worker did not start: {detail}")

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.stop()

    def _replace(self, worker: _Worker) -> None:
        """Stop ``worker`` now and start another in the background."""
        self._retire(worker)

        def start() -> None:
            if self._closed:
                return
            try:
                fresh = self._start()
                self._await_ready(fresh)
            except (ArgmapError, OSError) as exc:
                if not self._closed:  # else: closing took its files away, as it should
                    print(f"argmap serve: {exc}", file=sys.stderr)
                return
            if self._closed:
                self._retire(fresh)
            else:
                self._idle.put(fresh)

        threading.Thread(target=start, name="argmap-query-respawn", daemon=True).start()

    @property
    def idle(self) -> int:
        """How many workers are started and waiting for a query."""
        return self._idle.qsize()

    @property
    def pids(self) -> list[int]:
        """The process ids of the live workers (busy or idle)."""
        with self._lock:
            return sorted(w.pid for w in self._workers)

    def run(
        self, job: Job, *, timeout: float | None = None, deadline: float | None = None
    ) -> Reply:
        """Answer ``job`` in a worker, or stop that worker at the deadline.

        Give ``timeout`` (seconds from now) or ``deadline`` (a ``time.monotonic()``
        value). Waiting for a free worker counts against it.

        Raises:
            TimedOut: no worker was free, or the query had not finished, in time.
        """
        if deadline is None:
            deadline = time.monotonic() + (timeout if timeout is not None else 1e9)
        if self._closed:
            raise ArgmapError("the query pool is closed")
        while True:
            worker = self._take(deadline)
            try:
                worker.conn.send(job)
                taken = worker.conn.poll(max(deadline - time.monotonic(), 0.0))
                if taken and worker.conn.recv_bytes() != _TAKEN:
                    raise OSError("the worker answered out of turn")
            except (EOFError, OSError):
                self._replace(worker)  # it died before it took the query: try another
                continue
            break
        try:
            if not (taken and worker.conn.poll(max(deadline - time.monotonic(), 0.0))):
                self._replace(worker)
                raise TimedOut("the query did not finish before the deadline; it was stopped")
            reply = worker.conn.recv()
        except (EOFError, OSError):
            self._replace(worker)
            if self.max_memory is not None:
                why = f"most likely by needing more than --max-memory ({self.max_memory} MB)"
            else:
                why = "(the engine crashed or ran out of memory)"
            return _error(
                f"the query engine stopped while running this query, {why}; "
                "its worker was replaced",
                500,
            )
        assert isinstance(reply, Reply)
        if reply.retire:
            self._replace(worker)
        else:
            self._idle.put(worker)
        return reply

    def _take(self, deadline: float) -> _Worker:
        """An idle, live worker, waiting for one until the deadline."""
        while True:
            try:
                worker = self._idle.get(timeout=max(deadline - time.monotonic(), 0.0))
            except queue.Empty:
                raise TimedOut("every query worker stayed busy until the deadline") from None
            # An idle worker has nothing to say: readable means its end closed (it died).
            if worker.alive() and not worker.conn.poll(0):
                return worker
            self._replace(worker)  # killed from outside while idle: use another

    def close(self) -> None:
        """Stop every worker (and the zygote, or remove the on-disk copy)."""
        self._closed = True
        self._finalizer()
