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
			nil, []string{"The court|say|the law|"}},
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

// findFact returns the first fact with the given subject text, relation
// and object text, or nil.
func findFact(d *Doc, subj, rel, obj string) *Fact {
	for i := range d.Facts {
		f := &d.Facts[i]
		if f.Subject.Text == subj && f.Relation == rel && f.Object.Text == obj {
			return f
		}
	}
	return nil
}

func TestExtractArguments(t *testing.T) {
	tests := []struct {
		name, text     string
		subj, rel, obj string
		neg, inverted  bool
		extras         []Extra // must be there, in order
		attribution    string  // speaker text, "" for none
	}{
		{name: "object before a time phrase", text: "Russia annexed Crimea last month after a disputed referendum.",
			subj: "Russia", rel: "annex", obj: "Crimea",
			extras: []Extra{{TimeArg, "", "last month"}, {TimeArg, "after", "a disputed referendum"}}},
		{name: "passive agent before a time phrase", text: "Crimea was annexed by Russia two days after the vote.",
			subj: "Russia", rel: "annex", obj: "Crimea", inverted: true,
			extras: []Extra{{TimeArg, "", "two days"}, {TimeArg, "after", "the vote"}}},
		{name: "place and time", text: "Hanna Berg met the envoy in Geneva on Sunday.",
			subj: "Hanna Berg", rel: "meet", obj: "the envoy",
			extras: []Extra{{PlaceArg, "in", "Geneva"}, {TimeArg, "on", "Sunday"}}},
		{name: "fronted time", text: "In 1941, the company opened a second factory.",
			subj: "the company", rel: "open", obj: "a second factory",
			extras: []Extra{{TimeArg, "In", "1941"}}},
		{name: "rejection does not negate the next clause", text: "Ukraine rejected the treaty and Kiev recalled its ambassador.",
			subj: "Kiev", rel: "recall", obj: "its ambassador"},
		{name: "rejection itself is affirmed", text: "Ukraine rejected the treaty and Kiev recalled its ambassador.",
			subj: "Ukraine", rel: "reject", obj: "the treaty"},
		{name: "denial negates its complement", text: "The company denied that its auditors had hidden the losses.",
			subj: "its auditors", rel: "hide", obj: "the losses", neg: true, attribution: "The company"},
		{name: "said that attributes", text: "The minister said that the army had captured the town.",
			subj: "the army", rel: "capture", obj: "the town", attribution: "The minister"},
		{name: "quotation before the speaker", text: "\"The rebels seized the airport,\" Anna Berg told reporters.",
			subj: "The rebels", rel: "seize", obj: "the airport", attribution: "Anna Berg"},
		{name: "negated complement reaches a participle", text: "Russia has no intention of, or interest in, crossing the border.",
			subj: "Russia", rel: "cross", obj: "the border", neg: true},
		{name: "participial clause", text: "The agent took an interest in the case, ultimately tracing the hacker to Berlin.",
			subj: "The agent", rel: "trace", obj: "the hacker", extras: []Extra{{PlaceArg, "to", "Berlin"}}},
		{name: "infinitive after adjuncts", text: "Kerry met Lavrov in Paris on Sunday to discuss the crisis.",
			subj: "Kerry", rel: "discuss", obj: "the crisis"},
		{name: "appositive", text: "Crimea, a former Ukrainian region, rejoined Russia.",
			subj: "Crimea", rel: "be", obj: "a former Ukrainian region"},
		{name: "appositive subject", text: "Crimea, a former Ukrainian region, rejoined Russia.",
			subj: "Crimea", rel: "rejoin", obj: "Russia"},
		{name: "comma list of objects", text: "The district runs ten high schools, nine middle schools and one charter school.",
			subj: "The district", rel: "run", obj: "nine middle schools"},
		{name: "prepositional object is no conjoined subject", text: "The ministry denied any plans for an invasion and Kiev recalled its envoy.",
			subj: "Kiev", rel: "recall", obj: "its envoy"},
		{name: "hyphenated words in a phrase", text: "Ms. Berg is a free - lance writer.",
			subj: "Ms. Berg", rel: "be", obj: "a free - lance writer"},
		{name: "money", text: "The agency has been seeking $ 300 million from the firm.",
			subj: "The agency", rel: "seek", obj: "$ 300 million"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := extractText(t, tc.text)
			f := findFact(d, tc.subj, tc.rel, tc.obj)
			if f == nil {
				t.Fatalf("%q: no fact %s|%s|%s; got %q", tc.text, tc.subj, tc.rel, tc.obj, factStrings(d))
			}
			if f.Negated != tc.neg {
				t.Errorf("negated = %v, want %v", f.Negated, tc.neg)
			}
			if f.Inverted != tc.inverted {
				t.Errorf("inverted = %v, want %v", f.Inverted, tc.inverted)
			}
			if len(tc.extras) > 0 && !slices.Equal(f.Extras, tc.extras) {
				t.Errorf("extras = %+v, want %+v", f.Extras, tc.extras)
			}
			got := ""
			if f.Attribution != nil {
				got = f.Attribution.Text
			}
			if got != tc.attribution {
				t.Errorf("attribution = %q, want %q", got, tc.attribution)
			}
		})
	}
}

func TestEntityNameIsSurface(t *testing.T) {
	for _, city := range []string{"Kyiv", "Kiev"} {
		d := extractText(t, "Officials in "+city+" said the talks failed. The mayor of "+city+" left.")
		for _, e := range d.Entities {
			if e.Key != KeyOf(city) {
				continue
			}
			if e.Name != city {
				t.Errorf("%s: entity name %q", city, e.Name)
			}
			for _, a := range e.Aliases {
				if a != city {
					t.Errorf("%s: alias %q not seen in the text", city, a)
				}
			}
		}
	}
}

func TestExtractOpen(t *testing.T) {
	tests := []struct {
		name, text     string
		subj, rel, obj string
		inGraph        bool // also found without Options.Open
	}{
		{"unresolved pronoun", "It includes ten high schools.", "It", "include", "ten high schools", false},
		{"no object, with adjuncts", "After the battle in 1746, these rebellions were crushed.",
			"these rebellions", "be crushed", "", false},
		{"possessive", "Spain's navy rescued the sailors.", "Spain", "have", "navy", false},
		{"subject keeps its modifier", "Demand for hybrid seeds has spurred research.",
			"Demand for hybrid seeds", "spur", "research", false},
		{"plain fact", "The committee approved the budget.", "The committee", "approve", "the budget", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			an, err := annotator(t).Annotate(context.Background(), corpus.Doc{ID: "t", Text: tc.text})
			if err != nil {
				t.Fatal(err)
			}
			if f := findFact(ExtractWith(an, Options{Open: true}), tc.subj, tc.rel, tc.obj); f == nil {
				t.Errorf("%q: open extraction lacks %s|%s|%s", tc.text, tc.subj, tc.rel, tc.obj)
			}
			if got := findFact(Extract(an), tc.subj, tc.rel, tc.obj) != nil; got != tc.inGraph {
				t.Errorf("%q: graph extraction has %s|%s|%s = %v, want %v", tc.text, tc.subj, tc.rel, tc.obj, got, tc.inGraph)
			}
		})
	}
}

// FuzzExtractSurface checks that any text annotates and extracts without
// panics, in both modes, and that facts quote their sentence.
func FuzzExtractSurface(f *testing.F) {
	f.Add("Russia annexed Crimea last month after a disputed referendum.")
	f.Add("\"We will win,\" said Anna Berg. Apple Inc. sold 10 phones , 2 tablets and 1 watch.")
	f.Add("Crimea, a former Ukrainian region, rejoined Russia. It was . . Corp. Mr.")
	f.Add("In 1941 , - $ 5 , '' `` the - and and , was was by by .")
	a := annotator(f)
	f.Fuzz(func(t *testing.T, text string) {
		an, err := a.Annotate(context.Background(), corpus.Doc{ID: "f", Text: text})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range []Options{{}, {Open: true}} {
			d := ExtractWith(an, o)
			for _, fc := range d.Facts {
				if fc.Sent < 0 || fc.Sent >= len(d.Sentences) {
					t.Fatalf("fact %+v: sentence %d of %d", fc, fc.Sent, len(d.Sentences))
				}
				s := d.Sentences[fc.Sent]
				for _, x := range append([]string{fc.Subject.Text, fc.Object.Text, fc.RelText}, extraTexts(fc.Extras)...) {
					if !strings.Contains(s, x) && fc.RelText != "is" && fc.RelText != "has" {
						t.Errorf("fact %+v: %q is not in %q", fc, x, s)
					}
				}
			}
		}
	})
}

func extraTexts(xs []Extra) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = x.Text
	}
	return out
}
