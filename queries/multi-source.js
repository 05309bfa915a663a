// multi-source.js — facts supported by several sources: statement nodes
// with the same subject, relation, object and polarity found in at least
// `min` different documents, the best corroborated first.
//
// Args:
//   min       (optional) the least number of documents, default 2
//   relation  (optional) keep facts with this relation lemma only
//
// One result per fact: {subject, relation, object, polarity, count, docs},
// docs being the sorted ids of the documents; sorted by count (most first),
// then subject, relation, object.
//
//   newsgraph query -f queries/multi-source.js --arg min=2

var min = args.min === undefined ? 2 : Number(args.min);
if (!(min >= 1) || Math.floor(min) !== min) throw new Error("multi-source: min must be a whole number >= 1");

function label(node) {
  var ns = g.V(node).out(name).toArray(), best = null;
  for (var i = 0; i < ns.length; i++)
    if (best === null || ns[i].length > best.length || (ns[i].length === best.length && ns[i] < best)) best = ns[i];
  return best;
}

// One pass over the statements: each row has the statement's subject and
// object nodes, relation, polarity and document node.
var all = args.relation === undefined ? g.V().has(rdf("type"), rdf("Statement"))
  : g.V(str(String(args.relation))).in(ng("relation"));
var groups = {};
all.tag("s").out(rdf("subject")).tag("sub").back("s").out(rdf("object")).tag("obj").back("s")
  .out(ng("relation")).tag("rel").back("s").out(ng("polarity")).tag("pol").back("s")
  .out(ng("doc")).tag("doc").tagArray().forEach(function (r) {
    var key = JSON.stringify([r.sub, r.rel, r.obj, r.pol]);
    var gr = groups[key];
    if (gr === undefined) gr = groups[key] = { sub: r.sub, rel: r.rel, obj: r.obj, pol: r.pol, docs: {} };
    gr.docs[r.doc] = true;
  });

var rows = [];
Object.keys(groups).forEach(function (k) {
  var gr = groups[k], docs = Object.keys(gr.docs);
  if (docs.length < min) return;
  var ids = docs.map(function (d) { return g.V(d).out(ng("id")).toValue(); }).sort();
  rows.push({ subject: label(gr.sub), relation: gr.rel, object: label(gr.obj), polarity: gr.pol, count: ids.length, docs: ids });
});
function cmp(x, y) { return x < y ? -1 : x > y ? 1 : 0; }
rows.sort(function (a, b) {
  return b.count - a.count || cmp(a.subject, b.subject) || cmp(a.relation, b.relation) ||
    cmp(a.object, b.object) || cmp(a.polarity, b.polarity);
});
rows.forEach(function (r) { g.emit(r); });
