"""Run Debian's Firefox ESR for Playwright, relaying WebDriver BiDi between them.

Playwright drives a stock Firefox over WebDriver BiDi (``channel="moz-firefox"``): it
starts the executable with ``--remote-debugging-port=0``, reads "WebDriver BiDi
listening on ws://..." from its output and connects there. Playwright 1.65 speaks a
newer BiDi than Firefox 153 ESR: it sends ``emulation.setMediaFeaturesOverride``
(to emulate ``prefers-color-scheme``) when every page opens, and Firefox ESR answers
"unknown command", which fails the page. This script stands in for the executable:
it starts the real Firefox with the same arguments, relays every BiDi message both
ways, and answers the commands in :data:`ANSWERED` itself with an empty success
(argmap's page does not depend on the colour scheme). Everything else, including
every error, passes through untouched.

    python tests/firefox_relay.py /usr/bin/firefox-esr --remote-debugging-port=0 ...
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import threading

#: BiDi commands Firefox ESR does not know that Playwright sends for emulation only.
ANSWERED = frozenset({"emulation.setMediaFeaturesOverride"})
_LISTENING = re.compile(r"WebDriver BiDi listening on (ws://\S+)")


async def _relay(upstream_url: str) -> None:
    from websockets.asyncio.client import connect
    from websockets.asyncio.server import ServerConnection, serve

    async def session(client: ServerConnection) -> None:
        path = client.request.path if client.request else "/session"
        async with connect(upstream_url + path, max_size=None) as browser:

            async def to_browser() -> None:
                async for message in client:
                    command = json.loads(message)
                    if command.get("method") in ANSWERED:
                        reply = {"type": "success", "id": command["id"], "result": {}}
                        await client.send(json.dumps(reply))
                    else:
                        await browser.send(message)

            async def to_client() -> None:
                async for message in browser:
                    await client.send(message)

            _, pending = await asyncio.wait(
                [asyncio.create_task(to_browser()), asyncio.create_task(to_client())],
                return_when=asyncio.FIRST_COMPLETED,
            )
            for task in pending:
                task.cancel()

    async with serve(session, "127.0.0.1", 0, max_size=None) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"WebDriver BiDi listening on ws://127.0.0.1:{port}", file=sys.stderr, flush=True)
        await asyncio.Future()


def main(argv: list[str]) -> int:
    browser = subprocess.Popen(argv, stderr=subprocess.PIPE, text=True, bufsize=1)
    assert browser.stderr is not None
    for line in browser.stderr:
        found = _LISTENING.search(line)
        if not found:
            sys.stderr.write(line)
            continue
        upstream = found.group(1).rstrip("/")
        threading.Thread(target=asyncio.run, args=(_relay(upstream),), daemon=True).start()
        break
    for line in browser.stderr:  # the rest of Firefox's output, until it exits
        sys.stderr.write(line)
    return browser.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
