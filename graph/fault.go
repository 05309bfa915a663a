package graph

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"runtime/debug"

	"github.com/boltdb/bolt"
)

// ErrCorrupt: the file is a bolt database, but a damaged one (bad meta
// pages, pages that point nowhere). The file is left as it is.
var ErrCorrupt = errors.New("the store file is damaged")

// guard makes a damaged bolt file an error instead of a crash: bolt reads
// its pages unchecked, and a page of garbage makes it panic or fault. Use it
// in functions that read a bolt file, with named error result err:
//
//	defer s.guard(&err, debug.SetPanicOnFault(true))
//
// It recovers the panic (a fault too, while SetPanicOnFault is on), restores
// the goroutine's previous fault setting, and makes *err an ErrCorrupt
// naming the store when the panic came from bolt (else an internal error); bolt's own errors for a damaged file become ErrCorrupt
// too. A bolt file whose operation panicked may stay open until the garbage
// collector closes it: the process is expected to report the store and stop
// using it.
func (s *Store) guard(err *error, faultWas bool) {
	debug.SetPanicOnFault(faultWas)
	if r := recover(); r != nil {
		if !bytes.Contains(debug.Stack(), []byte("github.com/boltdb/bolt.")) {
			// Not bolt reading the file: a panic of the query engine or
			// ours, reported as such instead of ending the process.
			*err = fmt.Errorf("store %s: internal error: %v", s.spec, r)
			return
		}
		*err = fmt.Errorf("store %s: %w (%v); restore it from a backup or move it away", s.spec, ErrCorrupt, r)
		return
	}
	if e := *err; e != nil && !errors.Is(e, ErrCorrupt) &&
		(errors.Is(e, bolt.ErrInvalid) || errors.Is(e, bolt.ErrChecksum) || errors.Is(e, bolt.ErrVersionMismatch)) {
		*err = fmt.Errorf("store %s: %w (%w)", s.spec, ErrCorrupt, e)
	}
}

// closeOnPanic closes db when the function that deferred it panics (bolt
// reading a damaged page), so that the file and its lock are not held on,
// and panics on for guard to recover.
func closeOnPanic(db io.Closer) {
	if r := recover(); r != nil {
		db.Close()
		panic(r)
	}
}

// checkMeta reads the meta pages of a bolt file (after checkMagic) and
// checks that the file holds every page the newer valid one counts. A file
// cut short (a copy that stopped, a full disk under a tool that is not
// bolt) would otherwise make bolt read past its end, which faults or loops.
func checkMeta(file string) error {
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("opening store: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("opening store: %w", err)
	}
	// A meta page: the page header (16 bytes), then magic, version,
	// pageSize, flags (u32 each), root bucket (root, sequence), freelist,
	// pgid, txid and checksum (u64 each); the checksum is FNV-64a of the
	// bytes before it. Meta 0 gives the page size, meta 1 is one page on.
	const hdr, size = 16, 64
	read := func(off int64) (m [size]byte, ok bool) {
		if _, err := f.ReadAt(m[:], off+hdr); err != nil {
			return m, false
		}
		h := fnv.New64a()
		h.Write(m[:size-8])
		ok = binary.LittleEndian.Uint32(m[0:]) == 0xED0CDAED && binary.LittleEndian.Uint32(m[4:]) == 2 &&
			binary.LittleEndian.Uint64(m[size-8:]) == h.Sum64()
		return m, ok
	}
	m0, ok0 := read(0)
	pageSize := int64(os.Getpagesize())
	if ok0 {
		pageSize = int64(binary.LittleEndian.Uint32(m0[8:]))
	}
	m1, ok1 := read(pageSize)
	m := m0
	switch {
	case !ok0 && !ok1:
		return fmt.Errorf("both meta pages are invalid: %w", ErrCorrupt)
	case !ok0 || ok1 && binary.LittleEndian.Uint64(m1[48:]) > binary.LittleEndian.Uint64(m0[48:]):
		m = m1
	}
	pages := binary.LittleEndian.Uint64(m[40:])
	root, freelist := binary.LittleEndian.Uint64(m[16:]), binary.LittleEndian.Uint64(m[32:])
	if pageSize < 512 || pages < 2 || root >= pages || freelist >= pages {
		return fmt.Errorf("the meta page is inconsistent: %w", ErrCorrupt)
	}
	if need := int64(pages) * pageSize; fi.Size() < need || need/pageSize != int64(pages) {
		return fmt.Errorf("the file has %d bytes, its meta page counts %d pages of %d: cut short: %w",
			fi.Size(), pages, pageSize, ErrCorrupt)
	}
	return nil
}
