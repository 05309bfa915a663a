package graph

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
)

// residentFile is the process's resident memory backed by files or shared
// memory (the third field of /proc/self/statm), in bytes.
func residentFile() (int64, bool) {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0, false
	}
	f := bytes.Fields(b)
	if len(f) < 3 {
		return 0, false
	}
	n, err := strconv.ParseInt(string(f[2]), 10, 64)
	if err != nil {
		return 0, false
	}
	return n * int64(os.Getpagesize()), true
}

// dropMapping advises MADV_DONTNEED for the memory mapping that starts at
// addr, if there is one: its pages leave the resident set (a shared file
// mapping's pages stay in the page cache and are mapped again when read).
func dropMapping(addr uintptr) {
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return
	}
	for line := range bytes.Lines(maps) {
		// start-end perms offset dev inode path, addresses in hex
		rng, _, _ := bytes.Cut(line, []byte(" "))
		a, b, ok := bytes.Cut(rng, []byte("-"))
		if !ok {
			continue
		}
		start, err1 := strconv.ParseUint(string(a), 16, 64)
		end, err2 := strconv.ParseUint(string(b), 16, 64)
		if err1 != nil || err2 != nil || uintptr(start) != addr {
			continue
		}
		if end > start {
			syscall.Syscall(syscall.SYS_MADVISE, uintptr(start), uintptr(end-start), syscall.MADV_DONTNEED)
		}
		return
	}
}
