package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"newsgraph/graph"
	"newsgraph/out"
)

var sentences = []string{
	"Russia annexed Crimea after a disputed referendum.",
	"Kerry met Lavrov in Paris on Sunday.",
	"The minister told reporters that talks would continue.",
	"Putin and Obama instructed their diplomats to find a solution.",
	"Tata Steel acquired a Dutch rival for 1.2 billion euros.",
	"Merkel urged Russia to accept international monitors.",
}

// writeCorpus writes n small articles into a new folder and returns it.
func writeCorpus(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	for i := range n {
		text := ""
		for j := range 4 {
			text += sentences[(i+j)%len(sentences)] + " "
		}
		text += fmt.Sprintf("Article %d ends here with a sentence of its own.\n", i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("doc-%04d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// labelCounts counts the quads of each document label in a store.
func labelCounts(t *testing.T, st *graph.Store) map[string]int {
	t.Helper()
	m := map[string]int{}
	err := st.Quads(context.Background(), func(q quad.Quad) error {
		if !st.Schema().IsDocLabel(q.Label) {
			return nil
		}
		m[quad.StringOf(q.Label)]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func open(t *testing.T, spec string) *graph.Store {
	t.Helper()
	st, err := graph.Open(context.Background(), spec, graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestRunCounts(t *testing.T) {
	dir := writeCorpus(t, 30)
	for _, workers := range []int{1, 3} {
		t.Run(fmt.Sprint("workers=", workers), func(t *testing.T) {
			st := open(t, "memory")
			defer st.Close()
			sum, err := Run(context.Background(), []string{dir}, nil, Config{Store: st, Workers: workers, Batch: 7})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Documents != 30 || len(sum.Failed) != 0 {
				t.Errorf("documents %d failed %v, want 30 and none", sum.Documents, sum.Failed)
			}
			if sum.Sentences < 30*5 || sum.Facts == 0 || sum.Quads == 0 || sum.Entities == 0 {
				t.Errorf("implausible summary: %+v", sum)
			}
			if got := len(labelCounts(t, st)); got != 30 {
				t.Errorf("%d document labels in the store, want 30", got)
			}
		})
	}
}

// TestCancel cancels a run part way and checks that the store reopens and
// holds only whole documents: each document present has exactly the quads a
// complete run gives it.
func TestCancel(t *testing.T) {
	dir := writeCorpus(t, 200)
	ref := open(t, "memory")
	if _, err := Run(context.Background(), []string{dir}, nil, Config{Store: ref, Workers: 2}); err != nil {
		t.Fatal(err)
	}
	want := labelCounts(t, ref)
	ref.Close()

	path := filepath.Join(t.TempDir(), "g.db")
	st := open(t, path)
	ctx, cancel := context.WithCancel(context.Background())
	cfg := Config{Store: st, Workers: 2, Batch: 8, Progress: func(s Summary) {
		if s.Documents == 50 {
			cancel()
		}
	}}
	sum, err := Run(ctx, []string{dir}, nil, cfg)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Run after cancel: %v, want context.Canceled", err)
	}
	if sum.Documents >= 200 {
		t.Errorf("cancelled run read all %d documents", sum.Documents)
	}
	if err := st.Close(); err != nil {
		t.Fatalf("closing after cancel: %v", err)
	}

	st = open(t, path)
	defer st.Close()
	got := labelCounts(t, st)
	if len(got) == 0 || len(got) >= 200 {
		t.Errorf("%d documents after cancel, want some but not all", len(got))
	}
	for label, n := range got {
		if want[label] != n {
			t.Errorf("document %s: %d quads after cancel, %d in a complete run", label, n, want[label])
		}
	}
}

func TestMissingPath(t *testing.T) {
	st := open(t, "memory")
	defer st.Close()
	_, err := Run(context.Background(), []string{filepath.Join(t.TempDir(), "nope")}, nil, Config{Store: st})
	if err == nil {
		t.Fatal("Run on a missing path: no error")
	}
}

// export returns the store's N-Quads export.
func export(t *testing.T, st *graph.Store) string {
	t.Helper()
	var b strings.Builder
	if _, err := out.NQuads(context.Background(), &b, st); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func run(t *testing.T, st *graph.Store, cfg Config, paths ...string) Summary {
	t.Helper()
	cfg.Store = st
	sum, err := Run(context.Background(), paths, nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// TestIncremental: an unchanged document is skipped, a changed one is
// replaced completely, a vanished one is pruned only with Prune.
func TestIncremental(t *testing.T) {
	dir := writeCorpus(t, 12)
	st := open(t, filepath.Join(t.TempDir(), "g.db"))
	defer st.Close()
	first := run(t, st, Config{Workers: 2}, dir)
	if first.Skipped != 0 || first.Documents != 12 {
		t.Fatalf("first run: %+v", first)
	}
	before := export(t, st)

	again := run(t, st, Config{Workers: 2}, dir)
	if again.Skipped != 12 || again.Quads != 0 || again.Facts != 0 {
		t.Errorf("unchanged rerun: skipped %d, quads %d, facts %d; want all skipped, nothing written", again.Skipped, again.Quads, again.Facts)
	}
	if export(t, st) != before {
		t.Errorf("an unchanged rerun changed the graph")
	}

	// Change one document completely: its old facts must go.
	changed := filepath.Join(dir, "doc-0003.txt")
	if err := os.WriteFile(changed, []byte("Norway delivered gas to Poland on Friday."), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := run(t, st, Config{Workers: 2}, dir)
	if sum.Skipped != 11 || sum.Documents != 12 {
		t.Errorf("after one change: skipped %d of %d, want 11 of 12", sum.Skipped, sum.Documents)
	}
	fresh := open(t, "memory")
	defer fresh.Close()
	run(t, fresh, Config{Workers: 1}, dir)
	if got, want := export(t, st), export(t, fresh); got != want {
		t.Errorf("after a change, the graph differs from a fresh run's:\n%s", diffLines(got, want))
	}

	// Remove a document: kept without Prune, deleted with it.
	if err := os.Remove(filepath.Join(dir, "doc-0005.txt")); err != nil {
		t.Fatal(err)
	}
	if sum := run(t, st, Config{}, dir); sum.Pruned != 0 {
		t.Errorf("pruned %d without Prune", sum.Pruned)
	}
	sum = run(t, st, Config{Prune: true}, dir)
	if sum.Pruned != 1 {
		t.Errorf("pruned %d, want 1", sum.Pruned)
	}
	fresh2 := open(t, "memory")
	defer fresh2.Close()
	run(t, fresh2, Config{}, dir)
	if got, want := export(t, st), export(t, fresh2); got != want {
		t.Errorf("after prune, the graph differs from a fresh run's:\n%s", diffLines(got, want))
	}

	runs, err := st.Runs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 5 {
		t.Fatalf("%d run records, want 5", len(runs))
	}
	if r := runs[1]; r.Counts["skipped"] != 12 || r.Status != "ok" || r.Version != Version || r.Ended.Before(r.Started) {
		t.Errorf("second run record: %+v", r)
	}
	if runs[4].Counts["pruned"] != 1 {
		t.Errorf("last run record: %+v", runs[4])
	}
}

// TestIdempotentParts: a corpus loaded in two parts, in either order, or
// twice, gives the same graph as one run.
func TestIdempotentParts(t *testing.T) {
	all := writeCorpus(t, 16)
	a, b := t.TempDir(), t.TempDir()
	entries, _ := os.ReadDir(all)
	for i, e := range entries {
		dst := a
		if i%2 == 1 {
			dst = b
		}
		data, _ := os.ReadFile(filepath.Join(all, e.Name()))
		os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644)
	}
	graphOf := func(parts ...[]string) string {
		st := open(t, "memory")
		defer st.Close()
		for _, p := range parts {
			run(t, st, Config{Workers: 2}, p...)
		}
		return export(t, st)
	}
	want := graphOf([]string{all})
	for name, got := range map[string]string{
		"a then b": graphOf([]string{a}, []string{b}),
		"b then a": graphOf([]string{b}, []string{a}),
		"twice":    graphOf([]string{all}, []string{all}),
		"a+b":      graphOf([]string{a, b}),
	} {
		if got != want {
			t.Errorf("%s: graph differs from one run:\n%s", name, diffLines(got, want))
		}
	}
}

// TestDuplicateIDs: a second document with an id already read in the run
// fails, naming both sources; the first is loaded.
func TestDuplicateIDs(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(a, "x.txt"), []byte("Russia annexed Crimea in March."), 0o644)
	os.WriteFile(filepath.Join(b, "x.txt"), []byte("Kerry met Lavrov in Paris."), 0o644)
	st := open(t, "memory")
	defer st.Close()
	sum := run(t, st, Config{}, a, b)
	if len(sum.Failed) != 1 || !strings.Contains(sum.Failed[0].Error, "duplicate document id") {
		t.Errorf("failed = %+v, want one duplicate", sum.Failed)
	}
}

// diffLines shows the lines only one of two exports has.
func diffLines(got, want string) string {
	g, w := map[string]bool{}, map[string]bool{}
	for _, l := range strings.Split(got, "\n") {
		g[l] = true
	}
	for _, l := range strings.Split(want, "\n") {
		w[l] = true
	}
	var b strings.Builder
	n := 0
	for l := range g {
		if !w[l] && n < 10 {
			fmt.Fprintf(&b, "+ %s\n", l)
			n++
		}
	}
	for l := range w {
		if !g[l] && n < 20 {
			fmt.Fprintf(&b, "- %s\n", l)
			n++
		}
	}
	return b.String()
}
