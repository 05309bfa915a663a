// country-actions.js — what a country (or any place standing for its
// government: "Russia", "Moscow", "Kyiv") did: the facts with it as subject.
//
// Args:
//   name     (required) a name or alias of the place
//   negated  (optional) "yes" to include what it is said not to have done
//
// One result per fact: {relation, object, polarity, doc, sentence,
// evidence}, sorted by relation, object, doc, sentence. Nothing when the
// name is not a place.
//
//   newsgraph query -f queries/country-actions.js --arg name=Russia

if (!args.name) throw new Error("country-actions: --arg name=NAME is required");

function first(node, pred) { return node === null ? null : g.V(node).out(pred).toValue(); }

function label(node) {
  var ns = g.V(node).out(name).toArray(), best = null;
  for (var i = 0; i < ns.length; i++)
    if (best === null || ns[i].length > best.length || (ns[i].length === best.length && ns[i] < best)) best = ns[i];
  return best;
}

var stmts = entity(args.name).has(rdf("type"), ng("Place")).in(rdf("subject")).has(rdf("type"), rdf("Statement"));
if (args.negated !== "yes") stmts = stmts.has(ng("polarity"), "+");

var seen = {};
var rows = stmts.toArray().filter(function (s) { return seen[s] ? false : (seen[s] = true); }).map(function (s) {
  return {
    relation: first(s, ng("relation")), object: label(first(s, rdf("object"))),
    polarity: first(s, ng("polarity")), doc: first(first(s, ng("doc")), ng("id")),
    sentence: first(s, ng("sentence")), evidence: first(s, ng("evidence"))
  };
});
function cmp(x, y) { return x < y ? -1 : x > y ? 1 : 0; }
rows.sort(function (a, b) {
  return cmp(a.relation, b.relation) || cmp(a.object, b.object) || cmp(a.doc, b.doc) || a.sentence - b.sentence;
});
rows.forEach(function (r) { g.emit(r); });
