"""Generate synthetic argument maps of a chosen size, for benchmarks.

A generated map has the shape of a real one (``seeds/nato-ukraine.ttl``): an
``am:ArgumentMap`` naming its main conclusions, an ``am:SourceDocument`` whose plain
text is written next to the map, actors, statements of the five kinds with labels,
texts, speakers, mentions and anchors quoting that text verbatim (some statements
implicit, without anchor), inferences of one to three premises following a scheme
of the ontology, rebuttals and undercuts, and some shortcut ``am:supports`` /
``am:attacks`` edges in place of reified nodes. Support runs from newer statements
to older ones only, so the support graph is a DAG under the main conclusions.

The output depends on the size and the seed only (``random.Random(seed)``, no clock),
so two runs with the same arguments write the same bytes.

    python benchmarks/generate.py --triples 100000 -o benchmarks/data/map-100k.ttl
    python benchmarks/generate.py --triples 100000 -o benchmarks/data/map-100k.nt

>>> rdf, text = generate_map(300, seed=1)
>>> rdf.startswith("@prefix")
True
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from graph.vocab import AM

__all__ = [
    "FORMATS",
    "SyntheticMap",
    "build_map",
    "generate_map",
    "parse_size",
    "size_label",
    "write_map",
]

#: Output formats: name -> file extension.
FORMATS = {"turtle": ".ttl", "ntriples": ".nt"}

NS = "https://w3id.org/argmap/map/synthetic#"
_AM = "https://w3id.org/argmap#"
_OA = "http://www.w3.org/ns/oa#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_PROV = "http://www.w3.org/ns/prov#"
_DCTERMS = "http://purl.org/dc/terms/"
_XSD = "http://www.w3.org/2001/XMLSchema#"

_PREFIXES = {
    "am": _AM,
    "sy": NS,
    "oa": _OA,
    "prov": _PROV,
    "dcterms": _DCTERMS,
    "rdf": _RDF,
    "rdfs": _RDFS,
    "xsd": _XSD,
}

# ---------------------------------------------------------------- word material

# fmt: off

_TOPICS = (
    "the alliance", "the coalition government", "the central bank", "the trade embargo",
    "the sanction package on energy", "a no-fly zone", "military aid", "the peace talks",
    "the new pipeline", "the refugee crisis", "the defence budget", "the grain corridor",
    "the border region", "public opinion", "the arms treaty", "the ceasefire",
    "the fuel price cap", "the opposition party", "the regional council", "the cyber campaign",
    "the naval blockade", "foreign investment", "the election commission",
    "the water agreement", "youth unemployment", "the export ban", "the security pact",
    "the reconstruction fund", "the local militia", "the monitoring mission",
)
_EFFECTS = (
    "weakens", "strengthens", "delays", "accelerates", "undermines", "protects",
    "destabilises", "secures", "escalates", "calms", "isolates", "rewards",
)
_FUTURE = (
    "will weaken", "will strengthen", "will delay", "will escalate", "will undermine",
    "will protect", "will isolate", "will reshape", "will end", "will prolong",
)
_ACTIONS = (
    "lift", "extend", "suspend", "fund", "reject", "renegotiate", "enforce", "expand",
    "review", "phase out", "sanction", "support",
)
_REPORTS = (
    "reduced", "doubled", "halved", "raised", "cut", "tripled", "stabilised", "lowered",
)
_MEASURES = (
    "household incomes", "shipping traffic", "civilian casualties", "tax revenue",
    "border crossings", "troop numbers", "food prices", "diplomatic contacts",
    "energy imports", "approval ratings",
)
_WHEN = (
    "within two years", "before the winter", "by the end of the decade",
    "in the coming months", "after the next election", "once the talks resume",
)
_CONNECTIVES = (
    "Moreover, ", "However, ", "In fact, ", "Therefore, ", "At the same time, ",
    "Critics reply that ", "Supporters argue that ", "It is said that ", "", "", "", "",
)
_FILLERS = (
    "The meeting took place behind closed doors.",
    "Reporters waited outside the ministry for several hours.",
    "The statement was published late in the evening.",
    "Several delegations declined to comment.",
    "The debate continued into the following week.",
)
_ACTOR_NAMES = (
    ("The Secretary General", "head of the alliance"),
    ("The Prime Minister", "head of government"),
    ("The Finance Minister", "minister of finance"),
    ("The opposition leader", "leader of the opposition"),
    ("The central bank governor", "governor of the central bank"),
    ("A senior diplomat", "diplomat (unnamed in the text)"),
    ("The defence analyst", "researcher at a think tank"),
    ("The author", "author of the article"),
    ("The trade union", "national trade union federation"),
    ("The energy regulator", "national energy regulator"),
    ("The UN envoy", "special envoy of the United Nations"),
    ("The army chief", "chief of the general staff"),
)
_AUTHOR = 7  # "The author": the document's creator

#: Schemes that fit a conclusion of each kind (all individuals of the ontology).
_SCHEMES_FOR = {
    "Claim": (
        AM.ArgumentFromCauseToEffect, AM.ArgumentFromExample, AM.ArgumentFromAnalogy,
        AM.ArgumentFromSign, AM.ArgumentFromVerbalClassification,
        AM.ArgumentFromCorrelationToCause, AM.ArgumentFromPopularOpinion,
        AM.ArgumentFromCommitment,
    ),
    "Evidence": (
        AM.ArgumentFromExpertOpinion, AM.ArgumentFromWitnessTestimony,
        AM.ArgumentFromPositionToKnow, AM.ArgumentFromEvidenceToHypothesis,
    ),
    "Prediction": (
        AM.ArgumentFromCauseToEffect, AM.ArgumentFromPrecedent, AM.ArgumentFromSign,
        AM.ArgumentFromExpertOpinion,
    ),
    "Proposal": (
        AM.PracticalReasoning, AM.ArgumentFromPositiveConsequences,
        AM.ArgumentFromNegativeConsequences,
    ),
    "Recommendation": (
        AM.PracticalReasoning, AM.ArgumentFromPositiveConsequences,
        AM.ArgumentFromNegativeConsequences, AM.ArgumentFromPrecedent,
    ),
}
# fmt: on

# ---------------------------------------------------------------- the model


@dataclass
class _Statement:
    key: str
    kind: str
    label: str
    text: str
    speaker: int
    mentions: tuple[int, ...]
    quotes: tuple[str, ...]  # empty: an implicit statement
    supports: list[str] = field(default_factory=list)
    attacks: list[str] = field(default_factory=list)


@dataclass
class _Inference:
    key: str
    premises: tuple[str, ...]
    conclusion: str
    scheme: str


@dataclass
class _Conflict:
    key: str
    attacker: str
    target: str


@dataclass
class SyntheticMap:
    """A generated map before it is written: its parts, source text and triple count."""

    title: str
    text_file: str
    actors: list[tuple[str, str]] = field(default_factory=list)
    main: list[str] = field(default_factory=list)
    statements: list[_Statement] = field(default_factory=list)
    inferences: list[_Inference] = field(default_factory=list)
    conflicts: list[_Conflict] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    triples: int = 0

    def source_text(self) -> str:
        """The document's plain text: a title, a byline, paragraphs of sentences."""
        paragraphs = ["# " + self.title, "written by The author | 1 March 2024"]
        current: list[str] = []
        for i, sentence in enumerate(self.sentences):
            current.append(sentence)
            if len(current) >= 3 + (i * 7919) % 5:  # 3 to 7 sentences a paragraph
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
        return "\n\n".join(paragraphs) + "\n"


class _Builder:
    """Grows a map step by step until it holds the target number of triples."""

    def __init__(self, n_triples: int, seed: int, text_file: str) -> None:
        self.rng = random.Random(seed)
        self.target = n_triples
        self.map = SyntheticMap(f"Synthetic debate {seed}", text_file)
        n_actors = min(len(_ACTOR_NAMES) * 20, len(_ACTOR_NAMES) + n_triples // 4000)
        for i in range(n_actors):
            name, role = _ACTOR_NAMES[i % len(_ACTOR_NAMES)]
            suffix = f" ({i // len(_ACTOR_NAMES) + 1})" if i >= len(_ACTOR_NAMES) else ""
            self.map.actors.append((name + suffix, role))
        # A few voices dominate a debate: speaker weights fall off as 1/rank.
        self.speakers = range(n_actors)
        self.speaker_weights = list(accumulate(1.0 / (rank + 1) for rank in self.speakers))
        # map: type, label, source; document: type, title, creator, date, text file;
        # actors: type, label, role.
        self.map.triples = 3 + 5 + 3 * n_actors
        self.arguable: list[int] = []  # indices of statements that may be argued about

    # -- statements

    def _core(self, kind: str) -> tuple[str, str]:
        """A proposition (lower-case start, no final stop) and its short label."""
        r = self.rng
        topic, other = r.sample(_TOPICS, 2)
        if kind == "Evidence":
            measure = r.choice(_MEASURES)
            verb = r.choice(_REPORTS)
            year = r.randrange(1990, 2024)
            core = f"in {year} {topic} {verb} {measure} by {r.randrange(2, 60)} percent"
            label = f"{topic} {verb} {measure} ({year})"
        elif kind == "Prediction":
            verb = r.choice(_FUTURE)
            core = f"{topic} {verb} {other} {r.choice(_WHEN)}"
            label = f"{topic} {verb} {other}"
        elif kind == "Proposal":
            action = r.choice(_ACTIONS)
            core = f"the government must {action} {topic} to deal with {other}"
            label = f"{action} {topic}"
        elif kind == "Recommendation":
            action = r.choice(_ACTIONS)
            core = f"the alliance ought to {action} {topic} {r.choice(_WHEN)}"
            label = f"the alliance should {action} {topic}"
        else:
            verb = r.choice(_EFFECTS)
            core = f"{topic} {verb} {other} more than anyone admits"
            label = f"{topic} {verb} {other}"
        return core, label[0].upper() + label[1:]

    def statement(self, kind: str, *, implicit: bool = False, arguable: bool = True) -> str:
        r, m = self.rng, self.map
        key = f"s{len(m.statements)}"
        core, label = self._core(kind)
        text = core[0].upper() + core[1:] + "."
        speaker = r.choices(self.speakers, cum_weights=self.speaker_weights)[0]
        mentions = tuple(sorted(r.sample(range(len(m.actors)), r.randrange(0, 3))))
        quotes: tuple[str, ...] = ()
        if not implicit:
            if r.random() < 0.15:
                m.sentences.append(r.choice(_FILLERS))
            connective = r.choice(_CONNECTIVES)
            sentence = core if connective else core[0].upper() + core[1:]
            m.sentences.append(f"{connective}{sentence}.")
            # Quotes skip the first word, whose case the connective may have changed.
            words = core.split(" ")
            quotes = (" ".join(words[1:]),)
            if r.random() < 0.05:  # a second anchor on part of the same sentence
                quotes += (" ".join(words[2 : len(words) - 1]),)
        m.statements.append(_Statement(key, kind, label, text, speaker, mentions, quotes))
        m.triples += 4 + len(mentions) + (6 * len(quotes) if quotes else 1)
        if arguable and kind != "Evidence":
            self.arguable.append(len(m.statements) - 1)
        return key

    def _premise_kind(self) -> str:
        return self.rng.choices(
            ("Evidence", "Claim", "Prediction", "Proposal", "Recommendation"),
            weights=(50, 28, 10, 6, 6),
        )[0]

    def _attacker_kind(self) -> str:
        return self.rng.choices(("Claim", "Evidence", "Prediction"), weights=(60, 30, 10))[0]

    # -- relations

    def _pick_arguable(self) -> int:
        return self.rng.choice(self.arguable)

    def inference(self) -> None:
        r, m = self.rng, self.map
        c = self._pick_arguable()
        conclusion = m.statements[c]
        n_premises = r.choices((1, 2, 3), weights=(60, 30, 10))[0]
        premises: list[str] = []
        for slot in range(n_premises):
            newer = len(m.statements) - (c + 1)
            if r.random() < 0.08 and newer > 0:
                # Reuse a newer statement: the support graph becomes a DAG, not a tree,
                # and stays acyclic because support always runs from newer to older.
                reused = m.statements[c + 1 + r.randrange(newer)].key
                if reused not in premises:
                    premises.append(reused)
                    continue
            implicit = slot > 0 and r.random() < 0.4  # a linked argument's warrant
            kind = "Claim" if implicit else self._premise_kind()
            premises.append(self.statement(kind, implicit=implicit))
        scheme = r.choice(_SCHEMES_FOR[conclusion.kind])
        m.inferences.append(
            _Inference(f"inf{len(m.inferences)}", tuple(premises), conclusion.key, scheme)
        )
        m.triples += 3 + len(premises)

    def shortcut_support(self) -> None:
        conclusion = self.map.statements[self._pick_arguable()]
        self.statement(self._premise_kind())
        self.map.statements[-1].supports.append(conclusion.key)
        self.map.triples += 1

    def conflict(self, *, undercut: bool) -> None:
        r, m = self.rng, self.map
        if undercut and m.inferences:
            target = r.choice(m.inferences).key
        else:
            target = m.statements[self._pick_arguable()].key
        if r.random() < 0.1 and len(m.statements) > 2:
            # Two statements already in the map that contradict each other.
            attacker = m.statements[r.randrange(len(m.statements))].key
            if attacker == target:
                return
        else:
            attacker = self.statement("Claim" if undercut else self._attacker_kind())
        m.conflicts.append(_Conflict(f"conf{len(m.conflicts)}", attacker, target))
        m.triples += 3

    def shortcut_attack(self) -> None:
        r, m = self.rng, self.map
        if r.random() < 0.2 and m.inferences:
            target = r.choice(m.inferences).key
        else:
            target = m.statements[self._pick_arguable()].key
        self.statement(self._attacker_kind())
        m.statements[-1].attacks.append(target)
        m.triples += 1

    def build(self) -> SyntheticMap:
        r, m = self.rng, self.map
        n_main = 1 + self.target // 25_000
        for _ in range(n_main):
            kind = r.choice(("Claim", "Recommendation", "Prediction"))
            m.main.append(self.statement(kind))
            m.triples += 1  # am:mainConclusion
        steps = ("inference", "support", "conflict", "attack")
        weights = (62, 10, 22, 6)
        while m.triples < self.target:
            step = r.choices(steps, weights=weights)[0]
            if step == "inference":
                self.inference()
            elif step == "support":
                self.shortcut_support()
            elif step == "conflict":
                self.conflict(undercut=r.random() < 0.25)
            else:
                self.shortcut_attack()
        return m


def build_map(n_triples: int, *, seed: int = 0, text_file: str = "source.txt") -> SyntheticMap:
    """Grow a synthetic map of about ``n_triples`` triples (a few more, never fewer).

    >>> m = build_map(2000, seed=3)
    >>> 2000 <= m.triples < 2100
    True
    """
    if n_triples < 100:
        raise ValueError(f"a map needs at least 100 triples, not {n_triples}")
    return _Builder(n_triples, seed, text_file).build()


# ---------------------------------------------------------------- writing


def _literal(value: str) -> str:
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


def _turtle(m: SyntheticMap) -> str:
    out = [f"@prefix {p}: <{iri}> ." for p, iri in _PREFIXES.items()]
    out += [
        "",
        f"# A synthetic argument map of {m.triples} triples, written by benchmarks/generate.py.",
        f"# The source text is {m.text_file}, next to this file.",
        "",
        "sy:map a am:ArgumentMap ;",
        f"    rdfs:label {_literal(m.title)}@en ;",
        "    dcterms:source sy:doc ;",
        "    am:mainConclusion " + " , ".join(f"sy:{k}" for k in m.main) + " .",
        "",
        "sy:doc a am:SourceDocument ;",
        f"    dcterms:title {_literal(m.title)} ;",
        f"    dcterms:creator sy:actor{_AUTHOR} ;",
        '    dcterms:date "2024-03-01"^^xsd:date ;',
        f"    am:textFile {_literal(m.text_file)} .",
        "",
    ]
    for i, (name, role) in enumerate(m.actors):
        out.append(
            f"sy:actor{i} a am:Actor ; rdfs:label {_literal(name)} ; am:role {_literal(role)} ."
        )
    for s in m.statements:
        out += ["", f"sy:{s.key} a am:{s.kind} ;"]
        out.append(f"    rdfs:label {_literal(s.label)} ;")
        out.append(f"    am:text {_literal(s.text)} ;")
        out.append(f"    prov:wasAttributedTo sy:actor{s.speaker} ;")
        if s.mentions:
            out.append("    am:mentions " + " , ".join(f"sy:actor{a}" for a in s.mentions) + " ;")
        if s.supports:
            out.append("    am:supports " + " , ".join(f"sy:{k}" for k in s.supports) + " ;")
        if s.attacks:
            out.append("    am:attacks " + " , ".join(f"sy:{k}" for k in s.attacks) + " ;")
        if not s.quotes:
            out.append("    am:implicit true .")
            continue
        anchors = [
            "[ a oa:SpecificResource ; oa:hasSource sy:doc ;\n"
            f"        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact {_literal(q)} ] ]"
            for q in s.quotes
        ]
        out.append("    am:anchor " + " ,\n        ".join(anchors) + " .")
    for inf in m.inferences:
        out += [
            "",
            f"sy:{inf.key} a am:Inference ;",
            "    am:premise " + " , ".join(f"sy:{p}" for p in inf.premises) + " ;",
            f"    am:conclusion sy:{inf.conclusion} ;",
            f"    am:scheme am:{inf.scheme[len(_AM) :]} .",
        ]
    for c in m.conflicts:
        out += [
            "",
            f"sy:{c.key} a am:Conflict ; am:attacker sy:{c.attacker} ; am:target sy:{c.target} .",
        ]
    return "\n".join(out) + "\n"


def _ntriples(m: SyntheticMap) -> str:
    a = f"<{_RDF}type>"
    out: list[str] = []

    def t(s: str, p: str, o: str) -> None:
        out.append(f"{s} {p} {o} .")

    def sy(key: str) -> str:
        return f"<{NS}{key}>"

    t(sy("map"), a, f"<{_AM}ArgumentMap>")
    t(sy("map"), f"<{_RDFS}label>", _literal(m.title) + "@en")
    t(sy("map"), f"<{_DCTERMS}source>", sy("doc"))
    for k in m.main:
        t(sy("map"), f"<{_AM}mainConclusion>", sy(k))
    t(sy("doc"), a, f"<{_AM}SourceDocument>")
    t(sy("doc"), f"<{_DCTERMS}title>", _literal(m.title))
    t(sy("doc"), f"<{_DCTERMS}creator>", sy(f"actor{_AUTHOR}"))
    t(sy("doc"), f"<{_DCTERMS}date>", f'"2024-03-01"^^<{_XSD}date>')
    t(sy("doc"), f"<{_AM}textFile>", _literal(m.text_file))
    for i, (name, role) in enumerate(m.actors):
        t(sy(f"actor{i}"), a, f"<{_AM}Actor>")
        t(sy(f"actor{i}"), f"<{_RDFS}label>", _literal(name))
        t(sy(f"actor{i}"), f"<{_AM}role>", _literal(role))
    for s in m.statements:
        node = sy(s.key)
        t(node, a, f"<{_AM}{s.kind}>")
        t(node, f"<{_RDFS}label>", _literal(s.label))
        t(node, f"<{_AM}text>", _literal(s.text))
        t(node, f"<{_PROV}wasAttributedTo>", sy(f"actor{s.speaker}"))
        for actor in s.mentions:
            t(node, f"<{_AM}mentions>", sy(f"actor{actor}"))
        for k in s.supports:
            t(node, f"<{_AM}supports>", sy(k))
        for k in s.attacks:
            t(node, f"<{_AM}attacks>", sy(k))
        if not s.quotes:
            t(node, f"<{_AM}implicit>", f'"true"^^<{_XSD}boolean>')
        for j, quote in enumerate(s.quotes):
            anchor, selector = f"_:a{s.key}x{j}", f"_:q{s.key}x{j}"
            t(node, f"<{_AM}anchor>", anchor)
            t(anchor, a, f"<{_OA}SpecificResource>")
            t(anchor, f"<{_OA}hasSource>", sy("doc"))
            t(anchor, f"<{_OA}hasSelector>", selector)
            t(selector, a, f"<{_OA}TextQuoteSelector>")
            t(selector, f"<{_OA}exact>", _literal(quote))
    for inf in m.inferences:
        node = sy(inf.key)
        t(node, a, f"<{_AM}Inference>")
        for p in inf.premises:
            t(node, f"<{_AM}premise>", sy(p))
        t(node, f"<{_AM}conclusion>", sy(inf.conclusion))
        t(node, f"<{_AM}scheme>", f"<{inf.scheme}>")
    for c in m.conflicts:
        node = sy(c.key)
        t(node, a, f"<{_AM}Conflict>")
        t(node, f"<{_AM}attacker>", sy(c.attacker))
        t(node, f"<{_AM}target>", sy(c.target))
    return "\n".join(out) + "\n"


def generate_map(
    n_triples: int, *, seed: int = 0, format: str = "turtle", text_file: str = "source.txt"
) -> tuple[str, str]:
    """Generate a map of about ``n_triples`` triples; return (RDF text, source text).

    Args:
        n_triples: the target size; the map holds this many triples or a few more.
        seed: the seed of the random generator; same seed, same bytes.
        format: ``turtle`` or ``ntriples``.
        text_file: the ``am:textFile`` of the source document, relative to the map.

    >>> rdf, text = generate_map(500, seed=7, format="ntriples")
    >>> rdf.count(" .\\n") >= 500
    True
    """
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}: expected one of {', '.join(FORMATS)}")
    m = build_map(n_triples, seed=seed, text_file=text_file)
    rdf = _turtle(m) if format == "turtle" else _ntriples(m)
    return rdf, m.source_text()


def _format_for(path: Path, format: str | None) -> str:
    if format is not None:
        return format
    for name, ext in FORMATS.items():
        if path.suffix == ext:
            return name
    return "turtle"


def write_map(
    path: str | Path, n_triples: int, seed: int = 0, *, format: str | None = None
) -> SyntheticMap:
    """Write a map and its source text (same name, ``.txt``) next to each other.

    The format follows the extension (``.ttl`` or ``.nt``) unless given. Returns
    the generated map (its counts; the text is at ``path`` with suffix ``.txt``).
    """
    path = Path(path)
    text_path = path.with_suffix(".txt")
    fmt = _format_for(path, format)
    m = build_map(n_triples, seed=seed, text_file=text_path.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_turtle(m) if fmt == "turtle" else _ntriples(m), encoding="utf-8")
    text_path.write_text(m.source_text(), encoding="utf-8")
    return m


def size_label(size: int) -> str:
    """A size as the benchmarks name it: ``10k``, ``1M``.

    >>> size_label(100_000), size_label(1_000_000), size_label(1234)
    ('100k', '1M', '1234')
    """
    if size >= 1_000_000 and size % 1_000_000 == 0:
        return f"{size // 1_000_000}M"
    if size >= 1000 and size % 1000 == 0:
        return f"{size // 1000}k"
    return str(size)


def parse_size(text: str) -> int:
    """Read a size such as ``10k`` or ``1M``.

    >>> parse_size("10k"), parse_size("1M"), parse_size("2500")
    (10000, 1000000, 2500)
    """
    text = text.strip()
    scale = {"k": 1_000, "K": 1_000, "m": 1_000_000, "M": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, required=True, help="target size in triples")
    parser.add_argument("-o", "--output", type=Path, required=True, help="map file to write")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--format", choices=sorted(FORMATS), help="default: from the extension, else turtle"
    )
    args = parser.parse_args(argv)
    m = write_map(args.output, args.triples, args.seed, format=args.format)
    print(
        f"{args.output}: {m.triples} triples ({len(m.statements)} statements, "
        f"{len(m.inferences)} inferences, {len(m.conflicts)} conflicts); "
        f"text in {args.output.with_suffix('.txt')}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
