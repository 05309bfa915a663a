package nlp

import (
	"slices"
	"strings"
	"testing"
)

// link is an expected link: a fact argument written text must be the
// entity key ("" when it must stay unlinked: a wrong link is worse than none).
type link struct{ text, key string }

// linkCases is a small hand-written evaluation set of entity links:
// surnames, titles, transliterations, place aliases, demonyms, pronouns and
// role descriptions, with cases where the right answer is no link.
var linkCases = []struct {
	name, text string
	links      []link
}{
	{"surname after full name",
		"Secretary of State John Kerry arrived in Paris on Sunday. Kerry met the French president.",
		[]link{{"Secretary of State John Kerry", "john-kerry"}, {"Kerry", "john-kerry"}}},
	{"transliteration",
		"Sergey Lavrov criticised the plan. Sergei Lavrov later praised Kerry.",
		[]link{{"Sergey Lavrov", "sergei-lavrov"}, {"Sergei Lavrov", "sergei-lavrov"}}},
	{"ych spelling",
		"Viktor Yanukovych fled Kiev. The opposition toppled Yanukovich.",
		[]link{{"Viktor Yanukovych", "viktor-yanukovich"}, {"Yanukovich", "viktor-yanukovich"}}},
	{"place aliases",
		"The U.S. sent troops to Poland. The United States also expelled diplomats.",
		[]link{{"The U.S.", "united-states"}, {"The United States", "united-states"}}},
	{"possessive",
		"Russia's parliament approved the treaty.",
		[]link{{"Russia's parliament", ""}}},
	{"demonym with geographic head",
		"Russia annexed the Crimean peninsula in March.",
		[]link{{"Russia", "russia"}, {"the Crimean peninsula", "crimea"}}},
	{"capital is not the country",
		"Protesters occupied the Ukrainian capital.",
		[]link{{"the Ukrainian capital", ""}}},
	{"pronoun with one person",
		"Angela Merkel visited Warsaw on Monday. She praised the Polish government.",
		[]link{{"Angela Merkel", "angela-merkel"}, {"She", "angela-merkel"}}},
	{"ambiguous pronoun stays unlinked",
		"Barack Obama met Vladimir Putin in Paris. He praised the deal.",
		[]link{{"He", ""}}},
	{"role description",
		"Russian Foreign Minister Sergei Lavrov met John Kerry. The Russian foreign minister rejected the proposal.",
		[]link{{"The Russian foreign minister", "sergei-lavrov"}}},
	{"role description without antecedent",
		"The foreign minister rejected the proposal.",
		[]link{{"The foreign minister", ""}}},
	{"two people with one surname",
		"Barack Obama met Michelle Obama. Obama praised the plan.",
		// "Obama" keeps a node of its own: no link to either full name.
		[]link{{"Barack Obama", "barack-obama"}, {"Obama", "obama"}}},
	{"counterpart by office and nationality",
		"Russian Foreign Minister Sergei Lavrov spoke on Friday. Secretary of State John Kerry said he would meet with his Russian counterpart in Paris.",
		[]link{{"his Russian counterpart", "sergei-lavrov"}}},
	{"counterpart by nationality when the owner has no office",
		"Chinese Premier Li Keqiang arrived in Berlin on Monday. Angela Merkel welcomed her Chinese counterpart.",
		[]link{{"her Chinese counterpart", "li-keqiang"}}},
	{"counterpart across offices that differ stays unlinked",
		"Russian President Vladimir Putin spoke on Friday. Secretary of State John Kerry will meet his Russian counterpart on Sunday.",
		[]link{{"his Russian counterpart", ""}}},
	{"counterpart named only afterwards stays unlinked",
		"Secretary of State John Kerry will meet his Russian counterpart on Sunday. Russian Foreign Minister Sergei Lavrov confirmed the talks.",
		[]link{{"his Russian counterpart", ""}}},
	{"counterpart of another nationality stays unlinked",
		"Ukrainian Foreign Minister Andriy Deshchytsia spoke on Friday. Secretary of State John Kerry will meet his Russian counterpart on Sunday.",
		[]link{{"his Russian counterpart", ""}}},
	{"two counterparts of one nationality stay unlinked",
		"Russian Foreign Minister Sergei Lavrov met Russian Defense Minister Sergei Shoigu. John Kerry will meet his Russian counterpart on Sunday.",
		[]link{{"his Russian counterpart", ""}}},
	{"the two after a meeting",
		"John Kerry met Sergei Lavrov in Paris. The two posed for a picture.",
		[]link{{"The two", "john-kerry"}, {"The two", "sergei-lavrov"}}},
	{"the two men in the same sentence",
		"John Kerry called Sergei Lavrov on Monday, and the two men discussed Ukraine.",
		[]link{{"the two men", "john-kerry"}, {"the two men", "sergei-lavrov"}}},
	{"both men after a sentence about one of them",
		"John Kerry met Sergei Lavrov in Paris. Kerry said the talks were useful. Both men praised the meeting.",
		[]link{{"Both men", "john-kerry"}, {"Both men", "sergei-lavrov"}}},
	{"the two after three persons stays unlinked",
		"Barack Obama, Angela Merkel and Vladimir Putin met in Normandy. The two men discussed Ukraine.",
		[]link{{"The two men", ""}}},
	{"the two after another person stays unlinked",
		"John Kerry met Sergei Lavrov in Paris. Barack Obama praised the talks. The two men posed for a picture.",
		[]link{{"The two men", ""}}},
	{"the two after two countries stays unlinked",
		"John Kerry met Sergei Lavrov in Paris. Russia and Ukraine signed a deal on Monday. The two have long disputed Crimea.",
		[]link{{"The two", ""}}},
	{"the two with one person stays unlinked",
		"Angela Merkel visited Warsaw on Monday. The two posed for a picture.",
		[]link{{"The two", ""}}},
}

// TestLinks measures link precision (links made that are right) and
// recall (expected links made) on linkCases and asserts floors. Links are
// compared per argument text: every entity linked to an argument with that
// text in any fact is a link made ("the two" stands for two persons, so one
// text can want two entities).
func TestLinks(t *testing.T) {
	var made, right, want int
	for _, tc := range linkCases {
		d := extractText(t, tc.text)
		wanted := map[string]map[string]bool{} // lower-case text → wanted keys
		var texts []string
		for _, l := range tc.links {
			lt := strings.ToLower(l.text)
			if wanted[lt] == nil {
				wanted[lt] = map[string]bool{}
				texts = append(texts, lt)
			}
			if l.key != "" {
				wanted[lt][l.key] = true
				want++
			}
		}
		for _, lt := range texts {
			got := map[string]bool{}
			found := false
			for _, f := range d.Facts {
				for _, a := range []Arg{f.Subject, f.Object} {
					if strings.ToLower(a.Text) != lt {
						continue
					}
					found = true
					if a.Entity != "" && !got[a.Entity] {
						got[a.Entity] = true
						made++
						if wanted[lt][a.Entity] {
							right++
						} else {
							t.Logf("%s: %q linked to %q, want %v", tc.name, lt, a.Entity, keys(wanted[lt]))
						}
					}
				}
			}
			for k := range wanted[lt] {
				switch {
				case !found:
					t.Logf("%s: no argument %q in %q", tc.name, lt, factStrings(d))
				case !got[k]:
					t.Logf("%s: %q not linked to %q", tc.name, lt, k)
				}
			}
		}
	}
	prec, rec := float64(right)/float64(max(made, 1)), float64(right)/float64(max(want, 1))
	t.Logf("links: precision %d/%d = %.3f, recall %d/%d = %.3f", right, made, prec, right, want, rec)
	if prec < 0.9 || rec < 0.7 {
		t.Errorf("link precision %.3f (floor 0.9), recall %.3f (floor 0.7)", prec, rec)
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestDemonymPlace(t *testing.T) {
	tests := []struct{ word, want string }{
		{"Crimean", "crimea"}, {"Russian", "russia"}, {"Ukrainian", "ukraine"},
		{"Canadian", "canada"}, {"Brazilian", "brazil"}, {"Italian", "italy"},
		{"Chinese", "china"}, {"Japanese", "japan"}, {"Israeli", "israel"},
		{"Pakistani", "pakistan"}, {"German", "germany"}, {"French", "france"},
		{"American", "united-states"}, {"U.S.", "united-states"}, {"British", "united-kingdom"},
		{"Syrian", "syria"}, {"Korean", ""}, // Korean: north or south, unknown
		{"Foreign", ""}, {"Secretary", ""}, {"Christian", ""}, {"", ""},
	}
	for _, tc := range tests {
		if got := demonymPlace(tc.word); got != tc.want {
			t.Errorf("demonymPlace(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}

func TestRoleFacts(t *testing.T) {
	tests := []struct {
		text string
		want []string // facts "subject|relation|object" that must be there
		not  []string // relations that must not be there for the subject
	}{
		{"U.S. Secretary of State John Kerry arrived in Paris.",
			[]string{"John Kerry|hold role|Secretary of State", "John Kerry|represent|United States"}, nil},
		{"Russian Foreign Minister Sergei Lavrov spoke on Sunday.",
			[]string{"Sergei Lavrov|hold role|Foreign Minister", "Sergei Lavrov|represent|Russia"}, nil},
		{"Sen Dianne Feinstein spoke on Sunday.",
			[]string{"Dianne Feinstein|hold role|Senator"}, []string{"represent"}},
		{"Mr John Smith spoke on Sunday.", nil, []string{"hold role", "represent"}},
		{"He met former Ambassador Michael McFaul in Moscow.", nil, []string{"hold role"}},
	}
	for _, tc := range tests {
		d := extractText(t, tc.text)
		got := factStrings(d)
		for _, w := range tc.want {
			if !containsPrefix(got, w) {
				t.Errorf("%q: no fact %q in %q", tc.text, w, got)
			}
		}
		for _, f := range d.Facts {
			for _, r := range tc.not {
				if f.Relation == r {
					t.Errorf("%q: unexpected %s fact %+v", tc.text, r, f)
				}
			}
		}
	}
}

func containsPrefix(list []string, p string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
