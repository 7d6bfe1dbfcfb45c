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

  // Kind -> vis shape and Okabe-Ito colours. The shapes that vis draws with the label
  // inside (box, database, ellipse) get a pale fill, so the text stays readable.
  var KINDS = {
    Claim: { shape: "box", border: "#0072B2", fill: "#D1E5F3", legend: "Claim (box)" },
    Evidence: { shape: "database", border: "#009E73", fill: "#CCECE3", legend: "Evidence (cylinder)" },
    Proposal: { shape: "hexagon", border: "#8C7E00", fill: "#F0E442", legend: "Proposal (hexagon)" },
    Prediction: { shape: "diamond", border: "#B07800", fill: "#E69F00", legend: "Prediction (diamond)" },
    Recommendation: { shape: "star", border: "#9E4A7E", fill: "#CC79A7", legend: "Recommendation (star)" },
    Statement: { shape: "ellipse", border: "#555555", fill: "#EEEEEE", legend: "Statement (ellipse)" }
  };
  var RELATIONS = {
    support: { color: "#009E73", dashes: false, width: 2, arrow: "arrow", legend: "supports (green, arrow)" },
    attack: { color: "#D55E00", dashes: false, width: 2.5, arrow: "bar", legend: "attacks (vermilion, \u22a3 bar)" },
    undercut: { color: "#CC79A7", dashes: [8, 5], width: 2.5, arrow: "bar", legend: "undercuts an inference (purple, dashed, \u22a3)" },
    premise: { color: "#009E73", dashes: false, width: 1.5, arrow: null, legend: "linked premise, into its junction" },
    said: { color: "#8A8A8A", dashes: [2, 4], width: 1, arrow: "arrow", legend: "said by (grey, dotted)" },
    mentions: { color: "#B0B0B0", dashes: [1, 6], width: 1, arrow: null, legend: "mentions (light grey, sparse dots)" }
  };
  var STATUS_TEXT = { "in": "in (accepted)", out: "out (rejected)", undec: "undecided" };
  var BADGE = { "in": "", out: "\u2717 ", undec: "? " };
  var DASH = { implicit: [6, 4], out: [2, 3], undec: [9, 3, 2, 3] };
  var INK = "#1A1A1A";
  var FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
  // Label widths, as the layout in Python assumes them (graph/render/html.py).
  var NODE_WIDTH = 170;
  var CYLINDER_WIDTH = 140;    // vis draws a cylinder as tall as it is wide
  var MAIN_WIDTH = 240;
  var CAP = 2000;              // more visible nodes than this: show a neighbourhood only
  var CAP_HOPS = 2;
  var MIN_SCALE = 0.6;         // never open or reset smaller than this on a big map
  var START_SCALE = 0.8;

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

  function isArgument(e) { return e.relation !== "said" && e.relation !== "mentions"; }
  function nameOf(n) {
    if (!n) { return ""; }
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
  // The conclusion a junction feeds (its support edge).
  function junctionTarget(j) {
    var out = outEdges.get(j.id).filter(function (e) { return e.relation === "support"; });
    return out.length ? byId.get(out[0].to) : null;
  }
  function premisesOf(j) {
    return inEdges.get(j.id).filter(function (e) { return e.relation === "premise"; })
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
      if (e.relation === "attack" || e.relation === "undercut") {
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
      if (e.relation === "premise" && to.type === "junction") {
        var c = junctionTarget(to);
        if (c) { out.push({ node: c, relation: "support", via: to }); }
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
      var total = 0;
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

  function computeVisible() {
    var folded = foldedMap();
    var visible = new Set();
    allNodes.forEach(function (n) {
      if (n.type === "junction") { return; }
      if (n.type === "actor") {
        if (state.showActors) { visible.add(n.id); }
        return;
      }
      if (folded(n.id)) { return; }
      if (n.hidden && n.parent === null && !state.revealed.has(n.id)) { return; }
      if (!passesFilters(n)) { return; }
      visible.add(n.id);
    });
    // A junction shows when its conclusion and at least one premise show.
    allNodes.forEach(function (n) {
      if (n.type !== "junction" || folded(n.id)) { return; }
      var c = junctionTarget(n);
      var premises = premisesOf(n);
      if (c && !visible.has(c.id)) { return; }
      if (premises.length && !premises.some(function (p) { return visible.has(p.id); })) { return; }
      visible.add(n.id);
    });
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
  function collapsedBadge(n) {
    if (!state.collapsed.has(n.id) || !children.get(n.id).length) { return ""; }
    return "  [+" + (below.get(n.id) || 0) + "]";
  }

  function nodeStyle(n, visible) {
    var st = statusOf(n);
    var dim = state.highlight !== null && !state.highlight.nodes.has(n.id);
    var lit = state.highlight !== null && !dim;
    var s;
    if (n.type === "junction") {
      var jfill = st === "out" || st === "undec" ? "#FFFFFF" : "#333333";
      var jborder = st === "out" ? "#8A8A8A" : "#333333";
      s = {
        shape: "dot", size: 8, label: collapsedBadge(n).trim(),
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
      var k = KINDS[n.kind] || KINDS.Statement;
      var fill = n.implicit ? "#FFFFFF" : k.fill;
      var border = k.border;
      var dashes = n.implicit ? DASH.implicit : false;
      var fontColor = INK;
      if (st === "out") {
        fill = fade(fill, 0.7);
        border = "#8A8A8A";
        dashes = n.implicit ? DASH.implicit : DASH.out;
        fontColor = "#5A5A5A";
      } else if (st === "undec") {
        fill = fade(fill, 0.5);
        dashes = n.implicit ? DASH.implicit : DASH.undec;
      }
      var bw = strengthWidth(n);
      if (n.main) { bw = Math.max(bw, 4) + 2; }
      var inside = k.shape === "box" || k.shape === "database" || k.shape === "ellipse";
      var width = n.main ? MAIN_WIDTH : (k.shape === "database" ? CYLINDER_WIDTH : NODE_WIDTH);
      s = {
        shape: k.shape,
        size: n.main ? 28 : 20,
        label: (st ? BADGE[st] : "") + n.label + collapsedBadge(n),
        color: { background: fill, border: border,
          highlight: { background: fill, border: "#000000" },
          hover: { background: fill, border: "#000000" } },
        borderWidth: bw,
        borderWidthSelected: bw + 2,
        shapeProperties: { borderDashes: dashes },
        shadow: n.main ? { enabled: true, size: 8, x: 2, y: 3 } : false,
        font: { size: n.main ? 22 : 18, face: FONT, color: fontColor },
        widthConstraint: inside ? { minimum: width, maximum: width } : { maximum: width }
      };
    }
    s.hidden = !visible.has(n.id);
    s.opacity = dim ? 0.18 : 1;
    if (dim) { s.font.color = "#C8C8C8"; }
    if (lit && n.type === "statement") { s.borderWidth += 1; }
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
    return {
      hidden: hidden,
      color: { color: r.color, highlight: r.color, hover: r.color,
        opacity: dim ? 0.12 : (st === "out" ? 0.4 : 1) },
      dashes: st === "out" && e.relation !== "undercut" ? [2, 4] : r.dashes,
      width: (st === "out" ? r.width * 0.6 : r.width) + (lit ? 1.5 : 0),
      arrows: arrows
    };
  }

  // ---------------------------------------------------------------- tooltips

  function kindLine(n) {
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
  var visible0 = computeVisible();
  // What each node and edge last got, to send vis only what changed.
  var applied = new Map();
  var nodes = new vis.DataSet(allNodes.map(function (n) {
    var s = nodeStyle(n, visible0);
    applied.set("n" + n.id, JSON.stringify(s));
    s.id = n.id;
    s.x = Number(n.x) || 0;
    s.y = Number(n.y) || 0;
    s.title = nodeTip(n);
    return s;
  }));
  var edges = new vis.DataSet(Array.from(edgeById.values()).map(function (e) {
    var s = edgeStyle(e, visible0);
    applied.set("e" + e.id, JSON.stringify(s));
    s.id = e.id;
    s.from = e.from;
    s.to = e.to;
    s.title = edgeTip(e);
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
      keyboard: { enabled: true, bindToWindow: false },
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
    showCapNotice();
    outline.refresh(visible);
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

  function resetView() {
    var ids = visibleIds();
    if (!ids.length) { return; }
    network.fit({ nodes: ids, animation: false, maxZoomLevel: 1 });
    if (network.getScale() >= MIN_SCALE) { return; }
    // Too big to read whole: the main conclusion (or the selection), near the top.
    var anchor = state.selected.find(function (id) { return ids.indexOf(id) >= 0; })
      || (mains.find(function (n) { return ids.indexOf(n.id) >= 0; }) || {}).id || ids[0];
    var at = network.getPositions([anchor])[anchor];
    var box = network.getBoundingBox(anchor);
    var scale = START_SCALE;
    var h = container.clientHeight || 600;
    var top = box ? box.top : at.y;
    network.moveTo({ position: { x: at.x, y: top + (h / 2 - 40) / scale }, scale: scale, animation: false });
  }

  function setPhysics(on) {
    state.physics = !!on;
    $("force-layout").checked = state.physics;
    if (state.physics) {
      network.setOptions({ physics: PHYSICS_ON });
      network.startSimulation();
      say("Force layout on: the map rearranges itself. Turn it off to return to the computed layout.");
    } else {
      network.setOptions({ physics: { enabled: false } });
      network.stopSimulation();
      // Back to the positions computed in Python, in one batch.
      nodes.update(allNodes.map(function (n) { return { id: n.id, x: Number(n.x) || 0, y: Number(n.y) || 0 }; }));
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
    $("source-title").textContent = data.source.title ? String(data.source.title) : "";

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
      if (!open.length) {
        frag.appendChild(document.createTextNode(piece));
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
      frag.appendChild(mark);
    }
    $("source-text").appendChild(frag);

    function pick(mark) {
      var ids = idsOfMark.get(mark);
      if (!ids) { return; }
      if (ids.length === 1) {
        select(ids[0], { center: true, scrollSource: false });
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
      undercut: "undercut", linked: "together" };

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
        premisesOf(n).forEach(function (p) { out.push({ node: p, rel: "premise" }); });
        inEdges.get(n.id).forEach(function (e) {
          if (e.relation === "undercut" || e.relation === "attack") { out.push({ node: byId.get(e.from), rel: "undercut" }); }
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
    var visible = refresh();
    if (visible.has(id)) {
      network.selectNodes([id], false);
      if (opts.center) {
        network.focus(id, { scale: Math.max(network.getScale(), START_SCALE), animation: false });
      }
    } else {
      network.unselectAll();
    }
    details.showNode(n, visible);
    source.show([id], opts.scrollSource !== false);
    outline.mark([id]);
    return true;
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

  function selectEdge(id) {
    var e = edgeById.get(String(id));
    if (!e) { return; }
    state.selected = [];
    network.selectEdges([e.id]);
    details.showEdge(e);
    source.clear();
    outline.mark([]);
  }

  function clearSelection() {
    state.selected = [];
    network.unselectAll();
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
    refresh();
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
    var body = $("legend-body");
    body.appendChild(list("Statements", Object.keys(KINDS).map(function (k) {
      return [shape(KINDS[k].shape, KINDS[k].fill, KINDS[k].border), KINDS[k].legend];
    }).concat([
      [shape("box", "#FFFFFF", INK, { width: 4 }), "main conclusion (thick border, shadow, larger text)"],
      [shape("box", "#FFFFFF", INK, { dash: "4 3" }), "unstated premise (dashed border, white fill)"],
      [shape("dot", "#333333", "#333333", { r: 4 }), "junction: linked premises meet here"],
      [shape("dot", "#BBBBBB", "#666666", { r: 7 }), "actor (grey circle; \u201cShow actors\u201d)"]
    ])));
    var sem = semantics ? " under the chosen semantics" : "";
    body.appendChild(list("Status" + sem, [
      [shape("box", KINDS.Claim.fill, KINDS.Claim.border, { width: 3 }), "in: solid border, full colour"],
      [shape("box", fade(KINDS.Claim.fill, 0.7), "#8A8A8A", { dash: "2 3" }), "out: \u201c\u2717\u201d badge, dotted grey border, faded"],
      [shape("box", fade(KINDS.Claim.fill, 0.5), KINDS.Claim.border, { dash: "7 2 2 2" }), "undecided: \u201c?\u201d badge, dash-dot border, pale"],
      [shape("box", "#FFFFFF", INK, { width: 1 }), "strength: border width, thin (weak) to thick (strong)"],
      [shape("box", "#FFFFFF", INK, { width: 1 }), "[+N]: folded, N statements hidden below (double-click)"]
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

    if (data.source && data.source.title) { $("subtitle").textContent = "Source: " + String(data.source.title); }

    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") {
        clearHighlight();
        clearSelection();
        say("");
      }
    });

  }

  function bindNetwork() {
    network.on("click", function (p) {
      if (p.nodes.length) { select(p.nodes[0], { center: false }); }
      else if (p.edges.length) { selectEdge(p.edges[0]); }
      else { clearSelection(); }
    });
    network.on("doubleClick", function (p) {
      if (p.nodes.length) { toggleCollapse(p.nodes[0]); }
    });
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
  resetView();

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
    capped: function () { return capped; }
  };
  window.argmap = api;
  // vis measures labels when it first draws; only then are the boxes that fit() uses
  // right. Fit again at that moment, so the first view is the one Reset view returns to.
  network.once("afterDrawing", function () {
    resetView();
    api.ready = true;
    document.documentElement.dataset.ready = "true";
  });
}());
