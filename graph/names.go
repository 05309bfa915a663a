package graph

import (
	"context"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// NamesLabel is the local name of the label of the canonical names and of
// the cross-document merges of entities.
const NamesLabel = "names"

// SameAs is owl:sameAs: <member> owl:sameAs <canonical entity>, under the
// label <B names>.
const SameAs = quad.IRI("http://www.w3.org/2002/07/owl#sameAs")

// betterName reports whether name n beats old as an entity's canonical
// name: longer (in characters), or as long and lexically smaller.
func betterName(n, old string) bool {
	ln, lo := utf8.RuneCountInString(n), utf8.RuneCountInString(old)
	return ln > lo || ln == lo && n < old
}

// Names recomputes the quads derived from the set of documents at the end
// of a run: the canonical name of every entity and the merges of
// surname-only entities into the one full name they stand for (label
// <B names>), then the cross-document claims with their support (label
// <B support>), see the package documentation. Each label is replaced by
// the difference only. It returns the number of quads changed.
func (s *Store) Names(ctx context.Context) (int, error) {
	var n int
	err := s.update(func(qs graph.QuadStore) error {
		// Shards writing one SQL store at once each run the passes at
		// their end: one at a time, so that the last one, which sees every
		// shard's documents, also writes last.
		unlock, err := s.passLock(ctx)
		if err != nil {
			return err
		}
		defer unlock()
		if n, err = s.names(ctx, qs); err != nil {
			return err
		}
		m, err := s.support(ctx, qs)
		n += m
		return err
	})
	return n, err
}

// entityInfo is what the names pass gathers about one entity node.
type entityInfo struct {
	name  string // best full name over the documents
	votes [4]int // documents typing it person, place, organization, thing
}

// merges computes the cross-document merges: a person key of one word
// ("obama") whose word is the last word of exactly one person key of two or
// more words ("barack-obama") is merged into it. It returns member →
// canonical node.
func (s *Store) merges(ents map[quad.Value]*entityInfo) map[quad.Value]quad.Value {
	prefix := string(s.sch.Entity(""))
	bySurname := map[string][]quad.Value{}
	var singles []quad.Value
	for e, in := range ents {
		iri, ok := e.(quad.IRI)
		if !ok || !strings.HasPrefix(string(iri), prefix) {
			continue
		}
		key := string(iri[len(prefix):])
		if k, err := url.PathUnescape(key); err == nil {
			key = k
		}
		v := in.votes
		i := strings.LastIndexByte(key, '-')
		switch {
		case i < 0:
			// a lone surname: typed person somewhere, never place or organization.
			if v[1] == 0 && v[2] == 0 && v[0]+v[3] > 0 {
				singles = append(singles, e)
			}
		case v[0] > 0 && v[0] >= v[1] && v[0] >= v[2]:
			last := key[i+1:]
			bySurname[last] = append(bySurname[last], e)
		}
	}
	out := map[quad.Value]quad.Value{}
	for _, e := range singles {
		key := string(e.(quad.IRI)[len(prefix):])
		if k, err := url.PathUnescape(key); err == nil {
			key = k
		}
		if full := bySurname[key]; len(full) == 1 {
			out[e] = full[0]
		}
	}
	return out
}

func (s *Store) names(ctx context.Context, qs graph.QuadStore) (int, error) {
	label := s.sch.Pred(NamesLabel)
	name := s.sch.Pred(PredName)
	alias := s.sch.Pred(PredAlias)
	rdfType := quad.IRI(RDF + "type")
	ents := map[quad.Value]*entityInfo{}
	get := func(e quad.Value) *entityInfo {
		in := ents[e]
		if in == nil {
			in = &entityInfo{}
			ents[e] = in
		}
		return in
	}
	err := s.eachOfPredicate(ctx, qs, s.sch.Pred(PredFullName), func(q quad.Quad) {
		if v, ok := q.Object.(quad.String); ok {
			in := get(q.Subject)
			if in.name == "" || betterName(string(v), in.name) {
				in.name = string(v)
			}
		}
	})
	if err != nil {
		return 0, err
	}
	for i, c := range [...]string{ClassPerson, ClassPlace, ClassOrganization, ClassThing} {
		err := s.eachWith(ctx, qs, quad.Object, s.sch.Class(c), func(q quad.Quad) {
			if q.Predicate == rdfType && q.Label != label {
				get(q.Subject).votes[i]++
			}
		})
		if err != nil {
			return 0, err
		}
	}
	merged := s.merges(ents)

	want := map[quad.Quad]bool{}
	add := func(sub quad.Value, p quad.IRI, o quad.Value) {
		want[quad.Quad{Subject: sub, Predicate: p, Object: o, Label: label}] = true
	}
	canon := func(v quad.Value) quad.Value {
		if t, ok := merged[v]; ok {
			return t
		}
		return v
	}
	for e, in := range ents {
		if in.name == "" {
			continue
		}
		n := in.name
		if t, ok := merged[e]; ok && ents[t].name != "" {
			n = ents[t].name
		}
		add(e, name, quad.String(n))
	}
	rels := string(s.sch.Rel(""))
	isRel := func(p quad.Value) bool {
		iri, ok := p.(quad.IRI)
		return ok && strings.HasPrefix(string(iri), rels)
	}
	// The canonical node takes the member's aliases and fact edges, so that
	// a query on it sees every document.
	for m, t := range merged {
		add(m, SameAs, t)
		err := s.eachWith(ctx, qs, quad.Subject, m, func(q quad.Quad) {
			switch {
			case q.Label == label:
			case q.Predicate == alias:
				add(t, alias, q.Object)
			case isRel(q.Predicate):
				add(t, q.Predicate.(quad.IRI), canon(q.Object))
			}
		})
		if err != nil {
			return 0, err
		}
		err = s.eachWith(ctx, qs, quad.Object, m, func(q quad.Quad) {
			if q.Label != label && isRel(q.Predicate) {
				add(canon(q.Subject), q.Predicate.(quad.IRI), t)
			}
		})
		if err != nil {
			return 0, err
		}
	}

	// What the label holds now: names, merges, and what merges copied onto
	// the canonical nodes of the old and new merges.
	have := map[quad.Quad]bool{}
	keep := func(q quad.Quad) {
		if q.Label == label {
			have[q] = true
		}
	}
	targets := map[quad.Value]bool{}
	for _, t := range merged {
		targets[t] = true
	}
	err = s.eachOfPredicate(ctx, qs, SameAs, func(q quad.Quad) {
		keep(q)
		if q.Label == label {
			targets[q.Object] = true
		}
	})
	if err != nil {
		return 0, err
	}
	if err := s.eachOfPredicate(ctx, qs, name, keep); err != nil {
		return 0, err
	}
	for t := range targets {
		for _, dir := range [...]quad.Direction{quad.Subject, quad.Object} {
			if err := s.eachWith(ctx, qs, dir, t, keep); err != nil {
				return 0, err
			}
		}
	}
	return s.replace(qs, have, want)
}

// replace turns the quads have into want, deleting and adding the
// difference only. It returns the number of quads changed.
func (s *Store) replace(qs graph.QuadStore, have, want map[quad.Quad]bool) (int, error) {
	var dels, adds []graph.Delta
	for q := range have {
		if !want[q] {
			dels = append(dels, graph.Delta{Quad: q, Action: graph.Delete})
		}
	}
	for q := range want {
		if !have[q] {
			adds = append(adds, graph.Delta{Quad: q, Action: graph.Add})
		}
	}
	if err := s.apply(qs, dels); err != nil {
		return 0, err
	}
	if err := s.apply(qs, adds); err != nil {
		return 0, err
	}
	return len(adds) + len(dels), nil
}

// eachOfPredicate calls fn for every quad with predicate p.
func (s *Store) eachOfPredicate(ctx context.Context, qs graph.QuadStore, p quad.IRI, fn func(quad.Quad)) error {
	return s.eachWith(ctx, qs, quad.Predicate, p, fn)
}

// eachWith calls fn for every quad having v in direction dir.
func (s *Store) eachWith(ctx context.Context, qs graph.QuadStore, dir quad.Direction, v quad.Value, fn func(quad.Quad)) error {
	ref := qs.ValueOf(v)
	if ref == nil {
		return nil
	}
	it := qs.QuadIterator(dir, ref)
	defer it.Close()
	return s.scan(ctx, qs, it, func(q quad.Quad) error { fn(q); return nil })
}
