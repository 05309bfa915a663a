package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// queryRows runs a query file of queries/ with args and returns its exit
// status, its results as objects, and stderr.
func queryRows(t *testing.T, store, file string, args ...string) (int, []map[string]any, string) {
	t.Helper()
	cmd := []string{"query", "--store", store, "--limit", "0", "-f", filepath.Join("queries", file)}
	for _, a := range args {
		cmd = append(cmd, "--arg", a)
	}
	code, stdout, stderr := ng(t, "", cmd...)
	var rows []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		if line == "" {
			continue
		}
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%s: result %q is not a JSON object: %v", file, line, err)
		}
		rows = append(rows, r)
	}
	return code, rows, stderr
}

// has reports whether some row has all the fields of want.
func has(rows []map[string]any, want map[string]any) bool {
	return slices.ContainsFunc(rows, func(r map[string]any) bool {
		for k, v := range want {
			if fmt.Sprint(r[k]) != fmt.Sprint(v) {
				return false
			}
		}
		return true
	})
}

// all checks that every row satisfies ok.
func all(rows []map[string]any, ok func(map[string]any) bool) error {
	for _, r := range rows {
		if !ok(r) {
			return fmt.Errorf("row %v", r)
		}
	}
	return nil
}

// TestQueries runs each query of queries/ on the sample corpus and checks
// its answer.
func TestQueries(t *testing.T) {
	store := sampleStore(t)
	annex := map[string]any{"subject": "Russia", "relation": "annex", "object": "Crimea"}
	tests := []struct {
		file string
		args []string
		code int
		// check returns what is wrong with the rows, or nil
		check func(rows []map[string]any) error
	}{
		{"entity-facts.js", []string{"name=Sergei Lavrov"}, 0, func(rows []map[string]any) error {
			if !has(rows, map[string]any{"subject": "John Kerry", "relation": "meet with", "object": "Sergei Lavrov", "doc": "kerry-lavrov-paris", "polarity": "+"}) {
				return fmt.Errorf("Kerry meet with Lavrov missing")
			}
			if !has(rows, map[string]any{"subject": "Sergei Lavrov", "relation": "tell", "doc": "kerry-lavrov-paris"}) {
				return fmt.Errorf("Lavrov tell reporters missing")
			}
			return all(rows, func(r map[string]any) bool {
				return (r["subject"] == "Sergei Lavrov" || r["object"] == "Sergei Lavrov") && r["evidence"] != nil
			})
		}},
		{"entity-facts.js", []string{"name=Lavrov", "role=object"}, 0, func(rows []map[string]any) error {
			if len(rows) == 0 {
				return fmt.Errorf("no facts with Lavrov as object")
			}
			return all(rows, func(r map[string]any) bool { return r["object"] == "Sergei Lavrov" })
		}},
		{"entity-facts.js", []string{"name=Nobody Atall"}, 0, func(rows []map[string]any) error {
			if len(rows) > 0 {
				return fmt.Errorf("facts of nobody: %v", rows)
			}
			return nil
		}},
		{"entity-facts.js", nil, 1, nil},
		{"entity-facts.js", []string{"name=Lavrov", "role=both"}, 1, nil},
		{"who-met-whom.js", nil, 0, func(rows []map[string]any) error {
			if !has(rows, map[string]any{"a": "John Kerry", "b": "Sergei Lavrov", "doc": "kerry-lavrov-paris"}) {
				return fmt.Errorf("Kerry met Lavrov missing")
			}
			return all(rows, func(r map[string]any) bool { return r["b"] != "Zürich" && r["a"] != r["b"] })
		}},
		{"who-met-whom.js", []string{"name=Sergei Lavrov"}, 0, func(rows []map[string]any) error {
			if len(rows) != 1 || !has(rows, map[string]any{"a": "John Kerry", "b": "Sergei Lavrov"}) {
				return fmt.Errorf("want only Kerry met Lavrov")
			}
			return nil
		}},
		{"country-actions.js", []string{"name=Russia"}, 0, func(rows []map[string]any) error {
			for _, doc := range []string{"crimea-vote", "kerry-lavrov-paris"} {
				if !has(rows, map[string]any{"relation": "annex", "object": "Crimea", "doc": doc}) {
					return fmt.Errorf("Russia annex Crimea in %s missing", doc)
				}
			}
			return all(rows, func(r map[string]any) bool { return r["polarity"] == "+" })
		}},
		{"country-actions.js", []string{"name=John Kerry"}, 0, func(rows []map[string]any) error {
			if len(rows) > 0 {
				return fmt.Errorf("a person is not a country: %v", rows)
			}
			return nil
		}},
		{"facts-evidence.js", []string{"subject=Russia", "relation=annex", "object=Crimea"}, 0, func(rows []map[string]any) error {
			if len(rows) != 2 || !has(rows, map[string]any{"doc": "crimea-vote"}) || !has(rows, map[string]any{"doc": "kerry-lavrov-paris"}) {
				return fmt.Errorf("want the 2 documents")
			}
			return all(rows, func(r map[string]any) bool {
				ev, _ := r["evidence"].(string)
				return has([]map[string]any{r}, annex) && strings.Contains(ev, "annex") && r["title"] != nil
			})
		}},
		{"facts-evidence.js", []string{"min_confidence=0.75"}, 0, func(rows []map[string]any) error {
			if len(rows) == 0 {
				return fmt.Errorf("no confident facts")
			}
			return all(rows, func(r map[string]any) bool { c, _ := r["confidence"].(float64); return c >= 0.75 })
		}},
		{"facts-evidence.js", []string{"min_confidence=high"}, 1, nil},
		{"multi-source.js", nil, 0, func(rows []map[string]any) error {
			if !has(rows, map[string]any{"subject": "Russia", "relation": "annex", "object": "Crimea", "count": 2,
				"docs": []any{"crimea-vote", "kerry-lavrov-paris"}}) {
				return fmt.Errorf("Russia annex Crimea in 2 documents missing")
			}
			return all(rows, func(r map[string]any) bool { return r["count"].(float64) >= 2 })
		}},
		{"multi-source.js", []string{"min=3"}, 0, func(rows []map[string]any) error {
			if has(rows, annex) {
				return fmt.Errorf("Russia annex Crimea is in 2 documents, not 3")
			}
			return nil
		}},
		{"multi-source.js", []string{"min=1", "relation=annex"}, 0, func(rows []map[string]any) error {
			if len(rows) == 0 {
				return fmt.Errorf("no annex facts")
			}
			return all(rows, func(r map[string]any) bool { return r["relation"] == "annex" })
		}},
		{"multi-source.js", []string{"min=0"}, 1, nil},
		{"shared-entities.js", []string{"a=crimea-vote", "b=kerry-lavrov-paris"}, 0, func(rows []map[string]any) error {
			for _, e := range []string{"Russia", "Crimea"} {
				if !has(rows, map[string]any{"entity": e, "type": "Place"}) {
					return fmt.Errorf("%s missing", e)
				}
			}
			if has(rows, map[string]any{"entity": "Sergei Lavrov"}) || has(rows, map[string]any{"entity": "Barack Obama"}) {
				return fmt.Errorf("an entity of one document only")
			}
			return nil
		}},
		{"shared-entities.js", []string{"a=wire-003", "b=no-such-doc"}, 0, func(rows []map[string]any) error {
			if len(rows) > 0 {
				return fmt.Errorf("entities shared with a missing document: %v", rows)
			}
			return nil
		}},
		{"shared-entities.js", []string{"a=wire-003"}, 1, nil},
		{"denials.js", []string{"name=John Kerry"}, 0, func(rows []map[string]any) error {
			if !has(rows, map[string]any{"subject": "John Kerry", "relation": "accept", "doc": "kerry-lavrov-paris"}) {
				return fmt.Errorf("Kerry did not accept the plan: missing")
			}
			return nil
		}},
		{"denials.js", nil, 0, func(rows []map[string]any) error {
			if has(rows, annex) || len(rows) < 2 {
				return fmt.Errorf("want the denials and only them")
			}
			return nil
		}},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		seen[tt.file] = true
		t.Run(tt.file+"/"+strings.Join(tt.args, ","), func(t *testing.T) {
			code, rows, stderr := queryRows(t, store, tt.file, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, stderr)
			}
			if tt.check != nil {
				if err := tt.check(rows); err != nil {
					t.Errorf("%v; got:\n%v", err, rows)
				}
			}
		})
	}
	files, _ := filepath.Glob("queries/*.js")
	for _, f := range files {
		if !seen[filepath.Base(f)] {
			t.Errorf("%s has no test", f)
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(b), "// "+filepath.Base(f)+" — ") {
			t.Errorf("%s: no header comment naming the file and what it answers", f)
		}
	}
}

// TestQueryArgs checks that --arg values reach the query as they are,
// however hostile, and that bad flags are usage errors.
func TestQueryArgs(t *testing.T) {
	store := sampleStore(t)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"x=plain"}, 0, `"plain"`},
		{[]string{"x="}, 0, `""`},
		{[]string{"x=a=b"}, 0, `"a=b"`},
		{[]string{`x="); g.emit("pwned`}, 0, `"\"); g.emit(\"pwned"`},
		{[]string{"x=\\\" '\n</script>\u2028\u2029 Шойгу 😀"}, 0, `"\\\" '\n</script>\u2028\u2029 Шойгу 😀"`},
		{[]string{"x=first", "x=last"}, 0, `"last"`},
		{[]string{"y=1"}, 0, ""}, // args.x undefined: nothing emitted
		{[]string{"noequals"}, exitUsage, ""},
		{[]string{"1x=3"}, exitUsage, ""},
		{[]string{"a.b=3"}, exitUsage, ""},
		{[]string{"=3"}, exitUsage, ""},
	}
	for _, tt := range tests {
		cmd := []string{"query", "--store", store}
		for _, a := range tt.args {
			cmd = append(cmd, "--arg", a)
		}
		code, stdout, stderr := ng(t, "", append(cmd, "if (args.x !== undefined) g.emit(args.x)")...)
		if code != tt.code || strings.TrimSpace(stdout) != tt.want {
			t.Errorf("%q: exit %d, output %q; want %d, %q (stderr %s)", tt.args, code, stdout, tt.code, tt.want, stderr)
		}
	}
	// Errors keep the query's line numbers.
	_, _, stderr := ng(t, "", "query", "--store", store, "--arg", "x=1", "\n\nthrow new Error('boom')")
	if !strings.Contains(stderr, "boom") || !strings.Contains(stderr, ":3:") {
		t.Errorf("error %q does not name line 3", stderr)
	}
}
