package graph

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/cayleygraph/quad"
)

// storeFile makes a bolt store holding docs and returns its path.
func storeFile(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "g.db")
	st := open(t, path, Options{})
	if _, err := st.Put(context.Background(), synthDocs(n)...); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestOpenCorrupt opens damaged bolt files, for writing and for reading:
// each fails with an error naming the store and the problem (no panic,
// no fault), and the file's bytes stay as they were.
func TestOpenCorrupt(t *testing.T) {
	good, err := os.ReadFile(storeFile(t, 3))
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	garbage := func(b []byte, from int, seed uint64) []byte {
		b = append([]byte(nil), b...)
		rnd := rand.New(rand.NewPCG(seed, 7))
		for i := from; i < len(b); i++ {
			b[i] = byte(rnd.UintN(256))
		}
		return b
	}
	magicOnly := garbage(make([]byte, 8*page), 0, 1)
	copy(magicOnly, good[:20]) // a page header and the magic, then garbage
	copy(magicOnly[page:], good[page:page+20])
	bothMeta := append([]byte(nil), good...)
	for _, off := range []int{0, page} {
		copy(bothMeta[off+24:off+64], garbage(make([]byte, 40), 0, 2)) // fields under the checksum
	}
	cases := map[string][]byte{
		"magic then garbage":   magicOnly,
		"both meta pages bad":  bothMeta,
		"garbage after meta":   garbage(good, 2*page, 3),
		"garbage after page 3": garbage(good, 3*page, 4),
		"garbage after page 4": garbage(good, 4*page, 5),
		"cut in half":          good[:len(good)/2],
		"cut to two pages":     good[:2*page],
	}
	for name, data := range cases {
		for _, ro := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/readonly=%v", name, ro), func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "bad.db")
				if err := os.WriteFile(path, data, 0o644); err != nil {
					t.Fatal(err)
				}
				st, err := Open(context.Background(), path, Options{ReadOnly: ro})
				if err == nil {
					// bolt found nothing wrong at open: the first read must.
					err = st.Quads(context.Background(), func(quad.Quad) error { return nil })
					if err == nil {
						_, err = st.Put(context.Background(), kerryDoc())
					}
					st.Close()
				}
				if err == nil {
					t.Fatal("a damaged store opened and read without error")
				}
				if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrNotStore) || !strings.Contains(err.Error(), path) {
					t.Errorf("error %q: want ErrCorrupt or ErrNotStore naming %s", err, path)
				}
				if after, _ := os.ReadFile(path); string(after) != string(data) {
					t.Error("the damaged file was changed")
				}
			})
		}
	}
}

// withFileSizeLimit runs fn with the process's file size limit
// (RLIMIT_FSIZE) at limit bytes: a write past it fails with EFBIG, as on a
// full disk. The test must not run in parallel with others.
func withFileSizeLimit(t *testing.T, limit uint64, fn func()) {
	t.Helper()
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Skipf("no RLIMIT_FSIZE here: %v", err)
	}
	lim := old
	lim.Cur = limit
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Skipf("cannot lower RLIMIT_FSIZE: %v", err)
	}
	defer func() {
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
			t.Fatalf("restoring RLIMIT_FSIZE: %v", err)
		}
	}()
	fn()
}

// docCounts counts the quads of each document label.
func docCounts(t *testing.T, st *Store) map[string]int {
	t.Helper()
	m := map[string]int{}
	for q := range quadSetOf(t, st) {
		if st.Schema().IsDocLabel(q.Label) {
			m[quad.StringOf(q.Label)]++
		}
	}
	return m
}

// TestPutDiskFull loads batches into a bolt store until the file cannot
// grow (a write error injected with RLIMIT_FSIZE, the error a full disk
// gives): Put fails with an error naming the store, the store reopens with
// every document either complete or absent, and once there is room again
// the same batches complete it.
func TestPutDiskFull(t *testing.T) {
	docs := synthDocs(60)
	ref := open(t, Memory, Options{})
	if _, err := ref.Put(context.Background(), docs...); err != nil {
		t.Fatal(err)
	}
	want := docCounts(t, ref)

	path := filepath.Join(t.TempDir(), "g.db")
	st := open(t, path, Options{})
	if _, err := st.Put(context.Background(), docs[:5]...); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	var putErr error
	loaded := 5
	withFileSizeLimit(t, uint64(fi.Size())+64<<10, func() {
		for loaded < len(docs) {
			if _, putErr = st.Put(context.Background(), docs[loaded:loaded+5]...); putErr != nil {
				return
			}
			loaded += 5
		}
	})
	if putErr == nil {
		t.Fatalf("all %d documents fit in %d bytes: no write error to test", len(docs), fi.Size())
	}
	t.Logf("after %d documents: %v", loaded, putErr)
	// bolt formats the write error as text: look for its message.
	if !strings.Contains(putErr.Error(), path) || !strings.Contains(putErr.Error(), syscall.EFBIG.Error()) {
		t.Errorf("Put error %q: want one naming %s and the write error", putErr, path)
	}
	if err := st.Close(); err != nil {
		t.Fatalf("closing after the write error: %v", err)
	}

	st = open(t, path, Options{})
	got := docCounts(t, st)
	if len(got) != loaded {
		t.Errorf("%d documents in the store, want the %d loaded before the error", len(got), loaded)
	}
	for label, n := range got {
		if want[label] != n {
			t.Errorf("%s: %d quads, want %d: half-written", label, n, want[label])
		}
	}
	if _, err := st.Put(context.Background(), docs[loaded:]...); err != nil {
		t.Fatalf("Put with room again: %v", err)
	}
	if got := docCounts(t, st); !equalCounts(got, want) {
		t.Errorf("after the rerun: %d documents, want %d with the reference's quads", len(got), len(want))
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
