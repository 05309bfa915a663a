package graph

import (
	"context"
	"errors"
	"fmt"
	cgraph "github.com/cayleygraph/cayley/graph"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/cayleygraph/quad"

	"newsgraph/nlp"
)

// kerryDoc and crimeaDoc are two small hand-made documents.
func kerryDoc() *nlp.Doc {
	return &nlp.Doc{
		ID:    "kerry-lavrov",
		Title: "Kerry meets Lavrov in Paris",
		Date:  "2014-03-30",
		URL:   "https://example.com/kerry?a=1&b=2",
		Sentences: []string{
			"John Kerry met Sergei Lavrov in Paris on Sunday.",
			"Kerry did not meet the Ukrainian envoy.",
		},
		Entities: []nlp.Entity{
			{Key: "john-kerry", Name: "John Kerry", Type: nlp.Person, Aliases: []string{"John Kerry", "Kerry"}},
			{Key: "paris", Name: "Paris", Type: nlp.Place, Aliases: []string{"Paris"}},
			{Key: "sergei-lavrov", Name: "Sergei Lavrov", Type: nlp.Person, Aliases: []string{"Lavrov", "Sergei Lavrov"}},
		},
		Facts: []nlp.Fact{
			{Sent: 0, Subject: nlp.Arg{Text: "John Kerry", Entity: "john-kerry"}, Relation: "meet", RelText: "met",
				Object: nlp.Arg{Text: "Sergei Lavrov", Entity: "sergei-lavrov"}, Confidence: 0.9},
			{Sent: 1, Subject: nlp.Arg{Text: "Kerry", Entity: "john-kerry"}, Relation: "meet", RelText: "did not meet",
				Object: nlp.Arg{Text: "the Ukrainian envoy"}, Negated: true, Confidence: 0.7},
		},
	}
}

func crimeaDoc() *nlp.Doc {
	return &nlp.Doc{
		ID:    "crimea vote",
		Title: "Crimea",
		Sentences: []string{
			"Russia annexed Crimea in March.",
			"Moscow denied that Russia invaded Ukraine.",
			"Russia sent troops to the border.",
		},
		Entities: []nlp.Entity{
			{Key: "crimea", Name: "Crimea", Type: nlp.Place, Aliases: []string{"Crimea"}},
			{Key: "russia", Name: "Russia", Type: nlp.Place, Aliases: []string{"Russia", "Moscow"}},
			{Key: "ukraine", Name: "Ukraine", Type: nlp.Place},
		},
		Facts: []nlp.Fact{
			{Sent: 0, Subject: nlp.Arg{Text: "Russia", Entity: "russia"}, Relation: "annex", RelText: "annexed",
				Object: nlp.Arg{Text: "Crimea", Entity: "crimea"}, Confidence: 0.95},
			{Sent: 1, Subject: nlp.Arg{Text: "Russia", Entity: "russia"}, Relation: "invade", RelText: "invaded",
				Object: nlp.Arg{Text: "Ukraine", Entity: "ukraine"}, Negated: true, Confidence: 0.6},
			{Sent: 2, Subject: nlp.Arg{Text: "Russia", Entity: "russia"}, Relation: "send to", RelText: "sent … to",
				Object: nlp.Arg{Text: "troops"}, Confidence: 0.5},
		},
	}
}

func open(t testing.TB, spec string, opt Options) *Store {
	t.Helper()
	st, err := Open(context.Background(), spec, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func put(t testing.TB, st *Store, docs ...*nlp.Doc) int {
	t.Helper()
	n, err := st.Put(context.Background(), docs...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	return n
}

// specs are the store kinds every store test runs on.
func specs(t *testing.T) map[string]string {
	return map[string]string{"memory": Memory, "bolt": filepath.Join(t.TempDir(), "g.db")}
}

func quadSetOf(t testing.TB, st *Store) map[quad.Quad]bool {
	t.Helper()
	m := map[quad.Quad]bool{}
	err := st.Quads(context.Background(), func(q quad.Quad) error {
		if m[q] {
			t.Errorf("quad listed twice: %v", q)
		}
		m[q] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func results(t testing.TB, st *Store, q string, limit int) []string {
	t.Helper()
	var out []string
	err := st.Query(context.Background(), q, limit, func(v any) error {
		switch v := v.(type) {
		case map[string]any:
			out = append(out, fmt.Sprint(v["id"]))
		default:
			out = append(out, fmt.Sprint(v))
		}
		return nil
	})
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	slices.Sort(out)
	return out
}

func TestQueryPrelude(t *testing.T) {
	for kind, spec := range specs(t) {
		t.Run(kind, func(t *testing.T) {
			st := open(t, spec, Options{})
			put(t, st, kerryDoc(), crimeaDoc())
			tests := []struct {
				query string
				want  []string
			}{
				{`entity("Kerry").out(rel("meet")).out(ng("name")).all()`, []string{"Sergei Lavrov"}},
				{`entity("Russia").out(rel("annex")).out(ng("name")).all()`, []string{"Crimea"}},
				{`entity("Moscow").out(rel("annex")).out(name).all()`, []string{"Crimea"}},
				{`facts("Russia", "annex", "Crimea").out(ng("doc")).out(ng("id")).all()`, []string{"crimea vote"}},
				{`facts("Crimea", "annex", "Russia").all()`, nil},
				{`facts(null, "annex", null).out(ng("evidence")).all()`, []string{"Russia annexed Crimea in March."}},
				{`facts("Russia", null, "troops").out(ng("relation")).all()`, []string{"send to"}},
				// negated facts have a statement, never an edge
				{`entity("Russia").out(rel("invade")).all()`, nil},
				{`entity("Kerry").out(rel("meet")).out(name).all()`, []string{"Sergei Lavrov"}},
				{`facts("Russia", "invade", "Ukraine").out(ng("polarity")).all()`, []string{"-"}},
				{`facts().has(ng("polarity"), "-").count()`, nil},
				{`g.emit(facts().has(ng("polarity"), "-").count())`, []string{"2"}},
				{`g.emit(g.V().has(rdf("type"), ng("Document")).count())`, []string{"2"}},
				{`entity("Russia").out(rel("send to")).out(name).all()`, []string{"troops"}},
				{`term("troops").in(rel("send to")).out(name).all()`, []string{"Russia"}},
				{`g.V(doc("crimea vote")).out(ng("title")).all()`, []string{"Crimea"}},
				{`g.V(doc("kerry-lavrov")).out(ng("mentions")).has(rdf("type"), ng("Person")).out(name).all()`,
					[]string{"John Kerry", "Sergei Lavrov"}},
				{`facts("Kerry", "meet", "Lavrov").out(ng("confidence")).all()`, []string{"0.9"}},
				{`facts("Kerry", "meet", "Lavrov").out(ng("sentence")).all()`, []string{"0"}},
				{`entity("Kerry", "Crimea").out(name).all()`, []string{"Crimea", "John Kerry"}},
				{`g.V().has(g.IRI("ng:name"), "Paris").out(g.IRI("rdf:type")).all()`, []string{"<urn:newsgraph:Place>"}},
				{`entity("Nobody").out(name).all()`, nil},
				// the examples of the package documentation
				{`facts("Russia", "annex", "Crimea").has(ng("polarity"), "+").tag("fact").out(ng("evidence")).tag("evidence").` +
					`back("fact").out(ng("doc")).out(ng("id")).all()`, []string{"crimea vote"}},
				{`g.V().has(ng("polarity"), "-").out(ng("evidence")).all()`,
					[]string{"Kerry did not meet the Ukrainian envoy.", "Moscow denied that Russia invaded Ukraine."}},
			}
			for _, tt := range tests {
				if got := results(t, st, tt.query, 0); !slices.Equal(got, tt.want) {
					t.Errorf("%s\n got %q\nwant %q", tt.query, got, tt.want)
				}
			}
		})
	}
}

// TestQueryPlain runs the model's queries with full IRIs on cayley's own
// gizmo session, without the prelude.
func TestQueryPlain(t *testing.T) {
	st := open(t, Memory, Options{Base: "https://data.example.com/news/"})
	put(t, st, kerryDoc(), crimeaDoc())
	tests := []struct{ query, want string }{
		{`g.V("Kerry").in("<https://data.example.com/news/alias>").out("<https://data.example.com/news/r/meet>").` +
			`out("<https://data.example.com/news/name>").all()`, "Sergei Lavrov"},
		{`g.V("Crimea").in("<https://data.example.com/news/alias>").in("<http://www.w3.org/1999/02/22-rdf-syntax-ns#object>").` +
			`has("<https://data.example.com/news/relation>", "annex").out("<https://data.example.com/news/doc>").` +
			`out("<https://data.example.com/news/id>").all()`, "crimea vote"},
	}
	for _, tt := range tests {
		var got []string
		err := st.View(context.Background(), func(qs cgraph.QuadStore) error {
			it, err := gizmo.NewSession(qs).Execute(context.Background(), tt.query, query.Options{Collation: query.JSON})
			if err != nil {
				return err
			}
			for it.Next(context.Background()) {
				if m, ok := it.Result().(map[string]any); ok {
					got = append(got, fmt.Sprint(m["id"]))
				}
			}
			return it.Err()
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0] != tt.want {
			t.Errorf("%s: got %q, want %q", tt.query, got, tt.want)
		}
	}
}

func TestQueryLimitAndErrors(t *testing.T) {
	st := open(t, Memory, Options{})
	put(t, st, kerryDoc(), crimeaDoc())
	all := results(t, st, `g.V().all()`, 0)
	if len(all) < 20 {
		t.Fatalf("g.V().all() gave %d results", len(all))
	}
	for _, limit := range []int{1, 3, len(all)} {
		if got := results(t, st, `g.V().all()`, limit); len(got) != limit {
			t.Errorf("limit %d: %d results", limit, len(got))
		}
	}
	if got := results(t, st, `for (var i = 0; i < 10; i++) g.emit(i)`, 4); len(got) != 4 {
		t.Errorf("emit with limit 4: %d results", len(got))
	}
	stop := errors.New("stop")
	n := 0
	err := st.Query(context.Background(), `g.V().all()`, 0, func(any) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("callback error: got %v after %d calls", err, n)
	}
	for _, q := range []string{`g.V(.all()`, `nosuch()`, `throw new Error("boom")`} {
		if err := st.Query(context.Background(), q, 0, func(any) error { return nil }); err == nil {
			t.Errorf("%s: no error", q)
		}
	}
	// the store is still usable
	if got := results(t, st, `entity("Kerry").out(name).all()`, 0); !slices.Equal(got, []string{"John Kerry"}) {
		t.Errorf("after errors: %q", got)
	}
}

func TestQueryCancel(t *testing.T) {
	st := open(t, Memory, Options{})
	put(t, st, kerryDoc())
	for _, q := range []string{`while (true) {}`, `g.V().all(); while (true) {}`} {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		start := time.Now()
		err := st.Query(ctx, q, 0, func(any) error { return nil })
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: got %v, want deadline exceeded", q, err)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%s: stopped after %v", q, d)
		}
	}
	// a writer is not blocked by the interrupted script
	done := make(chan error, 1)
	go func() { _, err := st.Put(context.Background(), crimeaDoc()); done <- err }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Put blocked after a cancelled query")
	}
}

// TestEncParity checks that the prelude's enc percent-encodes like the IRIs
// Go mints, so rel() and doc() find the nodes.
func TestEncParity(t *testing.T) {
	st := open(t, Memory, Options{})
	inputs := []string{"meet with", "Zürich", "Шойгу", "日本", "😀 x", "a/b?c#d&e=f", `<>"{}|^` + "`\\", "%41",
		"~._-", "\u00a0", "\u200e", "\u202a", "\ufdd0", "\ufffe", "\U0001fffe", "\U000e0001", "\U000e1000",
		"\t\n\x00\x7f", "O'Brien", "(a)*!+,;=:@[]$"}
	for _, in := range inputs {
		js := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`, "\x00", `\x00`,
			"\u2028", `\u2028`, "\u2029", `\u2029`).Replace(in)
		got := results(t, st, `g.emit(enc("`+js+`"))`, 0)
		want := string(appendEscaped(nil, in))
		if len(got) != 1 || got[0] != want {
			t.Errorf("enc(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSchema(t *testing.T) {
	s := Schema{}
	custom := Schema{Base: "https://data.example.com/news/"}
	tests := []struct {
		got  quad.IRI
		want string
	}{
		{s.Doc("kerry-lavrov"), "urn:newsgraph:doc/kerry-lavrov"},
		{s.Doc("a b/c"), "urn:newsgraph:doc/a%20b%2Fc"},
		{s.Doc("x<y>\"{}|^`\\"), "urn:newsgraph:doc/x%3Cy%3E%22%7B%7D%7C%5E%60%5C"},
		{s.Doc("bad\xffutf8"), "urn:newsgraph:doc/bad%EF%BF%BDutf8"},
		{s.Entity("zürich"), "urn:newsgraph:e/zürich"},
		{s.Entity("шойгу"), "urn:newsgraph:e/шойгу"},
		{s.Term("Russia's  Military"), "urn:newsgraph:t/russia%27s-military"},
		{s.Term(" \t "), ""},
		{s.Rel("meet with"), "urn:newsgraph:r/meet_with"},
		{s.Rel("say"), "urn:newsgraph:r/say"},
		{s.Pred(PredName), "urn:newsgraph:name"},
		{s.EntityClass(nlp.Organization), "urn:newsgraph:Organization"},
		{s.EntityClass(nlp.Other), "urn:newsgraph:Thing"},
		{s.EntityClass("unknown"), "urn:newsgraph:Thing"},
		{custom.Entity("kyiv"), "https://data.example.com/news/e/kyiv"},
	}
	for _, tt := range tests {
		if string(tt.got) != tt.want {
			t.Errorf("got %s, want %s", tt.got, tt.want)
		}
	}
	f := kerryDoc().Facts[0]
	a, _ := s.Statement("d", &f)
	f.Negated = true
	b, _ := s.Statement("d", &f)
	c, _ := s.Statement("e", &f)
	if a == b || b == c || !strings.HasPrefix(string(a), "urn:newsgraph:s/") || len(a) != len("urn:newsgraph:s/")+16 {
		t.Errorf("statement IRIs %s %s %s: want distinct s/ + 16 hex", a, b, c)
	}
	if again, _ := s.Statement("e", &f); again != c {
		t.Errorf("statement IRI not stable: %s vs %s", again, c)
	}
	if _, ok := s.Statement("d", &nlp.Fact{Subject: nlp.Arg{Text: "x"}, Object: nlp.Arg{Text: "y"}}); ok {
		t.Error("a fact without relation has a statement")
	}
}

// FuzzIRI checks that minted IRIs only hold characters N-Quads allows and
// decode back to the (UTF-8-cleaned) text.
func FuzzIRI(f *testing.F) {
	for _, s := range []string{"kerry", "a b", "Zürich", "<>\"{}|^`\\", "%zz", "\xff", "\u200e", "😀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		iri := string(Schema{}.Doc(s))
		for _, r := range iri {
			if r <= 0x20 || strings.ContainsRune("<>\"{}|^`\\", r) {
				t.Fatalf("Doc(%q) = %q holds %q", s, iri, r)
			}
		}
		dec, err := url.PathUnescape(strings.TrimPrefix(iri, DefaultBase+"doc/"))
		if err != nil || dec != clean(s) {
			t.Fatalf("Doc(%q) = %q decodes to %q, %v", s, iri, dec, err)
		}
	})
}

func TestOpenBase(t *testing.T) {
	for _, base := range []string{"news", ":x", "urn:a b", "http://x/<y>", "1a:b", "urn:\xff"} {
		if st, err := Open(context.Background(), Memory, Options{Base: base}); err == nil {
			st.Close()
			t.Errorf("base %q accepted", base)
		}
	}
	st := open(t, Memory, Options{Base: "https://data.example.com/news/"})
	if st.Schema().Base != "https://data.example.com/news/" {
		t.Errorf("base %q", st.Schema().Base)
	}
	if open(t, Memory, Options{}).Schema().Base != DefaultBase {
		t.Error("default base not set")
	}
}

// labelled returns the quads of the store labelled with the node of doc id.
func labelled(t testing.TB, st *Store, id string) map[quad.Quad]bool {
	m := map[quad.Quad]bool{}
	D := st.Schema().Doc(id)
	for q := range quadSetOf(t, st) {
		if q.Label == D {
			m[q] = true
		}
	}
	return m
}

func asSet(qs []quad.Quad) map[quad.Quad]bool {
	m := map[quad.Quad]bool{}
	for _, q := range qs {
		m[q] = true
	}
	return m
}

func TestPutReplaceDelete(t *testing.T) {
	for kind, spec := range specs(t) {
		t.Run(kind, func(t *testing.T) {
			st := open(t, spec, Options{})
			k, c := kerryDoc(), crimeaDoc()
			if n := put(t, st, k, c); n != len(st.Schema().Quads(k))+len(st.Schema().Quads(c)) {
				t.Errorf("Put returned %d", n)
			}
			crimeaBefore := labelled(t, st, c.ID)

			// a new version: an entity, a fact and the title go, a fact comes
			k2 := kerryDoc()
			k2.Title = ""
			k2.Entities = k2.Entities[:2]
			k2.Facts = []nlp.Fact{{Sent: 1, Subject: nlp.Arg{Text: "Kerry", Entity: "john-kerry"}, Relation: "visit",
				Object: nlp.Arg{Text: "Paris", Entity: "paris"}, Confidence: 0.8}}
			put(t, st, k2)
			if got, want := labelled(t, st, k.ID), asSet(st.Schema().Quads(k2)); !mapsEqual(got, want) {
				t.Errorf("after replacing: %d quads labelled, want %d", len(got), len(want))
				for q := range got {
					if !want[q] {
						t.Errorf("stale: %v", q)
					}
				}
			}
			if !mapsEqual(labelled(t, st, c.ID), crimeaBefore) {
				t.Error("replacing one document changed another")
			}
			if got := results(t, st, `entity("Kerry").out(rel("meet")).all()`, 0); got != nil {
				t.Errorf("stale edge: %q", got)
			}
			if got := results(t, st, `entity("Kerry").out(rel("visit")).out(name).all()`, 0); !slices.Equal(got, []string{"Paris"}) {
				t.Errorf("new edge: %q", got)
			}

			// putting the same document again changes nothing
			before := quadSetOf(t, st)
			put(t, st, k2)
			if !mapsEqual(quadSetOf(t, st), before) {
				t.Error("putting a document again changed the store")
			}

			// the last of two documents with one id wins
			put(t, st, k, k2)
			if !mapsEqual(labelled(t, st, k.ID), asSet(st.Schema().Quads(k2))) {
				t.Error("the last document with an id did not win")
			}

			if err := st.Delete(context.Background(), k.ID, "no-such-doc"); err != nil {
				t.Fatal(err)
			}
			if _, err := st.Names(context.Background()); err != nil {
				t.Fatal(err)
			}
			if n := len(labelled(t, st, k.ID)); n != 0 {
				t.Errorf("%d quads left after Delete", n)
			}
			if !mapsEqual(withoutNames(st, quadSetOf(t, st)), crimeaBefore) {
				t.Error("Delete touched another document")
			}
		})
	}
}

// withoutNames drops the derived quads (labels <B names> and <B support>)
// from m.
func withoutNames(st *Store, m map[quad.Quad]bool) map[quad.Quad]bool {
	out := map[quad.Quad]bool{}
	for q := range m {
		if q.Label != st.Schema().Pred(NamesLabel) && q.Label != st.Schema().Pred(SupportLabel) {
			out[q] = true
		}
	}
	return out
}

func mapsEqual(a, b map[quad.Quad]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for q := range a {
		if !b[q] {
			return false
		}
	}
	return true
}

func TestQuadsModel(t *testing.T) {
	s := Schema{}
	d := crimeaDoc()
	qs := s.Quads(d)
	set := asSet(qs)
	if len(set) != len(qs) {
		t.Error("duplicate quads")
	}
	D := s.Doc(d.ID)
	rdfType := quad.IRI(RDF + "type")
	has := func(sub quad.Value, p quad.IRI, o quad.Value) bool {
		return set[quad.Quad{Subject: sub, Predicate: p, Object: o, Label: D}]
	}
	russia, crimea, ukraine := s.Entity("russia"), s.Entity("crimea"), s.Entity("ukraine")
	checks := []struct {
		what string
		ok   bool
	}{
		{"document type", has(D, rdfType, s.Class(ClassDocument))},
		{"id", has(D, s.Pred(PredID), quad.String("crimea vote"))},
		{"no empty date", !slices.ContainsFunc(qs, func(q quad.Quad) bool { return q.Predicate == s.Pred(PredDate) })},
		{"mentions", has(D, s.Pred(PredMentions), ukraine)},
		{"alias includes name", has(ukraine, s.Pred(PredAlias), quad.String("Ukraine"))},
		{"alias", has(russia, s.Pred(PredAlias), quad.String("Moscow"))},
		{"place", has(crimea, rdfType, s.Class(ClassPlace))},
		{"edge", has(russia, s.Rel("annex"), crimea)},
		{"no negated edge", !has(russia, s.Rel("invade"), ukraine)},
		{"term", has(s.Term("troops"), rdfType, s.Class(ClassTerm))},
		{"term edge", has(russia, s.Rel("send to"), s.Term("troops"))},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: missing or wrong", c.what)
		}
	}
	for i := range d.Facts {
		S, _ := s.Statement(d.ID, &d.Facts[i])
		pol := "+"
		if d.Facts[i].Negated {
			pol = "-"
		}
		if !has(S, rdfType, quad.IRI(RDF+"Statement")) || !has(S, s.Pred(PredPolarity), quad.String(pol)) ||
			!has(S, s.Pred(PredEvidence), quad.String(d.Sentences[d.Facts[i].Sent])) ||
			!has(S, quad.IRI(RDF+"predicate"), s.Rel(d.Facts[i].Relation)) {
			t.Errorf("statement of fact %d incomplete", i)
		}
	}
	for _, q := range qs {
		if q.Label != D {
			t.Errorf("quad %v not labelled with the document", q)
		}
	}
	// bad facts are left out; out-of-range sentences give no evidence
	d.Facts = append(d.Facts, nlp.Fact{Sent: 9, Subject: nlp.Arg{Text: "  "}, Relation: "x", Object: nlp.Arg{Text: "y"}},
		nlp.Fact{Sent: 9, Subject: nlp.Arg{Text: "a"}, Relation: "", Object: nlp.Arg{Text: "y"}},
		nlp.Fact{Sent: 9, Subject: nlp.Arg{Text: "a"}, Relation: "be", Object: nlp.Arg{Text: "b"}, Confidence: 7})
	more := s.Quads(d)
	if n := len(more) - len(qs); n != 2*2+1+9 {
		t.Errorf("three more facts gave %d quads, want 14", n)
	}
	if !slices.Contains(more, quad.Quad{Subject: mustStmt(s, d.ID, &d.Facts[len(d.Facts)-1]),
		Predicate: s.Pred(PredConfidence), Object: quad.TypedString{Value: "1", Type: XSD + "double"}, Label: D}) {
		t.Error("confidence not clamped to 1")
	}
}

func mustStmt(s Schema, id string, f *nlp.Fact) quad.IRI {
	S, _ := s.Statement(id, f)
	return S
}

func TestPutOrderIndependent(t *testing.T) {
	a := open(t, Memory, Options{})
	b := open(t, filepath.Join(t.TempDir(), "b.db"), Options{})
	put(t, a, kerryDoc(), crimeaDoc())
	put(t, b, crimeaDoc())
	k := kerryDoc()
	k.Facts = nil
	put(t, b, k)
	put(t, b, kerryDoc())
	if !mapsEqual(quadSetOf(t, a), quadSetOf(t, b)) {
		t.Error("stores loaded differently hold different quads")
	}
}

func TestPutErrors(t *testing.T) {
	st := open(t, Memory, Options{})
	if _, err := st.Put(context.Background(), kerryDoc(), &nlp.Doc{}); err == nil {
		t.Error("empty id accepted")
	}
	if n := len(quadSetOf(t, st)); n != 0 {
		t.Errorf("a failed Put wrote %d quads", n)
	}
	if n := put(t, st, nil); n != 0 {
		t.Errorf("nil doc: %d", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := st.Put(ctx, kerryDoc()); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Put: %v", err)
	}
	st.Close()
	if _, err := st.Put(context.Background(), kerryDoc()); !errors.Is(err, ErrClosed) {
		t.Errorf("Put after Close: %v", err)
	}
	if err := st.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestBoltReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news.db")
	st := open(t, path, Options{})
	put(t, st, kerryDoc(), crimeaDoc())
	want := quadSetOf(t, st)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	// two read-only opens share the file
	r1 := open(t, path, Options{ReadOnly: true})
	r2 := open(t, path, Options{ReadOnly: true})
	if !mapsEqual(quadSetOf(t, r1), want) {
		t.Error("reopened store holds other quads")
	}
	if got := results(t, r2, `entity("Russia").out(rel("annex")).out(ng("name")).all()`, 0); !slices.Equal(got, []string{"Crimea"}) {
		t.Errorf("query after reopen: %q", got)
	}
	if _, err := r1.Put(context.Background(), kerryDoc()); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Put on a read-only store: %v", err)
	}
	if err := r1.Delete(context.Background(), "x"); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Delete on a read-only store: %v", err)
	}
}

// TestBoltLocked: one writer at a time (a second fails at once, naming
// the holder); readers share the file with an idle writer; an operation
// waits LockTimeout for a file another process is using, then fails.
func TestBoltLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news.db")
	w := open(t, path, Options{})
	put(t, w, crimeaDoc())

	start := time.Now()
	_, err := Open(context.Background(), path, Options{LockTimeout: time.Second})
	var le *LockedError
	if !errors.As(err, &le) || le.Holder.PID != os.Getpid() {
		t.Errorf("second writer: %v, want a *LockedError naming this process", err)
	}
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Errorf("second writer failed after %v, want at once", d)
	}

	r := open(t, path, Options{ReadOnly: true, LockTimeout: 200 * time.Millisecond})
	if got := results(t, r, `entity("Russia").out(rel("annex")).out(ng("name")).all()`, 0); !slices.Equal(got, []string{"Crimea"}) {
		t.Errorf("reader beside an idle writer: %q", got)
	}

	// Another process inside a write transaction: readers wait, then fail.
	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	err = r.Query(context.Background(), `g.V().all()`, 0, func(any) error { return nil })
	if !errors.Is(err, ErrInUse) || err.Error() != "store "+path+" is in use by another process" {
		t.Errorf("reader during a write: %v", err)
	}
	if d := time.Since(start); d < 150*time.Millisecond || d > 3*time.Second {
		t.Errorf("reader failed after %v, want about the timeout", d)
	}
	db.Close()

	// Another process reading: the writer waits, then fails.
	db, err = bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	w2 := w
	w2.wait = 200 * time.Millisecond
	if _, err := w2.Put(context.Background(), kerryDoc()); !errors.Is(err, ErrInUse) {
		t.Errorf("writer during a read: %v, want ErrInUse", err)
	}
	db.Close()
	if _, err := w2.Put(context.Background(), kerryDoc()); err != nil {
		t.Errorf("writer after the read: %v", err)
	}
}

func TestOpenNotStore(t *testing.T) {
	dir := t.TempDir()
	plainBolt := filepath.Join(dir, "plain.bolt")
	db, err := bolt.Open(plainBolt, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("other")); return err }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	big := make([]byte, 64<<10)
	for i := range big {
		big[i] = byte(i * 7)
	}
	files := map[string][]byte{
		"text.txt":  []byte("hello, this is not a database\n"),
		"empty":     nil,
		"big.bin":   big,
		"news.json": []byte(`{"id": 1}`),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := os.ReadFile(plainBolt)
	files["plain.bolt"] = b
	if err := os.Mkdir(filepath.Join(dir, "folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range files {
		for _, ro := range []bool{false, true} {
			path := filepath.Join(dir, name)
			st, err := Open(context.Background(), path, Options{ReadOnly: ro})
			if err == nil {
				st.Close()
				t.Errorf("%s: opened", name)
				continue
			}
			if !errors.Is(err, ErrNotStore) || !strings.Contains(err.Error(), path) {
				t.Errorf("%s: error %q, want ErrNotStore naming the path", name, err)
			}
			if after, _ := os.ReadFile(path); string(after) != string(content) {
				t.Errorf("%s: file changed", name)
			}
		}
	}
	if _, err := Open(context.Background(), filepath.Join(dir, "folder"), Options{}); !errors.Is(err, ErrNotStore) {
		t.Errorf("folder: %v", err)
	}
	missing := filepath.Join(dir, "missing.db")
	if _, err := Open(context.Background(), missing, Options{ReadOnly: true}); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("read-only open of a missing store: %v", err)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("read-only open created the store")
	}
	if _, err := Open(context.Background(), filepath.Join(dir, "no", "such", "dir.db"), Options{}); err == nil {
		t.Error("store in a missing folder opened")
	}
}

// TestCayleyFolder opens a store laid out by cayley's bolt backend (a folder
// holding indexes.bolt).
func TestCayleyFolder(t *testing.T) {
	dir := t.TempDir()
	st := open(t, filepath.Join(dir, boltFile), Options{})
	put(t, st, crimeaDoc())
	st.Close()
	st2 := open(t, dir, Options{ReadOnly: true})
	if got := results(t, st2, `entity("Russia").out(rel("annex")).out(name).all()`, 0); !slices.Equal(got, []string{"Crimea"}) {
		t.Errorf("got %q", got)
	}
}

// synthDocs makes n documents of about 25 entities and 40 facts each.
func synthDocs(n int) []*nlp.Doc {
	docs := make([]*nlp.Doc, n)
	for i := range docs {
		d := &nlp.Doc{ID: fmt.Sprintf("doc-%05d", i), Title: fmt.Sprintf("Title %d", i)}
		for s := range 40 {
			d.Sentences = append(d.Sentences, fmt.Sprintf("Sentence %d of document %d says something.", s, i))
		}
		for e := range 25 {
			key := fmt.Sprintf("entity-%d", (i*7+e*13)%500)
			d.Entities = append(d.Entities, nlp.Entity{Key: key, Name: "Entity " + key, Type: nlp.Person,
				Aliases: []string{"Entity " + key, key}})
		}
		for f := range 40 {
			obj := nlp.Arg{Text: fmt.Sprintf("thing %d", f%9)}
			if f%2 == 0 {
				obj = nlp.Arg{Text: "x", Entity: d.Entities[(f+3)%25].Key}
			}
			d.Facts = append(d.Facts, nlp.Fact{Sent: f, Subject: nlp.Arg{Text: "s", Entity: d.Entities[f%25].Key},
				Relation: fmt.Sprintf("rel %d", f%11), RelText: "did", Object: obj, Negated: f%10 == 0, Confidence: 0.5})
		}
		docs[i] = d
	}
	return docs
}

// BenchmarkPutBolt loads batches of 20 new documents into a bolt store.
func BenchmarkPutBolt(b *testing.B) {
	st := open(b, filepath.Join(b.TempDir(), "bench.db"), Options{})
	docs := synthDocs(200)
	quads := 0
	b.ResetTimer()
	for i := range b.N {
		batch := make([]*nlp.Doc, 20)
		for j := range batch {
			d := *docs[(i*20+j)%len(docs)]
			d.ID = fmt.Sprintf("doc-%07d", i*20+j)
			batch[j] = &d
		}
		n, err := st.Put(context.Background(), batch...)
		if err != nil {
			b.Fatal(err)
		}
		quads += n
	}
	b.ReportMetric(float64(quads)/b.Elapsed().Seconds(), "quads/s")
}

// BenchmarkReplaceBolt replaces batches of 20 documents of a bolt store of
// 200 with a version whose facts differ.
func BenchmarkReplaceBolt(b *testing.B) {
	st := open(b, filepath.Join(b.TempDir(), "bench.db"), Options{})
	docs := synthDocs(200)
	put(b, st, docs...)
	quads := 0
	b.ResetTimer()
	for i := range b.N {
		batch := make([]*nlp.Doc, 20)
		for j := range batch {
			d := *docs[(i*20+j)%len(docs)]
			d.Facts = slices.Clone(d.Facts)
			for k := range d.Facts {
				d.Facts[k].Confidence = float64(i%5) / 5
			}
			batch[j] = &d
		}
		n, err := st.Put(context.Background(), batch...)
		if err != nil {
			b.Fatal(err)
		}
		quads += n
	}
	b.ReportMetric(float64(quads)/b.Elapsed().Seconds(), "quads/s")
}
