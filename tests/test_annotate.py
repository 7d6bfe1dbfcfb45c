"""The annotator's server: its session, live assessment, saving, its guards and the
`argmap annotate` command, over real HTTP (uvicorn on a port of 127.0.0.1)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib.compare import isomorphic
from test_serve import Server

from graph.annotate.server import Session, create_app, open_session
from graph.cli import main
from graph.errors import InputError
from graph.formats import load
from graph.pipeline import open_map

ROOT = Path(__file__).resolve().parent.parent
NU = "https://w3id.org/argmap/map/nato-ukraine#"
TEXT = "Cars should be banned. They pollute the air. But people need cars.\n"


class Annotator:
    """A session served on a free port, with the calls the page makes."""

    def __init__(self, session: Session, server: Server) -> None:
        self.session = session
        self.server = server

    def call(
        self, path: str, body: object = None, *, token: str | None = None, **headers: str
    ) -> tuple[int, Any]:
        h = {"X-Argmap-Token": self.session.token if token is None else token, **headers}
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            h.setdefault("Content-Type", "application/json")
        reply = self.server.request(path, data=data, headers=h)
        try:
            return reply.status, json.loads(reply.text)
        except json.JSONDecodeError:
            return reply.status, reply.text

    def document(self) -> dict[str, Any]:
        status, data = self.call("/api/session")
        assert status == 200
        return data["document"]  # type: ignore[no-any-return]

    def assess(self, document: dict[str, Any], **body: Any) -> dict[str, Any]:
        status, data = self.call("/api/assess", {"document": document, **body})
        assert status == 200, data
        return data  # type: ignore[no-any-return]

    def save(self, document: dict[str, Any]) -> dict[str, Any]:
        status, data = self.call("/api/save", {"document": document})
        assert status == 200, data
        return data  # type: ignore[no-any-return]


def serve(session: Session) -> Iterator[Annotator]:
    with Server(create_app(session)) as server:
        session.port = server.port
        yield Annotator(session, server)


@pytest.fixture
def nato_copy(tmp_path: Path) -> Path:
    for name in ("nato-ukraine.ttl", "nato-ukraine.txt"):
        shutil.copy(ROOT / "seeds" / name, tmp_path / name)
    return tmp_path / "nato-ukraine.ttl"


@pytest.fixture
def nato(nato_copy: Path) -> Iterator[Annotator]:
    yield from serve(open_session(nato_copy.with_suffix(".txt"), nato_copy))


@pytest.fixture
def cars(tmp_path: Path) -> Iterator[Annotator]:
    (tmp_path / "cars.txt").write_text(TEXT, encoding="utf-8")
    yield from serve(open_session(tmp_path / "cars.txt"))


def statement(doc: dict[str, Any], key: str, text: str, **more: Any) -> str:
    """Add a statement quoting ``text`` (at its first place in TEXT); return its IRI."""
    start = TEXT.index(text) if text else None
    iri = doc["base"] + key
    doc["statements"].append(
        {
            "id": iri,
            "kind": more.pop("kind", "claim"),
            "label": key.capitalize(),
            "text": text or more.pop("said"),
            "anchors": []
            if start is None
            else [{"exact": text, "start": start, "end": start + len(text)}],
            **more,
        }
    )
    return iri


def cars_map(doc: dict[str, Any]) -> dict[str, Any]:
    ban = statement(doc, "ban", "Cars should be banned.", kind="proposal")
    air = statement(doc, "pollute", "They pollute the air.")
    health = statement(doc, "health", "", said="Pollution harms health.", implicit=True)
    need = statement(doc, "need", "people need cars.")
    doc["map"]["main"] = [ban]
    doc["inferences"].append(
        {"id": doc["base"] + "inference-1", "premises": [air, health], "conclusion": ban}
    )
    doc["conflicts"].append({"id": doc["base"] + "conflict-1", "attacker": need, "target": ban})
    return doc


# ------------------------------------------------------------------ the session


def test_the_session_gives_the_document_the_text_and_the_schemes(nato: Annotator) -> None:
    status, data = nato.call("/api/session")
    assert status == 200
    assert data["text"] == (ROOT / "seeds" / "nato-ukraine.txt").read_text(encoding="utf-8")
    assert (data["textName"], data["mapName"], data["format"]) == (
        "nato-ukraine.txt",
        "nato-ukraine.ttl",
        "turtle",
    )
    assert data["document"]["map"]["main"] == [NU + "nato-will-not-intervene"]
    schemes = {s["name"]: s for s in data["schemes"]}
    assert (
        "How strong is the likelihood that the cited consequences will occur?"
        in (schemes["ArgumentFromNegativeConsequences"]["questions"])
    )
    assert set(data["kinds"]) >= {"claim", "evidence", "proposal"}
    assert data["semantics"][0] == "grounded"


def test_a_new_map_starts_empty_on_the_text_and_named_after_it(cars: Annotator) -> None:
    doc = cars.document()
    assert doc["base"] == "https://w3id.org/argmap/map/cars#"
    assert doc["source"]["textFile"] == "cars.txt"
    assert doc["statements"] == [] and doc["map"]["main"] == []
    assert cars.session.map_path.name == "cars.argdown"
    assert not cars.session.map_path.exists()  # nothing is written until saved


def test_a_draft_session_starts_from_the_drafts_statements(tmp_path: Path) -> None:
    (tmp_path / "cars.txt").write_text(TEXT, encoding="utf-8")
    session = open_session(tmp_path / "cars.txt", draft=True)
    texts = [a["exact"] for s in session.document["statements"] for a in s["anchors"]]
    assert sorted(texts) == [
        "But people need cars.",
        "Cars should be banned.",
        "They pollute the air.",
    ]
    assert session.document["map"]["main"]
    assert not (tmp_path / "cars.argdown").exists()


@pytest.mark.parametrize(
    ("setup", "said"),
    [
        (lambda t: (t / "a.txt", t / "a.json"), "saves Argdown (.argdown) or Turtle (.ttl)"),
        (lambda t: (t / "none.txt", t / "a.argdown"), "no such text file"),
        (lambda t: (t / "a.txt", t / "other.argdown"), "this map quotes 'b.txt', not"),
    ],
)
def test_a_session_that_cannot_start_says_why(tmp_path: Path, setup: Any, said: str) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "other.argdown").write_text("===\ntitle: B\nsource: b.txt\n===\n", "utf-8")
    text, map_path = setup(tmp_path)
    with pytest.raises(InputError, match=re.escape(said)):
        open_session(text, map_path)


def test_draft_over_an_existing_map_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.argdown").write_text("===\ntitle: A\nsource: a.txt\n===\n", "utf-8")
    with pytest.raises(InputError, match="--draft starts a new map"):
        open_session(tmp_path / "a.txt", draft=True)


# ------------------------------------------------------------------ the guards


def test_every_call_needs_the_pages_token(nato: Annotator) -> None:
    for path, body in [("/api/session", None), ("/api/assess", {}), ("/api/save", {})]:
        for token in ("", "wrong"):
            status, data = nato.call(path, body, token=token)
            assert status == 403 and "X-Argmap-Token" in data["error"]
    assert nato.session.map_path.read_bytes() == (ROOT / "seeds" / "nato-ukraine.ttl").read_bytes()


def test_another_host_name_is_refused_even_with_the_token(nato: Annotator) -> None:
    for path in ("/", "/api/session"):
        status, data = nato.call(path, Host="rebound.example:80")
        assert status == 403 and "127.0.0.1" in data["error"]
    status, _ = nato.call("/api/session", Host=f"localhost:{nato.server.port}")
    assert status == 200


def test_a_malformed_request_is_a_400_naming_what_is_wrong(nato: Annotator) -> None:
    doc = nato.document()
    doc["statements"][0]["anchors"][0]["start"] = "x"
    status, data = nato.call("/api/save", {"document": doc})
    assert status == 400
    assert data["error"].startswith("statements[0].anchors[0].start: expected a character offset")
    status, data = nato.call("/api/assess", {"document": nato.document(), "semantics": "x"})
    assert status == 400 and "grounded" in data["error"]
    reply = nato.server.request(
        "/api/save",
        data=b"{not json",
        headers={"X-Argmap-Token": nato.session.token, "Content-Type": "application/json"},
    )
    assert reply.status == 400 and "not JSON" in reply.text
    # nothing was written
    assert not nato.session.map_path.with_name("nato-ukraine.ttl.bak").exists()


# ------------------------------------------------------------------ assessing


def test_assessing_gives_statuses_and_strengths_and_writes_nothing(nato: Annotator) -> None:
    before = sorted(p.name for p in nato.session.map_path.parent.iterdir())
    answer = nato.assess(nato.document(), semantics="grounded")
    built = open_map(nato.session.map_path)
    (status,) = built.rows(
        "SELECT ?s WHERE { nu:nato-will-not-intervene am:groundedStatus/rdfs:label ?s }"
    )
    assert answer["statuses"][NU + "nato-will-not-intervene"] == status[0]
    assert 0 <= answer["strength"][NU + "nato-will-not-intervene"] <= 1
    assert sorted(p.name for p in nato.session.map_path.parent.iterdir()) == before


def test_switching_an_attack_off_changes_what_it_attacked(nato: Annotator) -> None:
    doc = nato.document()
    before = nato.assess(doc)
    changed = 0
    for conflict in doc["conflicts"]:
        after = nato.assess(doc, off=[conflict["id"]])
        changed += after["statuses"] != before["statuses"]
        assert nato.assess(doc)["statuses"] == before["statuses"]  # nothing is kept
    assert changed >= 1
    # a statement switched off takes its inferences and attacks with it
    target = doc["conflicts"][0]["attacker"]
    after = nato.assess(doc, off=[target])
    assert target not in after["statuses"]


def test_problems_are_shown_and_do_not_stop_reasoning(cars: Annotator) -> None:
    doc = cars_map(cars.document())
    doc["statements"][0]["anchors"][0]["exact"] = "Cars must be banned."
    doc["inferences"].append(
        {"id": doc["base"] + "inference-2", "premises": [doc["base"] + "need"]}
    )
    answer = cars.assess(doc)
    messages = [p["message"] for p in answer["problems"]]
    assert any("Cars must be banned." in m for m in messages), messages
    assert any("has no conclusion" in m for m in messages), messages
    assert {p["focus"] for p in answer["problems"] if "no conclusion" in p["message"]} == {
        doc["base"] + "inference-2"
    }
    assert answer["statuses"][doc["base"] + "ban"] in {"in", "out", "undec"}


# ------------------------------------------------------------------ saving


def test_saving_the_nato_map_unchanged_gives_the_same_graph(nato: Annotator) -> None:
    original = load(ROOT / "seeds" / "nato-ukraine.ttl").merged_graph(derived=False)
    answer = nato.save(nato.document())
    path = nato.session.map_path
    assert answer["path"] == str(path) and answer["backup"] == "nato-ukraine.ttl.bak"
    assert isomorphic(load(path).merged_graph(derived=False), original)
    assert (
        path.with_name("nato-ukraine.ttl.bak").read_bytes()
        == (ROOT / "seeds" / "nato-ukraine.ttl").read_bytes()
    )
    assert "@prefix nu: <https://w3id.org/argmap/map/nato-ukraine#>" in path.read_text("utf-8")
    assert answer["revision"] == 1 and answer["problems"] == []


def test_the_nato_map_saved_as_argdown_keeps_every_statement_and_anchor(
    nato_copy: Path,
) -> None:
    target = nato_copy.with_name("nato.argdown")
    for annotator in serve(open_session(nato_copy.with_suffix(".txt"), target)):
        doc = annotator.document()
        assert doc["statements"] == []  # a new map: the .ttl is another file
    ttl = open_session(nato_copy.with_suffix(".txt"), nato_copy).document
    session = open_session(nato_copy.with_suffix(".txt"), target)
    session.document = dict(ttl)
    for annotator in serve(session):
        answer = annotator.save(ttl)
        assert answer["format"] == "argdown" and answer["backup"] is None
    back = open_session(nato_copy.with_suffix(".txt"), target).document
    assert [s["id"] for s in back["statements"]] == [s["id"] for s in ttl["statements"]]
    assert [s["anchors"] for s in back["statements"]] == [s["anchors"] for s in ttl["statements"]]
    # and the Argdown, opened and saved unchanged, is the same graph
    written = load(target).merged_graph(derived=False)
    for annotator in serve(open_session(nato_copy.with_suffix(".txt"), target)):
        assert annotator.save(annotator.document())["kept"]
    assert isomorphic(load(target).merged_graph(derived=False), written)
    result = CliRunner().invoke(main, ["build", str(target), "-o", str(nato_copy.parent / "o")])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name", ["cars.argdown", "cars.ttl"])
def test_a_map_made_in_the_annotator_saves_builds_and_reads_back(tmp_path: Path, name: str) -> None:
    (tmp_path / "cars.txt").write_text(TEXT, encoding="utf-8")
    for annotator in serve(open_session(tmp_path / "cars.txt", tmp_path / name)):
        doc = cars_map(annotator.document())
        answer = annotator.save(doc)
        assert answer["backup"] is None
        assert [p for p in answer["problems"] if p["severity"] == "error"] == []
        again = annotator.save(answer["document"])
        assert again["backup"] == name + ".bak" and again["revision"] == 2
        assert (tmp_path / (name + ".bak")).read_bytes() == (tmp_path / name).read_bytes()
    result = CliRunner().invoke(main, ["build", str(tmp_path / name), "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    built = open_map(tmp_path / name)
    rows = set(
        built.rows(
            "SELECT ?p ?c WHERE { ?i am:premise/rdfs:label ?p ; am:conclusion/rdfs:label ?c }"
        )
    )
    assert rows == {("Pollute", "Ban"), ("Health", "Ban")}
    assert list(built.rows("SELECT ?s WHERE { ?s am:implicit true }")) == [
        ("https://w3id.org/argmap/map/cars#health",)
    ]
    (start,) = built.rows(
        "SELECT ?n WHERE { ?s rdfs:label 'Need' ; am:anchor/oa:hasSelector/oa:start ?n }"
    )
    assert int(start[0]) == TEXT.index("people need cars.")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["cars.txt", name, name + ".bak", "o"]
    )


def test_work_in_progress_is_saved_with_its_problems(cars: Annotator) -> None:
    doc = cars_map(cars.document())
    doc["inferences"].append({"id": doc["base"] + "inference-2", "premises": []})
    answer = cars.save(doc)
    assert any("has no premise" in p["message"] for p in answer["problems"])
    assert cars.session.map_path.exists()


def test_a_failed_write_leaves_the_map_as_it_was(nato: Annotator, monkeypatch: Any) -> None:
    import graph.annotate.server as server

    before = nato.session.map_path.read_bytes()
    real = server.atomic_write

    def failing(path: Path, data: bytes) -> Path:
        if path == nato.session.map_path:
            raise OSError(28, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(server, "atomic_write", failing)
    status, data = nato.call("/api/save", {"document": nato.document()})
    assert status == 500
    assert data["error"] == (
        f"cannot write {nato.session.map_path}: No space left on device; it is as it was"
    )
    assert nato.session.map_path.read_bytes() == before
    assert nato.session.map_path.with_name("nato-ukraine.ttl.bak").read_bytes() == before


def test_a_backup_that_cannot_be_written_stops_the_save(nato: Annotator) -> None:
    """A folder where the backup goes: the save is refused, the map file untouched."""
    before = nato.session.map_path.read_bytes()
    backup = nato.session.map_path.with_name("nato-ukraine.ttl.bak")
    backup.mkdir()
    status, data = nato.call("/api/save", {"document": nato.document()})
    assert status == 500
    assert data["error"] == (
        f"{backup} is a folder: argmap writes a file there; move it away; the map in the "
        "browser is kept"
    )
    assert nato.session.map_path.read_bytes() == before


# ------------------------------------------------------------------ the command


def test_argmap_annotate_prints_its_address_and_serves_the_page(tmp_path: Path) -> None:
    (tmp_path / "cars.txt").write_text(TEXT, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "graph.cli", "annotate", "cars.txt", "--no-open"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert found, line
        assert "cars.txt" in line and "cars.argdown" in line
        with urllib.request.urlopen(found.group(0), timeout=30) as reply:
            html = reply.read().decode("utf-8")
            assert "connect-src 'self'" in reply.headers["Content-Security-Policy"]
        token = re.search(r'<meta name="argmap-token" content="([^"]+)"', html)
        assert token
        assert not re.search(r"""(src|href)=["']?https?:""", html)
        request = urllib.request.Request(
            found.group(0) + "api/session", headers={"X-Argmap-Token": token.group(1)}
        )
        with urllib.request.urlopen(request, timeout=30) as reply:
            assert json.loads(reply.read())["textName"] == "cars.txt"
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cars.txt"]


def test_argmap_annotate_with_a_bad_map_name_exits_1_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "cars.txt").write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["annotate", str(tmp_path / "cars.txt"), "map.rdf"])
    assert result.exit_code == 1
    assert "saves Argdown (.argdown) or Turtle (.ttl)" in result.output


def test_the_readmes_argdown_example_saved_unchanged_gives_the_same_graph(
    tmp_path: Path,
) -> None:
    from test_authoring import MAP
    from test_authoring import TEXT as CARS

    (tmp_path / "cars.txt").write_text(CARS, encoding="utf-8")
    path = tmp_path / "cars.argdown"
    path.write_text(MAP, encoding="utf-8")
    before = load(path).merged_graph(derived=False)
    for annotator in serve(open_session(tmp_path / "cars.txt", path)):
        answer = annotator.save(annotator.document())
        assert answer["kept"] and answer["backup"] == "cars.argdown.bak"
    assert isomorphic(load(path).merged_graph(derived=False), before)
    assert (tmp_path / "cars.argdown.bak").read_text(encoding="utf-8") == MAP
