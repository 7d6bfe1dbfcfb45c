"""The annotator's local server: one text, one map file, a page and three calls.

``open_session(text, map)`` reads the map (or starts an empty one, or a draft of the
text) as the annotator's JSON document (:mod:`graph.annotate.document`);
``create_app(session)`` serves, on 127.0.0.1 only:

* ``GET /``: the annotator page (``templates/annotate.html`` with ``static/``, all
  inline: the page makes no request but to this server);
* ``GET /api/session``: the document, the text, the scheme catalogue and the kinds;
* ``POST /api/assess``: statuses and strengths of a document as it is being edited,
  with what-if switches (``off``), and its problems; nothing is written;
* ``POST /api/save``: writes the map (Argdown or Turtle, by its name) atomically,
  keeping the previous file as ``MAP.bak``, and answers the file read back.

The server writes only the map file and its backup. Every ``/api`` call must carry the
page's token (``X-Argmap-Token``), and every request a ``Host`` of this server: another
site open in the same browser can neither read the text nor write the map, even
through a DNS name rebound to 127.0.0.1.
"""

from __future__ import annotations

import json
import secrets
import shutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import anyio
from rdflib import URIRef
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from graph import formats
from graph.annotate.document import (
    KINDS,
    check_document,
    default_base,
    from_store,
    new_document,
    to_store,
)
from graph.assessment import SEMANTICS, assess
from graph.derive import derive, known_schemes
from graph.draft import headings, relative_path
from graph.errors import ArgmapError, InputError, Problem
from graph.output import OutputError
from graph.store import MapStore, atomic_write, read_text_file
from graph.vocab import AM, RDFS

__all__ = ["MAP_FORMATS", "Session", "create_app", "open_session", "page"]

#: What the annotator saves, by the map file's extension.
MAP_FORMATS = {".argdown": "argdown", ".ad": "argdown", ".ttl": "turtle"}

_MAX_BODY = 32 * 1024 * 1024


@dataclass
class Session:
    """One annotation session: the text, the map file and the document as last saved."""

    text_path: Path
    map_path: Path
    text: str
    document: dict[str, Any]
    format: str
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    revision: int = 0
    problems: list[Problem] = field(default_factory=list)
    port: int | None = None
    #: the prefixes a saved Turtle map is written with (the opened map's own)
    prefixes: dict[str, str] = field(default_factory=dict)


def map_format(map_path: Path) -> str:
    """``argdown`` or ``turtle``, from the map file's name.

    Raises:
        InputError: another extension.
    """
    try:
        return MAP_FORMATS[map_path.suffix.lower()]
    except KeyError:
        raise InputError(
            "the annotator saves Argdown (.argdown) or Turtle (.ttl): "
            "name the map file with one of these extensions",
            path=str(map_path),
        ) from None


def open_session(text_path: Path, map_path: Path | None = None, *, draft: bool = False) -> Session:
    """Start annotating ``text_path`` into ``map_path`` (default: the text's name, .argdown).

    An existing map is read (in Argdown or Turtle); a new one starts empty, or with
    the draft of :func:`graph.draft.draft_map` when ``draft`` is set.

    Raises:
        InputError: the text cannot be read; the map cannot be read, quotes another
            text, or is named with an extension the annotator cannot save; ``draft``
            with a map that exists.
    """
    text_path = Path(text_path)
    map_path = Path(map_path) if map_path is not None else text_path.with_suffix(".argdown")
    fmt = map_format(map_path)
    text = read_text_file(text_path)
    relative = relative_path(text_path, map_path.parent)
    if map_path.exists():
        if draft:
            raise InputError(
                "the map file exists: --draft starts a new map; leave it out to edit this one, "
                "or give another MAP",
                path=str(map_path),
            )
        store = formats.load(map_path)
        document = from_store(store)
        prefixes = dict(store.prefixes)
        source = document["source"]
        if source is None:
            raise InputError(
                "this map has no source document (am:SourceDocument) to annotate",
                path=str(map_path),
            )
        named = source["textFile"]
        if named is None:
            source["textFile"] = relative
        elif (map_path.parent / named).resolve() != text_path.resolve():
            raise InputError(
                f"this map quotes {named!r}, not {str(text_path)!r}: give that text, "
                "or another MAP for this one",
                path=str(map_path),
            )
    elif draft:
        from graph.draft import draft_map

        document = from_store(draft_map(text, text_file=relative, path=map_path))
        prefixes = {"": document["base"]}
    else:
        document = new_document(relative, default_base(map_path), _title(text, text_path))
        prefixes = {"": document["base"]}
    return Session(text_path, map_path, text, document, fmt, prefixes=prefixes)


def _title(text: str, text_path: Path) -> str:
    """The text's first heading, as `argmap draft` finds it, else the file's name."""
    found = headings(text)
    return found[0] if found else text_path.stem.replace("-", " ").replace("_", " ")


# ------------------------------------------------------------------ the calls


def schemes() -> list[dict[str, Any]]:
    """The ontology's argumentation schemes with their critical questions."""
    from graph.derive import _ontology

    onto = _ontology()
    out = []
    for iri in known_schemes():
        ref = URIRef(iri)
        label = next((str(o) for o in onto.objects(ref, RDFS.label)), iri.rsplit("#", 1)[-1])
        questions = sorted(str(q) for q in onto.objects(ref, AM.criticalQuestion))
        out.append(
            {"iri": iri, "name": iri.rsplit("#", 1)[-1], "label": label, "questions": questions}
        )
    return sorted(out, key=lambda s: s["label"].lower())


def _problem(p: Problem) -> dict[str, Any]:
    return {"severity": p.severity, "message": str(p), "focus": p.focus or None}


def _switched_off(document: dict[str, Any], off: set[str]) -> dict[str, Any]:
    """The document without what is switched off and without what then dangles or is
    incomplete (an inference that lost a premise or its conclusion, an attack that lost
    its attacker or its target), so that reasoning runs on what is well-formed."""
    d = dict(document)
    statements = [s for s in d["statements"] if s["id"] not in off]
    ids = {s["id"] for s in statements}
    inferences = [
        i
        for i in d["inferences"]
        if i["id"] not in off
        and i["premises"]
        and i["conclusion"] in ids
        and all(p in ids for p in i["premises"])
    ]
    ids |= {i["id"] for i in inferences}
    d["statements"] = statements
    d["inferences"] = [
        dict(i, answers=[a for a in i["answers"] if a["answeredBy"] in ids]) for i in inferences
    ]
    d["conflicts"] = [
        c
        for c in d["conflicts"]
        if c["id"] not in off and c["attacker"] in ids and c["target"] in ids
    ]
    if d["map"] is not None:
        d["map"] = dict(d["map"], main=[m for m in d["map"]["main"] if m in ids])
    return d


#: What the annotator says in its own words (:func:`_shape_problems`).
_SAID_HERE = {"inference-without-conclusion", "inference-without-premise"}


def _problems(session: Session, store: MapStore, doc: dict[str, Any]) -> list[Problem]:
    """The map's problems (integrity, quotes, authoring), then what is unfinished."""
    from graph.pipeline import _check

    found = _check(store, session.format == "argdown")
    return [p for p in found if p.rule not in _SAID_HERE] + _shape_problems(doc)


def assess_document(
    session: Session, document: object, semantics: str = "grounded", off: object = ()
) -> dict[str, Any]:
    """Statuses, strengths and problems of a document being edited; writes nothing.

    Problems never stop the assessment: it runs on the part of the map that is
    well-formed (see :func:`_switched_off`).

    Raises:
        InputError: a malformed document, an unknown semantics, ``off`` not a list.
    """
    doc = check_document(document)
    if semantics not in SEMANTICS:
        raise InputError(f"semantics: expected one of {', '.join(SEMANTICS)}, not {semantics!r}")
    if not isinstance(off, list | tuple) or not all(isinstance(x, str) for x in off):
        raise InputError("off: expected a list of IRIs")
    store = to_store(doc, session.map_path)
    problems = _problems(session, store, doc)
    reasoned = _switched_off(doc, set(off))
    # the store checked above when nothing is switched off or left out
    working = store if reasoned == doc else to_store(reasoned, session.map_path)
    derive(working)
    statuses: dict[str, str] = {}
    strength: dict[str, float] = {}
    try:
        result = assess(working, semantics=[semantics])
    except ArgmapError as exc:
        problems.append(Problem("", "", f"cannot reason over the map: {exc}", "", rule="assess"))
    else:
        for node, label in result.statuses[semantics].items():
            statuses[str(node)] = str(label)
        for node, value in result.strength.items():
            strength[str(node)] = round(float(value), 4)
    return {
        "semantics": semantics,
        "statuses": statuses,
        "strength": strength,
        "problems": [_problem(p) for p in problems],
    }


def _name(item: dict[str, Any]) -> str:
    """How a message names an element: its label, else its IRI's local name."""
    label = item.get("label") or item.get("name")
    return f'"{label}"' if label else item["id"].rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _shape_problems(doc: dict[str, Any]) -> list[Problem]:
    """What the annotator lets the user leave unfinished, said in its terms."""
    out: list[Problem] = []

    def add(focus: str, message: str, fix: str, severity: str = "error") -> None:
        out.append(Problem("", "", message, fix, severity=severity, rule="annotator", focus=focus))

    for inf in doc["inferences"]:
        name = _name(inf)
        if inf["conclusion"] is None:
            add(inf["id"], f"{name} has no conclusion", "pick the statement it supports")
        if not inf["premises"]:
            add(inf["id"], f"{name} has no premise", "link a statement as its premise")
    for s in doc["statements"]:
        if not s["anchors"] and not s["implicit"]:
            add(
                s["id"],
                f"{_name(s)} quotes nothing in the text",
                "select its words in the text and add them as a quote, or mark it unstated",
                "warning",
            )
    return out


def _one_line(doc: dict[str, Any]) -> dict[str, Any]:
    """Argdown writes a statement's label and text on one line: whitespace inside them
    (a text selected across a line break) becomes single spaces, and a statement
    without a text reads back with its title as its text, as Argdown reads them."""

    def flat(value: str | None) -> str | None:
        return " ".join(value.split()) if value else value

    return dict(
        doc,
        statements=[
            dict(s, label=flat(s["label"]), text=flat(s["text"]) or flat(s["label"]))
            for s in doc["statements"]
        ],
    )


class _WriteError(ArgmapError):
    """The map file could not be written (the disk, not the document): a 500."""


def save_document(session: Session, document: object) -> dict[str, Any]:
    """Write the document to the session's map file; return what was written.

    The previous file, if any, is kept as ``MAP.bak``; the map is written through a
    temporary file and a rename, so a failure leaves it as it was. Problems of the map
    do not stop the save (work in progress is saved); they are returned.

    Raises:
        InputError: a malformed document (nothing is written).
    """
    doc = check_document(document)
    if session.format == "argdown":
        doc = _one_line(doc)
    path = session.map_path
    store = to_store(doc, path)
    store.prefixes = dict(session.prefixes)
    if session.format == "argdown":
        from graph.formats import argdown

        data = argdown.dumps(store).encode("utf-8")
    else:
        data = store.serialize("turtle", derived=False)
    backup = None
    try:
        if path.exists():
            backup_path = path.with_name(path.name + ".bak")
            atomic_write(backup_path, path.read_bytes())
            shutil.copymode(path, backup_path)
            backup = backup_path.name
        atomic_write(path, data)
    except OutputError as exc:  # a full disk, a read-only folder, a dangling link ...
        raise _WriteError(f"{exc}; the map in the browser is kept") from None
    except OSError as exc:
        raise _WriteError(f"cannot write {path}: {exc.strerror}; it is as it was") from None
    session.revision += 1
    try:
        saved = formats.load(path)
    except ArgmapError as exc:  # a document the writer could not carry: say so
        problem = Problem(str(path), "", f"the saved map does not read back: {exc}", "")
        session.problems = [problem]
        return _saved(session, backup, doc, [])
    back = from_store(saved)
    missing = not_kept(doc, back)
    session.document = back
    session.problems = _problems(session, saved, doc)
    names = {x["id"]: _name(x) for g in _GROUPS for x in doc[g]}
    session.problems += [
        Problem(
            str(path),
            "",
            f"{names.get(iri, 'the main conclusion')} is not in the file as it is here: "
            f"{_FORMAT_NAMES[session.format]} cannot hold it yet",
            "finish it (an inference needs premises and a conclusion), or save as .ttl; "
            "until then it is kept in the browser",
            severity="warning",
            rule="not-kept",
            focus=iri,
        )
        for iri in missing
    ]
    return _saved(session, backup, doc if missing else back, missing)


_FORMAT_NAMES = {"argdown": "Argdown", "turtle": "Turtle"}
_GROUPS = ("actors", "statements", "inferences", "conflicts")


def _normal(group: str, item: dict[str, Any]) -> dict[str, Any]:
    out = dict(item)
    for key in ("premises", "speakers", "mentions"):
        if key in out:
            out[key] = sorted(out[key])
    if "anchors" in out:
        out["anchors"] = sorted(
            tuple(sorted((k, str(v)) for k, v in a.items())) for a in out["anchors"]
        )
    if "answers" in out:
        out["answers"] = sorted((a["question"], a["answeredBy"]) for a in out["answers"])
    return out


def not_kept(document: dict[str, Any], back: dict[str, Any]) -> list[str]:
    """The IRIs of the document's elements that the saved file does not hold as they are.

    An inference the document leaves unlabelled may come back labelled (Argdown names
    every argument); that is not a loss.
    """
    missing: list[str] = []
    for group in _GROUPS:
        saved = {x["id"]: _normal(group, x) for x in back[group]}
        for item in document[group]:
            mine = _normal(group, item)
            theirs = saved.get(item["id"])
            if theirs is not None and group == "inferences" and mine.get("label") is None:
                theirs = dict(theirs, label=None)
            if theirs != mine:
                missing.append(item["id"])
    if document["map"] is not None and (
        back["map"] is None or sorted(back["map"]["main"]) != sorted(document["map"]["main"])
    ):
        missing.append(document["map"]["iri"])
    return missing


def _saved(
    session: Session, backup: str | None, document: dict[str, Any], missing: list[str]
) -> dict[str, Any]:
    return {
        "path": str(session.map_path),
        "backup": backup,
        "format": session.format,
        "revision": session.revision,
        "problems": [_problem(p) for p in session.problems],
        "document": document,
        "kept": not missing,
        "notKept": missing,
    }


def session_data(session: Session) -> dict[str, Any]:
    """What the page starts from (``GET /api/session``)."""
    return {
        "document": session.document,
        "text": session.text,
        "textName": session.text_path.name,
        "mapName": session.map_path.name,
        "format": session.format,
        "revision": session.revision,
        "schemes": schemes(),
        "kinds": list(KINDS),
        "semantics": list(SEMANTICS),
        "problems": [_problem(p) for p in session.problems],
    }


# ------------------------------------------------------------------ the page


def page(session: Session) -> str:
    """The annotator page, everything inline."""
    from jinja2 import Environment, StrictUndefined
    from markupsafe import Markup

    from graph.render.html import _vis_assets

    here = resources.files("graph.annotate")
    template = (here / "templates" / "annotate.html").read_text(encoding="utf-8")
    vis_js, vis_css = _vis_assets()
    env = Environment(autoescape=True, undefined=StrictUndefined)

    def inline(name: str) -> Markup:
        text = (here / "static" / name).read_text(encoding="utf-8")
        return Markup(text.replace("</script", "<\\/script").replace("</style", "<\\/style"))

    title = session.document["map"]["title"] if session.document.get("map") else None
    return env.from_string(template).render(
        title=title or session.map_path.name,
        token=session.token,
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        app_js=inline("annotate.js"),
        app_css=inline("annotate.css"),
    )


# ------------------------------------------------------------------ the app

Handler = Callable[[Request], Awaitable[Response]]


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def create_app(session: Session) -> Starlette:
    """The annotator's ASGI application for one session."""

    def allowed_host(request: Request) -> bool:
        host = request.headers.get("host", "")
        if session.port is None:  # not told its port: any port of the loopback names
            return host.startswith(("127.0.0.1:", "localhost:"))
        return host in {f"127.0.0.1:{session.port}", f"localhost:{session.port}"}

    def guarded(handler: Handler, *, api: bool = True) -> Handler:
        async def run(request: Request) -> Response:
            if not allowed_host(request):
                return _error(403, "this server answers only at 127.0.0.1")
            if api and not secrets.compare_digest(
                request.headers.get("x-argmap-token", ""), session.token
            ):
                return _error(403, "missing or wrong X-Argmap-Token: reload the annotator page")
            try:
                return await handler(request)
            except InputError as exc:
                return _error(400, str(exc))
            except _WriteError as exc:
                return _error(500, str(exc))

        return run

    async def body(request: Request) -> dict[str, Any]:
        if "json" not in request.headers.get("content-type", ""):
            raise InputError("expected Content-Type: application/json")
        raw = await request.body()
        if len(raw) > _MAX_BODY:
            raise InputError(f"the request is larger than {_MAX_BODY // 2**20} MB")
        try:
            value = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"not JSON: {exc}") from None
        if not isinstance(value, dict):
            raise InputError("expected a JSON object")
        return value

    async def index(request: Request) -> Response:
        html = await anyio.to_thread.run_sync(page, session)
        return HTMLResponse(
            html,
            headers={
                "Cache-Control": "no-store",
                "Content-Security-Policy": (
                    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                    "img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
                    "frame-ancestors 'none'"
                ),
                "X-Content-Type-Options": "nosniff",
            },
        )

    async def get_session(request: Request) -> Response:
        data = await anyio.to_thread.run_sync(session_data, session)
        return JSONResponse(data, headers={"Cache-Control": "no-store"})

    async def post_assess(request: Request) -> Response:
        b = await body(request)
        answer = await anyio.to_thread.run_sync(
            lambda: assess_document(
                session, b.get("document"), b.get("semantics", "grounded"), b.get("off", [])
            )
        )
        return JSONResponse(answer)

    async def post_save(request: Request) -> Response:
        b = await body(request)
        answer = await anyio.to_thread.run_sync(save_document, session, b.get("document"))
        return JSONResponse(answer)

    return Starlette(
        routes=[
            Route("/", guarded(index, api=False), methods=["GET"]),
            Route("/api/session", guarded(get_session), methods=["GET"]),
            Route("/api/assess", guarded(post_assess), methods=["POST"]),
            Route("/api/save", guarded(post_save), methods=["POST"]),
        ]
    )
