package graph

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"unsafe"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// rssFile is the process's resident file-backed memory, in kB.
func rssFile(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status")
	}
	for line := range bytes.Lines(b) {
		if v, ok := bytes.CutPrefix(line, []byte("RssFile:")); ok {
			n, _ := strconv.Atoi(string(bytes.Fields(v)[0]))
			return n
		}
	}
	t.Skip("no RssFile in /proc/self/status")
	return 0
}

// TestDropMapping maps 64 MiB of a file, reads every page, and drops the
// mapping's pages: the resident file memory falls by about that much, and
// the data reads back the same.
func TestDropMapping(t *testing.T) {
	const size = 64 << 20
	f, err := os.Create(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	page := bytes.Repeat([]byte{7}, os.Getpagesize())
	for range size / len(page) {
		f.Write(page)
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(data)
	sum := 0
	for i := 0; i < size; i += len(page) {
		sum += int(data[i])
	}
	before := rssFile(t)
	dropMapping(uintptr(unsafe.Pointer(&data[0])))
	after := rssFile(t)
	t.Logf("RssFile %d kB → %d kB", before, after)
	if before-after < size/1024/2 {
		t.Errorf("RssFile fell by %d kB, want about %d", before-after, size/1024)
	}
	again := 0
	for i := 0; i < size; i += len(page) {
		again += int(data[i])
	}
	if again != sum {
		t.Errorf("read %d after dropping, %d before", again, sum)
	}
	dropMapping(1 << 12) // no mapping starts there: nothing happens
}

// TestDropPagesBudget reads every page of a bolt store, then asks to drop
// its pages: under the budget they stay resident, over it they go.
func TestDropPagesBudget(t *testing.T) {
	defer func(b int64) { mapBudget = b }(mapBudget)
	st := open(t, filepath.Join(t.TempDir(), "g.db"), Options{})
	put(t, st, synthDocs(100)...)
	if n, ok := residentFile(); !ok || n <= 0 {
		t.Fatalf("residentFile() = %d, %v; want the resident file memory", n, ok)
	}
	var kept, dropped int
	err := st.read(func(qs graph.QuadStore) error {
		it := qs.QuadsAllIterator()
		defer it.Close()
		if err := st.scan(context.Background(), qs, it, func(quad.Quad) error { return nil }); err != nil {
			return err
		}
		before := rssFile(t)
		mapBudget = 1 << 62
		st.dropPages(qs)
		kept = before - rssFile(t)
		before = rssFile(t)
		mapBudget = 0
		st.dropPages(qs)
		dropped = before - rssFile(t)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("RssFile fell by %d kB under the budget, %d kB over it", kept, dropped)
	if kept > 64 {
		t.Errorf("under the budget RssFile fell by %d kB, want the pages kept", kept)
	}
	if dropped < 256 {
		t.Errorf("over the budget RssFile fell by %d kB, want the store's pages dropped", dropped)
	}
}

// TestApplyInAdapts puts documents with a transaction budget no
// transaction reaches: the transactions grow.
func TestApplyInAdapts(t *testing.T) {
	defer func(b int64) { txBudget = b }(txBudget)
	txBudget = 1 << 62
	st := open(t, filepath.Join(t.TempDir(), "g.db"), Options{})
	docs := synthDocs(100)
	put(t, st, docs...)
	if st.chunk <= applyChunk {
		t.Errorf("after putting %d documents under an unreachable budget the transactions hold %d quads, want more than %d", len(docs), st.chunk, applyChunk)
	}
}
