package graph

import (
	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/graph"
)

// Bolt reads its file through a shared, read-only memory map, and every
// page an operation reads stays mapped, counted in the process's resident
// memory, until the file is closed. The passes at the end of a run read
// all over a large store in one operation, so without care the resident
// memory of a run would grow with the store, although the pages are only
// the kernel's page cache. dropPages tells the kernel the process no
// longer needs the mapped pages (madvise MADV_DONTNEED: they stay in the
// page cache, and the next read maps them again, so it changes nothing
// but the resident count). scanIf calls it every dropEvery quads read,
// applyIn after each transaction; it lets go only when the process's
// resident file-backed memory is over mapBudget, because every page let go
// costs a fault when it is read again (dropping at every call cost a
// quarter of a run's time).

// dropEvery is how many quads scanIf reads between dropPages calls. A
// check costs a read of /proc/self/statm (a few µs); the reads between two
// checks can add much to the resident set, since the kernel maps the 16
// pages around each page a read faults in (fault-around): 8,192 quads read
// at random over a large store let it grow by hundreds of MiB past the
// budget.
const dropEvery = 1 << 10

// mapBudget is how much resident file-backed memory (bolt's mapped pages,
// mostly) dropPages lets a process keep.
var mapBudget int64 = 256 << 20

// mapped records the bolt DB of an open bolt quad store (for dropPages).
func (s *Store) mapped(qs graph.QuadStore, db *bolt.DB) { s.maps.Store(qs, db) }

// unmapped forgets what mapped recorded.
func (s *Store) unmapped(qs graph.QuadStore) { s.maps.Delete(qs) }

// dropPages drops the pages of qs's bolt file from the process's resident
// memory when the process holds more than mapBudget of file pages (on
// Linux; elsewhere it does nothing). The caller must hold s.mu
// (read or write) and call it between, not during, writes of qs: a write
// may remap the file. The range advised is the one mapping that starts
// where bolt's data does, as the kernel lists it (/proc/self/maps), never
// the file's size: bolt grows the file ahead of its mapping.
func (s *Store) dropPages(qs graph.QuadStore) {
	n, ok := residentFile()
	s.dropOver(qs, n, ok)
}

// dropOver is dropPages for a caller that has just read residentFile (n,
// known): it drops unless n is known to be within mapBudget.
func (s *Store) dropOver(qs graph.QuadStore, n int64, known bool) {
	if known && n <= mapBudget {
		return
	}
	if v, ok := s.maps.Load(qs); ok {
		dropMapping(v.(*bolt.DB).Info().Data)
	}
}
