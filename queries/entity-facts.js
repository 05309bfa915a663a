// entity-facts.js — every fact about an entity, as subject or object, with
// its document and evidence sentence.
//
// Args:
//   name  (required) a name or alias of the entity: "Sergei Lavrov", "Lavrov"
//   role  (optional) "subject" or "object" to keep one side only
//
// One result per fact: {subject, relation, object, polarity, doc, sentence,
// evidence}, sorted by doc and sentence. Negated facts have polarity "-".
//
//   newsgraph query -f queries/entity-facts.js --arg name="Sergei Lavrov"

if (!args.name) throw new Error("entity-facts: --arg name=NAME is required");
if (args.role && args.role !== "subject" && args.role !== "object")
  throw new Error("entity-facts: role must be subject or object");

// first returns one value of node's pred, or null.
function first(node, pred) { return node === null ? null : g.V(node).out(pred).toValue(); }

// label returns the canonical name of a node: the longest of its names,
// lexically first among equals, as the TSV export does.
function label(node) {
  var ns = g.V(node).out(name).toArray(), best = null;
  for (var i = 0; i < ns.length; i++)
    if (best === null || ns[i].length > best.length || (ns[i].length === best.length && ns[i] < best)) best = ns[i];
  return best;
}

function fact(s) {
  return {
    subject: label(first(s, rdf("subject"))), relation: first(s, ng("relation")),
    object: label(first(s, rdf("object"))), polarity: first(s, ng("polarity")),
    doc: first(first(s, ng("doc")), ng("id")), sentence: first(s, ng("sentence")),
    evidence: first(s, ng("evidence"))
  };
}

var who = entity(args.name), stmts = {};
if (args.role !== "object") who.in(rdf("subject")).has(rdf("type"), rdf("Statement")).toArray().forEach(function (s) { stmts[s] = true; });
if (args.role !== "subject") who.in(rdf("object")).has(rdf("type"), rdf("Statement")).toArray().forEach(function (s) { stmts[s] = true; });

var rows = Object.keys(stmts).map(fact);
rows.sort(function (a, b) {
  if (a.doc !== b.doc) return a.doc < b.doc ? -1 : 1;
  if (a.sentence !== b.sentence) return a.sentence - b.sentence;
  var x = a.subject + "\u0000" + a.relation + "\u0000" + a.object, y = b.subject + "\u0000" + b.relation + "\u0000" + b.object;
  return x < y ? -1 : x > y ? 1 : 0;
});
rows.forEach(function (r) { g.emit(r); });
