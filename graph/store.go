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
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/quad"

	"newsgraph/graph/boltkv"
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
	// ReadOnly opens an existing store for reading only: Put and Delete
	// fail, and no writer lock is taken.
	ReadOnly bool
	// LockTimeout is how long one operation waits for the bolt file while
	// another process uses it (a reader waits for a writer's commit, a
	// writer for readers to finish); 0 or less fails (almost) at once.
	LockTimeout time.Duration
}

// Store is a Cayley quad store holding the graph of the documents. Its
// methods are safe for concurrent use: writes are serialised and exclude
// reads (the in-memory store is not safe otherwise).
//
// A bolt store is not held open: each operation (Put, Delete, Quads, Query,
// View) opens the bolt file, shared for reading or exclusive for writing,
// and closes it when done, so that several processes — a batch run, a
// server, an export — take turns on one file instead of blocking each
// other for the length of a run. A store opened for writing also holds the
// writer lock (a lock file beside the store, see Lock) until Close, so two
// writers never interleave their batches.
type Store struct {
	mu     sync.RWMutex
	mem    graph.QuadStore // the store held open (in-memory or SQL); nil for a bolt store
	sql    *sqlState       // the SQL store's pool and writer lock, or nil (sql.go)
	file   string          // the bolt file; "" for the in-memory store
	lock   *Lock           // the writer lock of a bolt store opened for writing
	stale  *Holder         // the holder of a stale lock this Open took over
	spec   string
	sch    Schema
	voc    *vocab
	ro     bool
	wait   time.Duration
	closed bool
	// dirty holds the entity and term nodes of the documents put or
	// deleted since the last Refresh or Names (passes.go).
	dirty map[quad.Value]struct{}
	// maps holds the bolt DB of each open bolt quad store, and reads
	// counts the quads scanIf read (pages.go).
	maps  sync.Map
	reads atomic.Int64
	// chunk is the number of deltas of the next write transaction
	// (applyIn).
	chunk int
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
// modified; a store another writer holds fails at once with a *LockedError
// (opening for writing), and a bolt file that stays busy longer than
// opt.LockTimeout fails with ErrInUse.
func Open(ctx context.Context, spec string, opt Options) (*Store, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("opening store %s: %w", spec, err)
	}
	sch := Schema{Base: opt.Base}
	if err := checkBase(sch.base()); err != nil {
		return nil, err
	}
	sch.Base = sch.base()
	s := &Store{spec: spec, sch: sch, voc: newVocab(sch), ro: opt.ReadOnly, wait: opt.LockTimeout}
	if spec == Memory {
		s.mem = memstore.New()
		return s, nil
	}
	if flavor, dsn, ok := SQLFlavor(spec); ok {
		return s.openSQL(ctx, flavor, dsn, opt)
	}
	file, exists, err := boltPath(spec, opt.ReadOnly)
	if err != nil {
		return nil, err
	}
	s.file = file
	if !opt.ReadOnly {
		if s.lock, s.stale, err = Acquire(file + ".lock"); err != nil {
			return nil, fmt.Errorf("store %s: %w", spec, err)
		}
	}
	// Open once now: it creates a new store, and checks an old one.
	qs, err := s.openBolt(!opt.ReadOnly, exists)
	if err != nil {
		s.lock.Release()
		return nil, err
	}
	s.unmapped(qs)
	if err := qs.Close(); err != nil {
		s.lock.Release()
		return nil, fmt.Errorf("store %s: %w", spec, err)
	}
	return s, nil
}

// StaleLock returns the holder of a writer lock that Open found left behind
// by a process that is gone (a crashed run), or nil.
func (s *Store) StaleLock() *Holder { return s.stale }

// boltPath returns the bolt file of spec and whether it exists.
func boltPath(spec string, readOnly bool) (file string, exists bool, err error) {
	if spec == "" {
		return "", false, errors.New("opening store: empty path")
	}
	file = spec
	fi, err := os.Stat(file)
	if err == nil && fi.IsDir() {
		file = filepath.Join(spec, boltFile)
		if fi, err = os.Stat(file); err != nil {
			return "", false, fmt.Errorf("store %s: a folder without %s: %w", spec, boltFile, ErrNotStore)
		}
	}
	exists = err == nil
	switch {
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return "", false, fmt.Errorf("opening store: %w", err)
	case !exists && readOnly:
		return "", false, fmt.Errorf("store %s does not exist", spec)
	case exists && !fi.Mode().IsRegular():
		return "", false, fmt.Errorf("store %s is not a regular file: %w", spec, ErrNotStore)
	case exists:
		if err := checkMagic(file); err != nil {
			return "", false, fmt.Errorf("store %s: %w", spec, err)
		}
		if err := checkMeta(file); err != nil { // fault.go
			return "", false, fmt.Errorf("store %s: %w", spec, err)
		}
	}
	return file, exists, nil
}

// openBolt opens the bolt file, for writing or shared for reading, waiting
// at most s.wait for other processes. A file that did not exist is created
// and initialised (and removed again if that fails).
func (s *Store) openBolt(write, exists bool) (_ graph.QuadStore, err error) {
	defer s.guard(&err, debug.SetPanicOnFault(true)) // fault.go
	spec := s.spec
	timeout := s.wait
	if timeout <= 0 {
		timeout = time.Nanosecond
	}
	db, err := boltkv.Open(s.file, &bolt.Options{Timeout: timeout, ReadOnly: !write})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("store %s is %w", spec, ErrInUse)
	} else if err != nil {
		if !exists {
			os.Remove(s.file)
		}
		return nil, fmt.Errorf("opening store %s: %w", spec, err)
	}
	defer closeOnPanic(db) // fault.go
	fail := func(err error) (graph.QuadStore, error) {
		db.Close()
		if !exists {
			os.Remove(s.file)
		}
		return nil, err
	}
	if !exists || write && isEmpty(db.DB()) {
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
	s.mapped(qs, db.DB())
	return qs, nil
}

// acquire returns the quad store for one operation and the function that
// ends it. The caller holds s.mu.
func (s *Store) acquire(write bool) (graph.QuadStore, func() error, error) {
	if s.closed {
		return nil, nil, ErrClosed
	}
	if s.mem != nil {
		return s.mem, func() error { return nil }, nil
	}
	qs, err := s.openBolt(write, true)
	if err != nil {
		return nil, nil, err
	}
	return qs, func() error {
		s.unmapped(qs)
		if err := qs.Close(); err != nil {
			return fmt.Errorf("closing store %s: %w", s.spec, err)
		}
		return nil
	}, nil
}

// read runs fn with the quad store open for reading, under the read lock:
// the frame of every reading operation. A damaged file's panics become
// ErrCorrupt (guard, fault.go).
func (s *Store) read(fn func(graph.QuadStore) error) (err error) {
	defer s.guard(&err, debug.SetPanicOnFault(true))
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.with(false, fn)
}

// update runs fn with the quad store open for writing, under the write
// lock, on a store that may be written: the frame of every writing
// operation. A damaged file's panics become ErrCorrupt (guard, fault.go).
func (s *Store) update(fn func(graph.QuadStore) error) (err error) {
	defer s.guard(&err, debug.SetPanicOnFault(true))
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writable(); err != nil {
		return err
	}
	return s.with(true, fn)
}

// with runs fn with the quad store acquired (for writing or reading) and
// ends the operation; the caller holds s.mu.
func (s *Store) with(write bool, fn func(graph.QuadStore) error) error {
	qs, done, err := s.acquire(write)
	if err != nil {
		return err
	}
	err = fn(qs)
	if derr := done(); err == nil {
		err = derr
	}
	return err
}

// View calls fn with the underlying cayley quad store open for reading (for
// serving or exporting through cayley's own APIs). fn must not keep it or
// write to it: a bolt store is closed again when fn returns.
func (s *Store) View(ctx context.Context, fn func(graph.QuadStore) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.read(func(qs graph.QuadStore) error { return fn(cayleyStore(qs)) })
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

// Close closes the store and releases its writer lock; closing twice is
// harmless.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if s.mem != nil {
		if err := s.mem.Close(); err != nil {
			return fmt.Errorf("closing store %s: %w", s.spec, err)
		}
	}
	return errors.Join(s.sql.close(), s.lock.Release())
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
// documents now have. All deletions go first, then all additions, each in
// transactions of whole documents (see applyIn), because
// cayley's kv store corrupts a batch mixing both when a node loses more
// quads than it gains. Readers of this Store never see the states in
// between; a crash in between leaves documents whole or without quads
// (their hash included, so the next run puts them again).
//
// A document's quads after Put depend only on the document, not on what the
// store held before. Of documents with the same id the last wins; a nil
// document is skipped; an empty id is an error and nothing is written.
func (s *Store) Put(ctx context.Context, docs ...*nlp.Doc) (_ int, err error) {
	defer s.guard(&err, debug.SetPanicOnFault(true)) // fault.go
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
	var n int
	err = s.update(func(qs graph.QuadStore) (err error) {
		n, err = s.put(ctx, qs, docs, last)
		return err
	})
	return n, err
}

func (s *Store) put(ctx context.Context, qs graph.QuadStore, docs []*nlp.Doc, last map[string]int) (int, error) {
	var (
		adds, dels       []graph.Delta
		addCuts, delCuts []int // where each document's deltas end
		buf              []quad.Quad
		total            int
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
		old, err := s.docQuads(ctx, qs, s.sch.Doc(clean(d.ID)))
		if err != nil {
			return 0, err
		}
		s.touch(buf)
		s.touchSet(old)
		adds, dels = appendDiff(adds, dels, old, buf)
		addCuts, delCuts = append(addCuts, len(adds)), append(delCuts, len(dels))
	}
	// Cayley's kv store mishandles a batch mixing additions and deletions
	// when a node loses more quads than it gains (the added quads lose that
	// node), so deletions go first, in transactions of their own.
	if err := s.applyIn(qs, dels, delCuts); err != nil {
		return 0, err
	}
	if err := s.applyIn(qs, adds, addCuts); err != nil {
		return 0, err
	}
	return total, nil
}

// applyChunk is about the most deltas applyIn writes in one transaction of
// a store it has not written yet; after that the size follows the memory a
// transaction took (see chunkAfter), between minChunk and maxChunk.
const (
	applyChunk = 16384
	minChunk   = 1024
	maxChunk   = 65536
)

// txBudget is how much a write transaction may add to the resident file
// memory (the pages of the bolt file it reads and rewrites, spread over
// the file): the larger the store, the fewer quads that is.
var txBudget int64 = 96 << 20

// applyIn applies deltas in transactions of about s.chunk deltas, cut only
// at the offsets in cuts (ascending; nil cuts anywhere), adapts s.chunk to
// the memory each took, and lets go of the mapped pages after each
// (pages.go).
func (s *Store) applyIn(qs graph.QuadStore, deltas []graph.Delta, cuts []int) error {
	if s.chunk == 0 {
		s.chunk = applyChunk
	}
	for start := 0; start < len(deltas); {
		end := len(deltas)
		if end-start > s.chunk {
			end = start + s.chunk
			if cuts != nil {
				i, _ := slices.BinarySearch(cuts, end)
				end = len(deltas)
				if i < len(cuts) {
					end = cuts[i]
				}
			}
		}
		before, ok := residentFile()
		if err := s.apply(qs, deltas[start:end]); err != nil {
			return err
		}
		after, ok2 := residentFile()
		if ok && ok2 && end-start >= s.chunk/2 {
			s.chunk = chunkAfter(s.chunk, after-before)
		}
		s.dropOver(qs, after, ok2)
		start = end
	}
	return nil
}

// chunkAfter is the size of the next transaction after one of chunk deltas
// grew the resident file memory by grew bytes: smaller when it went over
// txBudget, twice as large when it stayed under a quarter of it.
func chunkAfter(chunk int, grew int64) int {
	switch {
	case grew > txBudget:
		chunk = int(int64(chunk) * txBudget / grew)
	case grew < txBudget/4:
		chunk *= 2
	}
	return min(max(chunk, minChunk), maxChunk)
}

// Delete removes every quad of the given document ids, in one transaction.
// Ids not in the store are ignored.
func (s *Store) Delete(ctx context.Context, ids ...string) error {
	return s.update(func(qs graph.QuadStore) error {
		var deltas []graph.Delta
		for _, id := range ids {
			old, err := s.docQuads(ctx, qs, s.sch.Doc(clean(id)))
			if err != nil {
				return err
			}
			s.touchSet(old)
			deltas = appendDeletes(deltas, old)
		}
		return s.apply(qs, deltas)
	})
}

// appendDiff appends to adds the quads of list that old lacks and to dels
// the quads of old that list lacks: what replaces old by list. It empties
// old of the quads both have.
func appendDiff(adds, dels []graph.Delta, old map[quad.Quad]struct{}, list []quad.Quad) ([]graph.Delta, []graph.Delta) {
	for _, q := range list {
		if _, ok := old[q]; ok {
			delete(old, q)
			continue
		}
		adds = append(adds, graph.Delta{Quad: q, Action: graph.Add})
	}
	return adds, appendDeletes(dels, old)
}

func appendDeletes(deltas []graph.Delta, qs map[quad.Quad]struct{}) []graph.Delta {
	for q := range qs {
		deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Delete})
	}
	return deltas
}

func (s *Store) apply(qs graph.QuadStore, deltas []graph.Delta) error {
	if len(deltas) == 0 {
		return nil
	}
	err := qs.ApplyDeltas(deltas, graph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true})
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
func (s *Store) docQuads(ctx context.Context, qs graph.QuadStore, D quad.IRI) (map[quad.Quad]struct{}, error) {
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
	return s.read(func(qs graph.QuadStore) error { return s.quads(ctx, qs, fn) })
}

func (s *Store) quads(ctx context.Context, qs graph.QuadStore, fn func(quad.Quad) error) error {
	it := qs.QuadsAllIterator()
	defer it.Close()
	return s.scan(ctx, qs, it, fn)
}

// scan calls fn for every quad of the quad iterator it, fetching the quads'
// values in batches (one read of the store per 1024 quads instead of one
// per quad).
func (s *Store) scan(ctx context.Context, qs graph.QuadStore, it graph.Iterator, fn func(quad.Quad) error) error {
	return s.scanIf(ctx, qs, it, nil, fn)
}

// scanIf is scan for the quads whose predicate keep accepts (given the
// graph.ToKey of its ref), deciding before it reads the quads' values; nil
// keeps all.
func (s *Store) scanIf(ctx context.Context, qs graph.QuadStore, it graph.Iterator, keep func(pred any) bool, fn func(quad.Quad) error) error {
	const batch = 1024
	var (
		// refs of the batch without repeats (predicates and labels repeat
		// a lot), and for each quad the index of its 4 values in refs
		// (grown as needed: most lookups are a few quads)
		refs []graph.Ref
		pos  []int
		seen = map[any]int{}
	)
	flush := func() error {
		vals, err := graph.ValuesOf(ctx, qs, refs)
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
	for it.Next(ctx) {
		r := it.Result()
		if s.reads.Add(1)%dropEvery == 0 { // every quad read, kept or not
			s.dropPages(qs)
		}
		if keep != nil {
			p := qs.QuadDirection(r, quad.Predicate)
			if p == nil || !keep(graph.ToKey(p)) {
				continue
			}
		}
		for _, d := range quad.Directions {
			ref := qs.QuadDirection(r, d)
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
		if len(pos) >= 4*batch {
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
