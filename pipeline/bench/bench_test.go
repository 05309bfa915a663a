package bench

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"newsgraph/corpus"
	"newsgraph/graph"
	"newsgraph/nlp"
)

func TestPercentileMedian(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		out := make([]time.Duration, len(ns))
		for i, n := range ns {
			out[i] = time.Duration(n) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	tests := []struct {
		name        string
		ds          []time.Duration
		median, p99 time.Duration
	}{
		{"empty", nil, 0, 0},
		{"one", ms(7), 7 * time.Millisecond, 7 * time.Millisecond},
		{"even", ms(1, 2, 3, 10), 2500 * time.Microsecond, 10 * time.Millisecond},
		{"hundred", ms(hundred...), 50500 * time.Microsecond, 99 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := median(tt.ds); got != tt.median {
				t.Errorf("median = %v, want %v", got, tt.median)
			}
			if got := percentile(tt.ds, 99); got != tt.p99 {
				t.Errorf("p99 = %v, want %v", got, tt.p99)
			}
		})
	}
}

func TestSpread(t *testing.T) {
	xs := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	tests := []struct {
		n    int
		want []int
	}{{1, []int{0}}, {2, []int{0, 5}}, {5, []int{0, 2, 4, 6, 8}}, {10, xs}}
	for _, tt := range tests {
		if got := spread(xs, tt.n); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("spread(%d) = %v, want %v", tt.n, got, tt.want)
		}
	}
}

func TestQueryArgs(t *testing.T) {
	have := map[string]string{"name": "Tony Blair"}
	tests := []struct {
		name, src string
		want      map[string]string
		why       string
	}{
		{"required name", `if (!args.name) throw new Error("x"); g.V(args.name)`, have, ""},
		{"optional name", `var n = args.name; var r = args.role;`, have, ""},
		{"no args", `g.V().all()`, map[string]string{}, ""},
		{"required other", `if (!args.a || !args.b) throw new Error("x");`, nil, "needs --arg a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, why := queryArgs(tt.src, have)
			if why != tt.why || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("queryArgs = %v, %q; want %v, %q", got, why, tt.want, tt.why)
			}
		})
	}
}

// TestWriteCopies reads back the copies as the pipeline would: every
// document k times, ids made unique, texts unchanged.
func TestWriteCopies(t *testing.T) {
	docs := []corpus.Doc{
		{ID: "a", Title: "Title A", Text: "Text of A.\n\nSecond paragraph."},
		{ID: "b", Text: "Text of B with \"quotes\" and ünïcode."},
	}
	file := filepath.Join(t.TempDir(), "c.jsonl")
	if err := writeCopies(file, docs, 3); err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	err := corpus.Read(context.Background(), []string{file}, nil, corpus.Options{}, func(d corpus.Doc) error {
		if d.Err != nil {
			t.Errorf("%s: %v", d.Source, d.Err)
		}
		seen[d.ID] = d.Text
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 6 {
		t.Fatalf("read %d distinct ids, want 6: %v", len(seen), seen)
	}
	for _, id := range []string{"a-c1", "a-c3", "b-c2"} {
		if want := docs[id[0]-'a'].Text; seen[id] != want {
			t.Errorf("%s: text %q, want %q", id, seen[id], want)
		}
	}
}

// TestCeilingInProcess loads a small N-Quads file with Cayley's loader.
func TestCeilingInProcess(t *testing.T) {
	dir := t.TempDir()
	nq := filepath.Join(dir, "g.nq")
	data := "<a> <p> <b> <l> .\n<b> <p> \"x\" <l> .\n<a> <q> <c> .\n"
	if err := os.WriteFile(nq, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := ceiling(context.Background(), "", dir, nq)
	if err != nil {
		t.Fatal(err)
	}
	if l.Quads != 3 || l.Wall <= 0 {
		t.Errorf("loaded %d quads in %v s, want 3 in > 0 s", l.Quads, l.Wall)
	}
}

// TestProseRef runs the reference on two texts with 1 and 2 workers: the
// counts do not depend on the workers.
func TestProseRef(t *testing.T) {
	if testing.Short() {
		t.Skip("loads prose's models")
	}
	texts := []string{"John Smith met Mary Jones in Paris on Monday. They talked.", "Apple Inc. sells phones in London."}
	one, err := proseRef(context.Background(), texts, 1, true)
	if err != nil {
		t.Fatal(err)
	}
	two, err := proseRef(context.Background(), texts, 2, true)
	if err != nil {
		t.Fatal(err)
	}
	if one.Tokens < 15 || one.Sentences < 3 || one.Docs != 2 {
		t.Errorf("1 worker: %+v", one)
	}
	if one.Tokens != two.Tokens || one.Sentences != two.Sentences || one.Names != two.Names {
		t.Errorf("1 worker %+v, 2 workers %+v: counts differ", one, two)
	}
}

func TestWithDocs(t *testing.T) {
	ctx := context.Background()
	st, err := graph.Open(ctx, "memory", graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	blair := nlp.Entity{Key: "tony-blair", Name: "Tony Blair", Type: nlp.Person, Aliases: []string{"Tony Blair", "Blair"}}
	other := nlp.Entity{Key: "gordon-brown", Name: "Gordon Brown", Type: nlp.Person, Aliases: []string{"Gordon Brown"}}
	for _, d := range []*nlp.Doc{
		{ID: "zeta", Title: "z", Entities: []nlp.Entity{blair}},
		{ID: "alpha", Title: "a", Entities: []nlp.Entity{blair, other}},
		{ID: "beta", Title: "b", Entities: []nlp.Entity{other}},
		{ID: "gamma", Title: "g", Entities: []nlp.Entity{blair}},
	} {
		if _, err := st.Put(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		name string
		args map[string]string
		a, b string
	}{
		{"first two mentioning the name", map[string]string{"name": "Tony Blair"}, "alpha", "gamma"},
		{"by alias", map[string]string{"name": "Blair"}, "alpha", "gamma"},
		{"given ids kept", map[string]string{"name": "Tony Blair", "a": "x", "b": "y"}, "x", "y"},
		{"no document mentions it", map[string]string{"name": "Nobody"}, "", ""},
		{"no name", nil, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := len(tt.args)
			got, err := withDocs(ctx, st, tt.args)
			if err != nil {
				t.Fatal(err)
			}
			if got["a"] != tt.a || got["b"] != tt.b {
				t.Errorf("withDocs(%v) gives a=%q b=%q, want %q %q", tt.args, got["a"], got["b"], tt.a, tt.b)
			}
			if len(tt.args) != before {
				t.Errorf("withDocs changed the map it was given: %v", tt.args)
			}
		})
	}
}
