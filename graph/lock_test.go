package graph

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "store.lock")
	l, stale, err := Acquire(path)
	if err != nil {
		t.Fatal(err)
	}
	if stale != nil {
		t.Errorf("fresh lock reported a stale holder %v", stale)
	}

	// A second writer fails at once and is told who holds the lock.
	_, _, err = Acquire(path)
	var le *LockedError
	if !errors.As(err, &le) {
		t.Fatalf("second Acquire: %v, want *LockedError", err)
	}
	if le.Holder.PID != os.Getpid() || le.Holder.Started.IsZero() {
		t.Errorf("holder = %+v, want this process with a start time", le.Holder)
	}
	if !strings.Contains(err.Error(), "pid") {
		t.Errorf("error %q does not name the pid", err)
	}

	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	l, stale, err = Acquire(path)
	if err != nil {
		t.Fatalf("Acquire after Release: %v", err)
	}
	if stale != nil {
		t.Errorf("lock released cleanly, yet stale holder %v", stale)
	}
	l.Release()
}

// TestStaleLock: a lock file left by a crashed process (it names a holder
// but nobody holds the flock) is taken over, and the old holder reported.
func TestStaleLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "store.lock")
	if err := os.WriteFile(path, []byte(`{"pid":999999,"host":"h","started":"2026-01-02T03:04:05Z"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, stale, err := Acquire(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	if stale == nil || stale.PID != 999999 {
		t.Fatalf("stale = %v, want pid 999999", stale)
	}
}
