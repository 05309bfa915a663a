package nlp

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"newsgraph/corpus"
)

// checkParts asserts what parts promises of any text: the ranges cover it
// exactly, in order, each holds at most max bytes (or one character), and
// none splits a character.
func checkParts(t *testing.T, text string, max int, ps [][2]int) {
	t.Helper()
	at := 0
	for _, p := range ps {
		if p[0] != at || p[1] <= p[0] {
			t.Fatalf("parts(%q, %d) = %v: not consecutive and non-empty", text, max, ps)
		}
		if n := p[1] - p[0]; n > max {
			if _, size := utf8.DecodeRuneInString(text[p[0]:]); n != size {
				t.Fatalf("part %v of %d bytes, limit %d", p, n, max)
			}
		}
		if p[1] < len(text) && !utf8.RuneStart(text[p[1]]) && utf8.ValidString(text) {
			t.Fatalf("part %v of %q ends inside a character", p, text)
		}
		at = p[1]
	}
	if at != len(text) {
		t.Fatalf("parts(%q, %d) = %v: end at %d of %d", text, max, ps, at, len(text))
	}
}

func TestParts(t *testing.T) {
	tests := []struct {
		name string
		text string
		max  int
		want []string
	}{
		{"fits", "One. Two.", 100, []string{"One. Two."}},
		{"paragraph break wins", "Aaaa bbbb cccc.\n\nDddd. Eeee ffff.", 24, []string{"Aaaa bbbb cccc.\n\n", "Dddd. Eeee ffff."}},
		{"line break", "Aaaa bbbb cc.\nDddd eeee ffff gggg", 20, []string{"Aaaa bbbb cc.\n", "Dddd eeee ffff gggg"}},
		{"sentence end", "Aaaa bbb. Cccc ddd eeee ffff", 16, []string{"Aaaa bbb. ", "Cccc ddd eeee ", "ffff"}},
		{"no break in the second half", "a bcdefghijklmnop", 8, []string{"a bcdefg", "hijklmno", "p"}},
		{"characters kept whole", "ééééé", 3, []string{"é", "é", "é", "é", "é"}},
		{"one character longer than max", "日本", 2, []string{"日", "本"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := parts(tt.text, tt.max)
			checkParts(t, tt.text, tt.max, ps)
			var got []string
			for _, p := range ps {
				got = append(got, tt.text[p[0]:p[1]])
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parts = %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzParts(f *testing.F) {
	f.Add("Kerry met Lavrov.\n\nRussia annexed Crimea.", 10)
	f.Add("日本語のテキスト", 4)
	f.Add("\xff\xfe abc", 1)
	f.Fuzz(func(t *testing.T, text string, max int) {
		max = 1 + (max&0xffff)%128
		checkParts(t, text, max, parts(text, max))
	})
}

// TestProcessParts analyses a document whole and in parts of one
// paragraph each: where no entity spans paragraphs the results are the same,
// with sentence indexes into the whole document.
func TestProcessParts(t *testing.T) {
	text := "Secretary of State John Kerry met Sergei Lavrov in Geneva on Sunday.\n\n" +
		"Russia annexed Crimea in March, and Ukraine protested.\n\n" +
		"Angela Merkel criticised Vladimir Putin. Merkel said the annexation was illegal."
	d := corpus.Doc{ID: "p", Text: text}
	a := annotator(t)
	whole, err := a.Process(context.Background(), d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Large(d) {
		t.Fatal("a short document counted as large")
	}
	small := *a
	small.PartBytes = 90
	if !small.Large(d) {
		t.Fatal("a document longer than PartBytes not counted as large")
	}
	split, err := small.Process(context.Background(), d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(whole.Facts) < 3 {
		t.Fatalf("only %d facts of the whole document: %+v", len(whole.Facts), whole.Facts)
	}
	if !reflect.DeepEqual(whole, split) {
		t.Errorf("in parts:\n%+v\nwhole:\n%+v", split, whole)
	}
	for _, f := range split.Facts {
		if s := split.Sentences[f.Sent]; !strings.Contains(s, f.Subject.Text) {
			t.Errorf("fact %+v: subject not in its sentence %q", f, s)
		}
	}
}

// TestProcessPartsMerge checks the merge of one entity met in two parts
// under two names: one entity, the name with the most words, the aliases
// of both.
func TestProcessPartsMerge(t *testing.T) {
	text := "John Kerry met Sergei Lavrov in Geneva.\n\nJohn F. Kerry met Sergei Lavrov in Paris."
	small := *annotator(t)
	small.PartBytes = 50
	doc, err := small.Process(context.Background(), corpus.Doc{ID: "m", Text: text}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Sentences) != 2 {
		t.Fatalf("sentences %q, want 2", doc.Sentences)
	}
	var kerry []Entity
	for _, e := range doc.Entities {
		if strings.Contains(e.Key, "kerry") {
			kerry = append(kerry, e)
		}
	}
	if len(kerry) != 1 {
		t.Fatalf("Kerry entities %+v, want one", kerry)
	}
	k := kerry[0]
	if k.Name != "John F. Kerry" || !slices.Contains(k.Aliases, "John Kerry") || !slices.Contains(k.Aliases, "John F. Kerry") {
		t.Errorf("merged entity %+v, want name John F. Kerry and both names as aliases", k)
	}
	sents := map[int]bool{}
	for _, f := range doc.Facts {
		if f.Subject.Entity == k.Key {
			sents[f.Sent] = true
		}
	}
	if !sents[0] || !sents[1] {
		t.Errorf("Kerry's facts in sentences %v, want 0 and 1: %+v", sents, doc.Facts)
	}
}

func TestMaxSentenceTokens(t *testing.T) {
	a := *annotator(t)
	a.MaxSentenceTokens = 12
	text := "Officials from Russia, Ukraine, France, Germany, Britain, Poland, Italy, Spain, " +
		"Sweden, Norway and Finland met in Geneva on Sunday to discuss the crisis in Crimea."
	an, err := a.Annotate(context.Background(), corpus.Doc{ID: "s", Text: text})
	if err != nil {
		t.Fatal(err)
	}
	if len(an.Sentences) < 3 {
		t.Errorf("%d tokens in %d pieces with a limit of 12", an.Tokens, len(an.Sentences))
	}
	for _, s := range an.Sentences {
		if len(s.Tokens) > 12 {
			t.Errorf("piece of %d tokens: %q", len(s.Tokens), s.Text)
		}
	}
}

// TestProcessMaxFacts: a document in parts stops being analysed after the
// part that brings its facts past MaxFacts, and keeps those facts.
func TestProcessMaxFacts(t *testing.T) {
	para := "John Kerry met Sergei Lavrov in Geneva on Sunday. Russia annexed Crimea in March.\n\n"
	text := strings.Repeat(para, 20)
	small := *annotator(t)
	small.PartBytes = 2 * len(para)
	all, err := small.Process(context.Background(), corpus.Doc{ID: "f", Text: text}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	capped, err := small.Process(context.Background(), corpus.Doc{ID: "f", Text: text}, Options{MaxFacts: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Sentences) != 40 {
		t.Fatalf("%d sentences without a limit, want 40", len(all.Sentences))
	}
	if len(capped.Facts) <= 5 || len(capped.Facts) >= len(all.Facts) || len(capped.Sentences) >= 40 {
		t.Errorf("with MaxFacts 5: %d facts of %d sentences; without: %d facts", len(capped.Facts), len(capped.Sentences), len(all.Facts))
	}
	if !reflect.DeepEqual(capped.Facts, all.Facts[:len(capped.Facts)]) {
		t.Error("the facts kept are not the first ones")
	}
}
