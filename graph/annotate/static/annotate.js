/* argmap annotator page.
 *
 * The page holds the map as the server's JSON document (graph/annotate/document.py)
 * and changes only that: every edit is one new document, so undo and redo are a stack
 * of documents, the autosave is the last one, and what the server assesses or saves is
 * exactly what is shown. Offsets of anchors are Unicode code points into the text, as
 * Python counts them; the DOM counts UTF-16 units, so they are converted both ways.
 * Text from the source and the map is put in the page with textContent only. */
(function () {
  "use strict";

  const TOKEN = document.querySelector('meta[name="argmap-token"]').content;
  const $ = (id) => document.getElementById(id);
  const api = {
    async call(path, body) {
      const init = { headers: { "X-Argmap-Token": TOKEN }, cache: "no-store" };
      if (body !== undefined) {
        init.method = "POST";
        init.headers["Content-Type"] = "application/json";
        init.body = JSON.stringify(body);
      }
      const reply = await fetch(path, init);
      let data = null;
      try { data = await reply.json(); } catch (e) { data = { error: "the server's answer is not JSON" }; }
      if (!reply.ok) throw new Error((data && data.error) || reply.statusText);
      return data;
    },
  };

  const state = {
    session: null, doc: null, text: "", off: new Set(), selected: null, pick: null,
    undo: [], redo: [], assessment: null, savedJSON: null, saveProblems: [],
    cp: null, u16: null, ready: false, pending: 0, timer: null, inflight: 0, saving: false,
  };
  const KIND_LABEL = {
    claim: "claim", evidence: "evidence", proposal: "proposal", prediction: "prediction",
    recommendation: "recommendation", statement: "statement",
  };
  const STATUS_TEXT = { in: "in (accepted)", out: "out (rejected)", undec: "undecided" };
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else if (k === "value") node.value = v;
      else if (k === "checked") node.checked = true;
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  };

  // ---------------------------------------------------------------- offsets
  function buildOffsets(text) {
    // cp[i]: code points before UTF-16 index i; u16[c]: UTF-16 index of code point c
    state.cp = new Int32Array(text.length + 1);
    const u16 = [0];
    let c = 0;
    for (let i = 0; i < text.length; i++) {
      state.cp[i] = c;
      const code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        state.cp[i + 1] = c;
        i++;
      }
      c++;
      u16.push(i + 1);
    }
    state.cp[text.length] = c;
    state.u16 = u16;
  }
  const toCp = (i) => state.cp[i];
  const toU16 = (c) => (c >= 0 && c < state.u16.length ? state.u16[c] : null);

  // ---------------------------------------------------------------- the document
  const byId = (id) =>
    state.doc.statements.find((s) => s.id === id) ||
    state.doc.inferences.find((i) => i.id === id) ||
    state.doc.conflicts.find((c) => c.id === id) || null;
  const typeOf = (id) => {
    if (state.doc.statements.some((s) => s.id === id)) return "statement";
    if (state.doc.inferences.some((i) => i.id === id)) return "inference";
    if (state.doc.conflicts.some((c) => c.id === id)) return "conflict";
    return null;
  };
  const nameOf = (id) => {
    const x = byId(id);
    if (!x) return id;
    if (typeOf(id) === "statement") return x.label || x.text || localName(id);
    if (typeOf(id) === "inference") {
      const c = x.conclusion && byId(x.conclusion);
      return x.label || ("inference" + (c ? " for “" + nameOf(c.id) + "”" : ""));
    }
    return "attack by “" + nameOf(x.attacker) + "”";
  };
  const localName = (iri) => iri.split(/[#/]/).pop();
  function slug(text) {
    const s = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "");
    return s || "statement";
  }
  function freshId(stem) {
    const taken = new Set([
      ...state.doc.statements, ...state.doc.inferences, ...state.doc.conflicts, ...state.doc.actors,
    ].map((x) => x.id));
    if (state.doc.map) taken.add(state.doc.map.iri);
    if (state.doc.source) taken.add(state.doc.source.iri);
    let id = state.doc.base + stem;
    for (let n = 2; taken.has(id); n++) id = state.doc.base + stem + "-" + n;
    return id;
  }
  function freshNumbered(prefix) {
    const taken = new Set([...state.doc.inferences, ...state.doc.conflicts].map((x) => x.id));
    let n = 1;
    while (taken.has(state.doc.base + prefix + "-" + n)) n++;
    return freshId(prefix + "-" + n);
  }

  /** Apply one edit: ``fn`` changes a copy of the document; undo keeps the old one. */
  function edit(fn, select) {
    const before = JSON.stringify(state.doc);
    const doc = JSON.parse(before);
    const previous = state.doc;
    state.doc = doc;
    try {
      fn(doc);
    } catch (e) {
      state.doc = previous;
      throw e;
    }
    if (JSON.stringify(doc) === before) return;
    state.undo.push(before);
    if (state.undo.length > 300) state.undo.shift();
    state.redo = [];
    if (select !== undefined) state.selected = select;
    changed();
    if (select) reveal(select);
  }
  function changed() {
    if (state.selected && !byId(state.selected)) state.selected = null;
    for (const id of [...state.off]) if (!byId(id)) state.off.delete(id);
    autosave();
    drawAll();
    scheduleAssess();
  }
  function undo() {
    if (!state.undo.length) return;
    state.redo.push(JSON.stringify(state.doc));
    state.doc = JSON.parse(state.undo.pop());
    changed();
  }
  function redo() {
    if (!state.redo.length) return;
    state.undo.push(JSON.stringify(state.doc));
    state.doc = JSON.parse(state.redo.pop());
    changed();
  }

  // ---------------------------------------------------------------- autosave
  const storeKey = () => "argmap-annotate:" + state.session.mapName + ":" + state.session.textName;
  function autosave() {
    const json = JSON.stringify(state.doc);
    const dirty = json !== state.savedJSON;
    try {
      if (dirty) {
        localStorage.setItem(storeKey(), JSON.stringify({
          document: state.doc, revision: state.session.revision, at: new Date().toISOString(),
        }));
      } else {
        localStorage.removeItem(storeKey());
      }
    } catch (e) { /* storage full or off: the page still works */ }
    const badge = $("save-state");
    badge.textContent = dirty ? "unsaved changes (kept in this browser)" : "saved";
    badge.className = dirty ? "dirty" : "";
    $("undo").disabled = !state.undo.length;
    $("redo").disabled = !state.redo.length;
  }
  function restore() {
    let kept = null;
    try { kept = JSON.parse(localStorage.getItem(storeKey()) || "null"); } catch (e) { kept = null; }
    if (!kept || !kept.document || JSON.stringify(kept.document) === state.savedJSON) return;
    state.undo.push(state.savedJSON);
    state.doc = kept.document;
    notice("Restored the unsaved work of " + new Date(kept.at).toLocaleString() +
      " from this browser.", true);
  }
  function notice(text, discard) {
    $("notice").hidden = false;
    $("notice-text").textContent = text;
    $("notice-discard").hidden = !discard;
  }

  // ---------------------------------------------------------------- the text
  function drawText() {
    const text = state.text;
    const box = $("text");
    const marks = [];
    const problemFoci = new Set(allProblems().map((p) => p.focus));
    for (const s of state.doc.statements) {
      for (const a of s.anchors) {
        let start = a.start === null ? null : toU16(a.start);
        let end = a.end === null ? null : toU16(a.end);
        if (start === null || end === null || text.slice(start, end) !== a.exact) {
          const at = text.indexOf(a.exact);
          if (at < 0 || !a.exact) continue;
          start = at;
          end = at + a.exact.length;
        }
        marks.push({ start, end, id: s.id, broken: problemFoci.has(s.id) });
      }
    }
    const cuts = new Set([0, text.length]);
    for (const m of marks) { cuts.add(m.start); cuts.add(m.end); }
    const points = [...cuts].sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    for (let k = 0; k + 1 < points.length; k++) {
      const a = points[k], b = points[k + 1];
      const here = marks.filter((m) => m.start <= a && m.end >= b);
      const piece = text.slice(a, b);
      if (!here.length) { frag.append(document.createTextNode(piece)); continue; }
      const ids = [...new Set(here.map((m) => m.id))];
      const span = el("span", { class: "q", "data-ids": ids.join(" ") });
      span.textContent = piece;
      if (ids.length > 1) span.classList.add("many");
      if (ids.includes(state.selected)) span.classList.add("current");
      if (here.some((m) => m.broken)) span.classList.add("broken");
      frag.append(span);
    }
    box.replaceChildren(frag);
  }
  /** The UTF-16 offset in the text of a DOM position inside #text. */
  function textOffset(node, offset) {
    const box = $("text");
    if (!box.contains(node)) return null;
    let total = 0;
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    if (node.nodeType !== Node.TEXT_NODE) {
      // a position between children: count the text before that child
      const child = node.childNodes[offset] || null;
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        if (child && (child === t || child.contains(t))) return total;
        if (!child && !node.contains(t) && node.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING) return total;
        total += t.data.length;
      }
      return total;
    }
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (t === node) return total + offset;
      total += t.data.length;
    }
    return null;
  }
  /** The selected span of the text, trimmed: {start, end} in UTF-16, or null. */
  function selectedSpan() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const r = sel.getRangeAt(0);
    let start = textOffset(r.startContainer, r.startOffset);
    let end = textOffset(r.endContainer, r.endOffset);
    if (start === null || end === null) return null;
    if (end < start) [start, end] = [end, start];
    while (start < end && /\s/.test(state.text[start])) start++;
    while (end > start && /\s/.test(state.text[end - 1])) end--;
    // never split a surrogate pair
    if (start > 0 && state.cp[start] === state.cp[start - 1]) start--;
    if (end < state.text.length && state.cp[end] === state.cp[end - 1]) end++;
    return end > start ? { start, end } : null;
  }
  function anchorOf(span) {
    return {
      exact: state.text.slice(span.start, span.end), start: toCp(span.start), end: toCp(span.end),
      prefix: null, suffix: null,
    };
  }
  function shortLabel(text) {
    const words = text.split(/\s+/).filter(Boolean);
    let label = words.slice(0, 7).join(" ");
    if (label.length > 60) label = label.slice(0, 57).replace(/\s+\S*$/, "");
    return (label + (words.length > 7 || label.length < text.trim().length ? " …" : "")).trim();
  }
  function newStatement() {
    const span = selectedSpan();
    if (!span) { notice("Select the words of the statement in the text first.", false); return; }
    const anchor = anchorOf(span);
    const id = freshId(slug(shortLabel(anchor.exact)));
    edit((doc) => {
      doc.statements.push({
        id, kind: "claim", label: shortLabel(anchor.exact), text: anchor.exact.split(/\s+/).join(" "),
        speakers: [], mentions: [], implicit: false, anchors: [anchor], baseScore: null, comment: null,
      });
    }, id);
    window.getSelection().removeAllRanges();
    selectionBar();
  }
  function addQuote() {
    const span = selectedSpan();
    if (!span || typeOf(state.selected) !== "statement") {
      notice("Select a statement, then the words to add as its quote, and press Q.", false);
      return;
    }
    const anchor = anchorOf(span);
    edit((doc) => {
      const s = doc.statements.find((x) => x.id === state.selected);
      if (!s.anchors.some((a) => a.start === anchor.start && a.end === anchor.end)) s.anchors.push(anchor);
      s.implicit = false;
    });
    window.getSelection().removeAllRanges();
    selectionBar();
  }
  function newImplicit() {
    const id = freshId("unstated-premise");
    edit((doc) => {
      doc.statements.push({
        id, kind: "claim", label: "Unstated premise", text: "", speakers: [], mentions: [],
        implicit: true, anchors: [], baseScore: null, comment: null,
      });
    }, id);
    const label = document.querySelector("#inspector [data-field=label]");
    if (label) { label.focus(); label.select(); }
  }
  function selectionBar() {
    const span = selectedSpan();
    $("selection-bar").hidden = !span;
    $("add-quote").disabled = typeOf(state.selected) !== "statement";
  }

  // ---------------------------------------------------------------- relations
  const PICKS = {
    support: { text: "supports", targets: "statement" },
    attack: { text: "attacks", targets: "statement" },
    undercut: { text: "undercuts the inference", targets: "inference" },
    link: { text: "is a further premise of the inference", targets: "inference" },
  };
  function startPick(kind) {
    if (typeOf(state.selected) !== "statement") {
      notice("Select the statement that " + PICKS[kind].text + " something first.", false);
      return;
    }
    const from = state.selected;
    const candidates = candidatesFor(kind, from);
    if (!candidates.length) {
      notice("There is nothing it could " + (kind === "link" || kind === "undercut" ? "join or undercut" : kind) + " yet.", false);
      return;
    }
    state.pick = { kind, from };
    $("pick").hidden = false;
    $("pick-text").textContent = "“" + nameOf(from) + "” " + PICKS[kind].text + ": click it in the map, or choose";
    const list = $("pick-list");
    list.replaceChildren(...candidates.map((id) => el("option", { value: id, text: nameOf(id) })));
    list.focus();
  }
  function candidatesFor(kind, from) {
    if (PICKS[kind].targets === "statement") return state.doc.statements.map((s) => s.id).filter((id) => id !== from);
    return state.doc.inferences.filter((i) => !i.premises.includes(from) && i.conclusion !== from).map((i) => i.id);
  }
  function endPick() {
    state.pick = null;
    if ($("pick").contains(document.activeElement)) document.activeElement.blur();
    $("pick").hidden = true;
  }
  function finishPick(target) {
    const pick = state.pick;
    if (!pick || !candidatesFor(pick.kind, pick.from).includes(target)) return false;
    endPick();
    relate(pick.kind, pick.from, target);
    return true;
  }
  function relate(kind, from, target) {
    if (kind === "support") {
      const same = state.doc.inferences.find(
        (i) => i.conclusion === target && i.premises.length === 1 && i.premises[0] === from);
      if (same) { select(same.id); return; }
      const id = freshNumbered("inference");
      edit((doc) => doc.inferences.push({
        id, premises: [from], conclusion: target, scheme: null, label: null, comment: null, answers: [],
      }), id);
    } else if (kind === "attack" || kind === "undercut") {
      const same = state.doc.conflicts.find((c) => c.attacker === from && c.target === target);
      if (same) { select(same.id); return; }
      const id = freshNumbered("conflict");
      edit((doc) => doc.conflicts.push({ id, attacker: from, target, comment: null }), id);
    } else if (kind === "link") {
      edit((doc) => {
        const inf = doc.inferences.find((i) => i.id === target);
        if (!inf.premises.includes(from)) inf.premises.push(from);
      }, target);
    }
  }
  function toggleMain(id) {
    if (typeOf(id) !== "statement" || !state.doc.map) return;
    edit((doc) => {
      const main = doc.map.main;
      const at = main.indexOf(id);
      if (at >= 0) main.splice(at, 1); else main.push(id);
    });
  }
  function remove(id) {
    const type = typeOf(id);
    if (!type) return;
    edit((doc) => {
      const gone = new Set([id]);
      if (type === "statement") {
        doc.statements = doc.statements.filter((s) => s.id !== id);
        for (const inf of doc.inferences) inf.premises = inf.premises.filter((p) => p !== id);
        for (const inf of doc.inferences) {
          if (inf.conclusion === id || !inf.premises.length) gone.add(inf.id);
          inf.answers = inf.answers.filter((a) => a.answeredBy !== id);
        }
        if (doc.map) doc.map.main = doc.map.main.filter((m) => m !== id);
      }
      doc.inferences = doc.inferences.filter((i) => !gone.has(i.id));
      doc.conflicts = doc.conflicts.filter(
        (c) => !gone.has(c.id) && !gone.has(c.attacker) && !gone.has(c.target));
    }, null);
  }

  // ---------------------------------------------------------------- the map
  let network = null;
  const nodes = new vis.DataSet();
  const edges = new vis.DataSet();
  function statusOf(id) {
    const a = state.assessment;
    return a && a.statuses ? a.statuses[id] : undefined;
  }
  function strengthOf(id) {
    const a = state.assessment;
    return a && a.strength && a.strength[id] !== undefined ? a.strength[id] : null;
  }
  const COLOURS = {
    in: { border: "#1a7f37", background: "#e6f4ea" },
    out: { border: "#cf222e", background: "#f6e1e1" },
    undec: { border: "#bf8700", background: "#fff4d6" },
    none: { border: "#8c959f", background: "#ffffff" },
  };
  /** Levels for the layout: a conclusion above its inference, the inference above its
   * premises, a statement above its attackers; the top conclusions at level 0. */
  function levels() {
    const level = new Map();
    const premiseOf = new Set(state.doc.inferences.flatMap((i) => i.premises));
    const attacking = new Set(state.doc.conflicts.map((c) => c.attacker));
    const main = state.doc.map ? state.doc.map.main : [];
    const below = new Map(); // node -> [[child, step]]
    const add = (a, b, step) => { if (!below.has(a)) below.set(a, []); below.get(a).push([b, step]); };
    for (const inf of state.doc.inferences) {
      if (inf.conclusion) add(inf.conclusion, inf.id, 1);
      for (const p of inf.premises) add(inf.id, p, 1);
    }
    for (const c of state.doc.conflicts) add(c.target, c.attacker, typeOf(c.target) === "inference" ? 1 : 2);
    const roots = [...main, ...state.doc.statements.map((s) => s.id)
      .filter((id) => !premiseOf.has(id) && !attacking.has(id) && !main.includes(id))];
    const queue = [];
    for (const r of roots) if (!level.has(r)) { level.set(r, 0); queue.push(r); }
    for (let k = 0; k < queue.length; k++) {
      const at = queue[k];
      for (const [child, step] of below.get(at) || []) {
        if (!level.has(child)) { level.set(child, level.get(at) + step); queue.push(child); }
      }
      if (k === queue.length - 1) {
        // what no root reaches (a cycle of attacks): start it at level 0
        const left = [...state.doc.statements, ...state.doc.inferences].map((x) => x.id).find((id) => !level.has(id));
        if (left) { level.set(left, 0); queue.push(left); }
      }
    }
    for (const inf of state.doc.inferences) {
      if (!level.has(inf.id)) level.set(inf.id, inf.conclusion && level.has(inf.conclusion) ? level.get(inf.conclusion) + 1 : 1);
    }
    // Statements in no relation yet (all of them in an exercise, or at the start of a
    // map): in ISOLATED_PER_ROW columns below the rest, in the order of the text,
    // instead of one row too wide to read. Each column is held together by edges the
    // layout sees and nobody else (vis-network lays out a hidden edge as absent).
    const related = new Set([...main, ...premiseOf, ...attacking, ...below.keys()]);
    const isolated = state.doc.statements.filter((s) => !related.has(s.id));
    columns = [];
    if (isolated.length > ISOLATED_PER_ROW) {
      const place = new Map(isolated.map((s) => {
        const a = s.anchors && s.anchors[0];
        const found = !a ? -1 : (a.start !== null && a.start !== undefined ? a.start : state.text.indexOf(a.exact));
        return [s.id, found >= 0 ? found : Infinity];
      }));
      isolated.sort((a, b) => place.get(a.id) - place.get(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const alone = new Set(isolated.map((s) => s.id));
      const others = [...level.entries()].filter(([id]) => !alone.has(id));
      const first = others.length ? Math.max(...others.map(([, l]) => l)) + 1 : 0;
      isolated.forEach((s, i) => {
        level.set(s.id, first + Math.floor(i / ISOLATED_PER_ROW));
        if (i >= ISOLATED_PER_ROW) columns.push([isolated[i - ISOLATED_PER_ROW].id, s.id]);
      });
    }
    return level;
  }
  const ISOLATED_PER_ROW = 3;
  const UNSEEN = "rgba(0,0,0,0)";
  let columns = []; // [above, below]: the unrelated statements' columns, for the layout
  function drawMap() {
    const level = levels();
    const foci = new Set(allProblems().filter((p) => p.severity === "error").map((p) => p.focus));
    const main = new Set(state.doc.map ? state.doc.map.main : []);
    const wantNodes = [];
    const wantEdges = [];
    for (const s of state.doc.statements) {
      const status = state.off.has(s.id) ? "none" : (statusOf(s.id) || "none");
      const strength = strengthOf(s.id);
      const lines = [(main.has(s.id) ? "★ " : "") + (s.label || "(no label)")];
      const facts = [KIND_LABEL[s.kind] || s.kind];
      if (s.implicit) facts.push("unstated");
      if (state.off.has(s.id)) facts.push("switched off");
      else if (statusOf(s.id)) facts.push(statusOf(s.id) + (strength !== null ? " · " + strength.toFixed(2) : ""));
      if (foci.has(s.id)) facts.push("⚠ problem");
      lines.push(facts.join(" · "));
      const colour = COLOURS[status];
      wantNodes.push({
        id: s.id, level: level.get(s.id) || 0, label: lines.join("\n"), shape: "box", margin: 10,
        widthConstraint: { minimum: 120, maximum: 230 },
        font: { size: 15, face: "system-ui, DejaVu Sans, sans-serif", multi: false, color: state.off.has(s.id) ? "#8c959f" : "#1f2328" },
        color: { border: colour.border, background: colour.background,
          highlight: { border: "#0969da", background: colour.background } },
        borderWidth: main.has(s.id) ? 4 : 2, borderWidthSelected: main.has(s.id) ? 5 : 3,
        shapeProperties: { borderDashes: s.implicit ? [6, 4] : false, borderRadius: 6 },
      });
    }
    for (const inf of state.doc.inferences) {
      const status = state.off.has(inf.id) ? "none" : (statusOf(inf.id) || "none");
      const scheme = inf.scheme && state.session.schemes.find((x) => x.iri === inf.scheme);
      wantNodes.push({
        id: inf.id, level: level.get(inf.id) || 1, label: scheme ? scheme.label : (inf.premises.length > 1 ? "linked" : " "),
        shape: inf.premises.length > 1 ? "diamond" : "dot", size: 9,
        font: { size: 12, color: "#57606a" },
        color: { border: COLOURS[status].border, background: foci.has(inf.id) ? "#cf222e" : COLOURS[status].border },
      });
      for (const p of inf.premises) {
        wantEdges.push({ id: "p|" + inf.id + "|" + p, from: p, to: inf.id, color: { color: "#1a7f37" },
          width: 2, arrows: "", dashes: state.off.has(inf.id) });
      }
      if (inf.conclusion) {
        wantEdges.push({ id: "c|" + inf.id, from: inf.id, to: inf.conclusion, color: { color: "#1a7f37" },
          width: 2, arrows: "to", dashes: state.off.has(inf.id) });
      }
    }
    for (const c of state.doc.conflicts) {
      const undercut = typeOf(c.target) === "inference";
      wantEdges.push({
        id: "x|" + c.id, from: c.attacker, to: c.target, arrows: "to", width: state.off.has(c.id) ? 1 : 2.5,
        color: { color: state.off.has(c.id) ? "#b0b7bf" : "#cf222e" }, dashes: undercut ? [8, 5] : state.off.has(c.id),
        label: state.off.has(c.id) ? "off" : (undercut ? "undercut" : ""), font: { size: 12, color: "#cf222e", strokeWidth: 3 },
      });
    }
    for (const [above, under] of columns) {
      wantEdges.push({ id: "g|" + above + "|" + under, from: above, to: under, arrows: "", width: 1,
        chosen: false, smooth: false, color: { color: UNSEEN, highlight: UNSEEN, hover: UNSEEN } });
    }
    const keepN = new Set(wantNodes.map((n) => n.id));
    const keepE = new Set(wantEdges.filter((e) => keepN.has(e.from) && keepN.has(e.to)).map((e) => e.id));
    nodes.remove(nodes.getIds().filter((id) => !keepN.has(id)));
    edges.remove(edges.getIds().filter((id) => !keepE.has(id)));
    nodes.update(wantNodes);
    edges.update(wantEdges.filter((e) => keepE.has(e.id)));
    if (network) {
      const sel = state.selected;
      if (sel && nodes.get(sel)) network.selectNodes([sel], false);
      else if (sel && edges.get("x|" + sel)) network.setSelection({ nodes: [], edges: ["x|" + sel] });
      else network.unselectAll();
    }
  }
  function makeNetwork() {
    network = new vis.Network($("map"), { nodes, edges }, {
      layout: { hierarchical: { enabled: true, direction: "UD", levelSeparation: 95,
        nodeSpacing: 250, treeSpacing: 260, blockShifting: true, edgeMinimization: true, parentCentralization: true } },
      physics: { enabled: false },
      interaction: { hover: true, keyboard: false, multiselect: false, tooltipDelay: 3600000 },
      edges: { smooth: { type: "cubicBezier", forceDirection: "vertical", roundness: 0.4 } },
    });
    network.on("click", (params) => {
      const node = params.nodes[0];
      const edge = params.edges.find((e) => !e.startsWith("g|")); // not a column's
      let target = node || null;
      if (!target && edge) {
        const [type, id] = edge.split("|");
        target = id;
        if (type === "x" && state.pick && PICKS[state.pick.kind].targets === "inference") {
          target = null;
        }
      }
      if (state.pick) {
        if (target && finishPick(target)) return;
        if (!target) return;
        notice("That cannot be picked for this relation: choose another, or press Esc.", false);
        return;
      }
      select(target, true);
    });
  }
  /** The whole map if it is readable fitted, else the main conclusion and its neighbours. */
  function firstView() {
    network.fit({ animation: false });
    if (network.getScale() >= 0.7) return;
    const main = state.doc.map && state.doc.map.main.find((m) => nodes.get(m));
    const at = main || nodes.getIds()[0];
    if (at) network.moveTo({ position: network.getPositions([at])[at], scale: 0.85, animation: false });
  }
  function reveal(id) {
    if (!network || !nodes.get(id)) return;
    const pos = network.getPositions([id])[id];
    const dom = network.canvasToDOM(pos);
    const box = $("map").getBoundingClientRect();
    const inside = dom.x > 40 && dom.y > 30 && dom.x < box.width - 40 && dom.y < box.height - 30;
    if (!inside || network.getScale() < 0.6) {
      network.moveTo({ position: pos, scale: Math.max(network.getScale(), 0.85), animation: false });
    }
  }

  // ---------------------------------------------------------------- the inspector
  function select(id, fromMap) {
    state.selected = id && byId(id) ? id : null;
    drawText();
    drawMap();
    if (state.selected && !fromMap) reveal(state.selected);
    drawInspector();
    selectionBar();
    if (state.selected && typeOf(state.selected) === "statement") {
      const mark = document.querySelector('#text .q.current');
      if (mark) mark.scrollIntoView({ block: "nearest" });
    }
  }
  function field(label, input) { return el("label", { class: "field" }, label, input); }
  function textInput(value, key, onchange, multiline) {
    const input = el(multiline ? "textarea" : "input", { "data-field": key });
    input.value = value || "";
    // Committed when the focus moves on (Tab, a click elsewhere) or on Enter, a moment
    // later so that redrawing the inspector can put the focus back where it went. The
    // commit holds even if the inspector was redrawn for something else meanwhile (a
    // click that selected another item); only a copy that a redraw put in place of
    // this field, with what was typed in it, commits instead of it.
    const commit = () => setTimeout(() => { if (!input.replaced) onchange(input.value); }, 0);
    input.addEventListener("change", commit);
    input.addEventListener("blur", commit);
    return input;
  }
  function offSwitch(id) {
    const box = el("input", { type: "checkbox", "data-field": "off", checked: state.off.has(id) });
    box.addEventListener("change", () => {
      if (box.checked) state.off.add(id); else state.off.delete(id);
      drawMap();
      scheduleAssess();
    });
    return el("label", { class: "check" }, box, "What if it were switched off? (not saved)");
  }
  function refreshStatus() {
    const line = document.querySelector("#inspector p.status");
    if (line && state.selected) line.replaceWith(statusLine(state.selected));
  }
  function statusLine(id) {
    const status = statusOf(id);
    const strength = strengthOf(id);
    if (state.off.has(id)) return el("p", { class: "status", text: "Switched off for this what-if." });
    if (!status) return el("p", { class: "status", text: "Not assessed (see the problems)." });
    const sem = $("semantics").value;
    return el("p", { class: "status status-" + status,
      text: STATUS_TEXT[status] + " under " + sem + (strength !== null ? " · strength " + strength.toFixed(2) : "") });
  }
  function drawInspector() {
    const box = $("inspector");
    const id = state.selected;
    const type = typeOf(id);
    if (!type) {
      box.dataset.item = "";
      box.replaceChildren(el("h2", { text: "Nothing selected" }), el("p", { class: "hint",
        text: "Select words in the text and press N (or the button below the text) to make a statement. Click a statement or an arrow in the map to edit it." }));
      return;
    }
    const item = byId(id);
    const parts = [];
    const set = (fn) => edit((doc) => {
      const found = doc.statements.find((x) => x.id === id) ||
        doc.inferences.find((x) => x.id === id) || doc.conflicts.find((x) => x.id === id);
      if (found) fn(found, doc); // gone (deleted before a late commit): nothing to set
    });
    if (type === "statement") {
      parts.push(el("h2", { text: item.implicit ? "Unstated premise" : "Statement" }), statusLine(id));
      parts.push(field("Label (short)", textInput(item.label, "label", (v) => set((s) => { s.label = v.trim(); }))));
      parts.push(field("Text", textInput(item.text, "text", (v) => set((s) => { s.text = v.split(/\s+/).join(" ").trim(); }), true)));
      const kind = el("select", { "data-field": "kind" },
        ...state.session.kinds.map((k) => el("option", { value: k, text: KIND_LABEL[k] || k })));
      kind.value = item.kind;
      kind.addEventListener("change", () => set((s) => { s.kind = kind.value; }));
      parts.push(field("Kind", kind));
      const main = el("input", { type: "checkbox", "data-field": "main",
        checked: state.doc.map && state.doc.map.main.includes(id) });
      main.addEventListener("change", () => toggleMain(id));
      parts.push(el("label", { class: "check" }, main, "Main conclusion (M)"));
      const implicit = el("input", { type: "checkbox", "data-field": "implicit", checked: item.implicit });
      implicit.addEventListener("change", () => set((s) => { s.implicit = implicit.checked; }));
      parts.push(el("label", { class: "check" }, implicit, "Unstated (implicit) premise"));
      parts.push(speakers(item, set));
      const quotes = el("ul", { class: "quotes" }, ...item.anchors.map((a, k) => el("li", {},
        el("span", { class: "quote", text: "“" + a.exact + "”" }), " ",
        el("button", { type: "button", text: "remove", "aria-label": "remove this quote",
          onclick: () => set((s) => { s.anchors.splice(k, 1); }) }))));
      parts.push(el("h2", { text: "Quotes" }), item.anchors.length ? quotes :
        el("p", { class: "hint", text: "None: select its words in the text and press Q." }));
      const score = textInput(item.baseScore === null ? "" : String(item.baseScore), "baseScore", (v) => set((s) => {
        const n = Number(v);
        s.baseScore = v.trim() === "" || !isFinite(n) ? null : Math.min(1, Math.max(0, n));
      }));
      score.setAttribute("inputmode", "decimal");
      parts.push(field("Base score (0 to 1, blank for the default)", score));
      parts.push(field("Comment", textInput(item.comment, "comment", (v) => set((s) => { s.comment = v.trim() || null; }), true)));
      parts.push(el("div", { class: "row" },
        ...Object.keys(PICKS).map((k) => el("button", { type: "button", "data-pick": k,
          text: { support: "Supports… (S)", attack: "Attacks… (A)", undercut: "Undercuts… (U)", link: "Premise of… (L)" }[k],
          onclick: () => startPick(k) }))));
      parts.push(relationsOf(id));
      parts.push(offSwitch(id));
    } else if (type === "inference") {
      parts.push(el("h2", { text: item.premises.length > 1 ? "Inference (linked premises)" : "Inference" }), statusLine(id));
      parts.push(el("p", {}, "Premises:"), el("ul", {}, ...item.premises.map((p) => el("li", {},
        el("button", { type: "button", class: "link", text: nameOf(p), onclick: () => select(p) }), " ",
        el("button", { type: "button", text: "remove", "aria-label": "remove this premise",
          onclick: () => set((i) => { i.premises = i.premises.filter((x) => x !== p); }) })))));
      const conclusion = el("select", { "data-field": "conclusion" }, el("option", { value: "", text: "— none —" }),
        ...state.doc.statements.filter((s) => !item.premises.includes(s.id)).map((s) => el("option", { value: s.id, text: nameOf(s.id) })));
      conclusion.value = item.conclusion || "";
      conclusion.addEventListener("change", () => set((i) => { i.conclusion = conclusion.value || null; }));
      parts.push(field("Conclusion", conclusion));
      const scheme = el("select", { "data-field": "scheme" }, el("option", { value: "", text: "— no scheme —" }),
        ...state.session.schemes.map((s) => el("option", { value: s.iri, text: s.label })));
      scheme.value = item.scheme || "";
      scheme.addEventListener("change", () => set((i) => {
        i.scheme = scheme.value || null;
        const qs = schemeQuestions(i.scheme);
        i.answers = i.answers.filter((a) => qs.includes(a.question));
      }));
      parts.push(field("Argumentation scheme", scheme));
      const questions = schemeQuestions(item.scheme);
      if (questions.length) {
        parts.push(el("h2", { text: "Critical questions" }));
        parts.push(el("ol", { class: "questions" }, ...questions.map((q, k) => {
          const answer = item.answers.find((a) => a.question === q);
          const pickAnswer = el("select", { "data-question": String(k), "aria-label": "answered by" },
            el("option", { value: "", text: "☐ unanswered" }),
            ...state.doc.statements.map((s) => el("option", { value: s.id, text: "☑ answered by “" + nameOf(s.id) + "”" })));
          pickAnswer.value = answer ? answer.answeredBy : "";
          pickAnswer.addEventListener("change", () => set((i) => {
            i.answers = i.answers.filter((a) => a.question !== q);
            if (pickAnswer.value) i.answers.push({ question: q, answeredBy: pickAnswer.value });
          }));
          return el("li", {}, el("p", { text: q }), pickAnswer);
        })));
      }
      parts.push(field("Label", textInput(item.label, "label", (v) => set((i) => { i.label = v.trim() || null; }))));
      parts.push(field("Comment", textInput(item.comment, "comment", (v) => set((i) => { i.comment = v.trim() || null; }), true)));
      parts.push(relationsOf(id));
      parts.push(offSwitch(id));
    } else {
      const undercut = typeOf(item.target) === "inference";
      parts.push(el("h2", { text: undercut ? "Undercut" : "Attack (rebuttal)" }));
      parts.push(el("p", {}, el("button", { type: "button", class: "link", text: nameOf(item.attacker), onclick: () => select(item.attacker) }),
        undercut ? " undercuts " : " attacks ",
        el("button", { type: "button", class: "link", text: nameOf(item.target), onclick: () => select(item.target) })));
      parts.push(field("Comment", textInput(item.comment, "comment", (v) => set((c) => { c.comment = v.trim() || null; }), true)));
      parts.push(offSwitch(id));
    }
    parts.push(el("div", { class: "row" }, el("button", { type: "button", class: "danger", "data-action": "delete",
      text: "Delete (Del)", onclick: () => remove(id) })));
    // Redrawn while the user is in one of its fields (another field's edit was just
    // committed): the same field gets the focus back with what has been typed so far.
    const active = document.activeElement;
    const keep = box.dataset.item === id && active && box.contains(active) &&
      (active.dataset.field || active.dataset.question);
    const wasQuestion = keep && !active.dataset.field;
    const typed = keep && (active.tagName === "TEXTAREA" || (active.tagName === "INPUT" && active.type !== "checkbox"))
      ? { value: active.value, from: active.selectionStart, to: active.selectionEnd } : null;
    box.dataset.item = id;
    box.replaceChildren(...parts);
    if (keep) {
      const again = box.querySelector(wasQuestion ? `[data-question="${keep}"]` : `[data-field="${keep}"]`);
      if (again) {
        active.replaced = true;
        if (typed) again.value = typed.value;
        again.focus();
        if (typed) {
          try { again.setSelectionRange(typed.from, typed.to); } catch (e) { /* not text */ }
        }
      }
    }
  }
  function schemeQuestions(iri) {
    const s = iri && state.session.schemes.find((x) => x.iri === iri);
    return s ? s.questions : [];
  }
  function relationsOf(id) {
    const items = [];
    for (const inf of state.doc.inferences) {
      if (inf.premises.includes(id) && inf.conclusion) items.push(["supports", inf.id, inf.conclusion]);
      if (inf.conclusion === id) for (const p of inf.premises) items.push(["supported by", inf.id, p]);
    }
    for (const c of state.doc.conflicts) {
      if (c.attacker === id) items.push([typeOf(c.target) === "inference" ? "undercuts" : "attacks", c.id, c.target]);
      if (c.target === id) items.push([typeOf(id) === "inference" ? "undercut by" : "attacked by", c.id, c.attacker]);
    }
    if (!items.length) return el("p", { class: "hint", text: "No relations yet." });
    return el("ul", { class: "relations" }, ...items.map(([verb, rel, other]) => el("li", {}, verb + " ",
      el("button", { type: "button", class: "link", text: nameOf(other), onclick: () => select(other) }), " ",
      el("button", { type: "button", text: "edit", "aria-label": "edit this relation", onclick: () => select(rel) }))));
  }
  function speakers(item, set) {
    const wrap = el("fieldset", { class: "speakers" }, el("legend", { text: "Speakers" }));
    for (const a of state.doc.actors) {
      const box = el("input", { type: "checkbox", checked: item.speakers.includes(a.id) });
      box.addEventListener("change", () => set((s) => {
        s.speakers = box.checked ? [...s.speakers, a.id] : s.speakers.filter((x) => x !== a.id);
      }));
      wrap.append(el("label", { class: "check" }, box, a.name || localName(a.id)));
    }
    const name = el("input", { "aria-label": "new speaker's name", placeholder: "new speaker" });
    const add = el("button", { type: "button", text: "Add", onclick: () => {
      const who = name.value.trim();
      if (!who) return;
      edit((doc) => {
        let actor = doc.actors.find((a) => a.name === who);
        if (!actor) {
          actor = { id: freshId("actor-" + slug(who)), name: who, role: null, comment: null };
          doc.actors.push(actor);
        }
        const s = doc.statements.find((x) => x.id === item.id);
        if (!s.speakers.includes(actor.id)) s.speakers.push(actor.id);
      });
    } });
    wrap.append(el("div", { class: "row" }, name, add));
    return wrap;
  }

  // ---------------------------------------------------------------- problems
  function allProblems() {
    const live = state.assessment ? state.assessment.problems : state.session.problems;
    const seen = new Set();
    return [...live, ...state.saveProblems].filter((p) => {
      const key = p.severity + p.message;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  function drawProblems() {
    const list = allProblems();
    $("problem-count").textContent = String(list.length);
    $("problem-list").replaceChildren(...list.map((p) => el("li", { class: p.severity },
      el("button", { type: "button", text: p.message, onclick: () => p.focus && select(p.focus) }))));
  }
  function drawAll() {
    drawText();
    drawMap();
    drawInspector();
    drawProblems();
    $("map-title").value = (state.doc.map && state.doc.map.title) ||
      (state.doc.source && state.doc.source.title) || "";
  }

  // ---------------------------------------------------------------- reasoning
  function scheduleAssess() {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => { state.timer = null; assessNow(); }, 200);
  }
  async function assessNow() {
    const ticket = ++state.pending;
    const body = { document: state.doc, semantics: $("semantics").value, off: [...state.off] };
    state.inflight++;
    try {
      const answer = await api.call("/api/assess", body);
      if (ticket !== state.pending) return; // a newer edit is being assessed
      state.assessment = answer;
    } catch (e) {
      if (ticket !== state.pending) return;
      state.assessment = { statuses: {}, strength: {}, problems: [{ severity: "error", message: "cannot assess: " + e.message, focus: null }] };
    } finally {
      state.inflight--;
    }
    drawMap();
    drawText();
    drawProblems();
    refreshStatus(); // not the whole inspector: the user may be typing in it
    state.ready = true;
    window.argmap.ready = true;
    window.argmap.assessed = ticket;
  }

  // ---------------------------------------------------------------- saving
  async function save() {
    const badge = $("save-state");
    badge.textContent = "saving…";
    state.saving = true;
    try {
      const answer = await api.call("/api/save", { document: state.doc });
      state.session.revision = answer.revision;
      const shown = JSON.stringify(state.doc);
      if (answer.kept) {
        state.doc = answer.document;
        state.savedJSON = JSON.stringify(answer.document);
      } else {
        state.savedJSON = null; // the file does not hold everything: keep it in the browser
      }
      state.saveProblems = answer.problems.filter((p) => !state.assessment ||
        !state.assessment.problems.some((q) => q.message === p.message));
      autosave();
      if (JSON.stringify(state.doc) !== shown) drawAll(); else drawProblems();
      notice("Saved to " + answer.path + (answer.backup ? " (the previous file is kept as " + answer.backup + ")" : "") +
        (answer.kept ? "." : ": some of it is not in the file yet, see the problems; it is kept in this browser."), false);
      window.argmap.saved = (window.argmap.saved || 0) + 1;
      scheduleAssess();
    } catch (e) {
      badge.textContent = "not saved: " + e.message;
      badge.className = "failed";
      window.argmap.saveError = e.message;
    } finally {
      state.saving = false;
    }
  }

  // ---------------------------------------------------------------- keys
  function onKey(event) {
    const t = event.target;
    const typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || (t.tagName === "SELECT" && t.id !== "pick-list"));
    const ctrl = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    if (ctrl && key === "s") {
      event.preventDefault();
      // the field being typed in commits on blur, a moment later: save after it
      if (typing) { t.blur(); setTimeout(save, 0); } else save();
      return;
    }
    if (ctrl && !typing && (key === "z" || key === "y")) {
      event.preventDefault();
      if (key === "y" || event.shiftKey) redo(); else undo();
      return;
    }
    if (event.key === "Escape") {
      if (state.pick) { endPick(); event.preventDefault(); return; }
      if (!typing) select(null);
      return;
    }
    if (t && t.id === "pick-list") {
      if (event.key === "Enter") { event.preventDefault(); finishPick(t.value); }
      return;
    }
    if (typing || ctrl || event.altKey) return;
    const actions = {
      n: newStatement, q: addQuote, i: newImplicit,
      s: () => startPick("support"), a: () => startPick("attack"),
      u: () => startPick("undercut"), l: () => startPick("link"),
      m: () => toggleMain(state.selected),
    };
    if (actions[key]) { event.preventDefault(); actions[key](); return; }
    if ((event.key === "Delete" || event.key === "Backspace") && state.selected) {
      event.preventDefault();
      remove(state.selected);
    }
  }

  // ---------------------------------------------------------------- start
  async function start() {
    let session;
    try {
      session = await api.call("/api/session");
    } catch (e) {
      notice("Cannot reach the annotator's server (" + e.message + "): is `argmap annotate` still running?", false);
      return;
    }
    state.session = session;
    state.text = session.text;
    buildOffsets(session.text);
    state.doc = session.document;
    state.savedJSON = JSON.stringify(session.document);
    $("source-name").textContent = session.textName + " → " + session.mapName;
    const sem = $("semantics");
    sem.replaceChildren(...session.semantics.map((s) => el("option", { value: s, text: s })));
    sem.addEventListener("change", () => { drawInspector(); scheduleAssess(); });
    restore();
    makeNetwork();
    autosave();
    drawAll();
    await assessNow();
    firstView();
  }
  function wire() {
    document.addEventListener("keydown", onKey);
    document.addEventListener("selectionchange", selectionBar);
    $("save").addEventListener("click", save);
    $("undo").addEventListener("click", undo);
    $("redo").addEventListener("click", redo);
    $("new-statement").addEventListener("mousedown", (e) => e.preventDefault());
    $("new-statement").addEventListener("click", newStatement);
    $("add-quote").addEventListener("mousedown", (e) => e.preventDefault());
    $("add-quote").addEventListener("click", addQuote);
    $("new-implicit").addEventListener("click", newImplicit);
    $("fit").addEventListener("click", () => network && network.fit({ animation: false }));
    $("pick-ok").addEventListener("click", () => finishPick($("pick-list").value));
    $("pick-cancel").addEventListener("click", endPick);
    $("notice-close").addEventListener("click", () => { $("notice").hidden = true; });
    $("notice-discard").addEventListener("click", () => {
      state.undo.push(JSON.stringify(state.doc));
      state.doc = JSON.parse(state.savedJSON || JSON.stringify(state.session.document));
      $("notice").hidden = true;
      changed();
    });
    $("help-toggle").addEventListener("click", () => {
      const help = $("help");
      help.hidden = !help.hidden;
      $("help-toggle").setAttribute("aria-expanded", String(!help.hidden));
    });
    $("map-title").addEventListener("change", () => edit((doc) => {
      const title = $("map-title").value.trim() || null;
      if (doc.map) doc.map.title = title;
      if (doc.source) doc.source.title = title;
    }));
    $("text").addEventListener("click", (event) => {
      if (!window.getSelection().isCollapsed) return;
      const mark = event.target.closest && event.target.closest(".q");
      if (!mark) return;
      const ids = mark.dataset.ids.split(" ");
      const at = ids.indexOf(state.selected);
      const next = ids[(at + 1) % ids.length];
      if (state.pick) { finishPick(next); return; }
      select(next);
    });
  }

  window.argmap = {
    ready: false,
    /** No edit waits to be assessed and no call is under way. */
    idle: () => state.ready && state.timer === null && state.inflight === 0 && !state.saving,
    document: () => JSON.parse(JSON.stringify(state.doc)),
    assessment: () => state.assessment,
    select: (id) => select(id),
    selected: () => state.selected,
    off: () => [...state.off],
    get network() { return network; },
    nodes, edges,
    /** Scroll the text so that UTF-16 index ``i`` is in view. */
    revealText(i) {
      const walker = document.createTreeWalker($("text"), NodeFilter.SHOW_TEXT);
      let total = 0;
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        if (i < total + t.data.length) {
          const range = document.createRange();
          range.setStart(t, i - total);
          range.setEnd(t, i - total + 1);
          const box = $("text").getBoundingClientRect();
          const rect = range.getBoundingClientRect();
          $("text").scrollTop += rect.top - box.top - box.height / 3;
          return true;
        }
        total += t.data.length;
      }
      return false;
    },
    /** Where the boundary before (or, with ``after``, after) UTF-16 index ``i`` is on screen. */
    textPoint(i, after) {
      const box = $("text");
      const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      let total = 0;
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        const k = after ? i - 1 : i;
        if (k < total + t.data.length) {
          const range = document.createRange();
          range.setStart(t, k - total);
          range.setEnd(t, k - total + 1);
          const rect = range.getClientRects()[0] || range.getBoundingClientRect();
          return { x: after ? rect.right - 1 : rect.left + 1, y: rect.top + rect.height / 2 };
        }
        total += t.data.length;
      }
      return null;
    },
  };
  wire();
  start();
})();
