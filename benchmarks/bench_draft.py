"""How good is ``argmap draft``? Measured on the arg-microtexts part 1 gold graphs.

Not a test: run it on purpose (the corpus is read in place).

    .venv/bin/python benchmarks/bench_draft.py
    .venv/bin/python benchmarks/bench_draft.py --errors 5     # show some mismatches

Input: each ``micro_*.txt``; answer: its ``micro_*.xml`` (arggraph). Gold units are
the ADUs, their words the union of their EDUs' words (each EDU located in the text).

- **Segmentation.** Words are ``\\w+`` tokens of the text, by position. A gold unit
  G and a draft statement D *match* when they share at least half of G's words and
  at least half of D's (overlap/|G| >= 0.5 and overlap/|D| >= 0.5); matching is
  one-to-one, greedily by the largest overlap. Precision = matched / draft
  statements, recall = matched / gold units, F1 their harmonic mean.
- **Gold relations** as a dependency tree, as Peldszus and Stede evaluate them: a
  ``sup``/``exa`` edge is a support, ``reb`` an attack, from its source ADU to its
  target ADU; an ``und`` (undercut) edge is an attack on the *source* ADU of the
  relation it undercuts; an ``add`` edge (a linked premise or co-attacker) is an
  edge of the relation it adds to, from its ADU to that relation's target (so
  linked premises count as premises of the same conclusion).
- **Attachment** over matched units only: a draft edge D1 -> D2 (support or attack)
  is an edge G1 -> G2 when D1 matched G1 and D2 matched G2; gold edges count where
  both ends are matched. Unlabelled, directed. P, R, F1.
- **Support/attack accuracy**: on the correctly attached edges, the share whose
  kind (support or attack) is the gold one.
- **Main conclusion accuracy**: the share of texts whose draft main statement
  matched the gold central claim (the ADU with no outgoing edge).

Baselines, computed in the same run on syntok's sentences (no clause splitting):
(a) every sentence supports the last one (the main); (b) every sentence supports
the first one (the main). The row "draft rules, gold units" runs the draft's
relation rules on the gold segmentation, which is what the published figures use.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import table

from graph import draft

CORPORA = Path(
    os.environ.get("ARGMAP_CORPORA", Path(__file__).resolve().parents[2] / "shared" / "corpora")
)
FOLDER = "microtexts/format=arggraph,lang=en"
_TOKEN = re.compile(r"\w+")


@dataclass
class Gold:
    text: str
    units: list[set[int]]  # token positions of each ADU
    spans: list[tuple[int, int]]  # character span (first EDU start, last EDU end)
    edges: dict[tuple[int, int], str]  # (source, target) -> support | attack
    central: int | None


@dataclass
class Guess:
    units: list[set[int]]
    edges: dict[tuple[int, int], str]
    main: int | None


@dataclass
class Score:
    matched: int = 0
    predicted: int = 0
    gold: int = 0
    att_correct: int = 0
    att_predicted: int = 0
    att_gold: int = 0
    label_correct: int = 0
    main_correct: int = 0
    texts: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, gold: Gold, guess: Guess, name: str) -> None:
        pairs = match(gold.units, guess.units)
        g_of = {d: g for g, d in pairs.items()}
        self.texts += 1
        self.matched += len(pairs)
        self.predicted += len(guess.units)
        self.gold += len(gold.units)
        predicted = {
            (g_of[s], g_of[t]): kind
            for (s, t), kind in guess.edges.items()
            if s in g_of and t in g_of
        }
        reference = {
            (s, t): kind for (s, t), kind in gold.edges.items() if s in pairs and t in pairs
        }
        self.att_predicted += len(predicted)
        self.att_gold += len(reference)
        for edge, kind in predicted.items():
            if edge in reference:
                self.att_correct += 1
                self.label_correct += kind == reference[edge]
        hit = guess.main is not None and g_of.get(guess.main) == gold.central
        self.main_correct += hit
        if not hit:
            self.misses.append(name)

    def row(self, label: str) -> list[str]:
        def f1(p: float, r: float) -> float:
            return 2 * p * r / (p + r) if p + r else 0.0

        sp = self.matched / self.predicted if self.predicted else 0.0
        sr = self.matched / self.gold if self.gold else 0.0
        ap = self.att_correct / self.att_predicted if self.att_predicted else 0.0
        ar = self.att_correct / self.att_gold if self.att_gold else 0.0
        label_acc = self.label_correct / self.att_correct if self.att_correct else 0.0
        main = self.main_correct / self.texts if self.texts else 0.0
        return [
            label,
            f"{sp:.3f}",
            f"{sr:.3f}",
            f"{f1(sp, sr):.3f}",
            f"{ap:.3f}",
            f"{ar:.3f}",
            f"{f1(ap, ar):.3f}",
            f"{label_acc:.3f}",
            f"{main:.3f}",
        ]


def tokens(text: str, start: int, end: int) -> set[int]:
    """Positions (start offsets) of the word tokens inside ``text[start:end]``."""
    return {m.start() for m in _TOKEN.finditer(text) if start <= m.start() and m.end() <= end}


def match(gold: Sequence[set[int]], guess: Sequence[set[int]]) -> dict[int, int]:
    """One-to-one matching gold -> guess: overlap >= half of each side, largest first."""
    candidates: list[tuple[int, int, int]] = []
    for g, gw in enumerate(gold):
        for d, dw in enumerate(guess):
            common = len(gw & dw)
            if common and 2 * common >= len(gw) and 2 * common >= len(dw):
                candidates.append((common, g, d))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, g, d in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if g not in pairs and d not in used:
            pairs[g] = d
            used.add(d)
    return pairs


def read_gold(xml_path: Path) -> Gold:
    text = xml_path.with_suffix(".txt").read_text(encoding="utf-8")
    root = ET.parse(xml_path).getroot()
    spans: dict[str, tuple[int, int]] = {}
    at = 0
    for edu in root.iter("edu"):
        words = "".join(edu.itertext()).strip()
        i = text.find(words, at)
        if i < 0:
            raise SystemExit(f"{xml_path}: EDU {edu.get('id')} is not in the text")
        spans[edu.get("id", "")] = (i, i + len(words))
        at = i + len(words)
    adus = [a.get("id", "") for a in root.iter("adu")]
    edges = {e.get("id", ""): e for e in root.iter("edge")}
    parts: dict[str, list[str]] = {a: [] for a in adus}
    joints: dict[str, list[str]] = {}
    for e in edges.values():
        if e.get("type") == "seg":
            trg, src = e.get("trg", ""), e.get("src", "")
            (parts if trg in parts else joints).setdefault(trg, []).append(src)

    def edus_of(unit: str) -> list[str]:
        out: list[str] = []
        for part in parts.get(unit, joints.get(unit, [])):
            out += [part] if part in spans else edus_of(part)
        return out

    order = sorted(adus, key=lambda a: min(spans[e][0] for e in edus_of(a)))
    index = {a: k for k, a in enumerate(order)}
    units = [set().union(*(tokens(text, *spans[e]) for e in edus_of(a))) for a in order]
    char_spans = [
        (min(spans[e][0] for e in edus_of(a)), max(spans[e][1] for e in edus_of(a))) for a in order
    ]

    def relation_of(eid: str) -> ET.Element:
        e = edges[eid]
        while e.get("type") == "add":
            e = edges[e.get("trg", "")]
        return e

    def target_node(relation: ET.Element) -> str:
        if relation.get("type") == "und":  # an undercut attacks the source of its target
            return relation_of(relation.get("trg", "")).get("src", "")
        return relation.get("trg", "")

    kinds = {"sup": "support", "exa": "support", "reb": "attack", "und": "attack"}
    gold_edges: dict[tuple[int, int], str] = {}
    outgoing: set[str] = set()
    for e in edges.values():
        kind = e.get("type")
        if kind == "seg":
            continue
        relation = relation_of(e.get("id", ""))
        src, trg = e.get("src", ""), target_node(relation)
        outgoing.add(src)
        if src in index and trg in index:
            gold_edges[(index[src], index[trg])] = kinds[relation.get("type", "")]
    central = [index[a] for a in adus if a not in outgoing]
    return Gold(text, units, char_spans, gold_edges, central[0] if len(central) == 1 else None)


def guess_of(text: str, d: draft.Draft) -> Guess:
    units = [tokens(text, u.start, u.end) for u in d.units]
    edges = {(r.source, r.target): r.kind for r in d.relations}
    return Guess(units, edges, d.main)


def the_draft(gold: Gold) -> Guess:
    return guess_of(gold.text, draft.analyse(gold.text))


def on_gold_units(gold: Gold) -> Guess:
    units = draft.units_from_spans(gold.text, gold.spans)
    guess = guess_of(gold.text, draft.propose(gold.text, units))
    guess.units = list(gold.units)  # the gold words (an ADU may be two separate EDUs)
    return guess


def _sentence_units(text: str) -> list[set[int]]:
    return [tokens(text, a, b) for a, b in draft.sentence_spans(text)]


def baseline_last(gold: Gold) -> Guess:
    units = _sentence_units(gold.text)
    last = len(units) - 1
    return Guess(units, {(i, last): "support" for i in range(last)}, last if units else None)


def baseline_first(gold: Gold) -> Guess:
    units = _sentence_units(gold.text)
    edges = {(i, 0): "support" for i in range(1, len(units))}
    return Guess(units, edges, 0 if units else None)


SYSTEMS: dict[str, Callable[[Gold], Guess]] = {
    "argmap draft": the_draft,
    "baseline (a): all support the last sentence": baseline_last,
    "baseline (b): all support the first sentence": baseline_first,
    "draft rules, gold units": on_gold_units,
}

PUBLISHED = """\
Reference: the evidence-graph model of Peldszus & Stede 2015 ("Joint prediction in
MST-style discourse parsing for argumentation mining", EMNLP 2015), trained and
tested by cross-validation on these 112 English texts (corpus m112en) with the GOLD
segmentation. Its authors' repository (github.com/peldszus/evidencegraph, README,
"Run a minimal experiment") gives, for a shortened run of 5 of the 50 train/test
splits, macro F1 of the decoded results: cc ~ 0.861, ro ~ 0.771, fu ~ 0.754,
at ~ 0.712 (cc: central claim or not; ro: proponent or opponent; fu: the unit's
function: support, attack or central claim; at: attached or not, over ordered
pairs). The paper's own table (all 50 splits, tuned) was not found in the stored
sources searched here, so it is not quoted. Compare with the table above, which
scores the same levels the same way (macro F1 over the pooled units and pairs of
all texts) on the gold units; argmap's draft is unsupervised rules, that model is
trained on this corpus.
"""


def macro_f1(tp: int, fp: int, fn: int, tn: int) -> float:
    """Mean of the F1 of the positive and of the negative class."""

    def f1(t: int, f_pos: int, f_neg: int) -> float:
        return 2 * t / (2 * t + f_pos + f_neg) if t else 0.0

    return (f1(tp, fp, fn) + f1(tn, fn, fp)) / 2


@dataclass
class Levels:
    """Peldszus and Stede's levels cc, fu and at on gold units, as pooled counts."""

    cc: list[int] = field(default_factory=lambda: [0, 0, 0, 0])  # tp fp fn tn
    at: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    fu_right: dict[str, int] = field(default_factory=dict)
    fu_guess: dict[str, int] = field(default_factory=dict)
    fu_gold: dict[str, int] = field(default_factory=dict)

    @staticmethod
    def _count(cell: list[int], guess: bool, truth: bool) -> None:
        cell[0 if guess and truth else 1 if guess else 2 if truth else 3] += 1

    def add(self, gold: Gold, guess: Guess) -> None:
        n = len(gold.units)
        for u in range(n):
            self._count(self.cc, guess.main == u, gold.central == u)

        def function(edges: dict[tuple[int, int], str], main: int | None, u: int) -> str:
            if u == main:
                return "cc"
            kinds = [k for (s, _), k in edges.items() if s == u]
            return kinds[0] if kinds else "none"

        for u in range(n):
            g = function(gold.edges, gold.central, u)
            d = function(guess.edges, guess.main, u)
            self.fu_gold[g] = self.fu_gold.get(g, 0) + 1
            self.fu_guess[d] = self.fu_guess.get(d, 0) + 1
            if g == d:
                self.fu_right[g] = self.fu_right.get(g, 0) + 1
            for v in range(n):
                if u != v:
                    self._count(self.at, (u, v) in guess.edges, (u, v) in gold.edges)

    def row(self, label: str) -> list[str]:
        classes = sorted(self.fu_gold)
        fu = sum(
            2 * self.fu_right.get(c, 0) / (self.fu_guess.get(c, 0) + self.fu_gold[c])
            for c in classes
        ) / len(classes)
        return [label, f"{macro_f1(*self.cc):.3f}", f"{fu:.3f}", f"{macro_f1(*self.at):.3f}"]


def _gold_baseline(gold: Gold, last: bool) -> Guess:
    n = len(gold.units)
    root = n - 1 if last else 0
    return Guess(list(gold.units), {(i, root): "support" for i in range(n) if i != root}, root)


GOLD_UNIT_SYSTEMS: dict[str, Callable[[Gold], Guess]] = {
    "draft rules, gold units": on_gold_units,
    "baseline (a) on gold units": lambda g: _gold_baseline(g, last=True),
    "baseline (b) on gold units": lambda g: _gold_baseline(g, last=False),
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", type=int, default=0, help="list N texts whose main is wrong")
    args = parser.parse_args(argv)
    folder = CORPORA / FOLDER
    files = sorted(folder.glob("micro_*.xml"))
    if not files:
        print(f"no micro_*.xml in {folder}: set ARGMAP_CORPORA", file=sys.stderr)
        return 1
    golds = [(f.stem, read_gold(f)) for f in files]
    scores = {name: Score() for name in SYSTEMS}
    start = time.perf_counter()
    for stem, gold in golds:
        for name, system in SYSTEMS.items():
            scores[name].add(gold, system(gold), stem)
    elapsed = time.perf_counter() - start
    adus = sum(len(g.units) for _, g in golds)
    edges = sum(len(g.edges) for _, g in golds)
    print(f"arg-microtexts part 1 (en): {len(golds)} texts, {adus} ADUs, {edges} relations")
    print(f"matching: >= 50% word overlap both ways, one-to-one; {elapsed:.1f} s for all runs\n")
    header = [
        "system",
        "seg P",
        "seg R",
        "seg F1",
        "att P",
        "att R",
        "att F1",
        "sup/att acc",
        "main acc",
    ]
    print(table(header, [scores[name].row(name) for name in SYSTEMS]))
    print()
    levels = {name: Levels() for name in GOLD_UNIT_SYSTEMS}
    for _, gold in golds:
        for name, system in GOLD_UNIT_SYSTEMS.items():
            levels[name].add(gold, system(gold))
    print("Peldszus and Stede's levels on the gold units (macro F1, pooled over all texts):")
    print(table(["system", "cc", "fu", "at"], [levels[n].row(n) for n in GOLD_UNIT_SYSTEMS]))
    print()
    print(PUBLISHED)
    if args.errors:
        print(
            "texts whose main conclusion the draft missed:",
            *scores["argmap draft"].misses[: args.errors],
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
