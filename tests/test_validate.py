"""Validation: referential integrity and SHACL shapes, as a user sees them."""

from __future__ import annotations

import pytest
from conftest import SMALL_MAP

from graph.errors import ValidationError
from graph.pipeline import open_map, validate_map


def test_the_small_map_and_the_nato_map_are_valid(write_map) -> None:  # type: ignore[no-untyped-def]
    assert validate_map(write_map()) == []
    assert validate_map() == []


@pytest.mark.parametrize(
    ("old", "new", "node", "message"),
    [
        (
            "am:premise ex:pollution ,",
            "am:premise ex:polution ,",
            "ex:inf-health",
            "premise ex:polution is not defined anywhere in the map (a typo?)",
        ),
        (
            "am:premise ex:pollution ,",
            "am:premise ex:author ,",
            "ex:inf-health",
            "premise ex:author is a am:Actor",
        ),
        (
            "am:target ex:ban .",
            "am:target ex:nothing .",
            "ex:conf-shops",
            "target ex:nothing is not defined anywhere in the map (a typo?)",
        ),
        (
            "    am:conclusion ex:ban ; am:scheme",
            "    am:scheme",
            "ex:inf-health",
            "inference has no am:conclusion",
        ),
        (
            "am:supports ex:ban",
            "am:supports ex:bann",
            "ex:traffic",
            "supports ex:bann, which is not defined anywhere in the map (a typo?)",
        ),
        (
            "prov:wasAttributedTo ex:author ; am:supports",
            "prov:wasAttributedTo ex:nobody ; am:supports",
            "ex:traffic",
            "speaker ex:nobody is not defined anywhere in the map (a typo?)",
        ),
        (
            "am:ArgumentFromNegativeConsequences",
            "am:ArgumentFromNegativeConsequence",
            "ex:inf-health",
            "scheme am:ArgumentFromNegativeConsequence is not a scheme",
        ),
    ],
)
def test_dangling_references_are_reported_with_node_and_place(
    write_map,
    old: str,
    new: str,
    node: str,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    assert old in SMALL_MAP
    path = write_map(SMALL_MAP.replace(old, new, 1))
    with pytest.raises(ValidationError) as info:
        open_map(path)
    problems = info.value.problems
    assert any(p.node == node and message in p.message for p in problems), problems
    # the place of the offending name in the file: path:line:column
    assert all(p.path.startswith(str(path)) for p in problems)
    assert any(p.path != str(path) and p.path.count(":") >= 2 for p in problems)


def test_shape_violations_are_reported(write_map) -> None:  # type: ignore[no-untyped-def]
    broken = SMALL_MAP.replace(
        'ex:shops a am:Claim ; rdfs:label "Shops lose" ;', "ex:shops a am:Claim ;"
    )
    problems = validate_map(write_map(broken))
    assert problems, "a statement without rdfs:label must violate the shapes"
    assert any(p.node == "ex:shops" and "rdfs:label" in p.message for p in problems), problems


def test_a_statement_neither_anchored_nor_implicit_is_a_warning(write_map) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from graph.cli import main

    broken = SMALL_MAP.replace("am:implicit true", 'rdfs:comment "forgot"')
    path = write_map(broken)
    problems = validate_map(path)
    assert [(p.node, p.severity) for p in problems] == [("ex:harm-matters", "warning")]
    assert "am:anchor" in problems[0].message
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0
    assert "ex:harm-matters: warning: A statement needs at least one am:anchor" in result.stderr
    assert result.stdout == f"{path}: valid (1 warning)\n"


def test_shapes_can_be_skipped(write_map) -> None:  # type: ignore[no-untyped-def]
    broken = SMALL_MAP.replace(
        'ex:shops a am:Claim ; rdfs:label "Shops lose" ;', "ex:shops a am:Claim ;"
    )
    assert validate_map(write_map(broken), shapes=False) == []


@pytest.mark.parametrize(
    ("value", "ok"), [("0.7", True), ("1.0", True), ("1.5", False), ('"high"', False)]
)
def test_base_scores_are_numbers_between_0_and_1(write_map, value: str, ok: bool) -> None:  # type: ignore[no-untyped-def]
    text = SMALL_MAP.replace(
        'rdfs:label "Shops lose" ;', f'rdfs:label "Shops lose" ; am:baseScore {value} ;'
    )
    problems = validate_map(write_map(text))
    assert (problems == []) is ok, problems
    if not ok:
        assert any("am:baseScore" in p.message for p in problems)


def test_a_base_score_changes_the_strength(write_map) -> None:  # type: ignore[no-untyped-def]
    from graph.assessment import assess

    weak = open_map(write_map(SMALL_MAP), semantics=())
    strong = open_map(
        write_map(
            SMALL_MAP.replace(
                'rdfs:label "Shops lose" ;', 'rdfs:label "Shops lose" ; am:baseScore 0.9 ;'
            )
        ),
        semantics=(),
    )
    ban = "https://example.org/map#ban"
    assert assess(strong).strength[ban] < assess(weak).strength[ban]
