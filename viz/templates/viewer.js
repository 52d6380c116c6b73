/* biopharma-kg viewer: draws the embedded graph with vis-network. Every string from the data reaches the
   page through textContent, attribute properties or the canvas, never as markup. */
(function () {
  "use strict";
  var started = performance.now();
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var byId = new Map();
  var edgesOf = new Map();
  data.nodes.forEach(function (n) { byId.set(n.id, n); edgesOf.set(n.id, []); });
  var edgeById = new Map();
  data.edges.forEach(function (e) {
    edgeById.set(e.id, e);
    edgesOf.get(e.from).push(e);
    edgesOf.get(e.to).push(e);
  });
  window.kg = { ready: false, timings: {}, data: data };

  /* ---- DOM helpers (text only) ------------------------------------------------------------------- */
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function safeUrl(url) {
    if (typeof url !== "string") return null;
    try {
      var parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (err) {
      return null;
    }
  }
  function plural(n, one, many) { return n.toLocaleString("en") + " " + (n === 1 ? one : many); }

  /* ---- the network --------------------------------------------------------------------------------- */
  var groups = {};
  Object.keys(data.nodeStyles).forEach(function (type) {
    var s = data.nodeStyles[type];
    groups[type] = {
      shape: s.shape,
      color: { background: s.color, border: s.border,
               highlight: { background: s.color, border: "#111827" },
               hover: { background: s.color, border: "#111827" } },
    };
  });
  function edgeLook(e) {
    var s = data.edgeStyles[e.relation];
    return {
      id: e.id, from: e.from, to: e.to, label: s.label, hidden: e.shortcut,
      color: { color: s.color, highlight: "#111827", hover: "#111827", opacity: 0.85 },
      arrows: s.arrows ? { to: { enabled: true, scaleFactor: 0.6 } } : "",
      dashes: s.dashes,
    };
  }
  var big = !data.physics;
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var look = { id: n.id, label: n.label, group: n.type, x: n.x, y: n.y, value: Math.max(1, n.size) };
    if (n.undisclosed) look.shapeProperties = { borderDashes: [4, 3] };
    if (n.undisclosed) look.color = { background: "#bfdbfe", border: "#1e3a8a" };
    if (n.type === "Place") look.font = { color: "#64748b" };
    return look;
  }));
  var edges = new vis.DataSet(data.edges.map(edgeLook));
  var options = {
    groups: groups,
    nodes: {
      font: { size: 14, face: "system-ui, sans-serif", color: "#111827", strokeWidth: 4, strokeColor: "#ffffff" },
      borderWidth: 1.5,
      scaling: { min: 10, max: 24, label: { enabled: false, drawThreshold: big ? 7 : 5 } },
    },
    edges: {
      width: 1.3,
      selectionWidth: 1.5,
      font: { size: 11, face: "system-ui, sans-serif", color: "#4b5563", strokeWidth: 4, strokeColor: "#ffffff",
              align: "middle" },
      smooth: big ? false : { type: "continuous", roundness: 0.3 },
      scaling: { label: { enabled: false, drawThreshold: big ? 9 : 5 } },
    },
    layout: { improvedLayout: false, randomSeed: 7 },
    physics: big ? false : {
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -90, centralGravity: 0.005, springLength: 150,
                          springConstant: 0.05, avoidOverlap: 0.8 },
      stabilization: { enabled: true, iterations: data.nodes.length > 400 ? 250 : 400, updateInterval: 50, fit: true },
    },
    interaction: { hover: true, hoverConnectedEdges: true, tooltipDelay: 300, hideEdgesOnDrag: big,
                   hideEdgesOnZoom: big, multiselect: false },
  };
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.network = network;

  function markReady() {
    if (window.kg.ready) return;
    window.kg.ready = true;
    window.kg.timings.stable = performance.now();
    window.kg.timings.script = started;
    document.body.dataset.state = "stable";
    if (data.focus.length) {
      network.selectNodes(data.focus);
      showNode(data.focus[0], true);
    }
  }
  if (big) {
    network.once("afterDrawing", markReady);
    network.fit();
  } else {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: false });
      network.fit();
      markReady();
    });
  }

  /* ---- summary, note, legend and filters --------------------------------------------------------- */
  var summary = document.getElementById("summary");
  function setSummary(shownNodes, shownEdges) {
    summary.textContent = plural(shownNodes, "node", "nodes") + " · " + plural(shownEdges, "link", "links");
  }
  var noteText = data.note || (big ? "Large graph (" + plural(data.nodes.length, "node", "nodes")
    + "): names appear as you zoom in. Find a company with the search box, or write a focused page with"
    + " kg viz --focus NAME --depth N." : "");
  if (noteText) {
    var note = document.getElementById("note");
    note.textContent = noteText;
    note.hidden = false;
  }

  var typeOn = {};
  var relOn = {};
  var typeCount = {};
  var relCount = {};
  data.nodes.forEach(function (n) { typeCount[n.type] = (typeCount[n.type] || 0) + 1; });
  data.edges.forEach(function (e) { if (!e.shortcut) relCount[e.relation] = (relCount[e.relation] || 0) + 1; });

  function toggle(list, key, swatch, text, count, state) {
    var li = el("li");
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.key = key;
    state[key] = true;
    box.addEventListener("change", function () { state[key] = box.checked; applyFilters(); });
    label.append(box, swatch, el("span", text), el("span", count.toLocaleString("en"), "count"));
    li.append(label);
    list.append(li);
  }
  var legend = document.getElementById("legend");
  Object.keys(data.nodeStyles).forEach(function (type) {
    if (!typeCount[type]) return;
    var s = data.nodeStyles[type];
    var sw = el("span", null, "swatch " + s.shape);
    sw.style.background = s.color;
    sw.style.borderColor = s.border;
    toggle(legend, type, sw, s.legend, typeCount[type], typeOn);
  });
  var relations = document.getElementById("relations");
  var roles = ["provider", "client", "partner"];
  Object.keys(data.edgeStyles).forEach(function (rel) {
    if (roles.indexOf(rel) > 0) return;
    var count = rel === "provider" ? roles.reduce(function (a, r) { return a + (relCount[r] || 0); }, 0) : relCount[rel];
    if (!count) return;
    var s = data.edgeStyles[rel];
    var line = el("span", null, "line" + (s.dashes ? " dashed" : ""));
    line.style.borderTopColor = s.color;
    toggle(relations, rel, line, rel === "provider" ? "party to (agreement)" : s.label, count, relOn);
  });
  function relationOn(rel) { return roles.indexOf(rel) >= 0 ? relOn.provider : relOn[rel]; }

  var allYears = [];
  data.nodes.forEach(function (n) { if (n.type === "Agreement") allYears = allYears.concat(n.years); });
  data.edges.forEach(function (e) { allYears = allYears.concat(e.years); });
  var yearMin = allYears.length ? Math.min.apply(null, allYears) : null;
  var yearMax = allYears.length ? Math.max.apply(null, allYears) : null;
  var fromBox = document.getElementById("year-from");
  var toBox = document.getElementById("year-to");
  if (yearMin === null) {
    document.getElementById("years").hidden = true;
  } else {
    [fromBox, toBox].forEach(function (box) {
      box.min = yearMin;
      box.max = yearMax;
      box.addEventListener("input", applyFilters);
    });
    fromBox.value = yearMin;
    toBox.value = yearMax;
  }
  function yearRange() {
    if (yearMin === null) return null;
    var lo = parseInt(fromBox.value, 10);
    var hi = parseInt(toBox.value, 10);
    lo = isNaN(lo) ? yearMin : lo;
    hi = isNaN(hi) ? yearMax : hi;
    return lo <= yearMin && hi >= yearMax ? null : [lo, hi];
  }
  function inRange(years, range) {
    if (!range) return true;
    return years.some(function (y) { return y >= range[0] && y <= range[1]; });
  }

  var hiddenNodes = new Set();
  var hiddenEdges = new Set(data.edges.filter(function (e) { return e.shortcut; }).map(function (e) { return e.id; }));
  function applyFilters() {
    var range = yearRange();
    var candidate = new Set();
    data.nodes.forEach(function (n) {
      if (typeOn[n.type] && (n.type !== "Agreement" || inRange(n.years, range))) candidate.add(n.id);
    });
    var edgeShown = new Set();
    var degree = new Map();
    data.edges.forEach(function (e) {
      var isRole = roles.indexOf(e.relation) >= 0 || e.relation === "concerns";
      var visible = candidate.has(e.from) && candidate.has(e.to) && relationOn(e.relation)
        && (e.shortcut ? !typeOn.Agreement : true)
        && (isRole || inRange(e.years, range));
      if (visible) {
        edgeShown.add(e.id);
        degree.set(e.from, (degree.get(e.from) || 0) + 1);
        degree.set(e.to, (degree.get(e.to) || 0) + 1);
      }
    });
    var nodeChanges = [];
    var shown = 0;
    data.nodes.forEach(function (n) {
      var keep = candidate.has(n.id) && (degree.get(n.id) || edgesOf.get(n.id).length === 0);
      if (keep) shown += 1;
      if (keep === hiddenNodes.has(n.id)) {
        nodeChanges.push({ id: n.id, hidden: !keep });
        if (keep) hiddenNodes.delete(n.id); else hiddenNodes.add(n.id);
      }
    });
    var edgeChanges = [];
    data.edges.forEach(function (e) {
      var keep = edgeShown.has(e.id);
      if (keep === hiddenEdges.has(e.id)) {
        edgeChanges.push({ id: e.id, hidden: !keep });
        if (keep) hiddenEdges.delete(e.id); else hiddenEdges.add(e.id);
      }
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    setSummary(shown, edgeShown.size);
  }
  applyFilters();
  document.getElementById("fit").addEventListener("click", function () {
    legend.querySelectorAll("input").forEach(function (b) { b.checked = true; typeOn[b.dataset.key] = true; });
    relations.querySelectorAll("input").forEach(function (b) { b.checked = true; relOn[b.dataset.key] = true; });
    if (yearMin !== null) { fromBox.value = yearMin; toBox.value = yearMax; }
    applyFilters();
    network.unselectAll();
    network.fit({ animation: { duration: 400 } });
  });

  /* ---- details panel ---------------------------------------------------------------------------- */
  var details = document.getElementById("details");
  var pinned = null;
  function sourceLine(index, cited) {
    var a = data.announcements[index];
    var p = el("div", null, "source");
    if (!a) return p;
    var href = safeUrl(cited) || safeUrl(a.url);
    var title = el(href ? "a" : "span", a.title || a.doc || "announcement");
    if (href) {
      title.href = href;
      title.target = "_blank";
      title.rel = "noopener noreferrer";
    }
    p.append(title);
    if (a.published) p.append(document.createTextNode(" · " + a.published));
    if (a.url && !href) p.append(document.createTextNode(" · " + a.url));
    return p;
  }
  function evidenceList(items) {
    var ul = el("ul", null, "evidence");
    items.forEach(function (item) {
      var li = el("li");
      if (item.sentence) li.append(el("blockquote", "\u201c" + item.sentence + "\u201d"));
      li.append(sourceLine(item.doc, item.url));
      if (item.fact) li.append(curationBar(item.fact));
      ul.append(li);
    });
    return ul;
  }

  /* ---- corrections (kg serve --curate): confirm / reject, with the token ------------------------- */
  var tokenBox = document.getElementById("token");
  if (data.curate) {
    document.getElementById("curation").hidden = false;
    tokenBox.value = sessionStorage.getItem("kg-token") || "";
    tokenBox.addEventListener("change", function () { sessionStorage.setItem("kg-token", tokenBox.value); });
  }
  function curationBar(id, onRejected) {
    var bar = el("div", null, "curation");
    if (!data.curate || !id) return bar;
    var status = el("span", "", "status");
    status.setAttribute("role", "status");
    ["confirm", "reject"].forEach(function (action) {
      var b = el("button", action === "confirm" ? "Confirm" : "Reject", "kg-" + action);
      b.type = "button";
      b.dataset.id = id;
      b.addEventListener("click", function () { correct(action, id, status, onRejected); });
      bar.append(b);
    });
    bar.append(el("code", id, "fact-id"), status);
    return bar;
  }
  function correct(action, id, status, onRejected) {
    status.textContent = "\u2026";
    fetch("/curate", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + tokenBox.value },
      body: JSON.stringify({ action: action, id: id, why: "from the viewer" }),
    }).then(function (r) {
      return r.text().then(function (text) {
        var body = null;
        try { body = JSON.parse(text); } catch (err) { body = { error: text.trim() }; }
        if (!r.ok) throw new Error(body.error || ("HTTP " + r.status));
        status.textContent = body.message;
        if (action === "reject" && onRejected) onRejected();
      });
    }).catch(function (err) { status.textContent = "refused: " + err.message; });
  }
  function kindBadge(type) {
    var s = data.nodeStyles[type];
    var badge = el("span", s.legend, "kind");
    badge.style.background = s.border;
    return badge;
  }
  function goTo(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1), animation: { duration: 400 } });
    showNode(id, true);
  }
  function linkButton(id) {
    var b = el("button", byId.get(id).name);
    b.type = "button";
    b.addEventListener("click", function () { goTo(id); });
    return b;
  }
  function render(parts) {
    details.replaceChildren.apply(details, parts);
  }
  var INCOMING = {
    acquires: "acquired by", operates: "operated by", develops: "developed by", located_in: "location of",
    headquartered_in: "HQ of", provider: "provider in", client: "client in", partner: "partner in",
    concerns: "subject of", subsidiary_of: "parent of",
  };
  function showNode(id, pin) {
    var n = byId.get(id);
    if (!n) return;
    if (pin) pinned = id;
    var parts = [el("h3", n.name), kindBadge(n.type)];
    if (n.fields.length) {
      var dl = el("dl", null, "fields");
      n.fields.forEach(function (f) { dl.append(el("dt", f[0]), el("dd", f[1])); });
      parts.push(dl);
    }
    var links = edgesOf.get(id).filter(function (e) { return !e.shortcut || !typeOn.Agreement; });
    if (links.length) {
      parts.push(el("h2", n.type === "Agreement" ? "Parties and products" : "Connections"));
      var ul = el("ul", null, "links");
      links.forEach(function (e) {
        var outgoing = e.from === id;
        var other = outgoing ? e.to : e.from;
        var li = el("li");
        var words = outgoing ? data.edgeStyles[e.relation].label : (INCOMING[e.relation] || data.edgeStyles[e.relation].label);
        if (n.type === "Agreement") words += ":";
        li.append(el("span", words + " ", "rel"), linkButton(other));
        if (e.evidence.length && e.evidence[0].sentence) li.append(evidenceList(e.evidence.slice(0, 1)));
        ul.append(li);
      });
      parts.push(ul);
    }
    if (n.fact) parts.push(curationBar(n.fact, function () { nodes.update({ id: n.id, hidden: true }); }));
    if (n.evidence.length) {
      parts.push(el("h2", "Evidence"), evidenceList(n.evidence));
    } else if (n.docs.length && n.type !== "Place") {
      parts.push(el("h2", "Mentioned in"), evidenceList(n.docs.map(function (d) { return { doc: d }; })));
    }
    render(parts);
  }
  function showEdge(id, pin) {
    var e = edgeById.get(id);
    if (!e) return;
    if (pin) pinned = id;
    var rel = data.edgeStyles[e.relation].label;
    var head = el("h3");
    head.append(linkButton(e.from), document.createTextNode(" " + rel + " "), linkButton(e.to));
    var parts = [head];
    if (e.years.length) parts.push(el("p", "Announced " + e.years.join(", "), "hint"));
    if (e.fact) parts.push(curationBar(e.fact, function () { edges.update({ id: e.id, hidden: true }); }));
    parts.push(el("h2", "Evidence"));
    parts.push(e.evidence.length ? evidenceList(e.evidence) : el("p", "No sentence recorded.", "hint"));
    render(parts);
  }
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0], true);
    else if (params.edges.length) showEdge(params.edges[0], true);
    else pinned = null;
  });
  network.on("hoverNode", function (params) { if (pinned === null) showNode(params.node, false); });
  network.on("hoverEdge", function (params) { if (pinned === null) showEdge(params.edge, false); });

  /* ---- search ------------------------------------------------------------------------------------ */
  var names = document.getElementById("names");
  var searchable = data.nodes.filter(function (n) { return n.type === "Organization" || n.type === "Site"; });
  searchable.map(function (n) { return n.name; }).sort().forEach(function (name) {
    var option = el("option");
    option.value = name;
    names.append(option);
  });
  var status = document.getElementById("search-status");
  function find(text) {
    var q = text.trim().toLowerCase();
    if (!q) return null;
    var exact = searchable.filter(function (n) { return n.name.toLowerCase() === q; });
    if (exact.length) return exact[0];
    var part = searchable.filter(function (n) { return n.name.toLowerCase().indexOf(q) >= 0; });
    return part.length ? part[0] : null;
  }
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var hit = find(document.getElementById("search").value);
    if (!hit) {
      status.textContent = "No match";
      return;
    }
    status.textContent = hiddenNodes.has(hit.id) ? "Hidden by the filters" : "";
    if (!hiddenNodes.has(hit.id)) goTo(hit.id);
  });
  window.kg.showFact = function (id) {
    var edge = data.edges.find(function (e) { return e.fact === id; });
    if (edge) { network.selectEdges([edge.id]); showEdge(edge.id, true); return edge.id; }
    var node = data.nodes.find(function (n) {
      return n.fact === id || n.evidence.some(function (x) { return x.fact === id; });
    });
    if (node) { goTo(node.id); return node.id; }
    return null;
  };
  window.kg.find = function (text) {
    var hit = find(text);
    if (hit) goTo(hit.id);
    return hit ? hit.id : null;
  };
})();
