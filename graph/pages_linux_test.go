package graph

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"unsafe"
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
