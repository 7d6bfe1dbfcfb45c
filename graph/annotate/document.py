"""The annotator's JSON document (version 1) and its exact mapping to a map's triples.

A triple goes into a field only when it maps exactly; every other asserted triple is
kept verbatim in ``extra`` (N-Triples), so ``to_store(from_store(s))`` is isomorphic
to the asserted graph of ``s`` for any map.

The dialogue layer (locutions, illocutions, transitions) and rephrases travel in
``extra``, and follow the argument: when the annotator removes a statement, an
inference or a conflict, the illocutions that put it forward and the rephrases from
or to it go with it (the locutions stay: the words were still said).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from graph.errors import InputError
from graph.store import MapStore, from_ox, new_store
from graph.vocab import AM, DCTERMS, OA, PROV, RDF, RDFS, STATEMENT_KINDS, XSD

__all__ = ["check_document", "default_base", "from_store", "new_document", "to_store", "to_triples"]

Triple = tuple[Node, Node, Node]
KINDS = STATEMENT_KINDS
_CQA = URIRef(str(AM._NS) + "CriticalQuestionAnswer")
_ANSWERS = URIRef(str(AM._NS) + "answersQuestion")
_QUESTION_OF = URIRef(str(AM._NS) + "questionOf")
_ANSWERED_BY = URIRef(str(AM._NS) + "answeredBy")


def _slug(title: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].strip("-") or "node"


def default_base(map_path: Path) -> str:
    """The namespace for a map's new IRIs.

    >>> default_base(Path("cars.argdown"))
    'https://w3id.org/argmap/map/cars#'
    """
    return f"https://w3id.org/argmap/map/{_slug(Path(map_path).stem)}#"


def new_document(text_name: str, base: str, title: str | None) -> dict[str, Any]:
    """An empty map with a source document on the text file ``text_name``.

    ``title`` names both the map and its source document, as Argdown's ``title:`` does.
    """
    return {
        "version": 1,
        "base": base,
        "map": {"iri": base + "map", "title": title, "main": []},
        "source": {
            "iri": base + "source-document",
            "textFile": text_name,
            "title": title,
            "authors": [],
            "date": None,
        },
        "actors": [],
        "statements": [],
        "inferences": [],
        "conflicts": [],
        "extra": "",
    }


# ------------------------------------------------------------------ reading a map


class _Reader:
    def __init__(self, triples: list[ox.Triple]) -> None:
        self.triples = triples
        self.by_subject: dict[Any, list[ox.Triple]] = defaultdict(list)
        self.as_object: dict[Any, list[ox.Triple]] = defaultdict(list)
        for t in triples:
            self.by_subject[t.subject].append(t)
            self.as_object[t.object].append(t)
        self.used: set[ox.Triple] = set()

    def values(self, s: Any, p: URIRef) -> list[ox.Triple]:
        return [t for t in self.by_subject.get(s, []) if t.predicate.value == str(p)]

    def typed(self, cls: URIRef) -> list[ox.NamedNode]:
        return sorted(
            {
                t.subject
                for t in self.triples
                if t.predicate.value == str(RDF.type)
                and isinstance(t.object, ox.NamedNode)
                and _value(t.object) == str(cls)
                and isinstance(t.subject, ox.NamedNode)
            },
            key=lambda n: n.value,
        )

    def type_triple(self, s: Any, cls: URIRef) -> ox.Triple:
        return ox.Triple(s, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(cls)))

    def string(self, s: Any, p: URIRef) -> str | None:
        for t in sorted(self.values(s, p), key=str):
            if _plain(t.object) and _value(t.object) != "":
                self.used.add(t)
                return str(_value(t.object))
        return None

    def iris(self, s: Any, p: URIRef) -> list[str]:
        found = sorted(
            (t for t in self.values(s, p) if isinstance(t.object, ox.NamedNode)), key=str
        )
        self.used.update(found)
        return sorted(_value(t.object) for t in found)

    def iri(self, s: Any, p: URIRef) -> str | None:
        for t in sorted(self.values(s, p), key=str):
            if isinstance(t.object, ox.NamedNode):
                self.used.add(t)
                return str(_value(t.object))
        return None


def _value(o: Any) -> str:
    """The lexical value of an object term (a quoted triple has none)."""
    return str(o.value)


def _plain(o: Any) -> bool:
    return isinstance(o, ox.Literal) and o.language is None and o.datatype.value == str(XSD.string)


def _typed(o: Any, dt: URIRef) -> bool:
    return isinstance(o, ox.Literal) and o.language is None and o.datatype.value == str(dt)


def _decimal(x: float) -> str:
    text = repr(float(x))
    if "e" in text or "E" in text or "inf" in text or "nan" in text:
        return ""
    return text


def _only(r: _Reader, node: Any, allowed: dict[str, int]) -> list[ox.Triple] | None:
    """The triples about a blank node if they are exactly of the given predicates
    (each at most its count) and the node is the object of one triple only."""
    if not isinstance(node, ox.BlankNode) or len(r.as_object.get(node, [])) != 1:
        return None
    triples = r.by_subject.get(node, [])
    counts: dict[str, int] = defaultdict(int)
    for t in triples:
        counts[t.predicate.value] += 1
        if counts[t.predicate.value] > allowed.get(t.predicate.value, 0):
            return None
    return triples


def _anchor(r: _Reader, link: ox.Triple, source: str | None) -> dict[str, Any] | None:
    a = link.object
    triples = _only(r, a, {str(RDF.type): 1, str(OA.hasSource): 1, str(OA.hasSelector): 2})
    if triples is None or source is None:
        return None
    got = {t.predicate.value: t.object for t in triples}
    if got.get(str(RDF.type)) != ox.NamedNode(str(OA.SpecificResource)):
        return None
    if got.get(str(OA.hasSource)) != ox.NamedNode(source):
        return None
    quote: dict[str, Any] | None = None
    position: tuple[int, int] | None = None
    used = list(triples)
    for sel in [t.object for t in triples if t.predicate.value == str(OA.hasSelector)]:
        one = {str(RDF.type): 1, str(OA.exact): 1, str(OA.prefix): 1, str(OA.suffix): 1}
        st = _only(r, sel, one)
        if st is not None:
            v: dict[str, Any] = {t.predicate.value: t.object for t in st}
            if (
                v.get(str(RDF.type)) == ox.NamedNode(str(OA.TextQuoteSelector))
                and quote is None
                and all(_plain(o) for k, o in v.items() if k != str(RDF.type))
                and str(OA.exact) in v
            ):
                quote = {
                    k: v[str(p)].value if str(p) in v else None
                    for k, p in (
                        ("exact", OA.exact),
                        ("prefix", OA.prefix),
                        ("suffix", OA.suffix),
                    )
                }
                if quote["prefix"] == "" or quote["suffix"] == "":
                    return None
                used += st
                continue
        pos = {str(RDF.type): 1, str(OA.start): 1, str(OA.end): 1}
        st = _only(r, sel, pos)
        if st is None or position is not None or len(st) != 3:
            return None
        v = {t.predicate.value: t.object for t in st}
        if v.get(str(RDF.type)) != ox.NamedNode(str(OA.TextPositionSelector)):
            return None
        nums = [v.get(str(OA.start)), v.get(str(OA.end))]
        if not all(
            # Oxigraph keeps xsd:nonNegativeInteger as xsd:integer: either is an offset
            (_typed(n, XSD.nonNegativeInteger) or _typed(n, XSD.integer))
            and _value(n).isdigit()
            and str(int(_value(n))) == _value(n)
            for n in nums
        ):
            return None
        position = (int(nums[0].value), int(nums[1].value))  # type: ignore[union-attr]
        used += st
    if quote is None:
        return None
    r.used.update(used)
    r.used.add(link)
    return {
        "exact": quote["exact"],
        "start": position[0] if position else None,
        "end": position[1] if position else None,
        "prefix": quote["prefix"],
        "suffix": quote["suffix"],
    }


def from_store(store: MapStore) -> dict[str, Any]:
    """The document of a map's asserted graph (derived triples are left out)."""
    r = _Reader(store.triples_sorted(derived=False))
    taken: set[Any] = set()

    def claim(nodes: list[ox.NamedNode], cls: URIRef) -> list[ox.NamedNode]:
        out = [n for n in nodes if n not in taken]
        taken.update(out)
        for n in out:
            r.used.add(r.type_triple(n, cls))
        return out

    maps = claim(r.typed(AM.ArgumentMap)[:1], AM.ArgumentMap)
    map_node = maps[0] if maps else None
    source_node = None
    docs = [d for d in r.typed(AM.SourceDocument) if d not in taken]
    if map_node is not None:
        linked = {t.object for t in r.values(map_node, DCTERMS.source)}
        docs = [d for d in docs if d in linked]
    if docs:
        source_node = claim(docs[:1], AM.SourceDocument)[0]
    document: dict[str, Any] = {"version": 1}
    base = ""
    if map_node is not None:
        base = re.sub(r"[^#/]*$", "", map_node.value)
    elif source_node is not None:
        base = re.sub(r"[^#/]*$", "", source_node.value)
    document["base"] = base
    if map_node is not None:
        if source_node is not None:
            r.used.add(ox.Triple(map_node, ox.NamedNode(str(DCTERMS.source)), source_node))
        document["map"] = {
            "iri": map_node.value,
            "title": r.string(map_node, RDFS.label),
            "main": r.iris(map_node, AM.mainConclusion),
        }
    else:
        document["map"] = None
    source_iri = source_node.value if source_node is not None else None
    if source_node is not None:
        date = None
        for t in sorted(r.values(source_node, DCTERMS.date), key=str):
            if _typed(t.object, XSD.date):
                date = _value(t.object)
                r.used.add(t)
                break
        document["source"] = {
            "iri": source_node.value,
            "textFile": r.string(source_node, AM.textFile),
            "title": r.string(source_node, DCTERMS.title),
            "authors": r.iris(source_node, DCTERMS.creator),
            "date": date,
        }
    else:
        document["source"] = None
    document["actors"] = [
        {
            "id": n.value,
            "name": r.string(n, RDFS.label) or "",
            "role": r.string(n, AM.role),
            "comment": r.string(n, RDFS.comment),
        }
        for n in claim(r.typed(AM.Actor), AM.Actor)
    ]
    statements = []
    for kind, cls in KINDS.items():
        for n in claim(r.typed(cls), cls):
            implicit = False
            for t in r.values(n, AM.implicit):
                if _typed(t.object, XSD.boolean) and _value(t.object) == "true":
                    r.used.add(t)
                    implicit = True
                    break
            score = None
            for t in sorted(r.values(n, AM.baseScore), key=str):
                if _typed(t.object, XSD.decimal):
                    try:
                        value = float(_value(t.object))
                    except ValueError:
                        continue
                    # Oxigraph keeps decimals in canonical form: 1.0 as "1"
                    if _value(t.object) in (_decimal(value), _decimal(value).removesuffix(".0")):
                        score = value
                        r.used.add(t)
                        break
            anchors = [
                a
                for t in sorted(r.values(n, AM.anchor), key=str)
                if (a := _anchor(r, t, source_iri)) is not None
            ]
            anchors.sort(key=_anchor_key)
            statements.append(
                {
                    "id": n.value,
                    "kind": kind,
                    "label": r.string(n, RDFS.label) or "",
                    "text": r.string(n, AM.text) or "",
                    "speakers": r.iris(n, PROV.wasAttributedTo),
                    "mentions": r.iris(n, AM.mentions),
                    "implicit": implicit,
                    "anchors": anchors,
                    "baseScore": score,
                    "comment": r.string(n, RDFS.comment),
                }
            )
    document["statements"] = sorted(statements, key=lambda s: s["id"])
    inferences = []
    for n in claim(r.typed(AM.Inference), AM.Inference):
        answers = []
        for t in sorted(r.as_object.get(n, []), key=str):
            if t.predicate.value != str(_QUESTION_OF):
                continue
            allowed = {
                str(RDF.type): 1,
                str(_ANSWERS): 1,
                str(_QUESTION_OF): 1,
                str(_ANSWERED_BY): 1,
            }
            b = t.subject
            st = r.by_subject.get(b, []) if isinstance(b, ox.BlankNode) else None
            if st is None or r.as_object.get(b) or len(st) != 4:
                continue
            w: dict[str, Any] = {x.predicate.value: x.object for x in st}
            if len(w) != 4 or any(k not in allowed for k in w):
                continue
            if w[str(RDF.type)] != ox.NamedNode(str(_CQA)) or not _plain(w[str(_ANSWERS)]):
                continue
            if not isinstance(w[str(_ANSWERED_BY)], ox.NamedNode):
                continue
            r.used.update(st)
            answers.append(
                {"question": w[str(_ANSWERS)].value, "answeredBy": w[str(_ANSWERED_BY)].value}
            )
        inferences.append(
            {
                "id": n.value,
                "premises": r.iris(n, AM.premise),
                "conclusion": r.iri(n, AM.conclusion),
                "scheme": r.iri(n, AM.scheme),
                "label": r.string(n, RDFS.label),
                "comment": r.string(n, RDFS.comment),
                "answers": sorted(answers, key=lambda a: (a["question"], a["answeredBy"])),
            }
        )
    document["inferences"] = inferences
    conflicts = []
    for n in r.typed(AM.Conflict):
        if n in taken:
            continue
        if not any(isinstance(t.object, ox.NamedNode) for t in r.values(n, AM.attacker)):
            continue
        if not any(isinstance(t.object, ox.NamedNode) for t in r.values(n, AM.target)):
            continue
        claim([n], AM.Conflict)
        conflicts.append(
            {
                "id": n.value,
                "attacker": r.iri(n, AM.attacker),
                "target": r.iri(n, AM.target),
                "comment": r.string(n, RDFS.comment),
            }
        )
    document["conflicts"] = conflicts
    rest = [t for t in r.triples if t not in r.used]
    out = ox.serialize(rest, format=ox.RdfFormat.N_TRIPLES) if rest else b""
    document["extra"] = (out or b"").decode("utf-8")
    return document


def _anchor_key(a: dict[str, Any]) -> tuple[Any, ...]:
    start = -1 if a["start"] is None else a["start"]
    return (start, a["exact"], a["prefix"] or "", a["suffix"] or "", a["end"] or -1)


# ------------------------------------------------------------------ writing a map


def _lit(value: str) -> Literal:
    return Literal(value)


def to_triples(document: dict[str, Any]) -> list[Triple]:
    """The triples a (checked) document stands for."""
    doc = check_document(document)
    out: list[Triple] = []

    def add(s: Node, p: URIRef, o: Node) -> None:
        out.append((s, p, o))

    def text(s: Node, p: URIRef, value: str | None) -> None:
        if value:
            add(s, p, _lit(value))

    m = doc["map"]
    src = doc["source"]
    if m is not None:
        node = URIRef(m["iri"])
        add(node, RDF.type, AM.ArgumentMap)
        text(node, RDFS.label, m["title"])
        for iri in m["main"]:
            add(node, AM.mainConclusion, URIRef(iri))
        if src is not None:
            add(node, DCTERMS.source, URIRef(src["iri"]))
    if src is not None:
        node = URIRef(src["iri"])
        add(node, RDF.type, AM.SourceDocument)
        text(node, AM.textFile, src["textFile"])
        text(node, DCTERMS.title, src["title"])
        for iri in src["authors"]:
            add(node, DCTERMS.creator, URIRef(iri))
        if src["date"] is not None:
            add(node, DCTERMS.date, Literal(src["date"], datatype=XSD.date))
    for a in doc["actors"]:
        node = URIRef(a["id"])
        add(node, RDF.type, AM.Actor)
        text(node, RDFS.label, a["name"])
        text(node, AM.role, a["role"])
        text(node, RDFS.comment, a["comment"])
    for s in doc["statements"]:
        node = URIRef(s["id"])
        add(node, RDF.type, KINDS[s["kind"]])
        text(node, RDFS.label, s["label"])
        text(node, AM.text, s["text"])
        for iri in s["speakers"]:
            add(node, PROV.wasAttributedTo, URIRef(iri))
        for iri in s["mentions"]:
            add(node, AM.mentions, URIRef(iri))
        if s["implicit"]:
            add(node, AM.implicit, Literal("true", datatype=XSD.boolean))
        if s["baseScore"] is not None:
            add(node, AM.baseScore, Literal(_decimal(s["baseScore"]), datatype=XSD.decimal))
        text(node, RDFS.comment, s["comment"])
        for a in s["anchors"]:
            if src is None:
                raise InputError("anchors need a source document", node=s["id"])
            res, quote = BNode(), BNode()
            add(node, AM.anchor, res)
            add(res, RDF.type, OA.SpecificResource)
            add(res, OA.hasSource, URIRef(src["iri"]))
            add(res, OA.hasSelector, quote)
            add(quote, RDF.type, OA.TextQuoteSelector)
            add(quote, OA.exact, _lit(a["exact"]))
            text(quote, OA.prefix, a["prefix"])
            text(quote, OA.suffix, a["suffix"])
            if a["start"] is not None:
                pos = BNode()
                add(res, OA.hasSelector, pos)
                add(pos, RDF.type, OA.TextPositionSelector)
                add(pos, OA.start, Literal(str(a["start"]), datatype=XSD.nonNegativeInteger))
                add(pos, OA.end, Literal(str(a["end"]), datatype=XSD.nonNegativeInteger))
    for i in doc["inferences"]:
        node = URIRef(i["id"])
        add(node, RDF.type, AM.Inference)
        for iri in i["premises"]:
            add(node, AM.premise, URIRef(iri))
        if i["conclusion"] is not None:
            add(node, AM.conclusion, URIRef(i["conclusion"]))
        if i["scheme"] is not None:
            add(node, AM.scheme, URIRef(i["scheme"]))
        text(node, RDFS.label, i["label"])
        text(node, RDFS.comment, i["comment"])
        for a in i["answers"]:
            b = BNode()
            add(b, RDF.type, _CQA)
            add(b, _ANSWERS, _lit(a["question"]))
            add(b, _QUESTION_OF, node)
            add(b, _ANSWERED_BY, URIRef(a["answeredBy"]))
    for c in doc["conflicts"]:
        node = URIRef(c["id"])
        add(node, RDF.type, AM.Conflict)
        add(node, AM.attacker, URIRef(c["attacker"]))
        add(node, AM.target, URIRef(c["target"]))
        text(node, RDFS.comment, c["comment"])
    extra = [
        (from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in _extra(doc["extra"])
    ]
    out += _follow_the_argument(extra, {s for s, _, _ in out})
    return out


def _follow_the_argument(extra: list[Triple], elements: set[Node]) -> list[Triple]:
    """``extra`` without the illocutions and rephrases whose argument element is gone
    (neither described by a field, in ``elements``, nor by ``extra`` itself)."""
    present = elements | {s for s, _, _ in extra}
    refer: dict[Node, tuple[URIRef, ...]] = {
        AM.Illocution: (AM.proposition,),
        AM.Rephrase: (AM.rephraseFrom, AM.rephraseTo),
    }
    typed = {s: o for s, p, o in extra if p == RDF.type and o in refer}
    gone: set[Node] = set()
    changed = True
    while changed:  # a rephrase that goes takes the illocution restating it along
        changed = False
        for s, p, o in extra:
            kind = typed.get(s)
            if kind is None or s in gone or p not in refer[kind] or not isinstance(o, URIRef):
                continue
            if o not in present or o in gone:
                gone.add(s)
                changed = True
    return [t for t in extra if t[0] not in gone]


def _extra(extra: str) -> list[ox.Triple]:
    try:
        return list(ox.parse(extra.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    except (SyntaxError, ValueError) as exc:
        raise InputError(f"extra: not N-Triples: {exc}") from None


def to_store(document: dict[str, Any], path: Path | None = None) -> MapStore:
    """A new store holding the document's triples (``path``: where am:textFile resolves)."""
    store = new_store(path)
    store.add_asserted(to_triples(document))
    store.path = path
    if path is not None:
        store.sources.append(path)
    return store


# ------------------------------------------------------------------ checking


class _Check:
    def fail(self, at: str, message: str) -> None:
        raise InputError(f"{at}: {message}")

    def obj(self, v: object, at: str) -> dict[str, Any]:
        if not isinstance(v, dict):
            self.fail(at, "expected a JSON object")
        return v  # type: ignore[return-value]

    def iri(self, v: object, at: str) -> str:
        if not isinstance(v, str) or not v:
            self.fail(at, f"expected an IRI, not {v!r}")
        try:
            ox.NamedNode(v)  # type: ignore[arg-type]
        except ValueError:
            self.fail(at, f"expected an IRI, not {v!r}")
        return v  # type: ignore[return-value]

    def opt_iri(self, v: object, at: str) -> str | None:
        return None if v is None else self.iri(v, at)

    def string(self, v: object, at: str) -> str:
        if not isinstance(v, str):
            self.fail(at, "expected a string")
        return v  # type: ignore[return-value]

    def opt_string(self, v: object, at: str) -> str | None:
        return None if v is None else self.string(v, at)

    def lst(self, v: object, at: str) -> list[Any]:
        if v is None:
            return []
        if not isinstance(v, list):
            self.fail(at, "expected a list")
        return v  # type: ignore[return-value]

    def objects(self, v: object, at: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """Each object of the list ``v`` with its JSON path (``at[k]``)."""
        for k, item in enumerate(self.lst(v, at)):
            yield f"{at}[{k}]", self.obj(item, f"{at}[{k}]")

    def iris(self, v: object, at: str) -> list[str]:
        return [self.iri(x, f"{at}[{k}]") for k, x in enumerate(self.lst(v, at))]

    def opt_int(self, v: object, at: str) -> int | None:
        if v is None:
            return None
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            self.fail(at, f"expected a character offset (a whole number from 0), not {v!r}")
        return v  # type: ignore[return-value]


def check_document(document: object) -> dict[str, Any]:
    """Check a document's shape; return it with optional keys filled in.

    Raises:
        InputError: naming the JSON path, as in
            ``statements[3].anchors[0].start: expected a character offset``.
    """
    c = _Check()
    d = c.obj(document, "document")
    if d.get("version") != 1:
        c.fail("version", "expected 1")
    out: dict[str, Any] = {"version": 1, "base": c.string(d.get("base", ""), "base")}
    m = d.get("map")
    if m is None:
        out["map"] = None
    else:
        m = c.obj(m, "map")
        out["map"] = {
            "iri": c.iri(m.get("iri"), "map.iri"),
            "title": c.opt_string(m.get("title"), "map.title"),
            "main": c.iris(m.get("main"), "map.main"),
        }
    s = d.get("source")
    if s is None:
        out["source"] = None
    else:
        s = c.obj(s, "source")
        date = c.opt_string(s.get("date"), "source.date")
        out["source"] = {
            "iri": c.iri(s.get("iri"), "source.iri"),
            "textFile": c.opt_string(s.get("textFile"), "source.textFile"),
            "title": c.opt_string(s.get("title"), "source.title"),
            "authors": c.iris(s.get("authors"), "source.authors"),
            "date": date,
        }
    out["actors"] = []
    for at, a in c.objects(d.get("actors"), "actors"):
        out["actors"].append(
            {
                "id": c.iri(a.get("id"), at + ".id"),
                "name": c.opt_string(a.get("name"), at + ".name") or "",
                "role": c.opt_string(a.get("role"), at + ".role"),
                "comment": c.opt_string(a.get("comment"), at + ".comment"),
            }
        )
    out["statements"] = []
    for at, st in c.objects(d.get("statements"), "statements"):
        kind = st.get("kind", "statement")
        if kind not in KINDS:
            c.fail(at + ".kind", f"expected one of {', '.join(KINDS)}, not {kind!r}")
        implicit = st.get("implicit", False)
        if not isinstance(implicit, bool):
            c.fail(at + ".implicit", "expected true or false")
        score = st.get("baseScore")
        if score is not None and (
            isinstance(score, bool) or not isinstance(score, int | float) or not _decimal(score)
        ):
            c.fail(at + ".baseScore", "expected a number")
        anchors = []
        for aat, a in c.objects(st.get("anchors"), at + ".anchors"):
            start = c.opt_int(a.get("start"), aat + ".start")
            end = c.opt_int(a.get("end"), aat + ".end")
            if (start is None) != (end is None):
                c.fail(aat, "expected both start and end, or neither")
            if start is not None and end is not None and end < start:
                c.fail(aat + ".end", "expected an integer not below start")
            anchors.append(
                {
                    "exact": c.string(a.get("exact"), aat + ".exact"),
                    "start": start,
                    "end": end,
                    "prefix": c.opt_string(a.get("prefix"), aat + ".prefix") or None,
                    "suffix": c.opt_string(a.get("suffix"), aat + ".suffix") or None,
                }
            )
        out["statements"].append(
            {
                "id": c.iri(st.get("id"), at + ".id"),
                "kind": kind,
                "label": c.opt_string(st.get("label"), at + ".label") or "",
                "text": c.opt_string(st.get("text"), at + ".text") or "",
                "speakers": c.iris(st.get("speakers"), at + ".speakers"),
                "mentions": c.iris(st.get("mentions"), at + ".mentions"),
                "implicit": implicit,
                "anchors": anchors,
                "baseScore": score,
                "comment": c.opt_string(st.get("comment"), at + ".comment"),
            }
        )
    out["inferences"] = []
    for at, i in c.objects(d.get("inferences"), "inferences"):
        answers = []
        for aat, a in c.objects(i.get("answers"), at + ".answers"):
            answers.append(
                {
                    "question": c.string(a.get("question"), aat + ".question"),
                    "answeredBy": c.iri(a.get("answeredBy"), aat + ".answeredBy"),
                }
            )
        out["inferences"].append(
            {
                "id": c.iri(i.get("id"), at + ".id"),
                "premises": c.iris(i.get("premises"), at + ".premises"),
                "conclusion": c.opt_iri(i.get("conclusion"), at + ".conclusion"),
                "scheme": c.opt_iri(i.get("scheme"), at + ".scheme"),
                "label": c.opt_string(i.get("label"), at + ".label"),
                "comment": c.opt_string(i.get("comment"), at + ".comment"),
                "answers": answers,
            }
        )
    out["conflicts"] = []
    for at, x in c.objects(d.get("conflicts"), "conflicts"):
        out["conflicts"].append(
            {
                "id": c.iri(x.get("id"), at + ".id"),
                "attacker": c.iri(x.get("attacker"), at + ".attacker"),
                "target": c.iri(x.get("target"), at + ".target"),
                "comment": c.opt_string(x.get("comment"), at + ".comment"),
            }
        )
    seen: dict[str, str] = {}
    for group in ("actors", "statements", "inferences", "conflicts"):
        for k, item in enumerate(out[group]):
            at = f"{group}[{k}].id"
            if item["id"] in seen:
                c.fail(at, f"{item['id']} names two things (see {seen[item['id']]})")
            seen[item["id"]] = at
    out["extra"] = c.string(d.get("extra", ""), "extra")
    _extra(out["extra"])
    return out
