package nlp

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"newsgraph/corpus"
)

var (
	testAnnotator     *Annotator
	testAnnotatorErr  error
	testAnnotatorOnce sync.Once
)

func annotator(t testing.TB) *Annotator {
	t.Helper()
	testAnnotatorOnce.Do(func() { testAnnotator, testAnnotatorErr = NewAnnotator() })
	if testAnnotatorErr != nil {
		t.Fatal(testAnnotatorErr)
	}
	return testAnnotator
}

func extractText(t testing.TB, text string) *Doc {
	t.Helper()
	an, err := annotator(t).Annotate(context.Background(), corpus.Doc{ID: "t", Text: text})
	if err != nil {
		t.Fatal(err)
	}
	return Extract(an)
}

// factStrings renders facts as "subject|relation|object|±", with entity
// names for linked arguments.
func factStrings(d *Doc) []string {
	name := func(a Arg) string {
		for _, e := range d.Entities {
			if e.Key == a.Entity {
				return e.Name
			}
		}
		return a.Text
	}
	var out []string
	for _, f := range d.Facts {
		pol := "+"
		if f.Negated {
			pol = "-"
		}
		out = append(out, fmt.Sprintf("%s|%s|%s|%s", name(f.Subject), f.Relation, name(f.Object), pol))
	}
	return out
}

func TestExtract(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		want    []string // facts that must be there
		notWant []string // prefixes of facts that must not be there
	}{
		{"plain verb", "The committee approved the budget.",
			[]string{"The committee|approve|the budget|+"}, nil},
		{"verb preposition", "Maria Lopez met with the mayor on Tuesday.",
			[]string{"Maria Lopez|meet with|the mayor|+"}, nil},
		{"phrasal verb", "The pilot touched down in Lisbon after the storm.",
			[]string{"The pilot|touch down in|Lisbon|+"}, nil},
		{"adverb in relation", "The company shifted strongly toward renewable energy.",
			[]string{"The company|shift toward|renewable energy|+"}, nil},
		{"passive with agent", "The bridge was destroyed by the flood.",
			[]string{"the flood|destroy|The bridge|+"}, []string{"The bridge|destroy"}},
		{"passive without agent", "The old stadium was demolished in 2010.",
			[]string{"The old stadium|be demolished in|2010|+"}, nil},
		{"conjoined subjects", "Germany and France signed the treaty.",
			[]string{"Germany|sign|the treaty|+", "France|sign|the treaty|+"}, nil},
		{"shared subject", "The senator visited the factory, but skipped the press conference.",
			[]string{"The senator|visit|the factory|+", "The senator|skip|the press conference|+"}, nil},
		{"reduced relative", "The report Reuters published last year criticised the plan.",
			[]string{"Reuters|publish|The report|+"}, nil},
		{"relative pronoun", "The firm, which employs 300 workers, closed its plant.",
			[]string{"The firm|employ|300 workers|+", "The firm|close|its plant|+"}, nil},
		{"reported speech", "\"We will win,\" Anna Berg told reporters.",
			[]string{"Anna Berg|tell|reporters|+"}, nil},
		{"said that", "The minister said that the army had captured the town.",
			[]string{"the army|capture|the town|+"}, nil},
		{"negation not", "The bank did not raise interest rates.",
			[]string{"The bank|raise|interest rates|-"}, []string{"The bank|raise|interest rates|+"}},
		{"negation decided not to", "The mayor decided not to run for governor.",
			nil, []string{"The mayor|decide run for|governor|+", "The mayor|run"}},
		{"negation no intention", "The government has no intention of selling the railway.",
			[]string{"The government|have|no intention|-"}, []string{"The government|sell"}},
		{"negation no plans to", "The club had no plans to sign the striker.",
			[]string{"The club|sign|the striker|-"}, []string{"The club|sign|the striker|+"}},
		{"refuse stays positive", "The union refuses to accept the offer.",
			[]string{"The union|refuse accept|the offer|+"}, nil},
		{"denial", "The company denied that it had hidden the losses.",
			nil, []string{"it|hide|the losses|+"}},
		{"scope ends at next clause", "Smith decided not to run and will instead support Jones.",
			[]string{"Smith|support|Jones|+"}, nil},
		{"object control", "The coach told the players to attack the goal.",
			[]string{"the players|attack|the goal|+"}, nil},
		{"pronoun linking", "Mary Walsh opened the museum. She thanked the donors.",
			[]string{"Mary Walsh|thank|the donors|+"}, nil},
		{"pronoun ambiguous", "Mary Walsh met Tom Reid. He thanked the donors.",
			nil, []string{"Mary Walsh|thank", "Tom Reid|thank", "He|thank"}},
		{"unresolvable pronoun", "They closed the road.", nil, []string{"They|"}},
		{"clause object is not a noun object", "The court said the law was valid.",
			nil, []string{"The court|say|the law"}},
		{"possessive argument", "Spain's navy rescued the sailors.",
			[]string{"Spain's navy|rescue|the sailors|+"}, nil},
		{"title and surname", "Foreign Minister Ana Ferreira visited Chile. Ferreira praised the deal.",
			[]string{"Ana Ferreira|visit|Chile|+", "Ana Ferreira|praise|the deal|+"}, nil},
		{"reciprocal", "Peter Novak and Ivan Horvat met in Vienna.",
			[]string{"Peter Novak|meet in|Vienna|+"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := factStrings(extractText(t, tc.text))
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("%q: missing %q; got %q", tc.text, w, got)
				}
			}
			for _, nw := range tc.notWant {
				for _, g := range got {
					if strings.HasPrefix(g, nw) {
						t.Errorf("%q: unwanted %q", tc.text, g)
					}
				}
			}
		})
	}
}
