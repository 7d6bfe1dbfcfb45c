"""How fast the interactive map is made and opened: 5,000 statements and the NATO map.

Not a test: run it on purpose (needs Playwright, /usr/bin/chromium and, for Firefox,
/usr/bin/firefox-esr, driven over WebDriver BiDi through tests/firefox_relay.py).

    .venv/bin/python benchmarks/bench_map.py [--statements 5000] [--runs 3]
        [--browsers chromium,firefox]

For a synthetic map of the given size (``generate.py``), it times in one run: the
page model and the rendering of the HTML (Python), and, in headless Chromium, the
time from navigation until the page says it is ready (in each browser) (``window.argmap.ready``),
opened from disk with every network request refused.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import generate  # benchmarks/generate.py: these scripts run from this folder

from graph.assessment import assess
from graph.pipeline import map_page, open_map
from graph.store import default_source

HERE = Path(__file__).resolve().parent
TRIPLES_PER_STATEMENT = 13.9
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def _write_synthetic(statements: int) -> Path:
    path = HERE / "data" / f"map-{statements}-statements.ttl"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        generate.write_map(path, int(statements * TRIPLES_PER_STATEMENT), 0)
    return path


FIREFOX = "/usr/bin/firefox-esr"
RELAY = HERE.parent / "tests" / "firefox_relay.py"


def _launch(p: Any, name: str) -> Any:
    """Debian's Chromium, or Debian's Firefox ESR behind tests/firefox_relay.py."""
    if name == "chromium":
        return p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    launcher = HERE / "data" / "firefox"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{RELAY}" "{FIREFOX}" "$@"\n')
    launcher.chmod(0o755)
    return p.firefox.launch(channel="moz-firefox", executable_path=str(launcher))


def open_times(page_path: Path, runs: int, browser_name: str = "chromium") -> list[float]:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = _launch(p, browser_name)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route(
                "**/*",
                lambda r: (
                    r.continue_()
                    if r.request.url.startswith(("file:", "data:", "about:"))
                    else r.abort()
                ),
            )
            start = time.perf_counter()
            page.goto(page_path.resolve().as_uri())
            page.wait_for_function("window.argmap && window.argmap.ready", timeout=60_000)
            times.append(time.perf_counter() - start)
            page.close()
        browser.close()
    return times


def bench(source: Path, runs: int, out: Path, browsers: list[str]) -> None:
    start = time.perf_counter()
    store = open_map(source, semantics=())
    result = assess(store)
    prepared = time.perf_counter() - start
    start = time.perf_counter()
    html = map_page(store, result)
    rendered = time.perf_counter() - start
    out.write_text(html, encoding="utf-8")
    statements = sum(1 for _, t in result.graph.nodes(data="type") if t == "statement")
    print(f"{source.name}: {statements:,} statements, page {out.stat().st_size / 1e6:.1f} MB")
    print(f"  open_map + assess  {prepared:7.2f} s")
    print(f"  page model + HTML  {rendered:7.2f} s")
    for name in browsers:
        opened = open_times(out, runs, name)
        print(
            f"  open in {name:<10} {statistics.median(opened):7.2f} s (median of {runs}; "
            f"min {min(opened):.2f}, max {max(opened):.2f})"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--browsers",
        default="chromium,firefox",
        help="comma-separated: chromium (/usr/bin/chromium), firefox (/usr/bin/firefox-esr)",
    )
    args = parser.parse_args(argv)
    browsers = [b.strip() for b in args.browsers.split(",") if b.strip()]
    unknown = set(browsers) - {"chromium", "firefox"}
    if unknown:
        parser.error(f"unknown browser {sorted(unknown)[0]!r}: use chromium, firefox")
    out = HERE / "data"
    out.mkdir(parents=True, exist_ok=True)
    bench(default_source(), args.runs, out / "nato.html", browsers)
    path = _write_synthetic(args.statements)
    bench(path, args.runs, out / f"map-{args.statements}.html", browsers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
