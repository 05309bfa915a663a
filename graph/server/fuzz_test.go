package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"
)

// FuzzQuery checks that any query, in any language and with any limit,
// is answered with JSON: results (200) or an error (400), never a crash.
func FuzzQuery(f *testing.F) {
	f.Add("gizmo", "10", `entity("Kerry").out(rel("meet with")).all()`)
	f.Add("gizmo", "-1", `g.emit(g.V().count())`)
	f.Add("gizmo", "x", `g.V(`)
	f.Add("gizmo", "", `while (true) {}`)
	f.Add("mql", "3", `[{"id": null}]`)
	f.Add("mql", "", `{"id": [`)
	f.Add("graphql", "", `{nodes{id}}`)
	f.Add("sql", "1", `select 1`)
	st := memStore(f, kerryDoc("k"))
	h := New(st, Options{QueryTimeout: 100 * time.Millisecond, QueryLimit: 50})
	f.Fuzz(func(t *testing.T, lang, limit, q string) {
		target := "/api/v2/query?" + url.Values{"lang": {lang}, "limit": {limit}}.Encode()
		code, body, _ := do(t, h, http.MethodPost, target, q)
		var v map[string]any
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			t.Fatalf("status %d, not JSON: %v: %q", code, err, body)
		}
		switch code {
		case http.StatusOK:
			if _, ok := v["result"]; !ok && lang != "graphql" {
				t.Errorf("200 without result: %s", body)
			}
			if r, ok := v["result"].([]any); ok && len(r) > 50 {
				t.Errorf("%d results, limit 50", len(r))
			}
		case http.StatusBadRequest:
			if _, ok := v["error"].(string); !ok && lang != "graphql" {
				t.Errorf("400 without error: %s", body)
			}
		default:
			t.Errorf("status %d: %s", code, body)
		}
	})
}
