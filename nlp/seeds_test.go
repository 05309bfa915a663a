package nlp

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"newsgraph/corpus"
)

const sharedDir = "../../shared"

// writeFactsTSV writes facts in the export layout the gold scorer reads.
func writeFactsTSV(path string, docs []*Doc) error {
	var b strings.Builder
	b.WriteString("doc\tsent\tsubject\trelation\tobject\tpolarity\tconfidence\tevidence\n")
	clean := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	// One name per key across documents, as the graph keeps one node per key.
	names := map[string]string{}
	for _, d := range docs {
		for _, e := range d.Entities {
			old, ok := names[e.Key]
			nw, ow := len(strings.Fields(e.Name)), len(strings.Fields(old))
			if !ok || nw > ow || nw == ow && (len(e.Name) > len(old) || len(e.Name) == len(old) && e.Name < old) {
				names[e.Key] = e.Name
			}
		}
	}
	name := func(_ *Doc, a Arg) string {
		if n, ok := names[a.Entity]; ok {
			return n
		}
		return a.Text
	}
	for _, d := range docs {
		for _, f := range d.Facts {
			pol := "+"
			if f.Negated {
				pol = "-"
			}
			fmt.Fprintf(&b, "%s\t%d\t%s\t%s\t%s\t%s\t%.2f\t%s\n", d.ID, f.Sent, clean(name(d, f.Subject)),
				f.Relation, clean(name(d, f.Object)), pol, f.Confidence, clean(d.Sentences[f.Sent]))
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func seedDocs(t testing.TB) []*Doc {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(sharedDir, "seeds", "*.txt"))
	if len(files) == 0 {
		t.Skip("no seed articles in " + sharedDir + "/seeds (shared data absent)")
	}
	a, err := NewAnnotator()
	if err != nil {
		t.Fatal(err)
	}
	var docs []*Doc
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		id := strings.TrimSuffix(filepath.Base(f), ".txt")
		d := corpus.Doc{ID: id, Source: f, Text: corpus.Clean(string(b))}
		an, err := a.Annotate(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, Extract(an))
	}
	return docs
}

func TestSeeds(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found")
	}
	docs := seedDocs(t)
	out := filepath.Join(t.TempDir(), "facts.tsv")
	if err := writeFactsTSV(out, docs); err != nil {
		t.Fatal(err)
	}
	if p := os.Getenv("NLP_FACTS_OUT"); p != "" {
		_ = writeFactsTSV(p, docs)
	}
	gold := filepath.Join(sharedDir, "gold")
	js, err := exec.Command("python3", filepath.Join(gold, "kgscore.py"), out, gold, "--json").Output()
	if err != nil {
		t.Fatalf("kgscore: %v", err)
	}
	detail, _ := exec.Command("python3", filepath.Join(gold, "kgscore.py"), out, gold).Output()
	t.Logf("kgscore: %s\n%s", js, detail)
	var r struct {
		Recall    float64 `json:"recall"`
		Violated  int     `json:"negatives_violated"`
		Resolved  int     `json:"entities_resolved"`
		Seen      int     `json:"entities_seen"`
		Exported  int     `json:"facts_exported"`
		FactsGold int     `json:"facts_gold"`
	}
	if err := json.Unmarshal(js, &r); err != nil {
		t.Fatalf("kgscore output %q: %v", js, err)
	}
	if r.Recall < 0.5 {
		t.Errorf("recall %.3f < 0.50", r.Recall)
	}
	if r.Violated != 0 {
		t.Errorf("%d negatives violated", r.Violated)
	}
}
