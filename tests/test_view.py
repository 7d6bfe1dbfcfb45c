"""The networkx views built from the store."""

from __future__ import annotations

import networkx as nx

from graph.derive import derive
from graph.pipeline import open_map
from graph.store import MapStore, loads
from graph.view import argument_graph, statement_graph

HEAD = (
    "@prefix am: <https://w3id.org/argmap#> . @prefix ex: <https://example.org/> . "
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . "
    "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
)


def _small() -> MapStore:
    store = loads(
        HEAD
        + """
        ex:c a am:Claim ; rdfs:label "C" ; am:text "The conclusion." .
        ex:p1 a am:Evidence ; rdfs:label "P1" ; am:text "One." ; prov:wasAttributedTo ex:x .
        ex:p2 a am:Claim ; rdfs:label "P2" ; am:text "Two." ; am:implicit true .
        ex:o a am:Claim ; rdfs:label "O" ; am:text "No." .
        ex:u a am:Prediction ; rdfs:label "U" ; am:text "Not a reason." .
        ex:x a am:Actor ; rdfs:label "Ms X" .
        ex:i a am:Inference ; am:premise ex:p1 , ex:p2 ; am:conclusion ex:c ;
            am:scheme am:ArgumentFromSign .
        ex:k1 a am:Conflict ; am:attacker ex:o ; am:target ex:c .
        ex:k2 a am:Conflict ; am:attacker ex:u ; am:target ex:i .
    """
    )
    derive(store)
    return store


def test_statement_graph_has_statements_and_typed_edges() -> None:
    g = statement_graph(_small())
    ex = "https://example.org/"
    assert sorted(g.nodes) == sorted(ex + n for n in ("c", "p1", "p2", "o", "u"))
    assert g.edges[ex + "p1", ex + "c"]["relation"] == "support"
    assert g.edges[ex + "p1", ex + "c"]["linked"] is True
    assert g.edges[ex + "p1", ex + "c"]["scheme"] == "argument from sign"
    assert g.edges[ex + "o", ex + "c"]["relation"] == "attack"
    assert g.edges[ex + "u", ex + "c"]["relation"] == "undercut"
    assert g.edges[ex + "u", ex + "c"]["inference"] == ex + "i"
    assert g.nodes[ex + "p1"]["speakers"] == ("Ms X",)
    assert g.nodes[ex + "p2"]["implicit"] is True
    assert g.nodes[ex + "u"]["kind"] == "Prediction"  # the most specific type wins
    # no am:mainConclusion: the statement others argue about and that argues for nothing
    assert g.graph["main_conclusions"] == [ex + "c"]
    assert g.nodes[ex + "c"]["main"] is True


def test_argument_graph_keeps_inferences_and_conflicts_as_nodes() -> None:
    g = argument_graph(_small())
    ex = "https://example.org/"
    assert isinstance(g, nx.MultiDiGraph)
    assert g.nodes[ex + "i"]["type"] == "inference"
    assert g.nodes[ex + "k2"]["type"] == "conflict"
    roles = {(u, v, d["role"]) for u, v, d in g.edges(data=True)}
    assert (ex + "p1", ex + "i", "premise") in roles
    assert (ex + "i", ex + "c", "conclusion") in roles
    assert (ex + "u", ex + "k2", "attacker") in roles
    assert (ex + "k2", ex + "i", "target") in roles


def test_nato_views_cover_the_whole_map(nato: MapStore) -> None:
    g = statement_graph(nato)
    a = argument_graph(nato)
    statements = [n for n, d in a.nodes(data=True) if d["type"] == "statement"]
    assert g.number_of_nodes() == len(statements)
    assert g.graph["main_conclusions"] == [
        "https://w3id.org/argmap/map/nato-ukraine#nato-will-not-intervene"
    ]
    # every statement is connected to the main conclusion, but for the membership
    # standoff the article reports without arguing from it (tests/test_seed_map.py)
    NU = "https://w3id.org/argmap/map/nato-ukraine#"
    main = nx.node_connected_component(g.to_undirected(), NU + "nato-will-not-intervene")
    assert set(g) - main == {
        NU + n
        for n in (
            "russia-demands-ukraine-stay-out",
            "ukraine-wants-to-join",
            "membership-bid-causes-strife",
            "russia-warns-of-consequences",
            "putin-warned-finland-sweden",
        )
    }
    assert all(d["quotes"] or d["implicit"] for _, d in g.nodes(data=True))


def test_view_of_the_written_output_equals_the_view_of_the_source(tmp_path, nato: MapStore) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "nato.ttl"
    out.write_bytes(nato.serialize())
    (tmp_path / "nato-ukraine.txt").write_text(
        (open_map.__globals__["default_source"]().parent / "nato-ukraine.txt").read_text()
    )
    rebuilt = open_map(out)
    assert nx.utils.graphs_equal(statement_graph(rebuilt), statement_graph(nato))
