"""Linked attacks and attacks on attacks: the framework's translation against their
own definition, by brute force (docs/reasoning.md, "Linked attacks and attacks on
attacks")."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from conftest import BINS_MAP
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.cli import main
from graph.reasoning.bipolar import Absent, attack_kinds, framework
from graph.reasoning.dung import extensions, grounded_labelling, labelling
from graph.reasoning.strength import strength
from graph.reasoning.structure import unanswered_attacks, why_not

Conflicts = dict[str, tuple[tuple[str, ...], str]]


def recursive_map(statements: list[str], conflicts: Conflicts) -> nx.MultiDiGraph:
    """An argument graph of statements and conflicts (attackers, target)."""
    G = nx.MultiDiGraph()
    G.add_nodes_from(statements, type="statement")
    G.add_nodes_from(conflicts, type="conflict")
    for k, (attackers, target) in conflicts.items():
        G.add_edges_from((a, k, {"role": "attacker"}) for a in attackers)
        G.add_edge(k, target, role="target")
    return G


def complete_by_definition(statements: list[str], conflicts: Conflicts) -> Iterator[dict]:
    """Every labelling of statements and conflicts that the definition calls complete.

    A statement is in when every conflict on it is out, out when one is in. A
    conflict is in (the attack holds) when all its attackers are in and every
    conflict on it is out; out when one attacker is out or a conflict on it is in.
    Otherwise undecided. Enumerated: 3 ** (statements + conflicts) labellings.
    """
    items = [*statements, *conflicts]
    on = {n: [k for k, (_, t) in conflicts.items() if t == n] for n in items}

    def due(n: str, label: dict[str, str]) -> str:
        attacks = [label[k] for k in on[n]]
        needs = [label[a] for a in conflicts[n][0]] if n in conflicts else []
        if "in" in attacks or "out" in needs:
            return "out"
        if all(x == "out" for x in attacks) and all(x == "in" for x in needs):
            return "in"
        return "undec"

    for labels in itertools.product(("in", "out", "undec"), repeat=len(items)):
        label = dict(zip(items, labels, strict=True))
        if all(label[n] == due(n, label) for n in items):
            yield label


def by_definition(statements: list[str], conflicts: Conflicts, semantics: str) -> set:
    complete = list(complete_by_definition(statements, conflicts))
    if semantics == "grounded":  # the one that decides least
        least = max(complete, key=lambda lab: sum(x == "undec" for x in lab.values()))
        chosen = [least]
    elif semantics == "stable":
        chosen = [lab for lab in complete if "undec" not in lab.values()]
    elif semantics == "preferred":  # what is accepted, arguments and attacks, maximal

        def accepted(lab: dict) -> set:
            return {n for n, x in lab.items() if x == "in"}

        chosen = [lab for lab in complete if not any(accepted(lab) < accepted(o) for o in complete)]
    else:
        chosen = complete
    return {frozenset((s, lab[s]) for s in statements) for lab in chosen}


def by_translation(statements: list[str], conflicts: Conflicts, semantics: str) -> set:
    af = framework(recursive_map(statements, conflicts))
    if semantics == "grounded":
        found = [grounded_labelling(af)]
    else:
        found = [labelling(af, e) for e in extensions(af, semantics)]
    return {frozenset((s, lab[s]) for s in statements) for lab in found}


@st.composite
def recursive_frameworks(draw: st.DrawFn) -> tuple[list[str], Conflicts]:
    statements = [f"s{i}" for i in range(draw(st.integers(1, 4)))]
    names = [f"k{i}" for i in range(draw(st.integers(0, 4)))]
    conflicts: Conflicts = {}
    for k in names:
        attackers = draw(st.lists(st.sampled_from(statements), min_size=1, max_size=2, unique=True))
        target = draw(st.sampled_from([*statements, *(n for n in names if n != k)]))
        if target in attackers:
            target = next((s for s in statements if s not in attackers), names[0])
            if target == k or target in attackers:
                continue
        conflicts[k] = (tuple(sorted(attackers)), target)
    # a conflict's target must be one of the conflicts kept
    while True:
        kept = {k: v for k, v in conflicts.items() if v[1] in statements or v[1] in conflicts}
        if kept == conflicts:
            return statements, conflicts
        conflicts = kept


@pytest.mark.parametrize("semantics", ["grounded", "complete", "preferred", "stable"])
@settings(max_examples=150, deadline=None)
@given(case=recursive_frameworks())
def test_the_translation_gives_what_the_definition_gives(
    semantics: str, case: tuple[list[str], Conflicts]
) -> None:
    statements, conflicts = case
    assert by_translation(statements, conflicts, semantics) == by_definition(
        statements, conflicts, semantics
    )


#: micro_b001 of the arg-microtexts: a1 rebuts the conclusion a5; a3 and a4 jointly
#: undercut that rebuttal (c3 on c1), so the conclusion stands.
B001: Conflicts = {"c1": (("a1",), "a5"), "c3": (("a3", "a4"), "c1")}
B001_STATEMENTS = ["a1", "a2", "a3", "a4", "a5"]


def test_a_joint_attack_on_an_attack_saves_its_target() -> None:
    af = framework(recursive_map(B001_STATEMENTS, B001))
    kinds = attack_kinds(recursive_map(B001_STATEMENTS, B001))
    assert kinds == {
        ("a1", Absent("c1", "a1")): "absent",
        (Absent("c1", "a1"), "c1"): "joint",
        ("c1", "a5"): "rebuttal",
        ("a3", Absent("c3", "a3")): "absent",
        ("a4", Absent("c3", "a4")): "absent",
        (Absent("c3", "a3"), "c3"): "joint",
        (Absent("c3", "a4"), "c3"): "joint",
        ("c3", "c1"): "counter",
    }
    labels = grounded_labelling(af)
    assert {s: labels[s] for s in B001_STATEMENTS} == dict.fromkeys(B001_STATEMENTS, "in")
    assert labels["c1"] == "out" and labels["c3"] == "in"


def test_a_linked_attack_fails_with_one_of_its_attackers() -> None:
    # x and y attack t jointly; z rebuts y: the joint attack falls, t stands
    conflicts: Conflicts = {"k": (("x", "y"), "t"), "kz": (("z",), "y")}
    labels = grounded_labelling(framework(recursive_map(["t", "x", "y", "z"], conflicts)))
    assert (labels["t"], labels["y"], labels["k"]) == ("in", "out", "out")
    # without z, the two together defeat t
    labels = grounded_labelling(framework(recursive_map(["t", "x", "y"], {"k": (("x", "y"), "t")})))
    assert labels["t"] == "out"


def test_a_compound_conflict_weighs_its_weakest_attacker_less_its_own_attackers() -> None:
    G = recursive_map(B001_STATEMENTS, B001)
    G.nodes["a1"]["base_score"] = 0.8
    G.nodes["a3"]["base_score"] = 0.6
    G.nodes["a4"]["base_score"] = 0.4
    values = strength(G)
    # c3 = min(0.6, 0.4) = 0.4; c1 = 0.8 * (1 - 0.4) = 0.48; a5 = 0.5 * (1 - 0.48)
    assert values["a5"] == pytest.approx(0.5 * (1 - 0.48))
    assert set(values) == set(B001_STATEMENTS)


def test_unanswered_and_why_not_follow_attacks_on_attacks() -> None:
    G = recursive_map(B001_STATEMENTS, B001)
    assert unanswered_attacks(G) == [("a3", "c3", "c1"), ("a4", "c3", "c1")]
    (objection,) = why_not(G, "a5")
    assert (objection.attacker, objection.conflict, objection.kind) == ("a1", "c1", "rebuttal")
    assert sorted((o.attacker, o.conflict, o.kind) for o in objection.answers) == [
        ("a3", "c3", "counter"),
        ("a4", "c3", "counter"),
    ]


def test_a_map_with_a_linked_attack_on_an_attack_builds_and_explains(tmp_path: Path) -> None:
    source = tmp_path / "bins.ttl"
    source.write_text(BINS_MAP, encoding="utf-8")
    runner = CliRunner()
    done = runner.invoke(main, ["validate", str(source)])
    assert done.exit_code == 0, done.output
    done = runner.invoke(main, ["build", str(source), "-o", str(tmp_path / "out"), "--no-cache"])
    assert done.exit_code == 0, done.output
    # the attack on an attack is counted with the undercuts: it denies an attack's force
    assert re.search(r"conflicts +2 \(1 rebuttal, 1 undercut\)", done.output), done.output
    done = runner.invoke(main, ["reason", str(source), "--no-cache"])
    assert done.exit_code == 0, done.output
    assert "unanswered attacks: ex:c3\n" in done.output
    done = runner.invoke(main, ["explain", str(source), "a5", "--no-cache"])
    assert done.exit_code == 0, done.output
    assert "ex:c3  (the attack of ex:a3 and ex:a4 together on ex:c1)" in done.output
    assert "ex:a4 not established" in done.output
    page = (tmp_path / "out" / "bins.html").read_text(encoding="utf-8")
    embedded = re.search(
        r'<script type="application/json" id="argmap-data">(.*?)</script>', page, re.S
    )
    assert embedded, "the page has no data"
    data = json.loads(embedded.group(1))
    name = {n["id"]: n["iri"].rsplit("#", 1)[-1] for n in data["nodes"] if n["iri"]}
    # Both conflicts are drawn as attack junctions: c3 (a linked attack) onto c1 (an
    # attack that is attacked), c1 onto a5.
    junctions = {name[n["id"]]: n["kind"] for n in data["nodes"] if n["type"] == "junction"}
    assert junctions == {"c1": "attack", "c3": "attack"}
    edges = {(name[e["from"]], e["relation"], name[e["to"]]) for e in data["edges"]}
    assert edges == {
        ("a1", "attacker", "c1"),
        ("c1", "attack", "a5"),
        ("a3", "attacker", "c3"),
        ("a4", "attacker", "c3"),
        ("c3", "attack", "c1"),
    }
    assert "undrawn" not in data
    built = (tmp_path / "out" / "bins.ttl").read_text(encoding="utf-8")
    assert "groundedStatus" in built and " without " not in built
