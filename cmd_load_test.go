package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"newsgraph/graph"
	"newsgraph/nlp"
)

// hostileNames are names that need escaping in N-Quads, IRIs or DOT.
var hostileNames = []string{`Sergei "the Fox" Lavrov`, `back\slash`, "new\nline", "tab\there", "Kyiv", "Zürich",
	"Шойгу", "emoji 😀", "odd <>\"{}|^`\\ name", "spaced  out name", "cr\rlf", "ctrl\x01\x7f\b\f"}

// hostileDoc returns a document whose id, names, aliases, terms and
// evidence hold characters that need escaping everywhere.
func hostileDoc(id string) *nlp.Doc {
	d := &nlp.Doc{ID: id, Title: "Title \"quoted\" \\ Шойгу\n😀", URL: "https://example.com/?q=a b&x=<y>",
		Sentences: []string{"First\tsentence\nwith \"quotes\" and \\ backslash.", "Zürich and Kyiv met Шойгу 😀."}}
	for i, n := range hostileNames {
		key := fmt.Sprintf("%s-%d", strings.ToLower(n), i)
		d.Entities = append(d.Entities, nlp.Entity{Key: key, Name: n, Type: []string{nlp.Person, nlp.Place, nlp.Organization, nlp.Other}[i%4],
			Aliases: []string{n, n + " «alias»"}})
		if i > 0 {
			d.Facts = append(d.Facts, nlp.Fact{Sent: i % 2, Subject: nlp.Arg{Text: hostileNames[i-1], Entity: d.Entities[i-1].Key},
				Relation: "meet with", RelText: "met\twith", Object: nlp.Arg{Text: n, Entity: key}, Negated: i%5 == 0, Confidence: float64(i) / 13})
		}
		d.Facts = append(d.Facts, nlp.Fact{Sent: 0, Subject: nlp.Arg{Text: n, Entity: key}, Relation: "say «" + n + "»",
			Object: nlp.Arg{Text: "term " + n}, Confidence: 0.5})
	}
	return d
}

// hostileIDs are document ids with characters IRIs may not hold.
var hostileIDs = []string{`doc "1" <a>{b}|c^d` + "`e\\f g", "Шойгу/Zürich?x#y", "😀%20"}

// putStore creates a bolt store in dir holding docs.
func putStore(t *testing.T, dir string, docs ...*nlp.Doc) string {
	t.Helper()
	path := filepath.Join(dir, "put.db")
	st, err := graph.Open(context.Background(), path, graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Put(context.Background(), docs...); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// sampleStore runs the sample corpus into a new bolt store and returns it.
func sampleStore(t *testing.T) string {
	t.Helper()
	store := filepath.Join(t.TempDir(), "sample.db")
	mustRun(t, 0, "run", "--store", store, "--progress", "never", "--quiet", "sample")
	return store
}

func writeFile(t *testing.T, path string, b []byte) string {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestLoadRoundTrip checks that export → load into a fresh store → export
// gives the same bytes, for the sample corpus and for hostile names, from
// a file, a gzip file, stdin, and cayley's own N-Quads writer.
func TestLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	hostile := make([]*nlp.Doc, len(hostileIDs))
	for i, id := range hostileIDs {
		hostile[i] = hostileDoc(id)
	}
	stores := map[string]string{"sample": sampleStore(t), "hostile": putStore(t, t.TempDir(), hostile...)}
	for name, store := range stores {
		want := mustRun(t, 0, "export", "--store", store)
		if strings.Count(want, "\n") < 100 {
			t.Fatalf("%s: export has only %d quads", name, strings.Count(want, "\n"))
		}
		var zb bytes.Buffer
		zw := gzip.NewWriter(&zb)
		zw.Write([]byte(want))
		zw.Close()
		cay := cayleyNQuads(t, store)
		if cay == want {
			t.Fatalf("%s: cayley's writer gave newsgraph's bytes; the test would prove nothing", name)
		}
		for _, src := range []struct{ how, file, stdin string }{
			{"file", writeFile(t, filepath.Join(dir, name+".nq"), []byte(want)), ""},
			{"gzip", writeFile(t, filepath.Join(dir, name+".nq.gz"), zb.Bytes()), ""},
			{"stdin", "-", want},
			{"cayley", writeFile(t, filepath.Join(dir, name+".cayley.nq"), []byte(cay)), ""},
		} {
			t.Run(name+"/"+src.how, func(t *testing.T) {
				fresh := filepath.Join(t.TempDir(), "fresh.db")
				code, _, stderr := ng(t, src.stdin, "load", "--store", fresh, src.file)
				if code != exitOK {
					t.Fatalf("load: exit %d: %s", code, stderr)
				}
				if got := mustRun(t, 0, "export", "--store", fresh); got != want {
					t.Errorf("export after load differs:\n%s", firstDiff(got, want))
				}
			})
		}
	}
	// The hostile names are found again by Gizmo after a load.
	fresh := filepath.Join(dir, "names.db")
	mustRun(t, 0, "export", "--store", stores["hostile"], "-o", filepath.Join(dir, "h.nq"))
	mustRun(t, 0, "load", "--store", fresh, filepath.Join(dir, "h.nq"))
	for _, n := range hostileNames {
		out := mustRun(t, 0, "query", "--store", fresh, "--arg", "n="+n, `entity(args.n).out(alias).all()`)
		if !strings.Contains(out, `{"id":`+jsonString(n)+`}`) {
			t.Errorf("name %q not found after load: %s", n, out)
		}
	}
}

// jsonString is s as the query command prints it.
func jsonString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// cayleyNQuads writes the store's quads with cayley's own N-Quads writer.
func cayleyNQuads(t *testing.T, store string) string {
	t.Helper()
	st, err := graph.Open(context.Background(), store, graph.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var b bytes.Buffer
	w := nquads.NewWriter(&b)
	err = st.Quads(context.Background(), func(q quad.Quad) error { return w.WriteQuad(q) })
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) && i < len(w); i++ {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d:\n got %q\nwant %q", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(g), len(w))
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	good := "<urn:a> <urn:p> \"x\" <urn:g> .\n"
	tests := []struct {
		name, input string
		args        []string
		code        int
		stderr      string
	}{
		{"no file", "", nil, exitUsage, "no FILE"},
		{"missing file", "", []string{filepath.Join(dir, "nope.nq")}, exitFailed, "nope.nq"},
		{"syntax error", good + "<urn:a> <urn:p> .\n", []string{"-"}, exitFailed, "quad 2"},
		{"bad literal", "<urn:a> <urn:p> \"x\\q\" .\n", []string{"-"}, exitFailed, "quad 1"},
		{"bad gzip", "\x1f\x8bnot gzip", []string{"-"}, exitFailed, "gzip"},
		{"empty", "", []string{"-"}, exitOK, "loaded 0 quads"},
		{"comments and triples", "# c\n\n<urn:a> <urn:p> <urn:o> .\n" + good, []string{"-"}, exitOK, "loaded 2 quads"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := filepath.Join(t.TempDir(), "s.db")
			code, _, stderr := ng(t, tt.input, append([]string{"load", "--store", store}, tt.args...)...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tt.code, tt.stderr)
			}
		})
	}
}

// TestLoadTriples checks that a quad without label is stored without one.
func TestLoadTriples(t *testing.T) {
	store := filepath.Join(t.TempDir(), "s.db")
	in := "<urn:a> <urn:p> \"v\" .\n<urn:a> <urn:p> \"w\" <urn:g> .\n"
	if code, _, stderr := ng(t, in, "load", "--store", store, "-"); code != exitOK {
		t.Fatalf("load: %d %s", code, stderr)
	}
	if got := mustRun(t, 0, "export", "--store", store); got != in {
		t.Errorf("export = %q, want %q", got, in)
	}
}

func TestUnescapeIRI(t *testing.T) {
	tests := []struct {
		in, want string
		bad      bool
	}{
		{"urn:plain", "urn:plain", false},
		{`urn:a\u0020b`, "urn:a b", false},
		{`urn:\u005C\u003E`, `urn:\>`, false},
		{`urn:\U0001F600`, "urn:😀", false},
		{`urn:\u00`, "", true},
		{`urn:\x`, "", true},
		{`urn:\`, "", true},
		{`urn:\uZZZZ`, "", true},
		{`urn:\UFFFFFFFF`, "", true},
	}
	for _, tt := range tests {
		got, err := unescapeIRI(tt.in)
		if (err != nil) != tt.bad || got != tt.want {
			t.Errorf("unescapeIRI(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.bad)
		}
	}
}

// FuzzReadNQuads checks that no input makes the loader panic, that what it
// accepts is complete quads, and that those written back by the exporter
// parse again to the same quads.
func FuzzReadNQuads(f *testing.F) {
	f.Add("<urn:a> <urn:p> \"x\" <urn:g> .\n")
	f.Add("<urn:a\\u0020b> <urn:p> \"x\\ny\\\"\"@en-GB .\n")
	f.Add("_:b1 <urn:p> \"3\"^^<http://www.w3.org/2001/XMLSchema#integer> _:g .\n# comment\n")
	f.Add("<urn:a> <urn:p> \"\\U0001F600 Шойгу\" .")
	f.Add("<urn:a> <urn:p> .\n")
	f.Fuzz(func(t *testing.T, in string) {
		var got []quad.Quad
		_, err := readNQuads(strings.NewReader(in), 3, func(qs []quad.Quad) error {
			got = append(got, qs...)
			return nil
		})
		if err != nil {
			return
		}
		for _, q := range got {
			if !q.IsValid() {
				t.Fatalf("incomplete quad %v", q)
			}
		}
	})
}

// TestReadNQuadsBatches checks batching and that fn's error stops reading.
func TestReadNQuadsBatches(t *testing.T) {
	var in strings.Builder
	for i := range 7 {
		fmt.Fprintf(&in, "<urn:s%d> <urn:p> \"%d\" .\n", i, i)
	}
	var sizes []int
	n, err := readNQuads(strings.NewReader(in.String()), 3, func(qs []quad.Quad) error {
		sizes = append(sizes, len(qs))
		return nil
	})
	if err != nil || n != 7 || fmt.Sprint(sizes) != "[3 3 1]" {
		t.Errorf("n=%d err=%v batches %v; want 7, nil, [3 3 1]", n, err, sizes)
	}
	stop := errors.New("stop")
	n, err = readNQuads(strings.NewReader(in.String()), 3, func([]quad.Quad) error { return stop })
	if !errors.Is(err, stop) || n != 0 {
		t.Errorf("n=%d err=%v; want 0, stop", n, err)
	}
	_, err = readNQuads(io.MultiReader(strings.NewReader(in.String()), strings.NewReader("bad\n")), 100, func([]quad.Quad) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "quad 8") {
		t.Errorf("err = %v, want one naming quad 8", err)
	}
}
