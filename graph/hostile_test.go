package graph

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestQuerySafety runs hostile Gizmo queries against a bolt store: none can
// reach files, the network or modules, none writes (the file's bytes and
// the quads stay as they were), and none outlives its deadline.
func TestQuerySafety(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.db")
	st := open(t, path, Options{})
	put(t, st, kerryDoc(), crimeaDoc())
	before := quadSetOf(t, st)
	st.Close()
	bytesBefore, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ro := open(t, path, Options{ReadOnly: true})

	secret := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(secret, []byte("TOP-SECRET"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Each of these must fail: the script has no way out of the VM.
	escapes := []string{
		`require("fs").readFileSync("` + secret + `")`,
		`fetch("http://127.0.0.1:1/")`,
		`new XMLHttpRequest()`,
		`import("fs")`,
		`import fs from "fs"`,
		`load("` + secret + `")`,
		`readFile("` + secret + `")`,
		`process.env`,
		`os.Open("` + secret + `")`,
		`Deno.readTextFileSync("` + secret + `")`,
		`new WebSocket("ws://127.0.0.1:1/")`,
		`g.s.qs.ApplyDeltas([])`,
		`g.addQuad("a", "b", "c")`,
		`g.V().write()`,
		`g.V().addQuad("a", "b", "c")`,
		`g.V().remove()`,
	}
	for _, q := range escapes {
		var got []any
		err := ro.Query(context.Background(), q, 0, func(v any) error { got = append(got, v); return nil })
		if err == nil {
			t.Errorf("%s: no error (results %v)", q, got)
		}
		t.Logf("%s: %v", q, err)
	}
	// Namespaces a query registers live in its session only.
	if err := ro.Query(context.Background(), `g.addNamespace("x", "http://evil.example/"); g.emit(g.IRI("x:y"))`, 0, func(any) error { return nil }); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`g.emit(g.IRI("x:y"))`, `g.loadNamespaces(); g.emit(g.IRI("x:y"))`} {
		for _, v := range results(t, ro, q, 0) {
			if strings.Contains(v, "evil.example") {
				t.Errorf("%s: %q: a namespace outlived its query", q, v)
			}
		}
	}
	// Scripts that never end stop at the deadline: loops, recursion, a
	// traversal with a script in its callbacks.
	forever := []string{
		`for (;;) {}`,
		`function f(n) { return f(n + 1) + 1 } f(0)`,
		`var s = "x"; while (true) { s = s.substr(1) + "y" }`,
		`g.V().forEach(function (v) { while (true) {} })`,
	}
	for _, q := range forever {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		start := time.Now()
		err := ro.Query(ctx, q, 0, func(any) error { return nil })
		cancel()
		t.Logf("%s: %v after %v", q, err, time.Since(start).Round(time.Millisecond))
		if err == nil {
			t.Errorf("%s: ended without error", q)
		} else if !errors.Is(err, context.DeadlineExceeded) && !strings.Contains(err.Error(), "stack") {
			t.Errorf("%s: %v, want the deadline", q, err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: stopped after %v", q, d)
		}
	}
	ro.Close()

	bytesAfter, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(bytesAfter) != string(bytesBefore) {
		t.Error("queries changed the store file")
	}
	after := quadSetOf(t, open(t, path, Options{ReadOnly: true}))
	if !mapsEqual(before, after) {
		t.Errorf("queries changed the quads: %d before, %d after", len(before), len(after))
	}
}
