// Package boltkv is the key-value store Cayley's kv quad store writes
// through (hidalgo's kv.KV), over a bolt file. Its layout is that of
// hidalgo's own bolt backend, which cayley's "bolt" store uses: a key of
// several parts is a path of nested buckets ending in a key, a key of one
// part lives in the root bucket. A file written by one is read by the
// other, and cayley's own tools open it.
//
// It differs in cost only. Cayley's kv store keeps each value, reference
// count and index in buckets named by their first bytes (over 130,000
// buckets), and looks up or writes one key per call: hidalgo's backend
// finds the bucket of every key by a search of the root bucket (in read
// transactions bolt does not remember the buckets it opened), and every
// write searches it twice (bolt's CreateBucketIfNotExists). Here a
// transaction remembers the top-level buckets it opened, and a write
// creates a bucket only when it is missing.
package boltkv

import (
	"bytes"
	"context"
	"errors"

	"github.com/boltdb/bolt"
	"github.com/hidal-go/hidalgo/kv"
)

// DB is a bolt file as a kv.KV.
type DB struct {
	db *bolt.DB
}

var _ kv.KV = (*DB)(nil)

// Open opens (creating it if needed) the bolt file at path with opt (nil:
// bolt's defaults).
func Open(path string, opt *bolt.Options) (*DB, error) {
	db, err := bolt.Open(path, 0o644, opt)
	if err != nil {
		return nil, err
	}
	return New(db), nil
}

// New returns db as a kv.KV.
func New(db *bolt.DB) *DB { return &DB{db: db} }

// DB returns the bolt database.
func (db *DB) DB() *bolt.DB { return db.db }

// Close closes the bolt file.
func (db *DB) Close() error { return db.db.Close() }

// Tx begins a transaction, a writable one if rw.
func (db *DB) Tx(rw bool) (kv.Tx, error) {
	tx, err := db.db.Begin(rw)
	if err != nil {
		return nil, err
	}
	return &Tx{tx: tx}, nil
}

// Tx is a bolt transaction as a kv.Tx. Like a bolt transaction it is not
// safe for concurrent use.
type Tx struct {
	tx   *bolt.Tx
	tops map[string]*bolt.Bucket // the top-level buckets opened so far
}

var _ kv.Tx = (*Tx)(nil)

// top returns the top-level bucket name, creating it if create (nil when
// it does not exist and create is false).
func (tx *Tx) top(name []byte, create bool) (*bolt.Bucket, error) {
	if b := tx.tops[string(name)]; b != nil {
		return b, nil
	}
	b := tx.tx.Bucket(name)
	if b == nil {
		if !create {
			return nil, nil
		}
		var err error
		if b, err = tx.tx.CreateBucket(name); err != nil {
			return nil, err
		}
	}
	if tx.tops == nil {
		tx.tops = make(map[string]*bolt.Bucket)
	}
	tx.tops[string(name)] = b
	return b, nil
}

// root is the root bucket, which holds the keys of one part.
func (tx *Tx) root() *bolt.Bucket { return tx.tx.Cursor().Bucket() }

// bucket returns the bucket holding key and the rest of the key (one part
// when the bucket exists), or a nil bucket.
func (tx *Tx) bucket(key kv.Key) (*bolt.Bucket, kv.Key) {
	if len(key) <= 1 {
		return tx.root(), key
	}
	b, _ := tx.top(key[0], false)
	key = key[1:]
	for b != nil && len(key) > 1 {
		b = b.Bucket(key[0])
		key = key[1:]
	}
	return b, key
}

// Get returns the value of key, or kv.ErrNotFound. The value is valid
// until the transaction ends.
func (tx *Tx) Get(ctx context.Context, key kv.Key) (kv.Value, error) {
	b, k := tx.bucket(key)
	if b == nil || len(k) != 1 {
		return nil, kv.ErrNotFound
	}
	v := b.Get(k[0])
	if v == nil {
		return nil, kv.ErrNotFound
	}
	return v, nil
}

// GetBatch returns the values of keys, nil for those that do not exist.
func (tx *Tx) GetBatch(ctx context.Context, keys []kv.Key) ([]kv.Value, error) {
	vals := make([]kv.Value, len(keys))
	for i, key := range keys {
		if b, k := tx.bucket(key); b != nil && len(k) == 1 {
			vals[i] = b.Get(k[0])
		}
	}
	return vals, nil
}

// Put sets the value of k, creating the buckets of its path. An empty
// last part with an empty value only creates the buckets.
func (tx *Tx) Put(k kv.Key, v kv.Value) error {
	if len(k) == 0 {
		return bolt.ErrKeyRequired
	}
	b := tx.root()
	if len(k) > 1 {
		var err error
		if b, err = tx.top(k[0], true); err != nil {
			return err
		}
		k = k[1:]
		for len(k) > 1 {
			if b, err = b.CreateBucketIfNotExists(k[0]); err != nil {
				return err
			}
			k = k[1:]
		}
	}
	if len(k[0]) == 0 && len(v) == 0 {
		return nil
	}
	return b.Put(k[0], v)
}

// Del deletes key (nothing when it does not exist).
func (tx *Tx) Del(key kv.Key) error {
	b, k := tx.bucket(key)
	if b == nil || len(k) != 1 {
		return nil
	}
	return b.Delete(k[0])
}

// Commit commits a writable transaction.
func (tx *Tx) Commit(ctx context.Context) error {
	tx.tops = nil
	return tx.tx.Commit()
}

// Close ends the transaction, discarding its writes if it was not
// committed.
func (tx *Tx) Close() error {
	tx.tops = nil
	err := tx.tx.Rollback()
	if errors.Is(err, bolt.ErrTxClosed) {
		return nil // committed
	}
	return err
}

// Scan iterates over the pairs whose key starts with pref: every key of
// the buckets under it, each part of pref but the last naming a bucket
// and the last a prefix of keys (or bucket names) in it.
func (tx *Tx) Scan(pref kv.Key) kv.Iterator {
	b, rest := tx.bucket(pref)
	if b == nil || len(rest) > 1 {
		return &Iterator{}
	}
	it := &Iterator{path: pref[:len(pref)-len(rest)].Clone()}
	var p []byte
	if len(rest) == 1 {
		p = rest[0]
	}
	it.push(b, p)
	return it
}

// Iterator walks the pairs of a bucket and of the buckets in it, depth
// first, in key order.
type Iterator struct {
	path   kv.Key  // bucket names from the scanned bucket's parent down to the current one
	levels []level // the buckets being walked, the scanned one first
	k, v   []byte
}

type level struct {
	c     *bolt.Cursor
	pref  []byte // keys of this level must start with it (only the first level has one)
	start bool   // the cursor has not been positioned yet
}

func (it *Iterator) push(b *bolt.Bucket, pref []byte) {
	it.levels = append(it.levels, level{c: b.Cursor(), pref: pref, start: true})
}

// Next moves to the next pair, reporting whether there is one.
func (it *Iterator) Next(ctx context.Context) bool {
	for len(it.levels) > 0 {
		l := &it.levels[len(it.levels)-1]
		var k, v []byte
		if l.start {
			l.start = false
			if len(l.pref) > 0 {
				k, v = l.c.Seek(l.pref)
			} else {
				k, v = l.c.First()
			}
		} else {
			k, v = l.c.Next()
		}
		if k == nil || !bytes.HasPrefix(k, l.pref) {
			it.levels = it.levels[:len(it.levels)-1]
			if len(it.levels) > 0 {
				it.path = it.path[:len(it.path)-1]
			}
			continue
		}
		if v == nil { // a bucket
			if child := l.c.Bucket().Bucket(k); child != nil {
				it.path = append(it.path, k)
				it.push(child, nil)
				continue
			}
		}
		it.k, it.v = k, v
		return true
	}
	it.k, it.v = nil, nil
	return false
}

// Key returns the whole key of the current pair, valid until Next.
func (it *Iterator) Key() kv.Key {
	if it.k == nil {
		return nil
	}
	k := make(kv.Key, 0, len(it.path)+1)
	k = append(k, it.path...)
	return append(k, it.k).Clone()
}

// Val returns the value of the current pair, valid until Next.
func (it *Iterator) Val() kv.Value { return it.v }

// Err returns nil: reading a bolt bucket does not fail.
func (it *Iterator) Err() error { return nil }

// Close ends the iteration.
func (it *Iterator) Close() error {
	*it = Iterator{}
	return nil
}
