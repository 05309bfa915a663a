package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"newsgraph/graph"
	"newsgraph/nlp"
	"newsgraph/pipeline"
)

// kerryDoc is a small hand-made document.
func kerryDoc(id string) *nlp.Doc {
	return &nlp.Doc{
		ID:    id,
		Title: "Kerry meets Lavrov in Paris",
		Sentences: []string{
			"John Kerry met Sergei Lavrov in Paris on Sunday.",
			"Lavrov praised Kerry.",
			"Kerry did not meet the Ukrainian envoy.",
		},
		Entities: []nlp.Entity{
			{Key: "john-kerry", Name: "John Kerry", Type: nlp.Person, Aliases: []string{"John Kerry", "Kerry"}},
			{Key: "paris", Name: "Paris", Type: nlp.Place, Aliases: []string{"Paris"}},
			{Key: "sergei-lavrov", Name: "Sergei Lavrov", Type: nlp.Person, Aliases: []string{"Lavrov", "Sergei Lavrov"}},
		},
		Facts: []nlp.Fact{
			{Sent: 0, Subject: nlp.Arg{Text: "John Kerry", Entity: "john-kerry"}, Relation: "meet with", RelText: "met",
				Object: nlp.Arg{Text: "Sergei Lavrov", Entity: "sergei-lavrov"}, Confidence: 0.9},
			{Sent: 1, Subject: nlp.Arg{Text: "Lavrov", Entity: "sergei-lavrov"}, Relation: "praise", RelText: "praised",
				Object: nlp.Arg{Text: "Kerry", Entity: "john-kerry"}, Confidence: 0.8},
			{Sent: 2, Subject: nlp.Arg{Text: "Kerry", Entity: "john-kerry"}, Relation: "meet", RelText: "did not meet",
				Object: nlp.Arg{Text: "the Ukrainian envoy"}, Negated: true, Confidence: 0.7},
		},
	}
}

// memStore returns an in-memory store holding docs, with names computed.
func memStore(t testing.TB, docs ...*nlp.Doc) *graph.Store {
	t.Helper()
	ctx := context.Background()
	st, err := graph.Open(ctx, graph.Memory, graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Put(ctx, docs...); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Names(ctx); err != nil {
		t.Fatal(err)
	}
	return st
}

var (
	sampleOnce sync.Once
	sample     *graph.Store
	sampleErr  error
)

// sampleStore returns an in-memory store loaded from the project's sample
// corpus by the pipeline (once for all tests; they only read it).
func sampleStore(t *testing.T) *graph.Store {
	t.Helper()
	sampleOnce.Do(func() {
		ctx := context.Background()
		sample, sampleErr = graph.Open(ctx, graph.Memory, graph.Options{})
		if sampleErr != nil {
			return
		}
		_, sampleErr = pipeline.Run(ctx, []string{filepath.Join("..", "..", "sample")}, nil,
			pipeline.Config{Store: sample, Workers: 2, NoRecord: true})
	})
	if sampleErr != nil {
		t.Fatalf("loading the sample: %v", sampleErr)
	}
	return sample
}

// do sends a request to h and returns the status, the body and the response.
func do(t testing.TB, h http.Handler, method, target, body string) (int, string, *http.Response) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, rd)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	return res.StatusCode, rec.Body.String(), res
}

// results decodes {"result": [...]}.
func results(t *testing.T, body string) []any {
	t.Helper()
	var v struct {
		Result []any  `json:"result"`
		Error  string `json:"error"`
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("not JSON: %v: %q", err, body)
	}
	if v.Error != "" {
		t.Fatalf("error %q", v.Error)
	}
	return v.Result
}

// errorOf decodes {"error": "..."}.
func errorOf(t *testing.T, body string) string {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("not JSON: %v: %q", err, body)
	}
	s, _ := v["error"].(string)
	if s == "" || len(v) != 1 {
		t.Fatalf("not a JSON error: %q", body)
	}
	return s
}

func TestQueryGizmo(t *testing.T) {
	h := New(memStore(t, kerryDoc("k")), Options{QueryLimit: 250})
	type result = []any
	tests := []struct {
		name, target, query string
		want                []any // nil: compare only the count
		count               int
	}{
		{"v1 prelude", "/api/v1/query/gizmo", `entity("Kerry").out(rel("meet with")).out(name).all()`,
			result{map[string]any{"id": "Sergei Lavrov"}}, 1},
		{"v1 full IRIs", "/api/v1/query/gizmo", `g.V("<urn:newsgraph:e/sergei-lavrov>").out("<urn:newsgraph:r/praise>").out("<urn:newsgraph:name>").all()`,
			result{map[string]any{"id": "John Kerry"}}, 1},
		{"v1 tags", "/api/v1/query/gizmo", `facts("Lavrov", "praise", null).tag("st").out(ng("evidence")).tag("ev").all()`,
			nil, 1},
		{"v1 negated has no edge", "/api/v1/query/gizmo", `entity("Kerry").out(rel("meet")).all()`, nil, 0},
		{"v1 emit", "/api/v1/query/gizmo", `g.emit({n: 1}); g.emit("two")`, result{map[string]any{"n": 1.0}, "two"}, 2},
		{"v1 default limit", "/api/v1/query/gizmo", `for (var i = 0; i < 500; i++) g.emit(i)`, nil, DefaultResults},
		{"v1 asked limit", "/api/v1/query/gizmo?limit=7", `for (var i = 0; i < 500; i++) g.emit(i)`, nil, 7},
		{"v1 limit capped", "/api/v1/query/gizmo?limit=1000", `for (var i = 0; i < 500; i++) g.emit(i)`, nil, 250},
		{"v1 no limit is the cap", "/api/v1/query/gizmo?limit=-1", `for (var i = 0; i < 500; i++) g.emit(i)`, nil, 250},
		{"v2 POST", "/api/v2/query?lang=gizmo", `entity("Lavrov").out(name).all()`, result{map[string]any{"id": "Sergei Lavrov"}}, 1},
		{"v2 GET", "/api/v2/query?lang=gizmo&qu=" + url.QueryEscape(`entity("Lavrov").out(name).all()`), "",
			result{map[string]any{"id": "Sergei Lavrov"}}, 1},
		{"v2 limit", "/api/v2/query?lang=gizmo&limit=3", `g.V().all()`, nil, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			method := http.MethodPost
			if tc.query == "" {
				method = http.MethodGet
			}
			code, body, res := do(t, h, method, tc.target, tc.query)
			if code != http.StatusOK {
				t.Fatalf("status %d: %s", code, body)
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			got := results(t, body)
			if len(got) != tc.count {
				t.Fatalf("%d results, want %d: %s", len(got), tc.count, body)
			}
			if tc.want != nil {
				gb, _ := json.Marshal(got)
				wb, _ := json.Marshal(tc.want)
				if string(gb) != string(wb) {
					t.Errorf("got %s, want %s", gb, wb)
				}
			}
			if tc.count == 0 && !strings.Contains(body, `"result":null`) {
				t.Errorf("no results should be null, as Cayley answers: %s", body)
			}
		})
	}
}

// TestQueryLanguages checks Cayley's other query languages through both
// APIs.
func TestQueryLanguages(t *testing.T) {
	h := New(memStore(t, kerryDoc("k")), Options{})
	mql := `[{"id": null, "<urn:newsgraph:name>": "Sergei Lavrov"}]`
	tests := []struct {
		name, method, target, body, want string
	}{
		{"v1 mql", http.MethodPost, "/api/v1/query/mql", mql, `<urn:newsgraph:e/sergei-lavrov>`},
		{"v2 mql", http.MethodPost, "/api/v2/query?lang=mql", mql, `<urn:newsgraph:e/sergei-lavrov>`},
		{"v2 mql GET", http.MethodGet, "/api/v2/query?lang=mql&qu=" + url.QueryEscape(mql), "", `<urn:newsgraph:e/sergei-lavrov>`},
		{"v2 graphql", http.MethodPost, "/api/v2/query?lang=graphql",
			`{nodes(id: <urn:newsgraph:e/john-kerry>){id, <urn:newsgraph:name>}}`, `"John Kerry"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, body, _ := do(t, h, tc.method, tc.target, tc.body)
			body = strings.NewReplacer(`\u003c`, "<", `\u003e`, ">").Replace(body) // v1 escapes HTML
			if code != http.StatusOK || !strings.Contains(body, tc.want) {
				t.Fatalf("status %d, body %s; want 200 with %s", code, body, tc.want)
			}
		})
	}
}

func TestQueryErrors(t *testing.T) {
	h := New(memStore(t, kerryDoc("k")), Options{})
	tests := []struct {
		name, method, target, body, want string
	}{
		{"v1 syntax", http.MethodPost, "/api/v1/query/gizmo", `g.V(.all()`, "SyntaxError"},
		{"v1 thrown", http.MethodPost, "/api/v1/query/gizmo", `throw new Error("boom")`, "boom"},
		{"v1 unknown language", http.MethodPost, "/api/v1/query/cobol", `x`, "Unknown query language."},
		{"v1 bad limit", http.MethodPost, "/api/v1/query/gizmo?limit=ten", `g.V().all()`, "not an integer"},
		{"v2 no language", http.MethodPost, "/api/v2/query", `g.V().all()`, "not specified"},
		{"v2 unknown language", http.MethodGet, "/api/v2/query?lang=cobol&qu=x", "", "unknown query language"},
		{"v2 empty", http.MethodGet, "/api/v2/query?lang=gizmo", "", "query is empty"},
		{"v2 too large", http.MethodPost, "/api/v2/query?lang=gizmo", strings.Repeat(" ", maxQuerySize+1), "larger than"},
		{"v2 mql syntax", http.MethodPost, "/api/v2/query?lang=mql", `[{`, "unexpected"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, body, _ := do(t, h, tc.method, tc.target, tc.body)
			if code != http.StatusBadRequest {
				t.Errorf("status %d, want 400", code)
			}
			if msg := errorOf(t, body); !strings.Contains(msg, tc.want) {
				t.Errorf("error %q, want it to contain %q", msg, tc.want)
			}
		})
	}
}

// TestTimeout checks that a query looping forever is stopped at the time
// limit and answered with an error, in every API.
func TestTimeout(t *testing.T) {
	const limit = 300 * time.Millisecond
	h := New(memStore(t, kerryDoc("k")), Options{QueryTimeout: limit})
	tests := []struct{ name, target, body string }{
		{"v1 loop", "/api/v1/query/gizmo", `while (true) {}`},
		{"v2 loop", "/api/v2/query?lang=gizmo", `for (;;) { var x = 1; }`},
		{"v1 loop after results", "/api/v1/query/gizmo", `g.emit(1); while (true) {}`},
		{"v1 loop in callback", "/api/v1/query/gizmo", `g.V().forEach(function (v) { while (true) {} })`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			code, body, _ := do(t, h, http.MethodPost, tc.target, tc.body)
			took := time.Since(start)
			if code != http.StatusBadRequest {
				t.Errorf("status %d, want 400: %s", code, body)
			}
			if msg := errorOf(t, body); !strings.Contains(msg, "time limit") {
				t.Errorf("error %q does not name the time limit", msg)
			}
			if took < limit || took > limit+2*time.Second {
				t.Errorf("answered after %v, limit %v", took, limit)
			}
		})
	}
	// The server still answers afterwards.
	code, body, _ := do(t, h, http.MethodPost, "/api/v1/query/gizmo", `g.emit(42)`)
	if code != http.StatusOK || len(results(t, body)) != 1 {
		t.Fatalf("after timeouts: %d %s", code, body)
	}
}

// TestReadOnly checks that no write or delete endpoint exists, and that
// the store is unchanged after trying them.
func TestReadOnly(t *testing.T) {
	st := memStore(t, kerryDoc("k"))
	h := New(st, Options{})
	before := countQuads(t, st)
	nq := "<urn:x> <urn:y> <urn:z> .\n"
	for _, target := range []string{"/api/v2/write", "/api/v2/delete", "/api/v2/node/delete",
		"/api/v1/write", "/api/v1/write/file/nquad", "/api/v1/delete"} {
		for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodGet} {
			code, body, _ := do(t, h, method, target, nq)
			if code != http.StatusNotFound && code != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: status %d, want 404 or 405: %s", method, target, code, body)
			}
		}
	}
	for _, method := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch} {
		code, _, _ := do(t, h, method, "/api/v2/read", nq)
		if code != http.StatusMethodNotAllowed {
			t.Errorf("%s /api/v2/read: status %d, want 405", method, code)
		}
	}
	if after := countQuads(t, st); after != before {
		t.Errorf("the store changed: %d quads, then %d", before, after)
	}
}

func countQuads(t *testing.T, st *graph.Store) int {
	t.Helper()
	n := 0
	if err := st.Quads(context.Background(), func(quad.Quad) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRead(t *testing.T) {
	st := memStore(t, kerryDoc("k"))
	h := New(st, Options{})
	code, body, res := do(t, h, http.MethodGet, "/api/v2/read?sub="+url.QueryEscape("<urn:newsgraph:e/sergei-lavrov>"), "")
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.Contains(ct, "n-quads") {
		t.Errorf("Content-Type %q", ct)
	}
	lines := strings.Split(strings.TrimSpace(body), "\n")
	if len(lines) < 4 {
		t.Fatalf("%d quads: %s", len(lines), body)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "<urn:newsgraph:e/sergei-lavrov> ") {
			t.Errorf("quad of another subject: %s", l)
		}
	}
	if !strings.Contains(body, `<urn:newsgraph:r/praise> <urn:newsgraph:e/john-kerry>`) {
		t.Errorf("the fact edge is missing: %s", body)
	}
	// All of it, as JSON.
	code, body, _ = do(t, h, http.MethodGet, "/api/v2/read?format=json", "")
	var all []map[string]any
	if code != http.StatusOK || json.Unmarshal([]byte(body), &all) != nil {
		t.Fatalf("json read: %d %.200s", code, body)
	}
	if want := countQuads(t, st); len(all) != want {
		t.Errorf("read %d quads, the store has %d", len(all), want)
	}
	code, body, _ = do(t, h, http.MethodGet, "/api/v2/formats", "")
	if code != http.StatusOK || !strings.Contains(body, `"id":"nquads"`) {
		t.Errorf("formats: %d %s", code, body)
	}
}

func TestPage(t *testing.T) {
	h := New(memStore(t, kerryDoc("k")), Options{})
	code, _, res := do(t, h, http.MethodGet, "/", "")
	if code != http.StatusFound || res.Header.Get("Location") != "/graph" {
		t.Errorf("/: status %d, Location %q", code, res.Header.Get("Location"))
	}
	tests := []struct {
		target string
		code   int
		ctype  string
	}{
		{"/graph", http.StatusOK, "text/html"},
		{"/graph?name=Kerry", http.StatusOK, "text/html"},
		{"/graph/graph.js", http.StatusOK, "javascript"},
		{"/graph/graph.css", http.StatusOK, "text/css"},
		{"/graph/index.html", http.StatusNotFound, ""},
		{"/graph/missing.js", http.StatusNotFound, ""},
		{"/graph/../server.go", http.StatusNotFound, ""},
		{"/elsewhere", http.StatusNotFound, ""},
	}
	for _, tc := range tests {
		code, body, res := do(t, h, http.MethodGet, tc.target, "")
		if code != tc.code && !(tc.code == http.StatusNotFound && code/100 == 3) {
			t.Errorf("%s: status %d, want %d", tc.target, code, tc.code)
			continue
		}
		if tc.code != http.StatusOK {
			continue
		}
		if ct := res.Header.Get("Content-Type"); !strings.Contains(ct, tc.ctype) {
			t.Errorf("%s: Content-Type %q, want %s", tc.target, ct, tc.ctype)
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s: CSP %q", tc.target, csp)
		}
		if body == "" {
			t.Errorf("%s: empty", tc.target)
		}
	}
}

// TestPageSelfContained checks that the page loads nothing from elsewhere
// and has no inline script or style (so the CSP holds).
func TestPageSelfContained(t *testing.T) {
	url := regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}`)
	inline := regexp.MustCompile(`(?i)<script>|<script[^>]*>[^<]+</script>|\sstyle=|\son[a-z]+=|javascript:`)
	err := fs.WalkDir(webFS, "web", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(webFS, path)
		if err != nil {
			return err
		}
		for _, m := range url.FindAllString(string(b), -1) {
			if m != "http://www.w3.org" { // the SVG namespace, not a resource
				t.Errorf("%s refers to %s", path, m)
			}
		}
		if strings.HasSuffix(path, ".html") {
			if m := inline.FindString(string(b)); m != "" {
				t.Errorf("%s has inline code: %q", path, m)
			}
		}
		if strings.HasSuffix(path, ".js") && strings.Contains(string(b), "innerHTML") {
			t.Errorf("%s uses innerHTML: graph data must go in as text", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSampleAPI runs the page's kind of queries on the sample corpus.
func TestSampleAPI(t *testing.T) {
	h := New(sampleStore(t), Options{})
	code, body, _ := do(t, h, http.MethodPost, "/api/v1/query/gizmo",
		`entity("Kerry").tag("e").in(rdf("subject")).has(ng("polarity"), "+").out(ng("relation")).all()`)
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, body)
	}
	rels := map[string]bool{}
	for _, r := range results(t, body) {
		m, _ := r.(map[string]any)
		if s, ok := m["id"].(string); ok {
			rels[s] = true
		}
	}
	if !rels["meet with"] {
		t.Errorf("Kerry's relations %v lack \"meet with\"", rels)
	}
}

// boltStores makes a bolt store with one document, and returns it opened
// for writing and opened read-only (as serve does) with the given wait.
func boltStores(t *testing.T, wait time.Duration) (file string, w, r *graph.Store) {
	t.Helper()
	ctx := context.Background()
	file = filepath.Join(t.TempDir(), "g.db")
	w, err := graph.Open(ctx, file, graph.Options{LockTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	if _, err := w.Put(ctx, kerryDoc("k0")); err != nil {
		t.Fatal(err)
	}
	r, err = graph.Open(ctx, file, graph.Options{ReadOnly: true, LockTimeout: wait})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return file, w, r
}

// TestStoreBusy checks that a query that cannot get the store while a
// writer holds it is answered 503 with a JSON error, soon.
func TestStoreBusy(t *testing.T) {
	file, _, r := boltStores(t, 200*time.Millisecond)
	h := New(r, Options{})
	// Hold the bolt file as a writer does while it commits.
	f, err := os.OpenFile(file, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Skipf("cannot lock the file: %v", err)
	}
	for _, target := range []string{"/api/v1/query/gizmo", "/api/v2/query?lang=gizmo", "/api/v2/query?lang=mql", "/api/v2/read"} {
		body := `g.V().all()`
		if strings.Contains(target, "mql") {
			body = `[{"id": null}]`
		}
		start := time.Now()
		code, resp, res := do(t, h, http.MethodPost, target, body)
		if code != http.StatusServiceUnavailable {
			t.Errorf("%s: status %d, want 503: %s", target, code, resp)
			continue
		}
		if msg := errorOf(t, resp); !strings.Contains(msg, "retry") {
			t.Errorf("%s: error %q", target, msg)
		}
		if res.Header.Get("Retry-After") == "" {
			t.Errorf("%s: no Retry-After", target)
		}
		if took := time.Since(start); took > 3*time.Second {
			t.Errorf("%s: answered after %v", target, took)
		}
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	if code, body, _ := do(t, h, http.MethodPost, "/api/v1/query/gizmo", `entity("Kerry").all()`); code != http.StatusOK {
		t.Errorf("after the writer: %d %s", code, body)
	}
}

// TestConcurrentWriter runs queries while a writer keeps replacing
// documents of the same bolt file: each query works or gets 503, and the
// store is intact afterwards.
func TestConcurrentWriter(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	_, w, r := boltStores(t, 2*time.Second)
	srv := httptest.NewServer(New(r, Options{QueryTimeout: 5 * time.Second}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var writes atomic.Int64
	var werr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ctx.Err() == nil; i++ {
			if _, err := w.Put(ctx, kerryDoc(fmt.Sprintf("k%d", i%5))); err != nil {
				if !errors.Is(err, context.Canceled) {
					werr = err
				}
				return
			}
			writes.Add(1)
		}
	}()
	var ok, busy int
	var mu sync.Mutex
	var qwg sync.WaitGroup
	for c := 0; c < 3; c++ {
		qwg.Add(1)
		go func() {
			defer qwg.Done()
			// Query until the writer has replaced every document twice
			// (at least 15 queries each), within a time bound.
			deadline := time.Now().Add(30 * time.Second)
			for i := 0; (i < 15 || writes.Load() < 10) && time.Now().Before(deadline); i++ {
				res, err := http.Post(srv.URL+"/api/v1/query/gizmo", "text/plain",
					strings.NewReader(`entity("Kerry").out(rel("meet with")).all()`))
				if err != nil {
					t.Error(err)
					return
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				mu.Lock()
				switch res.StatusCode {
				case http.StatusOK:
					ok++
					if !strings.Contains(string(body), "e/sergei-lavrov") {
						t.Errorf("wrong answer during writes: %s", body)
					}
				case http.StatusServiceUnavailable:
					busy++
				default:
					t.Errorf("status %d: %s", res.StatusCode, body)
				}
				mu.Unlock()
			}
		}()
	}
	qwg.Wait()
	cancel()
	wg.Wait()
	if werr != nil {
		t.Fatalf("writer: %v", werr)
	}
	t.Logf("%d writes; %d queries answered, %d busy", writes.Load(), ok, busy)
	if ok == 0 {
		t.Error("no query got through")
	}
	if writes.Load() < 5 {
		t.Errorf("the writer wrote %d times, want at least 5 (every document)", writes.Load())
	}
	var n int
	if err := w.Query(context.Background(), `g.V().has(rdf("type"), ng("Document")).all()`, 0, func(any) error { n++; return nil }); err != nil || n != 5 {
		t.Errorf("after: %d documents, err %v; want 5", n, err)
	}
}
