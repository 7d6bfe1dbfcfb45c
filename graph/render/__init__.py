"""The interactive HTML argument map, drawn from the statement-level networkx view.

Importing this package is cheap: pyvis is imported only when a page is rendered, so
that ``argmap --help`` never pays for it.

>>> import networkx as nx
>>> G = nx.DiGraph(title="Tiny", main_conclusions=["c"])
>>> G.add_node("c", kind="Claim", label="C", text="It rains.")
>>> page = render_html(G)
>>> page.startswith("<!DOCTYPE html>")
True
"""

from __future__ import annotations

from .html import render_html, write_html

__all__ = ["render_html", "write_html"]
