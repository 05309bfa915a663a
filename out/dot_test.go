package out

import (
	"bytes"
	"context"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"newsgraph/graph"
	"newsgraph/nlp"
)

// chainDoc is a document whose facts chain A → B → C → D, plus E → C and
// a negated fact A -/-> F.
func chainDoc() *nlp.Doc {
	d := &nlp.Doc{ID: "chain", Sentences: []string{"s"}}
	for _, n := range []string{"A", "B", "C", "D", "E", "F"} {
		d.Entities = append(d.Entities, nlp.Entity{Key: strings.ToLower(n), Name: "Ent " + n, Type: nlp.Person, Aliases: []string{"Ent " + n, n}})
	}
	fact := func(s, rel, o string, neg bool) nlp.Fact {
		return nlp.Fact{Subject: nlp.Arg{Text: s, Entity: strings.ToLower(s)}, Relation: rel,
			Object: nlp.Arg{Text: o, Entity: strings.ToLower(o)}, Negated: neg, Confidence: 0.5}
	}
	d.Facts = []nlp.Fact{fact("A", "meet with", "B", false), fact("B", "call", "C", false), fact("C", "warn", "D", false),
		fact("E", "urge", "C", false), fact("A", "accept", "F", true)}
	return d
}

var (
	dotNodeRE = regexp.MustCompile(`(?m)^\tn(\d+) \[label="((?:[^"\\]|\\.)*)", shape=\w+`)
	dotEdgeRE = regexp.MustCompile(`(?m)^\tn(\d+) -> n(\d+) \[label="((?:[^"\\]|\\.)*)"\];$`)
)

// dotSummary returns the node labels and the edges (as "from -label-> to"
// with labels) of a DOT output.
func dotSummary(t *testing.T, b []byte) (nodes []string, edges []string) {
	t.Helper()
	ids := map[string]string{}
	for _, m := range dotNodeRE.FindAllSubmatch(b, -1) {
		ids[string(m[1])] = string(m[2])
		nodes = append(nodes, string(m[2]))
	}
	for _, m := range dotEdgeRE.FindAllSubmatch(b, -1) {
		from, ok1 := ids[string(m[1])]
		to, ok2 := ids[string(m[2])]
		if !ok1 || !ok2 {
			t.Fatalf("edge between undeclared nodes: %s", m[0])
		}
		edges = append(edges, from+" -"+string(m[3])+"-> "+to)
	}
	if !bytes.HasPrefix(b, []byte("digraph newsgraph {\n")) || !bytes.HasSuffix(b, []byte("}\n")) {
		t.Errorf("not a digraph:\n%s", b)
	}
	if n := bytes.Count(b, []byte("\n")); n != 5+len(nodes)+len(edges) {
		t.Errorf("%d lines for %d nodes and %d edges:\n%s", n, len(nodes), len(edges), b)
	}
	return nodes, edges
}

func dotOf(t *testing.T, st *graph.Store, opt DOTOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	n, err := DOT(context.Background(), &b, st, opt)
	if err != nil {
		t.Fatal(err)
	}
	if got := bytes.Count(b.Bytes(), []byte(" -> ")); got != n {
		t.Errorf("DOT returned %d edges, wrote %d", n, got)
	}
	return b.Bytes()
}

func TestDOTAround(t *testing.T) {
	st := open(t, graph.Memory)
	put(t, st, chainDoc())
	tests := []struct {
		opt   DOTOptions
		nodes string
		edges string
	}{
		{DOTOptions{}, "Ent A,Ent B,Ent C,Ent D,Ent E",
			"Ent A -meet with-> Ent B,Ent B -call-> Ent C,Ent C -warn-> Ent D,Ent E -urge-> Ent C"},
		{DOTOptions{Around: "Ent A", Depth: 1}, "Ent A,Ent B", "Ent A -meet with-> Ent B"},
		{DOTOptions{Around: "A", Depth: 2}, "Ent A,Ent B,Ent C", "Ent A -meet with-> Ent B,Ent B -call-> Ent C"},
		{DOTOptions{Around: "a"}, "Ent A,Ent B,Ent C", "Ent A -meet with-> Ent B,Ent B -call-> Ent C"}, // default depth, any case
		{DOTOptions{Around: "Ent D", Depth: 2}, "Ent B,Ent C,Ent D,Ent E",
			"Ent B -call-> Ent C,Ent C -warn-> Ent D,Ent E -urge-> Ent C"}, // both directions
		{DOTOptions{Around: "Ent F", Depth: 3}, "Ent F", ""}, // only a negated fact: no edge
	}
	for _, tt := range tests {
		nodes, edges := dotSummary(t, dotOf(t, st, tt.opt))
		if strings.Join(nodes, ",") != tt.nodes || strings.Join(edges, ",") != tt.edges {
			t.Errorf("%+v:\nnodes %q\n want %q\nedges %q\n want %q", tt.opt, nodes, tt.nodes, edges, tt.edges)
		}
	}
	if _, err := DOT(context.Background(), &bytes.Buffer{}, st, DOTOptions{Around: "nobody"}); err == nil {
		t.Error("DOT around an unknown name: no error")
	}
}

// TestDOTDeterministic checks that the same graph gives the same bytes
// whatever the order documents were put in, and that hostile labels stay
// within their quotes.
func TestDOTDeterministic(t *testing.T) {
	a, b := open(t, graph.Memory), open(t, graph.Memory)
	put(t, a, trickyDoc("t1"), simpleDoc(), chainDoc())
	put(t, b, chainDoc())
	put(t, b, simpleDoc(), trickyDoc("t1"))
	da, db := dotOf(t, a, DOTOptions{}), dotOf(t, b, DOTOptions{})
	if !bytes.Equal(da, db) {
		t.Errorf("DOT depends on load order:\n%s\n---\n%s", da, db)
	}
	nodes, edges := dotSummary(t, da) // every line is a node or an edge
	if len(nodes) < 20 || len(edges) < 10 {
		t.Errorf("%d nodes, %d edges: too few", len(nodes), len(edges))
	}
	if dot, err := exec.LookPath("dot"); err == nil {
		cmd := exec.Command(dot, "-Tsvg")
		cmd.Stdin = bytes.NewReader(da)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil || stderr.Len() > 0 {
			t.Errorf("dot -Tsvg: %v: %s", err, stderr.String())
		}
	} else {
		missing(t, "graphviz dot not installed (apt-get install graphviz): not checking that it accepts the output")
	}
}

func TestAppendDOTString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", `"plain"`},
		{`say "hi"`, `"say \"hi\""`},
		{`back\slash`, `"back\\slash"`},
		{"two\nlines\r\n", `"two\nlines\n"`},
		{"tab\tctrl\x00\x7f", `"tab ctrl  "`},
		{"Zürich Шойгу 😀", `"Zürich Шойгу 😀"`},
		{"bad\xffutf8", "\"bad\uFFFDutf8\""},
		{`<>{}|^` + "`", "\"<>{}|^`\""},
	}
	for _, tt := range tests {
		if got := string(appendDOTString(nil, tt.in)); got != tt.want {
			t.Errorf("appendDOTString(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
