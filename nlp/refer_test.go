package nlp

import (
	"context"
	"slices"
	"strings"
	"testing"

	"newsgraph/corpus"
)

// argEntities returns the sorted distinct entities linked to arguments
// with the given text (case-insensitive) in facts of relation rel.
func argEntities(d *Doc, rel, text string) []string {
	var out []string
	for _, f := range d.Facts {
		if f.Relation != rel {
			continue
		}
		for _, a := range []Arg{f.Subject, f.Object} {
			if strings.EqualFold(a.Text, text) && a.Entity != "" && !slices.Contains(out, a.Entity) {
				out = append(out, a.Entity)
			}
		}
	}
	slices.Sort(out)
	return out
}

func TestReferents(t *testing.T) {
	tests := []struct {
		name, text, rel, arg string
		want                 []string
	}{
		{"counterpart as object",
			"Russian Foreign Minister Sergei Lavrov arrived on Friday. U.S. Secretary of State John Kerry met his Russian counterpart in Paris.",
			"meet", "his Russian counterpart", []string{"sergei-lavrov"}},
		{"counterpart, equal offices",
			"Ukrainian Prime Minister Arseniy Yatsenyuk flew to Brussels. British Prime Minister David Cameron met his Ukrainian counterpart.",
			"meet", "his Ukrainian counterpart", []string{"arseniy-yatsenyuk"}},
		{"counterpart of an unknown country",
			"Russian Foreign Minister Sergei Lavrov arrived on Friday. John Kerry met his Martian counterpart.",
			"meet", "his Martian counterpart", nil},
		{"counterpart of a person of that nationality",
			"Russian Foreign Minister Sergei Lavrov met his Russian counterpart.",
			"meet", "his Russian counterpart", nil},
		{"plural counterparts are not linked",
			"Russian Foreign Minister Sergei Lavrov arrived. John Kerry met his Russian counterparts.",
			"meet", "his Russian counterparts", nil},
		{"the two",
			"John Kerry met Sergei Lavrov in Paris. The two posed for a picture.",
			"pose for", "The two", []string{"john-kerry", "sergei-lavrov"}},
		{"two countries are no two persons",
			"Russia and Ukraine signed a deal. The two posed for a picture.",
			"pose for", "The two", nil},
		{"the two leaders",
			"John Kerry met Sergei Lavrov in Paris. The two leaders posed for a picture.",
			"pose for", "The two leaders", []string{"john-kerry", "sergei-lavrov"}},
		{"the two countries are not persons",
			"John Kerry met Sergei Lavrov in Paris. The two countries signed a deal.",
			"sign", "The two countries", nil},
		{"too far back",
			"John Kerry met Sergei Lavrov in Paris. The talks lasted hours. The meeting ended late. A deal was near. Officials were tired. The two men posed for a picture.",
			"pose for", "The two men", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := extractText(t, tc.text)
			if got := argEntities(d, tc.rel, tc.arg); !slices.Equal(got, tc.want) {
				t.Errorf("%q entities %q, want %q; facts %q", tc.arg, got, tc.want, factStrings(d))
			}
		})
	}
}

// TestPairOpen checks that Open IE output keeps "the two" as one fact.
func TestPairOpen(t *testing.T) {
	an, err := annotator(t).Annotate(context.Background(),
		corpus.Doc{ID: "t", Text: "John Kerry met Sergei Lavrov in Paris. The two posed for a picture."})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range ExtractWith(an, Options{Open: true}).Facts {
		if f.Subject.Text == "The two" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("Open output has %d facts with subject \"The two\", want 1", n)
	}
}

func TestRoleClass(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"Secretary of State", "Foreign Minister", true},
		{"Foreign Secretary", "foreign minister", true},
		{"Defense Secretary", "Defence Minister", true},
		{"Prime Minister", "Chancellor", true},
		{"President", "President", true},
		{"President", "Foreign Minister", false},
		{"Chancellor of the Exchequer", "Chancellor", false},
		{"Senator", "Governor", false},
	}
	for _, tc := range tests {
		if got := roleClass(tc.a) == roleClass(tc.b); got != tc.same {
			t.Errorf("roleClass(%q) == roleClass(%q) is %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
}
