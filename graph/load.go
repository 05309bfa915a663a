package graph

import (
	"context"
	"fmt"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// loadBatch is the number of quads AddQuads writes per transaction.
const loadBatch = 10000

// AddQuads adds raw quads to the store as they are (a quad without label
// gets none), in transactions of loadBatch quads; quads already in the
// store are skipped. It is for loading a graph exported by another store:
// the quads are not checked against the graph model. Invalid quads (no
// subject, predicate or object) are an error and nothing of their batch is
// written; batches written before stay.
func (s *Store) AddQuads(ctx context.Context, quads []quad.Quad) error {
	for i, q := range quads {
		if !q.IsValid() {
			return fmt.Errorf("store %s: adding quad %d: incomplete quad %v", s.spec, i+1, q)
		}
	}
	return s.update(func(qs graph.QuadStore) error { return s.addQuads(ctx, qs, quads) })
}

func (s *Store) addQuads(ctx context.Context, qs graph.QuadStore, quads []quad.Quad) error {
	deltas := make([]graph.Delta, 0, min(len(quads), loadBatch))
	for len(quads) > 0 {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("adding quads to store %s: %w", s.spec, err)
		}
		n := min(len(quads), loadBatch)
		deltas = deltas[:0]
		for _, q := range quads[:n] {
			deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Add})
		}
		if err := s.apply(qs, deltas); err != nil {
			return err
		}
		quads = quads[n:]
	}
	return nil
}
