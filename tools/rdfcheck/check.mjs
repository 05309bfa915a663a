#!/usr/bin/env node
// check.mjs — checks an N-Quads file with two independent RDF libraries:
//
//  1. N3.js parses it as strict N-Quads (format 'N-Quads': line mode, no
//     Turtle syntax; any bad token, escape or IRI character is an error),
//     and every IRI must be absolute;
//  2. Oxigraph loads it (strict, not lenient) into a store, which must hold
//     as many quads as N3.js read, and runs SPARQL over it: with
//     --fact 'SUBJECT|RELATION|OBJECT' it must find the fact (names as
//     <B name>, relation lemma as <B relation> on its statement node) as an
//     edge in the named graph of at least one document, whose ids it prints.
//
// Usage: node check.mjs [--base IRI] [--fact 'S|REL|O']... FILE.nq...
// Exit status: 0 all good, 1 a check failed, 2 usage error.
import { readFileSync } from 'node:fs';
import N3 from 'n3';
import oxigraph from 'oxigraph';

function usage(msg) {
  console.error(`rdfcheck: ${msg}\nUsage: node check.mjs [--base IRI] [--fact 'S|REL|O']... FILE.nq...`);
  process.exit(2);
}

let base = 'urn:newsgraph:';
const facts = [], files = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--base' || a === '--fact') {
    if (i + 1 >= argv.length) usage(`${a} needs a value`);
    const v = argv[++i];
    if (a === '--base') base = v;
    else {
      const parts = v.split('|');
      if (parts.length !== 3 || parts.some(p => p === '')) usage(`--fact ${JSON.stringify(v)} is not SUBJECT|RELATION|OBJECT`);
      facts.push(parts);
    }
  } else if (a.startsWith('--')) usage(`unknown flag ${a}`);
  else files.push(a);
}
if (files.length === 0) usage('no FILE given');
if (/[\x00-\x20<>"{}|^`\\]/.test(base) || !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(base)) usage(`bad base IRI ${base}`);

const absolute = /^[A-Za-z][A-Za-z0-9+.-]*:/;

// sparqlString quotes s as a SPARQL string literal.
function sparqlString(s) {
  return '"' + s.replace(/[\\"\n\r\t]|[\x00-\x1f\x7f]/g, c => {
    switch (c) {
      case '\\': return '\\\\';
      case '"': return '\\"';
      case '\n': return '\\n';
      case '\r': return '\\r';
      case '\t': return '\\t';
    }
    return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
  }) + '"';
}

let failed = false;
function fail(file, msg) {
  console.error(`rdfcheck: ${file}: ${msg}`);
  failed = true;
}

for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    fail(file, e.message);
    continue;
  }
  // 1. N3.js, strict N-Quads.
  let quads;
  try {
    quads = new N3.Parser({ format: 'N-Quads' }).parse(text);
  } catch (e) {
    fail(file, `N3.js: ${e.message}`);
    continue;
  }
  const lines = text.split('\n').filter(l => l.trim() !== '' && !l.trim().startsWith('#')).length;
  if (quads.length !== lines) fail(file, `N3.js read ${quads.length} quads from ${lines} lines`);
  let bad = 0;
  for (const q of quads) {
    for (const t of [q.subject, q.predicate, q.object, q.graph, q.object.datatype]) {
      if (t && t.termType === 'NamedNode' && !absolute.test(t.value) && bad++ < 5) fail(file, `N3.js: relative IRI <${t.value}>`);
    }
  }

  // 2. Oxigraph: strict load, then SPARQL.
  const store = new oxigraph.Store();
  try {
    store.load(text, { format: 'application/n-quads' });
  } catch (e) {
    fail(file, `Oxigraph: ${e.message ?? e}`);
    continue;
  }
  if (store.size !== quads.length) fail(file, `Oxigraph holds ${store.size} quads, N3.js read ${quads.length}`);
  for (const [s, rel, o] of facts) {
    const q = `SELECT DISTINCT ?id WHERE {
  ?s <${base}name> ${sparqlString(s)} .
  ?o <${base}name> ${sparqlString(o)} .
  ?st <${base}relation> ${sparqlString(rel)} ;
      <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ;
      <${base}polarity> "+" ;
      <${base}doc> ?doc .
  GRAPH ?doc { ?s ?p ?o }
  ?doc <${base}id> ?id .
} ORDER BY ?id`;
    let rows;
    try {
      rows = store.query(q, { use_default_graph_as_union: true });
    } catch (e) {
      fail(file, `Oxigraph SPARQL: ${e.message ?? e}`);
      continue;
    }
    const ids = rows.map(r => r.get('id').value);
    if (ids.length === 0) fail(file, `SPARQL found no document stating ${s} ${rel} ${o}`);
    else console.log(`${file}: ${s} ${rel} ${o}: ${ids.join(' ')}`);
  }
  if (!failed) console.log(`${file}: ${quads.length} quads: N3.js and Oxigraph OK`);
}
process.exit(failed ? 1 : 0);
