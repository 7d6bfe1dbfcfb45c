"""The screenshots of the NATO map in docs/ and the README, taken in Chromium.

    .venv/bin/python docs/screenshots.py        (or: make screenshots)

Builds the embedded map into a temporary folder, opens it as a person would, at
1440x900, 1280x720 and 390x844 (a phone, with touch), and writes
docs/nato-map-WIDTHxHEIGHT.png of each first view, and docs/nato-map.svg of the whole
map as `argmap render --format svg` writes it.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
SIZES = [(1440, 900), (1280, 720), (390, 844)]
CHROMIUM = "/usr/bin/chromium"


def main() -> int:
    from playwright.sync_api import sync_playwright

    argmap = str(Path(sys.executable).with_name("argmap"))
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([argmap, "build", "-o", folder], check=True, capture_output=True)
        page_path = next(Path(folder).glob("*.html"))
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox"]
            )
            for width, height in SIZES:
                phone = width < 700
                context = browser.new_context(
                    viewport={"width": width, "height": height}, has_touch=phone, is_mobile=phone
                )
                page = context.new_page()
                page.goto(page_path.as_uri())
                page.wait_for_function("window.argmap && argmap.ready === true")
                page.wait_for_timeout(300)
                out = DOCS / f"nato-map-{width}x{height}.png"
                page.screenshot(path=str(out))
                print(f"wrote {out}")
                context.close()
            browser.close()
    subprocess.run([argmap, "render", "-o", str(DOCS / "nato-map.svg")], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
