// facts-evidence.js — facts with the sentences that state them: the
// evidence an analyst checks before trusting the graph.
//
// Args (all optional; each narrows the facts, none gives them all):
//   subject   a name or alias (or term text) of the subject
//   relation  the relation lemma: "annex", "meet with"
//   object    a name or alias (or term text) of the object
//   min_confidence  a number in [0, 1]: drop less confident facts
//
// One result per fact: {subject, relation, object, polarity, confidence,
// doc, title, sentence, evidence}, sorted by doc and sentence.
//
//   newsgraph query -f queries/facts-evidence.js --arg subject=Russia --arg relation=annex --arg object=Crimea

var minConf = args.min_confidence === undefined ? 0 : Number(args.min_confidence);
if (isNaN(minConf)) throw new Error("facts-evidence: min_confidence must be a number");

function first(node, pred) { return node === null ? null : g.V(node).out(pred).toValue(); }

function label(node) {
  var ns = g.V(node).out(name).toArray(), best = null;
  for (var i = 0; i < ns.length; i++)
    if (best === null || ns[i].length > best.length || (ns[i].length === best.length && ns[i] < best)) best = ns[i];
  return best;
}

var rows = [], seen = {};
facts(args.subject, args.relation, args.object).toArray().forEach(function (s) {
  if (seen[s]) return;
  seen[s] = true;
  var conf = first(s, ng("confidence"));
  if (conf !== null && conf < minConf) return;
  var d = first(s, ng("doc"));
  rows.push({
    subject: label(first(s, rdf("subject"))), relation: first(s, ng("relation")),
    object: label(first(s, rdf("object"))), polarity: first(s, ng("polarity")), confidence: conf,
    doc: first(d, ng("id")), title: first(d, ng("title")),
    sentence: first(s, ng("sentence")), evidence: first(s, ng("evidence"))
  });
});
function cmp(x, y) { return x < y ? -1 : x > y ? 1 : 0; }
rows.sort(function (a, b) {
  return cmp(a.doc, b.doc) || a.sentence - b.sentence || cmp(a.subject, b.subject) ||
    cmp(a.relation, b.relation) || cmp(a.object, b.object) || cmp(a.polarity, b.polarity);
});
rows.forEach(function (r) { g.emit(r); });
