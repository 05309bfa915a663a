package out

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"newsgraph/graph"
	"newsgraph/nlp"
	"newsgraph/pipeline"
)

// rdfcheck is the Node checker; its node_modules come from
// `npm ci --prefix tools/rdfcheck`.
const rdfcheck = "../tools/rdfcheck"

// validatedExport returns the N-Quads of a store holding the sample corpus
// and hostile documents (names, ids and evidence with quotes, backslashes,
// line breaks, tabs, Kyiv, Zürich, Шойгу, emoji, <>"{}|^` and spaces).
func validatedExport(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	st := open(t, filepath.Join(t.TempDir(), "v.db"))
	if _, err := pipeline.Run(ctx, []string{"../sample"}, nil, pipeline.Config{Store: st, Workers: 2}); err != nil {
		t.Fatalf("loading ../sample: %v", err)
	}
	var docs []*nlp.Doc
	for _, id := range []string{`doc "1" <a>{b}|c^d` + "`e\\f g\th\ni", "Шойгу/Zürich?x#y%", "Kyiv 😀"} {
		d := trickyDoc(id)
		d.Entities = append(d.Entities, nlp.Entity{Key: "kyiv " + id, Name: "Kyiv " + id, Type: nlp.Place, Aliases: []string{id}})
		docs = append(docs, d)
	}
	put(t, st, docs...)
	var b bytes.Buffer
	if _, err := NQuads(ctx, &b, st); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "export.nq")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Zürich", "Шойгу", "😀", `\"`, `\\`, `\n`, `\t`, `%22`, `%7C`} {
		if !strings.Contains(b.String(), s) {
			t.Fatalf("the export lacks %q: the test would not cover it", s)
		}
	}
	return path
}

// TestRapper checks the export with raptor's rapper: no error, no warning.
func TestRapper(t *testing.T) {
	rapper, err := exec.LookPath("rapper")
	if err != nil {
		missing(t, "rapper not installed (apt-get install raptor2-utils): not validating N-Quads with raptor")
	}
	path := validatedExport(t)
	cmd := exec.Command(rapper, "-i", "nquads", "-c", path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	lines := strings.Count(mustRead(t, path), "\n")
	msg := stderr.String()
	if err != nil || strings.Contains(msg, "Error") || strings.Contains(msg, "Warning") ||
		!strings.Contains(msg, fmt.Sprintf("returned %d triples", lines)) {
		t.Errorf("rapper -i nquads -c (%d quads): %v\n%s", lines, err, msg)
	}
}

// TestN3AndOxigraph checks the export with N3.js (strict N-Quads) and
// Oxigraph (strict load, then SPARQL finding Russia annex Crimea with its
// documents).
func TestN3AndOxigraph(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		missing(t, "node not installed: not validating N-Quads with N3.js and Oxigraph")
	}
	for _, m := range []string{"n3", "oxigraph"} {
		if _, err := os.Stat(filepath.Join(rdfcheck, "node_modules", m, "package.json")); err != nil {
			missing(t, fmt.Sprintf("%s/node_modules/%s missing (run: npm ci --prefix tools/rdfcheck): not validating with N3.js and Oxigraph", rdfcheck, m))
		}
	}
	path := validatedExport(t)
	cmd := exec.Command(node, filepath.Join(rdfcheck, "check.mjs"), "--base", graph.DefaultBase, "--fact", "Russia|annex|Crimea", path)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("check.mjs: %v\n%s%s", err, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "Russia annex Crimea: crimea-vote kerry-lavrov-paris") {
		t.Errorf("SPARQL did not find Russia annex Crimea in both documents:\n%s", stdout.String())
	}
	// The checker fails on what strict parsers reject.
	for _, bad := range []string{"<urn:a b> <urn:p> \"x\" .\n", "<urn:a> <urn:p> \"x\\q\" .\n", "<rel> <urn:p> \"x\" .\n"} {
		p := filepath.Join(t.TempDir(), "bad.nq")
		if err := os.WriteFile(p, []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(node, filepath.Join(rdfcheck, "check.mjs"), p).CombinedOutput(); err == nil {
			t.Errorf("check.mjs accepted %q: %s", bad, out)
		}
	}
}

// requireTools, when set in the environment (CI), makes a missing external
// tool a failure instead of a skip.
const requireTools = "NEWSGRAPH_REQUIRE_TOOLS"

// missing skips the test because a tool is missing, or fails it when
// $NEWSGRAPH_REQUIRE_TOOLS is set.
func missing(t *testing.T, msg string) {
	t.Helper()
	if os.Getenv(requireTools) != "" {
		t.Fatalf("%s (and $%s is set)", msg, requireTools)
	}
	t.Skip(msg)
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
