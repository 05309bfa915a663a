package graph

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"
)

// Holder describes the process that holds (or held) a writer lock.
type Holder struct {
	PID     int       `json:"pid"`
	Host    string    `json:"host"`
	Started time.Time `json:"started"`
	Command string    `json:"command,omitempty"`
}

func (h Holder) String() string {
	return fmt.Sprintf("pid %d on %s, started %s", h.PID, h.Host, h.Started.Format(time.RFC3339))
}

// LockedError is returned by Acquire when another process holds the lock.
type LockedError struct {
	Path   string
	Holder Holder // zero when the holder did not record itself
}

func (e *LockedError) Error() string {
	if e.Holder.PID == 0 {
		return fmt.Sprintf("store is locked by another writer (lock file %s)", e.Path)
	}
	return fmt.Sprintf("store is locked by another writer: %s (lock file %s)", e.Holder, e.Path)
}

// Lock is the one-writer lock of a store: an exclusive flock(2) on a lock
// file beside it, which records who holds it. The kernel releases the flock
// when the holder dies, so a lock left by a crashed run is stale by
// construction: the next Acquire takes it over and reports the old holder.
type Lock struct {
	f    *os.File
	path string
}

// Acquire takes the writer lock at path without waiting. When another live
// process holds it, the error is a *LockedError naming that process. When
// the lock file names a holder that is gone, Acquire takes the lock over
// and returns that stale holder.
func Acquire(path string) (l *Lock, stale *Holder, err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, nil, fmt.Errorf("opening lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		defer f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			e := &LockedError{Path: path}
			if b, rerr := os.ReadFile(path); rerr == nil {
				_ = json.Unmarshal(b, &e.Holder)
			}
			return nil, nil, e
		}
		return nil, nil, fmt.Errorf("locking %s: %w", path, err)
	}
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) > 0 {
		var h Holder
		if json.Unmarshal(b, &h) == nil && h.PID != 0 {
			stale = &h
		}
	}
	host, _ := os.Hostname()
	me := Holder{PID: os.Getpid(), Host: host, Started: time.Now().UTC().Truncate(time.Second), Command: strings.Join(os.Args, " ")}
	b, _ := json.Marshal(me)
	if err := f.Truncate(0); err == nil {
		_, err = f.WriteAt(append(b, '\n'), 0)
		if err == nil {
			err = f.Sync()
		}
		if err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("writing lock file %s: %w", path, err)
		}
	}
	return &Lock{f: f, path: path}, stale, nil
}

// Release empties the lock file and releases the lock. The file itself
// stays: removing it would let two processes lock two different files.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	terr := l.f.Truncate(0)
	err := l.f.Close() // closing the last descriptor releases the flock
	l.f = nil
	if terr != nil {
		return fmt.Errorf("releasing lock %s: %w", l.path, terr)
	}
	return err
}
