package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsgraph/nlp"
	"newsgraph/out"
)

func TestCapFacts(t *testing.T) {
	facts := func(n int) []nlp.Fact {
		fs := make([]nlp.Fact, n)
		for i := range fs {
			fs[i] = nlp.Fact{Sent: i / 2, Relation: fmt.Sprint("r", i)}
		}
		return fs
	}
	tests := []struct {
		max, n, want int
		logged       bool
	}{
		{max: 0, n: 5, want: 5},
		{max: -1, n: 5, want: 5},
		{max: 5, n: 5, want: 5},
		{max: 9, n: 5, want: 5},
		{max: 3, n: 5, want: 3, logged: true},
		{max: 1, n: 2, want: 1, logged: true},
		{max: 2, n: 0, want: 0},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("max=%d,n=%d", tc.max, tc.n), func(t *testing.T) {
			var logBuf bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logBuf, nil))
			d := &nlp.Doc{ID: "d", Facts: facts(tc.n)}
			cut := Limits{MaxFacts: tc.max}.capFacts(d, "src.txt", log)
			if cut != tc.logged || len(d.Facts) != tc.want {
				t.Fatalf("capFacts: cut %v, %d facts; want %v, %d", cut, len(d.Facts), tc.logged, tc.want)
			}
			for i, f := range d.Facts {
				if f.Relation != fmt.Sprint("r", i) {
					t.Errorf("fact %d is %q: not the first ones in order", i, f.Relation)
				}
			}
			if got := logBuf.String(); tc.logged != (got != "") {
				t.Errorf("log %q, want a line: %v", got, tc.logged)
			} else if tc.logged {
				for _, want := range []string{"doc=d", "source=src.txt", fmt.Sprint("facts=", tc.n), fmt.Sprint("kept=", tc.want)} {
					if !strings.Contains(got, want) {
						t.Errorf("log %q lacks %q", got, want)
					}
				}
			}
		})
	}
}

// TestRunMaxFacts runs a corpus with and without a fact limit: with it,
// every document keeps the facts of its earliest sentences, no more than
// the limit, and the limit is logged.
func TestRunMaxFacts(t *testing.T) {
	dir := t.TempDir()
	var text strings.Builder
	for i := range 4 {
		text.WriteString(strings.Join(sentences, " "))
		fmt.Fprintf(&text, " Report %d ends here.\n\n", i)
	}
	for _, name := range []string{"long-a.txt", "long-b.txt"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ref := open(t, "memory")
	defer ref.Close()
	all := run(t, ref, Config{Workers: 2}, dir)
	want, err := out.Facts(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	const limit = 3
	if all.Facts <= 2*limit {
		t.Fatalf("reference run has %d facts: too few to test a limit of %d", all.Facts, limit)
	}

	var logBuf bytes.Buffer
	st := open(t, "memory")
	defer st.Close()
	sum := run(t, st, Config{Workers: 2, Log: slog.New(slog.NewTextHandler(&logBuf, nil)), Limits: Limits{MaxFacts: limit}}, dir)
	if sum.Facts != 2*limit {
		t.Errorf("capped run: %d facts, want %d", sum.Facts, 2*limit)
	}
	got, err := out.Facts(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range []string{"long-a", "long-b"} {
		kept, maxSent := map[string]bool{}, -1
		for _, f := range got {
			if f.Doc == doc {
				kept[fmt.Sprint(f.Sent, f.Subject, f.Relation, f.Object)] = true
				maxSent = max(maxSent, f.Sent)
			}
		}
		if len(kept) != limit {
			t.Errorf("%s: %d facts kept, want %d", doc, len(kept), limit)
		}
		for _, f := range want {
			k := fmt.Sprint(f.Sent, f.Subject, f.Relation, f.Object)
			if f.Doc == doc && f.Sent < maxSent && !kept[k] {
				t.Errorf("%s: fact %s of sentence %d dropped while one of sentence %d was kept", doc, k, f.Sent, maxSent)
			}
		}
		if !strings.Contains(logBuf.String(), "doc="+doc) {
			t.Errorf("the cut of %s is not logged:\n%s", doc, logBuf.String())
		}
	}
}
