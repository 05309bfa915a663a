package out

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"newsgraph/graph"
	"newsgraph/nlp"
)

func TestMain(m *testing.M) {
	// Parse typed literals back as they were written, not as Go numbers.
	nquads.AutoConvertTypedString = false
	os.Exit(m.Run())
}

func open(t testing.TB, spec string) *graph.Store {
	t.Helper()
	st, err := graph.Open(context.Background(), spec, graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func put(t testing.TB, st *graph.Store, docs ...*nlp.Doc) {
	t.Helper()
	if _, err := st.Put(context.Background(), docs...); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Names(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// trickyDoc has names, ids and evidence with every kind of character that
// needs escaping.
func trickyDoc(id string) *nlp.Doc {
	names := []string{`Sergei "the Fox" Lavrov`, `back\slash`, "new\nline", "tab\there", "Kyiv", "Zürich",
		"Сергей Шойгу", `odd <>"{}|^` + "`\\ name", "ctrl\x00\x01\x1f\x7f\b\f\r", "emoji 😀", "bad\xffutf8"}
	d := &nlp.Doc{ID: id, Title: "Title \"quoted\"\n", URL: "https://example.com/?q=a b&x=<y>",
		Sentences: []string{"First\tsentence\nwith \"quotes\" and \\.", "Второе предложение."}}
	for i, n := range names {
		key := fmt.Sprintf("%s-%d", strings.ToLower(n), i)
		d.Entities = append(d.Entities, nlp.Entity{Key: key, Name: n, Type: []string{nlp.Person, nlp.Place, nlp.Organization, nlp.Other}[i%4],
			Aliases: []string{n, n + " alias"}})
		if i > 0 {
			d.Facts = append(d.Facts, nlp.Fact{Sent: i % 2, Subject: nlp.Arg{Text: names[i-1], Entity: d.Entities[i-1].Key},
				Relation: "meet with", RelText: "met\twith", Object: nlp.Arg{Text: n, Entity: key}, Negated: i%3 == 0, Confidence: float64(i) / 11})
		}
		d.Facts = append(d.Facts, nlp.Fact{Sent: 0, Subject: nlp.Arg{Text: n, Entity: key}, Relation: "say",
			Object: nlp.Arg{Text: "term " + n}, Confidence: 0.5})
	}
	return d
}

func simpleDoc() *nlp.Doc {
	return &nlp.Doc{
		ID:        "kerry",
		Sentences: []string{"John Kerry met Sergei Lavrov.", "Kerry did not meet the envoy."},
		Entities: []nlp.Entity{
			{Key: "john-kerry", Name: "John Kerry", Type: nlp.Person, Aliases: []string{"Kerry"}},
			{Key: "sergei-lavrov", Name: "Lavrov", Type: nlp.Person},
		},
		Facts: []nlp.Fact{
			{Sent: 0, Subject: nlp.Arg{Text: "John Kerry", Entity: "john-kerry"}, Relation: "meet", RelText: "met",
				Object: nlp.Arg{Text: "Sergei Lavrov", Entity: "sergei-lavrov"}, Confidence: 0.9},
			{Sent: 1, Subject: nlp.Arg{Text: "Kerry", Entity: "john-kerry"}, Relation: "meet", RelText: "did not meet",
				Object: nlp.Arg{Text: "the envoy"}, Negated: true, Confidence: 0.66666},
		},
	}
}

// storeQuads returns the quads of a store as a set.
func storeQuads(t testing.TB, st *graph.Store) map[quad.Quad]bool {
	t.Helper()
	m := map[quad.Quad]bool{}
	if err := st.Quads(context.Background(), func(q quad.Quad) error { m[q] = true; return nil }); err != nil {
		t.Fatal(err)
	}
	return m
}

// parseBack reads N-Quads with cayley's reader.
func parseBack(t testing.TB, b []byte) map[quad.Quad]bool {
	t.Helper()
	r := nquads.NewReader(bytes.NewReader(b), false)
	m := map[quad.Quad]bool{}
	for {
		q, err := r.ReadQuad()
		if err == io.EOF {
			return m
		}
		if err != nil {
			t.Fatalf("parsing the export back: %v", err)
		}
		m[q] = true
	}
}

func export(t testing.TB, st *graph.Store) []byte {
	t.Helper()
	var b bytes.Buffer
	n, err := NQuads(context.Background(), &b, st)
	if err != nil {
		t.Fatal(err)
	}
	if lines := bytes.Count(b.Bytes(), []byte("\n")); lines != n {
		t.Fatalf("NQuads returned %d, wrote %d lines", n, lines)
	}
	return b.Bytes()
}

func sameSet(t testing.TB, got, want map[quad.Quad]bool) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d quads, want %d", len(got), len(want))
	}
	for q := range want {
		if !got[q] {
			t.Errorf("missing after round trip: %#v", q)
		}
	}
}

func TestNQuadsRoundTrip(t *testing.T) {
	for _, spec := range []string{"memory", filepath.Join(t.TempDir(), "g.db")} {
		st := open(t, spec)
		put(t, st, trickyDoc(`doc <1> "a b" {x}|^`+"`\\"), trickyDoc("Zürich/Шойгу?#1"), simpleDoc())
		b := export(t, st)
		for i, line := range strings.SplitAfter(string(b), "\n") {
			if line == "" {
				continue
			}
			if err := checkLine(line); err != nil {
				t.Errorf("line %d is not strict N-Quads: %v\n%s", i+1, err, line)
			}
		}
		sameSet(t, parseBack(t, b), storeQuads(t, st))
	}
}

func TestNQuadsDeterministic(t *testing.T) {
	a := open(t, "memory")
	b := open(t, filepath.Join(t.TempDir(), "b.db"))
	d1, d2, d3 := trickyDoc("one"), trickyDoc("two"), simpleDoc()
	put(t, a, d1, d2, d3)
	put(t, b, d3)
	put(t, b, d2)
	old := trickyDoc("one")
	old.Facts = old.Facts[:3]
	put(t, b, old) // replaced next
	put(t, b, d1)
	ea, eb := export(t, a), export(t, b)
	if !bytes.Equal(ea, eb) {
		t.Error("two stores with the same graph export different bytes")
	}
	lines := strings.Split(strings.TrimSuffix(string(ea), "\n"), "\n")
	for i := 1; i < len(lines); i++ {
		if lines[i-1] >= lines[i] {
			t.Fatalf("lines %d and %d not sorted and unique", i, i+1)
		}
	}
	if !bytes.Equal(export(t, a), ea) {
		t.Error("exporting twice differs")
	}
}

func TestAppendQuad(t *testing.T) {
	iri := quad.IRI("urn:x:s")
	tests := []struct {
		q    quad.Quad
		want string
	}{
		{quad.Quad{Subject: iri, Predicate: iri, Object: quad.String("a\"b\\c\nd\re\tf\bg\fh\x00\x1f\x7fü😀")},
			`<urn:x:s> <urn:x:s> "a\"b\\c\nd\re\tf\bg\fh\u0000\u001F\u007Fü😀" .` + "\n"},
		{quad.Quad{Subject: quad.IRI("urn:a b<c>\"{|}^`\\\x01"), Predicate: iri, Object: iri, Label: quad.IRI("urn:g")},
			`<urn:a\u0020b\u003Cc\u003E\u0022\u007B\u007C\u007D\u005E\u0060\u005C\u0001> <urn:x:s> <urn:x:s> <urn:g> .` + "\n"},
		{quad.Quad{Subject: quad.BNode("b1"), Predicate: iri, Object: quad.Int(3)},
			`_:b1 <urn:x:s> "3"^^<http://schema.org/Integer> .` + "\n"},
		{quad.Quad{Subject: quad.BNode("a b"), Predicate: iri, Object: quad.LangString{Value: "chat", Lang: "fr-CA"}},
			`_:x612062 <urn:x:s> "chat"@fr-CA .` + "\n"},
		{quad.Quad{Subject: iri, Predicate: iri, Object: quad.LangString{Value: "x", Lang: "not a tag"}},
			`<urn:x:s> <urn:x:s> "x" .` + "\n"},
		{quad.Quad{Subject: iri, Predicate: iri, Object: quad.TypedString{Value: "1", Type: "xsd:integer"}},
			`<urn:x:s> <urn:x:s> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .` + "\n"},
		{quad.Quad{Subject: iri, Predicate: iri, Object: quad.String("bad\xff")},
			"<urn:x:s> <urn:x:s> \"bad\uFFFD\" .\n"},
	}
	for _, tt := range tests {
		got, err := AppendQuad(nil, tt.q)
		if err != nil || string(got) != tt.want {
			t.Errorf("AppendQuad(%#v)\n got %s (%v)\nwant %s", tt.q, got, err, tt.want)
		}
		if err := checkLine(string(got)); err != nil {
			t.Errorf("%s: %v", got, err)
		}
	}
	if _, err := AppendQuad(nil, quad.Quad{Subject: iri, Predicate: iri}); err == nil {
		t.Error("quad without object accepted")
	}
}

func TestTSV(t *testing.T) {
	st := open(t, "memory")
	d := simpleDoc()
	d.Sentences[0] = "John Kerry\tmet\nSergei Lavrov.\r"
	other := &nlp.Doc{ID: "a-first", Sentences: []string{"Sergei Lavrov spoke."},
		Entities: []nlp.Entity{{Key: "sergei-lavrov", Name: "Sergei Lavrov", Type: nlp.Person}},
		Facts: []nlp.Fact{{Subject: nlp.Arg{Text: "Lavrov", Entity: "sergei-lavrov"}, Relation: "speak to",
			Object: nlp.Arg{Text: "Reporters"}, Confidence: 1}}}
	put(t, st, d, other)
	var b bytes.Buffer
	n, err := TSV(context.Background(), &b, st)
	if err != nil {
		t.Fatal(err)
	}
	want := TSVHeader + "\n" +
		"a-first\t0\tSergei Lavrov\tspeak to\tReporters\t+\t1.000\tSergei Lavrov spoke.\n" +
		"kerry\t0\tJohn Kerry\tmeet\tSergei Lavrov\t+\t0.900\tJohn Kerry met Sergei Lavrov. \n" +
		"kerry\t1\tJohn Kerry\tmeet\tthe envoy\t-\t0.667\tKerry did not meet the envoy.\n"
	if b.String() != want || n != 3 {
		t.Errorf("TSV (%d rows):\n%s\nwant:\n%s", n, b.String(), want)
	}
}

func TestTSVTricky(t *testing.T) {
	st := open(t, "memory")
	put(t, st, trickyDoc("x\ty"), trickyDoc("b"))
	var b bytes.Buffer
	n, err := TSV(context.Background(), &b, st)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != n+1 || n != 2*(2*11-1) {
		t.Fatalf("%d rows, %d lines", n, len(lines))
	}
	for _, l := range lines {
		if strings.Count(l, "\t") != 7 || strings.ContainsAny(l, "\r\n") || !utf8.ValidString(l) {
			t.Errorf("bad row %q", l)
		}
	}
	facts, err := Facts(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	if facts[0].Doc != "b" || facts[len(facts)-1].Doc != "x\ty" {
		t.Errorf("rows not sorted by doc: %q … %q", facts[0].Doc, facts[len(facts)-1].Doc)
	}
}

// FuzzNQuads checks that any names, ids and evidence export to N-Quads that
// parse back to the store's quads.
func FuzzNQuads(f *testing.F) {
	f.Add("Kerry", "doc-1", "Kerry met Lavrov.", "meet with")
	f.Add(`a "b" \c`, "x y/z", "line\nbreak\ttab", "say")
	f.Add("Шойгу", "<>\"{}|^`\\", "\x00\x7f\u2028", "be\tin")
	f.Add("bad\xff", "%41", "\r\n", "")
	f.Fuzz(func(t *testing.T, name, id, evidence, rel string) {
		if id == "" {
			id = "_"
		}
		d := &nlp.Doc{ID: id, Title: name, Sentences: []string{evidence},
			Entities: []nlp.Entity{{Key: name, Name: name, Type: nlp.Person, Aliases: []string{evidence}}},
			Facts: []nlp.Fact{{Subject: nlp.Arg{Text: name, Entity: name}, Relation: rel, RelText: evidence,
				Object: nlp.Arg{Text: evidence}, Confidence: 0.5}}}
		st := open(t, "memory")
		put(t, st, d)
		b := export(t, st)
		for _, line := range strings.SplitAfter(string(b), "\n") {
			if line != "" {
				if err := checkLine(line); err != nil {
					t.Fatalf("%v: %q", err, line)
				}
			}
		}
		sameSet(t, parseBack(t, b), storeQuads(t, st))
	})
}

// checkLine checks one line against the W3C N-Quads grammar, strictly:
// absolute IRIs, escapes only as the grammar allows.
func checkLine(line string) error {
	if !utf8.ValidString(line) {
		return fmt.Errorf("invalid UTF-8")
	}
	rest, ok := strings.CutSuffix(line, " .\n")
	if !ok {
		return fmt.Errorf("no final ' .'")
	}
	var kinds []byte
	for rest != "" {
		var (
			n   int
			err error
		)
		switch rest[0] {
		case '<':
			n, err = scanIRI(rest)
			kinds = append(kinds, 'i')
		case '_':
			n, err = scanBNode(rest)
			kinds = append(kinds, 'b')
		case '"':
			n, err = scanLiteral(rest)
			kinds = append(kinds, 'l')
		default:
			return fmt.Errorf("unexpected %q", rest)
		}
		if err != nil {
			return err
		}
		rest = rest[n:]
		if rest != "" {
			if rest[0] != ' ' {
				return fmt.Errorf("no space before %q", rest)
			}
			rest = rest[1:]
		}
	}
	k := string(kinds)
	if len(k) < 3 || len(k) > 4 || k[0] == 'l' || k[1] != 'i' || len(k) == 4 && k[3] == 'l' {
		return fmt.Errorf("bad term kinds %q", k)
	}
	return nil
}

func scanIRI(s string) (int, error) {
	var b strings.Builder
	for i := 1; i < len(s); {
		c := s[i]
		switch {
		case c == '>':
			iri := b.String()
			colon := strings.IndexByte(iri, ':')
			if colon < 1 || !isAlpha(iri[0]) {
				return 0, fmt.Errorf("IRI %q is not absolute", iri)
			}
			return i + 1, nil
		case c == '\\':
			n, r, err := scanUChar(s[i:])
			if err != nil {
				return 0, err
			}
			b.WriteRune(r)
			i += n
		case c <= 0x20 || strings.IndexByte("<\"{}|^`", c) >= 0:
			return 0, fmt.Errorf("%q not allowed in an IRI", c)
		default:
			b.WriteByte(c)
			i++
		}
	}
	return 0, fmt.Errorf("unterminated IRI")
}

func scanUChar(s string) (int, rune, error) {
	n := 0
	switch {
	case strings.HasPrefix(s, `\u`):
		n = 6
	case strings.HasPrefix(s, `\U`):
		n = 10
	default:
		return 0, 0, fmt.Errorf("bad escape %q", s[:min(len(s), 2)])
	}
	if len(s) < n {
		return 0, 0, fmt.Errorf("short escape")
	}
	var r rune
	for _, c := range []byte(s[2:n]) {
		var d byte
		switch {
		case '0' <= c && c <= '9':
			d = c - '0'
		case 'A' <= c && c <= 'F':
			d = c - 'A' + 10
		case 'a' <= c && c <= 'f':
			d = c - 'a' + 10
		default:
			return 0, 0, fmt.Errorf("bad hex in %q", s[:n])
		}
		r = r<<4 | rune(d)
	}
	return n, r, nil
}

func scanLiteral(s string) (int, error) {
	i := 1
	for ; ; i++ {
		if i >= len(s) {
			return 0, fmt.Errorf("unterminated literal")
		}
		c := s[i]
		if c == '"' {
			break
		}
		if c == '\n' || c == '\r' {
			return 0, fmt.Errorf("raw line break in literal")
		}
		if c == '\\' {
			if i+1 < len(s) && strings.IndexByte(`tbnrf"'\`, s[i+1]) >= 0 {
				i++
				continue
			}
			n, _, err := scanUChar(s[i:])
			if err != nil {
				return 0, err
			}
			i += n - 1
		}
	}
	i++
	switch {
	case strings.HasPrefix(s[i:], "^^<"):
		n, err := scanIRI(s[i+2:])
		return i + 2 + n, err
	case strings.HasPrefix(s[i:], "@"):
		j := i + 1
		for j < len(s) && (isAlpha(s[j]) || s[j] == '-' || '0' <= s[j] && s[j] <= '9') {
			j++
		}
		if j == i+1 || !isAlpha(s[i+1]) {
			return 0, fmt.Errorf("bad language tag")
		}
		return j, nil
	}
	return i, nil
}

func scanBNode(s string) (int, error) {
	if !strings.HasPrefix(s, "_:") {
		return 0, fmt.Errorf("bad blank node")
	}
	i := 2
	for i < len(s) && s[i] != ' ' {
		c := s[i]
		if !isAlpha(c) && !('0' <= c && c <= '9') && c != '_' && c != '-' {
			return 0, fmt.Errorf("bad blank node label")
		}
		i++
	}
	if i == 2 {
		return 0, fmt.Errorf("empty blank node label")
	}
	return i, nil
}

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
