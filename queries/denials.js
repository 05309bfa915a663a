// denials.js — what is denied or stated under negation ("Kerry did not
// accept the plan", "Shoigu said troops would not cross the border"): the
// facts with polarity "-", which never appear as plain fact edges.
//
// Args:
//   name  (optional) keep the denials whose subject or object is this
//         entity (a name or alias)
//
// One result per fact: {subject, relation, object, doc, sentence,
// evidence}, sorted by doc and sentence.
//
//   newsgraph query -f queries/denials.js --arg name="John Kerry"

function first(node, pred) { return node === null ? null : g.V(node).out(pred).toValue(); }

function label(node) {
  var ns = g.V(node).out(name).toArray(), best = null;
  for (var i = 0; i < ns.length; i++)
    if (best === null || ns[i].length > best.length || (ns[i].length === best.length && ns[i] < best)) best = ns[i];
  return best;
}

var stmts = {};
(args.name ? [entity(args.name).in(rdf("subject")).has(rdf("type"), rdf("Statement")), entity(args.name).in(rdf("object")).has(rdf("type"), rdf("Statement"))]
  : [g.V()]).forEach(function (p) {
  p.has(ng("polarity"), "-").toArray().forEach(function (s) { stmts[s] = true; });
});
var rows = Object.keys(stmts).map(function (s) {
  return {
    subject: label(first(s, rdf("subject"))), relation: first(s, ng("relation")),
    object: label(first(s, rdf("object"))), doc: first(first(s, ng("doc")), ng("id")),
    sentence: first(s, ng("sentence")), evidence: first(s, ng("evidence"))
  };
});
function cmp(x, y) { return x < y ? -1 : x > y ? 1 : 0; }
rows.sort(function (a, b) {
  return cmp(a.doc, b.doc) || a.sentence - b.sentence || cmp(a.subject, b.subject) ||
    cmp(a.relation, b.relation) || cmp(a.object, b.object);
});
rows.forEach(function (r) { g.emit(r); });
