"""Reasoning results as triples, and the reason, explain and solve commands."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.assessment import assess, explain, find_statement, record
from graph.errors import ArgmapError
from graph.pipeline import open_map
from graph.reasoning.dung import credulously_accepted, extensions, skeptically_accepted
from graph.sparql import run_query
from graph.store import MapStore, default_source
from graph.vocab import REASONING_GRAPH

NU = "https://w3id.org/argmap/map/nato-ukraine#"
SEED = str(default_source())

#: The NATO map's statements that are out under every semantics, and why (README).
NATO_OUT = {
    "membership-explanation",  # rebutted by the evidence that NATO acts for non-members
    "ukraine-calls-for-no-fly-zone",  # rebutted by NATO's position and its reasons
    "ukraine-seeks-help",  # rebutted by the foreign ministers' rejection
}
#: Undecided under every semantics: the standoff the article reports and leaves open.
NATO_UNDECIDED = {"russia-demands-ukraine-stay-out", "ukraine-wants-to-join"}


def main(*args: str) -> tuple[int, str, str]:
    from graph.cli import main as cli

    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_nato_statuses(nato: MapStore) -> None:
    result = assess(nato)
    for semantics, labels in result.statuses.items():
        statements = {str(s)[len(NU) :]: labels[s] for s in result.statements()}
        assert {s for s, label in statements.items() if label == "out"} == NATO_OUT, semantics
        assert {s for s, label in statements.items() if label == "undec"} == NATO_UNDECIDED
        assert statements["nato-will-not-intervene"] == "in"
    inferences = result.statuses["grounded"]
    assert inferences[NU + "inf-membership-explanation"] == "out"  # undercut
    assert inferences[NU + "inf-escalation"] == "in"
    assert inferences[NU + "rephrase-stance"] == "in"


def test_nato_standoff_has_one_extension_for_each_side(nato: MapStore) -> None:
    """The two positions attack each other and nothing else decides: two preferred
    and two stable extensions, each position credulously but not skeptically
    accepted; everything else is the same in both."""
    af = assess(nato, semantics=("grounded",)).framework
    russia, ukraine = NU + "russia-demands-ukraine-stay-out", NU + "ukraine-wants-to-join"
    for semantics in ("preferred", "stable"):
        found = extensions(af, semantics)
        assert len(found) == 2, semantics
        assert {russia in e for e in found} == {True, False}
        assert all((russia in e) != (ukraine in e) for e in found)
        assert found[0] - {russia, ukraine} == found[1] - {russia, ukraine}
        for position in (russia, ukraine):
            assert credulously_accepted(af, position, semantics)
            assert not skeptically_accepted(af, position, semantics)


def test_nato_strengths_and_findings(nato: MapStore) -> None:
    result = assess(nato, semantics=("grounded",))
    strength = {str(k)[len(NU) :]: v for k, v in result.strength.items()}
    # Independent reasons add up: the stance and the conclusion it restates.
    assert strength["nato-stance"] == pytest.approx(1.0, abs=1e-5)
    assert strength["nato-will-not-intervene"] == pytest.approx(1.0, abs=1e-5)
    # An inference is as strong as its weakest premise: each reason why is bounded
    # by the unstated premise it needs.
    for step, premise in (
        ("inf-afghanistan", "ukraine-like-afghanistan"),
        ("inf-unprepared", "unprepared-alliance-avoids-war"),
        ("inf-unpopular", "governments-avoid-unpopular-action"),
        ("inf-engagement-risk", "no-fly-zone-escalation"),
    ):
        assert strength[step] == pytest.approx(strength[premise]), step
    assert strength["inf-afghanistan"] == pytest.approx(0.4)
    # The recommendation rests on the conclusion and Ukraine's need (0.9): its
    # inference is 0.9, and its own base adds to it.
    assert strength["inf-recommendation"] == pytest.approx(0.9)
    assert strength["needs-advocacy-and-diplomacy"] == pytest.approx(0.95)
    assert strength["ukraine-calls-for-no-fly-zone"] < 0.05
    assert strength["russia-demands-ukraine-stay-out"] == pytest.approx(1 / 3)
    assert strength["ukraine-wants-to-join"] == pytest.approx(1 / 3)
    assert {str(s)[len(NU) :] for s in result.unsupported} == {
        "no-fly-zone-escalation",
        "russia-demands-ukraine-stay-out",
        "russia-warns-of-consequences",
        "ukraine-calls-for-no-fly-zone",
        "ukraine-seeks-help",
        "ukraine-wants-to-join",
    }
    assert result.circular == []
    assert result.critical == {NU + "nato-will-not-intervene": []}


def test_results_are_recorded_in_their_own_graph_and_queryable(write_map) -> None:  # type: ignore[no-untyped-def]
    store = open_map(write_map(), semantics=())
    asserted, derived = store.count(derived=False), store.count(derived=True)
    added = record(store, assess(store))
    assert added > 0
    assert store.count(derived=False) == asserted
    reasoning = ox.NamedNode(REASONING_GRAPH)
    in_graph = list(store.oxigraph.quads_for_pattern(None, None, None, reasoning))
    assert len(in_graph) == added and store.count(derived=True) == derived + added
    rows = run_query(
        store,
        """
        SELECT ?label ?quote ?speaker WHERE {
          ?s am:groundedStatus am:In ; a am:Claim ; rdfs:label ?label ;
             prov:wasAttributedTo/rdfs:label ?speaker ;
             am:anchor/oa:hasSelector/oa:exact ?quote .
        } ORDER BY ?label""",
    ).values()
    assert rows == [("Shops lose", "shops would lose customers", "A. Author")]


def test_small_map_statuses(write_map) -> None:  # type: ignore[no-untyped-def]
    store = open_map(write_map())
    rows = dict(
        run_query(store, "SELECT ?s ?status WHERE { ?s am:groundedStatus ?status }").values()
    )
    ex = "https://example.org/map#"
    # the unanswered objection defeats the claim; its reasons stand
    assert rows[ex + "ban"] == "https://w3id.org/argmap#Out"
    assert rows[ex + "shops"] == "https://w3id.org/argmap#In"
    assert rows[ex + "pollution"] == "https://w3id.org/argmap#In"
    strengths = dict(run_query(store, "SELECT ?s ?v WHERE { ?s am:strength ?v }").values())
    assert 0 <= float(strengths[ex + "ban"]) <= 1  # type: ignore[arg-type]
    unanswered = run_query(store, "SELECT ?k WHERE { ?k a am:UnansweredAttack }").values()
    assert unanswered == [(ex + "conf-shops",)]


def test_find_statement_by_iri_prefixed_or_local_name(nato: MapStore) -> None:
    result = assess(nato, semantics=("grounded",))
    for name in (NU + "ukraine-seeks-help", "nu:ukraine-seeks-help", "ukraine-seeks-help"):
        assert find_statement(result, name, nato.compact) == NU + "ukraine-seeks-help"
    with pytest.raises(ArgmapError, match="did you mean nu:ukraine-seeks-help"):
        find_statement(result, "nu:ukraine-seek-help", nato.compact)


def test_explain_an_out_statement(nato: MapStore) -> None:
    result = assess(nato, semantics=("grounded",))
    text = explain(result, NU + "membership-explanation", compact=nato.compact)
    lines = text.splitlines()
    assert (
        lines[0] == "nu:membership-explanation  Membership explanation: NATO acts only for members"
    )
    # nobody in the article holds it, so nobody "said" it
    assert lines[1] == "  out (grounded) · strength 0.150"
    assert lines[2] == "  (unstated premise)"
    assert "Why out (grounded): it is attacked by what is in" in lines
    i = lines.index("Why out (grounded): it is attacked by what is in")
    assert (
        lines[i + 1]
        == "  - in    nu:nato-helped-non-members  NATO has acted in non-members' issues"
    )
    assert lines[i + 2].strip().startswith('"as we have seen NATO involving')
    assert "(none: no inference concludes it)" in text


def test_explain_cli_in_statement_shows_defenders_and_chain() -> None:
    code, out, err = main("explain", SEED, "nato-stance")
    assert code == 0, err
    assert "Why in (grounded): nothing attacks it" in out
    assert "Reasons (chain of support):" in out
    assert "nu:inf-no-fly-zone-refused (argument from sign) [in]" in out
    assert "nu:inf-escalation (argument from negative consequences) [in]" in out
    assert "(unstated premise)" in out
    code, out, err = main("explain", SEED, "ukraine-calls-for-no-fly-zone")
    assert code == 0, err
    assert "Why out (grounded): it is attacked by what is in" in out
    assert "  - in    nu:nato-opposes-no-fly-zone  NATO opposes a no-fly zone" in out


def test_explain_cli_unknown_statement_is_exit_1() -> None:
    code, _, err = main("explain", SEED, "nope-nope")
    assert code == 1 and "no statement named 'nope-nope'" in err


def test_reason_cli_table_and_json() -> None:
    code, out, _ = main("reason")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "statement",
        "grounded",
        "complete",
        "preferred",
        "stable",
        "strength",
        "label",
    ]
    assert lines[2].split()[:6] == ["nu:nato-will-not-intervene", "in", "in", "in", "in", "1.000"]
    assert "unsupported claims: nu:no-fly-zone-escalation" in out
    code, out, _ = main("reason", "--semantics", "preferred", "--format", "json")
    data = json.loads(out)
    assert data["semantics"] == ["preferred"]
    by_id = {s["id"]: s for s in data["statements"]}
    assert by_id["nu:ukraine-wants-to-join"]["status"] == {"preferred": "undec"}
    assert by_id["nu:ukraine-seeks-help"]["status"] == {"preferred": "out"}
    assert len(by_id) == 33


def test_query_sees_reasoning_results() -> None:
    code, out, _ = main(
        "query", "SELECT (COUNT(?s) AS ?n) WHERE { ?s am:preferredStatus am:Out ; a am:Statement }"
    )
    assert code == 0 and out.splitlines()[2] == "3"


@pytest.mark.parametrize(
    ("task", "arg", "expected"),
    [
        ("EE-PR", None, "[[a],[b]]"),
        ("SE-GR", None, "[]"),
        ("DC-PR", "a", "YES"),
        ("DS-PR", "c", "NO"),
        ("EE-ST", None, "[[a],[b]]"),
        ("DS-GR", "a", "NO"),
    ],
)
def test_solve_cli_answers_iccma_tasks(
    tmp_path: Path, task: str, arg: str | None, expected: str
) -> None:
    af = tmp_path / "af.apx"
    af.write_text("arg(a).\narg(b).\narg(c).\natt(a,b).\natt(b,a).\natt(a,c).\natt(b,c).\n")
    args = ["solve", "-p", task, "-f", str(af)] + (["-a", arg] if arg else [])
    assert main(*args) == (0, expected + "\n", "")


def test_solve_cli_iccma23_and_usage_errors(tmp_path: Path) -> None:
    af = tmp_path / "af.af"
    af.write_text("p af 3\n1 2\n2 3\n")
    assert main("solve", "-p", "SE-GR", "-f", str(af)) == (0, "w 1 3\n", "")
    assert main("solve", "-p", "XX-PR", "-f", str(af))[0] == 2
    assert main("solve", "-p", "DS-PR", "-f", str(af))[0] == 2  # no -a
    code, _, err = main("solve", "-p", "DS-PR", "-f", str(af), "-a", "9")
    assert code == 1 and "no argument '9'" in err
    bad = tmp_path / "bad.apx"
    bad.write_text("arg(a).\natt(a,b).\n")
    code, _, err = main("solve", "-p", "SE-GR", "-f", str(bad))
    assert code == 1 and "bad.apx:2:" in err
    assert main("solve", "--problems")[1].startswith("[DC-CO,")


def test_build_records_statuses_in_the_turtle(tmp_path: Path) -> None:
    assert main("build", "-o", str(tmp_path))[0] == 0
    text = (tmp_path / "nato-ukraine.ttl").read_text()
    assert "am:groundedStatus am:Out" in text and "am:strength" in text


def test_a_built_map_read_again_as_a_source_gets_no_finding_twice(tmp_path: Path) -> None:
    # A built map's Turtle holds what reasoning found: reading it as a source, the
    # reasoning graph must not add those triples again (queries see the union).
    from graph.pipeline import build

    built = build(None, tmp_path, use_cache=False).files[0]
    assert built.suffix == ".ttl"
    again = open_map(built)
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s am:groundedStatus ?o }"
    distinct = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?o { ?s am:groundedStatus ?o } }"
    [(n,)], [(d,)] = list(again.rows(query)), list(again.rows(distinct))
    assert n == d and int(d or 0) > 20
    fresh = open_map(default_source())
    reasoning = ox.NamedNode(REASONING_GRAPH)
    assert len(list(fresh.oxigraph.quads_for_pattern(None, None, None, reasoning))) > 100
    assert not list(again.oxigraph.quads_for_pattern(None, None, None, reasoning))
