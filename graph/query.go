package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
)

// accessorLiteral finds getter and setter syntax in object literals
// ({get a() {…}}), which would crash cayley's gizmo (see preludeJS).
var accessorLiteral = regexp.MustCompile(`\b[gs]et\s+("[^"]*"|'[^']*'|[A-Za-z_$][\w$]*|\d+)\s*\(`)

// preludeJS defines the helpers of Query; BASE is replaced by the base IRI
// as a JS string literal. enc must percent-encode exactly like
// appendEscaped (a test checks it).
const preludeJS = `g.addDefaultNamespaces();
(function () {
  // Cayley's gizmo (on goja) panics, in a goroutine of its own, when it
  // is handed an object with frozen or accessor properties: plain data
  // properties only.
  function plain(o) { return o; }
  function define(o, k, d) {
    if (d && ("get" in d || "set" in d)) throw new TypeError("accessor properties are not supported in queries");
    o[k] = d ? d.value : undefined;
    return o;
  }
  Object.freeze = Object.seal = Object.preventExtensions = plain;
  Object.defineProperty = define;
  Object.defineProperties = function (o, ds) { for (var k in ds) define(o, k, ds[k]); return o; };
  var create = Object.create;
  Object.create = function (p, ds) { var o = create(p); return ds ? Object.defineProperties(o, ds) : o; };
  // g and graph: the same methods, refusing the global object (it has
  // frozen properties) as an argument.
  var G = graph, w = {}, global = this;
  function copy(x) {
    if (x === global) throw new TypeError("the global object is not a value");
    return Array.isArray(x) ? x.map(copy) : x;
  }
  function wrap(k) { return function () { return G[k].apply(G, Array.prototype.map.call(arguments, copy)); }; }
  ["V", "Vertex", "M", "Morphism", "IRI", "Uri", "emit", "Emit", "addNamespace", "addDefaultNamespaces", "loadNamespaces"].forEach(function (k) {
    if (G[k]) w[k] = wrap(k);
  });
  g = graph = w;
})();
g.addNamespace("ng", BASE);
function ng(x) { return g.IRI("ng:" + x); }
function rdf(x) { return g.IRI("rdf:" + x); }
var name = ng("name"), alias = ng("alias");
function __keep(c) {
  if (c < 0x80) return /[A-Za-z0-9._~-]/.test(String.fromCharCode(c));
  if (c === 0x200E || c === 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) return false;
  if (c <= 0xD7FF) return c >= 0xA0;
  if (c < 0x10000) return (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFEF);
  if ((c & 0xFFFF) > 0xFFFD) return false;
  if (c < 0xE0000) return true;
  return c >= 0xE1000 && c <= 0xEFFFD;
}
function __pct(c) {
  var b = [];
  if (c < 0x80) b = [c];
  else if (c < 0x800) b = [0xC0 | c >> 6, 0x80 | c & 63];
  else if (c < 0x10000) b = [0xE0 | c >> 12, 0x80 | c >> 6 & 63, 0x80 | c & 63];
  else b = [0xF0 | c >> 18, 0x80 | c >> 12 & 63, 0x80 | c >> 6 & 63, 0x80 | c & 63];
  var s = "";
  for (var i = 0; i < b.length; i++) s += "%" + "0123456789ABCDEF".charAt(b[i] >> 4) + "0123456789ABCDEF".charAt(b[i] & 15);
  return s;
}
function enc(s) {
  s = String(s);
  var out = "";
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i), n = 1;
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.length) {
      var d = s.charCodeAt(i + 1);
      if (d >= 0xDC00 && d <= 0xDFFF) { c = (c - 0xD800) * 0x400 + (d - 0xDC00) + 0x10000; n = 2; }
    }
    if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;
    out += __keep(c) ? s.substr(i, n) : __pct(c);
    i += n - 1;
  }
  return out;
}
function rel(lemma) { return ng("r/" + enc(String(lemma).split(" ").join("_"))); }
function doc(id) { return ng("doc/" + enc(id)); }
var sameAs = g.IRI("http://www.w3.org/2002/07/owl#sameAs");
function entity() {
  var a = [];
  for (var i = 0; i < arguments.length; i++) a.push(str(String(arguments[i])));
  var p = g.V.apply(g, a).in(alias).unique(), t = p.out(sameAs);
  return p.except(t.in(sameAs)).or(t).unique();
}
function term(text) { return g.V(str(String(text))).in(name).has(rdf("type"), ng("Term")).unique(); }
function node(n) { return g.V(str(String(n))).in([name, alias]).unique(); }
function facts(subject, lemma, object) {
  var p = null;
  if (subject != null) p = node(subject).in(rdf("subject"));
  if (lemma != null) p = p === null ? g.V(str(String(lemma))).in(ng("relation")) : p.has(ng("relation"), str(String(lemma)));
  if (object != null) { var o = node(object).in(rdf("object")); p = p === null ? o : p.and(o); }
  if (p === null) return g.V().has(rdf("type"), rdf("Statement")).unique();
  return p.has(rdf("type"), rdf("Statement")).unique();
}
function claims(subject, lemma, object) {
  var p = g.V().has(rdf("type"), ng("Claim"));
  if (subject != null) p = entity(subject).in(rdf("subject")).has(rdf("type"), ng("Claim"));
  if (lemma != null) p = p.has(ng("relation"), str(String(lemma)));
  if (object != null) p = p.and(entity(object).in(rdf("object")));
  return p.unique();
}
`

// prelude returns the prelude for a base IRI.
func prelude(base string) string {
	b, _ := json.Marshal(base) // a string never fails
	return strings.Replace(preludeJS, "BASE", string(b), 1)
}

// drainWait bounds how long Query waits for the script to stop after it was
// interrupted, so that no script outlives the read lock.
const drainWait = 5 * time.Second

// Query runs a Gizmo query (JavaScript, lowerCamel: g.V().out(…).all()) and
// calls fn with each result as Cayley's gizmo session gives it in JSON
// collation (a map of tags to values for all(), the value given to
// g.emit()), at most limit results (limit <= 0: no limit). Results are
// JSON-encodable. Nodes appear as "<iri>", plain strings as strings, typed
// numbers as numbers.
//
// The query runs in a session where a prelude has defined these helpers
// (B is the base IRI):
//
//	ng(x)                  the IRI <B x>; the prefix "ng:" is registered too
//	rdf(x)                 the IRI <rdf:x>; the default namespaces are registered
//	name, alias            the predicates <B name> and <B alias>
//	enc(s)                 s percent-encoded as in minted IRIs
//	rel(lemma)             the relation predicate <B r/LEMMA>
//	doc(id)                the document node <B doc/ID>
//	entity(name, …)        path: canonical entities with one of the names as alias
//	                       (merged entities are replaced by their canonical node)
//	term(text)             path: term nodes with the text as name
//	node(name)             path: entities or terms with the name
//	facts(subj, lemma, obj) path: statement nodes; null or undefined args match all
//	sameAs                 owl:sameAs, from a merged entity to its canonical node
//	claims(subj, lemma, obj) path: cross-document claim nodes (canonical
//	                       entities); null or undefined args match all
//
// For example entity("Kerry").out(rel("meet with")).out(name).all().
// ctx cancels the query, even a script looping forever. fn is called with
// the store's read lock held: it must not write to the store.
func (s *Store) Query(ctx context.Context, gizmoQuery string, limit int, fn func(any) error) error {
	return s.read(func(qs graph.QuadStore) error { return s.query(ctx, qs, gizmoQuery, limit, fn) })
}

func (s *Store) query(ctx context.Context, qs graph.QuadStore, gizmoQuery string, limit int, fn func(any) error) error {
	return s.runGizmo(ctx, s.QueryStore(qs), gizmoQuery, limit, fn)
}

// runGizmo runs a query as Query does on cqs, the store Cayley's engine
// gets (QueryStore, or cayleyStore in tests comparing plans).
func (s *Store) runGizmo(ctx context.Context, cqs graph.QuadStore, gizmoQuery string, limit int, fn func(any) error) error {
	if accessorLiteral.MatchString(gizmoQuery) {
		return errors.New("query: getters and setters are not supported in queries")
	}
	sess := gizmo.NewSession(cqs)
	// The prelude's iterator is drained, not closed: closing interrupts the
	// VM, and the interrupt would then hit the user's query.
	pit, err := sess.Execute(ctx, prelude(s.sch.Base), query.Options{Collation: query.JSON})
	if err != nil {
		return fmt.Errorf("query prelude: %w", err)
	}
	for pit.Next(ctx) {
	}
	if err := pit.Err(); err != nil {
		return fmt.Errorf("query prelude: %w", err)
	}

	it, err := sess.Execute(ctx, gizmoQuery, query.Options{Collation: query.JSON, Limit: limit})
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	defer func() {
		it.Close()
		dctx, cancel := context.WithTimeout(context.Background(), drainWait)
		defer cancel()
		for it.Next(dctx) {
		}
	}()
	n := 0
	for (limit <= 0 || n < limit) && it.Next(ctx) {
		r := it.Result()
		if r == nil {
			continue // the script's completion value
		}
		n++
		if err := fn(r); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("query: %w", err)
	}
	if err := it.Err(); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("query: %w", err)
	}
	return nil
}
