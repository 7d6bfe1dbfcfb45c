"""The HTML page of a comparison: both maps side by side, each difference clickable.

:func:`comparison_page` writes one self-contained page (no request leaves it: inline
style and script, and a Content-Security-Policy that allows nothing else). At the
top, the scores; then the reference and the other map in two columns (one under the
other on a narrow screen), each statement with its kind, its quote and what it
supports or attacks; statements that one map lacks, and the relations and kinds
that differ, are marked. Clicking a difference in the list marks and scrolls to the
statements it is about, in both maps. Every text from the maps is escaped.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.compare import Comparison
    from graph.view import MapData

__all__ = ["comparison_page"]


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _statements(data: MapData, prefix: str, ids: dict[str, str]) -> dict[str, list[str]]:
    """Each statement's relations as sentences: 'supports X', 'attacks Y', ..."""
    said: dict[str, list[str]] = {s: [] for s in data.statements}

    def title(iri: str) -> str:
        record = data.statements.get(iri)
        return record.label or iri if record is not None else iri

    for inference in data.inferences.values():
        together = len(inference.premises) > 1
        for p in sorted(inference.premises):
            if p in said:
                how = "supports (with others)" if together else "supports"
                said[p].append(f"{how}: {title(inference.conclusion)}")
    for attackers, target in data.conflicts.values():
        if target in data.inferences:
            what = f"undercuts the step to: {title(data.inferences[target].conclusion)}"
        else:
            what = f"attacks: {title(target)}"
        for a in attackers:
            if a in said:
                said[a].append(what)
    for n, s in enumerate(sorted(data.statements), 1):
        ids[f"{prefix}{s}"] = f"{prefix[:1]}{n}"
    return said


def comparison_page(result: Comparison, reference_name: str, other_name: str) -> str:
    """The page (a whole HTML document) of ``result``."""
    from graph.compare import _relation_line
    from graph.compare import differences as agreement_differences

    assert result.maps is not None, "a comparison made by graph.compare.compare"
    ref, other = result.maps
    ids: dict[str, str] = {}
    ref_said = _statements(ref, "r:", ids)
    other_said = _statements(other, "o:", ids)
    partner = {a: b for a, b, _, _ in result.pairs}
    back = {b: a for a, b in partner.items()}

    def dom(key: str) -> list[str]:
        """The element ids a comparison key stands for (a statement and its partner)."""
        if key.startswith("other:"):
            return [ids[f"o:{key[6:]}"]]
        found = [ids[f"r:{key}"]] if f"r:{key}" in ids else []
        if key in partner:
            found.append(ids[f"o:{partner[key]}"])
        return found

    differences: list[tuple[str, str, list[str]]] = []  # class, text, element ids
    for iri in sorted(ref.statements, key=lambda k: (ref.statements[k].label or k, k)):
        if iri not in partner:
            label = ref.statements[iri].label or iri
            differences.append(("missed", f"missed statement: {label}", dom(iri)))
    for iri in sorted(other.statements, key=lambda k: (other.statements[k].label or k, k)):
        if iri not in back:
            label = other.statements[iri].label or iri
            differences.append(("extra", f"extra statement: {label}", [ids[f"o:{iri}"]]))
    for what, entries in result.relation_details.items():
        for entry in entries:
            targets = [i for key in entry.get("statements", []) for i in dom(key)]
            differences.append((what, f"{what} relation: {_relation_line(entry)}", targets))
    for iri, text in agreement_differences(result):
        differences.append(("differs", text, dom(iri)))

    marked: dict[str, set[str]] = {}
    for css, _, targets in differences:
        for t in targets:
            marked.setdefault(t, set()).add(css)

    ref_order = sorted(ref.statements, key=lambda k: ((ref.statements[k].label or k).lower(), k))
    # the other's column follows the reference's: each partner in its place, a gap
    # where the other lacks a statement, then the statements the reference lacks
    other_order: list[tuple[str, str]] = [
        ("statement", partner[s]) if s in partner else ("gap", s) for s in ref_order
    ]
    other_order += [
        ("statement", s)
        for s in sorted(
            other.statements, key=lambda k: ((other.statements[k].label or k).lower(), k)
        )
        if s not in back
    ]

    def column(data: MapData, said: dict[str, list[str]], prefix: str) -> str:
        rows = []
        entries = [("statement", s) for s in ref_order] if prefix == "r:" else other_order
        for what, s in entries:
            if what == "gap":
                rows.append(
                    f'<li class="gap" data-partner="{ids["r:" + s]}">not in this map: '
                    f"{_e(ref.statements[s].label or s)}</li>"
                )
                continue
            record = data.statements[s]
            element = ids[f"{prefix}{s}"]
            pair = partner.get(s) if prefix == "r:" else back.get(s)
            classes = " ".join(sorted(marked.get(element, set())))
            if pair is None:
                classes += " alone"
            quote = record.quotes[0] if record.quotes else ""
            body = [
                f'<span class="kind">{_e(record.kind)}</span> '
                f'<strong class="title">{_e(record.label or s)}</strong>',
            ]
            if record.implicit:
                body.append('<div class="quote">(unstated)</div>')
            elif quote:
                body.append(f'<div class="quote">&ldquo;{_e(quote)}&rdquo;</div>')
            if said.get(s):
                body.append(
                    '<ul class="rel">' + "".join(f"<li>{_e(x)}</li>" for x in said[s]) + "</ul>"
                )
            partner_id = ""
            if pair is not None:
                other_prefix = "o:" if prefix == "r:" else "r:"
                partner_id = ids[f"{other_prefix}{pair}"]
            rows.append(
                f'<li id="{element}" class="statement {classes.strip()}" '
                f'data-partner="{partner_id}" tabindex="0">' + "".join(body) + "</li>"
            )
        return "\n".join(rows)

    score_rows = []

    def score_row(name: str, score: Any) -> None:
        score_rows.append(
            f"<tr><th scope=row>{_e(name)}</th><td>{score.found}</td><td>{score.reference}</td>"
            f"<td>{score.other}</td><td>{score.precision:.2f}</td><td>{score.recall:.2f}</td>"
            f"<td>{score.f1:.2f}</td></tr>"
        )

    score_row("statements", result.statements)
    for kind, score in result.relations.items():
        score_row(f"{kind} relations", score)
    score_row("main conclusion", result.main)
    agreements = "".join(
        f"<li>{_e(name)} agree: {a.agree} of {a.compared} ({a.share:.2f})</li>"
        for name, a in (
            ("kinds", result.kinds),
            ("speakers", result.speakers),
            ("schemes", result.schemes),
            (f"{result.semantics} statuses", result.statuses),
        )
    )
    listed = "".join(
        f'<li><button type="button" class="diff {css}" data-targets="{_e(" ".join(t))}">'
        f"{_e(text)}</button></li>"
        for css, text, t in differences
    )
    return PAGE.format(
        reference=_e(reference_name),
        other=_e(other_name),
        scores="".join(score_rows),
        agreements=agreements,
        count=len(differences),
        differences=listed or "<li>none: the maps agree</li>",
        left=column(ref, ref_said, "r:"),
        right=column(other, other_said, "o:"),
    )


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; \
style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<link rel="icon" href="data:,">
<title>{other} compared with {reference}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 0; color: #222; }}
header, section {{ padding: 0.6em 1.2em; }}
h1 {{ font-size: 1.25em; margin: 0.3em 0; }}
h2 {{ font-size: 1.05em; margin: 0.4em 0; }}
table {{ border-collapse: collapse; }}
th, td {{ padding: 0.15em 0.6em; text-align: right; border-bottom: 1px solid #ddd; }}
th[scope=row] {{ text-align: left; font-weight: normal; }}
.grid {{ display: grid; grid-template-columns: 1fr 1fr; gap: 1em; padding: 0 1.2em 1.2em; }}
.scores {{ overflow-x: auto; max-width: 100%; }}
@media (max-width: 700px) {{
  .grid {{ grid-template-columns: 1fr; }}
  th, td {{ padding: 0.15em 0.3em; font-size: 0.85em; }}
}}
ol.statements {{ list-style: none; padding: 0; margin: 0; }}
li.statement {{ border: 1px solid #ccc; border-left: 6px solid #8aa; border-radius: 4px;
  padding: 0.4em 0.6em; margin: 0.4em 0; overflow-wrap: anywhere; }}
li.statement.missing, li.statement.reversed, li.statement.mislabelled,
li.statement.differs {{ border-left-color: #7d3c98; }}
li.statement.missed {{ border-left-color: #c0392b; background: #fdecea; }}
li.statement.extra {{ border-left-color: #d68910; background: #fef5e7; }}
li.statement.focus {{ outline: 3px solid #1f6feb; }}
.kind {{ font-size: 0.75em; text-transform: uppercase; color: #555; }}
.quote {{ color: #444; font-style: italic; margin-top: 0.2em; }}
li.gap {{ border: 1px dashed #c0392b; border-radius: 4px; padding: 0.4em 0.6em;
  margin: 0.4em 0; color: #c0392b; font-size: 0.9em; }}
ul.rel {{ margin: 0.2em 0 0; padding-left: 1.2em; font-size: 0.9em; color: #333; }}
ul.diffs {{ list-style: none; padding: 0; margin: 0; max-height: 14em; overflow: auto; }}
button.diff {{ all: unset; cursor: pointer; display: block; padding: 0.15em 0.4em;
  border-left: 4px solid #7d3c98; margin: 0.15em 0; overflow-wrap: anywhere; }}
button.diff.missed {{ border-left-color: #c0392b; }}
button.diff.extra {{ border-left-color: #d68910; }}
button.diff:focus-visible, button.diff.active {{ background: #e8f0fe; }}
</style>
</head>
<body>
<header>
<h1>{other} compared with {reference}</h1>
<div class="scores"><table><thead><tr><th></th><th>found</th><th>reference</th><th>other</th>
<th>precision</th><th>recall</th><th>F1</th></tr></thead><tbody>{scores}</tbody></table></div>
<ul>{agreements}</ul>
</header>
<section>
<h2>Differences ({count})</h2>
<ul class="diffs" id="differences">{differences}</ul>
</section>
<div class="grid">
<section><h2>Reference: {reference}</h2><ol class="statements" id="reference">{left}</ol></section>
<section><h2>Other: {other}</h2><ol class="statements" id="other">{right}</ol></section>
</div>
<script>
"use strict";
(function () {{
  function clear() {{
    document.querySelectorAll(".focus").forEach(function (el) {{ el.classList.remove("focus"); }});
    document.querySelectorAll("button.diff.active").forEach(function (el) {{
      el.classList.remove("active");
    }});
  }}
  function mark(ids) {{
    clear();
    var first = null;
    ids.forEach(function (id) {{
      var el = document.getElementById(id);
      if (el) {{ el.classList.add("focus"); first = first || el; }}
    }});
    if (first) first.scrollIntoView({{ block: "center" }});
    return first;
  }}
  document.querySelectorAll("button.diff").forEach(function (button) {{
    button.addEventListener("click", function () {{
      var ids = (button.getAttribute("data-targets") || "").split(" ").filter(Boolean);
      mark(ids);
      button.classList.add("active");
    }});
  }});
  document.querySelectorAll("li.statement").forEach(function (li) {{
    li.addEventListener("click", function () {{
      var ids = [li.id];
      var partner = li.getAttribute("data-partner");
      if (partner) ids.push(partner);
      mark(ids);
    }});
  }});
  window.argmapComparison = {{ ready: true, mark: mark }};
}})();
</script>
</body>
</html>
"""
