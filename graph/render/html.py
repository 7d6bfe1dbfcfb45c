"""Render the argument map as one self-contained, offline HTML page.

The page is drawn by vis-network, with argmap's own Jinja template
(``templates/map.html``), script (``static/map.js``) and style (``static/map.css``):
pyvis's stock template pulls bootstrap and vis from CDNs, and a map must open from
disk with no network. vis-network's JavaScript and CSS are inlined from the copy that
ships inside the pyvis package, found without importing pyvis (whose ``Network``
imports IPython, a tenth of a second that the page does not need: the template reads
none of pyvis's variables).

The template gets exactly these variables: ``title`` (text, autoescaped),
``data_json`` (the :func:`~graph.render.model.page_model` as JSON, safe inside a
``<script type="application/json">`` block), ``vis_js``, ``vis_css``, ``app_js`` and
``app_css`` (code, safe inside ``<script>`` and ``<style>``).

Everything shown in the page comes from a source document and is treated as data:
the title goes through Jinja's autoescape; the data is embedded as JSON with ``<``,
``>``, ``&``, U+2028 and U+2029 escaped, for the page's script to read with
``JSON.parse`` and show with ``textContent`` only.

>>> import networkx as nx
>>> G = nx.MultiDiGraph(title="Rain", main_conclusions=["c"])
>>> G.add_node("c", type="statement", kind="Claim", label="Take an <umbrella>")
>>> page = render_html(G)
>>> "Take an" in page, "<umbrella>" in page
(True, False)
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import tempfile
from collections.abc import Hashable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.errors import ArgmapError

from .model import SourceDocument, page_model

if TYPE_CHECKING:
    import networkx as nx
    from jinja2 import BaseLoader

__all__ = ["data_json", "render_html", "write_html"]

# Inside <script>, only these can end the element or confuse the HTML tokenizer; as
# JSON string escapes they are inert and still parse back to the same text.
_SCRIPT_ESCAPES = str.maketrans(
    {
        "<": "\\u003c",
        ">": "\\u003e",
        "&": "\\u0026",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
    }
)


def render_html(
    G: nx.MultiDiGraph,
    *,
    title: str | None = None,
    statuses: Mapping[str, Mapping[Hashable, str]] | None = None,
    strength: Mapping[Hashable, float] | None = None,
    source: SourceDocument | None = None,
    semantics: str = "grounded",
    root: str | None = None,
    below: Mapping[str, str | None] | None = None,
) -> str:
    """Render the map as a self-contained interactive HTML page; no I/O, no network.

    Args:
        G: the argument graph of :func:`graph.view.argument_graph`.
        title: the page heading; defaults to ``G.graph["title"]``.
        statuses: ``{semantics: {node: "in" | "out" | "undec"}}``, as
            :func:`graph.assessment.assess` gives them.
        strength: ``{node: float}`` for statements and inferences.
        source: the source text, shown beside the map.
        semantics: the semantics the page opens with.
        root, below: what hangs below one statement; how a page cut below its top
            levels opens the rest (see :func:`~graph.render.model.page_model`).

    Returns:
        The page. The same input always gives the same string.

    Raises:
        ArgmapError: as :func:`~graph.render.model.page_model`, or the installed pyvis
            ships no vis-network.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(main_conclusions=["c"])
    >>> G.add_node("c", type="statement", kind="Claim", label="<b>Take one</b>")
    >>> page = render_html(G, title="Q & A")
    >>> page.startswith("<!DOCTYPE html>"), "Q &amp; A" in page, "<b>Take one" in page
    (True, True, False)
    """
    model = page_model(
        G,
        title=title,
        statuses=statuses,
        strength=strength,
        source=source,
        semantics=semantics,
        root=root,
        below=below,
    )
    return _render_page(model)


def write_html(
    G: nx.MultiDiGraph,
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    statuses: Mapping[str, Mapping[Hashable, str]] | None = None,
    strength: Mapping[Hashable, float] | None = None,
    source: SourceDocument | None = None,
    semantics: str = "grounded",
) -> Path:
    """Render the map and write it to ``path`` atomically.

    The page is rendered first, then written to a temporary file in the same
    directory and moved over ``path``: a failure leaves no partial file, and an
    existing file at ``path`` stays as it was.

    Args:
        G: the argument graph.
        path: where to write the page.
        title, statuses, strength, source, semantics: as :func:`render_html`.

    Returns:
        The path written.

    Raises:
        ArgmapError: as :func:`render_html`.
        OSError: the directory does not exist or cannot be written.

    >>> import networkx as nx, tempfile, pathlib
    >>> G = nx.MultiDiGraph(title="Rain", main_conclusions=["c"])
    >>> G.add_node("c", type="statement", kind="Claim", label="Umbrella")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     out = write_html(G, pathlib.Path(d) / "map.html")
    ...     out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    target = Path(path)
    data = render_html(
        G,
        title=title,
        statuses=statuses,
        strength=strength,
        source=source,
        semantics=semantics,
    ).encode("utf-8")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp creates the file private (0600); a map is meant to be shared.
        tmp.chmod(0o644)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def data_json(model: Mapping[str, Any]) -> str:
    """The page model as JSON text safe to place verbatim in a ``<script>`` element.

    Sorted keys and no spaces, so the same model gives the same bytes; ``<``, ``>``,
    ``&``, U+2028 and U+2029 become ``\\u`` escapes, which ``JSON.parse`` reads back.

    >>> data_json({"text": "</script>"})
    '{"text":"\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(
        model, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    )
    return text.translate(_SCRIPT_ESCAPES)


def _inline_js(code: str) -> str:
    # Inline code must not end its own element: `</script` can only occur inside JS
    # string literals (or comments), where `<\/` means the same; `<!--` likewise.
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE).replace("<!--", "<\\!--")


def _inline_css(code: str) -> str:
    return re.sub(r"</(style)", r"<\\/\1", code, flags=re.IGNORECASE)


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """The newest vis-network inside the installed pyvis: (js, css), made inlinable."""
    spec = importlib.util.find_spec("pyvis")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    lib = Path(folders[0]) / "lib" if folders else Path("/nonexistent")
    found: list[tuple[tuple[int, ...], str]] = []
    if lib.is_dir():
        for entry in lib.iterdir():
            version = entry.name.removeprefix("vis-")
            if entry.name.startswith("vis-") and (entry / "vis-network.min.js").is_file():
                found.append((tuple(int(p) for p in re.findall(r"\d+", version)), entry.name))
    if not found:
        raise ArgmapError(
            "the installed pyvis ships no vis-network under pyvis/lib; "
            "reinstall it with `pip install --force-reinstall 'pyvis>=0.3.2'`"
        )
    name = max(found)[1]
    js = (lib / name / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / name / "vis-network.css").read_text(encoding="utf-8")
    return _inline_js(js), _inline_css(css)


def _app_asset(name: str) -> str:
    """A file of ``static/``, read afresh each render; empty if it is not there."""
    path = resources.files("graph.render") / "static" / name
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def _loader() -> BaseLoader:
    from jinja2 import PackageLoader

    return PackageLoader("graph.render", "templates")


def _render_page(model: Mapping[str, Any]) -> str:
    from jinja2 import Environment, StrictUndefined
    from markupsafe import Markup

    vis_js, vis_css = _vis_assets()
    env = Environment(
        loader=_loader(),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    page: str = env.get_template("map.html").render(
        title=str(model["title"]),
        data_json=Markup(data_json(model)),
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        app_js=Markup(_inline_js(_app_asset("map.js"))),
        app_css=Markup(_inline_css(_app_asset("map.css"))),
    )
    return page
