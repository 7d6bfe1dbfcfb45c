"""The interactive HTML argument map, drawn from the argument graph and its statuses.

:func:`page_model` gives what the page shows as JSON-ready data, laid out;
:func:`render_html` and :func:`write_html` turn it into one self-contained, offline
page. Importing this package is cheap: Jinja is imported only when a page is
rendered, so that ``argmap --help`` never pays for it, and pyvis never (its
vis-network files are read where it is installed); and nothing here reads
the store: the graph and the reasoning results come in as arguments.

>>> import networkx as nx
>>> G = nx.MultiDiGraph(title="Tiny", main_conclusions=["c"])
>>> G.add_node("c", type="statement", kind="Claim", label="C", text="It rains.")
>>> page_model(G)["nodes"][0]["label"]
'C'
>>> render_html(G).startswith("<!DOCTYPE html>")
True
"""

from __future__ import annotations

from .html import render_html, write_html
from .model import SourceDocument, levels, page_model, positions

__all__ = ["SourceDocument", "levels", "page_model", "positions", "render_html", "write_html"]
