package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"newsgraph/graph"
	"newsgraph/pipeline"
)

// pgTestDB returns the URL of a new empty database on the PostgreSQL
// server of NEWSGRAPH_TEST_PG (dropped after the test), or skips.
func pgTestDB(t *testing.T) string {
	t.Helper()
	admin := os.Getenv("NEWSGRAPH_TEST_PG")
	if admin == "" {
		t.Skip("NEWSGRAPH_TEST_PG is not set: no PostgreSQL server to test on (.ci/pg-start starts one)")
	}
	db, err := sql.Open("postgres", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	name := fmt.Sprintf("ngmain_%d", time.Now().UnixNano())
	if _, err := db.Exec(`CREATE DATABASE ` + name); err != nil {
		t.Fatalf("creating a test database: %v", err)
	}
	t.Cleanup(func() {
		if db, err := sql.Open("postgres", admin); err == nil {
			db.Exec(`DROP DATABASE ` + name + ` WITH (FORCE)`)
			db.Close()
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// exportLines exports a store as N-Quads, lines sorted.
func exportLines(t *testing.T, store string) []string {
	t.Helper()
	out := mustRun(t, 0, "export", "--store", store)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	slices.Sort(lines)
	return lines
}

// sameExport reports the first difference of two sorted exports, or "".
func sameExport(a, b []string) string {
	if slices.Equal(a, b) {
		return ""
	}
	for i := 0; i < min(len(a), len(b)); i++ {
		if a[i] != b[i] {
			return fmt.Sprintf("%d vs %d lines; first difference:\n  %s\n  %s", len(a), len(b), a[i], b[i])
		}
	}
	return fmt.Sprintf("%d vs %d lines", len(a), len(b))
}

// summaryOf runs the binary and returns its exit status, summary and stderr.
func summaryOf(t *testing.T, bin string, args ...string) (int, pipeline.Summary, string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "sum.json")
	cmd := exec.Command(bin, append([]string{"run", "--progress", "never", "--summary-json", file}, args...)...)
	out, err := cmd.CombinedOutput()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	var sum pipeline.Summary
	if b, err := os.ReadFile(file); err == nil {
		if err := json.Unmarshal(b, &sum); err != nil {
			t.Fatal(err)
		}
	}
	return code, sum, string(out)
}

// TestPostgresPath runs the whole path on PostgreSQL: init, a run of the
// sample, the Gizmo queries of graph's documentation and of queries/, and
// an export identical to the bolt store's.
func TestPostgresPath(t *testing.T) {
	pg := pgTestDB(t)
	bolt := filepath.Join(t.TempDir(), "b.db")
	code, _, stderr := ng(t, "", "query", "--store", pg, "g.V().all()")
	if code != exitLocked || !strings.Contains(stderr, "init") {
		t.Errorf("query before init: exit %d, %s", code, stderr)
	}
	_, _, stderr = ng(t, "", "init", "--store", pg)
	if !strings.Contains(stderr, "created") {
		t.Errorf("init: %s", stderr)
	}
	_, _, stderr = ng(t, "", "init", "--store", pg)
	if !strings.Contains(stderr, "exists") {
		t.Errorf("second init: %s", stderr)
	}
	for _, st := range []string{pg, bolt} {
		mustRun(t, 0, "run", "--quiet", "--progress", "never", "--store", st, "sample")
	}
	if d := sameExport(exportLines(t, pg), exportLines(t, bolt)); d != "" {
		t.Errorf("PostgreSQL and bolt exports differ: %s", d)
	}
	queries := []string{
		`entity("Kerry").both(rel("meet with")).out(ng("name")).all()`,
		`entity("Russia").out(rel("annex")).out(ng("name")).all()`,
		`entity("Russia").in(g.IRI("rdf:subject")).has(ng("relation"), "annex").out(ng("doc")).out(ng("id")).all()`,
		`facts("Russia", "annex", "Crimea").has(ng("polarity"), "+").tag("fact").out(ng("evidence")).tag("evidence").back("fact").out(ng("doc")).out(ng("id")).all()`,
		`g.V().has(ng("polarity"), "-").out(ng("evidence")).all()`,
		`g.emit(g.V().has(rdf("type"), ng("Document")).count())`,
	}
	for _, q := range queries {
		got, want := queryValues(t, pg, q), queryValues(t, bolt, q)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: %q on PostgreSQL, %q on bolt", q, got, want)
		}
	}
	if got := queryValues(t, pg, queries[1]); !contains(got, "Crimea") {
		t.Errorf("Russia annexed %q on PostgreSQL", got)
	}
	files, _ := filepath.Glob("queries/*.js")
	for _, f := range files {
		args := []string{"query", "-f", f, "--limit", "0", "--arg", "name=Russia", "--arg", "a=Russia", "--arg", "b=Ukraine"}
		c1, o1, e1 := ng(t, "", append(args, "--store", pg)...)
		c2, o2, e2 := ng(t, "", append(args, "--store", bolt)...)
		// Rows equal as a multiset: a script's order of ties may follow the
		// store's iteration order.
		l1, l2 := strings.Split(o1, "\n"), strings.Split(o2, "\n")
		slices.Sort(l1)
		slices.Sort(l2)
		if c1 != c2 || !slices.Equal(l1, l2) {
			t.Errorf("%s: exit %d on PostgreSQL, %d on bolt; rows differ: %s\n%s%s", f, c1, c2, sameExport(l1, l2), e1, e2)
		}
	}
	if out := mustRun(t, 0, "runs", "--store", pg); !strings.Contains(out, "ok") {
		t.Errorf("runs: %s", out)
	}
	// An unchanged rerun skips every document.
	code, sum, out := summaryOf(t, buildBinary(t), "--store", pg, "sample")
	if code != 0 || sum.Documents == 0 || sum.Skipped != sum.Documents {
		t.Errorf("rerun: exit %d, %+v\n%s", code, sum, out)
	}
}

// TestPostgresShards runs a corpus as 4 shards at once (4 processes) into
// one database, and checks the export against a 1-process run on
// PostgreSQL and on bolt; then the per-shard lock and per-shard prune.
func TestPostgresShards(t *testing.T) {
	pgOne, pgFour := pgTestDB(t), pgTestDB(t)
	bin := buildBinary(t)
	corpus := crashCorpus(t, 24)
	bolt := filepath.Join(t.TempDir(), "b.db")
	for _, st := range []string{pgOne, pgFour} {
		mustRun(t, 0, "init", "--store", st)
	}
	for _, st := range []string{pgOne, bolt} {
		if code, _, out := summaryOf(t, bin, "--store", st, corpus); code != 0 {
			t.Fatalf("1-process run into %s: exit %d\n%s", st, code, out)
		}
	}
	var (
		wg   sync.WaitGroup
		sums [4]pipeline.Summary
		errs [4]string
	)
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, sum, out := summaryOf(t, bin, "--workers", "1", "--shard", fmt.Sprintf("%d/4", i), "--store", pgFour, corpus)
			if code != 0 {
				errs[i] = fmt.Sprintf("shard %d/4: exit %d\n%s", i, code, out)
			}
			sums[i] = sum
		}()
	}
	wg.Wait()
	for _, e := range errs {
		if e != "" {
			t.Fatal(e)
		}
	}
	docs := 0
	for i, s := range sums {
		docs += s.Documents
		if s.Shard != fmt.Sprintf("%d/4", i) || s.Documents+s.OtherShards != 24 || !strings.HasSuffix(s.RunID, fmt.Sprintf("-shard-%d-of-4", i)) {
			t.Errorf("shard %d: %+v", i, s)
		}
	}
	if docs != 24 {
		t.Errorf("the shards processed %d documents, want 24", docs)
	}
	one, four, ref := exportLines(t, pgOne), exportLines(t, pgFour), exportLines(t, bolt)
	if d := sameExport(four, one); d != "" {
		t.Errorf("4-shard and 1-process exports differ: %s", d)
	}
	if d := sameExport(one, ref); d != "" {
		t.Errorf("PostgreSQL and bolt exports differ: %s", d)
	}
	if out := mustRun(t, 0, "runs", "--store", pgFour); strings.Count(out, "-shard-") != 4 {
		t.Errorf("runs: want 4 shard runs:\n%s", out)
	}

	// The same shard twice: the second fails at once, naming the first.
	st, err := graph.Open(context.Background(), pgFour, graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.LockWriter(context.Background(), "1/4"); err != nil {
		t.Fatal(err)
	}
	code, _, out := summaryOf(t, bin, "--shard", "1/4", "--store", pgFour, corpus)
	if code != exitLocked || !strings.Contains(out, fmt.Sprintf("pid %d", os.Getpid())) {
		t.Errorf("second writer of shard 1/4: exit %d, want 3 naming pid %d:\n%s", code, os.Getpid(), out)
	}
	if code, _, out := summaryOf(t, bin, "--store", pgFour, corpus); code != exitLocked {
		t.Errorf("whole-store writer while shard 1/4 runs: exit %d, want 3:\n%s", code, out)
	}
	if code, sum, out := summaryOf(t, bin, "--shard", "2/4", "--store", pgFour, corpus); code != 0 || sum.Skipped != sum.Documents {
		t.Errorf("writer of shard 2/4 beside 1/4: exit %d, %+v:\n%s", code, sum, out)
	}
	st.Close()

	// Per-shard prune: each shard prunes only its own documents.
	gone, _ := filepath.Glob(filepath.Join(corpus, "*.txt"))
	for _, f := range gone[:3] {
		os.Remove(f)
	}
	pruned := 0
	for i := range 4 {
		code, sum, out := summaryOf(t, bin, "--prune", "--shard", fmt.Sprintf("%d/4", i), "--store", pgFour, corpus)
		if code != 0 {
			t.Fatalf("prune shard %d: exit %d\n%s", i, code, out)
		}
		pruned += sum.Pruned
	}
	if pruned != 3 {
		t.Errorf("the shards pruned %d documents, want 3", pruned)
	}
	bolt2 := filepath.Join(t.TempDir(), "b2.db")
	if code, _, out := summaryOf(t, bin, "--store", bolt2, corpus); code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	if d := sameExport(exportLines(t, pgFour), exportLines(t, bolt2)); d != "" {
		t.Errorf("after pruning, the export differs from a fresh run's: %s", d)
	}
}
