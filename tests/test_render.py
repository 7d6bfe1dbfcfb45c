"""The page model and the HTML map: structure, layout, escaping, determinism, scale.

What the page does in a browser (drawing, search, filters, the semantics switch) is
tested by the front end's browser tests; these check the data it is given and the
page it is given in.
"""

from __future__ import annotations

import ast
import itertools
import json
import math
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import graph.render.html as render_module
import graph.render.model as model_module
from graph.assessment import SEMANTICS, assess
from graph.errors import ArgmapError
from graph.render import (
    SourceDocument,
    levels,
    page_model,
    positions,
    render_html,
    write_html,
)
from graph.render.model import PAGE_LIMIT
from graph.store import MapStore
from graph.view import KINDS, argument_graph

EX = "https://example.org/map#"
SCRIPT_XSS = "</script><script>alert(1)</script>"
IMG_XSS = "<img src=x onerror=alert(1)>"
NASTY = f"{SCRIPT_XSS} {IMG_XSS} \"quotes\" 'single' back\\slash & \u2028line\u2029para é 中文"

# --- building argument graphs by hand -----------------------------------------------


def statement(G: nx.MultiDiGraph, local: str, kind: str = "Claim", **attrs: Any) -> str:
    node = EX + local
    data: dict[str, Any] = {
        "type": "statement",
        "kind": kind,
        "label": local.title(),
        "text": f"The statement {local}.",
        "implicit": False,
        "main": False,
        "speakers": (),
        "mentions": (),
        "quotes": (),
        "spans": (),
    }
    data.update(attrs)
    G.add_node(node, **data)
    return node


def infer(
    G: nx.MultiDiGraph, local: str, premises: list[str], conclusion: str, **attrs: Any
) -> str:
    node = EX + local
    data: dict[str, Any] = {"type": "inference", "scheme": None, "scheme_label": None}
    data["questions"] = ()
    data.update(attrs)
    G.add_node(node, **data)
    for p in premises:
        G.add_edge(EX + p, node, role="premise")
    G.add_edge(node, EX + conclusion, role="conclusion")
    return node


def conflict(G: nx.MultiDiGraph, local: str, attacker: str, target: str) -> str:
    node = EX + local
    G.add_node(node, type="conflict")
    G.add_edge(EX + attacker, node, role="attacker")
    G.add_edge(node, EX + target, role="target")
    return node


def small_map() -> nx.MultiDiGraph:
    """c main; p -i1-> c (undercut by u); pp -i2-> p; q1 + q2 -i3-> c; a attacks p; x -> y."""
    G = nx.MultiDiGraph(
        title="Umbrellas",
        main_conclusions=[EX + "c"],
        actors={"Ann": "host", "Bob": "guest"},
    )
    statement(G, "c", "Recommendation", main=True, speakers=("Ann",))
    statement(
        G,
        "p",
        "Evidence",
        speakers=("Bob",),
        mentions=("NATO",),
        quotes=("the forecast says rain",),
        spans=((10, 32),),
    )
    statement(G, "pp", "Claim", implicit=True)
    statement(G, "u", "Proposal")
    statement(G, "q1", "Claim")
    statement(G, "q2", "Claim", implicit=True)
    statement(G, "a", "Prediction")
    statement(G, "x", "Statement")
    statement(G, "y", "Claim")
    infer(
        G,
        "i1",
        ["p"],
        "c",
        scheme=EX + "FromSign",
        scheme_label="argument from sign",
        questions=("Is the sign reliable?",),
    )
    infer(G, "i2", ["pp"], "p")
    infer(G, "i3", ["q1", "q2"], "c", scheme=EX + "FromConsequences")
    infer(G, "i4", ["x"], "y")
    conflict(G, "k1", "a", "p")
    conflict(G, "k2", "u", "i1")
    return G


def nodes_by_iri(model: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n["iri"]: n for n in model["nodes"] if n["iri"] is not None}


def relations(model: dict[str, Any]) -> set[tuple[str, str, str]]:
    """(from, to, relation) with IRIs (actor names for actors) in place of ids."""
    name = {n["id"]: n["iri"] or n["label"] for n in model["nodes"]}
    return {(name[e["from"]], name[e["to"]], e["relation"]) for e in model["edges"]}


def reversed_copy(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from(reversed(list(G.nodes(data=True))))
    H.add_edges_from(reversed(list(G.edges(data=True))))
    return H


class Scripts(HTMLParser):
    """The script elements of a page, (attributes, text), as an HTML tokenizer sees them."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=False)
        self.found: list[tuple[dict[str, str | None], str]] = []
        self._open: dict[str, str | None] | None = None
        self._text: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._open, self._text = dict(attrs), []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.found.append((self._open, "".join(self._text)))
            self._open = None


def embedded(page: str) -> Any:
    """The page model, read from the page as the browser would find it."""
    found = [text for attrs, text in Scripts(page).found if attrs.get("id") == "argmap-data"]
    assert len(found) == 1, "expected one argmap-data block"
    (attrs,) = [a for a, _ in Scripts(page).found if a.get("id") == "argmap-data"]
    assert attrs.get("type") == "application/json"
    return json.loads(found[0])


# --- the page model: structure ------------------------------------------------------


def test_nodes_and_edges_of_a_small_map() -> None:
    model = page_model(small_map())
    types = [n["type"] for n in model["nodes"]]
    assert types.count("statement") == 9
    assert types.count("junction") == 2  # i3 (linked) and i1 (undercut)
    assert types.count("actor") == 3  # Ann, Bob (speakers), NATO (mentioned)
    assert len(model["edges"]) == 12
    assert model["title"] == "Umbrellas"
    assert model["source"] is None
    assert model["large"] is False
    # Every node carries every field, so the page never meets a missing key.
    keys = {frozenset(n) for n in model["nodes"]}
    assert len(keys) == 1
    assert {frozenset(e) for e in model["edges"]} == {
        frozenset({"id", "from", "to", "relation", "inference", "scheme", "status", "route"})
    }


def test_linked_and_undercut_inferences_become_junctions() -> None:
    model = page_model(small_map())
    found = relations(model)
    # Linked: each premise into the junction, the junction into the conclusion.
    assert (EX + "q1", EX + "i3", "premise") in found
    assert (EX + "q2", EX + "i3", "premise") in found
    assert (EX + "i3", EX + "c", "support") in found
    # Undercut: a junction even with one premise, and the undercut points at it.
    assert (EX + "p", EX + "i1", "premise") in found
    assert (EX + "i1", EX + "c", "support") in found
    assert (EX + "u", EX + "i1", "undercut") in found
    assert (EX + "p", EX + "c", "support") not in found
    # Single premise, not undercut: one support edge, no junction.
    assert (EX + "pp", EX + "p", "support") in found
    assert EX + "i2" not in nodes_by_iri(model)
    # Rebuttal: attacker to the statement.
    assert (EX + "a", EX + "p", "attack") in found
    junction = nodes_by_iri(model)[EX + "i3"]
    assert junction["type"] == "junction"
    assert junction["inference"] == EX + "i3"
    assert junction["kind"] is None


def test_support_edges_carry_their_inference_and_scheme() -> None:
    model = page_model(small_map())
    ids = {n["iri"]: n["id"] for n in model["nodes"] if n["iri"]}
    by_ends = {(e["from"], e["to"]): e for e in model["edges"]}
    direct = by_ends[ids[EX + "pp"], ids[EX + "p"]]
    assert direct["inference"] == EX + "i2"
    assert direct["scheme"] is None
    junction_out = by_ends[ids[EX + "i1"], ids[EX + "c"]]
    assert junction_out["inference"] == EX + "i1"
    assert junction_out["scheme"] == {
        "label": "argument from sign",
        "questions": ["Is the sign reliable?"],
    }
    assert nodes_by_iri(model)[EX + "i1"]["scheme"] == junction_out["scheme"]
    # A scheme without a label is named by its IRI's local name.
    assert nodes_by_iri(model)[EX + "i3"]["scheme"] == {
        "label": "FromConsequences",
        "questions": [],
    }
    undercut = by_ends[ids[EX + "u"], ids[EX + "i1"]]
    assert undercut["inference"] == EX + "i1"
    attack = by_ends[ids[EX + "a"], ids[EX + "p"]]
    assert (attack["inference"], attack["scheme"], attack["status"]) == (None, None, None)


def test_actors_speak_and_are_mentioned() -> None:
    model = page_model(small_map())
    actors = {n["label"]: n for n in model["nodes"] if n["type"] == "actor"}
    assert sorted(actors) == ["Ann", "Bob", "NATO"]
    assert actors["Ann"]["role"] == "host"
    assert actors["NATO"]["role"] is None  # mentioned, no role given
    assert all(a["iri"] is None and a["hidden"] is False for a in actors.values())
    found = relations(model)
    assert ("Ann", EX + "c", "said") in found
    assert ("Bob", EX + "p", "said") in found
    assert (EX + "p", "NATO", "mentions") in found
    p = nodes_by_iri(model)[EX + "p"]
    assert (p["speakers"], p["mentions"]) == (["Bob"], ["NATO"])


def test_actors_stand_in_a_column_left_of_the_map() -> None:
    model = page_model(small_map())
    actors = [n for n in model["nodes"] if n["type"] == "actor"]
    placed = [n for n in model["nodes"] if n["type"] != "actor"]
    assert len({a["x"] for a in actors}) == 1
    assert actors[0]["x"] + model_module.NODE_WIDTH < min(n["x"] for n in placed)
    ys = [a["y"] for a in actors]
    assert ys == sorted(ys) and len(set(ys)) == len(ys)


def test_quotes_come_with_their_offsets() -> None:
    G = small_map()
    # Two quotes, one without offsets: the view lists that one first.
    statement(G, "z", quotes=("somewhere", "the forecast"), spans=((10, 22),))
    found = nodes_by_iri(page_model(G))
    assert found[EX + "p"]["quotes"] == [
        {"exact": "the forecast says rain", "start": 10, "end": 32}
    ]
    assert found[EX + "z"]["quotes"] == [
        {"exact": "somewhere", "start": None, "end": None},
        {"exact": "the forecast", "start": 10, "end": 22},
    ]
    assert found[EX + "c"]["quotes"] == []


def test_statuses_and_strengths_are_copied() -> None:
    G = small_map()
    statuses = {
        name: {
            EX + "c": "in",
            EX + "p": "out" if name == "grounded" else "undec",
            EX + "i1": "out",
            EX + "i2": "in",
        }
        for name in ("stable", "grounded")
    }
    strength = {EX + "c": 0.98404, EX + "i1": 0.25, EX + "i2": 1 / 3}
    model = page_model(G, statuses=statuses, strength=strength, semantics="stable")
    assert model["semantics"] == ["grounded", "stable"]  # the page's order
    assert model["defaultSemantics"] == "stable"
    found = nodes_by_iri(model)
    assert found[EX + "c"]["status"] == {"grounded": "in", "stable": "in"}
    assert found[EX + "p"]["status"] == {"grounded": "out", "stable": "undec"}
    assert found[EX + "i1"]["status"] == {"grounded": "out", "stable": "out"}
    assert found[EX + "a"]["status"] == {"grounded": None, "stable": None}
    assert found[EX + "c"]["strength"] == 0.984
    assert found[EX + "i1"]["strength"] == 0.25
    assert found[EX + "a"]["strength"] is None
    ids = {n["iri"]: n["id"] for n in model["nodes"] if n["iri"]}
    direct = next(e for e in model["edges"] if e["from"] == ids[EX + "pp"])
    assert direct["status"] == {"grounded": "in", "stable": "in"}  # i2's status


def test_without_statuses_the_page_offers_no_semantics() -> None:
    model = page_model(small_map())
    assert model["semantics"] == []
    assert model["defaultSemantics"] == "grounded"
    assert all(n["status"] == {} for n in model["nodes"])


def test_the_page_offers_the_semantics_of_the_assessment() -> None:
    assert model_module.SEMANTICS == SEMANTICS
    assert tuple(sorted(KINDS)) == model_module.KINDS


def test_the_source_document_goes_along() -> None:
    model = page_model(small_map(), source=SourceDocument("A dialogue", "It will rain."))
    assert model["source"] == {"title": "A dialogue", "text": "It will rain."}
    untitled = page_model(small_map(), source=SourceDocument(None, "x"))
    assert untitled["source"] == {"title": None, "text": "x"}


def test_ids_are_short_sorted_and_deterministic() -> None:
    G = small_map()
    model = page_model(G)
    assert model == page_model(reversed_copy(G))
    ids = [n["id"] for n in model["nodes"]]
    assert ids == [f"n{i}" for i in range(len(ids))]
    assert [e["id"] for e in model["edges"]] == [f"e{i}" for i in range(len(model["edges"]))]
    # Statements by IRI, then junctions by inference IRI, then actors by name.
    kinds = [(n["type"], n["iri"] or n["label"]) for n in model["nodes"]]
    order = {"statement": 0, "junction": 1, "actor": 2}
    assert kinds == sorted(kinds, key=lambda k: (order[k[0]], k[1]))
    text = json.dumps(model)
    assert all(e["from"] in ids and e["to"] in ids for e in model["edges"])
    assert f'"from": "{EX}' not in text and f'"parent": "{EX}' not in text


def test_parents_form_the_layout_tree() -> None:
    model = page_model(small_map())
    found = nodes_by_iri(model)
    ids = {iri: n["id"] for iri, n in found.items()}
    assert found[EX + "c"]["parent"] is None
    assert found[EX + "i1"]["parent"] == ids[EX + "c"]
    assert found[EX + "p"]["parent"] == ids[EX + "i1"]  # a premise hangs under its junction
    assert found[EX + "pp"]["parent"] == ids[EX + "p"]
    assert found[EX + "a"]["parent"] == ids[EX + "p"]  # an objection under what it attacks
    assert found[EX + "u"]["parent"] == ids[EX + "i1"]


# --- errors -------------------------------------------------------------------------


def test_unknown_kind_names_the_node() -> None:
    G = small_map()
    statement(G, "z", "Opinion")
    with pytest.raises(ArgmapError, match="unknown statement kind 'Opinion'") as info:
        page_model(G)
    assert info.value.node == EX + "z"


def test_a_statement_graph_is_refused() -> None:
    G = nx.DiGraph(main_conclusions=[EX + "c"])
    G.add_node(EX + "c", kind="Claim")
    with pytest.raises(ArgmapError, match=r"unknown node type None.*argument_graph"):
        page_model(G)


def test_unknown_edge_role_is_an_error() -> None:
    G = small_map()
    G.add_edge(EX + "x", EX + "c", role="supports")
    with pytest.raises(ArgmapError, match="unknown edge role 'supports'") as info:
        page_model(G)
    assert info.value.node == EX + "x"


def test_missing_main_conclusion_is_an_error() -> None:
    G = small_map()
    G.graph["main_conclusions"] = [EX + "nowhere"]
    with pytest.raises(ArgmapError, match="main conclusion") as info:
        page_model(G)
    assert info.value.node == EX + "nowhere"


def test_unknown_status_and_semantics_are_errors() -> None:
    G = small_map()
    with pytest.raises(ArgmapError, match="unknown status 'IN'"):
        page_model(G, statuses={"grounded": {EX + "c": "IN"}})
    with pytest.raises(ArgmapError, match=r"open with semantics 'stable'.*for grounded"):
        page_model(G, statuses={"grounded": {}}, semantics="stable")
    with pytest.raises(ArgmapError, match="not a finite number"):
        page_model(G, strength={EX + "c": float("nan")})


# --- layout -------------------------------------------------------------------------
#
# The map is laid out by Graphviz dot where it is installed (CI installs it), else by
# the fallback placement. Both are tested: the fallback with ARGMAP_DOT pointing at
# nothing.

NO_DOT = "Graphviz dot is not installed (apt-get install graphviz)"


def need_dot() -> None:
    if model_module.dot_engine() is None:
        if __import__("os").environ.get("CI") == "true":
            pytest.fail(NO_DOT)
        pytest.skip(NO_DOT)


@contextmanager
def fallback_layout() -> Iterator[None]:
    """The fallback placement, as where dot is missing."""
    saved = os.environ.get("ARGMAP_DOT")
    os.environ["ARGMAP_DOT"] = "/nonexistent/dot"
    try:
        yield
    finally:
        if saved is None:
            del os.environ["ARGMAP_DOT"]
        else:
            os.environ["ARGMAP_DOT"] = saved


Box = tuple[float, float, float, float]


def estimated_boxes(G: nx.MultiDiGraph) -> dict[str, Box]:
    """(left, top, right, bottom) of every statement and junction, as the layout sees it."""
    layout = model_module._layout(model_module._structure(G))
    boxes: dict[str, Box] = {}
    for node, (x, y) in positions(G).items():
        size = layout.boxes[node]
        boxes[node] = (x - size.width / 2, y - size.up, x + size.width / 2, y + size.down)
    return boxes


def overlapping(boxes: dict[str, Box]) -> list[tuple[str, str]]:
    return [
        (a, b)
        for a, b in itertools.combinations(sorted(boxes), 2)
        if boxes[a][0] < boxes[b][2]
        and boxes[b][0] < boxes[a][2]
        and boxes[a][1] < boxes[b][3]
        and boxes[b][1] < boxes[a][3]
    ]


def arguments(G: nx.MultiDiGraph) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(reason, target) pairs drawn downwards (supports, premises) and beside (objections)."""
    down: list[tuple[str, str]] = []
    beside: list[tuple[str, str]] = []
    junctions = set(positions(G)) - {n for n, t in G.nodes(data="type") if t == "statement"}
    for i, kind in G.nodes(data="type"):
        if kind == "inference":
            (c,) = G.successors(i)
            premises = [p for p, _, role in G.in_edges(i, data="role") if role == "premise"]
            if i in junctions:
                down.append((i, c))
                down.extend((p, i) for p in premises)
            else:
                down.extend((p, c) for p in premises)
        elif kind == "conflict":
            beside.extend(itertools.product(G.predecessors(i), G.successors(i)))
    return down, beside


def check_layout(G: nx.MultiDiGraph, *, tree: bool) -> dict[str, tuple[float, float]]:
    """What every layout must do; ``tree``: every statement argues for one other."""
    at = positions(G)
    assert positions(reversed_copy(G)) == at
    level = levels(G)
    main = set(G.graph["main_conclusions"])
    for m in main:
        assert at[m][1] == min(y for _, y in at.values())
    down, beside = arguments(G)
    for reason, target in down:
        if tree or level[reason] > level[target]:
            assert at[reason][1] > at[target][1], (reason, target)
    if tree:
        for objection, target in beside:
            assert level[objection] == level[target], (objection, target)
            if G.nodes[target]["type"] == "statement":
                assert at[objection][1] == at[target][1], (objection, target)
                assert at[objection][0] > at[target][0], (objection, target)
    assert overlapping(estimated_boxes(G)) == []
    return at


def test_fallback_small_map_layout() -> None:
    with fallback_layout():
        G = small_map()
        at = check_layout(G, tree=False)
        level = levels(G)
        assert at[EX + "c"] == (0.0, 0.0)
        assert level[EX + "c"] == 0
        assert level[EX + "p"] == level[EX + "q1"] == level[EX + "i1"] == level[EX + "i3"] == 1
        assert level[EX + "pp"] == 2
        # Not reachable from the main conclusion: after the deepest level.
        assert level[EX + "y"] == 3 and level[EX + "x"] == 4
        # A junction is drawn between its conclusion and its premises, amid the premises.
        for j, premises in ((EX + "i3", ["q1", "q2"]), (EX + "i1", ["p"])):
            assert at[EX + "c"][1] < at[j][1] < min(at[EX + p][1] for p in premises)
            xs = [at[EX + p][0] for p in premises]
            assert min(xs) <= at[j][0] <= max(xs)


def test_fallback_objections_stand_beside_what_they_attack() -> None:
    with fallback_layout():
        G = small_map()
        at = positions(G)
        level = levels(G)
        boxes = estimated_boxes(G)
        # A rebuttal: on its target's level and row, right next to it, not a level down.
        a, p = EX + "a", EX + "p"
        assert level[a] == level[p]
        assert at[a][1] == at[p][1]
        assert at[a][0] - at[p][0] >= model_module.NODE_WIDTH
        assert boxes[a][0] >= boxes[p][2]  # no overlap, and nothing between
        between = [n for n, b in boxes.items() if n not in (a, p) and at[n][1] == at[p][1]]
        assert not [n for n in between if at[p][0] < at[n][0] < at[a][0]]
        # An undercut: on the level of the junction it attacks, beside its premises.
        u = EX + "u"
        assert level[u] == level[EX + "i1"] == level[p]
        assert at[u][0] > at[p][0]


def test_fallback_objections_of_the_main_conclusion_share_its_row() -> None:
    with fallback_layout():
        G = nx.MultiDiGraph(main_conclusions=[EX + "c"])
        statement(G, "c", main=True)
        for name in ("a", "b"):
            statement(G, name)
            conflict(G, f"k{name}", name, "c")
        statement(G, "r")
        conflict(G, "kr", "r", "a")  # an objection to an objection
        statement(G, "s")
        infer(G, "i", ["s"], "c")
        at = check_layout(G, tree=True)
        assert at[EX + "c"] == (0.0, 0.0)
        assert at[EX + "a"][1] == at[EX + "b"][1] == at[EX + "r"][1] == 0.0
        assert 0 < at[EX + "a"][0] < at[EX + "r"][0] < at[EX + "b"][0]
        assert at[EX + "s"][1] > 0


def test_fallback_a_new_statement_leaves_the_rest_in_place() -> None:
    with fallback_layout():
        G = nx.MultiDiGraph(main_conclusions=[EX + "c"])
        statement(G, "c", main=True)
        for parent in "abde":
            statement(G, parent, "Evidence")
            infer(G, f"i{parent}", [parent], "c")
            for i in (1, 2):
                statement(G, f"{parent}{i}")
                infer(G, f"i{parent}{i}", [f"{parent}{i}"], parent)
        statement(G, "e1x", "Prediction")
        conflict(G, "ke1x", "e1x", "e1")
        statement(G, "w1")
        statement(G, "w2")
        infer(G, "iw", ["w1", "w2"], "b")
        before = check_layout(G, tree=True)
        statement(G, "a3")
        infer(G, "ia3", ["a3"], "a")
        after = check_layout(G, tree=True)
        moved = {n.removeprefix(EX) for n in before if after[n] != before[n]}
        # The newcomer may push its neighbours on its level, not the subtrees further away.
        assert moved <= {"a1", "a2", "b1", "b2", "w1", "w2", "iw"}
        assert after[EX + "a3"][1] > after[EX + "a"][1]
        # Where its level has room, it moves nothing at all.
        statement(G, "e1y")
        infer(G, "ie1y", ["e1y"], "e1")
        assert {n: p for n, p in positions(G).items() if n != EX + "e1y"} == after


def test_fallback_a_new_reason_moves_no_other_statement_of_the_nato_map(nato: MapStore) -> None:
    with fallback_layout():
        G = argument_graph(nato)
        before = positions(G)
        target = next(n for n in G if n.endswith("#british-officer-warning"))
        new = target.replace("british-officer-warning", "second-officer")
        G.add_node(new, type="statement", kind="Evidence", label="A second officer agrees")
        G.add_node(new + "-inf", type="inference")
        G.add_edge(new, new + "-inf", role="premise")
        G.add_edge(new + "-inf", target, role="conclusion")
        after = positions(G)
        assert {n: after[n] for n in before} == before
        assert after[new][1] > after[target][1]


def test_fallback_nato_layout(nato: MapStore) -> None:
    with fallback_layout():
        G = argument_graph(nato)
        at = check_layout(G, tree=False)
        level = levels(G)
        assert list(at) == sorted(at)
        assert all(isinstance(v, float) for xy in at.values() for v in xy)
        # Its first level has many reasons: too many for one row, so they wrap into rows.
        first = [n for n in at if level[n] == 1 and G.nodes[n]["type"] == "statement"]
        assert len(first) > 7
        assert len({at[n][1] for n in first}) > 1


def test_fallback_a_wide_level_wraps_into_staggered_rows() -> None:
    with fallback_layout():

        def fan(reasons: int) -> nx.MultiDiGraph:
            G = nx.MultiDiGraph(main_conclusions=[EX + "c"])
            statement(G, "c", main=True, label="The conclusion everything here is about")
            for i in range(reasons):
                statement(G, f"r{i:02d}", "Claim", label=f"Reason {i}, of the usual length")
                infer(G, f"i{i:02d}", [f"r{i:02d}"], "c")
            return G

        G = fan(20)
        at = check_layout(G, tree=True)
        reasons = {n: xy for n, xy in at.items() if n != EX + "c"}
        rows = sorted({y for _, y in reasons.values()})
        assert 2 <= len(rows) <= 4
        # Staggered: no two rows share a column, so edges from above pass between.
        columns = [{x for x, y in reasons.values() if y == row} for row in rows]
        assert all(not a & b for a, b in itertools.combinations(columns, 2))
        # In a wrapped level too, an objection stands in its target's row, right beside it.
        statement(G, "x05", "Prediction")
        conflict(G, "k05", "x05", "r05")
        at = check_layout(G, tree=True)
        (r05x, r05y), (x05x, x05y) = at[EX + "r05"], at[EX + "x05"]
        assert x05y == r05y
        assert x05x - r05x >= model_module.NODE_WIDTH
        assert not [n for n, (x, y) in at.items() if y == r05y and r05x < x < x05x]
        # A level that fits in one row stays one row; a huge one has four rows at most.
        assert len({y for n, (_, y) in positions(fan(6)).items() if n != EX + "c"}) == 1
        assert len({y for n, (_, y) in positions(fan(200)).items() if n != EX + "c"}) == 4


WORDS = ["NATO", "will", "not", "intervene", "but", "assist", "Ukraine", "a", "of", "the"]
WORDS += ["sanctions", "no-fly", "zone", "internationalisation", "Biden:", "wider", "war"]


@st.composite
def argument_trees(draw: st.DrawFn) -> nx.MultiDiGraph:
    """A main conclusion and up to 30 statements, each arguing for or against one before."""
    G = nx.MultiDiGraph(main_conclusions=[EX + "s00"])
    inferences: list[str] = []
    for i in range(draw(st.integers(1, 30))):
        kind = draw(st.sampled_from(KINDS))
        label = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=10)))
        name = f"s{i:02d}"
        statement(G, name, kind, label=label, main=i == 0)
        if not i:
            continue
        target = f"s{draw(st.integers(0, i - 1)):02d}"
        how = draw(st.sampled_from(["support", "linked", "attack", "undercut"]))
        if how == "undercut" and inferences:
            conflict(G, f"k{i:02d}", name, draw(st.sampled_from(inferences)).removeprefix(EX))
        elif how == "attack":
            conflict(G, f"k{i:02d}", name, target)
        else:
            premises = [name]
            if how == "linked":
                statement(G, f"{name}b", "Claim", implicit=True)
                premises.append(f"{name}b")
            inferences.append(infer(G, f"i{i:02d}", premises, target))
    return G


@settings(max_examples=60, deadline=None, database=None)
@given(argument_trees(), st.data())
def test_fallback_layout_of_random_trees(G: nx.MultiDiGraph, data: st.DataObject) -> None:
    with fallback_layout():
        before = check_layout(G, tree=True)
        # A new leaf moves nothing on the levels above its own.
        statements = sorted(n for n, t in G.nodes(data="type") if t == "statement")
        target = data.draw(st.sampled_from(statements)).removeprefix(EX)
        statement(G, "new", "Claim", label="A new reason")
        if data.draw(st.booleans()):
            infer(G, "inew", ["new"], target)
        else:
            conflict(G, "knew", "new", target)
        after = positions(G)
        level = levels(G)
        above = [n for n in before if level[n] < level[EX + "new"]]
        assert {n: after[n] for n in above} == {n: before[n] for n in above}


@settings(max_examples=60, deadline=None, database=None)
@given(argument_trees(), st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29))))
def test_fallback_layout_of_random_graphs(G: nx.MultiDiGraph, extra: list[tuple[int, int]]) -> None:
    with fallback_layout():
        # Objections across and up the tree, cycles, and statements cut off from the main one.
        for n, (u, v) in enumerate(extra):
            if u != v and EX + f"s{u:02d}" in G and EX + f"s{v:02d}" in G:
                conflict(G, f"x{n}", f"s{u:02d}", f"s{v:02d}")
        for i in [n for n in G.predecessors(EX + "s00") if G.nodes[n]["type"] == "inference"][:1]:
            G.remove_node(i)
        check_layout(G, tree=False)


def sampled_route(flat: list[float], steps: int = 8) -> list[tuple[float, float]]:
    """A route of the page model (a cubic Bézier spline, flattened) as a polyline."""
    pts = list(zip(flat[::2], flat[1::2], strict=True))
    out = [pts[0]]
    for k in range(0, len(pts) - 3, 3):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts[k : k + 4]
        for i in range(1, steps + 1):
            t = i / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
            out.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return out


def crosses_box(p: tuple[float, float], q: tuple[float, float], box: Box) -> bool:
    """Whether segment pq passes over ``box`` shrunk by 2 px (Liang-Barsky clipping)."""
    left, top, right, bottom = box[0] + 2, box[1] + 2, box[2] - 2, box[3] - 2
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for edge_p, edge_q in (
        (-dx, p[0] - left),
        (dx, right - p[0]),
        (-dy, p[1] - top),
        (dy, bottom - p[1]),
    ):
        if edge_p == 0:
            if edge_q < 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def near(p: tuple[float, float], box: Box, within: float = 3.0) -> bool:
    """Whether ``p`` is on the border of ``box``, give or take ``within`` px."""
    dx = max(box[0] - p[0], 0.0, p[0] - box[2])
    dy = max(box[1] - p[1], 0.0, p[1] - box[3])
    inside = box[0] < p[0] < box[2] and box[1] < p[1] < box[3]
    gap = min(p[0] - box[0], box[2] - p[0], p[1] - box[1], box[3] - p[1]) if inside else 0.0
    return math.hypot(dx, dy) <= within and gap <= within


def page_boxes(model: dict[str, Any], at: dict[str, Any] | None = None) -> dict[str, Box]:
    """(left, top, right, bottom) of every statement and junction of a page model."""
    boxes: dict[str, Box] = {}
    for n in model["nodes"]:
        if n["type"] == "actor" or (at is not None and n["id"] not in at):
            continue
        x, y = at[n["id"]] if at is not None else (n["x"], n["y"])
        boxes[n["id"]] = (x - n["w"] / 2, y - n["h"] / 2, x + n["w"] / 2, y + n["h"] / 2)
    return boxes


def check_layered(G: nx.MultiDiGraph, *, tree: bool) -> dict[str, Any]:
    """What dot's layout must give: conclusions on top, reasons and objections below,
    no boxes overlapping, no route over a box, the same whatever the input order."""
    need_dot()
    model = page_model(G)
    assert model["layout"] == "dot"
    assert positions(reversed_copy(G)) == positions(G)
    views = [(model["nodes"], None, {e["id"]: e["route"] for e in model["edges"]})]
    views += [(model["nodes"], v["at"], v["routes"]) for v in model["views"]]
    by_id = {n["id"]: n for n in model["nodes"]}
    for nodes, at, routes in views:
        boxes = page_boxes(model, at)
        assert overlapping(boxes) == []
        centre = {k: ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for k, b in boxes.items()}
        mains = [n["id"] for n in nodes if n["main"] and n["id"] in boxes]
        for m in mains:
            assert centre[m][1] == min(y for _, y in centre.values())
        for e in model["edges"]:
            if e["from"] not in boxes or e["to"] not in boxes:
                continue
            route = routes.get(e["id"])
            assert route, e
            line = sampled_route(route)
            # From the source's border to the target's.
            assert near(line[0], boxes[e["from"]]) and near(line[-1], boxes[e["to"]]), e
            others = [b for k, b in boxes.items() if k not in (e["from"], e["to"])]
            over = [b for b in others for p, q in itertools.pairwise(line) if crosses_box(p, q, b)]
            assert over == [], (e, over)
            if tree:
                assert centre[e["from"]][1] > centre[e["to"]][1], e
        if at is not None:
            depth = max(by_id[k]["depth"] for k in at)
            assert set(at) == {
                n["id"] for n in nodes if n["type"] != "actor" and n["depth"] <= depth
            }
    return model


def test_dot_lays_out_the_small_map() -> None:
    G = small_map()
    model = check_layered(G, tree=False)
    main = next(n for n in model["nodes"] if n["main"])
    assert (main["x"], main["y"]) == (0.0, 0.0)
    # Every statement is a card of the page's geometry, a main conclusion wider.
    g = model["geometry"]
    cards = [n for n in model["nodes"] if n["type"] == "statement"]
    assert {n["w"] for n in cards if not n["main"]} == {g["cardWidth"]}
    assert main["w"] == g["mainCardWidth"] > g["cardWidth"]
    assert all(n["h"] >= g["band"] + 2 * g["padding"] + g["line"] for n in cards)


def test_dot_hangs_objections_below_what_they_attack() -> None:
    need_dot()
    G = small_map()
    at = positions(G)
    assert at[EX + "a"][1] > at[EX + "p"][1]  # a rebuttal of p
    assert at[EX + "u"][1] > at[EX + "i1"][1]  # an undercut of i1's junction


def test_dot_centres_a_conclusion_over_its_many_reasons() -> None:
    G = nx.MultiDiGraph(main_conclusions=[EX + "c"])
    statement(G, "c", main=True, label="The conclusion everything here is about")
    for i in range(20):
        statement(G, f"r{i:02d}", "Claim", label=f"Reason {i}, of the usual length")
        infer(G, f"i{i:02d}", [f"r{i:02d}"], "c")
    model = check_layered(G, tree=True)
    reasons = [n for n in model["nodes"] if n["type"] == "statement" and not n["main"]]
    assert len({n["y"] for n in reasons}) == 1
    xs = sorted(n["x"] for n in reasons)
    assert abs((xs[0] + xs[-1]) / 2) <= model["geometry"]["cardWidth"] / 2
    # Side by side, as close as the gap allows.
    assert all(b - a == model["geometry"]["cardWidth"] + 28 for a, b in itertools.pairwise(xs))


def test_dot_keeps_the_main_piece_when_another_piece_changes(nato: MapStore) -> None:
    need_dot()
    G = argument_graph(nato)
    before = positions(G)
    G.add_node(EX + "island", type="statement", kind="Claim", label="A statement on its own")
    after = positions(G)
    main = set(model_module._under_main(model_module._structure(G)))
    assert {n: after[n] for n in main} == {n: before[n] for n in main}


def test_dot_lays_out_the_nato_map(nato: MapStore) -> None:
    G = argument_graph(nato)
    model = check_layered(G, tree=False)
    # The first view can fold the map to its top level: a layout cut below level 1
    # (the map is two levels deep below its main conclusion's reasons).
    assert [v["depth"] for v in model["views"]] == [1]
    assert len(model["views"][0]["at"]) < len([n for n in model["nodes"] if n["type"] != "actor"])


@settings(max_examples=30, deadline=None, database=None)
@given(argument_trees())
def test_dot_layout_of_random_trees(G: nx.MultiDiGraph) -> None:
    check_layered(G, tree=True)


@settings(max_examples=30, deadline=None, database=None)
@given(argument_trees(), st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29))))
def test_dot_layout_of_random_graphs(G: nx.MultiDiGraph, extra: list[tuple[int, int]]) -> None:
    for n, (u, v) in enumerate(extra):
        if u != v and EX + f"s{u:02d}" in G and EX + f"s{v:02d}" in G:
            conflict(G, f"x{n}", f"s{u:02d}", f"s{v:02d}")
    for i in [n for n in G.predecessors(EX + "s00") if G.nodes[n]["type"] == "inference"][:1]:
        G.remove_node(i)
    check_layered(G, tree=False)


# --- large maps ---------------------------------------------------------------------


def test_a_large_map_opens_collapsed_to_its_top_levels() -> None:
    G = small_map()
    whole = page_model(G)
    assert whole["large"] is False
    assert not any(n["hidden"] for n in whole["nodes"])
    collapsed = page_model(G, collapse_above=8)  # 9 statements
    assert collapsed["large"] is True
    hidden = {n["iri"] or n["label"] for n in collapsed["nodes"] if n["hidden"]}
    assert hidden == {EX + "pp", EX + "x", EX + "y"}  # levels 2, 3 and 4
    assert all(
        n["level"] < 2 for n in collapsed["nodes"] if n["level"] is not None and not n["hidden"]
    )
    # Only the flags change: the layout is the same, so expanding moves nothing.
    assert [{**n, "hidden": False} for n in collapsed["nodes"]] == whole["nodes"]


def test_a_map_over_the_page_limit_carries_its_top_levels_only() -> None:
    G = small_map()
    whole = page_model(G)
    cut = page_model(G, page_limit=8, below={"command": "argmap render m.ttl", "link": None})
    kept = {n["iri"] for n in cut["nodes"] if n["type"] != "actor"}
    assert kept == {n["iri"] for n in whole["nodes"] if n["level"] is not None and n["level"] < 2}
    assert {EX + "pp", EX + "x", EX + "y"}.isdisjoint(kept)
    assert cut["partial"] == {
        "statements": 9,
        "shown": 6,
        "elsewhere": 2,  # x and y hang under nothing in the page
        "command": "argmap render m.ttl",
        "link": None,
    }
    counts = {n["iri"]: n["cut"] for n in cut["nodes"] if n["cut"]}
    assert counts == {EX + "p": 1}  # pp, its reason
    ids = {n["id"] for n in cut["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in cut["edges"])
    relations = {(e["relation"], e["inference"]) for e in cut["edges"]}
    assert ("support", EX + "i2") not in relations  # pp's support of p is below the cut
    assert {("undercut", EX + "i1"), ("attack", None)} <= relations
    # the actors of what is kept, and no others
    actors = {n["label"] for n in cut["nodes"] if n["type"] == "actor"}
    assert actors == {"Ann", "Bob", "NATO"}
    assert whole["partial"] is None and all(n["cut"] == 0 for n in whole["nodes"])


def test_the_page_of_what_hangs_below_one_statement() -> None:
    G = small_map()
    below_p = page_model(G, root=EX + "p")
    shown = {n["iri"] for n in below_p["nodes"] if n["type"] != "actor"}
    # p's reason and its objection, not what p supports, nor what undercuts that
    assert shown == {EX + "p", EX + "pp", EX + "a"}
    assert below_p["root"] == {"iri": EX + "p", "label": G.nodes[EX + "p"]["label"]}
    top = next(n for n in below_p["nodes"] if n["iri"] == EX + "p")
    assert top["level"] == 0 and top["parent"] is None and not top["main"]
    assert page_model(G, root=EX + "c")["partial"] is None
    with pytest.raises(ArgmapError, match="no such statement"):
        page_model(G, root=EX + "i1")  # an inference
    with pytest.raises(ArgmapError, match="no such statement"):
        page_model(G, root=EX + "nowhere")


def test_a_map_of_5000_statements(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    try:
        from generate import write_map
    finally:
        sys.path.pop(0)
    from graph.pipeline import open_map

    path = tmp_path / "m.ttl"
    write_map(path, 70_000, 0)
    store = open_map(path)
    G = argument_graph(store)
    result = assess(store)
    statements = sum(1 for _, t in G.nodes(data="type") if t == "statement")
    assert statements > 4_000
    assert statements > PAGE_LIMIT
    page = render_html(G, statuses=result.statuses, strength=result.strength)
    model = embedded(page)
    # past the page limit, the page holds what the folded page first shows, no more
    folded = page_model(
        G, statuses=result.statuses, strength=result.strength, page_limit=statements
    )
    assert folded["large"] is True and folded["partial"] is None
    assert sum(1 for n in folded["nodes"] if n["type"] == "statement") == statements
    first = {n["iri"] for n in folded["nodes"] if not n["hidden"] and n["type"] != "actor"}
    assert {n["iri"] for n in model["nodes"] if n["type"] != "actor"} == first
    assert 0 < len(first) < 2_000
    partial = model["partial"]
    kept = [n for n in model["nodes"] if n["type"] == "statement"]
    assert partial["statements"] == statements and partial["shown"] == len(kept)
    # every statement is in the page, counted at the cut, or under nothing in it
    assert partial["shown"] + sum(n["cut"] for n in model["nodes"]) + partial["elsewhere"] == (
        statements
    )
    assert 2 * len(json.dumps(model["nodes"])) < len(json.dumps(folded["nodes"]))


# --- the page -----------------------------------------------------------------------


def nasty_map() -> nx.MultiDiGraph:
    """A map whose every text field carries markup that must never run."""
    G = nx.MultiDiGraph(title=IMG_XSS, main_conclusions=[EX + "c"], actors={IMG_XSS: SCRIPT_XSS})
    statement(
        G,
        "c",
        "Claim",
        main=True,
        label=SCRIPT_XSS,
        text=NASTY,
        quotes=(NASTY, IMG_XSS),
        speakers=(IMG_XSS,),
        mentions=(SCRIPT_XSS,),
    )
    statement(G, "p", "Evidence", label=IMG_XSS, text=IMG_XSS)
    statement(G, "q", "Claim", label=NASTY)
    infer(G, "i1", ["p", "q"], "c", scheme_label=SCRIPT_XSS, questions=(IMG_XSS,))
    return G


def test_markup_in_data_is_never_live_yet_round_trips() -> None:
    G = nasty_map()
    source = SourceDocument(SCRIPT_XSS, NASTY)
    page = render_html(G, source=source)
    lowered = page.lower()
    assert "<script>alert" not in lowered
    assert "<img src=x" not in lowered
    assert "\u2028" not in page and "\u2029" not in page
    model = embedded(page)
    assert model == page_model(G, source=source)
    found = nodes_by_iri(model)
    assert found[EX + "c"]["label"] == SCRIPT_XSS
    assert found[EX + "c"]["text"] == NASTY
    assert [q["exact"] for q in found[EX + "c"]["quotes"]] == [NASTY, IMG_XSS]
    assert found[EX + "i1"]["scheme"] == {"label": SCRIPT_XSS, "questions": [IMG_XSS]}
    assert model["source"] == {"title": SCRIPT_XSS, "text": NASTY}
    assert model["title"] == IMG_XSS
    # The title is shown escaped.
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_title_argument_overrides_and_is_escaped() -> None:
    page = render_html(small_map(), title='Q & "A" <b>')
    assert embedded(page)["title"] == 'Q & "A" <b>'
    assert "<title>Q &amp; &#34;A&#34; &lt;b&gt;</title>" in page
    assert '"A" <b>' not in page


def test_the_template_gets_exactly_the_contract(monkeypatch: pytest.MonkeyPatch) -> None:
    import jinja2

    names = ["title", "data_json", "app_js", "app_css", "vis_css", "vis_js"]
    probe = "<!DOCTYPE html>\n" + "\n".join(f"{name}={{{{ {name} }}}}" for name in names)
    monkeypatch.setattr(render_module, "_loader", lambda: jinja2.DictLoader({"map.html": probe}))
    monkeypatch.setattr(
        render_module,
        "_app_asset",
        lambda name: (
            "var end = '</script>';" if name == "map.js" else "a::after{content:'</style>'}"
        ),
    )
    G = nasty_map()
    page = render_html(G, title="<T>")
    lines = dict(line.split("=", 1) for line in page.splitlines()[1:5])
    assert lines["title"] == "&lt;T&gt;"
    assert json.loads(lines["data_json"]) == page_model(G, title="<T>")
    assert lines["data_json"] == render_module.data_json(page_model(G, title="<T>"))
    assert lines["app_js"] == "var end = '<\\/script>';"
    assert lines["app_css"] == "a::after{content:'<\\/style>'}"
    vis_js, vis_css = render_module._vis_assets()
    assert f"vis_css={vis_css}" in page
    assert page.endswith(f"vis_js={vis_js}")


def test_data_json_is_script_safe_and_sorted() -> None:
    text = render_module.data_json({"b": "</script>&\u2028", "a": [1.5, None]})
    assert text == '{"a":[1.5,null],"b":"\\u003c/script\\u003e\\u0026\\u2028"}'
    assert json.loads(text) == {"b": "</script>&\u2028", "a": [1.5, None]}


def test_the_app_script_and_style_are_read_from_static() -> None:
    static = Path(render_module.__file__).parent / "static"
    for name in ("map.js", "map.css"):
        path = static / name
        expected = path.read_text(encoding="utf-8") if path.is_file() else ""
        assert render_module._app_asset(name) == expected
    assert render_module._app_asset("no-such-file.js") == ""


def test_page_references_nothing_remote() -> None:
    page = render_html(small_map(), source=SourceDocument("s", "see https://example.org/"))
    tags = re.findall(
        r"<(?:script|link|img|iframe|embed|object|source|audio|video|a)\b[^>]*>", page, re.I
    )
    remote = [
        t for t in tags if re.search(r"\b(?:src|href|data)\s*=\s*[\"']?\s*(?:https?:)?//", t, re.I)
    ]
    assert remote == []
    assert not re.search(r"<link\b[^>]*\bhref\s*=\s*[\"']?\s*(?:https?:)?//", page, re.I)
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"@import\s+[\"']?(?:url\()?\s*[\"']?(?:https?:)?//", page, re.I)


def test_vis_network_is_inlined_from_pyvis() -> None:
    import importlib.resources

    page = render_html(small_map())
    lib = importlib.resources.files("pyvis") / "lib"
    newest = max(
        (e for e in lib.iterdir() if e.name.startswith("vis-")),
        key=lambda e: tuple(int(p) for p in re.findall(r"\d+", e.name)),
    )
    js = (newest / "vis-network.min.js").read_text(encoding="utf-8")
    css = (newest / "vis-network.css").read_text(encoding="utf-8")
    assert js[: js.index("*/")] in page  # its licence header
    assert js[1000:20000] in page
    assert css[:2000] in page


def test_same_graph_same_bytes_whatever_the_insertion_order() -> None:
    G = small_map()
    statuses = {"grounded": {EX + "c": "in", EX + "i1": "undec"}}
    first = render_html(G, statuses=statuses, strength={EX + "c": 0.5})
    assert first == render_html(G, statuses=statuses, strength={EX + "c": 0.5})
    assert first == render_html(reversed_copy(G), statuses=statuses, strength={EX + "c": 0.5})


def test_the_nato_map_end_to_end(nato: MapStore) -> None:
    from graph.anchors import source_texts

    G = argument_graph(nato)
    result = assess(nato)
    (text,) = source_texts(nato)[0].values()
    page = render_html(
        G,
        statuses=result.statuses,
        strength=result.strength,
        source=SourceDocument("Why NATO did not intervene", text.text),
    )
    model = embedded(page)
    kinds = [n["type"] for n in model["nodes"]]
    assert kinds.count("statement") == 33
    assert kinds.count("junction") >= 1
    assert kinds.count("actor") >= 1
    assert model["semantics"] == list(SEMANTICS)
    assert model["title"] == G.graph["title"]
    main = [n for n in model["nodes"] if n["main"]]
    assert len(main) == 1 and main[0]["level"] == 0
    assert all(main[0]["y"] <= n["y"] for n in model["nodes"] if n["type"] != "actor")
    # Every quote with offsets is found at those offsets in the source text.
    spans = [q for n in model["nodes"] for q in n["quotes"] if q["start"] is not None]
    assert spans
    assert all(text.text[q["start"] : q["end"]] == q["exact"] for q in spans)
    assert all(set(n["status"]) == set(SEMANTICS) for n in model["nodes"] if n["type"] != "actor")


# --- writing ------------------------------------------------------------------------


def test_write_html_writes_the_rendered_page(tmp_path: Path) -> None:
    G = small_map()
    statuses = {"grounded": {EX + "c": "in"}}
    out = write_html(G, tmp_path / "map.html", title="T", statuses=statuses)
    assert out == tmp_path / "map.html"
    assert out.read_text(encoding="utf-8") == render_html(G, title="T", statuses=statuses)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]
    assert out.stat().st_mode & 0o777 == 0o644


def test_write_html_leaves_existing_file_when_rendering_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "map.html"
    target.write_text("previous map", encoding="utf-8")

    def broken(*args: Any, **kwargs: Any) -> str:
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr(render_module, "render_html", broken)
    with pytest.raises(RuntimeError, match="exploded"):
        write_html(small_map(), target)
    assert target.read_text(encoding="utf-8") == "previous map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_write_html_leaves_no_partial_file_when_the_move_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "map.html"
    target.write_text("previous map", encoding="utf-8")

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(render_module.os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_html(small_map(), target)
    assert target.read_text(encoding="utf-8") == "previous map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_write_html_writes_nothing_for_an_invalid_map(tmp_path: Path) -> None:
    G = small_map()
    statement(G, "z", "Opinion")
    with pytest.raises(ArgmapError):
        write_html(G, tmp_path / "map.html")
    assert list(tmp_path.iterdir()) == []


def modules_loaded_by(code: str, modules: set[str]) -> list[str]:
    """Which of ``modules`` a fresh interpreter has imported after running ``code``."""
    probe = f"{code}\nimport sys\nprint(sorted(set({sorted(modules)!r}) & set(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    loaded: list[str] = ast.literal_eval(result.stdout.strip().splitlines()[-1])
    return loaded


def test_importing_the_package_stays_light() -> None:
    code = "import graph.render, graph.render.model, graph.render.html"
    heavy = {"pyvis", "jinja2", "rdflib", "graph.store", "graph.view"}
    assert modules_loaded_by(code, heavy) == []


def test_rendering_a_page_does_not_import_pyvis_or_ipython() -> None:
    # pyvis only ships vis-network; importing it costs IPython (a tenth of a second).
    code = (
        "import networkx as nx\n"
        "from graph.render import render_html\n"
        "G = nx.MultiDiGraph(title='T', main_conclusions=['c'])\n"
        "G.add_node('c', type='statement', kind='Claim', label='C', text='It rains.')\n"
        "page = render_html(G)\n"
        "assert 'vis.Network' in page or 'vis-network' in page, 'no vis-network inlined'"
    )
    assert modules_loaded_by(code, {"pyvis", "IPython"}) == []
