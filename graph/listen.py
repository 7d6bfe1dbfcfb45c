"""The HTTP front of argmap's two servers (``serve`` and ``annotate``): bounded and strict.

:func:`bind` opens the listening socket (so that port 0 can say which port it got);
:func:`run` serves an ASGI application on it with uvicorn, over HTTP/1.1 (h11), with
what uvicorn leaves open closed:

* **slow clients**: a request (its line, headers and body) must arrive whole within
  ``read_timeout`` seconds of the connection opening or of the previous answer, or it
  gets 408 and the connection is closed (uvicorn alone waits for ever on a client
  that sends a byte at a time);
* **many clients**: past ``max_connections`` open connections, new requests get 503;
* **big requests**: the request line and headers may be at most ``max_head`` bytes
  (more gets 400 from h11); bodies are the application's to bound.

:func:`host_name` and :func:`check_host` read a request's ``Host`` the way the servers
do: malformed gets 400, a name the server does not answer to gets 421 (so that a DNS
name rebound to 127.0.0.1 cannot reach a local server through a browser).

>>> host_name("127.0.0.1:8000"), host_name("[::1]:80"), host_name("Example.org")
('127.0.0.1', '::1', 'example.org')
>>> host_name("a b"), host_name("x:99999"), host_name("[::1")
(None, None, None)
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import h11

from graph.errors import ArgmapError

if TYPE_CHECKING:
    from starlette.types import ASGIApp

__all__ = [
    "DEFAULT_MAX_CONNECTIONS",
    "DEFAULT_READ_TIMEOUT",
    "LOOPBACK_NAMES",
    "HostGuard",
    "Limits",
    "bind",
    "check_host",
    "host_name",
    "is_loopback",
    "run",
    "served_names",
]

DEFAULT_READ_TIMEOUT = 10.0
DEFAULT_MAX_CONNECTIONS = 512
DEFAULT_MAX_HEAD = 64 * 1024

#: What a browser on this machine calls a server bound to a loopback address.
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})

# RFC 3986 reg-name (unreserved, pct-encoded, sub-delims) and an optional port.
_REG_NAME = re.compile(r"(?:[A-Za-z0-9._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})+")
_IPV6 = re.compile(r"\[([0-9A-Fa-f:.]+)\]")


def host_name(header: str) -> str | None:
    """The host of a ``Host`` header, lower-cased, without its port or IPv6 brackets;
    None if the header is not a host (RFC 9110: ``uri-host [ ":" port ]``)."""
    found = _IPV6.match(header)
    if found:
        name, rest = found.group(1), header[found.end() :]
        try:
            ipaddress.IPv6Address(name)
        except ValueError:
            return None
    else:
        name, _, port = header.partition(":")
        rest = ":" + port if _ else ""
        if not _REG_NAME.fullmatch(name):
            return None
    if rest and not (rest[0] == ":" and (rest[1:] == "" or _port(rest[1:]))):
        return None
    if len(name) > 253:  # longer than any DNS name
        return None
    return name.lower()


def _port(text: str) -> bool:
    return text.isascii() and text.isdigit() and int(text) <= 65535


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or ``localhost``) is this machine's loopback."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_host(header: str | None, allowed: Collection[str] | None) -> tuple[int, str] | None:
    """Why a request with this ``Host`` is refused, as (status, message); None if not.

    ``allowed`` holds the lower-case names served (None: any well-formed name). A
    request without a Host (HTTP/1.0) is let through: h11 refuses one in HTTP/1.1.
    """
    if header is None:
        return None
    name = host_name(header)
    if name is None:
        return 400, "the request's Host is not a host name or address (with a port)"
    if allowed is not None and name not in allowed:
        served = ", ".join(sorted(allowed))
        return (
            421,
            f"this server answers to {served}, not {name[:80]!r}; to serve that name, "
            f"start it with --allow-host {name[:80]}",
        )
    return None


def served_names(bound: str, allowed: Collection[str] = ()) -> frozenset[str] | None:
    """The host names a server bound to ``bound`` answers to (None: any).

    A server on a loopback address answers to this machine's names (and ``allowed``)
    only, so that no DNS name rebound to 127.0.0.1 reaches it; one bound elsewhere
    answers to any name unless ``allowed`` says which; ``*`` in ``allowed``: any.

    >>> sorted(served_names("127.0.0.1"))
    ['127.0.0.1', '::1', 'localhost']
    >>> served_names("0.0.0.0") is None, sorted(served_names("0.0.0.0", ["Maps.example"]))
    (True, ['maps.example'])
    >>> served_names("127.0.0.1", ["*"]) is None
    True
    """
    if "*" in allowed:
        return None
    names = {name.lower().strip("[]") for name in allowed}
    if is_loopback(bound):
        names |= LOOPBACK_NAMES | {bound.lower().strip("[]")}
    return frozenset(names) if names else None


@dataclass(frozen=True)
class Limits:
    """What a client may take of a server (see the module's description)."""

    read_timeout: float = DEFAULT_READ_TIMEOUT
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    max_head: int = DEFAULT_MAX_HEAD


def bind(host: str, port: int) -> socket.socket:
    """A socket listening on ``host:port`` (port 0: any free port).

    Raises:
        ArgmapError: the address cannot be bound (in use, not this machine's, ...).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise ArgmapError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    return sock


def run(app: ASGIApp, sock: socket.socket, limits: Limits = Limits()) -> None:
    """Serve ``app`` on ``sock`` until SIGINT or SIGTERM."""
    import uvicorn

    config = uvicorn.Config(
        app,
        http=_protocol(limits.read_timeout, limits.max_head),
        log_level="warning",
        limit_concurrency=limits.max_connections,
        h11_max_incomplete_event_size=limits.max_head,
    )
    uvicorn.Server(config).run(sockets=[sock])


def _protocol(read_timeout: float, max_head: int) -> type[asyncio.Protocol]:
    """uvicorn's h11 protocol with a deadline for each request to arrive whole, and
    414 or 431 (not 400) for a request line or headers past ``max_head`` bytes."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    message = (
        f"the request did not arrive whole within {read_timeout:g} s "
        "(the server's --read-timeout)\n"
    ).encode()
    timed_out = (
        b"HTTP/1.1 408 Request Timeout\r\n"
        b"content-type: text/plain; charset=utf-8\r\n"
        b"connection: close\r\n"
        b"content-length: %d\r\n\r\n%s" % (len(message), message)
    )

    class Timed(H11Protocol):
        _deadline: asyncio.TimerHandle | None = None
        _head = 0
        _line_ended = False

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def handle_events(self) -> None:
            super().handle_events()
            if self.conn.their_state is not h11.IDLE and self.conn.their_state is not (
                h11.SEND_BODY
            ):
                self._disarm()  # the request is in (or the connection is over)

        def data_received(self, data: bytes) -> None:
            if self.conn.their_state is h11.IDLE:  # counting a request's line and headers
                self._head += len(data)
                self._line_ended = self._line_ended or b"\n" in data
            super().data_received(data)

        def send_400_response(self, msg: str) -> None:
            if self._head <= max_head:
                super().send_400_response(msg)
                return
            # h11 gave up on the size: say which part was too long (RFC 9110, 6585)
            if self._line_ended:
                status, text = b"431 Request Header Fields Too Large", "the request's headers are"
            else:
                status, text = b"414 URI Too Long", "the request's URL is"
            body = (
                f"{text} longer than {max_head // 1024} KB; POST a long query "
                "(application/sparql-query)\n"
            ).encode()
            self.transport.write(
                b"HTTP/1.1 %s\r\ncontent-type: text/plain; charset=utf-8\r\n"
                b"connection: close\r\ncontent-length: %d\r\n\r\n%s" % (status, len(body), body)
            )
            self.transport.close()

        def on_response_complete(self) -> None:
            self._head, self._line_ended = 0, False
            self._arm()  # for the next request on this connection
            super().on_response_complete()
            if self.transport.is_closing():
                self._disarm()

        def _arm(self) -> None:
            self._disarm()
            self._deadline = self.loop.call_later(read_timeout, self._expire)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _expire(self) -> None:
            self._deadline = None
            if self.transport.is_closing():
                return
            cycle = self.cycle
            if cycle is None or not cycle.response_started:
                self.transport.write(timed_out)
            if cycle is not None:  # the application, waiting for the body, is told
                cycle.disconnected = True
                cycle.message_event.set()
            self.transport.close()

    return Timed


class HostGuard:
    """ASGI middleware answering 400 or 421 (:func:`check_host`) before the application.

    A request with more than one ``Host`` gets 400 too (RFC 9110, 7.2).
    """

    def __init__(self, app: ASGIApp, allowed: Collection[str] | None = None) -> None:
        self.app = app
        self.allowed = None if allowed is None else frozenset(h.lower() for h in allowed)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            hosts = [v.decode("latin-1") for k, v in scope["headers"] if k == b"host"]
            refused = (
                (400, "the request has more than one Host")
                if len(hosts) > 1
                else check_host(hosts[0] if hosts else None, self.allowed)
            )
            if refused is not None:
                from starlette.responses import PlainTextResponse

                status, message = refused
                response = PlainTextResponse(message + "\n", status_code=status)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
