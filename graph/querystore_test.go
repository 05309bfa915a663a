package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/path"
	"github.com/cayleygraph/cayley/graph/shape"
	cayleyhttp "github.com/cayleygraph/cayley/server/http"
	"github.com/cayleygraph/quad"
	_ "github.com/cayleygraph/quad/nquads" // the format of /api/v2/read

	"newsgraph/nlp"
)

// queryTestStore returns a bolt store of the two hand-made documents, a
// merged surname (Obama) and a fact two documents state, n >= 3 synthetic
// documents, doc-00000 and doc-00001 replaced and doc-00002 deleted (so
// that the kv indexes also list deleted quads).
func queryTestStore(t testing.TB, n int) *Store {
	t.Helper()
	st := open(t, filepath.Join(t.TempDir(), "q.db"), Options{})
	docs := append([]*nlp.Doc{kerryDoc(), crimeaDoc(),
		personDoc("obama-1", 0.8, "barack-obama", "Barack Obama", "meet", "sergei-lavrov", "Sergei Lavrov"),
		personDoc("obama-2", 0.7, "vladimir-putin", "Vladimir Putin", "call", "obama", "Obama"),
		personDoc("obama-3", 0.6, "obama", "Obama", "meet", "john-kerry", "Kerry"),
		personDoc("obama-4", 0.5, "barack-obama", "Barack Obama", "meet", "sergei-lavrov", "Lavrov"),
	}, synthDocs(n)...)
	put(t, st, docs...)
	// Replace two documents with other facts and delete a third.
	re := synthDocs(n + 2)[n:]
	re[0].ID, re[1].ID = "doc-00000", "doc-00001"
	put(t, st, re...)
	if err := st.Delete(context.Background(), "doc-00002"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	return st
}

// gizmoRows runs a Gizmo query with the prelude and args (as QueryArgs)
// and returns its results JSON-encoded, in order: through the query store
// (wrapped) or on Cayley's kv store as it is.
func gizmoRows(t testing.TB, st *Store, q string, args map[string]string, wrapped bool) []string {
	t.Helper()
	pre, err := argsPrefix(args)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	err = st.read(func(qs cgraph.QuadStore) error {
		cqs := cayleyStore(qs)
		if wrapped {
			cqs = st.QueryStore(qs)
			if _, ok := cqs.(*queryStore); !ok {
				return fmt.Errorf("QueryStore gave %T, not the query store", cqs)
			}
		} else if _, ok := cqs.(*ckv.QuadStore); !ok {
			return fmt.Errorf("the store is a %T, not a kv store", cqs)
		}
		return st.runGizmo(context.Background(), cqs, pre+q, 0, func(v any) error {
			b, err := json.Marshal(v)
			out = append(out, string(b))
			return err
		})
	})
	if err != nil {
		t.Fatalf("%s (wrapped %v): %v", q, wrapped, err)
	}
	return out
}

// TestQueryStoreSameResults runs queries on a bolt store through the query
// store and on Cayley's store as it is: the results must be the same (as
// multisets; the plan, and so the order of unsorted results, may differ).
func TestQueryStoreSameResults(t *testing.T) {
	st := queryTestStore(t, 40)
	tests := []struct {
		name, q string
		empty   bool // no result is right
	}{
		{"in", `g.V("Kerry").in(alias).all()`, false},
		{"out", `g.V(ng("e/john-kerry")).out(rel("meet")).all()`, false},
		{"in out", `g.V("Obama").in(alias).out(sameAs).all()`, false},
		{"in out none", `g.V("Kerry").in(alias).out(sameAs).all()`, true},
		{"in in", `g.V("Sergei Lavrov").in(alias).in(rdf("object")).all()`, false},
		{"out out", `g.V(doc("doc-00003")).out(ng("mentions")).out(name).all()`, false},
		{"out list", `g.V(ng("e/john-kerry")).out([alias, ng("fullname"), rel("meet")]).all()`, false},
		{"out tagged predicate", `g.V(ng("e/john-kerry")).out([rel("meet"), alias], "p").all()`, false},
		{"in tagged predicate", `g.V("Kerry").in([alias, name], "p").all()`, false},
		{"has", `g.V().has(ng("polarity"), "-").all()`, false},
		{"has on path", `g.V("entity-7").in(alias).in(rdf("subject")).has(rdf("type"), rdf("Statement")).all()`, false},
		{"has two", `g.V().has(rdf("type"), rdf("Statement")).has(ng("polarity"), "-").has(ng("relation"), "rel 0").all()`, false},
		{"hasR", `g.V().hasR(ng("mentions"), doc("doc-00004")).all()`, false},
		{"both", `g.V(ng("e/entity-7")).both().all()`, false},
		{"both predicate", `g.V(ng("e/john-kerry")).both(rel("meet")).all()`, false},
		{"except", `g.V().has(rdf("type"), ng("Person")).except(g.V("entity-7", "Kerry").in(alias)).all()`, false},
		{"or", `entity("Kerry").or(entity("Lavrov")).or(g.V(ng("e/entity-3"))).all()`, false},
		{"unique", `g.V("entity-3", "Entity entity-3").in(alias).unique().all()`, false},
		{"tag back", `facts("Russia", null, null).tag("f").out(ng("evidence")).tag("ev").back("f").out(ng("doc")).out(ng("id")).all()`, false},
		{"save", `g.V().has(rdf("type"), rdf("Statement")).save(ng("relation"), "r").saveOpt(ng("source"), "src").out(rdf("subject")).all()`, false},
		{"count", `g.emit(g.V().has(rdf("type"), rdf("Statement")).count())`, false},
		{"count in", `g.emit(g.V(ng("e/entity-7")).in().count())`, false},
		{"intersect", `g.V(doc("doc-00003")).out(ng("mentions")).intersect(g.V(doc("doc-00016")).out(ng("mentions"))).all()`, false},
		{"and", `g.V("entity-7").in(alias).in(rdf("subject")).and(g.V().has(ng("polarity"), "+")).all()`, false},
		// Cayley's skip and limit count the results a plan gives by Next, not
		// their other paths (NextPath), and its order() gives a value the
		// paths of the next one (iterator/sort.go): after them, the results
		// of a path with several paths to a node depend on the plan. unique()
		// leaves one path a node.
		{"order limit", `g.V().has(rdf("type"), ng("Person")).out(name).unique().order().limit(5).all()`, false},
		{"order skip", `g.V().has(rdf("type"), ng("Person")).out(name).unique().order().skip(7).all()`, false},
		{"limit", `g.V("Kerry").in(alias).limit(2).all(); g.V(doc("doc-00005")).out(ng("mentions")).limit(3).all()`, false},
		{"skip", `g.V("Kerry").in(alias).skip(1).all(); g.V(doc("doc-00005")).out(ng("mentions")).skip(3).all()`, false},
		{"limit count", `g.emit(g.V().has(ng("polarity"), "+").limit(4).count())`, false},
		{"skip count", `g.emit(g.V().has(ng("polarity"), "+").skip(4).count())`, false},
		{"getLimit", `g.V(doc("doc-00005")).out(ng("mentions")).order().getLimit(3)`, false},
		{"predicates", `g.V(ng("e/john-kerry")).outPredicates().all(); g.V("Kerry").inPredicates().all()`, false},
		{"labels", `g.V("Kerry").in(alias).labels().all()`, false},
		{"label context", `g.V(ng("e/john-kerry")).labelContext(doc("kerry-lavrov")).out(alias).all()`, false},
		{"label context in", `g.V("Kerry").labelContext(doc("obama-3")).in(alias).all()`, false},
		{"follow", `var m = g.M().in(rdf("subject")).out(rdf("object")); g.V("entity-7").in(alias).follow(m).all()`, false},
		{"followR", `var m = g.M().out(ng("mentions")); g.V(ng("e/entity-7")).followR(m).all()`, false},
		{"filter", `g.V().has(rdf("type"), ng("Term")).out(name).filter(regex("thing [1-3]")).all()`, false},
		{"predicate only", `g.V().out(ng("confidence")).all()`, false},
		{"all nodes", `g.V().all()`, false},
		{"arrays", `g.emit(g.V("Kerry").in(alias).toArray()); g.emit(g.V(ng("e/john-kerry")).out(name).toValue()); g.emit(facts("Kerry", null, null).tag("s").out(ng("relation")).tagArray())`, false},
		{"forEach", `facts(null, "meet", null).tag("s").out(ng("evidence")).forEach(function (r) { g.emit(r); })`, false},
		{"entity", `entity("Kerry").all()`, false},
		{"entity merged", `entity("Obama").all(); entity("Barack Obama").all()`, false},
		{"entity edges", `entity("Obama").in(rel("call")).out(name).all()`, false},
		{"entity several", `entity("Kerry", "Russia", "entity-9").all()`, false},
		{"node", `node("Kerry").all(); node("thing 3").all()`, false},
		{"term", `term("thing 3").all()`, false},
		{"facts", `facts("Kerry", "meet", null).all()`, false},
		{"facts object", `facts(null, "annex", "Crimea").all()`, false},
		{"facts subject object", `facts("Russia", null, "Crimea").all()`, false},
		{"facts all", `facts(null, null, null).all()`, false},
		{"claims", `claims("Russia", null, null).all(); claims(null, "meet", null).all()`, false},
		{"claims object", `claims(null, null, "Lavrov").tag("c").out(ng("documents")).tag("n").all()`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := gizmoRows(t, st, tt.q, nil, false)
			got := gizmoRows(t, st, tt.q, nil, true)
			if len(want) == 0 != tt.empty {
				t.Fatalf("%d results without the query store: the query does not test what it means to", len(want))
			}
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s: %d results with the query store, %d without; only with: %q; only without: %q",
					tt.q, len(got), len(want), minus(got, want), minus(want, got))
			}
		})
	}
}

// minus returns the elements of the sorted a not in the sorted b (as multisets).
func minus(a, b []string) []string {
	var out []string
	for len(a) > 0 {
		switch {
		case len(b) == 0 || a[0] < b[0]:
			out, a = append(out, a[0]), a[1:]
		case a[0] == b[0]:
			a, b = a[1:], b[1:]
		default:
			b = b[1:]
		}
	}
	return out
}

// TestQueryStoreQueryFiles runs every query of queries/ through the query
// store and on Cayley's store as it is: the output (sorted by the queries)
// must be identical.
func TestQueryStoreQueryFiles(t *testing.T) {
	st := queryTestStore(t, 40)
	tests := []struct {
		file string
		args map[string]string
	}{
		{"entity-facts.js", map[string]string{"name": "John Kerry"}},
		{"entity-facts.js", map[string]string{"name": "entity-7", "role": "subject"}},
		{"entity-facts.js", map[string]string{"name": "Obama"}},
		{"who-met-whom.js", nil},
		{"who-met-whom.js", map[string]string{"name": "Sergei Lavrov"}},
		{"country-actions.js", map[string]string{"name": "Russia"}},
		{"country-actions.js", map[string]string{"name": "Moscow", "negated": "yes"}},
		{"facts-evidence.js", nil},
		{"facts-evidence.js", map[string]string{"subject": "Russia", "relation": "annex", "object": "Crimea"}},
		{"facts-evidence.js", map[string]string{"relation": "rel 3", "min_confidence": "0.5"}},
		{"multi-source.js", nil},
		{"multi-source.js", map[string]string{"min": "3", "relation": "rel 2"}},
		{"shared-entities.js", map[string]string{"a": "doc-00003", "b": "doc-00016"}},
		{"shared-entities.js", map[string]string{"a": "kerry-lavrov", "b": "obama-1"}},
		{"denials.js", nil},
		{"denials.js", map[string]string{"name": "entity-7"}},
	}
	files, err := filepath.Glob(filepath.Join("..", "queries", "*.js"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no queries in ../queries: %v", err)
	}
	results := map[string]int{}
	for _, tt := range tests {
		b, err := os.ReadFile(filepath.Join("..", "queries", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		t.Run(fmt.Sprintf("%s %v", tt.file, tt.args), func(t *testing.T) {
			want := gizmoRows(t, st, string(b), tt.args, false)
			got := gizmoRows(t, st, string(b), tt.args, true)
			results[tt.file] += len(want)
			if !slices.Equal(got, want) {
				t.Errorf("with the query store:\n%s\nwithout:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
	for _, f := range files {
		if n, ok := results[filepath.Base(f)]; !ok {
			t.Errorf("%s is not tested", f)
		} else if n == 0 {
			t.Errorf("%s: no results in any test", f)
		}
	}
}

// withQueryStore calls fn with Cayley's kv store of a bolt store and its
// query store.
func withQueryStore(t testing.TB, st *Store, fn func(kqs *ckv.QuadStore, w *queryStore)) {
	t.Helper()
	err := st.read(func(qs cgraph.QuadStore) error {
		kqs, ok := cayleyStore(qs).(*ckv.QuadStore)
		if !ok {
			return fmt.Errorf("not a kv store: %T", qs)
		}
		w, ok := st.QueryStore(qs).(*queryStore)
		if !ok {
			return errors.New("QueryStore did not wrap the kv store")
		}
		fn(kqs, w)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// shapeValues returns the results of a shape (a tag map a result, the
// values as N-Quads strings), sorted.
func shapeValues(t testing.TB, qs cgraph.QuadStore, s shape.Shape) []string {
	t.Helper()
	var out []string
	err := cgraph.Iterate(context.Background(), shape.BuildIterator(qs, s)).TagEach(func(m map[string]cgraph.Ref) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var sb strings.Builder
		for _, k := range keys {
			fmt.Fprintf(&sb, "%s=%s ", k, quad.StringOf(qs.NameOf(m[k])))
		}
		out = append(out, sb.String())
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// TestQueryStoreQuadsAction checks the index scans of the optimizer on
// every combination of fixed directions (and tags) of quads of the store:
// the same results as Cayley's plans on its own store, and a scan where
// one of the fixed directions leads an index.
func TestQueryStoreQuadsAction(t *testing.T) {
	st := queryTestStore(t, 10)
	var sample []quad.Quad
	i := 0
	err := st.Quads(context.Background(), func(q quad.Quad) error {
		if i++; i%97 == 0 || q.Predicate == quad.IRI(sameAsIRI) {
			sample = append(sample, q)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(sample) < 20 {
		t.Fatalf("%d sample quads", len(sample))
	}
	dirs := []quad.Direction{quad.Subject, quad.Predicate, quad.Object, quad.Label}
	withQueryStore(t, st, func(kqs *ckv.QuadStore, w *queryStore) {
		scans, checks := 0, 0
		for _, q := range sample {
			for mask := 1; mask < 16; mask++ {
				a := shape.QuadsAction{Result: dirs[mask%4], Save: map[quad.Direction][]string{}}
				for b, d := range dirs {
					if mask&(1<<b) != 0 && q.Get(d) != nil {
						a.SetFilter(d, kqs.ValueOf(q.Get(d)))
					} else if mask%3 == 0 {
						a.Save[d] = []string{"t-" + d.String()}
					}
				}
				if len(a.Filter) == 0 {
					continue
				}
				name := fmt.Sprintf("%v mask %04b", q, mask)
				o, ok := w.OptimizeShape(a)
				leads := a.Filter[quad.Subject] != nil || a.Filter[quad.Object] != nil
				if ok != leads {
					t.Errorf("%s: optimized %v, want %v", name, ok, leads)
				}
				if ok {
					scans++
					shape.Walk(o, func(s shape.Shape) bool {
						if s, ok := s.(indexScan); ok && len(s.check) > 0 {
							checks++
						}
						return true
					})
				}
				want, got := shapeValues(t, kqs, a), shapeValues(t, w, a)
				if len(want) == 0 {
					t.Errorf("%s: no results", name)
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s:\nwith the query store %q\nwithout             %q", name, got, want)
				}
			}
		}
		if scans == 0 || checks == 0 {
			t.Errorf("%d index scans, %d with checks: the test does not cover them", scans, checks)
		}
	})
}

// sameAsIRI is owl:sameAs.
const sameAsIRI = "http://www.w3.org/2002/07/owl#sameAs"

// TestQueryStoreSizes checks the sizes of lookups by node: the number of
// quads on a store without deletions (loaded quads), at least that number
// on a store with deleted quads; a lookup by predicate is the store's size.
func TestQueryStoreSizes(t *testing.T) {
	ctx := context.Background()
	loaded := open(t, filepath.Join(t.TempDir(), "l.db"), Options{})
	var quads []quad.Quad
	for i := range 300 {
		quads = append(quads,
			quad.Make(quad.IRI(fmt.Sprintf("n%d", i%37)), quad.IRI(fmt.Sprintf("p%d", i%5)), quad.IRI(fmt.Sprintf("n%d", i%11)), nil),
			quad.Make(quad.IRI(fmt.Sprintf("n%d", i)), quad.IRI("p0"), quad.String("hub"), quad.IRI(fmt.Sprintf("l%d", i%3))))
	}
	if err := loaded.AddQuads(ctx, quads); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		st    *Store
		exact bool
	}{{"loaded", loaded, true}, {"documents", queryTestStore(t, 10), false}} {
		t.Run(tt.name, func(t *testing.T) {
			withQueryStore(t, tt.st, func(kqs *ckv.QuadStore, w *queryStore) {
				n := 0
				it := kqs.NodesAllIterator()
				defer it.Close()
				for it.Next(ctx) {
					node := it.Result()
					for _, d := range []quad.Direction{quad.Subject, quad.Object} {
						want := 0
						qi := kqs.QuadIterator(d, node)
						for qi.Next(ctx) {
							want++
						}
						qi.Close()
						got, err := w.QuadIteratorSize(ctx, d, node)
						if err != nil {
							t.Fatal(err)
						}
						wit := w.QuadIterator(d, node)
						if s, _ := wit.Size(); s != got.Size {
							t.Errorf("%v %v: iterator size %d, QuadIteratorSize %d", kqs.NameOf(node), d, s, got.Size)
						}
						wn := 0
						for wit.Next(ctx) {
							wn++
						}
						wit.Close()
						if got.Exact || got.Size < int64(want) || tt.exact && got.Size != int64(want) || wn != want {
							t.Errorf("%v %v: size %+v, iterated %d; want %d quads", kqs.NameOf(node), d, got, wn, want)
						}
						n++
					}
				}
				if n == 0 {
					t.Fatal("no nodes")
				}
				p := kqs.ValueOf(quad.IRI("urn:newsgraph:alias"))
				if tt.exact {
					p = kqs.ValueOf(quad.IRI("p0"))
				}
				if sz, _ := w.QuadIteratorSize(ctx, quad.Predicate, p); sz.Size != w.quads || w.quads != kqs.Size() {
					t.Errorf("predicate size %d, want the store's %d", sz.Size, kqs.Size())
				}
			})
		})
	}
}

// TestQueryStorePlan checks that a join of a node's neighbours with a
// predicate starts from the node, not from a scan of the store, and that
// Cayley's own plan does not (what the query store is for).
func TestQueryStorePlan(t *testing.T) {
	st := queryTestStore(t, 20)
	ctx := context.Background()
	withQueryStore(t, st, func(kqs *ckv.QuadStore, w *queryStore) {
		var res [][]string
		for _, tt := range []struct {
			qs       cgraph.QuadStore
			wantScan bool
		}{{kqs, true}, {w, false}} {
			p := path.StartPath(tt.qs, quad.String("Obama")).In(quad.IRI("urn:newsgraph:alias")).Out(quad.IRI(sameAsIRI))
			s, _ := cgraph.AsShape(p.BuildIterator()).Optimize(ctx)
			var first []string // the first subiterator of each And: the one scanned
			var walk func(d cgraph.Description)
			walk = func(d cgraph.Description) {
				if d.Name == "And" && len(d.Iterators) > 0 {
					first = append(first, d.Iterators[0].Name)
				}
				for _, sub := range d.Iterators {
					walk(sub)
				}
			}
			walk(cgraph.DescribeIterator(cgraph.AsLegacy(s)))
			if len(first) == 0 {
				t.Fatalf("%T: no And in the plan", tt.qs)
			}
			if scan := slices.Contains(first, "KVAll"); scan != tt.wantScan {
				t.Errorf("%T: Ands scanning %q; want a scan of the store %v", tt.qs, first, tt.wantScan)
			}
			var got []string
			err := cgraph.Iterate(ctx, cgraph.AsLegacy(s)).EachValue(tt.qs, func(v quad.Value) { got = append(got, quad.StringOf(v)) })
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			res = append(res, got)
		}
		if len(res[0]) == 0 || !slices.Equal(res[0], res[1]) {
			t.Errorf("results %q with Cayley's plan, %q with the query store's", res[0], res[1])
		}
	})
}

// TestQueryStoreForwards checks that the query store has every method of
// Cayley's kv store (so every optional interface the engine looks for),
// refuses writes, and is used for bolt stores only.
func TestQueryStoreForwards(t *testing.T) {
	kt, wt := reflect.TypeOf(&ckv.QuadStore{}), reflect.TypeOf(&queryStore{})
	for i := range kt.NumMethod() {
		if _, ok := wt.MethodByName(kt.Method(i).Name); !ok {
			t.Errorf("the query store has no method %s", kt.Method(i).Name)
		}
	}
	var w any = &queryStore{}
	for _, c := range []struct {
		name string
		ok   bool
	}{
		{"shape.Optimizer", func() bool { _, ok := w.(shape.Optimizer); return ok }()},
		{"graph.BatchQuadStore", func() bool { _, ok := w.(cgraph.BatchQuadStore); return ok }()},
		{"graph.QuadStore", func() bool { _, ok := w.(cgraph.QuadStore); return ok }()},
	} {
		if !c.ok {
			t.Errorf("the query store is not a %s", c.name)
		}
	}

	st := queryTestStore(t, 3)
	withQueryStore(t, st, func(kqs *ckv.QuadStore, w *queryStore) {
		if err := w.ApplyDeltas([]cgraph.Delta{{Quad: quad.MakeIRI("a", "b", "c", ""), Action: cgraph.Add}}, cgraph.IgnoreOpts{}); !errors.Is(err, errReadOnly) {
			t.Errorf("ApplyDeltas: %v", err)
		}
		if _, err := w.NewQuadWriter(); !errors.Is(err, errReadOnly) {
			t.Errorf("NewQuadWriter: %v", err)
		}
		if err := w.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		if kqs.ValueOf(quad.String("Kerry")) == nil {
			t.Error("the kv store is closed by the query store's Close")
		}
	})
	if got := results(t, st, `g.V("Kerry").in(alias).all()`, 0); len(got) == 0 {
		t.Error("no results after the query store's Close")
	}

	// Other stores are handed over as cayleyStore gives them.
	plain := func(t *testing.T, spec, kind string) {
		other := open(t, spec, Options{})
		put(t, other, kerryDoc())
		err := other.read(func(qs cgraph.QuadStore) error {
			if cqs := other.QueryStore(qs); cqs != cayleyStore(qs) {
				return fmt.Errorf("QueryStore of %s store is a %T", kind, cqs)
			}
			return nil
		})
		if err != nil {
			t.Error(err)
		}
	}
	plain(t, Memory, "a memory")
	t.Run("sql", func(t *testing.T) { plain(t, pgURL(t), "an SQL") })
}

// TestQueryStoreRead checks that Cayley's /api/v2/read (the server's read
// endpoint) gives the same quads, in the same order, through the query
// store as on Cayley's store.
func TestQueryStoreRead(t *testing.T) {
	st := queryTestStore(t, 5)
	for _, filter := range []string{
		"",
		"sub=<urn:newsgraph:e/john-kerry>",
		"pred=<urn:newsgraph:alias>",
		"obj=<urn:newsgraph:e/sergei-lavrov>",
		"label=<urn:newsgraph:doc/kerry-lavrov>",
		"sub=<urn:newsgraph:e/john-kerry>&pred=<urn:newsgraph:alias>",
		"pred=<urn:newsgraph:r/meet>&obj=<urn:newsgraph:e/sergei-lavrov>",
		"sub=<urn:newsgraph:e/obama>&obj=<urn:newsgraph:e/barack-obama>",
		"obj=<urn:newsgraph:e/john-kerry>&label=<urn:newsgraph:doc/obama-3>",
	} {
		t.Run(filter, func(t *testing.T) {
			var bodies []string
			for _, wrapped := range []bool{false, true} {
				err := st.View(context.Background(), func(qs cgraph.QuadStore) error {
					if wrapped {
						qs = st.QueryStore(qs)
					}
					a := cayleyhttp.NewAPIv2(&cgraph.Handle{QuadStore: qs})
					a.SetReadOnly(true)
					u := "/api/v2/read?format=nquads"
					if filter != "" {
						u += "&" + strings.NewReplacer("<", "%3C", ">", "%3E", `"`, "%22", ":", "%3A", "/", "%2F").Replace(filter)
					}
					rec := httptest.NewRecorder()
					a.ServeRead(rec, httptest.NewRequest(http.MethodGet, u, nil))
					if rec.Code != http.StatusOK {
						return fmt.Errorf("status %d: %s", rec.Code, rec.Body)
					}
					bodies = append(bodies, rec.Body.String())
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			if bodies[0] == "" {
				t.Fatal("no quads")
			}
			if bodies[0] != bodies[1] {
				t.Errorf("with the query store:\n%s\nwithout:\n%s", bodies[1], bodies[0])
			}
		})
	}
}

// BenchmarkQueryStore runs queries on a bolt store of synthetic documents
// with and without the query store.
func BenchmarkQueryStore(b *testing.B) {
	st := queryTestStore(b, 150)
	queries := []struct{ name, q string }{
		{"in-out", `g.V("entity-7").in(alias).out(rdf("type")).all()`},
		{"entity", `entity("Obama", "entity-7").all()`},
		{"facts", `facts("entity-7", null, null).all()`},
		{"has", `g.V("entity-7").in(alias).in(rdf("subject")).has(ng("polarity"), "+").all()`},
		{"entity-facts.js", "file"},
	}
	for _, q := range queries {
		src := q.q
		if src == "file" {
			data, err := os.ReadFile(filepath.Join("..", "queries", q.name))
			if err != nil {
				b.Fatal(err)
			}
			src = string(data)
		}
		for _, wrapped := range []bool{false, true} {
			name := q.name + "/cayley"
			if wrapped {
				name = q.name + "/querystore"
			}
			b.Run(name, func(b *testing.B) {
				for b.Loop() {
					if rows := gizmoRows(b, st, src, map[string]string{"name": "entity-7"}, wrapped); len(rows) == 0 {
						b.Fatal("no results")
					}
				}
			})
		}
	}
}
