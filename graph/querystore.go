package graph

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/shape"
	"github.com/cayleygraph/quad"
)

// Cayley's kv quad store (bolt) keeps two indexes of quads, {subject,
// predicate} and {object, predicate, subject}. It estimates a lookup by a
// subject or object (QuadIterator) and a scan of an index by a prefix
// shorter than the index as 1 + quads/2, whatever the node; a lookup by
// predicate is a scan of every quad, sized as the store. Its shape
// optimizer makes an index scan of a QuadsAction only when the fixed
// directions are all those of an index: {subject, predicate} (out(p) from
// a node), never {object, predicate} (in(p), has(p, o)). Behind a LinksTo
// the estimate is 20 times its source's, so the iterator optimizer finds a
// node's quads larger than the scan of a predicate, and a join such as
// g.V(x).in(p).out(q) scans the whole store for q.
//
// queryStore is the store Cayley's query engines get for a bolt store
// (Store.query, the HTTP API): the kv store itself, every method and
// optional interface of it forwarded by embedding, except that
//
//   - a lookup by subject or object reports as its size the number of quad
//     ids the index starting with that direction lists under the node,
//     counted from bolt's keys and values (no quad read), once a query;
//   - its shape optimizer scans, for a QuadsAction, the index with the
//     longest prefix of fixed directions (the fewest quads when two fit),
//     checking any other fixed direction on each quad;
//   - writes are refused and Close does nothing (the Store owns the store).
//
// Lookups by predicate or label stay Cayley's scans. The iterators are the
// kv store's, only the plan changes, so a query gives the same results; in
// another order where the plan changed (which ones come first under a
// limit too), and Cayley's skip(), limit() and order() count and sort
// the results of the plan's Next without their other paths, so after them
// a node reached by several paths may come a different number of times
// (see TestQueryStoreSameResults).
type queryStore struct {
	*ckv.QuadStore
	db      *bolt.DB
	indexes []ckv.QuadIndex
	quads   int64 // quads in the store (without deleted ones)

	mu     sync.Mutex
	counts map[string]graph.Size // index bucket + key prefix → quads under it
}

// errReadOnly is the error of writes through a queryStore.
var errReadOnly = errors.New("the query store is read-only")

// maxCountKeys bounds the index keys one size estimate reads (a key is a
// few tens of nanoseconds); a node with more is estimated as half the
// store, as Cayley does.
const maxCountKeys = 1 << 18

// QueryStore returns the quad store to hand to Cayley's query engines for
// a quad store given by View or read: for a bolt store a read-only wrapper
// with index-based size estimates and index scans (see queryStore), which
// makes Gizmo's joins start from the small side; other stores (memory,
// SQL) as cayleyStore gives them. It is valid while qs is.
func (s *Store) QueryStore(qs graph.QuadStore) graph.QuadStore {
	qs = cayleyStore(qs)
	kqs, ok := qs.(*ckv.QuadStore)
	if !ok {
		return qs
	}
	v, ok := s.maps.Load(qs) // the bolt DB of an open bolt store (pages.go)
	if !ok {
		return qs
	}
	db, ok := v.(*bolt.DB)
	if !ok {
		return qs
	}
	w, err := newQueryStore(kqs, db)
	if err != nil {
		return qs // an unknown layout: Cayley's plans, slower but right
	}
	return w
}

// newQueryStore wraps the kv store kqs over the bolt file db.
func newQueryStore(kqs *ckv.QuadStore, db *bolt.DB) (*queryStore, error) {
	inds, err := kvIndexes(db)
	if err != nil {
		return nil, err
	}
	st, err := kqs.Stats(context.Background(), false)
	if err != nil {
		return nil, err
	}
	return &queryStore{QuadStore: kqs, db: db, indexes: inds, quads: st.Quads.Size,
		counts: map[string]graph.Size{}}, nil
}

// kvIndexes returns the quad indexes of a kv store in bolt, as Cayley
// records them (meta/indexes; none recorded: the legacy {subject},
// {object}), each of which has a bucket named by its directions' prefixes.
func kvIndexes(db *bolt.DB) ([]ckv.QuadIndex, error) {
	var inds []ckv.QuadIndex
	err := db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket([]byte("meta"))
		if meta == nil {
			return errors.New("no meta bucket")
		}
		if b := meta.Get([]byte("indexes")); len(b) > 0 {
			if err := json.Unmarshal(b, &inds); err != nil {
				return fmt.Errorf("reading the quad indexes: %w", err)
			}
		}
		if len(inds) == 0 {
			inds = []ckv.QuadIndex{{Dirs: []quad.Direction{quad.Subject}}, {Dirs: []quad.Direction{quad.Object}}}
		}
		for _, ind := range inds {
			if len(ind.Dirs) == 0 || tx.Bucket(indexBucket(ind)) == nil {
				return fmt.Errorf("no bucket for quad index %v", ind.Dirs)
			}
		}
		return nil
	})
	return inds, err
}

// indexBucket is the name of the bucket of a quad index ("sp", "ops").
func indexBucket(ind ckv.QuadIndex) []byte {
	b := make([]byte, len(ind.Dirs))
	for i, d := range ind.Dirs {
		b[i] = d.Prefix()
	}
	return b
}

// indexKey is the key prefix of nodes in an index: 8 bytes big-endian each.
func indexKey(vals []uint64) []byte {
	k := make([]byte, 8*len(vals))
	for i, v := range vals {
		binary.BigEndian.PutUint64(k[8*i:], v)
	}
	return k
}

// size returns the number of quad ids an index lists under a key prefix
// (deleted quads included: an upper bound, never exact).
func (q *queryStore) size(ind ckv.QuadIndex, vals []uint64) graph.Size {
	bucket, prefix := indexBucket(ind), indexKey(vals)
	ck := string(bucket) + "\x00" + string(prefix)
	q.mu.Lock()
	sz, ok := q.counts[ck]
	q.mu.Unlock()
	if ok {
		return sz
	}
	sz = graph.Size{Size: 1 + q.quads/2}
	_ = q.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		if b == nil {
			return nil
		}
		var n int64
		c := b.Cursor()
		keys := 0
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if keys++; keys > maxCountKeys {
				n = max(n, sz.Size)
				break
			}
			for _, x := range v { // uvarints: a byte < 0x80 ends one
				if x < 0x80 {
					n++
				}
			}
		}
		sz.Size = n
		return nil
	})
	q.mu.Lock()
	q.counts[ck] = sz
	q.mu.Unlock()
	return sz
}

// leading returns the index the kv store scans for a lookup by one
// direction: the first whose first direction it is.
func (q *queryStore) leading(d quad.Direction) (ckv.QuadIndex, bool) {
	for _, ind := range q.indexes {
		if ind.Dirs[0] == d {
			return ind, true
		}
	}
	return ckv.QuadIndex{}, false
}

// QuadIterator is the kv store's, with the size of a lookup by subject or
// object counted in the index it scans.
func (q *queryStore) QuadIterator(d quad.Direction, v graph.Ref) graph.Iterator {
	it := q.QuadStore.QuadIterator(d, v)
	n, ok := v.(ckv.Int64Value)
	if !ok {
		return it
	}
	ind, ok := q.leading(d)
	if !ok {
		return it // predicate, label: a scan of the store, sized as the store
	}
	return graph.NewLegacy(&sizedShape{IteratorShape: graph.AsShape(it), q: q, ind: ind, vals: []uint64{uint64(n)}}, nil)
}

// QuadIteratorSize is the size QuadIterator reports.
func (q *queryStore) QuadIteratorSize(ctx context.Context, d quad.Direction, v graph.Ref) (graph.Size, error) {
	n, ok := v.(ckv.Int64Value)
	if !ok {
		return graph.Size{Size: 0, Exact: true}, nil
	}
	if ind, ok := q.leading(d); ok {
		return q.size(ind, []uint64{uint64(n)}), nil
	}
	return graph.Size{Size: q.quads}, nil
}

// OptimizeShape replaces the kv store's optimizer (whose index scans only
// build on the kv store itself): a QuadsAction with fixed directions
// becomes a scan of an index by its longest prefix of them.
func (q *queryStore) OptimizeShape(s shape.Shape) (shape.Shape, bool) {
	a, ok := s.(shape.QuadsAction)
	if !ok || len(a.Filter) == 0 {
		return s, false
	}
	var cands []indexScan
	for _, ind := range q.indexes {
		var vals []uint64
		for _, d := range ind.Dirs {
			v, ok := a.Filter[d]
			if !ok {
				break
			}
			n, ok := v.(ckv.Int64Value)
			if !ok {
				return s, false
			}
			vals = append(vals, uint64(n))
		}
		if len(vals) > 0 {
			cands = append(cands, indexScan{q: q, ind: ind, vals: vals})
		}
	}
	var best *indexScan
	for i := range cands { // counted only when there is a choice
		if c := &cands[i]; best == nil || q.fewer(c, best) {
			best = c
		}
	}
	if best == nil {
		return s, false // only a predicate or label: Cayley's plan
	}
	for _, d := range []quad.Direction{quad.Subject, quad.Predicate, quad.Object, quad.Label} {
		v, ok := a.Filter[d]
		if ok && !slices.Contains(best.ind.Dirs[:len(best.vals)], d) {
			best.check = append(best.check, graph.Linkage{Dir: d, Value: v})
		}
	}
	if len(best.vals)+len(best.check) != len(a.Filter) {
		return s, false // a direction of another kind
	}
	return a.SimplifyFrom(*best), true
}

// fewer reports whether scan a lists fewer quads than b, or as many under a
// longer prefix.
func (q *queryStore) fewer(a, b *indexScan) bool {
	na, nb := q.size(a.ind, a.vals).Size, q.size(b.ind, b.vals).Size
	return na < nb || na == nb && len(a.vals) > len(b.vals)
}

// ApplyDeltas refuses: queries do not write.
func (q *queryStore) ApplyDeltas([]graph.Delta, graph.IgnoreOpts) error { return errReadOnly }

// NewQuadWriter refuses: queries do not write.
func (q *queryStore) NewQuadWriter() (quad.WriteCloser, error) { return nil, errReadOnly }

// Close does nothing: the Store closes the kv store.
func (q *queryStore) Close() error { return nil }

// indexScan is the shape of the quads an index lists under a prefix of
// fixed nodes that also have the nodes of check.
type indexScan struct {
	q     *queryStore
	ind   ckv.QuadIndex
	vals  []uint64
	check []graph.Linkage
}

// BuildIterator scans the index of the kv store.
func (s indexScan) BuildIterator(graph.QuadStore) graph.Iterator {
	it := ckv.NewQuadIterator(s.q.QuadStore, s.ind, s.vals)
	return graph.NewLegacy(&sizedShape{IteratorShape: graph.AsShape(it), q: s.q, ind: s.ind, vals: s.vals, check: s.check}, nil)
}

// Optimize leaves the scan as it is.
func (s indexScan) Optimize(shape.Optimizer) (shape.Shape, bool) { return s, false }

// sizedShape is an iterator of the kv store over the quads an index lists
// under a prefix, reporting their number as its size, and keeping only the
// quads with the nodes of check.
type sizedShape struct {
	graph.IteratorShape
	q     *queryStore
	ind   ckv.QuadIndex
	vals  []uint64
	check []graph.Linkage
}

func (s *sizedShape) String() string {
	return fmt.Sprintf("QueryIndex(%s %v, check %d)", indexBucket(s.ind), s.vals, len(s.check))
}

// Stats are the kv iterator's costs with the counted size.
func (s *sizedShape) Stats(ctx context.Context) (graph.IteratorCosts, error) {
	st, err := s.IteratorShape.Stats(ctx)
	st.Size = s.q.size(s.ind, s.vals)
	return st, err
}

// Optimize leaves the iterator as it is (the kv iterators do).
func (s *sizedShape) Optimize(context.Context) (graph.IteratorShape, bool) { return s, false }

// AsLegacy gives the legacy iterator of the shape.
func (s *sizedShape) AsLegacy() graph.Iterator { return graph.NewLegacy(s, nil) }

// ok reports whether a quad has the nodes of check.
func (s *sizedShape) ok(r graph.Ref) bool {
	for _, c := range s.check {
		if s.q.QuadDirection(r, c.Dir) != c.Value {
			return false
		}
	}
	return true
}

func (s *sizedShape) Iterate() graph.Scanner {
	sc := s.IteratorShape.Iterate()
	if len(s.check) == 0 {
		return sc
	}
	return &checkScanner{Scanner: sc, s: s}
}

func (s *sizedShape) Lookup() graph.Index {
	ix := s.IteratorShape.Lookup()
	if len(s.check) == 0 {
		return ix
	}
	return &checkIndex{Index: ix, s: s}
}

// checkScanner skips the quads without the nodes of check.
type checkScanner struct {
	graph.Scanner
	s *sizedShape
}

func (c *checkScanner) Next(ctx context.Context) bool {
	for c.Scanner.Next(ctx) {
		if c.s.ok(c.Scanner.Result()) {
			return true
		}
	}
	return false
}

// checkIndex contains only the quads with the nodes of check.
type checkIndex struct {
	graph.Index
	s    *sizedShape
	miss bool
}

func (c *checkIndex) Contains(ctx context.Context, v graph.Ref) bool {
	c.miss = !c.s.ok(v)
	if c.miss {
		return false
	}
	return c.Index.Contains(ctx, v)
}

func (c *checkIndex) Result() graph.Ref {
	if c.miss {
		return nil
	}
	return c.Index.Result()
}
