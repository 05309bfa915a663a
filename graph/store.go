package graph

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/quad"
	hbolt "github.com/hidal-go/hidalgo/kv/bolt"

	"newsgraph/nlp"
)

// Memory is the store spec of an in-memory store.
const Memory = "memory"

// Errors a Store reports; test with errors.Is.
var (
	// ErrInUse: another process (or another Open in this one) holds the store.
	ErrInUse = errors.New("in use by another process")
	// ErrReadOnly: the store was opened read-only.
	ErrReadOnly = errors.New("store is read-only")
	// ErrNotStore: the file is not a bolt database holding a cayley store.
	ErrNotStore = errors.New("not a newsgraph store")
	// ErrClosed: the store was closed.
	ErrClosed = errors.New("store is closed")
)

// Options configure Open.
type Options struct {
	// Base is the base IRI of nodes and predicates; "" is DefaultBase.
	Base string
	// ReadOnly opens an existing store for reading only: several read-only
	// opens of a bolt store may share it, and Put and Delete fail.
	ReadOnly bool
	// LockTimeout is how long to wait for another process to release a bolt
	// store; 0 or less fails (almost) at once.
	LockTimeout time.Duration
}

// Store is a Cayley quad store holding the graph of the documents. Its
// methods are safe for concurrent use: writes are serialised and exclude
// reads (the in-memory store is not safe otherwise).
type Store struct {
	mu     sync.RWMutex
	qs     graph.QuadStore
	spec   string
	sch    Schema
	voc    *vocab
	ro     bool
	closed bool
}

// kvOptions are the options of cayley's kv quad store: no bloom filters,
// which would hold hundreds of MB for a bolt store.
var kvOptions = graph.Options{ckv.OptNoBloom: true}

// boltFile is the bolt file inside a folder laid out by cayley's bolt
// backend.
const boltFile = "indexes.bolt"

// Open opens (creating if needed unless ReadOnly) the store named by spec:
// "memory" for an in-memory store, else a bolt file path (or a folder made
// by cayley's bolt backend, holding indexes.bolt). Errors name the spec: a
// file that is not a bolt/cayley store fails with ErrNotStore without being
// modified; a store another process holds fails with ErrInUse after
// opt.LockTimeout.
func Open(ctx context.Context, spec string, opt Options) (*Store, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("opening store %s: %w", spec, err)
	}
	sch := Schema{Base: opt.Base}
	if err := checkBase(sch.base()); err != nil {
		return nil, err
	}
	sch.Base = sch.base()
	var (
		qs  graph.QuadStore
		err error
	)
	if spec == Memory {
		qs = memstore.New()
	} else if qs, err = openBolt(spec, opt); err != nil {
		return nil, err
	}
	return &Store{qs: qs, spec: spec, sch: sch, voc: newVocab(sch), ro: opt.ReadOnly}, nil
}

func openBolt(spec string, opt Options) (graph.QuadStore, error) {
	if spec == "" {
		return nil, errors.New("opening store: empty path")
	}
	file := spec
	fi, err := os.Stat(file)
	if err == nil && fi.IsDir() {
		file = filepath.Join(spec, boltFile)
		if fi, err = os.Stat(file); err != nil {
			return nil, fmt.Errorf("store %s: a folder without %s: %w", spec, boltFile, ErrNotStore)
		}
	}
	exists := err == nil
	switch {
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("opening store: %w", err)
	case !exists && opt.ReadOnly:
		return nil, fmt.Errorf("store %s does not exist", spec)
	case exists && !fi.Mode().IsRegular():
		return nil, fmt.Errorf("store %s is not a regular file: %w", spec, ErrNotStore)
	case exists:
		if err := checkMagic(file); err != nil {
			return nil, fmt.Errorf("store %s: %w", spec, err)
		}
	}
	timeout := opt.LockTimeout
	if timeout <= 0 {
		timeout = time.Nanosecond
	}
	db, err := hbolt.Open(file, &bolt.Options{Timeout: timeout, ReadOnly: opt.ReadOnly})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("store %s is %w", spec, ErrInUse)
	} else if err != nil {
		if !exists {
			os.Remove(file)
		}
		return nil, fmt.Errorf("opening store %s: %w", spec, err)
	}
	fail := func(err error) (graph.QuadStore, error) {
		db.Close()
		if !exists {
			os.Remove(file)
		}
		return nil, err
	}
	if !exists || !opt.ReadOnly && isEmpty(db.DB()) {
		if err := ckv.Init(db, kvOptions); err != nil && !errors.Is(err, graph.ErrDatabaseExists) {
			return fail(fmt.Errorf("creating store %s: %w", spec, err))
		}
	}
	qs, err := ckv.New(db, kvOptions)
	if errors.Is(err, graph.ErrNotInitialized) {
		return fail(fmt.Errorf("store %s is a bolt database without a cayley graph: %w", spec, ErrNotStore))
	} else if err != nil {
		return fail(fmt.Errorf("opening store %s: %w", spec, err))
	}
	return qs, nil
}

// checkMagic reports whether file starts with a bolt meta page, so a file
// of another kind fails clearly and is never handed to bolt (which would
// initialise an empty file).
func checkMagic(file string) error {
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("opening store: %w", err)
	}
	defer f.Close()
	// A page header (id u64, flags u16, count u16, overflow u32), then the
	// meta page's magic u32, in the byte order of the machine that wrote it.
	var b [20]byte
	if _, err := io.ReadFull(f, b[:]); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("the file is too short for a bolt database: %w", ErrNotStore)
		}
		return fmt.Errorf("reading store: %w", err)
	}
	const magic = 0xED0CDAED
	if binary.LittleEndian.Uint32(b[16:]) != magic && binary.BigEndian.Uint32(b[16:]) != magic {
		return fmt.Errorf("the file is not a bolt database: %w", ErrNotStore)
	}
	return nil
}

// isEmpty reports whether a bolt database has no bucket (just created).
func isEmpty(db *bolt.DB) bool {
	empty := false
	_ = db.View(func(tx *bolt.Tx) error {
		k, _ := tx.Cursor().First()
		empty = k == nil
		return nil
	})
	return empty
}

// Schema returns the schema of the store's IRIs.
func (s *Store) Schema() Schema { return s.sch }

// QuadStore returns the underlying cayley store (for serving or exporting).
// Writing to it bypasses the Store's locking.
func (s *Store) QuadStore() graph.QuadStore { return s.qs }

// Close closes the store; closing twice is harmless.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if err := s.qs.Close(); err != nil {
		return fmt.Errorf("closing store %s: %w", s.spec, err)
	}
	return nil
}

func (s *Store) writable() error {
	switch {
	case s.closed:
		return ErrClosed
	case s.ro:
		return fmt.Errorf("store %s: %w", s.spec, ErrReadOnly)
	}
	return nil
}

// Put replaces the documents' quads: for each document, the quads labelled
// with its node that it no longer has are deleted and its new quads are
// added (quads it keeps are left alone). It returns the number of quads the
// documents now have. All deletions are one transaction (one ApplyDeltas)
// and all additions another, after it, because cayley's kv store corrupts a
// batch mixing both when a node loses more quads than it gains. Readers of
// this Store never see the state in between; a crash in between leaves the
// replaced documents without quads until they are put again.
//
// A document's quads after Put depend only on the document, not on what the
// store held before. Of documents with the same id the last wins; a nil
// document is skipped; an empty id is an error and nothing is written.
func (s *Store) Put(ctx context.Context, docs ...*nlp.Doc) (int, error) {
	last := make(map[string]int, len(docs))
	for i, d := range docs {
		if d == nil {
			continue
		}
		if d.ID == "" {
			return 0, fmt.Errorf("store %s: putting a document without id", s.spec)
		}
		last[clean(d.ID)] = i
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writable(); err != nil {
		return 0, err
	}
	var (
		adds, dels []graph.Delta
		buf        []quad.Quad
		total      int
	)
	for i, d := range docs {
		if d == nil || last[clean(d.ID)] != i {
			continue
		}
		if err := ctx.Err(); err != nil {
			return 0, fmt.Errorf("putting documents: %w", err)
		}
		buf = s.voc.quads(d, buf[:0])
		total += len(buf)
		old, err := s.docQuads(ctx, s.sch.Doc(clean(d.ID)))
		if err != nil {
			return 0, err
		}
		for _, q := range buf {
			if _, ok := old[q]; ok {
				delete(old, q)
				continue
			}
			adds = append(adds, graph.Delta{Quad: q, Action: graph.Add})
		}
		dels = appendDeletes(dels, old)
	}
	// Cayley's kv store mishandles a batch mixing additions and deletions
	// when a node loses more quads than it gains (the added quads lose that
	// node), so deletions go first, in a transaction of their own.
	if err := s.apply(dels); err != nil {
		return 0, err
	}
	if err := s.apply(adds); err != nil {
		return 0, err
	}
	return total, nil
}

// Delete removes every quad of the given document ids, in one transaction.
// Ids not in the store are ignored.
func (s *Store) Delete(ctx context.Context, ids ...string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writable(); err != nil {
		return err
	}
	var deltas []graph.Delta
	for _, id := range ids {
		old, err := s.docQuads(ctx, s.sch.Doc(clean(id)))
		if err != nil {
			return err
		}
		deltas = appendDeletes(deltas, old)
	}
	return s.apply(deltas)
}

func appendDeletes(deltas []graph.Delta, qs map[quad.Quad]struct{}) []graph.Delta {
	for q := range qs {
		deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Delete})
	}
	return deltas
}

func (s *Store) apply(deltas []graph.Delta) error {
	if len(deltas) == 0 {
		return nil
	}
	err := s.qs.ApplyDeltas(deltas, graph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true})
	if err != nil {
		return fmt.Errorf("writing to store %s: %w", s.spec, err)
	}
	return nil
}

// docQuads returns the quads labelled with the document node D.
//
// Cayley's kv stores have no label index (a label lookup scans every quad),
// so it walks the model instead: from D forwards along the quads labelled D
// (mentions → entities; statements → their arguments), and backwards one
// step (statements → D). Every quad of a document has its subject on that
// walk. Each node costs one indexed lookup, never one per quad.
func (s *Store) docQuads(ctx context.Context, D quad.IRI) (map[quad.Quad]struct{}, error) {
	qs := s.qs
	d := qs.ValueOf(D)
	if d == nil {
		return nil, nil
	}
	dkey := graph.ToKey(d)
	out := make(map[quad.Quad]struct{})
	seen := map[quad.Value]bool{D: true}
	queue := []quad.Value{D}
	visit := func(dir quad.Direction, n graph.Ref) error {
		it := qs.QuadIterator(dir, n)
		defer it.Close()
		for it.Next(ctx) {
			ref := it.Result()
			if graph.ToKey(qs.QuadDirection(ref, quad.Label)) != dkey {
				continue
			}
			q := qs.Quad(ref)
			if q.Subject == nil {
				continue
			}
			out[q] = struct{}{}
			next := q.Object
			if dir == quad.Object {
				next = q.Subject
			}
			if _, ok := next.(quad.IRI); ok && !seen[next] {
				seen[next] = true
				queue = append(queue, next)
			}
		}
		if err := it.Err(); err != nil {
			return fmt.Errorf("reading store %s: %w", s.spec, err)
		}
		return ctx.Err()
	}
	if err := visit(quad.Object, d); err != nil {
		return nil, err
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		ref := d
		if n != D {
			if ref = qs.ValueOf(n); ref == nil {
				continue
			}
		}
		if err := visit(quad.Subject, ref); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Quads calls fn for every quad of the store, in no particular order,
// stopping at the first error. fn must not write to the store. Values are
// fetched in batches (one read transaction per 1024 quads on bolt).
func (s *Store) Quads(ctx context.Context, fn func(quad.Quad) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return ErrClosed
	}
	const batch = 1024
	var (
		// refs of the batch without repeats (predicates and labels repeat
		// a lot), and for each quad the index of its 4 values in refs
		refs = make([]graph.Ref, 0, 2*batch)
		pos  = make([]int, 0, 4*batch)
		seen = make(map[any]int, 2*batch)
	)
	flush := func() error {
		vals, err := graph.ValuesOf(ctx, s.qs, refs)
		if err != nil {
			return fmt.Errorf("reading store %s: %w", s.spec, err)
		}
		for i := 0; i+4 <= len(pos); i += 4 {
			q := quad.Quad{Subject: vals[pos[i]], Predicate: vals[pos[i+1]], Object: vals[pos[i+2]], Label: vals[pos[i+3]]}
			if q.Subject == nil || q.Predicate == nil || q.Object == nil {
				return fmt.Errorf("reading store %s: unreadable quad", s.spec)
			}
			if err := fn(q); err != nil {
				return err
			}
		}
		refs, pos = refs[:0], pos[:0]
		clear(seen)
		return nil
	}
	it := s.qs.QuadsAllIterator()
	defer it.Close()
	for it.Next(ctx) {
		r := it.Result()
		for _, d := range quad.Directions {
			ref := s.qs.QuadDirection(r, d)
			var k any
			if ref != nil {
				k = graph.ToKey(ref)
			}
			i, ok := seen[k]
			if !ok {
				i = len(refs)
				refs = append(refs, ref)
				seen[k] = i
			}
			pos = append(pos, i)
		}
		if len(pos) == cap(pos) {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := it.Err(); err != nil {
		return fmt.Errorf("reading store %s: %w", s.spec, err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("reading store %s: %w", s.spec, err)
	}
	return flush()
}
