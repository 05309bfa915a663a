package graph

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"newsgraph/nlp"
)

// randomDoc makes a document of a few facts between persons drawn from a
// small pool with shared surnames, lone surnames and a term, so that
// merges come and go as documents do.
func randomDoc(r *rand.Rand, id string) *nlp.Doc {
	people := [][2]string{
		{"barack-obama", "Barack Obama"}, {"michelle-obama", "Michelle Obama"}, {"obama", "Obama"},
		{"john-kerry", "John Kerry"}, {"kerry", "Kerry"}, {"sergei-lavrov", "Sergei Lavrov"},
		{"lavrov", "Lavrov"}, {"vladimir-putin", "Vladimir Putin"}, {"putin", "Putin"},
		{"angela-merkel", "Angela Merkel"},
	}
	rels := []string{"meet", "call", "criticise"}
	d := &nlp.Doc{ID: id}
	ents := map[string]nlp.Entity{}
	for i := range 1 + r.IntN(3) {
		a, b := people[r.IntN(len(people))], people[r.IntN(len(people))]
		if a == b {
			continue
		}
		typ := nlp.Person
		if r.IntN(6) == 0 {
			typ = nlp.Place // a vote against being a person
		}
		ents[a[0]] = nlp.Entity{Key: a[0], Name: a[1], Type: typ, Aliases: []string{a[1]}}
		obj := nlp.Arg{Text: b[1], Entity: b[0]}
		if r.IntN(4) == 0 {
			obj = nlp.Arg{Text: "the envoy"} // a term
		} else {
			ents[b[0]] = nlp.Entity{Key: b[0], Name: b[1], Type: nlp.Person, Aliases: []string{b[1]}}
		}
		d.Sentences = append(d.Sentences, fmt.Sprintf("%s and %s, sentence %d.", a[1], b[1], i))
		d.Facts = append(d.Facts, nlp.Fact{Sent: len(d.Sentences) - 1, Subject: nlp.Arg{Text: a[1], Entity: a[0]},
			Relation: rels[r.IntN(len(rels))], Object: obj, Confidence: float64(1+r.IntN(9)) / 10, Negated: r.IntN(5) == 0})
	}
	for _, k := range sortedKeys(ents) {
		d.Entities = append(d.Entities, ents[k])
	}
	return d
}

func sortedKeys(m map[string]nlp.Entity) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// TestRefreshEqualsNames puts and deletes random documents, one step at a
// time: after each step Refresh (which looks only at what the step
// touched, in regions of two seeds) must leave the store Names (which
// recomputes everything) leaves, and a fresh store given the documents
// left.
func TestRefreshEqualsNames(t *testing.T) {
	defer func(n int) { seedChunk = n }(seedChunk)
	seedChunk = 2
	for seed := range uint64(6) {
		r := rand.New(rand.NewPCG(seed, 7))
		inc := open(t, Memory, Options{})
		full := open(t, Memory, Options{})
		docs := map[string]*nlp.Doc{}
		for step := range 25 {
			id := fmt.Sprintf("d%d", r.IntN(8))
			if _, ok := docs[id]; ok && r.IntN(3) == 0 {
				delete(docs, id)
				for _, st := range []*Store{inc, full} {
					if err := st.Delete(t.Context(), id); err != nil {
						t.Fatal(err)
					}
				}
			} else {
				d := randomDoc(r, id)
				docs[id] = d
				for _, st := range []*Store{inc, full} {
					if _, err := st.Put(t.Context(), d); err != nil {
						t.Fatal(err)
					}
				}
			}
			if _, err := inc.Refresh(t.Context()); err != nil {
				t.Fatal(err)
			}
			if _, err := full.Names(t.Context()); err != nil {
				t.Fatal(err)
			}
			a, b := quadSetOf(t, inc), quadSetOf(t, full)
			if !mapsEqual(a, b) {
				for q := range a {
					if !b[q] {
						t.Errorf("seed %d step %d: Refresh has %v", seed, step, q)
					}
				}
				for q := range b {
					if !a[q] {
						t.Errorf("seed %d step %d: Refresh lacks %v", seed, step, q)
					}
				}
				t.FailNow()
			}
		}
		fresh := open(t, Memory, Options{})
		var list []*nlp.Doc
		for _, d := range docs {
			list = append(list, d)
		}
		if _, err := fresh.Put(t.Context(), list...); err != nil {
			t.Fatal(err)
		}
		if _, err := fresh.Refresh(t.Context()); err != nil {
			t.Fatal(err)
		}
		if !mapsEqual(quadSetOf(t, fresh), quadSetOf(t, inc)) {
			t.Errorf("seed %d: 25 steps differ from one Put of the documents left", seed)
		}
		merges := 0
		for q := range quadSetOf(t, inc) {
			if q.Predicate == SameAs {
				merges++
			}
		}
		t.Logf("seed %d: %d documents, %d merges at the end", seed, len(docs), merges)
	}
}
