// who-met-whom.js — meetings between people or organisations: stated (not
// negated) facts whose relation is a meeting or talks verb ("meet",
// "meet with", "talk with", "hold talks with", "visit"…), both sides being
// named entities other than places.
//
// Args:
//   name  (optional) keep the meetings of this entity (a name or alias)
//
// One result per meeting and document: {a, b, relation, doc, evidence}, a
// being the subject as stated; sorted by a, b, doc.
//
//   newsgraph query -f queries/who-met-whom.js
//   newsgraph query -f queries/who-met-whom.js --arg name="Sergei Lavrov"

var meeting = /^(meet|meet with|talk|talk with|talk to|hold talks? with|speak with|visit|host|receive)$/;

function first(node, pred) { return node === null ? null : g.V(node).out(pred).toValue(); }

function label(node) {
  var ns = g.V(node).out(name).toArray(), best = null;
  for (var i = 0; i < ns.length; i++)
    if (best === null || ns[i].length > best.length || (ns[i].length === best.length && ns[i] < best)) best = ns[i];
  return best;
}

// party reports whether a node is a named entity that can meet: a person,
// an organisation or a thing, not a place or a plain term.
var parties = {};
g.V(ng("Person"), ng("Organization"), ng("Thing")).in(rdf("type")).toArray()
  .forEach(function (n) { parties[n] = true; });

var start = args.name ? entity(args.name) : null, stmts = {};
(start === null ? [g.V().has(ng("polarity"), "+")]
  : [start.in(rdf("subject")).has(rdf("type"), rdf("Statement")), start.in(rdf("object")).has(rdf("type"), rdf("Statement"))]).forEach(function (p) {
  p.has(ng("polarity"), "+").toArray().forEach(function (s) { stmts[s] = true; });
});

var rows = [], seen = {};
Object.keys(stmts).forEach(function (s) {
  var rel = first(s, ng("relation"));
  if (rel === null || !meeting.test(rel)) return;
  var sub = first(s, rdf("subject")), obj = first(s, rdf("object"));
  if (!parties[sub] || !parties[obj] || sub === obj) return;
  var r = { a: label(sub), b: label(obj), relation: rel, doc: first(first(s, ng("doc")), ng("id")), evidence: first(s, ng("evidence")) };
  var key = JSON.stringify([r.a, r.b, r.relation, r.doc]);
  if (seen[key]) return;
  seen[key] = true;
  rows.push(r);
});
function cmp(x, y) { return x < y ? -1 : x > y ? 1 : 0; }
rows.sort(function (x, y) { return cmp(x.a, y.a) || cmp(x.b, y.b) || cmp(x.doc, y.doc) || cmp(x.relation, y.relation); });
rows.forEach(function (r) { g.emit(r); });
