package graph

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestQueryCrashGuards: values that make cayley's gizmo panic in a
// goroutine of its own (objects with frozen or accessor properties) are
// neutralised by the prelude or refused with an error; the process lives.
func TestQueryCrashGuards(t *testing.T) {
	st := open(t, Memory, Options{})
	put(t, st, kerryDoc(), crimeaDoc())
	tests := []struct {
		query string
		want  string // a result, or the start of the error
	}{
		{`g.emit(Object.freeze({a: 1}))`, `map[a:1]`},
		{`g.emit(Object.seal({a: 1}))`, `map[a:1]`},
		{`g.emit([Object.freeze({a: 1})])`, `[map[a:1]]`},
		{`var o = {}; Object.defineProperty(o, "a", {value: 1, writable: false, enumerable: true}); g.emit(o)`, `map[a:1]`},
		{`g.emit(Object.create({}, {a: {value: 2, enumerable: true}}))`, `map[a:2]`},
		{`g.emit({get a() { return 1 }})`, `query: getters and setters`},
		{`var o = {}; Object.defineProperty(o, "a", {get: function () { return 1 }}); g.emit(o)`, `query: TypeError: accessor properties`},
		{`g.emit(this)`, `query: TypeError: the global object`},
		{`g.V(this).all()`, `query: TypeError: the global object`},
		{`g.emit([1, this])`, `query: TypeError: the global object`},
		{`entity("Russia").out(rel("annex")).out(name).unique().all()`, `Crimea`},
	}
	for _, tt := range tests {
		var got []string
		err := st.Query(context.Background(), tt.query, 10, func(v any) error {
			got = append(got, strings.TrimSpace(strings.ReplaceAll(fmtValue(v), "\n", " ")))
			return nil
		})
		switch {
		case err != nil && (tt.want == "" || !strings.HasPrefix(err.Error(), tt.want)):
			t.Errorf("%s: error %v, want %q", tt.query, err, tt.want)
		case err == nil && tt.want != "" && !strings.Contains(strings.Join(got, " "), tt.want):
			t.Errorf("%s: got %q, want %q", tt.query, got, tt.want)
		}
	}
}

func fmtValue(v any) string {
	if m, ok := v.(map[string]any); ok {
		if id, ok := m["id"]; ok && len(m) == 1 {
			return strings.TrimSpace(sprint(id))
		}
	}
	return sprint(v)
}

func sprint(v any) string { return fmt.Sprint(v) }
