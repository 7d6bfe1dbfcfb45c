"""Named queries: every shipped ``.rq`` parses, runs and gives its known answer."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.errors import QueryError
from graph.named import list_queries, named_query, parse_header, run_named
from graph.pipeline import open_map
from graph.sparql import QueryResult
from graph.store import MapStore

NU = "https://w3id.org/argmap/map/nato-ukraine#"
AM = "https://w3id.org/argmap#"
EX = "https://example.org/map#"
MAIN = "nu:nato-will-not-intervene"

NAMES = [
    "accepted",
    "by-scheme",
    "critical-premises",
    "evidence-chain",
    "objections",
    "positions",
    "reasons",
    "unanswered-objections",
    "who-said-what",
]

#: Parameters that let every query run on the NATO map.
REQUIRED = {
    "accepted": {"semantics": "grounded"},
    "evidence-chain": {"statement": MAIN},
    "objections": {"statement": MAIN},
    "reasons": {"statement": MAIN},
}

#: A map whose semantics disagree (a and b attack each other and both attack c, which
#: attacks d) and whose main conclusion d rests on one chain of support, e -> f -> d.
FRAMEWORK = textwrap.dedent(
    """\
    @prefix am: <https://w3id.org/argmap#> .
    @prefix ex: <https://example.org/map#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ex:map a am:ArgumentMap ; am:mainConclusion ex:d .
    ex:a a am:Claim ; rdfs:label "a" ; am:text "a" ; am:implicit true .
    ex:b a am:Claim ; rdfs:label "b" ; am:text "b" ; am:implicit true .
    ex:c a am:Claim ; rdfs:label "c" ; am:text "c" ; am:implicit true .
    ex:d a am:Claim ; rdfs:label "d" ; am:text "d" ; am:implicit true .
    ex:e a am:Evidence ; rdfs:label "e" ; am:text "e" ; am:implicit true .
    ex:f a am:Claim ; rdfs:label "f" ; am:text "f" ; am:implicit true .
    ex:a am:attacks ex:b , ex:c . ex:b am:attacks ex:a , ex:c . ex:c am:attacks ex:d .
    ex:e am:supports ex:f . ex:f am:supports ex:d .
    """
)


@pytest.fixture(scope="module")
def framework(tmp_path_factory: pytest.TempPathFactory) -> MapStore:
    path = tmp_path_factory.mktemp("framework") / "af.ttl"
    path.write_text(FRAMEWORK, encoding="utf-8")
    return open_map(path)


def local(value: str | None) -> str | None:
    """An IRI of the NATO map, the test map or the vocabulary without its namespace."""
    if value is None:
        return None
    for ns in (NU, EX, AM):
        if value.startswith(ns):
            return value[len(ns) :]
    return value


def column(result: QueryResult, *names: str) -> list[tuple[str | None, ...]]:
    """Selected columns of every row, IRIs written as local names."""
    index = [result.variables.index(n) for n in names]
    return [tuple(local(row[i]) for i in index) for row in result.values()]


# -- the files ---------------------------------------------------------------------


def test_the_named_queries_are_shipped() -> None:
    files = sorted(
        e.name[:-3] for e in resources.files("graph.queries").iterdir() if e.name.endswith(".rq")
    )
    assert files == NAMES
    assert [q.name for q in list_queries()] == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_every_named_query_parses_and_runs_on_the_nato_map(nato: MapStore, name: str) -> None:
    query = named_query(name)
    assert query.description
    assert query.text.splitlines()[0] == f"# {name}: {query.description}"
    result = run_named(nato, name, REQUIRED.get(name, {}))
    assert result.kind == "select"
    # A bound variable must be projected (Oxigraph substitutes only those).
    assert {p.name for p in query.params} <= set(result.variables)


@pytest.mark.parametrize("name", NAMES)
def test_every_parameter_can_be_bound(nato: MapStore, name: str) -> None:
    values = {"semantics": "stable", "scheme": "am:ArgumentFromSign"}
    params = {p.name: values.get(p.name, MAIN) for p in named_query(name).params}
    run_named(nato, name, params)


def test_header_parsing() -> None:
    query = parse_header(
        "# q: what it answers\n"
        "# param x: an x\n"
        "# param y (optional; one of: p, q): a y\n"
        "# a note\n"
        "SELECT ?x ?y {}\n"
    )
    assert (query.name, query.description) == ("q", "what it answers")
    assert [(p.name, p.description, p.optional, p.choices) for p in query.params] == [
        ("x", "an x", False, ()),
        ("y", "a y", True, ("p", "q")),
    ]
    with pytest.raises(QueryError, match="must start with '# name: what it answers'"):
        parse_header("SELECT * {}")
    with pytest.raises(QueryError, match="unknown qualifier 'maybe'"):
        parse_header("# q: what\n# param x (maybe): an x\nSELECT ?x {}")


# -- answers on the NATO map -------------------------------------------------------


def test_reasons_for_the_main_conclusion(nato: MapStore) -> None:
    result = run_named(nato, "reasons", {"statement": MAIN})
    assert column(result, "statement", "inference", "reason", "speaker") == [
        ("nato-will-not-intervene", "inf-engagement-risk", "wider-war-is-worse", "NATO"),
        ("nato-will-not-intervene", "inf-unprepared", "unprepared-alliance-avoids-war",
         "Ezba Walayat"),
        ("nato-will-not-intervene", "inf-engagement-risk", "no-fly-zone-escalation", "NATO"),
        ("nato-will-not-intervene", "inf-unpopular", "governments-avoid-unpopular-action",
         "Ezba Walayat"),
        # the explanation the article rejects: nobody in it holds its general premise
        ("nato-will-not-intervene", "inf-membership-explanation", "membership-explanation",
         None),
        ("nato-will-not-intervene", "inf-unpopular", "intervention-unpopular", "Ezba Walayat"),
        ("nato-will-not-intervene", "inf-unprepared", "nato-not-prepared", "A British officer"),
        # the stance it restates is a reason too
        ("nato-will-not-intervene", "rephrase-stance", "nato-stance", "Ezba Walayat"),
        ("nato-will-not-intervene", "inf-afghanistan", "afghanistan-precedent", "Ezba Walayat"),
        ("nato-will-not-intervene", "inf-membership-explanation", "ukraine-not-member",
         "Ezba Walayat"),
        ("nato-will-not-intervene", "inf-afghanistan", "ukraine-like-afghanistan",
         "Ezba Walayat"),
    ]  # fmt: skip
    quotes = column(result, "reason", "quote")
    # the unstated premises have no quote
    assert sorted(r for r, q in quotes if q is None) == [
        "governments-avoid-unpopular-action",
        "membership-explanation",
        "ukraine-like-afghanistan",
        "unprepared-alliance-avoids-war",
        "wider-war-is-worse",
    ]
    assert quotes[6] == ("nato-not-prepared", "NATO is not prepared for a conflict with Russia")


def test_reasons_of_a_statement_nothing_supports(nato: MapStore) -> None:
    assert run_named(nato, "reasons", {"statement": "nu:ukraine-seeks-help"}).rows == []


def test_objections_to_the_main_conclusion(nato: MapStore) -> None:
    result = run_named(nato, "objections", {"statement": "nato-will-not-intervene"})
    # nothing rebuts it; the one objection is the article's undercut of an explanation
    assert column(result, "conflict", "kind", "objection", "speaker") == [
        ("conf-membership-undercut", "Undercut", "membership-not-the-reason", "Ezba Walayat"),
    ]


def test_objections_to_the_no_fly_zone(nato: MapStore) -> None:
    result = run_named(nato, "objections", {"statement": "nu:ukraine-calls-for-no-fly-zone"})
    assert column(result, "kind", "objection", "speaker") == [
        ("Rebuttal", "nato-opposes-no-fly-zone", "NATO"),
    ]


def test_evidence_chain_of_the_main_conclusion(nato: MapStore) -> None:
    result = run_named(nato, "evidence-chain", {"statement": MAIN})
    links = {(p, c, e) for p, c, e in column(result, "premise", "supports", "evidence")}
    main = "NATO will not intervene militarily"
    stance = "NATO's stance: no intervention, assistance, neutrality"
    nfz = "NATO opposes a no-fly zone"
    direct = {
        ("nato-stance", main, "false"),  # the rephrase
        ("no-fly-zone-escalation", main, "false"),
        ("wider-war-is-worse", main, "false"),
        ("nato-not-prepared", main, "false"),
        ("unprepared-alliance-avoids-war", main, "false"),
        ("afghanistan-precedent", main, "true"),
        ("ukraine-like-afghanistan", main, "false"),
        ("intervention-unpopular", main, "false"),
        ("governments-avoid-unpopular-action", main, "false"),
        ("ukraine-not-member", main, "true"),
        ("membership-explanation", main, "false"),
    }
    below = {
        ("foreign-ministers-reject-intervention", stance, "true"),
        ("nato-opposes-no-fly-zone", stance, "false"),
        ("biden-neutrality", stance, "true"),
        ("russia-has-not-struck-nato", stance, "false"),
        ("summit-sanctions-no-military-option", stance, "true"),
        ("aid-without-engagement", stance, "true"),
        ("allies-agreed-no-planes-or-troops", nfz, "true"),
        ("no-fly-zone-needs-nato-aircraft", nfz, "false"),
        ("no-fly-zone-escalation", nfz, "false"),
        ("wider-war-is-worse", nfz, "false"),
        ("british-officer-warning", "NATO is not prepared for war with Russia", "true"),
        ("afghanistan-precedent", "Military intervention would be unpopular", "true"),
    }
    assert links == direct | below
    assert len(result.rows) == len(direct | below)  # one quote each


def test_who_said_what(nato: MapStore) -> None:
    result = run_named(nato, "who-said-what", {})
    rows = column(result, "speaker", "statement")
    # 33 statements, one speaker each, but for the general premise of the explanation
    # the article rejects, which nobody in it holds
    assert len(rows) == 32
    speakers: dict[str | None, int] = {}
    for speaker, _ in rows:
        speakers[speaker] = speakers.get(speaker, 0) + 1
    assert speakers == {
        "british-officer": 1,
        "walayat": 20,
        "stoltenberg": 2,
        "biden": 1,
        "nato": 3,
        "russia": 2,
        "ukraine": 2,
        "ukrainian-leaders": 1,
    }
    unquoted = sorted(s for (s, q) in column(result, "statement", "quote") if q is None)
    assert unquoted == [
        "governments-avoid-unpopular-action",
        "no-fly-zone-needs-nato-aircraft",
        "russia-has-not-struck-nato",
        "ukraine-like-afghanistan",
        "ukraine-still-needs-support",
        "unprepared-alliance-avoids-war",
        "wider-war-is-worse",
    ]


def test_who_said_what_of_one_speaker(nato: MapStore) -> None:
    result = run_named(nato, "who-said-what", {"speaker": "nu:stoltenberg"})
    assert column(result, "name", "statement", "quote") == [
        ("Jens Stoltenberg", "allies-agreed-no-planes-or-troops",
         "Allies are agreed upon the fact that we should not have NATO planes operating over "
         "Ukrainian airspace or NATO troops operating in Ukrainian territory"),
        ("Jens Stoltenberg", "foreign-ministers-reject-intervention",
         "the foreign ministers rejected any possibility of intervening against Russian forces "
         "in Ukraine, whether on the ground or in the air"),
    ]  # fmt: skip


OUT = {
    "membership-explanation",
    "ukraine-seeks-help",
    "ukraine-calls-for-no-fly-zone",
}
#: Undecided under every semantics: the standoff the article leaves open.
UNDECIDED = {"russia-demands-ukraine-stay-out", "ukraine-wants-to-join"}


@pytest.mark.parametrize("semantics", ["grounded", "complete", "preferred", "stable"])
def test_accepted_on_the_nato_map(nato: MapStore, semantics: str) -> None:
    result = run_named(nato, "accepted", {"semantics": semantics})
    statements = [s for (s,) in column(result, "statement")]
    every = {
        local(s) for (s,) in nato.rows("SELECT ?s WHERE { ?s a am:Statement ; rdfs:label ?l }")
    }
    assert len(every) == 33
    assert sorted(statements) == sorted(every - OUT - UNDECIDED)
    assert {s for (s,) in column(result, "semantics")} == {semantics}


@pytest.mark.parametrize(
    ("semantics", "expected"),
    [
        ("grounded", ["e", "f"]),
        ("complete", ["e", "f"]),
        ("preferred", ["d", "e", "f"]),
        ("stable", ["d", "e", "f"]),
    ],
)
def test_accepted_follows_the_semantics(
    framework: MapStore, semantics: str, expected: list[str]
) -> None:
    result = run_named(framework, "accepted", {"semantics": semantics})
    assert [s for (s,) in column(result, "statement")] == expected


def test_accepted_rejects_an_unknown_semantics(nato: MapStore) -> None:
    with pytest.raises(QueryError) as info:
        run_named(nato, "accepted", {"semantics": "am:groundedStatus"})
    assert str(info.value) == (
        "parameter semantics of query 'accepted' is one of grounded, complete, preferred, "
        "stable, not 'am:groundedStatus'"
    )


def test_unanswered_objections(nato: MapStore) -> None:
    result = run_named(nato, "unanswered-objections", {})
    assert column(result, "conflict", "objection", "target") == [
        ("conf-membership-undercut", "membership-not-the-reason", "inf-membership-explanation"),
        ("conf-counterexample-vs-membership", "nato-helped-non-members", "membership-explanation"),
        ("conf-ministers-vs-help-request", "foreign-ministers-reject-intervention",
         "ukraine-seeks-help"),
        ("conf-opposition-vs-nfz", "nato-opposes-no-fly-zone", "ukraine-calls-for-no-fly-zone"),
    ]  # fmt: skip
    assert column(result, "objected")[0] == ("(inference to) NATO will not intervene militarily",)
    # Answered: Russia's position and Ukraine's attack each other; nothing objects to
    # the main conclusion itself.
    answered = run_named(nato, "unanswered-objections", {"target": MAIN})
    assert answered.rows == []


def test_critical_premises(nato: MapStore, framework: MapStore) -> None:
    # The NATO main conclusion has many independent lines of support: none is critical.
    assert run_named(nato, "critical-premises", {}).rows == []
    result = run_named(framework, "critical-premises", {"conclusion": "ex:d"})
    assert column(result, "conclusion", "premise") == [("d", "e"), ("d", "f")]


def test_evidence_chain_bottoms_out_in_evidence(framework: MapStore) -> None:
    result = run_named(framework, "evidence-chain", {"statement": "d"})
    assert column(result, "premise", "supports", "evidence") == [
        ("f", "d", "false"),
        ("e", "f", "true"),
    ]


def test_statements_by_scheme(nato: MapStore) -> None:
    result = run_named(nato, "by-scheme", {})
    main = "nato-will-not-intervene"
    assert sorted(column(result, "scheme", "statement")) == sorted(
        [
            ("ArgumentFromCauseToEffect", "intervention-unpopular"),
            ("ArgumentFromCauseToEffect", main),
            ("ArgumentFromCommitment", "nato-opposes-no-fly-zone"),
            ("ArgumentFromCommitment", "nato-stance"),
            ("ArgumentFromCommitment", "nato-will-continue-support"),
            ("ArgumentFromExample", "membership-not-the-reason"),
            ("ArgumentFromExpertOpinion", "nato-not-prepared"),
            ("ArgumentFromNegativeConsequences", "nato-opposes-no-fly-zone"),
            ("ArgumentFromNegativeConsequences", main),
            ("ArgumentFromPositionToKnow", "nato-stance"),
            ("ArgumentFromPrecedent", main),
            ("ArgumentFromSign", "nato-stance"),
            ("PracticalReasoning", "needs-advocacy-and-diplomacy"),
        ]
    )
    one = run_named(nato, "by-scheme", {"scheme": "ArgumentFromExpertOpinion"})
    assert column(one, "scheme", "statement") == [
        ("ArgumentFromExpertOpinion", "nato-not-prepared")
    ]


def test_positions(nato: MapStore) -> None:
    result = run_named(nato, "positions", {})
    rows = column(result, "actor", "statement", "status")
    # 33 statements less the 11 pieces of evidence and the premise nobody holds
    assert len(rows) == 21
    assert [(a, s, st) for a, s, st in rows if a != "walayat"] == [
        ("british-officer", "nato-not-prepared", "In"),
        ("nato", "wider-war-is-worse", "In"),
        ("nato", "no-fly-zone-escalation", "In"),
        ("nato", "nato-opposes-no-fly-zone", "In"),
        ("russia", "russia-demands-ukraine-stay-out", "Undecided"),
        ("russia", "russia-warns-of-consequences", "In"),
        ("ukraine", "ukraine-seeks-help", "Out"),
        ("ukraine", "ukraine-wants-to-join", "Undecided"),
        ("ukrainian-leaders", "ukraine-calls-for-no-fly-zone", "Out"),
    ]
    ukraine = run_named(nato, "positions", {"actor": "<" + NU + "ukraine>"})
    assert column(ukraine, "statement") == [("ukraine-seeks-help",), ("ukraine-wants-to-join",)]


# -- parameters are bound, never pasted ---------------------------------------------


@pytest.mark.parametrize(
    "value",
    ['"} UNION { ?inference am:conclusion ?x ; am:premise ?reason } #', "x } UNION { ?a ?b ?c"],
)
def test_a_value_that_looks_like_sparql_is_data(nato: MapStore, value: str) -> None:
    result = run_named(nato, "reasons", {"statement": value})
    assert result.rows == []


@pytest.mark.parametrize(
    "value",
    [
        "<urn:x> } UNION { ?s ?p ?o",
        f"<{NU}nato-will-not-intervene> }}",
        "nu:nato-will-not-intervene>",
        "https://example.org/a>b",
    ],
)
def test_a_value_that_breaks_out_of_an_iri_is_rejected(nato: MapStore, value: str) -> None:
    with pytest.raises(QueryError, match="is not a valid IRI"):
        run_named(nato, "reasons", {"statement": value})


def test_every_way_of_naming_a_statement_names_the_same(nato: MapStore) -> None:
    answers = [
        run_named(nato, "reasons", {"statement": value}).values()
        for value in (
            MAIN,
            "nato-will-not-intervene",
            f"<{NU}nato-will-not-intervene>",
            f"{NU}nato-will-not-intervene",
        )
    ]
    assert len(answers[0]) == 11
    assert all(a == answers[0] for a in answers)


def test_a_quoted_value_is_a_literal(nato: MapStore) -> None:
    assert run_named(nato, "reasons", {"statement": '"nato-will-not-intervene"'}).rows == []


def test_an_unknown_prefix_is_an_error(nato: MapStore) -> None:
    with pytest.raises(QueryError, match=r"unknown prefix 'zz:' in 'zz:x'"):
        run_named(nato, "reasons", {"statement": "zz:x"})


def test_unknown_name_and_parameters(nato: MapStore) -> None:
    with pytest.raises(QueryError, match=r"^no named query 'reason'; the named queries are "):
        run_named(nato, "reason", {})
    with pytest.raises(QueryError) as info:
        run_named(nato, "reasons", {})
    assert str(info.value) == (
        "query 'reasons' needs the parameter statement: give it as --param statement=VALUE"
    )
    with pytest.raises(QueryError) as info:
        run_named(nato, "reasons", {"statement": MAIN, "speaker": "x"})
    assert str(info.value) == (
        "unknown parameter speaker of query 'reasons'; its parameters: statement"
    )


# -- the command ---------------------------------------------------------------------


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_list() -> None:
    code, out, _ = invoke("query", "--list")
    assert code == 0
    lines = out.splitlines()
    assert [line.split(":")[0] for line in lines if not line.startswith(" ")] == NAMES
    assert lines[:2] == [
        "accepted: the statements accepted (status in) under an argumentation semantics",
        "    --param semantics (one of: grounded, complete, preferred, stable): the semantics",
    ]
    assert "reasons: every reason given for a statement, its quote and its speaker" in lines
    assert (
        "    --param scheme (optional): only this scheme (IRI, e.g. am:ArgumentFromExpertOpinion)"
        in lines
    )


def test_cli_runs_a_named_query() -> None:
    code, out, _ = invoke("query", "objections", "--param", f"statement={MAIN}", "--format", "csv")
    assert code == 0, out
    assert out.splitlines() == [
        "statement,conflict,kind,objection,label,speaker",
        f"{NU}nato-will-not-intervene,{NU}conf-membership-undercut,{AM}Undercut,"
        f"{NU}membership-not-the-reason,Non-membership is not why NATO stays out,Ezba Walayat",
    ]


def test_cli_named_query_on_another_source(tmp_path: Path, write_map: Callable[..., Path]) -> None:
    path = write_map()
    code, out, _ = invoke("query", "reasons", "-p", "statement=ex:ban", "-s", str(path))
    assert code == 0, out
    assert re.findall(r"^ex:ban\s+\S+\s+ex:(\S+)", out, re.M) == [
        "harm-matters",
        "pollution",
        "traffic",
    ]


def test_cli_sparql_text_still_runs() -> None:
    code, out, _ = invoke("query", "SELECT ?m WHERE { ?x am:mainConclusion ?m }")
    assert code == 0
    assert out == "m\n--------------------------\nnu:nato-will-not-intervene\n(1 row)\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["reason"],
            "error: no named query 'reason'; the named queries are accepted, by-scheme, "
            "critical-premises, evidence-chain, objections, positions, reasons, "
            "unanswered-objections, who-said-what (argmap query --list)\n",
        ),
        (
            ["reasons"],
            "error: query 'reasons' needs the parameter statement: give it as "
            "--param statement=VALUE\n",
        ),
        (
            ["reasons", "-p", f"statement={MAIN}", "-p", "speaker=nu:nato"],
            "error: unknown parameter speaker of query 'reasons'; its parameters: statement\n",
        ),
        (
            ["accepted", "-p", "semantics=ideal"],
            "error: parameter semantics of query 'accepted' is one of grounded, complete, "
            "preferred, stable, not 'ideal'\n",
        ),
        (
            ["reasons", "-p", "statement=<urn:x> } UNION { ?s ?p ?o"],
            "error: '<urn:x> } UNION { ?s ?p ?o' is not a valid IRI: write it as <IRI>, "
            'with no spaces or any of <>"{}|^`\\ inside\n',
        ),
    ],
)
def test_cli_named_query_errors_exit_1(args: list[str], message: str) -> None:
    code, out, err = invoke("query", *args)
    assert (code, out, err) == (1, "", message)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--list", "reasons"], "--list takes no QUERY, -f FILE or --param"),
        (["reasons", "-p", "statement"], "--param takes NAME=VALUE, not 'statement'"),
        (["SELECT * { ?s ?p ?o }", "-p", "x=y"], "--param goes with a named query"),
    ],
)
def test_cli_param_usage_errors_exit_2(args: list[str], message: str) -> None:
    code, _, err = invoke("query", *args)
    assert code == 2
    assert message in err
