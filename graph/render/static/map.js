/* argmap interactive argument map: vanilla JavaScript over vis-network, no network.
 *
 * The map arrives as JSON in <script type="application/json" id="argmap-data">. Every
 * text in it comes from a source document and is data: it reaches the page only through
 * textContent / createTextNode, vis labels (drawn on a canvas as text) and vis tooltips
 * built here as DOM elements. Nothing from the data is ever parsed as HTML.
 *
 * Positions are computed in Python; vis only draws (physics off) unless the reader
 * turns on the force layout. Visibility (collapse, filters, focus, the actor layer,
 * the size cap) and style (kind, status, strength, highlight) are recomputed as a
 * whole and written to the vis DataSets in one batched update of what changed.
 */
(function () {
  "use strict";

  // ---------------------------------------------------------------- constants

  // Every statement is a card of the same shape, its label inside; the kind is named
  // in the band across its top, in the kind's colour (Okabe-Ito, darkened so that
  // white text on it keeps a contrast of 4.5:1 or more), with a glyph as well.
  var KINDS = {
    Claim: { band: "#005A8E", border: "#0072B2", fill: "#E3EFF8", glyph: "\u25a0", legend: "Claim" },
    Evidence: { band: "#00704F", border: "#009E73", fill: "#DDF2EA", glyph: "\u25cf", legend: "Evidence" },
    Proposal: { band: "#665C00", border: "#8C7E00", fill: "#FAF6CC", glyph: "\u2b22", legend: "Proposal" },
    Prediction: { band: "#7F5500", border: "#B07800", fill: "#FBEBCC", glyph: "\u25c6", legend: "Prediction" },
    Recommendation: { band: "#8A3E6E", border: "#9E4A7E", fill: "#F5E4EE", glyph: "\u2605", legend: "Recommendation" },
    Statement: { band: "#4A4A4A", border: "#555555", fill: "#F0F0F0", glyph: "\u25cb", legend: "Statement" }
  };
  var RELATIONS = {
    support: { color: "#009E73", dashes: false, width: 2, arrow: "arrow", legend: "supports (green, arrow)" },
    attack: { color: "#D55E00", dashes: false, width: 2.5, arrow: "bar", legend: "attacks (vermilion, \u22a3 bar)" },
    undercut: { color: "#CC79A7", dashes: [8, 5], width: 2.5, arrow: "bar", legend: "undercuts an inference (purple, dashed, \u22a3)" },
    premise: { color: "#009E73", dashes: false, width: 1.5, arrow: null, legend: "linked premise, into its junction" },
    attacker: { color: "#D55E00", dashes: false, width: 1.5, arrow: null, legend: "linked attacker, into its junction (they attack together)" },
    said: { color: "#8A8A8A", dashes: [2, 4], width: 1, arrow: "arrow", legend: "said by (grey, dotted)" },
    mentions: { color: "#B0B0B0", dashes: [1, 6], width: 1, arrow: null, legend: "mentions (light grey, sparse dots)" }
  };
  var STATUS_TEXT = { "in": "in (accepted)", out: "out (rejected)", undec: "undecided" };
  var BADGE = { "in": "", out: "\u2717 ", undec: "? " };
  var DASH = { implicit: [6, 4], out: [2, 3], undec: [9, 3, 2, 3] };
  var INK = "#1A1A1A";
  var FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
  // The cards' geometry, as the layout in Python reserved it (graph/render/model.py).
  var GEOMETRY = (function () {
    var g = { cardWidth: 220, mainCardWidth: 300, band: 22, padding: 10, font: 16, line: 20,
      mainFont: 20, mainLine: 25, junction: 16 };
    var given = (JSON.parse(document.getElementById("argmap-data").textContent) || {}).geometry || {};
    Object.keys(g).forEach(function (k) { if (typeof given[k] === "number" && given[k] > 0) { g[k] = given[k]; } });
    return g;
  }());
  var READABLE_PX = 12;        // the least size a label may be shown at when the map opens
  var CAP = 2000;              // more visible nodes than this: show a neighbourhood only
  var CAP_HOPS = 2;
  var MIN_SCALE = READABLE_PX / GEOMETRY.font;   // labels at 12 px at least
  // Screen px kept clear around a fitted map (set before the first view is chosen:
  // chooseDepth runs while the script is still being read).
  var PAD = 24;
  var START_SCALE = Math.max(MIN_SCALE, 0.8);

  // ---------------------------------------------------------------- data

  var data = JSON.parse(document.getElementById("argmap-data").textContent);
  var allNodes = Array.isArray(data.nodes) ? data.nodes : [];
  var allEdges = Array.isArray(data.edges) ? data.edges : [];
  var semanticsList = Array.isArray(data.semantics) ? data.semantics.map(String) : [];
  var semantics = semanticsList.indexOf(data.defaultSemantics) >= 0 ? data.defaultSemantics
    : (semanticsList[0] || null);

  var byId = new Map();
  var edgeById = new Map();
  var inEdges = new Map();
  var outEdges = new Map();
  var children = new Map();
  var statements = [];
  allNodes.forEach(function (n) {
    n.id = String(n.id);
    n.label = n.label == null ? "" : String(n.label);
    n.text = n.text == null ? "" : String(n.text);
    n.quotes = Array.isArray(n.quotes) ? n.quotes : [];
    n.speakers = Array.isArray(n.speakers) ? n.speakers.map(String) : [];
    n.mentions = Array.isArray(n.mentions) ? n.mentions.map(String) : [];
    n.status = n.status || {};
    byId.set(n.id, n);
    inEdges.set(n.id, []);
    outEdges.set(n.id, []);
    children.set(n.id, []);
    if (n.type === "statement") { statements.push(n); }
  });
  allEdges.forEach(function (e) {
    e.id = String(e.id);
    e.from = String(e.from);
    e.to = String(e.to);
    if (!byId.has(e.from) || !byId.has(e.to)) { return; }
    edgeById.set(e.id, e);
    outEdges.get(e.from).push(e);
    inEdges.get(e.to).push(e);
  });
  allNodes.forEach(function (n) {
    if (n.parent != null && byId.has(String(n.parent)) && String(n.parent) !== n.id) {
      n.parent = String(n.parent);
      children.get(n.parent).push(n.id);
    } else {
      n.parent = null;
    }
  });
  var mains = statements.filter(function (n) { return n.main; });
  var large = !!data.large;
  // A big map's page holds its top levels only: how many statements it leaves out,
  // and how to open what hangs below a statement (a command line, or a served link).
  var partial = data.partial && typeof data.partial === "object" ? data.partial : null;
  allNodes.forEach(function (n) { n.cut = Math.max(0, Math.floor(Number(n.cut) || 0)); });
  (function subtitle() {
    var parts = [];
    if (data.root && typeof data.root === "object") {
      parts.push("What hangs below \u201c" + String(data.root.label || data.root.iri) + "\u201d.");
    }
    if (partial) {
      parts.push("The top levels of a big map: " + Number(partial.shown).toLocaleString("en")
        + " of its " + Number(partial.statements).toLocaleString("en")
        + " statements. A card\u2019s +N counts the statements below it; its details say how to open them.");
    }
    document.getElementById("subtitle").textContent = parts.join(" ");
  }());

  // Layouts: the whole map (each node's x and y, each edge's route around the boxes)
  // and the map cut below each of its first levels (data.views), for a first view
  // folded to what can be read on the screen.
  var views = new Map();
  (Array.isArray(data.views) ? data.views : []).forEach(function (v) {
    if (!v || typeof v.depth !== "number" || !v.at || typeof v.at !== "object") { return; }
    var at = new Map();
    Object.keys(v.at).forEach(function (k) {
      var p = v.at[k];
      if (Array.isArray(p) && p.length === 2 && byId.has(String(k))) { at.set(String(k), [Number(p[0]) || 0, Number(p[1]) || 0]); }
    });
    var routes = new Map();
    Object.keys(v.routes || {}).forEach(function (k) {
      if (Array.isArray(v.routes[k])) { routes.set(String(k), v.routes[k].map(Number)); }
    });
    views.set(v.depth, { depth: v.depth, at: at, routes: routes });
  });
  var depths = Array.from(views.keys()).sort(function (a, b) { return a - b; });
  function currentView() { return state.depth !== null ? views.get(state.depth) || null : null; }
  function currentAt(n) {
    var v = currentView();
    var p = v ? v.at.get(n.id) : null;
    return p || [Number(n.x) || 0, Number(n.y) || 0];
  }
  function currentRoute(e) {
    if (state.physics) { return null; }
    var v = currentView();
    var r = v ? v.routes.get(e.id) : e.route;
    return Array.isArray(r) && r.length >= 8 && r.every(isFinite) ? r : null;
  }
  function cardSize(n) {
    if (n.type === "junction") { return [GEOMETRY.junction, GEOMETRY.junction]; }
    var w = Number(n.w) > 0 ? Number(n.w) : (n.main ? GEOMETRY.mainCardWidth : GEOMETRY.cardWidth);
    var h = Number(n.h) > 0 ? Number(n.h) : GEOMETRY.band + 2 * GEOMETRY.padding + 2 * GEOMETRY.line;
    return [w, h];
  }

  function isArgument(e) { return e.relation !== "said" && e.relation !== "mentions"; }
  function nameOf(n) {
    if (!n) { return ""; }
    if (n.type === "junction" && n.kind === "attack") {
      return premisesOf(n).length > 1 ? "Linked attack" : "Attack";
    }
    if (n.type === "junction") {
      return "Linked argument" + (n.scheme && n.scheme.label ? " (" + n.scheme.label + ")" : "");
    }
    return n.label || n.text || n.id;
  }
  function statusOf(item) {
    if (!semantics || !item || !item.status) { return null; }
    var s = item.status[semantics];
    return s === "in" || s === "out" || s === "undec" ? s : null;
  }
  // A junction of kind "attack" is a conflict drawn as a node: its attackers
  // (linked: they attack together) go into it, and it attacks its target; an attack
  // on it is an attack on that attack.
  function isAttackJunction(n) { return !!n && n.type === "junction" && n.kind === "attack"; }
  // The conclusion a junction feeds (its support edge), or the target it attacks.
  function junctionTarget(j) {
    var out = outEdges.get(j.id).filter(function (e) {
      return isAttackJunction(j) ? e.relation === "attack" || e.relation === "undercut" : e.relation === "support";
    });
    return out.length ? byId.get(out[0].to) : null;
  }
  function premisesOf(j) {
    return inEdges.get(j.id).filter(function (e) { return e.relation === "premise" || e.relation === "attacker"; })
      .map(function (e) { return byId.get(e.from); });
  }
  // Reasons for a node: {node, via (junction or null), edge}.
  function reasonsFor(id) {
    var out = [];
    inEdges.get(id).forEach(function (e) {
      var from = byId.get(e.from);
      if (e.relation === "support" || e.relation === "premise") {
        if (from.type === "junction" && e.relation === "support") {
          premisesOf(from).forEach(function (p) { out.push({ node: p, via: from, edge: e }); });
        } else {
          out.push({ node: from, via: null, edge: e });
        }
      }
    });
    return out;
  }
  // Objections to a node: attacks and undercuts into it, and undercuts of the
  // inferences (junctions) that conclude it.
  function objectionsTo(id) {
    var out = [];
    inEdges.get(id).forEach(function (e) {
      if ((e.relation === "attack" || e.relation === "undercut") && isAttackJunction(byId.get(e.from))) {
        premisesOf(byId.get(e.from)).forEach(function (p) { out.push({ node: p, via: byId.get(e.from), edge: e }); });
      } else if (e.relation === "attack" || e.relation === "undercut") {
        out.push({ node: byId.get(e.from), via: null, edge: e });
      } else if (e.relation === "support" && byId.get(e.from).type === "junction") {
        inEdges.get(e.from).forEach(function (u) {
          if (u.relation === "undercut" || u.relation === "attack") {
            out.push({ node: byId.get(u.from), via: byId.get(e.from), edge: u });
          }
        });
      }
    });
    return out;
  }
  // What a node argues for or against: {node, relation, via}.
  function targetsOf(id) {
    var out = [];
    outEdges.get(id).forEach(function (e) {
      var to = byId.get(e.to);
      if ((e.relation === "premise" || e.relation === "attacker") && to.type === "junction") {
        var c = junctionTarget(to);
        if (c) { out.push({ node: c, relation: e.relation === "attacker" ? "attack" : "support", via: to }); }
      } else if (isArgument(e)) {
        out.push({ node: to, relation: e.relation, via: null });
      }
    });
    return out;
  }

  // Statements in each subtree of the layout tree, for the "+N" of a collapsed node.
  var below = new Map();
  (function countBelow() {
    var order = [];
    var seen = new Set();
    allNodes.forEach(function (root) {
      if (root.parent !== null || seen.has(root.id)) { return; }
      var stack = [root.id];
      while (stack.length) {
        var id = stack.pop();
        if (seen.has(id)) { continue; }
        seen.add(id);
        order.push(id);
        children.get(id).forEach(function (c) { stack.push(c); });
      }
    });
    for (var i = order.length - 1; i >= 0; i--) {
      var id = order[i];
      // a page cut below its top levels (data.partial) counts what is not in it too
      var total = Number(byId.get(id).cut) || 0;
      children.get(id).forEach(function (c) {
        total += (below.get(c) || 0) + (byId.get(c).type === "statement" ? 1 : 0);
      });
      below.set(id, total);
    }
  }());

  // ---------------------------------------------------------------- state

  var state = {
    collapsed: new Set(),     // nodes whose layout subtree is folded away
    revealed: new Set(),      // initially hidden nodes without a parent, shown on demand
    showActors: false,
    filters: { kind: "", speaker: "", status: "" },
    focus: null,              // Set of ids: only these are shown
    highlight: null,          // {nodes: Set, edges: Set}: the rest is dimmed
    selected: [],             // ids
    selectedEdge: null,       // an edge id
    depth: null,              // the map shown cut below this level (data.views), or whole
    only: null,               // Set: the first view shows only what fits on the screen whole
    keyboard: false,          // the map has the keyboard focus
    physics: false
  };
  // A large map opens folded to its top levels: a node with initially hidden children
  // starts collapsed, so unfolding it reveals one level at a time.
  allNodes.forEach(function (n) {
    if (!n.hidden) { return; }
    if (n.parent !== null) { state.collapsed.add(n.parent); }
  });

  // ---------------------------------------------------------------- helpers

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function $(id) { return document.getElementById(id); }
  function hexToRgb(hex) {
    var v = parseInt(hex.slice(1), 16);
    return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
  }
  // Mix a colour towards white; t = 0 keeps it, t = 1 is white.
  function fade(hex, t) {
    var c = hexToRgb(hex);
    var out = c.map(function (v) { return Math.round(v + (255 - v) * t); });
    return "#" + out.map(function (v) { return (v < 16 ? "0" : "") + v.toString(16); }).join("").toUpperCase();
  }
  var messageTimer = null;
  function say(text) {
    var m = $("message");
    m.textContent = text;
    clearTimeout(messageTimer);
    if (text) { messageTimer = setTimeout(function () { m.textContent = ""; }, 6000); }
  }

  // ---------------------------------------------------------------- visibility

  function passesFilters(n) {
    var f = state.filters;
    if (f.kind && (n.kind || "Statement") !== f.kind) { return false; }
    if (f.speaker && n.speakers.indexOf(f.speaker) < 0) { return false; }
    if (f.status && statusOf(n) !== f.status) { return false; }
    return true;
  }
  // Is some proper ancestor of the node collapsed? Memoised, cycle-safe.
  function foldedMap() {
    var memo = new Map();
    function folded(id) {
      if (memo.has(id)) { return memo.get(id); }
      var chain = [];
      var cur = id;
      var result = false;
      var guard = new Set();
      while (true) {
        var p = byId.get(cur).parent;
        if (p === null || guard.has(p)) { break; }
        guard.add(p);
        if (memo.has(cur) && cur !== id) { result = memo.get(cur); break; }
        chain.push(cur);
        if (state.collapsed.has(p)) { result = true; break; }
        cur = p;
      }
      chain.forEach(function (c) { memo.set(c, result); });
      memo.set(id, result);
      return result;
    }
    return folded;
  }
  function neighbourhood(seeds, hops, allowed) {
    var seen = new Set();
    var frontier = [];
    seeds.forEach(function (s) { if (allowed(s)) { seen.add(s); frontier.push(s); } });
    for (var d = 0; d < hops && frontier.length; d++) {
      var next = [];
      // A junction is where premises meet: crossing it costs no step.
      var queue = frontier.slice();
      while (queue.length) {
        var id = queue.pop();
        var touch = inEdges.get(id).map(function (e) { return e.from; })
          .concat(outEdges.get(id).map(function (e) { return e.to; }));
        touch.forEach(function (m) {
          if (seen.has(m) || !allowed(m)) { return; }
          seen.add(m);
          if (byId.get(m).type === "junction") { queue.push(m); } else { next.push(m); }
        });
      }
      frontier = next;
    }
    return seen;
  }

  var capped = null;  // {total, anchor} when the size cap is in force

  // Below the level the map is cut at, in the folded first view.
  // or outside what the first view could show whole (state.only).
  function cutOff(n) {
    var v = currentView();
    return (v !== null && !v.at.has(n.id)) || (state.only !== null && n.type !== "actor" && !state.only.has(n.id));
  }

  function computeVisible() {
    var folded = foldedMap();
    var visible = new Set();
    allNodes.forEach(function (n) {
      if (n.type === "junction") { return; }
      if (n.type === "actor") {
        if (state.showActors) { visible.add(n.id); }
        return;
      }
      if (folded(n.id) || cutOff(n)) { return; }
      if (n.hidden && n.parent === null && !state.revealed.has(n.id)) { return; }
      if (!passesFilters(n)) { return; }
      visible.add(n.id);
    });
    // A junction shows when its conclusion and at least one premise show (an attack
    // on an attack once the attack it targets shows: until nothing changes).
    for (var grown = true; grown;) {
      grown = false;
      allNodes.forEach(function (n) {
        if (n.type !== "junction" || visible.has(n.id) || folded(n.id) || cutOff(n)) { return; }
        var c = junctionTarget(n);
        var premises = premisesOf(n);
        if (c && !visible.has(c.id)) { return; }
        if (premises.length && !premises.some(function (p) { return visible.has(p.id); })) { return; }
        visible.add(n.id);
        grown = true;
      });
    }
    if (state.focus) {
      visible.forEach(function (id) { if (!state.focus.has(id)) { visible.delete(id); } });
    }
    capped = null;
    if (visible.size > CAP) {
      var anchor = state.selected.filter(function (id) { return visible.has(id); });
      if (!anchor.length) {
        anchor = mains.filter(function (n) { return visible.has(n.id); }).map(function (n) { return n.id; });
      }
      if (!anchor.length) { anchor = [visible.values().next().value]; }
      var total = visible.size;
      var near = neighbourhood(anchor, CAP_HOPS, function (id) { return visible.has(id); });
      capped = { total: total, anchor: anchor, shown: near.size };
      visible = near;
    }
    return visible;
  }

  // ---------------------------------------------------------------- styles

  function strengthWidth(n) {
    if (typeof n.strength !== "number" || !isFinite(n.strength)) { return 2; }
    var s = Math.max(0, Math.min(1, n.strength));
    return 1 + 4 * s;  // 1 (no strength) .. 5 (full strength)
  }
  // How many statements are folded away under a node: by a fold of its own, or
  // because the map is shown cut below its level.
  function foldedCount(n) {
    var count = below.get(n.id) || 0;
    if (!count) { return 0; }
    if (state.collapsed.has(n.id)) { return count; }
    if (currentView() !== null || state.only !== null) {
      var hidden = children.get(n.id).some(function (c) { return cutOff(byId.get(c)); });
      if (hidden && !cutOff(n)) { return count; }
    }
    return n.cut;
  }
  // What hangs below a statement and is not in this page: opened by the served link,
  // else its details give the command that writes a page of it.
  function shellQuote(text) { return "'" + String(text).replace(/'/g, "'\\''") + "'"; }
  function belowCommand(n) {
    return partial && partial.command ? String(partial.command) + " --root " + shellQuote(n.iri) : null;
  }
  function belowLink(n) {
    return partial && partial.link ? String(partial.link) + encodeURIComponent(n.iri) : null;
  }
  function openBelow(n) {
    var link = belowLink(n);
    if (link) { window.location.assign(link); return; }
    select(n.id);
    if (isPhone()) { showPane("panel"); }
    say((n.cut === 1 ? "1 statement" : n.cut + " statements") + " below \u201c" + nameOf(n)
      + "\u201d " + (n.cut === 1 ? "is" : "are") + " not in this page: its details say how to open it.");
  }
  function collapsedBadge(n) {
    var count = foldedCount(n);
    return count ? "  [+" + count + "]" : "";
  }

  // ---------------------------------------------------------------- cards

  var STATUS_BAND = { "in": "\u2713 IN", out: "\u2717 OUT", undec: "? UNDECIDED" };
  var wrapCache = new Map();
  var measureCtx = document.createElement("canvas").getContext("2d");
  function wrapLabel(n, width, height) {
    var key = n.id + "|" + width + "|" + height;
    if (wrapCache.has(key)) { return wrapCache.get(key); }
    var ctx = measureCtx;
    var size = n.main ? GEOMETRY.mainFont : GEOMETRY.font;
    var lineH = n.main ? GEOMETRY.mainLine : GEOMETRY.line;
    var text = n.label || n.text || n.id;
    var lines;
    // A browser whose font runs wider than the layout assumed gets a smaller size,
    // never text outside the card; 12 px is the least.
    for (;;) {
      ctx.font = size + "px " + FONT;
      lines = wrapWords(ctx, text, width);
      if (lines.length * lineH <= height || size <= READABLE_PX) { break; }
      size -= 1;
      lineH = Math.round(size * 1.25);
    }
    var result = { size: size, lineH: lineH, lines: lines };
    wrapCache.set(key, result);
    return result;
  }
  function wrapWords(ctx, text, width) {
    var lines = [];
    String(text).split("\n").forEach(function (paragraph) {
      var line = "";
      paragraph.split(/\s+/).filter(Boolean).forEach(function (word) {
        var tryLine = line ? line + " " + word : word;
        if (!line || ctx.measureText(tryLine).width <= width) {
          line = tryLine;
        } else {
          lines.push(line);
          line = word;
        }
        // A word wider than the card is broken where it fills a line.
        while (ctx.measureText(line).width > width && line.length > 1) {
          var cut = line.length - 1;
          while (cut > 1 && ctx.measureText(line.slice(0, cut)).width > width) { cut--; }
          lines.push(line.slice(0, cut));
          line = line.slice(cut);
        }
      });
      lines.push(line);
    });
    return lines;
  }
  function fitText(ctx, text, width) {
    if (ctx.measureText(text).width <= width) { return text; }
    var cut = text.length;
    while (cut > 1 && ctx.measureText(text.slice(0, cut) + "\u2026").width > width) { cut--; }
    return text.slice(0, cut) + "\u2026";
  }

  // Everything a card shows, for the canvas and for the SVG export alike.
  function look(n) {
    var k = KINDS[n.kind] || KINDS.Statement;
    var st = statusOf(n);
    var dim = state.highlight !== null && !state.highlight.nodes.has(n.id);
    var lit = state.highlight !== null && !dim;
    var size = cardSize(n);
    var v = {
      w: size[0], h: size[1], kind: k, status: st, dim: dim, main: !!n.main,
      fill: n.implicit ? "#FFFFFF" : k.fill, border: k.border, band: k.band,
      dash: n.implicit ? DASH.implicit : null, ink: INK,
      borderWidth: strengthWidth(n) + (lit ? 1 : 0),
      strength: typeof n.strength === "number" && isFinite(n.strength) ? Math.max(0, Math.min(1, n.strength)) : null,
      folded: foldedCount(n)
    };
    if (n.main) { v.borderWidth = Math.max(v.borderWidth, 4) + 2; }
    if (st === "out") {
      v.fill = fade(v.fill, 0.55);
      v.border = "#8A8A8A";
      v.band = "#6B6B6B";
      v.dash = n.implicit ? DASH.implicit : DASH.out;
      v.ink = "#4A4A4A";
    } else if (st === "undec") {
      v.fill = fade(v.fill, 0.4);
      v.dash = n.implicit ? DASH.implicit : DASH.undec;
    }
    var kindText = k.glyph + " " + (n.kind || "Statement").toUpperCase();
    if (n.main) { kindText = "\u2605 MAIN CONCLUSION \u00b7 " + (n.kind || "Statement").toUpperCase(); }
    if (n.implicit) { kindText += " \u00b7 UNSTATED"; }
    v.kindText = kindText;
    v.statusText = st ? STATUS_BAND[st] : "";
    var inner = v.w - 2 * GEOMETRY.padding;
    var room = v.h - GEOMETRY.band - 2 * GEOMETRY.padding;
    v.wrap = wrapLabel(n, inner, room);
    return v;
  }

  function roundRect(ctx, x, y, w, h, r) {
    ctx.beginPath();
    ctx.moveTo(x + r, y);
    ctx.arcTo(x + w, y, x + w, y + h, r);
    ctx.arcTo(x + w, y + h, x, y + h, r);
    ctx.arcTo(x, y + h, x, y, r);
    ctx.arcTo(x, y, x + w, y, r);
    ctx.closePath();
  }
  var RADIUS = 6;
  function paintCard(ctx, n, cx, cy, selected, hover) {
    var v = look(n);
    var L = cx - v.w / 2;
    var T = cy - v.h / 2;
    var band = GEOMETRY.band;
    ctx.save();
    ctx.globalAlpha = v.dim ? 0.2 : 1;
    if (v.main) {
      ctx.shadowColor = "rgba(0, 0, 0, 0.35)";
      ctx.shadowBlur = 10;
      ctx.shadowOffsetX = 2;
      ctx.shadowOffsetY = 3;
    }
    roundRect(ctx, L, T, v.w, v.h, RADIUS);
    ctx.fillStyle = v.fill;
    ctx.fill();
    ctx.shadowColor = "transparent";
    ctx.save();
    roundRect(ctx, L, T, v.w, v.h, RADIUS);
    ctx.clip();
    ctx.fillStyle = v.band;
    ctx.fillRect(L, T, v.w, band);
    if (v.strength !== null) {
      // Strength, also as a bar along the foot of the card: its length is the value.
      ctx.fillStyle = v.status === "out" ? "#8A8A8A" : v.kind.band;
      ctx.fillRect(L, T + v.h - 4, v.w * v.strength, 4);
    }
    ctx.restore();
    ctx.setLineDash(v.dash || []);
    ctx.lineWidth = v.borderWidth;
    ctx.strokeStyle = hover ? "#000000" : v.border;
    roundRect(ctx, L, T, v.w, v.h, RADIUS);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = "#FFFFFF";
    ctx.textBaseline = "middle";
    ctx.font = "bold 11px " + FONT;
    var statusWidth = v.statusText ? ctx.measureText(v.statusText).width + 12 : 0;
    ctx.textAlign = "left";
    ctx.fillText(fitText(ctx, v.kindText, v.w - 16 - statusWidth), L + 8, T + band / 2 + 1);
    if (v.statusText) {
      ctx.textAlign = "right";
      ctx.fillText(v.statusText, L + v.w - 8, T + band / 2 + 1);
    }
    ctx.fillStyle = v.ink;
    ctx.textAlign = "center";
    ctx.font = v.wrap.size + "px " + FONT;
    var textTop = T + band + (v.h - band - v.wrap.lines.length * v.wrap.lineH) / 2;
    v.wrap.lines.forEach(function (line, i) {
      ctx.fillText(line, cx, textTop + v.wrap.lineH * (i + 0.5));
    });
    if (v.folded) {
      var chip = "+" + v.folded;
      ctx.font = "bold 12px " + FONT;
      var cw = ctx.measureText(chip).width + 12;
      roundRect(ctx, L + v.w - cw - 4, T + v.h - 10, cw, 18, 9);
      ctx.fillStyle = "#1A1A1A";
      ctx.fill();
      ctx.fillStyle = "#FFFFFF";
      ctx.fillText(chip, L + v.w - cw / 2 - 4, T + v.h - 1);
    }
    if (selected) {
      ctx.lineWidth = 3;
      ctx.strokeStyle = "#000000";
      roundRect(ctx, L - 5, T - 5, v.w + 10, v.h + 10, RADIUS + 4);
      ctx.stroke();
      if (state.keyboard) {
        // The keyboard focus: a second, dashed ring, as a focus outline is.
        ctx.setLineDash([6, 4]);
        ctx.lineWidth = 2;
        ctx.strokeStyle = "#0050B0";
        roundRect(ctx, L - 10, T - 10, v.w + 20, v.h + 20, RADIUS + 8);
        ctx.stroke();
        ctx.setLineDash([]);
      }
    }
    ctx.restore();
  }
  function drawCard(r) {
    var n = byId.get(String(r.id));
    var size = cardSize(n);
    return {
      drawNode: function () { paintCard(r.ctx, n, r.x, r.y, r.state.selected, r.state.hover); },
      nodeDimensions: { width: size[0], height: size[1] }
    };
  }

  function nodeStyle(n, visible) {
    var st = statusOf(n);
    var dim = state.highlight !== null && !state.highlight.nodes.has(n.id);
    var s;
    if (n.type === "junction") {
      var ink = isAttackJunction(n) ? RELATIONS.attack.color : "#333333";
      var jfill = st === "out" || st === "undec" ? "#FFFFFF" : ink;
      var jborder = st === "out" ? "#8A8A8A" : ink;
      s = {
        shape: "dot", size: 8,
        color: { background: jfill, border: jborder,
          highlight: { background: "#000000", border: "#000000" },
          hover: { background: jfill, border: "#000000" } },
        borderWidth: 2, borderWidthSelected: 3,
        shapeProperties: { borderDashes: st === "out" ? [2, 2] : false },
        font: { size: 14, face: FONT, color: INK }
      };
    } else if (n.type === "actor") {
      s = {
        shape: "dot", size: 12, label: n.label,
        color: { background: "#BBBBBB", border: "#666666",
          highlight: { background: "#999999", border: "#000000" },
          hover: { background: "#BBBBBB", border: "#000000" } },
        borderWidth: 1.5, borderWidthSelected: 3,
        shapeProperties: { borderDashes: false },
        font: { size: 15, face: FONT, color: "#444444" }
      };
    } else {
      // Drawn by paintCard, which reads the state whenever vis draws.
      s = { shape: "custom", ctxRenderer: drawCard };
    }
    s.hidden = !visible.has(n.id);
    s.opacity = dim ? 0.18 : 1;
    if (dim && s.font) { s.font.color = "#C8C8C8"; }
    return s;
  }

  function edgeStyle(e, visible) {
    var r = RELATIONS[e.relation] || RELATIONS.support;
    var st = statusOf(e);
    var dim = state.highlight !== null && !state.highlight.edges.has(e.id);
    var lit = state.highlight !== null && !dim;
    var arrows = { to: { enabled: !!r.arrow, type: r.arrow || "arrow", scaleFactor: r.arrow === "bar" ? 1.1 : 0.8 } };
    var hidden = !visible.has(e.from) || !visible.has(e.to)
      || (!state.showActors && !isArgument(e));
    // An argument edge with a route is drawn by paintEdges, along the route.
    var routed = isArgument(e) && currentRoute(e) !== null;
    return {
      hidden: hidden || routed,
      color: { color: r.color, highlight: r.color, hover: r.color,
        opacity: dim ? 0.12 : (st === "out" ? 0.4 : 1) },
      dashes: st === "out" && e.relation !== "undercut" ? [2, 4] : r.dashes,
      width: (st === "out" ? r.width * 0.6 : r.width) + (lit ? 1.5 : 0),
      arrows: arrows
    };
  }

  // ---------------------------------------------------------------- tooltips

  function kindLine(n) {
    if (isAttackJunction(n)) { return (premisesOf(n).length > 1 ? "linked attack" : "attack") + " (junction)"; }
    if (n.type === "junction") { return "linked argument (junction)"; }
    if (n.type === "actor") { return "actor" + (n.role ? " \u00b7 " + n.role : ""); }
    var parts = [n.kind || "Statement"];
    if (n.main) { parts.push("main conclusion"); }
    if (n.implicit) { parts.push("unstated"); }
    return parts.join(" \u00b7 ");
  }
  function nodeTip(n) {
    var box = el("div", "argmap-tip");
    box.appendChild(el("p", "meta", kindLine(n)));
    if (isAttackJunction(n)) {
      box.appendChild(el("p", "meta", (premisesOf(n).length > 1 ? "Its attackers attack only together" : "An attack that is itself attacked") +
        "; click for what it attacks and what attacks it."));
      return box;
    }
    if (n.type === "junction") {
      if (n.scheme && n.scheme.label) { box.appendChild(el("p", null, "Scheme: " + n.scheme.label)); }
      box.appendChild(el("p", "meta", "Premises meet here; click for the critical questions."));
      return box;
    }
    box.appendChild(el("p", null, n.text || n.label));
    n.quotes.slice(0, 3).forEach(function (q) {
      if (q && q.exact) { box.appendChild(el("blockquote", null, "\u201c" + q.exact + "\u201d")); }
    });
    if (n.speakers.length) { box.appendChild(el("p", "meta", "Said by: " + n.speakers.join(", "))); }
    return box;
  }
  var VERB = { support: "supports", attack: "attacks", undercut: "undercuts", premise: "is a premise of",
    attacker: "attacks, with the others, by",
    said: "said", mentions: "mentions" };
  function edgeLine(e) {
    return nameOf(byId.get(e.from)) + " \u2014 " + (VERB[e.relation] || e.relation) + " \u2192 " + nameOf(byId.get(e.to));
  }
  function edgeTip(e) {
    var box = el("div", "argmap-tip");
    box.appendChild(el("p", null, edgeLine(e)));
    if (e.scheme && e.scheme.label) { box.appendChild(el("p", "meta", "Scheme: " + e.scheme.label)); }
    return box;
  }

  // ---------------------------------------------------------------- vis

  var container = $("map");
  state.depth = chooseDepth();
  var visible0 = computeVisible();
  var shownNow = visible0;
  // What each node and edge last got, to send vis only what changed.
  var applied = new Map();
  var nodes = new vis.DataSet(allNodes.map(function (n) {
    var s = nodeStyle(n, visible0);
    applied.set("n" + n.id, JSON.stringify(s));
    s.id = n.id;
    var at = currentAt(n);
    s.x = at[0];
    s.y = at[1];
    return s;
  }));
  var edges = new vis.DataSet(Array.from(edgeById.values()).map(function (e) {
    var s = edgeStyle(e, visible0);
    applied.set("e" + e.id, JSON.stringify(s));
    s.id = e.id;
    s.from = e.from;
    s.to = e.to;
    return s;
  }));

  var PHYSICS_ON = {
    enabled: true,
    solver: "barnesHut",
    barnesHut: { gravitationalConstant: -9000, springLength: 170, springConstant: 0.03, avoidOverlap: 0.4 },
    stabilization: { enabled: false },
    maxVelocity: 40,
    minVelocity: 0.75
  };
  var network = null;  // created once the page around it is built (see "start")
  function createNetwork() {
    return new vis.Network(container, { nodes: nodes, edges: edges }, {
    autoResize: true,
    layout: { hierarchical: { enabled: false }, improvedLayout: false, randomSeed: 1 },
    physics: { enabled: false },
    interaction: {
      hover: true,
      tooltipDelay: 250,
      hideEdgesOnDrag: large,
      keyboard: { enabled: false },
      multiselect: false,
      navigationButtons: false
    },
    nodes: { margin: 10, font: { face: FONT } },
    edges: {
      smooth: large ? false : { enabled: true, type: "cubicBezier", forceDirection: "vertical", roundness: 0.4 },
      selectionWidth: 1.5
    }
    });
  }

  function refresh() {
    var visible = computeVisible();
    var nodeUpdates = [];
    var edgeUpdates = [];
    allNodes.forEach(function (n) {
      var s = nodeStyle(n, visible);
      var key = JSON.stringify(s);
      if (applied.get("n" + n.id) !== key) {
        applied.set("n" + n.id, key);
        s.id = n.id;
        nodeUpdates.push(s);
      }
    });
    edgeById.forEach(function (e) {
      var s = edgeStyle(e, visible);
      var key = JSON.stringify(s);
      if (applied.get("e" + e.id) !== key) {
        applied.set("e" + e.id, key);
        s.id = e.id;
        edgeUpdates.push(s);
      }
    });
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
    shownNow = visible;
    showCapNotice();
    outline.refresh(visible);
    if (network) { network.redraw(); }
    return visible;
  }

  function showCapNotice() {
    var notice = $("notice");
    if (!capped) {
      notice.hidden = true;
      notice.textContent = "";
      return;
    }
    var around = capped.anchor.map(function (id) { return nameOf(byId.get(id)); }).join(", ");
    notice.textContent = capped.total + " nodes would be shown, too many to draw at once: showing only the "
      + capped.shown + " within " + CAP_HOPS + " steps of \u201c" + around
      + "\u201d. Select another statement to move there, or fold branches and use the filters.";
    notice.hidden = false;
  }

  function visibleIds() {
    return nodes.getIds({ filter: function (n) { return !n.hidden; } });
  }

  // ---------------------------------------------------------------- views

  function stageSize() { return [container.clientWidth || 600, container.clientHeight || 400]; }
  function boxOf(n) {
    var at = currentAt(n);
    var size = cardSize(n);
    return [at[0] - size[0] / 2, at[1] - size[1] / 2, at[0] + size[0] / 2, at[1] + size[1] / 2];
  }
  function boundsOf(ids) {
    var b = null;
    ids.forEach(function (id) {
      var n = byId.get(id);
      if (!n || n.type === "actor") { return; }
      var x = boxOf(n);
      b = b ? [Math.min(b[0], x[0]), Math.min(b[1], x[1]), Math.max(b[2], x[2]), Math.max(b[3], x[3])] : x;
    });
    return b;
  }
  // The scale at which boxes ``b`` fit the stage, never above 1.
  function fitScale(b) {
    var size = stageSize();
    return Math.min(1, (size[0] - 2 * PAD) / Math.max(1, b[2] - b[0]), (size[1] - 2 * PAD) / Math.max(1, b[3] - b[1]));
  }
  // Whether box ``b`` is wholly inside the window ``win`` (both left, top, right, bottom).
  function within(b, win) { return b[0] >= win[0] && b[2] <= win[2] && b[1] >= win[1] && b[3] <= win[3]; }
  // The ids of the ``boxes`` ({id, b}) wholly inside the window ``win``.
  function wholeIn(boxes, win) {
    return boxes.filter(function (x) { return within(x.b, win); }).map(function (x) { return x.id; });
  }
  // Whether the canvas window ``win`` cuts a box: shows part of it but not all.
  function cutsABox(win, boxes) {
    for (var i = 0; i < boxes.length; i++) {
      var b = boxes[i];
      var outside = b[2] <= win[0] || b[0] >= win[2] || b[3] <= win[1] || b[1] >= win[3];
      var inside = within(b, win);
      if (!outside && !inside) { return true; }
    }
    return false;
  }
  // A view with ``anchorId`` near the top and as central as it can be, at a readable
  // scale, where no card is cut by the edges of the stage: every card on screen is
  // whole. Null if there is none (a card wider than the stage).
  function viewAround(anchorId, ids) {
    var size = stageSize();
    var a = boxOf(byId.get(anchorId));
    var reach = 2.5 * Math.max(size[0], size[1]) / MIN_SCALE;
    var boxes = [];
    ids.forEach(function (id) {
      var n = byId.get(id);
      if (!n || n.type === "actor") { return; }
      var b = boxOf(n);
      if (Math.abs(b[0] - a[0]) < reach && Math.abs(b[1] - a[1]) < reach) { boxes.push(b); }
    });
    var starts = [START_SCALE, MIN_SCALE];
    for (var si = 0; si < starts.length; si++) {
      for (var scale = starts[si]; scale <= (si ? START_SCALE : 1.25) + 1e-9; scale += 0.025) {
        var w = size[0] / scale;
        var h = size[1] / scale;
        if (a[2] - a[0] + 8 / scale > w) { continue; }
        var cx0 = (a[0] + a[2]) / 2;
        for (var dy = 0; dy <= 240; dy += 16) {
          var top = a[1] - PAD / scale - dy;
          if (a[3] > top + h) { break; }
          for (var k = 0; k <= 80; k++) {
            var cx = cx0 + (k % 2 ? 1 : -1) * Math.ceil(k / 2) * 10;
            var win = [cx - w / 2, top, cx + w / 2, top + h];
            if (win[0] > a[0] - 4 / scale || win[2] < a[2] + 4 / scale) { continue; }
            if (!cutsABox(win, boxes)) { return { x: cx, y: top + h / 2, scale: scale }; }
          }
        }
      }
    }
    return null;
  }
  function moveTo(view, animate) {
    network.moveTo({ position: { x: view.x, y: view.y }, scale: view.scale,
      animation: animate ? { duration: 300, easingFunction: "easeInOutQuad" } : false });
  }
  // The main conclusion (or the selection) and what is near it, readable, whole.
  function showAround(id, animate) {
    var ids = visibleIds();
    var view = viewAround(id, ids);
    if (view) { moveTo(view, animate); return; }
    network.focus(id, { scale: START_SCALE, animation: false });
  }
  // Everything in ``ids`` if it can be read at once, else the view around ``anchor``.
  function bringIntoView(ids, anchor, animate) {
    var b = boundsOf(ids);
    if (!b) { return; }
    var scale = fitScale(b);
    if (scale >= START_SCALE || (scale >= MIN_SCALE && ids.length > 1)) {
      moveTo({ x: (b[0] + b[2]) / 2, y: (b[1] + b[3]) / 2, scale: Math.min(scale, 1) }, animate);
      return;
    }
    showAround(anchor || ids[0], animate);
  }
  // As many of ``ids`` as can be read at once: all of them if they fit at a readable
  // scale, else the window, around one of them, that holds the most whole. Returns
  // how many are on the screen.
  function bringMostIntoView(ids) {
    var b = boundsOf(ids);
    if (!b) { return; }
    if (fitScale(b) >= MIN_SCALE) { bringIntoView(ids, anchorOf(ids), false); return ids.length; }
    var size = stageSize();
    var scale = MIN_SCALE;
    var w = (size[0] - 2 * PAD) / scale;
    var h = (size[1] - 2 * PAD) / scale;
    var boxes = ids.map(function (id) { return { id: id, b: boxOf(byId.get(id)) }; });
    var best = null;
    boxes.forEach(function (a) {
      // Windows with this card at their left, centre or right, and top or middle.
      [0, 0.5, 1].forEach(function (fx) {
        [0, 0.5].forEach(function (fy) {
          var cx = (a.b[0] + a.b[2]) / 2 + (0.5 - fx) * (w - (a.b[2] - a.b[0]));
          var cy = (a.b[1] + a.b[3]) / 2 + (0.5 - fy) * (h - (a.b[3] - a.b[1]));
          var win = [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
          var count = wholeIn(boxes, win).length;
          if (best === null || count > best.count) { best = { x: cx, y: cy, count: count }; }
        });
      });
    });
    moveTo({ x: best.x, y: best.y, scale: scale }, false);
    return best.count;
  }
  function anchorOf(ids) {
    return state.selected.find(function (id) { return ids.indexOf(id) >= 0; })
      || (mains.find(function (n) { return ids.indexOf(n.id) >= 0; }) || {}).id
      || ids.find(function (id) { return byId.get(id).type === "statement"; }) || ids[0];
  }
  function resetView() {
    var ids = visibleIds();
    if (!ids.length) { return; }
    bringIntoView(ids, anchorOf(ids), false);
  }
  // The first view: the main conclusion near the top, at a readable scale, and as
  // much of what is nearest to it as the screen shows whole. Where no view shows
  // every card on the screen whole, the cards it would cut are folded away with
  // the rest, and the notice says so.
  function firstView() {
    state.only = null;
    refresh();
    var ids = visibleIds();
    if (!ids.length) { return; }
    var anchor = anchorOf(ids);
    var b = boundsOf(ids);
    if (!b || fitScale(b) >= MIN_SCALE || !byId.get(anchor) || byId.get(anchor).type === "actor") {
      resetView();
      return;
    }
    var view = viewAround(anchor, ids);
    if (view === null || !showsEvery(view, ids)) {
      // Cards off the screen are cut from the first view as much as cards cut in
      // half: fold them too, so that the notice says what the reader does not see.
      view = bestWindow(anchor, ids, topInset());
      state.only = new Set(view.whole);
      refresh();
    }
    moveTo(view, false);
    showFoldNotice();
  }
  // Whether the view (a centre and a scale) holds every card of ``ids`` whole.
  function showsEvery(view, ids) {
    var size = stageSize();
    var w = size[0] / view.scale;
    var h = size[1] / view.scale;
    var win = [view.x - w / 2, view.y - h / 2, view.x + w / 2, view.y + h / 2];
    return ids.every(function (id) {
      var n = byId.get(id);
      return !n || n.type === "actor" || within(boxOf(n), win);
    });
  }
  // The window with ``anchor`` near its top that holds the most cards whole.
  function bestWindow(anchorId, ids, inset) {
    var size = stageSize();
    var a = boxOf(byId.get(anchorId));
    var boxes = ids.filter(function (id) { return byId.get(id).type !== "actor"; })
      .map(function (id) { return { id: id, b: boxOf(byId.get(id)) }; });
    var best = null;
    var cx0 = (a[0] + a[2]) / 2;
    var count = function (v) { return v.whole.filter(function (id) { return byId.get(id).type === "statement"; }).length; };
    // At the usual scale, and at the least readable one if it shows more whole.
    var fits = Math.min(START_SCALE, (size[0] - 16) / (a[2] - a[0] + 16));
    var scales = fits > MIN_SCALE ? [fits, MIN_SCALE] : [MIN_SCALE];
    for (var si = 0; si < scales.length; si++) {
      var scale = scales[si];
      var w = size[0] / scale;
      var h = size[1] / scale;
      for (var k = 0; k <= 120; k++) {
        var cx = cx0 + (k % 2 ? 1 : -1) * Math.ceil(k / 2) * 8;
        var top = a[1] - inset / scale;
        var win = [cx - w / 2, top, cx + w / 2, top + h];
        if (win[0] > a[0] || win[2] < a[2]) { continue; }
        var whole = keepDrawable(wholeIn(boxes, win), win, anchorId);
        var view = { x: cx, y: top + h / 2, scale: scale, whole: whole };
        if (best === null || count(view) > count(best)) { best = view; }
      }
    }
    return best || { x: cx0, y: a[1] + size[1] / scales[0] / 2, scale: scales[0], whole: [anchorId] };
  }
  // Of the cards ``ids`` wholly inside the window ``win``, those whose arguments
  // among themselves are drawn inside it too: a card whose edge would run off the
  // screen to reach another is folded with the rest (the one further from the
  // anchor), as is a junction left without one of its premises or its conclusion.
  function keepDrawable(ids, win, anchorId) {
    var keep = new Set(ids);
    var inside = function (p) { return p[0] >= win[0] && p[0] <= win[2] && p[1] >= win[1] && p[1] <= win[3]; };
    var a = boxOf(byId.get(anchorId));
    var far = function (id) { var b = boxOf(byId.get(id)); return Math.abs((b[0] + b[2] - a[0] - a[2]) / 2) + Math.abs(b[1] - a[1]); };
    for (var changed = true; changed;) {
      changed = false;
      edgeById.forEach(function (e) {
        if (!isArgument(e) || !keep.has(e.from) || !keep.has(e.to)) { return; }
        var r = currentRoute(e);
        if (!r || routePoints(r).every(inside)) { return; }
        var drop = e.from === anchorId ? e.to : (e.to === anchorId ? e.from : (far(e.from) >= far(e.to) ? e.from : e.to));
        keep.delete(drop);
        changed = true;
      });
      keep.forEach(function (id) {
        var n = byId.get(id);
        if (n.type !== "junction") { return; }
        // A junction joins linked premises, which support only together: it is
        // drawn with all of them or not at all (half an argument misleads).
        var ins = 0, outs = 0, premises = 0;
        edgeById.forEach(function (e) {
          if (!isArgument(e)) { return; }
          if (e.to === id) { premises++; }
          if (e.to === id && keep.has(e.from)) { ins++; }
          if (e.from === id && keep.has(e.to)) { outs++; }
        });
        if (!ins || ins < premises || !outs) { keep.delete(id); changed = true; }
      });
    }
    // Only what is joined to the anchor by what is drawn: no card without its arrow.
    var joined = new Set([anchorId]);
    for (var grew = true; grew;) {
      grew = false;
      edgeById.forEach(function (e) {
        if (!isArgument(e) || !keep.has(e.from) || !keep.has(e.to)) { return; }
        if (joined.has(e.from) !== joined.has(e.to)) { joined.add(e.from); joined.add(e.to); grew = true; }
      });
    }
    return ids.filter(function (id) { return joined.has(id); });
  }
  // The first view: the whole map if it can be read whole on this screen, else the
  // map cut below the deepest level that can, else below its first level.
  function chooseDepth() {
    if (!depths.length || large) { return null; }
    var all = allNodes.filter(function (n) { return n.type !== "actor"; }).map(function (n) { return n.id; });
    state.depth = null;
    if (fitScale(boundsOf(all)) >= MIN_SCALE) { return null; }
    for (var i = depths.length - 1; i >= 0; i--) {
      state.depth = depths[i];
      var ids = Array.from(views.get(depths[i]).at.keys());
      if (fitScale(boundsOf(ids)) >= MIN_SCALE) { return depths[i]; }
    }
    return depths[0];
  }

  // ---------------------------------------------------------------- routed edges

  function edgeLook(e) {
    var r = RELATIONS[e.relation] || RELATIONS.support;
    var st = statusOf(e);
    var dim = state.highlight !== null && !state.highlight.edges.has(e.id);
    var lit = state.highlight !== null && !dim;
    return {
      color: r.color, arrow: r.arrow,
      opacity: dim ? 0.12 : (st === "out" ? 0.45 : 1),
      dashes: st === "out" && e.relation !== "undercut" ? [2, 4] : (r.dashes || null),
      width: (st === "out" ? r.width * 0.6 : r.width) + (lit ? 1.5 : 0) + (state.selectedEdge === e.id ? 2 : 0),
      selected: state.selectedEdge === e.id
    };
  }
  function routedEdges() {
    var out = [];
    edgeById.forEach(function (e) {
      if (!isArgument(e) || !shownNow.has(e.from) || !shownNow.has(e.to)) { return; }
      var route = currentRoute(e);
      if (route) { out.push({ edge: e, route: route }); }
    });
    return out;
  }
  // The end of a route and the direction it arrives in, for the arrowhead.
  function routeEnd(r) {
    var n = r.length;
    var x = r[n - 2];
    var y = r[n - 1];
    for (var k = n - 4; k >= 0; k -= 2) {
      var dx = x - r[k];
      var dy = y - r[k + 1];
      var d = Math.sqrt(dx * dx + dy * dy);
      if (d > 0.5) { return { x: x, y: y, ux: dx / d, uy: dy / d }; }
    }
    return { x: x, y: y, ux: 0, uy: -1 };
  }
  function paintEdges(ctx) {
    routedEdges().forEach(function (item) {
      var v = edgeLook(item.edge);
      var r = item.route;
      ctx.save();
      ctx.globalAlpha = v.opacity;
      ctx.strokeStyle = v.color;
      ctx.fillStyle = v.color;
      ctx.lineWidth = v.width;
      ctx.lineCap = "round";
      if (v.selected) {
        ctx.save();
        ctx.strokeStyle = "rgba(0, 0, 0, 0.25)";
        ctx.lineWidth = v.width + 6;
        tracePath(ctx, r);
        ctx.stroke();
        ctx.restore();
      }
      ctx.setLineDash(v.dashes || []);
      tracePath(ctx, r);
      ctx.stroke();
      ctx.setLineDash([]);
      var end = routeEnd(r);
      var px = -end.uy;
      var py = end.ux;
      if (v.arrow === "arrow") {
        var len = 12;
        ctx.beginPath();
        ctx.moveTo(end.x, end.y);
        ctx.lineTo(end.x - end.ux * len + px * len * 0.45, end.y - end.uy * len + py * len * 0.45);
        ctx.lineTo(end.x - end.ux * len - px * len * 0.45, end.y - end.uy * len - py * len * 0.45);
        ctx.closePath();
        ctx.fill();
      } else if (v.arrow === "bar") {
        ctx.lineWidth = Math.max(3, v.width + 1);
        ctx.beginPath();
        ctx.moveTo(end.x - end.ux * 4 + px * 9, end.y - end.uy * 4 + py * 9);
        ctx.lineTo(end.x - end.ux * 4 - px * 9, end.y - end.uy * 4 - py * 9);
        ctx.stroke();
      }
      ctx.restore();
    });
  }
  function tracePath(ctx, r) {
    ctx.beginPath();
    ctx.moveTo(r[0], r[1]);
    for (var k = 2; k + 5 < r.length; k += 6) {
      ctx.bezierCurveTo(r[k], r[k + 1], r[k + 2], r[k + 3], r[k + 4], r[k + 5]);
    }
  }
  // Points along a route (each Bezier piece cut in 8), for finding a click on it.
  function routePoints(r) {
    var pts = [[r[0], r[1]]];
    for (var k = 2; k + 5 < r.length; k += 6) {
      var x0 = r[k - 2], y0 = r[k - 1];
      for (var i = 1; i <= 8; i++) {
        var t = i / 8, a = (1 - t) * (1 - t) * (1 - t), b = 3 * t * (1 - t) * (1 - t), c = 3 * t * t * (1 - t), d = t * t * t;
        pts.push([a * x0 + b * r[k] + c * r[k + 2] + d * r[k + 4], a * y0 + b * r[k + 1] + c * r[k + 3] + d * r[k + 5]]);
      }
    }
    return pts;
  }
  function edgeAt(point, tolerance) {
    var best = null;
    var bestD = tolerance;
    routedEdges().forEach(function (item) {
      var pts = routePoints(item.route);
      for (var i = 0; i + 1 < pts.length; i++) {
        var d = segmentDistance(point, pts[i], pts[i + 1]);
        if (d < bestD) { bestD = d; best = item.edge.id; }
      }
    });
    return best;
  }
  function segmentDistance(p, a, b) {
    var dx = b[0] - a[0], dy = b[1] - a[1];
    var l2 = dx * dx + dy * dy;
    var t = l2 ? Math.max(0, Math.min(1, ((p.x - a[0]) * dx + (p.y - a[1]) * dy) / l2)) : 0;
    var x = a[0] + t * dx - p.x, y = a[1] + t * dy - p.y;
    return Math.sqrt(x * x + y * y);
  }

  // ---------------------------------------------------------------- layouts

  // Show the map cut below level ``depth`` (a layout of data.views), or whole (null).
  function setDepth(depth) {
    if (depth !== null && !views.has(depth)) { depth = null; }
    if (depth === state.depth && state.only === null) { return; }
    state.depth = depth;
    state.only = null;
    if (!state.physics) {
      nodes.update(allNodes.map(function (n) { var at = currentAt(n); return { id: n.id, x: at[0], y: at[1] }; }));
    }
    refresh();
    showFoldNotice();
  }
  function showFoldNotice() {
    var box = $("fold-notice");
    if (state.depth === null) { box.hidden = true; return; }
    var shown = statements.filter(function (n) { return shownNow.has(n.id); }).length;
    var cut = statements.filter(function (n) { return cutOff(n); }).length;
    if (state.depth === null && state.only === null) { box.hidden = true; return; }
    $("fold-text").textContent = foldText(shown, cut);
    box.hidden = false;
  }
  function foldText(shown, cut) {
    var what = state.only !== null ? "nearest the main conclusion that fit here"
      : "in the top " + (state.depth === 1 ? "level" : state.depth + " levels");
    var them = shown === 1 ? "Showing the 1 statement " : "Showing the " + shown + " statements ";
    return them + what + "; " + cut + " more folded (+N on a card: double-click it).";
  }
  // The height the fold notice takes at the top of the map, kept clear of cards.
  function topInset() {
    var box = $("fold-notice");
    var was = box.hidden;
    var text = $("fold-text").textContent;
    if (was) { $("fold-text").textContent = foldText(88, 888); box.hidden = false; }
    var h = box.offsetHeight + box.offsetTop;
    if (was) { box.hidden = true; $("fold-text").textContent = text; }
    return h + 8;
  }
  function showWhole(anchorId) {
    setDepth(null);
    if (anchorId && shownNow.has(anchorId)) { showAround(anchorId); }
    say("The whole map is shown.");
  }

  function setPhysics(on) {
    state.physics = !!on;
    $("force-layout").checked = state.physics;
    if (state.physics) {
      refresh();
      network.setOptions({ physics: PHYSICS_ON });
      network.startSimulation();
      say("Force layout on: the map rearranges itself. Turn it off to return to the computed layout.");
    } else {
      network.setOptions({ physics: { enabled: false } });
      network.stopSimulation();
      // Back to the positions computed in Python, in one batch.
      nodes.update(allNodes.map(function (n) { var at = currentAt(n); return { id: n.id, x: at[0], y: at[1] }; }));
      refresh();
      say("Force layout off: back to the computed layout.");
    }
  }

  // ---------------------------------------------------------------- source pane

  var source = (function () {
    var pane = $("source-pane");
    var marksByNode = new Map();   // id -> [mark]
    var quoteMarks = new Map();    // id -> [[mark] per quote]
    var idsOfMark = new Map();     // mark -> [id]
    var active = [];
    if (!data.source || typeof data.source.text !== "string") {
      pane.parentNode.removeChild(pane);
      return { marksFor: function () { return []; }, show: function () {}, clear: function () {},
        quoteMark: function () { return null; }, present: false };
    }
    var text = data.source.text;
    // The title once: the page heading has it; the pane repeats the source's title
    // only where it differs (and the text's own heading is shown as a heading).
    var sourceTitle = data.source.title ? String(data.source.title).trim() : "";
    var pageTitle = String(data.title || "").trim();
    var firstHeading = (/^\s*#{1,6}[ \t]+([^\n]*)/.exec(text) || [])[1];
    if (sourceTitle && sourceTitle !== pageTitle && sourceTitle !== (firstHeading || "").trim()) {
      $("source-title").textContent = sourceTitle;
    }

    // Offsets from Python count code points; JavaScript strings count UTF-16 units.
    var toUnits = null;
    if (/[\uD800-\uDBFF]/.test(text)) {
      toUnits = [];
      var unit = 0;
      for (var ch of text) { toUnits.push(unit); unit += ch.length; }
      toUnits.push(unit);
    }
    function units(cp) {
      if (toUnits === null) { return cp; }
      return cp >= 0 && cp < toUnits.length ? toUnits[cp] : -1;
    }
    var ranges = [];
    statements.forEach(function (n) {
      quoteMarks.set(n.id, []);
      n.quotes.forEach(function (q, qi) {
        quoteMarks.get(n.id).push([]);
        if (!q) { return; }
        var exact = q.exact == null ? "" : String(q.exact);
        var s = Number.isInteger(q.start) ? units(q.start) : -1;
        var e = Number.isInteger(q.end) ? units(q.end) : -1;
        var ok = s >= 0 && e > s && e <= text.length;
        if (ok && exact && text.slice(s, e) !== exact && text.indexOf(exact) >= 0) { ok = false; }
        if (!ok) {
          // No usable offsets: find the quote itself.
          var at = exact ? text.indexOf(exact) : -1;
          if (at < 0) { return; }
          s = at;
          e = at + exact.length;
        }
        ranges.push({ start: s, end: e, id: n.id, qi: qi });
      });
    });
    // Cut the text at every quote boundary; each piece lists the quotes covering it,
    // so overlapping quotes become adjacent marks, each knowing all its statements.
    var cuts = new Set([0, text.length]);
    ranges.forEach(function (r) { cuts.add(r.start); cuts.add(r.end); });
    // Markdown headings ("# ..." on a line of their own): the marker is hidden, the
    // rest is shown as a heading. The text itself is unchanged, so are the offsets.
    var headings = [];
    var headingRe = /^(#{1,6})([ \t]+)([^\n]*)$/gm;
    var hm;
    while ((hm = headingRe.exec(text)) !== null) {
      var h = { start: hm.index, marker: hm.index + hm[1].length + hm[2].length, end: hm.index + hm[0].length, level: hm[1].length };
      headings.push(h);
      cuts.add(h.start); cuts.add(h.marker); cuts.add(h.end);
    }
    var headingAt = 0;
    var headingEl = null;
    var points = Array.from(cuts).sort(function (a, b) { return a - b; });
    ranges.sort(function (a, b) { return a.start - b.start || a.end - b.end; });
    var frag = document.createDocumentFragment();
    var next = 0;
    var open = [];
    for (var i = 0; i + 1 < points.length; i++) {
      var a = points[i];
      var b = points[i + 1];
      while (next < ranges.length && ranges[next].start <= a) { open.push(ranges[next]); next++; }
      open = open.filter(function (r) { return r.end > a; });
      var piece = text.slice(a, b);
      while (headingAt < headings.length && headings[headingAt].end <= a) { headingAt++; headingEl = null; }
      var hd = headingAt < headings.length && headings[headingAt].start <= a ? headings[headingAt] : null;
      var into = frag;
      if (hd) {
        if (!headingEl) {
          headingEl = el("span", "md-heading md-h" + hd.level);
          headingEl.setAttribute("role", "heading");
          headingEl.setAttribute("aria-level", String(Math.min(6, hd.level + 2)));
          frag.appendChild(headingEl);
        }
        into = headingEl;
        if (b <= hd.marker) {
          var marker = el("span", "md-marker", piece);
          marker.setAttribute("aria-hidden", "true");
          into.appendChild(marker);
          continue;
        }
      }
      if (!open.length) {
        into.appendChild(document.createTextNode(piece));
        continue;
      }
      var mark = el("mark", "q", piece);
      var ids = [];
      open.forEach(function (r) {
        if (ids.indexOf(r.id) < 0) { ids.push(r.id); }
        var list = marksByNode.get(r.id);
        if (!list) { list = []; marksByNode.set(r.id, list); }
        list.push(mark);
        quoteMarks.get(r.id)[r.qi].push(mark);
      });
      if (ids.length > 1) { mark.classList.add("multi"); }
      idsOfMark.set(mark, ids);
      mark.dataset.ids = ids.join(" ");
      mark.tabIndex = 0;
      mark.setAttribute("role", "button");
      mark.title = "Quoted by: " + ids.map(function (id) { return nameOf(byId.get(id)); }).join("; ");
      into.appendChild(mark);
    }
    $("source-text").appendChild(frag);

    function pick(mark) {
      var ids = idsOfMark.get(mark);
      if (!ids) { return; }
      if (ids.length === 1) {
        select(ids[0], { center: true, scrollSource: false, fromText: true });
      } else {
        selectMany(ids);
      }
    }
    $("source-text").addEventListener("click", function (ev) {
      var mark = ev.target.closest ? ev.target.closest("mark.q") : null;
      if (mark) { pick(mark); }
    });
    $("source-text").addEventListener("keydown", function (ev) {
      var mark = ev.target.closest ? ev.target.closest("mark.q") : null;
      if (mark && (ev.key === "Enter" || ev.key === " ")) {
        ev.preventDefault();
        pick(mark);
      }
    });

    function clear() {
      active.forEach(function (m) { m.classList.remove("active"); });
      active = [];
    }
    function scrollTo(mark) {
      // Scroll the pane only, not the page around it.
      var paneBox = pane.getBoundingClientRect();
      var box = mark.getBoundingClientRect();
      pane.scrollTop += box.top - paneBox.top - pane.clientHeight / 3;
    }
    function show(ids, scroll) {
      clear();
      var first = null;
      ids.forEach(function (id) {
        (marksByNode.get(id) || []).forEach(function (m) {
          m.classList.add("active");
          active.push(m);
          if (first === null) { first = m; }
        });
      });
      if (scroll && first) {
        var firstQuote = (quoteMarks.get(ids[0]) || []).find(function (list) { return list.length; });
        scrollTo(firstQuote ? firstQuote[0] : first);
      }
    }
    return {
      present: true,
      marksFor: function (id) { return marksByNode.get(id) || []; },
      quoteMark: function (id, qi) {
        var list = (quoteMarks.get(id) || [])[qi];
        return list && list.length ? list[0] : null;
      },
      show: show,
      clear: clear,
      scrollTo: scrollTo
    };
  }());

  // ---------------------------------------------------------------- details panel

  var details = (function () {
    var hint = $("details-hint");
    var body = $("details-body");

    function section(title, content) {
      var frag = document.createDocumentFragment();
      frag.appendChild(el("h3", null, title));
      frag.appendChild(content);
      return frag;
    }
    function nodeLink(n, extra) {
      var b = el("button", "link");
      b.type = "button";
      b.appendChild(document.createTextNode(nameOf(n)));
      var st = statusOf(n);
      if (st && st !== "in") { b.appendChild(document.createTextNode(" " + BADGE[st].trim())); }
      if (extra) { b.appendChild(el("span", "via", " " + extra)); }
      b.addEventListener("click", function () { select(n.id, { center: true }); });
      return b;
    }
    function linkList(items, className) {
      var ul = el("ul", className || "links");
      items.forEach(function (item) {
        var li = el("li");
        li.appendChild(item);
        ul.appendChild(li);
      });
      return ul;
    }
    function statusTable(item) {
      var table = el("table", "status-table");
      var head = el("tr");
      head.appendChild(el("th", null, "Semantics")).setAttribute("scope", "col");
      head.appendChild(el("th", null, "Status")).setAttribute("scope", "col");
      var thead = el("thead");
      thead.appendChild(head);
      table.appendChild(thead);
      var tbody = el("tbody");
      semanticsList.forEach(function (sem) {
        var tr = el("tr");
        tr.dataset.semantics = sem;
        if (sem === semantics) { tr.className = "current"; tr.setAttribute("aria-current", "true"); }
        var th = el("th", null, sem);
        th.setAttribute("scope", "row");
        tr.appendChild(th);
        var td = el("td");
        var s = item.status ? item.status[sem] : null;
        if (s === "in" || s === "out" || s === "undec") {
          td.appendChild(el("span", "status status-" + s, BADGE[s] + STATUS_TEXT[s]));
        } else {
          td.textContent = "\u2014";
        }
        tr.appendChild(td);
        tbody.appendChild(tr);
      });
      table.appendChild(tbody);
      return table;
    }
    function schemeBlock(scheme) {
      var frag = document.createDocumentFragment();
      if (!scheme) { return frag; }
      frag.appendChild(el("h3", null, "Scheme"));
      frag.appendChild(el("p", "scheme", scheme.label || "\u2014"));
      var qs = Array.isArray(scheme.questions) ? scheme.questions : [];
      if (qs.length) {
        frag.appendChild(el("h3", null, "Critical questions"));
        var ol = el("ol", "questions");
        qs.forEach(function (q) { ol.appendChild(el("li", null, q)); });
        frag.appendChild(ol);
      }
      return frag;
    }
    function action(label, handler, title) {
      var b = el("button", "action", label);
      b.type = "button";
      if (title) { b.title = title; }
      b.addEventListener("click", handler);
      return b;
    }
    function open() {
      body.replaceChildren();
      hint.hidden = true;
      body.hidden = false;
    }
    function actions(n) {
      var row = el("div", "actions");
      row.appendChild(action("Why?", function () { why(n.id); }, "Highlight its reasons and deciding attackers"));
      row.appendChild(action("Focus", function () { focusOn(n.id); }, "Show only what is near it"));
      if (children.get(n.id).length) {
        var folded = state.collapsed.has(n.id);
        var b = action(folded ? "Expand (+" + (below.get(n.id) || 0) + ")" : "Collapse subtree (" + (below.get(n.id) || 0) + ")",
          function () { toggleCollapse(n.id); });
        b.className += " collapse-toggle";
        b.setAttribute("aria-expanded", folded ? "false" : "true");
        row.appendChild(b);
      }
      return row;
    }
    // The statements below ``n`` that a page cut below its top levels leaves out.
    function notHere(n) {
      var box = el("div", "not-here");
      box.appendChild(el("p", null, n.cut + (n.cut === 1 ? " statement hangs" : " statements hang")
        + " below this one, not in this page (it holds the top levels of a big map)."));
      var link = belowLink(n);
      var command = belowCommand(n);
      if (link) {
        var a = el("a", "action", "Open what hangs below");
        a.href = link;
        box.appendChild(a);
      } else if (command) {
        box.appendChild(el("p", "hint", "This command writes a page of them:"));
        box.appendChild(el("code", "command", command));
      }
      return section("Below, not in this page", box);
    }
    function showNode(n, visible) {
      open();
      body.dataset.id = n.id;
      body.appendChild(el("p", "kindline", kindLine(n)));
      body.appendChild(el("h2", "label", nameOf(n)));
      if (n.type === "statement") { body.appendChild(el("p", "text", n.text || n.label)); }
      if (visible && !visible.has(n.id)) {
        body.appendChild(el("p", "warn", n.type === "actor" ? "Hidden: actors are shown with \u201cShow actors\u201d."
          : "Not in the map right now: the filters, the focus or the size limit hide it."));
      }
      if (n.type !== "actor") { body.appendChild(actions(n)); }
      if (n.cut) { body.appendChild(notHere(n)); }
      if (n.type === "actor") {
        if (n.role) { body.appendChild(el("p", "text", n.role)); }
        // Whichever way the edges point, the statement is the other end.
        var touching = outEdges.get(n.id).concat(inEdges.get(n.id));
        var other = function (e) { return nodeLink(byId.get(e.from === n.id ? e.to : e.from)); };
        var said = touching.filter(function (e) { return e.relation === "said"; }).map(other);
        var mentioned = touching.filter(function (e) { return e.relation === "mentions"; }).map(other);
        if (said.length) { body.appendChild(section("Said", linkList(said))); }
        if (mentioned.length) { body.appendChild(section("Mentioned in", linkList(mentioned))); }
        return;
      }
      if (semanticsList.length) { body.appendChild(section("Status", statusTable(n))); }
      if (typeof n.strength === "number" && isFinite(n.strength)) {
        var row = el("div", "strength");
        var meter = el("meter");
        meter.min = 0;
        meter.max = 1;
        meter.value = n.strength;
        meter.setAttribute("aria-label", "strength");
        row.appendChild(meter);
        row.appendChild(el("span", "strength-value", n.strength.toFixed(3)));
        body.appendChild(section("Strength", row));
      }
      if (isAttackJunction(n)) {
        var t = junctionTarget(n);
        body.appendChild(section(premisesOf(n).length > 1 ? "Attackers, taken together" : "Attacker",
          linkList(premisesOf(n).map(function (p) { return nodeLink(p); }))));
        if (t) { body.appendChild(section("Attacks", linkList([nodeLink(t)]))); }
        var counters = objectionsTo(n.id).map(function (r) { return nodeLink(r.node, r.via ? "(linked)" : ""); });
        body.appendChild(section("This attack is attacked by", counters.length ? linkList(counters) : el("p", "hint", "None.")));
        return;
      }
      if (n.type === "junction") {
        body.appendChild(schemeBlock(n.scheme));
        var c = junctionTarget(n);
        body.appendChild(section("Premises, taken together", linkList(premisesOf(n).map(function (p) { return nodeLink(p); }))));
        if (c) { body.appendChild(section("Conclusion", linkList([nodeLink(c)]))); }
        var und = inEdges.get(n.id).filter(function (e) { return e.relation === "undercut" || e.relation === "attack"; })
          .map(function (e) { return nodeLink(byId.get(e.from)); });
        if (und.length) { body.appendChild(section("Undercut by", linkList(und))); }
        return;
      }
      if (n.quotes.length) {
        var ul = el("ul", "quotes");
        n.quotes.forEach(function (q, qi) {
          if (!q || !q.exact) { return; }
          var li = el("li");
          var b = el("button", "quote", "\u201c" + q.exact + "\u201d");
          b.type = "button";
          b.title = "Show it in the source";
          b.addEventListener("click", function () {
            var m = source.quoteMark(n.id, qi);
            if (m) { source.show([n.id], false); source.scrollTo(m); m.focus({ preventScroll: true }); }
          });
          li.appendChild(b);
          ul.appendChild(li);
        });
        body.appendChild(section("Quoted from the source", ul));
      }
      if (n.speakers.length) { body.appendChild(section("Said by", el("p", "speakers", n.speakers.join(", ")))); }
      if (n.mentions.length) { body.appendChild(section("Mentions", el("p", "mentions", n.mentions.join(", ")))); }
      var reasons = reasonsFor(n.id).map(function (r) {
        return nodeLink(r.node, r.via ? "(linked" + (r.via.scheme && r.via.scheme.label ? ", " + r.via.scheme.label : "") + ")" : "");
      });
      var objections = objectionsTo(n.id).map(function (r) {
        return nodeLink(r.node, r.edge.relation === "undercut" ? "(undercuts the inference)" : "");
      });
      body.appendChild(section("Supporters", reasons.length ? linkList(reasons, "links supporters") : el("p", "hint", "None.")));
      body.appendChild(section("Attackers", objections.length ? linkList(objections, "links attackers") : el("p", "hint", "None.")));
      var targets = targetsOf(n.id);
      if (targets.length) {
        body.appendChild(section("It argues", linkList(targets.map(function (t) {
          return nodeLink(t.node, "(" + (VERB[t.relation] || t.relation) + (t.via ? ", linked" : "") + ")");
        }))));
      }
    }
    function showEdge(e) {
      open();
      body.dataset.id = e.id;
      body.appendChild(el("p", "kindline", e.relation));
      body.appendChild(el("h2", "label", edgeLine(e)));
      var ends = [nodeLink(byId.get(e.from), "(from)"), nodeLink(byId.get(e.to), "(to)")];
      body.appendChild(section("Between", linkList(ends)));
      var scheme = e.scheme;
      var from = byId.get(e.from);
      if (!scheme && from.type === "junction") { scheme = from.scheme; }
      body.appendChild(schemeBlock(scheme));
      if (e.inference) { body.appendChild(section("Inference", el("p", "iri", e.inference))); }
      if (e.status && semanticsList.length) { body.appendChild(section("Status", statusTable(e))); }
    }
    function showMany(ids) {
      open();
      body.dataset.id = ids.join(" ");
      body.appendChild(el("p", "kindline", "passage of the source"));
      body.appendChild(el("h2", "label", "Quoted by " + ids.length + " statements"));
      body.appendChild(linkList(ids.map(function (id) {
        var n = byId.get(id);
        var wrap = el("div");
        wrap.appendChild(nodeLink(n, "(" + kindLine(n) + ")"));
        wrap.appendChild(el("p", "text", n.text));
        return wrap;
      }), "links passage"));
    }
    function clear() {
      body.replaceChildren();
      delete body.dataset.id;
      body.hidden = true;
      hint.hidden = false;
    }
    return { showNode: showNode, showEdge: showEdge, showMany: showMany, clear: clear };
  }());

  // ---------------------------------------------------------------- outline (role=tree)

  var outline = (function () {
    var tree = $("outline");
    var items = new Map();       // id -> its primary treeitem
    var statusSpans = [];        // [span, node]
    var current = null;          // the item with tabindex 0

    var roots = mains.slice();
    if (!roots.length) {
      // No main conclusion: the statements that argue for nothing themselves.
      roots = statements.filter(function (n) {
        return !outEdges.get(n.id).some(function (e) { return isArgument(e); });
      });
    }
    var REL_TEXT = { main: "main", support: "reason", premise: "premise", attack: "objection",
      undercut: "undercut", linked: "together", attacker: "attacker", counter: "counter" };

    function makeItem(n, rel, ref) {
      var li = el("li");
      li.setAttribute("role", "treeitem");
      li.tabIndex = -1;
      li.dataset.id = n.id;
      li.dataset.type = n.type;
      var row = el("div", "row");
      row.appendChild(el("span", "twisty"));
      if (rel) { row.appendChild(el("span", "rel rel-" + rel, REL_TEXT[rel] || rel)); }
      row.appendChild(el("span", "lbl", ref ? "\u21ba " + nameOf(n) + " (see above)" : nameOf(n)));
      if (n.type === "statement") {
        var st = el("span", "st");
        row.appendChild(st);
        statusSpans.push([st, n]);
      }
      li.appendChild(row);
      if (ref) {
        li.classList.add("ref");
      } else if (n.type === "statement") {
        items.set(n.id, li);
      }
      return li;
    }
    // Children of an outline entry: reasons first (direct, or linked through a
    // junction), then objections.
    function childEntries(n) {
      var out = [];
      if (n.type === "junction") {
        var attack = isAttackJunction(n);
        premisesOf(n).forEach(function (p) { out.push({ node: p, rel: attack ? "attacker" : "premise" }); });
        inEdges.get(n.id).forEach(function (e) {
          if (e.relation === "undercut" || e.relation === "attack") { out.push({ node: byId.get(e.from), rel: attack ? "counter" : "undercut" }); }
        });
        return out;
      }
      inEdges.get(n.id).forEach(function (e) {
        var from = byId.get(e.from);
        if (e.relation === "support" || e.relation === "premise") {
          out.push({ node: from, rel: from.type === "junction" ? "linked" : "support" });
        }
      });
      inEdges.get(n.id).forEach(function (e) {
        if (e.relation === "attack" || e.relation === "undercut") { out.push({ node: byId.get(e.from), rel: e.relation }); }
      });
      return out;
    }

    // Depth-first, with an explicit stack (cycle-safe, no recursion limit): every
    // statement gets one full entry where it is first met; later meetings are
    // references to it, so the outline stays linear in the size of the map.
    var placed = new Set();
    var depthOpen = large ? 1 : Infinity;
    function build() {
      var frag = document.createDocumentFragment();
      var stack = [];
      function push(parentList, n, rel, depth) { stack.push({ list: parentList, node: n, rel: rel, depth: depth }); }
      function run() {
        while (stack.length) {
          var job = stack.pop();
          var n = job.node;
          var ref = placed.has(n.id);
          var li = makeItem(n, job.rel, ref);
          job.list.appendChild(li);
          if (ref) { continue; }
          placed.add(n.id);
          var kids = childEntries(n);
          if (!kids.length) { continue; }
          var group = el("ul");
          group.setAttribute("role", "group");
          li.appendChild(group);
          li.setAttribute("aria-expanded", job.depth < depthOpen ? "true" : "false");
          for (var i = kids.length - 1; i >= 0; i--) { push(group, kids[i].node, kids[i].rel, job.depth + 1); }
        }
      }
      roots.forEach(function (r) { push(frag, r, r.main ? "main" : null, 0); run(); });
      // Statements no conclusion leads to: their own entries at the top level.
      statements.forEach(function (n) {
        if (!placed.has(n.id)) { push(frag, n, null, 0); run(); }
      });
      tree.appendChild(frag);
      var first = tree.querySelector("[role=treeitem]");
      if (first) { setCurrent(first); }
    }
    function setCurrent(li) {
      if (current) { current.tabIndex = -1; }
      current = li;
      li.tabIndex = 0;
    }
    function isExpandable(li) { return li.hasAttribute("aria-expanded"); }
    function expanded(li) { return li.getAttribute("aria-expanded") === "true"; }
    function group(li) { return li.querySelector(":scope > ul"); }
    function parentItem(li) {
      var p = li.parentElement && li.parentElement.closest("[role=treeitem]");
      return p && tree.contains(p) ? p : null;
    }
    function nextItem(li) {
      if (isExpandable(li) && expanded(li) && group(li).firstElementChild) { return group(li).firstElementChild; }
      var cur = li;
      while (cur) {
        if (cur.nextElementSibling) { return cur.nextElementSibling; }
        cur = parentItem(cur);
      }
      return null;
    }
    function lastVisible(li) {
      while (isExpandable(li) && expanded(li) && group(li).lastElementChild) { li = group(li).lastElementChild; }
      return li;
    }
    function prevItem(li) {
      if (li.previousElementSibling) { return lastVisible(li.previousElementSibling); }
      return parentItem(li);
    }
    function move(li) {
      if (!li) { return; }
      setCurrent(li);
      li.focus();
    }
    function activate(li) {
      var id = li.dataset.id;
      select(id, { center: true, fromOutline: true });
    }
    tree.addEventListener("keydown", function (ev) {
      var li = ev.target.closest("[role=treeitem]");
      if (!li) { return; }
      var handled = true;
      switch (ev.key) {
        case "ArrowDown": move(nextItem(li)); break;
        case "ArrowUp": move(prevItem(li)); break;
        case "ArrowRight":
          if (isExpandable(li) && !expanded(li)) { li.setAttribute("aria-expanded", "true"); }
          else if (isExpandable(li)) { move(group(li).firstElementChild); }
          break;
        case "ArrowLeft":
          if (isExpandable(li) && expanded(li)) { li.setAttribute("aria-expanded", "false"); }
          else { move(parentItem(li)); }
          break;
        case "Home": move(tree.firstElementChild); break;
        case "End": move(lastVisible(tree.lastElementChild)); break;
        case "Enter": case " ": activate(li); break;
        default: handled = false;
      }
      if (handled) { ev.preventDefault(); ev.stopPropagation(); }
    });
    tree.addEventListener("click", function (ev) {
      var li = ev.target.closest("[role=treeitem]");
      if (!li) { return; }
      setCurrent(li);
      if (ev.target.classList.contains("twisty") && isExpandable(li)) {
        li.setAttribute("aria-expanded", expanded(li) ? "false" : "true");
        return;
      }
      activate(li);
    });

    var selectedItems = [];
    function mark(ids) {
      selectedItems.forEach(function (li) { li.removeAttribute("aria-selected"); });
      selectedItems = [];
      ids.forEach(function (id) {
        var li = items.get(id);
        if (!li) { return; }
        li.setAttribute("aria-selected", "true");
        selectedItems.push(li);
      });
      var first = selectedItems[0];
      if (first) {
        for (var p = parentItem(first); p; p = parentItem(p)) { p.setAttribute("aria-expanded", "true"); }
        setCurrent(first);
      }
    }
    var shownSemantics;
    function refresh(visible) {
      if (shownSemantics !== semantics) {
        shownSemantics = semantics;
        statusSpans.forEach(function (pair) {
          var st = statusOf(pair[1]);
          pair[0].textContent = st ? "(" + (BADGE[st] || "") + st + ")" : "";
        });
      }
      if (visible) {
        items.forEach(function (li, id) { li.classList.toggle("filtered", !visible.has(id)); });
      }
    }
    return { build: build, mark: mark, refresh: refresh, item: function (id) { return items.get(id); } };
  }());

  // ---------------------------------------------------------------- actions

  // Make a node showable: unfold what hides it, leave the focus if it is outside.
  function reveal(id) {
    var n = byId.get(id);
    if (!n) { return; }
    var guard = new Set();
    for (var p = n.parent; p !== null && !guard.has(p); p = byId.get(p).parent) {
      guard.add(p);
      state.collapsed.delete(p);
    }
    if (n.hidden && n.parent === null) { state.revealed.add(id); }
    if (cutOff(n)) { setDepth(null); refresh(); }
    if (n.type === "actor" && !state.showActors) { showActors(true, true); }
    if (state.focus && !state.focus.has(id)) { state.focus = null; }
  }

  function select(id, opts) {
    opts = opts || {};
    id = String(id);
    var n = byId.get(id);
    if (!n) { return false; }
    reveal(id);
    state.selected = [id];
    state.selectedEdge = null;
    hideTip();
    var visible = refresh();
    if (visible.has(id)) {
      network.selectNodes([id], false);
      if (opts.center && !wholeOnScreen(id)) { showAround(id, false); }
    } else {
      network.unselectAll();
    }
    details.showNode(n, visible);
    source.show([id], opts.scrollSource !== false);
    outline.mark([id]);
    showPeek(n);
    if (opts.fromText && isPhone()) { showPane("map"); }
    return true;
  }

  // ---------------------------------------------------------------- panes (phones)

  function isPhone() { return window.matchMedia("(max-width: 700px)").matches; }
  function showPane(name) {
    if (["map", "source", "panel"].indexOf(name) < 0) { return; }
    if (name === "source" && !source.present) { name = "map"; }
    document.body.dataset.pane = name;
    document.querySelectorAll("#pane-tabs button").forEach(function (b) {
      b.setAttribute("aria-pressed", b.dataset.pane === name ? "true" : "false");
    });
    if (name === "map" && network) { network.redraw(); }
  }
  // On a phone, what is selected, in a strip at the foot of the map, not over it.
  function showPeek(n) {
    var peek = $("peek");
    if (!n || !isPhone()) { peek.hidden = true; return; }
    var st = statusOf(n);
    $("peek-text").textContent = kindLine(n) + (st ? " \u00b7 " + STATUS_TEXT[st] : "") + ": " + (n.text || n.label);
    peek.hidden = false;
  }

  function selectMany(ids) {
    ids = ids.map(String).filter(function (id) { return byId.has(id); });
    if (!ids.length) { return; }
    ids.forEach(reveal);
    state.selected = ids.slice();
    var visible = refresh();
    network.selectNodes(ids.filter(function (id) { return visible.has(id); }), false);
    details.showMany(ids);
    source.show(ids, false);
    outline.mark(ids);
  }

  // Whether a node is on screen whole, at a readable scale.
  function wholeOnScreen(id) {
    if (network.getScale() < MIN_SCALE - 1e-6) { return false; }
    var b = boxOf(byId.get(id));
    var tl = network.canvasToDOM({ x: b[0], y: b[1] });
    var br = network.canvasToDOM({ x: b[2], y: b[3] });
    var size = stageSize();
    return tl.x >= 0 && tl.y >= 0 && br.x <= size[0] && br.y <= size[1];
  }

  function selectEdge(id) {
    var e = edgeById.get(String(id));
    if (!e) { return; }
    state.selected = [];
    state.selectedEdge = e.id;
    hideTip();
    network.unselectAll();
    network.selectEdges([e.id]);
    network.redraw();
    details.showEdge(e);
    source.clear();
    outline.mark([]);
  }

  function clearSelection() {
    $("peek").hidden = true;
    state.selected = [];
    state.selectedEdge = null;
    hideTip();
    network.unselectAll();
    network.redraw();
    details.clear();
    source.clear();
    outline.mark([]);
  }

  function needSelection() {
    var id = state.selected[0];
    if (!id) { say("Select a statement first (click it in the map, the outline or the source)."); }
    return id || null;
  }

  // The support chain (every reason, transitively, through junctions) and the
  // attackers that decide the node's status.
  function explain(id) {
    var nodesLit = new Set([id]);
    var edgesLit = new Set();
    var queue = [id];
    while (queue.length) {
      var cur = queue.pop();
      inEdges.get(cur).forEach(function (e) {
        if (e.relation !== "support" && e.relation !== "premise") { return; }
        edgesLit.add(e.id);
        if (!nodesLit.has(e.from)) { nodesLit.add(e.from); queue.push(e.from); }
      });
    }
    var st = statusOf(byId.get(id));
    var attacks = objectionsTo(id);
    var deciding = [];
    attacks.forEach(function (a) {
      var ast = statusOf(a.node);
      if (st === "in" || st === null) {
        deciding.push(a);
        // ...and what defeats each attacker: its attackers that are in.
        objectionsTo(a.node.id).forEach(function (d) {
          if (statusOf(d.node) === "in" || statusOf(d.node) === null) { deciding.push(d); }
        });
      } else if (ast === "in" || (st === "undec" && ast === "undec")) {
        deciding.push(a);
      }
    });
    deciding.forEach(function (d) {
      nodesLit.add(d.node.id);
      edgesLit.add(d.edge.id);
      if (d.via) { nodesLit.add(d.via.id); }
    });
    return { nodes: nodesLit, edges: edgesLit, deciding: deciding };
  }

  function why(id) {
    id = id || needSelection();
    if (!id) { return null; }
    var result = explain(id);
    state.highlight = { nodes: result.nodes, edges: result.edges };
    if (state.selected[0] !== id) { select(id); } else { refresh(); }
    var reasons = Array.from(result.nodes).filter(function (x) {
      return x !== id && byId.get(x).type === "statement";
    }).length - result.deciding.length;
    say("Why \u201c" + nameOf(byId.get(id)) + "\u201d: " + Math.max(0, reasons) + " reasons in its chain, "
      + result.deciding.length + " deciding attackers highlighted. Clear or Escape undoes it.");
    return result;
  }

  function focusOn(id, hops) {
    id = id || needSelection();
    if (!id) { return null; }
    hops = hops || Number($("focus-hops").value) || 2;
    reveal(id);
    state.focus = null;
    var visible = computeVisible();
    visible.add(id);
    state.focus = neighbourhood([id], hops, function (x) { return visible.has(x); });
    if (state.selected[0] !== id) { select(id); } else { refresh(); }
    network.fit({ nodes: Array.from(state.focus).filter(function (x) { return visible.has(x); }), animation: false, maxZoomLevel: 1 });
    say("Showing what is within " + hops + (hops === 1 ? " step" : " steps") + " of \u201c" + nameOf(byId.get(id)) + "\u201d.");
    return state.focus;
  }

  function clearHighlight() {
    state.highlight = null;
    state.focus = null;
    refresh();
  }

  function collapse(id) {
    if (!children.get(id) || !children.get(id).length) { return; }
    state.collapsed.add(id);
    refresh();
    if (state.selected[0] === id) { details.showNode(byId.get(id), computeVisible()); }
  }
  function expand(id) {
    state.collapsed.delete(id);
    refresh();
    if (state.selected[0] === id) { details.showNode(byId.get(id), computeVisible()); }
  }
  function toggleCollapse(id) {
    var n = byId.get(String(id));
    if (n && n.cut && !children.get(n.id).length) { openBelow(n); return; }
    if (n && currentView() !== null && foldedCount(n) && !state.collapsed.has(n.id)) {
      // Folded by the cut of the first view: unfold the whole map, here.
      showWhole(n.id);
      return;
    }
    if (state.collapsed.has(id)) { expand(id); } else { collapse(id); }
  }

  function setSemantics(sem) {
    if (semanticsList.indexOf(sem) < 0) { return; }
    semantics = sem;
    $("semantics").value = sem;
    refresh();
    if (state.selected.length === 1) { details.showNode(byId.get(state.selected[0]), computeVisible()); }
  }

  function setFilters(f) {
    ["kind", "speaker", "status"].forEach(function (k) {
      if (f && Object.prototype.hasOwnProperty.call(f, k)) {
        state.filters[k] = f[k] || "";
        $("filter-" + k).value = state.filters[k];
      }
    });
    var filtering = state.filters.kind || state.filters.speaker || state.filters.status;
    if (filtering && currentView() !== null) { setDepth(null); }
    var visible = refresh();
    // What matches, brought into view.
    var shown = visibleIds().filter(function (id) { return byId.get(id).type === "statement"; });
    var inView = network && shown.length ? bringMostIntoView(shown) : shown.length;
    if (filtering) {
      say((shown.length === 1 ? "1 statement matches" : shown.length + " statements match")
        + (inView < shown.length ? "; " + inView + " of them on the screen, too far apart to read at once (the outline lists them all)." : "."));
    }
    return visible;
  }

  function showActors(on, quiet) {
    state.showActors = !!on;
    $("show-actors").checked = state.showActors;
    if (!quiet) { refresh(); }
  }

  // ---------------------------------------------------------------- search

  var search = (function () {
    var input = $("search");
    var list = $("search-results");
    var count = $("search-count");
    var LIMIT = 50;
    var hay = statements.map(function (n) {
      var quotes = n.quotes.map(function (q) { return q && q.exact ? q.exact : ""; }).join("\n");
      return { node: n, text: (n.label + "\n" + n.text + "\n" + quotes).toLowerCase() };
    });
    var results = [];
    var activeIndex = -1;
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      activeIndex = -1;
    }
    function setActive(i) {
      var opts = list.querySelectorAll("[role=option]");
      if (!opts.length) { return; }
      activeIndex = (i + opts.length) % opts.length;
      opts.forEach(function (o, k) { o.setAttribute("aria-selected", k === activeIndex ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", opts[activeIndex].id);
      opts[activeIndex].scrollIntoView({ block: "nearest" });
    }
    function run() {
      var q = input.value.trim().toLowerCase();
      list.replaceChildren();
      results = [];
      if (!q) { count.textContent = ""; close(); return results; }
      hay.forEach(function (h) { if (h.text.indexOf(q) >= 0) { results.push(h.node); } });
      count.textContent = results.length === 1 ? "1 match" : results.length + " matches";
      results.slice(0, LIMIT).forEach(function (n, i) {
        var li = el("li");
        li.id = "search-opt-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.id = n.id;
        li.appendChild(el("span", "kind", n.kind || "Statement"));
        li.appendChild(document.createTextNode(nameOf(n)));
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
        li.addEventListener("click", function () { choose(n.id); });
        list.appendChild(li);
      });
      if (results.length > LIMIT) {
        var more = el("li", "more", (results.length - LIMIT) + " more: type more words to narrow it down");
        more.setAttribute("role", "presentation");
        list.appendChild(more);
      }
      list.hidden = results.length === 0;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      activeIndex = -1;
      return results;
    }
    function choose(id) {
      close();
      select(id, { center: true });
    }
    input.addEventListener("input", run);
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown") { ev.preventDefault(); if (list.hidden) { run(); } setActive(activeIndex + 1); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); setActive(activeIndex - 1); }
      else if (ev.key === "Enter") {
        ev.preventDefault();
        if (!results.length) { run(); }
        var pick = results[activeIndex >= 0 ? activeIndex : 0];
        if (pick) { choose(pick.id); }
      } else if (ev.key === "Escape" && !list.hidden) {
        ev.preventDefault();
        ev.stopPropagation();
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    return { run: function (q) { input.value = q; return run().map(function (n) { return n.id; }); }, close: close };
  }());

  // ---------------------------------------------------------------- legend

  function buildLegend() {
    var NS = "http://www.w3.org/2000/svg";
    function svg(w, h) {
      var s = document.createElementNS(NS, "svg");
      s.setAttribute("width", w);
      s.setAttribute("height", h);
      s.setAttribute("viewBox", "0 0 " + w + " " + h);
      s.setAttribute("aria-hidden", "true");
      return s;
    }
    function shape(kind, fill, border, opts) {
      opts = opts || {};
      var s = svg(32, 22);
      var g = document.createElementNS(NS, "g");
      g.setAttribute("fill", fill);
      g.setAttribute("stroke", border);
      g.setAttribute("stroke-width", opts.width || 1.5);
      if (opts.dash) { g.setAttribute("stroke-dasharray", opts.dash); }
      var shapeEl;
      var d = {
        box: ["rect", { x: 3, y: 4, width: 26, height: 14, rx: 3 }],
        database: ["path", { d: "M6 6 a10 3 0 0 0 20 0 a10 3 0 0 0 -20 0 v10 a10 3 0 0 0 20 0 v-10" }],
        hexagon: ["polygon", { points: "10,2 22,2 29,11 22,20 10,20 3,11" }],
        diamond: ["polygon", { points: "16,1 29,11 16,21 3,11" }],
        star: ["polygon", { points: "16,1 18.6,7.6 25.5,7.8 20,12.2 22,19.5 16,15.3 10,19.5 12,12.2 6.5,7.8 13.4,7.6" }],
        ellipse: ["ellipse", { cx: 16, cy: 11, rx: 13, ry: 8 }],
        dot: ["circle", { cx: 16, cy: 11, r: opts.r || 4 }]
      }[kind];
      shapeEl = document.createElementNS(NS, d[0]);
      Object.keys(d[1]).forEach(function (k) { shapeEl.setAttribute(k, d[1][k]); });
      g.appendChild(shapeEl);
      s.appendChild(g);
      return s;
    }
    function line(r) {
      var s = svg(56, 22);
      var g = document.createElementNS(NS, "g");
      g.setAttribute("stroke", r.color);
      g.setAttribute("fill", r.color);
      g.setAttribute("stroke-width", Math.max(1.5, r.width));
      var l = document.createElementNS(NS, "line");
      l.setAttribute("x1", 3); l.setAttribute("y1", 11); l.setAttribute("x2", r.arrow ? 46 : 53); l.setAttribute("y2", 11);
      if (r.dashes) { l.setAttribute("stroke-dasharray", r.dashes.join(" ")); }
      g.appendChild(l);
      if (r.arrow === "arrow") {
        var p = document.createElementNS(NS, "polygon");
        p.setAttribute("points", "53,11 44,6 44,16");
        p.setAttribute("stroke-width", 1);
        g.appendChild(p);
      } else if (r.arrow === "bar") {
        var b = document.createElementNS(NS, "line");
        b.setAttribute("x1", 48); b.setAttribute("y1", 3); b.setAttribute("x2", 48); b.setAttribute("y2", 19);
        b.setAttribute("stroke-width", 3);
        g.appendChild(b);
      }
      s.appendChild(g);
      return s;
    }
    function list(title, rows) {
      var frag = document.createDocumentFragment();
      frag.appendChild(el("h3", null, title));
      var ul = el("ul");
      rows.forEach(function (r) {
        var li = el("li");
        li.appendChild(r[0]);
        li.appendChild(el("span", null, r[1]));
        ul.appendChild(li);
      });
      frag.appendChild(ul);
      return frag;
    }
    function card(kind, opts) {
      opts = opts || {};
      var k = KINDS[kind] || KINDS.Statement;
      var sv = svg(40, 24);
      sv.appendChild(svgEl("rect", { x: 2, y: 2, width: 36, height: 20, rx: 3, fill: opts.fill || k.fill,
        stroke: opts.border || k.border, "stroke-width": opts.width || 1.5, "stroke-dasharray": opts.dash || null }));
      sv.appendChild(svgEl("rect", { x: 2.75, y: 2.75, width: 34.5, height: 6, fill: opts.band || k.band }));
      return sv;
    }
    var body = $("legend-body");
    body.appendChild(list("Statements: cards, the kind named in the band", Object.keys(KINDS).map(function (k) {
      return [card(k), KINDS[k].glyph + " " + KINDS[k].legend];
    }).concat([
      [card("Claim", { width: 4 }), "\u2605 main conclusion: the widest card, thick border, shadow, larger text"],
      [card("Claim", { fill: "#FFFFFF", dash: "4 3" }), "unstated premise: dashed border, white, \u201cUNSTATED\u201d"],
      [shape("dot", "#333333", "#333333", { r: 4 }), "junction: linked premises meet here"],
      [shape("dot", RELATIONS.attack.color, RELATIONS.attack.color, { r: 4 }), "attack junction: linked attackers meet here, or an attack that is itself attacked"],
      [shape("dot", "#BBBBBB", "#666666", { r: 7 }), "actor (grey circle; \u201cShow actors\u201d)"]
    ])));
    var sem = semantics ? " under the chosen semantics" : "";
    body.appendChild(list("Status" + sem, [
      [card("Claim", { width: 3 }), "\u2713 IN (accepted) in the band: solid border, full colour"],
      [card("Claim", { fill: fade(KINDS.Claim.fill, 0.55), border: "#8A8A8A", band: "#6B6B6B", dash: "2 3" }), "\u2717 OUT (rejected): grey band, dotted grey border, faded"],
      [card("Claim", { fill: fade(KINDS.Claim.fill, 0.4), dash: "7 2 2 2" }), "? UNDECIDED (undecided): dash-dot border, pale"],
      [card("Claim", { width: 1 }), "strength: the bar along the foot and the border width, thin (weak) to thick (strong)"],
      [card("Claim", { width: 1 }), "+N: folded, N statements hidden below (double-click, or Enter)"]
    ]));
    body.appendChild(list("Relations", Object.keys(RELATIONS).map(function (r) {
      return [line(RELATIONS[r]), RELATIONS[r].legend];
    }).concat([[line({ color: "#555555", width: 1.5, dashes: [2, 4], arrow: "arrow" }), "out under the semantics: dotted, faded"]])));
  }

  // ---------------------------------------------------------------- controls

  function fillSelect(select, values, labelOf) {
    values.forEach(function (v) {
      var o = el("option", null, labelOf ? labelOf(v) : v);
      o.value = v;
      select.appendChild(o);
    });
  }
  function setupControls() {
    var semSelect = $("semantics");
    if (semanticsList.length) {
      fillSelect(semSelect, semanticsList);
      semSelect.value = semantics;
    } else {
      fillSelect(semSelect, [""], function () { return "no statuses"; });
      semSelect.disabled = true;
      $("filter-status").disabled = true;
    }
    semSelect.addEventListener("change", function () { setSemantics(semSelect.value); });

    var kinds = [];
    var speakers = [];
    statements.forEach(function (n) {
      var k = n.kind || "Statement";
      if (kinds.indexOf(k) < 0) { kinds.push(k); }
      n.speakers.forEach(function (s) { if (speakers.indexOf(s) < 0) { speakers.push(s); } });
    });
    var order = Object.keys(KINDS);
    kinds.sort(function (a, b) { return order.indexOf(a) - order.indexOf(b); });
    speakers.sort(function (a, b) { return a.localeCompare(b); });
    fillSelect($("filter-kind"), kinds);
    fillSelect($("filter-speaker"), speakers);
    ["kind", "speaker", "status"].forEach(function (k) {
      $("filter-" + k).addEventListener("change", function () {
        var f = {};
        f[k] = $("filter-" + k).value;
        setFilters(f);
      });
    });

    $("reset-view").addEventListener("click", resetView);
    $("force-layout").addEventListener("change", function () { setPhysics($("force-layout").checked); });
    $("show-actors").addEventListener("change", function () { showActors($("show-actors").checked); });
    $("why").addEventListener("click", function () { why(); });
    $("focus").addEventListener("click", function () { focusOn(); });
    $("clear-highlight").addEventListener("click", function () { clearHighlight(); clearSelection(); });

    $("show-whole").addEventListener("click", function () { showWhole(state.selected[0]); resetView(); });
    $("save-png").addEventListener("click", savePng);
    $("save-svg").addEventListener("click", saveSvg);
    $("print-map").addEventListener("click", function () { window.print(); });
    window.addEventListener("beforeprint", preparePrint);
    window.addEventListener("afterprint", function () { $("print-map-pages").replaceChildren(); });
    var header = $("top");
    $("controls-toggle").addEventListener("click", function () {
      var open = !header.classList.contains("open");
      header.classList.toggle("open", open);
      $("controls-toggle").setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.querySelectorAll("#pane-tabs button").forEach(function (b) {
      b.addEventListener("click", function () { showPane(b.dataset.pane); });
    });
    $("peek-details").addEventListener("click", function () { showPane("panel"); });

    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") {
        clearHighlight();
        clearSelection();
        say("");
      }
    });

  }

  // ---------------------------------------------------------------- images

  var SVG_NS = "http://www.w3.org/2000/svg";
  function svgEl(tag, attrs, text) {
    var e = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { if (attrs[k] !== null && attrs[k] !== undefined) { e.setAttribute(k, String(attrs[k])); } });
    if (text !== undefined) { e.textContent = String(text); }
    return e;
  }
  function pathOf(r) {
    var d = "M" + r[0] + " " + r[1];
    for (var k = 2; k + 5 < r.length; k += 6) {
      d += " C" + [r[k], r[k + 1], r[k + 2], r[k + 3], r[k + 4], r[k + 5]].join(" ");
    }
    return d;
  }
  // The map inside the canvas rectangle ``win`` (left, top, right, bottom) as an SVG
  // drawing, as the page draws it: cards, junctions and routed edges. Text goes in
  // as text nodes, never as markup.
  function mapSvg(win, widthPx) {
    var w = win[2] - win[0];
    var h = win[3] - win[1];
    var svg = svgEl("svg", { xmlns: SVG_NS, viewBox: [win[0], win[1], w, h].join(" "),
      width: Math.round(widthPx || w), height: Math.round((widthPx || w) * h / w),
      "font-family": FONT, role: "img" });
    svg.appendChild(svgEl("title", {}, String(data.title || "Argument map")));
    svg.appendChild(svgEl("rect", { x: win[0], y: win[1], width: w, height: h, fill: "#FFFFFF" }));
    function inWin(b) { return b[2] > win[0] && b[0] < win[2] && b[3] > win[1] && b[1] < win[3]; }
    var g = svgEl("g", { fill: "none" });
    routedEdges().forEach(function (item) {
      var v = edgeLook(item.edge);
      var r = item.route;
      var end = routeEnd(r);
      var px = -end.uy;
      var py = end.ux;
      var e = svgEl("g", { stroke: v.color, "stroke-opacity": v.opacity, "stroke-width": v.width,
        "stroke-dasharray": v.dashes ? v.dashes.join(" ") : null, "data-relation": item.edge.relation });
      e.appendChild(svgEl("path", { d: pathOf(r) }));
      if (v.arrow === "arrow") {
        e.appendChild(svgEl("polygon", { fill: v.color, stroke: "none", points: [
          [end.x, end.y], [end.x - end.ux * 12 + px * 5.4, end.y - end.uy * 12 + py * 5.4],
          [end.x - end.ux * 12 - px * 5.4, end.y - end.uy * 12 - py * 5.4]].map(function (p) { return p.join(","); }).join(" ") }));
      } else if (v.arrow === "bar") {
        e.appendChild(svgEl("line", { "stroke-dasharray": null, "stroke-width": Math.max(3, v.width + 1),
          x1: end.x - end.ux * 4 + px * 9, y1: end.y - end.uy * 4 + py * 9,
          x2: end.x - end.ux * 4 - px * 9, y2: end.y - end.uy * 4 - py * 9 }));
      }
      g.appendChild(e);
    });
    svg.appendChild(g);
    allNodes.forEach(function (n) {
      if (!shownNow.has(n.id) || n.type === "actor") { return; }
      var b = boxOf(n);
      if (!inWin(b)) { return; }
      var at = currentAt(n);
      if (n.type === "junction") {
        var st = statusOf(n);
        var ink = isAttackJunction(n) ? RELATIONS.attack.color : "#333333";
        svg.appendChild(svgEl("circle", { cx: at[0], cy: at[1], r: 8, "stroke-width": 2,
          fill: st === "out" || st === "undec" ? "#FFFFFF" : ink, stroke: st === "out" ? "#8A8A8A" : ink }));
        return;
      }
      var v = look(n);
      var L = at[0] - v.w / 2;
      var T = at[1] - v.h / 2;
      var card = svgEl("g", { "data-kind": n.kind || "Statement", opacity: v.dim ? 0.2 : null });
      var clip = "clip-" + n.id;
      var defs = svgEl("defs");
      var cp = svgEl("clipPath", { id: clip });
      cp.appendChild(svgEl("rect", { x: L, y: T, width: v.w, height: v.h, rx: RADIUS }));
      defs.appendChild(cp);
      card.appendChild(defs);
      card.appendChild(svgEl("rect", { x: L, y: T, width: v.w, height: v.h, rx: RADIUS, fill: v.fill }));
      var inner = svgEl("g", { "clip-path": "url(#" + clip + ")" });
      inner.appendChild(svgEl("rect", { x: L, y: T, width: v.w, height: GEOMETRY.band, fill: v.band }));
      if (v.strength !== null) {
        inner.appendChild(svgEl("rect", { x: L, y: T + v.h - 4, width: v.w * v.strength, height: 4,
          fill: v.status === "out" ? "#8A8A8A" : v.kind.band }));
      }
      card.appendChild(inner);
      card.appendChild(svgEl("rect", { x: L, y: T, width: v.w, height: v.h, rx: RADIUS, fill: "none",
        stroke: v.border, "stroke-width": v.borderWidth, "stroke-dasharray": v.dash ? v.dash.join(" ") : null }));
      measureCtx.font = "bold 11px " + FONT;
      var statusWidth = v.statusText ? measureCtx.measureText(v.statusText).width + 12 : 0;
      card.appendChild(svgEl("text", { x: L + 8, y: T + GEOMETRY.band / 2 + 4, fill: "#FFFFFF", "font-size": 11,
        "font-weight": "bold" }, fitText(measureCtx, v.kindText, v.w - 16 - statusWidth)));
      if (v.statusText) {
        card.appendChild(svgEl("text", { x: L + v.w - 8, y: T + GEOMETRY.band / 2 + 4, fill: "#FFFFFF",
          "font-size": 11, "font-weight": "bold", "text-anchor": "end" }, v.statusText));
      }
      var top = T + GEOMETRY.band + (v.h - GEOMETRY.band - v.wrap.lines.length * v.wrap.lineH) / 2;
      var label = svgEl("text", { "text-anchor": "middle", "font-size": v.wrap.size, fill: v.ink });
      v.wrap.lines.forEach(function (line, i) {
        label.appendChild(svgEl("tspan", { x: at[0], y: top + v.wrap.lineH * (i + 0.5) + v.wrap.size * 0.35 }, line));
      });
      card.appendChild(label);
      if (v.folded) {
        card.appendChild(svgEl("text", { x: L + v.w - 8, y: T + v.h + 3, "font-size": 12, "font-weight": "bold",
          "text-anchor": "end", fill: "#1A1A1A" }, "+" + v.folded));
      }
      svg.appendChild(card);
    });
    return svg;
  }
  function viewWindow() {
    var size = stageSize();
    var tl = network.DOMtoCanvas({ x: 0, y: 0 });
    var br = network.DOMtoCanvas({ x: size[0], y: size[1] });
    return [tl.x, tl.y, br.x, br.y];
  }
  function fileName(ext) {
    var slug = String(data.title || "argument-map").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
    return (slug || "argument-map") + "." + ext;
  }
  function download(href, name) {
    var a = document.createElement("a");
    a.href = href;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  function svgText(win, widthPx) {
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(mapSvg(win, widthPx));
  }
  function saveSvg() {
    var text = svgText(viewWindow(), stageSize()[0]);
    download("data:image/svg+xml;charset=utf-8," + encodeURIComponent(text), fileName("svg"));
    say("Saved the view as " + fileName("svg") + ".");
    return text;
  }
  function pngOfView() {
    var canvas = container.querySelector("canvas");
    var out = document.createElement("canvas");
    out.width = canvas.width;
    out.height = canvas.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#FFFFFF";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
    return out.toDataURL("image/png");
  }
  function savePng() {
    var url = pngOfView();
    download(url, fileName("png"));
    say("Saved the view as " + fileName("png") + ".");
    return url;
  }
  // For printing: the whole map, cut into landscape pages at 60 % (labels of about
  // 7 pt), each page overlapping the last by a tenth, so a card cut at one edge is
  // whole on the next page.
  function preparePrint() {
    var pages = $("print-map-pages");
    pages.replaceChildren();
    var b = boundsOf(Array.from(shownNow));
    if (!b) { return; }
    var scale = 0.6;
    var pageW = 1000 / scale;
    var pageH = 640 / scale;
    var stepX = pageW * 0.9;
    var stepY = pageH * 0.9;
    b = [b[0] - 20, b[1] - 20, b[2] + 20, b[3] + 20];
    var cols = Math.max(1, Math.ceil((b[2] - b[0] - pageW) / stepX) + 1);
    var rows = Math.max(1, Math.ceil((b[3] - b[1] - pageH) / stepY) + 1);
    if (b[2] - b[0] <= pageW && b[3] - b[1] <= pageH) {
      pages.appendChild(mapSvg(b, Math.min(1000, (b[2] - b[0]) * 1.0)));
      return;
    }
    for (var r = 0; r < rows; r++) {
      for (var c = 0; c < cols; c++) {
        var x = b[0] + c * stepX;
        var y = b[1] + r * stepY;
        pages.appendChild(mapSvg([x, y, x + pageW, y + pageH], 1000));
      }
    }
  }

  // ---------------------------------------------------------------- tooltip

  // A short view of a card under the mouse (never on touch, where a tap selects):
  // beside the card, on a side where it covers neither the card nor the selected
  // one; gone as soon as the mouse leaves, the view moves or anything is clicked.
  var tip = $("tip");
  var pointerKind = "mouse";
  var tipFor = null;
  container.addEventListener("pointermove", function (ev) {
    pointerKind = ev.pointerType || "mouse";
    if (!network || pointerKind !== "mouse" || ev.buttons) { return; }
    var rect = container.getBoundingClientRect();
    var id = network.getNodeAt({ x: ev.clientX - rect.left, y: ev.clientY - rect.top });
    if (id === undefined) { if (tipFor !== null) { hideTip(); } return; }
    if (String(id) !== tipFor) { showTip(id); }
  }, true);
  container.addEventListener("pointerdown", function (ev) { pointerKind = ev.pointerType || "mouse"; hideTip(); }, true);
  function hideTip() {
    tipFor = null;
    if (!tip.hidden) { tip.hidden = true; tip.replaceChildren(); }
  }
  function domBox(id) {
    var b = boxOf(byId.get(id));
    var tl = network.canvasToDOM({ x: b[0], y: b[1] });
    var br = network.canvasToDOM({ x: b[2], y: b[3] });
    return [tl.x, tl.y, br.x, br.y];
  }
  function showTip(id) {
    var n = byId.get(String(id));
    if (!n || pointerKind !== "mouse" || state.selected.indexOf(n.id) >= 0) { return; }
    tip.replaceChildren(nodeTip(n));
    tip.hidden = false;
    var size = stageSize();
    var box = domBox(n.id);
    var avoid = state.selected.filter(function (x) { return shownNow.has(x); }).map(domBox);
    var gap = 10;
    function clashes(r) {
      var all = avoid.concat([box]);
      return all.some(function (a) { return r[0] < a[2] && a[0] < r[2] && r[1] < a[3] && a[1] < r[3]; });
    }
    // Right, left, below, above: the first side where the tip fits whole, narrowed
    // to the room there if need be (never under 10rem).
    var sides = [
      { room: size[0] - box[2] - gap - 4, at: function (w, h) { return [box[2] + gap, box[1]]; } },
      { room: box[0] - gap - 4, at: function (w, h) { return [box[0] - gap - w, box[1]]; } },
      { room: size[0] - 8, at: function (w, h) { return [box[0], box[3] + gap]; } },
      { room: size[0] - 8, at: function (w, h) { return [box[0], box[1] - gap - h]; } }
    ];
    var pick = null;
    for (var i = 0; i < sides.length && !pick; i++) {
      if (sides[i].room < 160) { continue; }
      tip.style.maxWidth = Math.min(352, sides[i].room) + "px";
      var w = tip.offsetWidth;
      var h = tip.offsetHeight;
      var p = sides[i].at(w, h);
      p = [Math.max(4, Math.min(size[0] - w - 4, p[0])), Math.max(4, Math.min(size[1] - h - 4, p[1]))];
      if (!clashes([p[0], p[1], p[0] + w, p[1] + h])) { pick = p; }
    }
    if (!pick) { hideTip(); return; }
    tipFor = n.id;
    tip.style.left = Math.round(pick[0]) + "px";
    tip.style.top = Math.round(pick[1]) + "px";
  }

  // ---------------------------------------------------------------- keyboard

  // In the map: arrow keys go from statement to statement along the arguments (up
  // to what it argues for, down to its reasons and objections, left and right
  // among its siblings); Home goes to the main conclusion; Enter or + unfolds,
  // - folds; Shift with an arrow pans; [ and ] zoom.
  function shownStatement(item) { return item && item.node && shownNow.has(item.node.id) ? item.node : null; }
  function xOf(n) { return currentAt(n)[0]; }
  function neighbours(id, direction) {
    var n = byId.get(id);
    if (direction === "up") {
      return targetsOf(id).map(shownStatement).filter(Boolean);
    }
    if (direction === "down") {
      return reasonsFor(id).concat(objectionsTo(id)).map(shownStatement).filter(Boolean)
        .sort(function (a, b) { return xOf(a) - xOf(b); });
    }
    var parents = targetsOf(id).map(shownStatement).filter(Boolean);
    var row = parents.length ? neighbours(parents[0].id, "down") : statements.filter(function (s) {
      return shownNow.has(s.id) && !targetsOf(s.id).some(shownStatement);
    }).sort(function (a, b) { return xOf(a) - xOf(b); });
    var at = row.indexOf(n);
    var next = row[at + (direction === "right" ? 1 : -1)];
    return next ? [next] : [];
  }
  function keyboardMove(direction) {
    var current = state.selected.find(function (id) { return shownNow.has(id); });
    if (!current) {
      var top = mains.find(function (m) { return shownNow.has(m.id); })
        || statements.find(function (s) { return shownNow.has(s.id); });
      if (top) { select(top.id, { center: true }); }
      return;
    }
    var next = neighbours(current, direction)[0];
    if (next) {
      select(next.id, { center: true });
      say(nameOf(next));
    } else {
      say({ up: "Nothing above: it argues for no other statement shown.",
        down: "Nothing below: no reasons or objections shown.",
        left: "No statement further left in this row.", right: "No statement further right in this row." }[direction]);
    }
  }
  function bindKeyboard() {
    container.tabIndex = 0;
    container.addEventListener("focus", function () { state.keyboard = true; network.redraw(); });
    container.addEventListener("blur", function () { state.keyboard = false; network.redraw(); });
    container.addEventListener("keydown", function (ev) {
      var arrows = { ArrowUp: "up", ArrowDown: "down", ArrowLeft: "left", ArrowRight: "right" };
      var id = state.selected[0];
      if (arrows[ev.key] && ev.shiftKey) {
        var step = 80 / network.getScale();
        var d = { up: [0, -step], down: [0, step], left: [-step, 0], right: [step, 0] }[arrows[ev.key]];
        var at = network.getViewPosition();
        network.moveTo({ position: { x: at.x + d[0], y: at.y + d[1] }, animation: false });
      } else if (arrows[ev.key]) {
        keyboardMove(arrows[ev.key]);
      } else if (ev.key === "Home") {
        state.selected = [];
        keyboardMove("up");
      } else if ((ev.key === "Enter" || ev.key === "+") && id) {
        if (foldedCount(byId.get(id))) { toggleCollapse(id); } else if (ev.key === "Enter") { showPane("details"); $("details").focus(); }
      } else if (ev.key === "-" && id) {
        collapse(id);
      } else if (ev.key === "]" || ev.key === "[") {
        network.moveTo({ scale: network.getScale() * (ev.key === "]" ? 1.2 : 1 / 1.2), animation: false });
      } else {
        return;
      }
      ev.preventDefault();
    });
  }

  function bindNetwork() {
    network.on("click", function (p) {
      hideTip();
      if (p.nodes.length) { select(p.nodes[0], { center: false }); return; }
      var edge = p.edges.length ? p.edges[0] : edgeAt(p.pointer.canvas, 8 / network.getScale());
      if (edge) { selectEdge(edge); } else { clearSelection(); }
    });
    network.on("doubleClick", function (p) {
      if (p.nodes.length) { toggleCollapse(p.nodes[0]); }
    });
    network.on("hoverNode", function (p) { if (String(p.node) !== tipFor) { showTip(p.node); } });
    network.on("blurNode", function (p) { if (String(p.node) === tipFor) { hideTip(); } });
    network.on("dragStart", hideTip);
    network.on("zoom", hideTip);
    network.on("beforeDrawing", paintEdges);
    bindKeyboard();
  }

  // ---------------------------------------------------------------- start

  // The panes first, so the stage has its final size when vis measures it.
  setupControls();
  buildLegend();
  outline.build();
  outline.refresh(visible0);
  showCapNotice();
  void container.offsetHeight;  // lay the page out now, before vis reads its size
  network = createNetwork();
  bindNetwork();
  firstView();

  var api = {
    ready: false,
    network: network,
    nodes: nodes,
    edges: edges,
    data: data,
    select: select,
    selectMany: selectMany,
    selectEdge: selectEdge,
    clear: function () { clearHighlight(); clearSelection(); },
    why: why,
    focus: focusOn,
    clearHighlight: clearHighlight,
    collapse: collapse,
    expand: expand,
    toggleCollapse: toggleCollapse,
    setSemantics: setSemantics,
    semantics: function () { return semantics; },
    setFilters: setFilters,
    showActors: function (on) { showActors(on); },
    setPhysics: setPhysics,
    physics: function () { return state.physics; },
    resetView: resetView,
    search: search.run,
    visibleIds: visibleIds,
    selected: function () { return state.selected.slice(); },
    capped: function () { return capped; },
    depth: function () { return state.depth; },
    // The edges drawn: along their routes, or by vis.
    drawnEdges: function () {
      var ids = routedEdges().map(function (item) { return item.edge.id; });
      return ids.concat(edges.getIds({ filter: function (e) { return !e.hidden; } })).sort();
    },
    folded: function () { return state.only !== null || state.depth !== null; },
    setDepth: setDepth,
    showWhole: showWhole,
    showPane: showPane,
    svg: function (whole) { return svgText(whole ? boundsOf(Array.from(shownNow)) : viewWindow(), whole ? null : stageSize()[0]); },
    png: pngOfView,
    preparePrint: preparePrint,
    // Where each shown card is on the screen, in CSS px of the stage, for tests.
    boxes: function () {
      var out = {};
      shownNow.forEach(function (id) { if (byId.get(id).type !== "actor") { out[id] = domBox(id); } });
      return out;
    },
    look: function (id) {
      var v = look(byId.get(String(id)));
      return { w: v.w, h: v.h, size: v.wrap.size, lineHeight: v.wrap.lineH, lines: v.wrap.lines, kind: v.kindText,
        status: v.statusText, band: v.band, border: v.border, fill: v.fill, dash: v.dash, main: v.main,
        borderWidth: v.borderWidth, strength: v.strength, folded: v.folded };
    },
    selectedEdge: function () { return state.selectedEdge; },
    // A point on an edge as drawn (t from 0 at its source to 1 at its target).
    edgePoint: function (id, t) {
      var e = edgeById.get(String(id));
      var r = e ? currentRoute(e) : null;
      if (!r) { var vis = network.body.edges[id]; return vis ? vis.edgeType.getPoint(t) : null; }
      var pts = routePoints(r);
      var p = pts[Math.min(pts.length - 1, Math.round(t * (pts.length - 1)))];
      return { x: p[0], y: p[1] };
    },
  };
  window.argmap = api;
  // vis measures labels when it first draws; only then are the boxes that fit() uses
  // right. Fit again at that moment, so the first view is the one Reset view returns to.
  network.once("afterDrawing", function () {
    api.ready = true;
    document.documentElement.dataset.ready = "true";
  });
}());
