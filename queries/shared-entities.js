// shared-entities.js — the entities two documents both mention: what links
// two stories.
//
// Args:
//   a, b  (required) the two document ids ("kerry-lavrov-paris", "wire-001")
//
// One result per entity: {entity, type}, type being Person, Place,
// Organization or Thing; sorted by entity.
//
//   newsgraph query -f queries/shared-entities.js --arg a=crimea-vote --arg b=kerry-lavrov-paris

if (!args.a || !args.b) throw new Error("shared-entities: --arg a=DOC --arg b=DOC are required");

function label(node) {
  var ns = g.V(node).out(name).toArray(), best = null;
  for (var i = 0; i < ns.length; i++)
    if (best === null || ns[i].length > best.length || (ns[i].length === best.length && ns[i] < best)) best = ns[i];
  return best;
}

// the class of each type, as toArray() gives nodes: "<iri>"
var classes = {};
["Person", "Place", "Organization", "Thing"].forEach(function (c) { classes["<" + String(ng(c)) + ">"] = c; });

var rows = [];
g.V(doc(args.a)).out(ng("mentions")).and(g.V(doc(args.b)).out(ng("mentions"))).unique().toArray().forEach(function (e) {
  var type = null;
  g.V(e).out(rdf("type")).toArray().forEach(function (t) { if (type === null && classes[t]) type = classes[t]; });
  rows.push({ entity: label(e), type: type });
});
rows.sort(function (x, y) { return x.entity < y.entity ? -1 : x.entity > y.entity ? 1 : 0; });
rows.forEach(function (r) { g.emit(r); });
