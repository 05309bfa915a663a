package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"newsgraph/graph"
)

// ng runs the newsgraph command in-process and returns its exit status,
// stdout and stderr.
func ng(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), args, strings.NewReader(stdin), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// mustRun runs newsgraph and fails the test unless it exits with want.
func mustRun(t *testing.T, want int, args ...string) string {
	t.Helper()
	code, stdout, stderr := ng(t, "", args...)
	if code != want {
		t.Fatalf("newsgraph %s: exit %d, want %d\nstderr:\n%s", strings.Join(args, " "), code, want, stderr)
	}
	return stdout
}

// queryValues runs a Gizmo query and returns its results as strings.
func queryValues(t *testing.T, store, q string) []string {
	t.Helper()
	out := mustRun(t, 0, "query", "--store", store, q)
	var vals []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var v any
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatalf("query output line %q is not JSON: %v", line, err)
		}
		if m, ok := v.(map[string]any); ok {
			v = m["id"]
		}
		vals = append(vals, fmt.Sprint(v))
	}
	return vals
}

func contains(vals []string, want string) bool {
	for _, v := range vals {
		if v == want {
			return true
		}
	}
	return false
}

// TestSamplePath runs the whole path on the shipped sample corpus: run,
// query, export in both formats, and parse the N-Quads back.
func TestSamplePath(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "g.db")
	sumPath := filepath.Join(dir, "summary.json")
	nqPath := filepath.Join(dir, "out.nq")
	mustRun(t, 0, "run", "--store", store, "--workers", "2", "--summary-json", sumPath, "--export", nqPath, "sample")

	var sum map[string]any
	b, err := os.ReadFile(sumPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatalf("summary JSON: %v", err)
	}
	for _, k := range []string{"documents", "skipped", "failed", "sentences", "facts", "entities", "quads", "seconds"} {
		if _, ok := sum[k]; !ok {
			t.Errorf("summary JSON lacks key %q: %s", k, b)
		}
	}
	if got := sum["documents"]; got != float64(6) {
		t.Errorf("documents = %v, want 6 (3 files + 3 JSONL lines)", got)
	}
	if f, _ := sum["failed"].([]any); len(f) != 0 {
		t.Errorf("failed = %v, want none", f)
	}

	tests := []struct {
		query, want string
	}{
		{`entity("Russia").out(rel("annex")).out(ng("name")).all()`, "Crimea"},
		{`entity("Kerry").out(rel("meet with")).out(ng("name")).all()`, "Sergei Lavrov"},
		{`entity("Lavrov").in(rel("meet with")).out(ng("name")).all()`, "John Kerry"},
		{`entity("Russia").in(g.IRI("rdf:subject")).has(ng("relation"), "annex").out(ng("doc")).out(ng("id")).all()`, "crimea-vote"},
	}
	for _, tt := range tests {
		if got := queryValues(t, store, tt.query); !contains(got, tt.want) {
			t.Errorf("query %s = %v, want it to contain %q", tt.query, got, tt.want)
		}
	}

	// The N-Quads written by run --export and by export are the same and
	// parse back to as many quads as there are lines.
	nq := mustRun(t, 0, "export", "--store", store, "--format", "nquads")
	fromRun, err := os.ReadFile(nqPath)
	if err != nil {
		t.Fatal(err)
	}
	if nq != string(fromRun) {
		t.Errorf("run --export and export differ")
	}
	r := nquads.NewReader(strings.NewReader(nq), false)
	n := 0
	for {
		q, err := r.ReadQuad()
		if err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("parsing export, quad %d: %v", n+1, err)
			}
			break
		}
		if q.Label == nil {
			t.Errorf("quad without a document label: %v", q)
		}
		if _, ok := q.Subject.(quad.IRI); !ok {
			t.Errorf("subject %v is not an IRI", q.Subject)
		}
		n++
	}
	if lines := strings.Count(nq, "\n"); n != lines || n == 0 {
		t.Errorf("parsed %d quads from %d lines", n, lines)
	}

	tsv := mustRun(t, 0, "export", "--store", store, "--format", "tsv")
	rows := strings.Split(strings.TrimSuffix(tsv, "\n"), "\n")
	if rows[0] != "doc\tsent\tsubject\trelation\tobject\tpolarity\tconfidence\tevidence" {
		t.Errorf("TSV header = %q", rows[0])
	}
	found := false
	for _, row := range rows[1:] {
		f := strings.Split(row, "\t")
		if len(f) != 8 {
			t.Fatalf("TSV row with %d fields: %q", len(f), row)
		}
		if f[2] == "Russia" && f[3] == "annex" && f[4] == "Crimea" && f[5] == "+" {
			found = true
		}
		if strings.Contains(strings.ToLower(f[7]), "newsletter") {
			t.Errorf("boilerplate reached the facts: %q", row)
		}
	}
	if !found {
		t.Errorf("TSV has no row Russia annex Crimea:\n%s", tsv)
	}
}

// TestDeterminism checks that the worker count does not change the graph.
func TestDeterminism(t *testing.T) {
	dir := t.TempDir()
	var exports []string
	for _, w := range []string{"1", "8"} {
		store := filepath.Join(dir, "w"+w+".db")
		mustRun(t, 0, "run", "--store", store, "--workers", w, "sample")
		exports = append(exports, mustRun(t, 0, "export", "--store", store))
	}
	if exports[0] != exports[1] {
		t.Errorf("exports with 1 and 8 workers differ")
	}
}

// TestBadDocuments checks that bad documents are reported by name, with
// exit status 1, while the rest of the batch loads.
func TestBadDocuments(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"good.txt":    "Russia annexed Crimea in March. Kerry met Lavrov in Paris on Sunday.",
		"binary.txt":  "\x00\x01\x02\x03ELF\x00\x00\x00",
		"invalid.txt": "Kerry met \xff\xfe Lavrov in Paris.",
		"empty.txt":   "",
		"feed.jsonl": `{"id":"ok-1","text":"Obama called Putin on Friday."}` + "\n" +
			`{"id":"broken", "text": ` + "\n" +
			`{"id":"ok-2","text":"Merkel urged Russia to accept monitors."}` + "\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(in, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	store := filepath.Join(dir, "g.db")
	sumPath := filepath.Join(dir, "sum.json")
	code, _, stderr := ng(t, "", "run", "--store", store, "--summary-json", sumPath, in)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, stderr)
	}
	for _, name := range []string{"binary", "invalid", "empty", "feed.jsonl:2"} {
		if !strings.Contains(stderr, name) {
			t.Errorf("stderr does not name %q:\n%s", name, stderr)
		}
	}
	var sum struct {
		Documents int
		Failed    []struct{ Doc, Error string }
	}
	b, _ := os.ReadFile(sumPath)
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	if len(sum.Failed) != 4 || sum.Documents != 7 {
		t.Errorf("summary: %d documents, failed %v; want 7 and 4 failures", sum.Documents, sum.Failed)
	}
	ids := queryValues(t, store, `g.V().has(g.IRI("rdf:type"), ng("Document")).out(ng("id")).all()`)
	for _, want := range []string{"good", "ok-1", "ok-2"} {
		if !contains(ids, want) {
			t.Errorf("document %q not loaded; loaded: %v", want, ids)
		}
	}
}

// TestUsage checks exit statuses and streams of usage errors and help.
func TestUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
	}{
		{nil, 2},
		{[]string{"-h"}, 0},
		{[]string{"frobnicate"}, 2},
		{[]string{"run"}, 2},
		{[]string{"run", "-h"}, 0},
		{[]string{"run", "--no-such-flag", "x"}, 2},
		{[]string{"run", "--progress", "sometimes", "x"}, 2},
		{[]string{"query"}, 2},
		{[]string{"export", "--format", "xml"}, 2},
	}
	for _, tt := range tests {
		code, stdout, stderr := ng(t, "", tt.args...)
		if code != tt.code {
			t.Errorf("newsgraph %v: exit %d, want %d", tt.args, code, tt.code)
		}
		if code == 2 && stdout != "" {
			t.Errorf("newsgraph %v: usage error printed to stdout: %q", tt.args, stdout)
		}
		if code == 2 && stderr == "" {
			t.Errorf("newsgraph %v: usage error says nothing on stderr", tt.args)
		}
	}
}

// TestStdin reads JSONL from standard input.
func TestStdin(t *testing.T) {
	store := filepath.Join(t.TempDir(), "g.db")
	code, _, stderr := ng(t, `{"id":"s1","text":"Russia annexed Crimea in March."}`+"\n", "run", "--store", store, "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got := queryValues(t, store, `entity("Russia").out(rel("annex")).out(ng("name")).all()`); !contains(got, "Crimea") {
		t.Errorf("Russia annex = %v", got)
	}
}

// TestSecondWriter: a run against a store another writer holds fails at
// once with exit status 3 and names the holder; readers still work.
func TestSecondWriter(t *testing.T) {
	store := filepath.Join(t.TempDir(), "g.db")
	mustRun(t, 0, "run", "--store", store, "sample")
	holder, err := graph.Open(context.Background(), store, graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	code, _, stderr := ng(t, "", "run", "--store", store, "sample")
	if code != 3 {
		t.Errorf("second writer: exit %d, want 3", code)
	}
	if !strings.Contains(stderr, fmt.Sprintf("pid %d", os.Getpid())) || !strings.Contains(stderr, "started") {
		t.Errorf("second writer's error does not name the holder's pid and start time:\n%s", stderr)
	}
	if got := queryValues(t, store, `entity("Russia").out(rel("annex")).out(ng("name")).all()`); !contains(got, "Crimea") {
		t.Errorf("reader beside a writer: %v", got)
	}
	if out := mustRun(t, 0, "runs", "--store", store); !strings.Contains(out, "STATUS") || strings.Count(out, "\n") != 2 {
		t.Errorf("runs lists:\n%s", out)
	}
}

// TestQueryTimeout: an endless query is stopped by --timeout with a clear
// error and exit status 1.
func TestQueryTimeout(t *testing.T) {
	store := filepath.Join(t.TempDir(), "g.db")
	mustRun(t, 0, "run", "--store", store, "sample")
	start := time.Now()
	code, _, stderr := ng(t, "", "query", "--store", store, "--timeout", "300ms", "while (true) {}")
	if code != 1 || !strings.Contains(stderr, "time limit") {
		t.Errorf("endless query: exit %d, stderr %q; want 1 and a time limit error", code, stderr)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("endless query stopped after %v", d)
	}
}
