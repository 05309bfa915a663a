package pipeline

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
)

// Shard selects the documents of one of N processes sharing a corpus and
// a store: those whose id hashes (FNV-1a 64 of the id, modulo N) to I. The
// zero Shard (N = 0) and N = 1 select every document.
type Shard struct {
	I, N int
}

// ParseShard parses "I/N" with 0 ≤ I < N; "" is the zero Shard.
func ParseShard(s string) (Shard, error) {
	if s == "" {
		return Shard{}, nil
	}
	a, b, ok := strings.Cut(s, "/")
	i, ierr := strconv.Atoi(strings.TrimSpace(a))
	n, nerr := strconv.Atoi(strings.TrimSpace(b))
	switch {
	case !ok || ierr != nil || nerr != nil:
		return Shard{}, fmt.Errorf("shard %q: want I/N, as in 0/4", s)
	case n < 1 || i < 0 || i >= n:
		return Shard{}, fmt.Errorf("shard %q: want 0 ≤ I < N", s)
	}
	return Shard{I: i, N: n}, nil
}

// All reports whether the shard selects every document.
func (s Shard) All() bool { return s.N <= 1 }

// String is "I/N", or "" for a shard that selects every document.
func (s Shard) String() string {
	if s.All() {
		return ""
	}
	return strconv.Itoa(s.I) + "/" + strconv.Itoa(s.N)
}

// Has reports whether the document with this id belongs to the shard.
func (s Shard) Has(id string) bool {
	if s.All() {
		return true
	}
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64()%uint64(s.N) == uint64(s.I)
}

// key is what assigns a document read to a shard: its id, or its source
// when it has none (a document that failed before it got one).
func key(id, source string) string {
	if id != "" {
		return id
	}
	return source
}

// runSuffix is what a sharded run adds to its run id: "-shard-I-of-N".
func (s Shard) runSuffix() string {
	if s.All() {
		return ""
	}
	return fmt.Sprintf("-shard-%d-of-%d", s.I, s.N)
}
