package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLimitsInHash: a rerun under other output-changing limits processes
// every document again, and gives the graph a fresh run under those limits
// gives; a rerun under the same limits skips them.
func TestLimitsInHash(t *testing.T) {
	dir := writeCorpus(t, 6)
	st := open(t, filepath.Join(t.TempDir(), "g.db"))
	defer st.Close()
	run(t, st, Config{Workers: 2}, dir)
	for _, l := range []Limits{{MaxSentenceTokens: 6}, {MaxFacts: 2}, {PartBytes: 64}} {
		sum := run(t, st, Config{Workers: 2, Limits: l}, dir)
		if sum.Skipped != 0 || sum.Documents != 6 {
			t.Errorf("%+v after other limits: %d of %d skipped, want none", l, sum.Skipped, sum.Documents)
		}
		sum = run(t, st, Config{Workers: 2, Limits: l}, dir)
		if sum.Skipped != 6 {
			t.Errorf("%+v again: %d of %d skipped, want all", l, sum.Skipped, sum.Documents)
		}
		fresh := open(t, "memory")
		run(t, fresh, Config{Workers: 1, Limits: l}, dir)
		if got, want := export(t, st), export(t, fresh); got != want {
			t.Errorf("%+v: the rerun's graph differs from a fresh run's:\n%s", l, diffLines(got, want))
		}
		fresh.Close()
	}
}

// TestLargeDocument: a document longer than PartBytes goes through the
// pipeline in parts, its facts in sentence order and within MaxFacts,
// beside small documents that do not.
func TestLargeDocument(t *testing.T) {
	dir := writeCorpus(t, 3)
	var b strings.Builder
	for i := 0; b.Len() < 4000; i++ {
		b.WriteString(sentences[i%len(sentences)])
		b.WriteString(" ")
		if i%3 == 2 {
			b.WriteString("\n\n")
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "large.txt"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	st := open(t, "memory")
	defer st.Close()
	sum := run(t, st, Config{Workers: 2, Limits: Limits{PartBytes: 500, MaxFacts: 20}}, dir)
	if sum.Documents != 4 || len(sum.Failed) != 0 {
		t.Fatalf("summary %+v", sum)
	}
	counts := labelCounts(t, st)
	var large int
	for label, n := range counts {
		if strings.Contains(label, "large") {
			large = n
		}
	}
	if large == 0 {
		t.Errorf("no quads labelled by the large document: %v", counts)
	}
	small := open(t, "memory")
	defer small.Close()
	s1 := run(t, small, Config{Workers: 1, Limits: Limits{MaxFacts: 20}}, dir)
	if sum.Facts != s1.Facts {
		t.Errorf("facts in parts %d, whole %d: the cap keeps the first 20 either way", sum.Facts, s1.Facts)
	}
	// In parts, analysis stopped at the part that passed MaxFacts.
	if sum.Sentences >= s1.Sentences {
		t.Errorf("sentences analysed in parts %d, whole %d: want fewer in parts", sum.Sentences, s1.Sentences)
	}
}
