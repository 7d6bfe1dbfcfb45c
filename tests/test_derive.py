"""Derivation: both forms of every relation, superclass types, conflict kinds."""

from __future__ import annotations

from graph.derive import derive
from graph.sparql import run_query
from graph.store import MapStore, loads

HEAD = "@prefix am: <https://w3id.org/argmap#> . @prefix ex: <https://example.org/> .\n"


def _ask(store: MapStore, pattern: str) -> bool:
    result = run_query(store, f"PREFIX ex: <https://example.org/> ASK {{ {pattern} }}")
    return bool(result.boolean)


def test_shortcuts_become_reified_inferences_and_conflicts() -> None:
    store = loads(
        HEAD + "ex:a a am:Evidence ; am:supports ex:b . ex:b a am:Claim . "
        "ex:c a am:Claim ; am:attacks ex:b ."
    )
    derive(store)
    assert _ask(store, "?i a am:Inference ; am:premise ex:a ; am:conclusion ex:b")
    assert _ask(store, "?k a am:Conflict , am:Rebuttal ; am:attacker ex:c ; am:target ex:b")


def test_reified_forms_become_shortcuts_and_undercuts_are_typed() -> None:
    store = loads(
        HEAD + "ex:a a am:Evidence . ex:b a am:Claim . ex:c a am:Claim . "
        "ex:i a am:Inference ; am:premise ex:a ; am:conclusion ex:b . "
        "ex:k a am:Conflict ; am:attacker ex:c ; am:target ex:i ."
    )
    derive(store)
    assert _ask(store, "ex:a am:supports ex:b")
    assert _ask(store, "ex:c am:attacks ex:i")
    assert _ask(store, "ex:k a am:Undercut")
    assert not _ask(store, "ex:k a am:Rebuttal")
    # no second inference is minted for a support that is already reified
    count = run_query(store, "SELECT (COUNT(?i) AS ?n) WHERE { ?i a am:Inference }").values()
    assert count == [("1",)]


def test_linked_premises_each_get_a_shortcut() -> None:
    store = loads(
        HEAD + "ex:a a am:Claim . ex:b a am:Claim . ex:c a am:Claim . "
        "ex:i a am:Inference ; am:premise ex:a , ex:b ; am:conclusion ex:c ."
    )
    derive(store)
    assert _ask(store, "ex:a am:supports ex:c . ex:b am:supports ex:c")


def test_superclass_types_are_materialised() -> None:
    store = loads(HEAD + "ex:p a am:Prediction . ex:e a am:Evidence .")
    derive(store)
    assert _ask(store, "ex:p a am:Claim , am:Statement . ex:e a am:Statement")
    assert not _ask(store, "ex:e a am:Claim")


def test_used_schemes_get_their_labels_and_critical_questions() -> None:
    store = loads(
        HEAD + "ex:a a am:Claim . ex:b a am:Claim . ex:i a am:Inference ; "
        "am:premise ex:a ; am:conclusion ex:b ; am:scheme am:ArgumentFromExpertOpinion ."
    )
    derive(store)
    labels = run_query(store, "SELECT ?l WHERE { am:ArgumentFromExpertOpinion rdfs:label ?l }")
    assert labels.values() == [("argument from expert opinion",)]
    questions = run_query(
        store, "SELECT ?q WHERE { am:ArgumentFromExpertOpinion am:criticalQuestion ?q }"
    )
    assert len(questions.rows) == 6
    assert not _ask(store, "am:ArgumentFromSign ?p ?o")  # unused schemes stay out


def test_derivation_is_deterministic_and_idempotent() -> None:
    text = (
        HEAD
        + "ex:a a am:Claim ; am:supports ex:b ; am:attacks ex:c . "
        + "ex:b a am:Claim . ex:c a am:Claim ."
    )
    one, two = loads(text), loads(text)
    derive(one)
    derive(two)
    assert one.serialize() == two.serialize()
    again = derive(one)
    assert again.total == 0


def test_derived_nodes_are_named_from_what_they_connect() -> None:
    store = loads(HEAD + "ex:a a am:Claim ; am:supports ex:b . ex:b a am:Claim .")
    derive(store)
    (iri,) = [i for (i,) in run_query(store, "SELECT ?i WHERE { ?i a am:Inference }").values()]
    assert iri is not None and iri.startswith("https://w3id.org/argmap/derived/inference/")
