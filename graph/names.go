package graph

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// NamesLabel is the local name of the label of the canonical names.
const NamesLabel = "names"

// betterName reports whether name n beats old as an entity's canonical
// name: longer (in characters), or as long and lexically smaller.
func betterName(n, old string) bool {
	ln, lo := utf8.RuneCountInString(n), utf8.RuneCountInString(old)
	return ln > lo || ln == lo && n < old
}

// Names recomputes the canonical name of every entity from the full names
// its documents give it (see the package documentation), replacing the
// quads of the label <B names> by the difference only. It returns the number
// of names changed.
func (s *Store) Names(ctx context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writable(); err != nil {
		return 0, err
	}
	qs, done, err := s.acquire(true)
	if err != nil {
		return 0, err
	}
	n, err := s.names(ctx, qs)
	if derr := done(); err == nil {
		err = derr
	}
	return n, err
}

func (s *Store) names(ctx context.Context, qs graph.QuadStore) (int, error) {
	label := s.sch.Pred(NamesLabel)
	name := s.sch.Pred(PredName)
	want := map[quad.Value]string{}
	err := s.eachOfPredicate(ctx, qs, s.sch.Pred(PredFullName), func(q quad.Quad) {
		if v, ok := q.Object.(quad.String); ok {
			if old, seen := want[q.Subject]; !seen || betterName(string(v), old) {
				want[q.Subject] = string(v)
			}
		}
	})
	if err != nil {
		return 0, err
	}
	var dels, adds []graph.Delta
	have := map[quad.Value]bool{}
	err = s.eachOfPredicate(ctx, qs, name, func(q quad.Quad) {
		if q.Label != label {
			return
		}
		if v, ok := q.Object.(quad.String); ok && want[q.Subject] == string(v) && !have[q.Subject] {
			have[q.Subject] = true
			return
		}
		dels = append(dels, graph.Delta{Quad: q, Action: graph.Delete})
	})
	if err != nil {
		return 0, err
	}
	for e, n := range want {
		if !have[e] {
			adds = append(adds, graph.Delta{Quad: quad.Quad{Subject: e, Predicate: name, Object: quad.String(n), Label: label}, Action: graph.Add})
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
	ref := qs.ValueOf(p)
	if ref == nil {
		return nil
	}
	it := qs.QuadIterator(quad.Predicate, ref)
	defer it.Close()
	for it.Next(ctx) {
		fn(qs.Quad(it.Result()))
	}
	if err := it.Err(); err != nil {
		return fmt.Errorf("reading store %s: %w", s.spec, err)
	}
	return ctx.Err()
}
