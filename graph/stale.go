package graph

import (
	"context"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// The stale marker says that documents changed since the end-of-run
// passes (Names) last ran: a writer sets it before its first change and
// clears it after the passes, so an unchanged rerun skips them, and one
// after a crash does not.
const (
	staleLabel = "stale"
	predStale  = "stale"
)

func (s *Store) staleQuad() quad.Quad {
	n := s.sch.Pred(staleLabel)
	return quad.Quad{Subject: n, Predicate: s.sch.Pred(predStale), Object: quad.String("true"), Label: n}
}

// SetStale sets (or clears) the stale marker.
func (s *Store) SetStale(ctx context.Context, stale bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	action := graph.Add
	if !stale {
		action = graph.Delete
	}
	return s.update(func(qs graph.QuadStore) error {
		return s.apply(qs, []graph.Delta{{Quad: s.staleQuad(), Action: action}})
	})
}

// Stale reports whether the stale marker is set.
func (s *Store) Stale(ctx context.Context) (bool, error) {
	stale := false
	err := s.View(ctx, func(qs graph.QuadStore) error {
		q := s.staleQuad()
		ref := qs.ValueOf(q.Subject)
		if ref == nil {
			return nil
		}
		it := qs.QuadIterator(quad.Subject, ref)
		defer it.Close()
		return s.scan(ctx, qs, it, func(got quad.Quad) error {
			if got == q {
				stale = true
			}
			return nil
		})
	})
	return stale, err
}
