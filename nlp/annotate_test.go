package nlp

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"newsgraph/corpus"
)

func TestAnnotateOffsets(t *testing.T) {
	text := "“We can’t,” he said.  Kerry’s aide met John F. Kerry in Paris. The U.S. agreed."
	an, err := annotator(t).Annotate(context.Background(), corpus.Doc{ID: "o", Text: text})
	if err != nil {
		t.Fatal(err)
	}
	if len(an.Sentences) < 2 {
		t.Fatalf("got %d sentences", len(an.Sentences))
	}
	n := 0
	for _, s := range an.Sentences {
		if text[s.Start:s.Start+len(s.Text)] != s.Text {
			t.Errorf("sentence offset %d does not locate %q", s.Start, s.Text)
		}
		for _, tk := range s.Tokens {
			n++
			if tk.In(text) != tk.Text {
				t.Errorf("token %q at %d does not match the text", tk.Text, tk.Start)
			}
			switch tk.Text {
			case "“":
				if tk.Tag != "``" {
					t.Errorf("opening quote tagged %s", tk.Tag)
				}
			case "’s":
				if tk.Tag != "POS" {
					t.Errorf("possessive tagged %s", tk.Tag)
				}
			}
		}
	}
	if n != an.Tokens {
		t.Errorf("Tokens = %d, counted %d", an.Tokens, n)
	}
}

func TestLongSentenceSplit(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 120; i++ {
		b.WriteString("the farmers sold apples, ")
	}
	b.WriteString("and the market closed.")
	an, err := annotator(t).Annotate(context.Background(), corpus.Doc{ID: "long", Text: b.String()})
	if err != nil {
		t.Fatal(err)
	}
	if len(an.Sentences) < 3 {
		t.Fatalf("a %d-token sentence gave %d pieces", an.Tokens, len(an.Sentences))
	}
	for _, s := range an.Sentences {
		if len(s.Tokens) > DefaultMaxSentenceTokens {
			t.Errorf("piece of %d tokens", len(s.Tokens))
		}
		if last := s.Tokens[len(s.Tokens)-1].Text; last != "," && last != "." {
			t.Errorf("piece ends at %q, not a comma", last)
		}
	}
}

func TestAnnotateCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := annotator(t).Annotate(ctx, corpus.Doc{ID: "c", Text: "One. Two."})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestConcurrent(t *testing.T) {
	texts := []string{
		"Germany and France signed the treaty. The bank did not raise rates.",
		"Secretary of State John Kerry met Sergei Lavrov. Kerry thanked him.",
	}
	want := make([][]string, len(texts))
	for i, s := range texts {
		want[i] = factStrings(extractText(t, s))
	}
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Go(func() {
			for i, s := range texts {
				got := factStrings(extractText(t, s))
				if strings.Join(got, "\n") != strings.Join(want[i], "\n") {
					t.Errorf("concurrent run differs: %q vs %q", got, want[i])
				}
			}
		})
	}
	wg.Wait()
}

func FuzzExtract(f *testing.F) {
	f.Add("Putin and Obama instructed diplomats to seek a way out.")
	f.Add("“We have absolutely no intention of crossing Ukraine’s borders,” Lavrov said.")
	f.Add("the plan Kerry took to Paris includes the disarmament of forces")
	f.Add("He. She, it; and , but was by of F. . ’s")
	f.Add("A A A A. B b. 1999 Inc. U.S.")
	a, err := NewAnnotator()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		an, err := a.Annotate(context.Background(), corpus.Doc{ID: "f", Text: text})
		if err != nil {
			t.Fatal(err)
		}
		d := Extract(an)
		for _, fc := range d.Facts {
			if fc.Sent < 0 || fc.Sent >= len(d.Sentences) {
				t.Fatalf("fact sentence %d out of range", fc.Sent)
			}
			if fc.Subject.Text == "" || fc.Object.Text == "" || fc.Relation == "" {
				t.Fatalf("empty field in %+v", fc)
			}
			if fc.Confidence < 0 || fc.Confidence > 1 {
				t.Fatalf("confidence %v", fc.Confidence)
			}
		}
		for i := 1; i < len(d.Entities); i++ {
			if d.Entities[i-1].Key >= d.Entities[i].Key {
				t.Fatalf("entities not sorted and unique at %d", i)
			}
		}
	})
}

// bbcTexts loads up to n BBC articles, skipping when the data is absent.
func bbcTexts(b testing.TB, n int) []corpus.Doc {
	b.Helper()
	files, _ := filepath.Glob(filepath.Join(sharedDir, "news", "bbc", "*", "*.txt"))
	if len(files) == 0 {
		b.Skip("no BBC articles in " + sharedDir + "/news/bbc (shared data absent)")
	}
	if len(files) > n {
		files = files[:n]
	}
	docs := make([]corpus.Doc, 0, len(files))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, corpus.Doc{ID: filepath.Base(f), Text: string(data)})
	}
	return docs
}

func BenchmarkAnnotate(b *testing.B) {
	docs := bbcTexts(b, 200)
	a := annotator(b)
	toks := 0
	b.ResetTimer()
	for b.Loop() {
		toks = 0
		for _, d := range docs {
			an, err := a.Annotate(context.Background(), d)
			if err != nil {
				b.Fatal(err)
			}
			toks += an.Tokens
		}
	}
	b.ReportMetric(float64(toks)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkExtract(b *testing.B) {
	docs := bbcTexts(b, 200)
	a := annotator(b)
	ans := make([]*Annotation, len(docs))
	toks := 0
	for i, d := range docs {
		an, err := a.Annotate(context.Background(), d)
		if err != nil {
			b.Fatal(err)
		}
		ans[i] = an
		toks += an.Tokens
	}
	b.ResetTimer()
	for b.Loop() {
		for _, an := range ans {
			Extract(an)
		}
	}
	b.ReportMetric(float64(toks)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func TestHeadlineSplit(t *testing.T) {
	text := "Oscars night for Bill Conti\n\nBill Conti led the orchestra.\nShort line\nThe band played."
	an, err := annotator(t).Annotate(context.Background(), corpus.Doc{ID: "h", Text: text})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range an.Sentences {
		got = append(got, s.Text)
	}
	want := []string{"Oscars night for Bill Conti", "Bill Conti led the orchestra.", "Short line", "The band played."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sentences %q, want %q", got, want)
	}
}
