// The graph page of newsgraph serve: draws an entity's neighbourhood from
// the Gizmo API (POST api/v1/query/gizmo) in SVG, with a small force
// layout. Plain JavaScript, no dependencies. Graph data is only ever
// inserted as text (textContent), never as markup.
(function () {
  "use strict";

  var API = "api/v1/query/gizmo?limit=2000";
  var SVGNS = "http://www.w3.org/2000/svg";
  var MAX_NEIGHBOURS = 40; // neighbours drawn per expansion
  var SCAN_FACTS = 500; // facts read per expansion to choose them
  var MAX_MATCHES = 8;
  var LABEL_MAX = 28; // characters of a node label
  var EDGE_LABEL_MAX = 30;

  var svg = document.getElementById("graph");
  var viewport = document.getElementById("viewport");
  var edgeLayer = document.getElementById("edges");
  var labelLayer = document.getElementById("edge-labels");
  var nodeLayer = document.getElementById("nodes");
  var statusEl = document.getElementById("status");
  var matchesEl = document.getElementById("matches");
  var tip = document.getElementById("tip");
  var form = document.getElementById("search");
  var input = document.getElementById("name");

  // The graph: nodes by IRI, edges by "subject\tobject".
  var nodes = {};
  var edges = {};
  var statements = {}; // the statement nodes drawn
  var view = { x: 0, y: 0, k: 1 }; // pan and zoom
  var generation = 0; // a new search discards the answers of older ones
  var userMoved = false; // the user panned or zoomed: no more fitting

  // ---- queries ----------------------------------------------------------

  function gizmo(src) {
    return fetch(API, {
      method: "POST",
      headers: { "Content-Type": "text/plain; charset=utf-8" },
      body: src
    }).then(function (resp) {
      return resp.text().then(function (text) {
        var data;
        try {
          data = JSON.parse(text);
        } catch (e) {
          throw new Error("HTTP " + resp.status + ": " + text.slice(0, 200));
        }
        if (data.error) throw new Error(data.error);
        if (!resp.ok) throw new Error("HTTP " + resp.status);
        return data.result || [];
      });
    });
  }

  // RE2 pattern matching s literally.
  function quoteRegexp(s) {
    return s.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
  }

  // script returns the source of a Gizmo query calling fn (a function
  // below, run by the server, not here) with args encoded as JSON.
  function script(fn, args) {
    return "(" + fn.toString() + ").apply(null, " + JSON.stringify(args) + ");";
  }

  // searchScript (Gizmo, ES5) emits the entities (else terms) named q;
  // else those with a name or alias containing pattern (a regexp). Each
  // with its name and number of facts, to rank them.
  /* global g, entity, node, name, alias, ng, rdf, regex */
  function searchScript(q, pattern, max) {
    var found = [], seen = {};
    function add(rows) {
      rows.forEach(function (r) {
        if (!seen[r.id] && found.length < max) {
          seen[r.id] = true;
          found.push(r.id);
        }
      });
    }
    add(entity(q).tagArray(max));
    if (found.length === 0) add(node(q).tagArray(max));
    if (found.length === 0) add(g.V().out([name, alias]).filter(regex(pattern)).in([name, alias]).unique().tagArray(max));
    found.forEach(function (id) {
      var v = g.V(id);
      g.emit({
        match: id,
        name: v.out(name).toValue() || v.out(ng("fullname")).toValue(),
        facts: v.in([rdf("subject"), rdf("object")]).count()
      });
    });
  }

  // neighbourhoodScript (Gizmo, ES5) emits, for each node of ids, the
  // number of its positive facts, then the facts (the r/ edges, read from
  // their statement nodes for the evidence) with at most max neighbours:
  // entities before terms, surer facts first. Then the name and type of
  // every node they touch.
  function neighbourhoodScript(ids, max, scan) {
    var nodes = {};
    ids.forEach(function (id) { nodes[id] = true; });
    ids.forEach(function (N) {
      var st = g.V(N).in([rdf("subject"), rdf("object")]).has(ng("polarity"), "+");
      g.emit({around: N, total: st.count()});
      var rows = st.save(rdf("subject"), "s").save(rdf("object"), "o").save(ng("relation"), "rel")
        .saveOpt(ng("evidence"), "ev").saveOpt(ng("doc"), "doc").saveOpt(ng("confidence"), "conf").tagArray(scan);
      var others = {};
      rows.forEach(function (r) {
        r.other = r.s === N ? r.o : r.s;
        others[r.other] = true;
      });
      var terms = {};
      var list = Object.keys(others);
      if (list.length > 0) {
        g.V.apply(g, list).has(rdf("type"), ng("Term")).toArray().forEach(function (t) { terms[t] = true; });
      }
      rows.sort(function (a, b) {
        var ta = terms[a.other] ? 1 : 0, tb = terms[b.other] ? 1 : 0;
        if (ta !== tb) return ta - tb;
        return (b.conf || 0) - (a.conf || 0);
      });
      var kept = {}, n = 0;
      rows.forEach(function (r) {
        if (!kept[r.other]) {
          if (n >= max) return;
          kept[r.other] = true;
          n++;
        }
        nodes[r.s] = true;
        nodes[r.o] = true;
        g.emit({st: r.id, s: r.s, o: r.o, rel: r.rel, ev: r.ev, doc: r.doc});
      });
    });
    Object.keys(nodes).forEach(function (id) {
      var v = g.V(id);
      g.emit({
        node: id,
        name: v.out(name).toValue() || v.out(ng("fullname")).toValue() || v.out(alias).toValue(),
        type: v.out(rdf("type")).toValue()
      });
    });
  }

  // ---- the model --------------------------------------------------------

  // hash gives a stable number for a string (initial positions).
  function hash(s) {
    var h = 2166136261;
    for (var i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 16777619);
    }
    return (h >>> 0) / 4294967296;
  }

  function localName(iri) {
    var s = String(iri || "").replace(/^<|>$/g, "");
    var i = Math.max(s.lastIndexOf("/"), s.lastIndexOf("#"), s.lastIndexOf(":"));
    return s.slice(i + 1);
  }

  function typeClass(type) {
    switch (localName(type).toLowerCase()) {
      case "person": return "person";
      case "place": return "place";
      case "organization": return "organization";
      case "term": return "term";
    }
    return "thing";
  }

  function addNode(id, near) {
    var n = nodes[id];
    if (n) return n;
    var a = 2 * Math.PI * hash(id), r = near ? 60 + 60 * hash(id + "r") : 0;
    n = {
      id: id, name: localName(id), type: "thing", expanded: false, root: false,
      x: (near ? near.x : 0) + r * Math.cos(a), y: (near ? near.y : 0) + r * Math.sin(a),
      fixed: false, el: null
    };
    nodes[id] = n;
    return n;
  }

  function addFact(r) {
    statements[r.st] = true;
    var key = r.s + "\t" + r.o;
    var e = edges[key];
    if (!e) {
      e = edges[key] = { s: r.s, o: r.o, rels: {}, order: [], el: null };
    }
    var rel = String(r.rel);
    if (!e.rels[rel]) {
      e.rels[rel] = [];
      e.order.push(rel);
    }
    var list = e.rels[rel];
    for (var i = 0; i < list.length; i++) {
      if (list[i].ev === r.ev && list[i].doc === r.doc) return;
    }
    list.push({ ev: r.ev, doc: r.doc });
  }

  // expand fetches the neighbourhoods of the nodes and adds them.
  function expand(ids, gen) {
    ids = ids.filter(function (id) { return !nodes[id] || !nodes[id].expanded; });
    if (ids.length === 0) return Promise.resolve();
    setStatus("Loading…");
    return gizmo(script(neighbourhoodScript, [ids, MAX_NEIGHBOURS, SCAN_FACTS])).then(function (rows) {
      if (gen !== generation) return;
      var totals = {};
      var centre = null;
      ids.forEach(function (id) {
        var n = addNode(id, null);
        n.expanded = true;
        centre = centre || n;
      });
      rows.forEach(function (r) {
        if (r.total !== undefined) totals[r.around] = r.total;
      });
      rows.forEach(function (r) {
        if (r.st === undefined) return;
        var near = nodes[r.s] || nodes[r.o] || centre;
        addNode(r.s, near);
        addNode(r.o, nodes[r.s] || near);
        addFact(r);
      });
      var named = {};
      rows.forEach(function (r) {
        if (r.node === undefined || !nodes[r.node] || named[r.node]) return;
        named[r.node] = true;
        var n = nodes[r.node];
        if (r.name !== undefined && r.name !== null) n.name = String(r.name);
        if (r.type) n.type = typeClass(r.type);
      });
      var shown = {};
      rows.forEach(function (r) {
        if (r.st !== undefined) {
          shown[r.s] = (shown[r.s] || 0) + 1;
          if (r.o !== r.s) shown[r.o] = (shown[r.o] || 0) + 1;
        }
      });
      var cut = ids.filter(function (id) { return totals[id] > (shown[id] || 0); });
      layout(ids.length > 1 || Object.keys(nodes).length > ids.length + 40 ? 300 : 400, centre);
      render();
      var msg = summary();
      if (cut.length) msg += " (showing " + shown[cut[0]] + " of " + totals[cut[0]] + " facts of " + nodes[cut[0]].name + ")";
      setStatus(msg);
    });
  }

  function summary() {
    return Object.keys(nodes).length + " nodes, " + Object.keys(statements).length + " facts";
  }

  function clear() {
    nodes = {};
    edges = {};
    statements = {};
    view = { x: 0, y: 0, k: 1 };
    userMoved = false;
    while (edgeLayer.firstChild) edgeLayer.removeChild(edgeLayer.firstChild);
    while (labelLayer.firstChild) labelLayer.removeChild(labelLayer.firstChild);
    while (nodeLayer.firstChild) nodeLayer.removeChild(nodeLayer.firstChild);
    while (matchesEl.firstChild) matchesEl.removeChild(matchesEl.firstChild);
    hideTip();
  }

  function search(q) {
    q = q.trim();
    if (!q) return;
    var gen = ++generation;
    clear();
    setStatus("Searching for " + q + "…");
    var url = new URL(window.location.href);
    url.searchParams.set("name", q);
    window.history.replaceState(null, "", url.toString());
    gizmo(script(searchScript, [q, "(?i)" + quoteRegexp(q), MAX_MATCHES])).then(function (rows) {
      if (gen !== generation) return;
      var found = rows.filter(function (r) { return r.match; });
      if (found.length === 0) {
        setStatus("No entity is named " + q + ".", true);
        return;
      }
      // The entity with most facts first (sort is stable).
      found.sort(function (a, b) { return (b.facts || 0) - (a.facts || 0); });
      var first = addNode(found[0].match, null);
      first.root = true;
      if (found[0].name) first.name = String(found[0].name);
      found.slice(1).forEach(function (r) { otherMatch(r, gen); });
      var ids = [first.id];
      return expand(ids, gen);
    }).catch(function (err) {
      if (gen === generation) setStatus("Error: " + err.message, true);
    });
  }

  // otherMatch offers another entity matching the search as a button.
  function otherMatch(r, gen) {
    var id = r.match;
    if (matchesEl.childNodes.length === 0) {
      var span = document.createElement("span");
      span.textContent = "Also:";
      matchesEl.appendChild(span);
    }
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = r.name ? String(r.name) : localName(id).replace(/-/g, " ");
    b.title = id.replace(/^<|>$/g, "") + " · " + (r.facts || 0) + " facts";
    b.addEventListener("click", function () {
      matchesEl.removeChild(b);
      var n = addNode(id, null);
      n.root = true;
      if (r.name) n.name = String(r.name);
      expand([id], gen).catch(function (err) { setStatus("Error: " + err.message, true); });
    });
    matchesEl.appendChild(b);
  }

  // ---- layout -----------------------------------------------------------

  function labelWidth(n) {
    return Math.min(n.name.length, LABEL_MAX) * 7.2 + 8;
  }

  // layout runs a Fruchterman–Reingold force layout, then pushes apart
  // nodes whose labels overlap.
  function layout(iterations, centre) {
    var list = [];
    for (var id in nodes) list.push(nodes[id]);
    var n = list.length;
    if (n === 0) return;
    var index = {};
    list.forEach(function (v, i) { index[v.id] = i; });
    var links = [];
    for (var key in edges) {
      var e = edges[key];
      links.push([index[e.s], index[e.o]]);
    }
    var k = 130; // ideal edge length
    var temp = 80;
    var dx = new Float64Array(n), dy = new Float64Array(n);
    for (var it = 0; it < iterations; it++) {
      dx.fill(0);
      dy.fill(0);
      for (var i = 0; i < n; i++) {
        var a = list[i];
        for (var j = i + 1; j < n; j++) {
          var b = list[j];
          var x = a.x - b.x, y = a.y - b.y;
          var d2 = x * x + y * y;
          if (d2 < 0.01) { x = hash(a.id + b.id) - 0.5; y = hash(b.id + a.id) - 0.5; d2 = x * x + y * y; }
          var f = k * k / d2; // k²/d, as a factor of the unit vector times d
          dx[i] += x * f; dy[i] += y * f;
          dx[j] -= x * f; dy[j] -= y * f;
        }
      }
      for (var l = 0; l < links.length; l++) {
        var s = links[l][0], t = links[l][1];
        if (s === t) continue;
        var u = list[s], w = list[t];
        var lx = u.x - w.x, ly = u.y - w.y;
        var d = Math.sqrt(lx * lx + ly * ly) || 0.01;
        var g = d / k; // d²/k, as a factor of the unit vector times d
        dx[s] -= lx * g; dy[s] -= ly * g;
        dx[t] += lx * g; dy[t] += ly * g;
      }
      for (var m = 0; m < n; m++) {
        var v = list[m];
        if (v.fixed) continue;
        dx[m] -= v.x * 0.02 * k / 60; // gravity towards the origin
        dy[m] -= v.y * 0.02 * k / 60;
        var len = Math.sqrt(dx[m] * dx[m] + dy[m] * dy[m]);
        if (len > 0) {
          var step = Math.min(len, temp) / len;
          v.x += dx[m] * step;
          v.y += dy[m] * step;
        }
      }
      temp = Math.max(1, temp * 0.985);
    }
    separateLabels(list);
  }

  // labelSides puts each node's label above it when most of its edges
  // leave downwards, else below, so that edges seldom cross labels.
  function labelSides() {
    var pull = {};
    for (var key in edges) {
      var e = edges[key], a = nodes[e.s], b = nodes[e.o];
      if (a === b) continue;
      var d = Math.sqrt((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)) || 1;
      pull[a.id] = (pull[a.id] || 0) + (b.y - a.y) / d;
      pull[b.id] = (pull[b.id] || 0) + (a.y - b.y) / d;
    }
    for (var id in nodes) nodes[id].up = (pull[id] || 0) > 0.3;
  }

  // separateLabels moves nodes apart until no two boxes of node and label
  // overlap, or gives up after a number of passes.
  function separateLabels(list) {
    labelSides();
    var h = 36; // circle and label
    for (var pass = 0; pass < 80; pass++) {
      var moved = false;
      for (var i = 0; i < list.length; i++) {
        for (var j = i + 1; j < list.length; j++) {
          var a = list[i], b = list[j];
          var ay = a.y + (a.up ? -8 : 8), by = b.y + (b.up ? -8 : 8);
          var w = (labelWidth(a) + labelWidth(b)) / 2 + 6;
          var ox = w - Math.abs(a.x - b.x), oy = h - Math.abs(ay - by);
          if (ox <= 0 || oy <= 0) continue;
          moved = true;
          // Push along the axis of least overlap.
          if (ox < oy) {
            var sx = (a.x < b.x || (a.x === b.x && a.id < b.id) ? -1 : 1) * (ox / 2 + 0.5);
            if (!a.fixed) a.x += sx;
            if (!b.fixed) b.x -= sx;
          } else {
            var sy = (ay < by || (ay === by && a.id < b.id) ? -1 : 1) * (oy / 2 + 0.5);
            if (!a.fixed) a.y += sy;
            if (!b.fixed) b.y -= sy;
          }
        }
      }
      if (!moved) return;
    }
  }

  // ---- drawing ----------------------------------------------------------

  function el(tag, attrs, parent) {
    var e = document.createElementNS(SVGNS, tag);
    for (var a in attrs) e.setAttribute(a, attrs[a]);
    if (parent) parent.appendChild(e);
    return e;
  }

  function radius(n) {
    return n.expanded ? 11 : 8;
  }

  function truncate(s, max) {
    return s.length > max ? s.slice(0, max - 1) + "…" : s;
  }

  function edgeLabel(e) {
    var s = e.order[0];
    if (e.order.length > 1) s = truncate(s, EDGE_LABEL_MAX - 4) + " +" + (e.order.length - 1);
    return truncate(s, EDGE_LABEL_MAX);
  }

  // render creates the elements of new nodes and edges and places all.
  function render() {
    for (var key in edges) {
      var e = edges[key];
      if (e.el) continue;
      var grp = el("g", { "class": "edge-group" }, edgeLayer);
      e.el = {
        line: el("path", { "class": "edge" }, grp),
        hit: el("path", { "class": "ehit" }, grp),
        label: el("text", { "class": "elabel" }, labelLayer)
      };
      e.el.label.textContent = edgeLabel(e);
      bindEdge(e);
    }
    for (var id in nodes) {
      var n = nodes[id];
      if (!n.el) {
        n.el = el("g", { "class": "node", "data-id": id }, nodeLayer);
        n.el.circle = el("circle", {}, n.el);
        n.el.text = el("text", {}, n.el);
        bindNode(n);
      }
      n.el.setAttribute("class", "node " + n.type + (n.expanded ? " expanded" : "") + (n.root ? " root" : ""));
      n.el.circle.setAttribute("r", radius(n));
      n.el.text.textContent = truncate(n.name, LABEL_MAX);
    }
    for (key in edges) edges[key].el.label.textContent = edgeLabel(edges[key]);
    svg.setAttribute("data-nodes", String(Object.keys(nodes).length));
    svg.setAttribute("data-edges", String(Object.keys(edges).length));
    fit();
    place();
  }

  // place moves every element to its node's position.
  function place() {
    labelSides();
    var degree = {};
    for (var k in edges) {
      degree[edges[k].s] = (degree[edges[k].s] || 0) + 1;
      degree[edges[k].o] = (degree[edges[k].o] || 0) + 1;
    }
    for (var id in nodes) {
      var n = nodes[id];
      n.el.setAttribute("transform", "translate(" + n.x.toFixed(1) + "," + n.y.toFixed(1) + ")");
      n.el.text.setAttribute("y", n.up ? -radius(n) - 6 : radius(n) + 14);
    }
    for (var key in edges) {
      var e = edges[key];
      var a = nodes[e.s], b = nodes[e.o];
      var x = b.x - a.x, y = b.y - a.y;
      var d = Math.sqrt(x * x + y * y) || 1;
      var ux = x / d, uy = y / d;
      // Edges in both directions between two nodes bend apart.
      var bend = edges[e.o + "\t" + e.s] && e.s !== e.o ? 0.18 * d : 0;
      var mx = (a.x + b.x) / 2 - uy * bend, my = (a.y + b.y) / 2 + ux * bend;
      var sx = a.x + ux * radius(a), sy = a.y + uy * radius(a);
      var tx = b.x - ux * (radius(b) + 2), ty = b.y - uy * (radius(b) + 2);
      var p = "M" + sx.toFixed(1) + "," + sy.toFixed(1) + " Q" + mx.toFixed(1) + "," + my.toFixed(1) + " " + tx.toFixed(1) + "," + ty.toFixed(1);
      e.el.line.setAttribute("d", p);
      e.el.hit.setAttribute("d", p);
      // The label sits on the curve, preferably nearer the node with
      // fewer edges (away from a crowded hub).
      e.curve = [sx, sy, mx, my, tx, ty];
      e.t = 0.5 + 0.12 * Math.sign(degree[e.s] - degree[e.o]);
    }
    placeEdgeLabels();
  }

  // placeEdgeLabels puts each edge label at the first place along its
  // curve where it overlaps no node label and no label of an edge with
  // more facts; a label with no such place is hidden (its edge keeps its
  // tooltip), so that labels never pile up.
  function placeEdgeLabels() {
    var boxes = [];
    for (var id in nodes) {
      var n = nodes[id], w = labelWidth(n) / 2, r = radius(n);
      boxes.push(n.up ? [n.x - w, n.y - r - 20, n.x + w, n.y + r] : [n.x - w, n.y - r, n.x + w, n.y + r + 18]);
    }
    var list = [];
    for (var key in edges) list.push(edges[key]);
    list.sort(function (a, b) { return b.order.length - a.order.length || (a.s + a.o < b.s + b.o ? -1 : 1); });
    list.forEach(function (e) {
      var c = e.curve, w = e.el.label.textContent.length * 3 + 2;
      var tries = [e.t, 0.5, 1 - e.t, 0.4, 0.6, 0.32, 0.68, 0.25, 0.75];
      var x = 0, y = 0, box = null;
      for (var i = 0; i < tries.length && !box; i++) {
        var t = tries[i], u = 1 - t;
        x = u * u * c[0] + 2 * t * u * c[2] + t * t * c[4];
        y = u * u * c[1] + 2 * t * u * c[3] + t * t * c[5] - 3;
        var b = [x - w, y - 11, x + w, y + 3];
        if (boxes.every(function (o) { return b[2] <= o[0] || o[2] <= b[0] || b[3] <= o[1] || o[3] <= b[1]; })) box = b;
      }
      if (!box) {
        var t0 = e.t, u0 = 1 - t0;
        x = u0 * u0 * c[0] + 2 * t0 * u0 * c[2] + t0 * t0 * c[4];
        y = u0 * u0 * c[1] + 2 * t0 * u0 * c[3] + t0 * t0 * c[5] - 3;
      }
      e.el.label.setAttribute("x", x.toFixed(1));
      e.el.label.setAttribute("y", y.toFixed(1));
      e.el.label.classList.toggle("crowded", !box);
      if (box) boxes.push(box);
    });
  }

  // fit zooms and pans so that the graph fills the view, never zooming in
  // past 1.2 nor out past 0.45 (then the graph can be panned).
  function fit() {
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (var id in nodes) {
      var n = nodes[id], w = labelWidth(n) / 2;
      minX = Math.min(minX, n.x - w); maxX = Math.max(maxX, n.x + w);
      minY = Math.min(minY, n.y - 30); maxY = Math.max(maxY, n.y + 30);
    }
    if (minX === Infinity) return;
    var box = svg.getBoundingClientRect();
    var W = box.width || 800, H = box.height || 600, pad = 30;
    var k = Math.min((W - 2 * pad) / (maxX - minX || 1), (H - 2 * pad) / (maxY - minY || 1));
    k = Math.max(0.45, Math.min(1.2, k));
    view.k = k;
    view.x = W / 2 - k * (minX + maxX) / 2;
    view.y = H / 2 - k * (minY + maxY) / 2;
    applyView();
  }

  function applyView() {
    viewport.setAttribute("transform", "translate(" + view.x.toFixed(1) + "," + view.y.toFixed(1) + ") scale(" + view.k.toFixed(3) + ")");
  }

  // ---- interaction ------------------------------------------------------

  function setStatus(msg, isError) {
    statusEl.textContent = msg;
    statusEl.className = isError ? "error" : "";
  }

  function showTip(evt, build) {
    while (tip.firstChild) tip.removeChild(tip.firstChild);
    build(tip);
    tip.hidden = false;
    var box = tip.parentNode.getBoundingClientRect();
    var x = evt.clientX - box.left + 14, y = evt.clientY - box.top + 14;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > box.width - 4) x = Math.max(4, evt.clientX - box.left - w - 14);
    if (y + h > box.height - 4) y = Math.max(4, evt.clientY - box.top - h - 14);
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }

  function hideTip() {
    tip.hidden = true;
  }

  function add(parent, tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    parent.appendChild(e);
    return e;
  }

  function bindEdge(e) {
    var on = function (evt) {
      e.el.line.classList.add("hot");
      e.el.label.classList.add("hot");
      showTip(evt, function (t) {
        var s = nodes[e.s].name, o = nodes[e.o].name;
        e.order.forEach(function (rel) {
          add(t, "div", s + " — " + rel + " → " + o, "fact");
          e.rels[rel].forEach(function (x) {
            if (x.ev) add(t, "q", x.ev);
            if (x.doc) add(t, "div", localName(x.doc), "src");
          });
        });
      });
    };
    e.el.hit.addEventListener("mouseenter", on);
    e.el.hit.addEventListener("mousemove", on);
    e.el.hit.addEventListener("mouseleave", function () {
      e.el.line.classList.remove("hot");
      e.el.label.classList.remove("hot");
      hideTip();
    });
  }

  // Dragging: a node (moves it) or the background (pans).
  var drag = null;

  function bindNode(n) {
    n.el.addEventListener("mouseenter", function (evt) {
      if (drag) return;
      showTip(evt, function (t) {
        add(t, "h2", n.name);
        add(t, "div", n.type + (n.expanded ? "" : " · click to expand"));
        add(t, "div", n.id.replace(/^<|>$/g, ""), "iri");
      });
    });
    n.el.addEventListener("mouseleave", hideTip);
    n.el.addEventListener("mousedown", function (evt) {
      evt.stopPropagation();
      evt.preventDefault();
      drag = { node: n, x: evt.clientX, y: evt.clientY, moved: false };
    });
  }

  svg.addEventListener("mousedown", function (evt) {
    drag = { node: null, x: evt.clientX, y: evt.clientY, vx: view.x, vy: view.y, moved: false };
    svg.classList.add("panning");
  });

  window.addEventListener("mousemove", function (evt) {
    if (!drag) return;
    var ddx = evt.clientX - drag.x, ddy = evt.clientY - drag.y;
    if (!drag.moved && ddx * ddx + ddy * ddy < 16) return;
    drag.moved = true;
    hideTip();
    if (drag.node) {
      drag.node.x += ddx / view.k;
      drag.node.y += ddy / view.k;
      drag.node.fixed = true;
      drag.x = evt.clientX;
      drag.y = evt.clientY;
      place();
    } else {
      view.x = drag.vx + ddx;
      view.y = drag.vy + ddy;
      userMoved = true;
      applyView();
    }
  });

  window.addEventListener("mouseup", function () {
    if (!drag) return;
    var d = drag;
    drag = null;
    svg.classList.remove("panning");
    if (d.node && !d.moved && !d.node.expanded) {
      hideTip();
      expand([d.node.id], generation).catch(function (err) { setStatus("Error: " + err.message, true); });
    }
  });

  svg.addEventListener("wheel", function (evt) {
    evt.preventDefault();
    var box = svg.getBoundingClientRect();
    var px = evt.clientX - box.left, py = evt.clientY - box.top;
    var k = Math.max(0.2, Math.min(4, view.k * Math.exp(-evt.deltaY * 0.0015)));
    view.x = px - (px - view.x) * k / view.k;
    view.y = py - (py - view.y) * k / view.k;
    view.k = k;
    userMoved = true;
    applyView();
  }, { passive: false });

  // The view follows the window's size until the user moves it.
  if (window.ResizeObserver) {
    new ResizeObserver(function () {
      if (!userMoved) fit();
    }).observe(svg);
  }

  form.addEventListener("submit", function (evt) {
    evt.preventDefault();
    search(input.value);
  });

  var initial = new URLSearchParams(window.location.search).get("name");
  if (initial) {
    input.value = initial;
    search(initial);
  } else {
    input.focus();
  }
})();
