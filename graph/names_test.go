package graph

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/cayleygraph/quad"

	"newsgraph/nlp"
)

// personDoc makes a document where subject (key, name) states rel about
// object (key, name); every argument is a person.
func personDoc(id string, conf float64, sub, subName, rel, obj, objName string) *nlp.Doc {
	return &nlp.Doc{
		ID:        id,
		Sentences: []string{subName + " " + rel + " " + objName + "."},
		Entities: []nlp.Entity{
			{Key: sub, Name: subName, Type: nlp.Person, Aliases: []string{subName}},
			{Key: obj, Name: objName, Type: nlp.Person, Aliases: []string{objName}},
		},
		Facts: []nlp.Fact{{Subject: nlp.Arg{Text: subName, Entity: sub}, Relation: rel,
			Object: nlp.Arg{Text: objName, Entity: obj}, Confidence: conf}},
	}
}

func TestMergeSurnames(t *testing.T) {
	for kind, spec := range specs(t) {
		t.Run(kind, func(t *testing.T) {
			st := open(t, spec, Options{})
			full := personDoc("a", 0.8, "barack-obama", "Barack Obama", "meet", "sergei-lavrov", "Sergei Lavrov")
			short := personDoc("b", 0.7, "vladimir-putin", "Vladimir Putin", "call", "obama", "Obama")
			put(t, st, full, short)
			one := func(q string) string {
				t.Helper()
				got := results(t, st, q, 0)
				if len(got) != 1 {
					t.Fatalf("%s: %q, want one result", q, got)
				}
				return got[0]
			}
			if a, b := one(`entity("Obama").all()`), one(`entity("Barack Obama").all()`); a != b || a != "<"+string(st.Schema().Entity("barack-obama"))+">" {
				t.Errorf("entity(Obama) = %s, entity(Barack Obama) = %s: want the one node e/barack-obama", a, b)
			}
			if got := one(`entity("Barack Obama").in(rel("call")).out(name).all()`); got != "Vladimir Putin" {
				t.Errorf("facts of the merged surname not on the canonical node: %q", got)
			}
			if got := one(`g.V(ng("e/obama")).out(name).all()`); got != "Barack Obama" {
				t.Errorf("canonical name of the surname node %q", got)
			}
			if got := results(t, st, `facts("Barack Obama", null, null).all()`, 0); len(got) != 1 {
				t.Errorf("facts(Barack Obama): %q", got)
			}

			// A second Obama makes "Obama" ambiguous: the merge is undone.
			before := quadSetOf(t, st)
			michelle := personDoc("c", 0.9, "michelle-obama", "Michelle Obama", "visit", "vladimir-putin", "Vladimir Putin")
			put(t, st, michelle)
			if got := results(t, st, `g.V(ng("e/obama")).out(sameAs).all()`, 0); got != nil {
				t.Errorf("merge kept after ambiguity: %q", got)
			}
			if got := one(`g.V(ng("e/obama")).out(name).all()`); got != "Obama" {
				t.Errorf("name after ambiguity %q", got)
			}
			if got := results(t, st, `entity("Barack Obama").in(rel("call")).all()`, 0); got != nil {
				t.Errorf("copied edge kept after ambiguity: %q", got)
			}
			// and deleting the second Obama restores the merge exactly.
			if err := st.Delete(t.Context(), "c"); err != nil {
				t.Fatal(err)
			}
			if _, err := st.Names(t.Context()); err != nil {
				t.Fatal(err)
			}
			if !mapsEqual(quadSetOf(t, st), before) {
				t.Error("store after adding and deleting a document differs")
			}
		})
	}
}

func TestDerivedOrderIndependent(t *testing.T) {
	docs := []*nlp.Doc{
		personDoc("a", 0.8, "barack-obama", "Barack Obama", "meet", "sergei-lavrov", "Sergei Lavrov"),
		personDoc("b", 0.7, "obama", "Obama", "meet", "lavrov", "Lavrov"),
		personDoc("c", 0.6, "sergei-lavrov", "Sergei Lavrov", "meet", "obama", "Obama"),
		kerryDoc(), crimeaDoc(),
	}
	var first map[quad.Quad]bool
	for _, order := range [][]int{{0, 1, 2, 3, 4}, {4, 3, 2, 1, 0}, {2, 0, 4, 1, 3}} {
		st := open(t, Memory, Options{})
		for _, i := range order { // one document per run
			put(t, st, docs[i])
		}
		got := quadSetOf(t, st)
		if first == nil {
			first = got
		} else if !mapsEqual(got, first) {
			t.Errorf("order %v gives a different graph", order)
		}
	}
}

func TestClaims(t *testing.T) {
	st := open(t, Memory, Options{})
	confs := []float64{0.5, 0.6, 0.9}
	for i, c := range confs {
		// the first document names Lavrov in full, the others by surname.
		key, n := "lavrov", "Lavrov"
		if i == 0 {
			key, n = "sergei-lavrov", "Sergei Lavrov"
		}
		put(t, st, personDoc(fmt.Sprint("d", i), c, key, n, "meet", "john-kerry", "John Kerry"))
	}
	put(t, st, personDoc("e", 0.9, "sergei-lavrov", "Sergei Lavrov", "call", "john-kerry", "John Kerry"))
	// facts about Lavrov stated by at least 3 sources
	q := `claims("Lavrov").tag("claim").out(ng("documents")).tag("documents").back("claim").
	    out(ng("relation")).tag("relation").back("claim").out(rdf("object")).out(name).tag("object").
	    forEach(function (r) { if (r.documents >= 3) g.emit(r.relation + " " + r.object) })`
	if got := results(t, st, q, 0); !slices.Equal(got, []string{"meet John Kerry"}) {
		t.Errorf("claims stated by 3 documents: %q", got)
	}
	q = `claims("Sergei Lavrov", "meet", "John Kerry").out(ng("support")).all()`
	got := results(t, st, q, 0)
	if want := fmt.Sprint(Combine(confs)); !slices.Equal(got, []string{want}) {
		t.Errorf("support %q, want %s", got, want)
	}
	if got := results(t, st, `claims(null, "call", null).out(ng("documents")).all()`, 0); !slices.Equal(got, []string{"1"}) {
		t.Errorf("documents of a single claim: %q", got)
	}
	// a claim disappears with its last document
	if err := st.Delete(t.Context(), "e"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Names(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := results(t, st, `claims(null, "call", null).all()`, 0); got != nil {
		t.Errorf("claim left after its document went: %q", got)
	}
}

func TestCombine(t *testing.T) {
	tests := []struct {
		confs []float64
		want  float64
	}{
		{nil, 0},
		{[]float64{0.7}, 0.7},
		{[]float64{0.5, 0.5}, 0.75},
		{[]float64{0.9, 0.5, 0.6}, 0.98},
		{[]float64{1.5, -1}, 1},
		{[]float64{math.NaN()}, 0},
	}
	for _, tc := range tests {
		if got := Combine(slices.Clone(tc.confs)); got != tc.want {
			t.Errorf("Combine(%v) = %v, want %v", tc.confs, got, tc.want)
		}
	}
	// more independent support never lowers it
	if Combine([]float64{0.6, 0.3}) <= Combine([]float64{0.6}) {
		t.Error("a second document did not raise the support")
	}
}
