package nlp

import (
	"slices"
	"testing"
)

func TestKeyOf(t *testing.T) {
	tests := []struct{ name, want string }{
		{"John Kerry", "john-kerry"},
		{"John F. Kerry", "john-kerry"},
		{"U.S. Secretary of State John F. Kerry", "john-kerry"},
		{"Sergey Lavrov", "sergei-lavrov"},
		{"Sergei Lavrov", "sergei-lavrov"},
		{"Russian Foreign Minister Sergey Lavrov's", "sergei-lavrov"},
		{"Lavrov’s", "lavrov"},
		{"Viktor Yanukovych", "viktor-yanukovich"},
		{"U.S.", "united-states"}, {"US", "united-states"}, {"the United States", "united-states"},
		{"America", "united-states"}, {"Britain", "united-kingdom"},
		{"Turkey", "turkey"}, // places keep their spelling
		{"President Obama", "obama"},
		{"Foreign Ministry", "foreign-ministry"}, // institutions keep their title words
		{"", ""},
	}
	for _, tc := range tests {
		if got := KeyOf(tc.name); got != tc.want {
			t.Errorf("KeyOf(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestEntities(t *testing.T) {
	tests := []struct {
		name, text string
		key        string // an entity that must be there
		typ        string
		canonical  string
		alias      string // one of its aliases
		absentKey  string // a key that must not be there (folded into key)
	}{
		{"surname links to full name",
			"Secretary of State John F. Kerry arrived in Rome. Kerry met the pope. John Kerry left.",
			"john-kerry", Person, "John F. Kerry", "Secretary of State John F. Kerry", "kerry"},
		{"possessive dropped",
			"Russian Foreign Minister Sergei Lavrov spoke. Lavrov’s aides listened.",
			"sergei-lavrov", Person, "Sergei Lavrov", "Lavrov", "lavrov"},
		{"place aliases",
			"The U.S. sent troops. The United States also sent ships.",
			"united-states", Place, "United States", "U.S.", "us"},
		{"organization head",
			"The Labour Party won the vote.",
			"labour-party", Organization, "Labour Party", "Labour Party", ""},
		{"surname alone keeps its key",
			"Dlamini criticised the plan.",
			"dlamini", "", "Dlamini", "Dlamini", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := extractText(t, tc.text)
			i := slices.IndexFunc(d.Entities, func(e Entity) bool { return e.Key == tc.key })
			if i < 0 {
				t.Fatalf("no entity %q in %+v", tc.key, d.Entities)
			}
			e := d.Entities[i]
			if tc.typ != "" && e.Type != tc.typ {
				t.Errorf("type %q, want %q", e.Type, tc.typ)
			}
			if e.Name != tc.canonical {
				t.Errorf("name %q, want %q", e.Name, tc.canonical)
			}
			if !slices.Contains(e.Aliases, tc.alias) || !slices.Contains(e.Aliases, e.Name) {
				t.Errorf("aliases %q lack %q or the name", e.Aliases, tc.alias)
			}
			if !slices.IsSorted(e.Aliases) {
				t.Errorf("aliases not sorted: %q", e.Aliases)
			}
			for _, o := range d.Entities {
				if tc.absentKey != "" && o.Key == tc.absentKey {
					t.Errorf("mention left unresolved under key %q", o.Key)
				}
			}
			if !slices.IsSortedFunc(d.Entities, func(a, b Entity) int {
				if a.Key < b.Key {
					return -1
				}
				if a.Key > b.Key {
					return 1
				}
				return 0
			}) {
				t.Error("entities not sorted by key")
			}
		})
	}
}
