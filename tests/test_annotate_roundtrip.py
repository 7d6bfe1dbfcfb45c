"""Every edit the annotator can make round-trips: any document of complete elements,
saved as Argdown or as Turtle, reads back element for element (a property test)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.annotate.document import KINDS, new_document
from graph.annotate.server import open_session, save_document, schemes

WORDS = ["cars", "air", "ban", "Ünïcode", "naïve", "x[1]", "a: b", "#tag", '"quoted"', "it's",
         "{brace}", "<tag>", "-> +>", "well,", "100%", "emoji😀", "tab\there"]  # fmt: skip
SCHEMES = schemes()


def phrase(draw: Any) -> str:
    return " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5)))


@st.composite
def documents(draw: Any) -> tuple[str, dict[str, Any]]:
    sentences = [phrase(draw) + "." for _ in range(draw(st.integers(3, 8)))]
    text = " ".join(sentences) + "\n"
    doc = new_document("t.txt", "https://w3id.org/argmap/map/t#", phrase(draw))
    base = doc["base"]
    n = draw(st.integers(1, 7))
    actors = [
        {"id": f"{base}actor-{k}", "name": f"Speaker {k}", "role": None, "comment": None}
        for k in range(draw(st.integers(0, 2)))
    ]
    doc["actors"] = actors
    labels: set[str] = set()
    for k in range(n):
        label = draw(st.text(st.sampled_from("abcXYZ é😀:[]{}#,'\"-+>"), min_size=1, max_size=12))
        label = " ".join(label.split()) or "s"
        if label.lower() in labels or not label.strip():
            label = f"{label} {k}"
        labels.add(label.lower())
        implicit = draw(st.booleans())
        anchors = []
        if not implicit:
            for _ in range(draw(st.integers(1, 2))):
                i = draw(st.integers(0, len(sentences) - 1))
                start = len(" ".join(sentences[:i])) + (1 if i else 0)
                # code points, as the annotator counts them
                anchors.append(
                    {"exact": sentences[i], "start": start, "end": start + len(sentences[i]),
                     "prefix": None, "suffix": None}
                )  # fmt: skip
        doc["statements"].append(
            {
                "id": f"{base}s{k}",
                "kind": draw(st.sampled_from(list(KINDS))),
                "label": label,
                "text": phrase(draw),
                "speakers": [a["id"] for a in actors if draw(st.booleans())],
                "mentions": [],
                "implicit": implicit,
                "anchors": [dict(t) for t in {tuple(sorted(a.items())) for a in anchors}],
                "baseScore": draw(st.sampled_from([None, 0.5, 0.25, 1.0])),
                "comment": draw(st.sampled_from([None, "checked", "a: note"])),
            }
        )
    ids = [s["id"] for s in doc["statements"]]
    targets = list(ids)
    for k in range(draw(st.integers(0, 4)) if n > 1 else 0):
        conclusion = draw(st.sampled_from(ids))
        others = [i for i in ids if i != conclusion]
        premises = draw(st.lists(st.sampled_from(others), min_size=1, max_size=3, unique=True))
        if any(
            (set(i["premises"]), i["conclusion"]) == (set(premises), conclusion)
            for i in doc["inferences"]
        ):
            continue  # and one inference from the same premises to the same conclusion
        scheme = draw(st.sampled_from([None, *SCHEMES]))
        answers = []
        if scheme is not None and scheme["questions"] and draw(st.booleans()):
            answers = [
                {"question": scheme["questions"][0], "answeredBy": draw(st.sampled_from(ids))}
            ]
        doc["inferences"].append(
            {"id": f"{base}inference-{k}", "premises": premises, "conclusion": conclusion,
             "scheme": scheme and scheme["iri"], "label": draw(st.sampled_from([None, f"Arg {k}"])),
             "comment": None, "answers": answers}
        )  # fmt: skip
        targets.append(f"{base}inference-{k}")
    for k in range(draw(st.integers(0, 3)) if n > 1 else 0):
        attacker = draw(st.sampled_from(ids))
        target = draw(st.sampled_from([t for t in targets if t != attacker]))
        if any((c["attacker"], c["target"]) == (attacker, target) for c in doc["conflicts"]):
            continue  # the annotator makes one attack of a statement on a target
        doc["conflicts"].append(
            {"id": f"{base}conflict-{k}", "attacker": attacker, "target": target, "comment": None}
        )
    doc["map"]["main"] = draw(st.lists(st.sampled_from(ids), max_size=1))
    return text, doc


@pytest.mark.parametrize("name", ["t.argdown", "t.ttl"])
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=documents())
def test_every_document_of_complete_elements_reads_back_as_it_was(
    tmp_path: Path, name: str, case: tuple[str, dict[str, Any]]
) -> None:
    text, document = case
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    path = tmp_path / name
    path.unlink(missing_ok=True)
    session = open_session(tmp_path / "t.txt", path)
    answer = save_document(session, document)
    assert answer["notKept"] == [], (path.read_text(encoding="utf-8"), answer["problems"])
    errors = [p for p in answer["problems"] if p["severity"] == "error"]
    assert errors == [], path.read_text(encoding="utf-8")
