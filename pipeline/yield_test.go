package pipeline

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestWriterFirst: while the loader writes, NLP work runs on one CPU less
// than there are (at least one); otherwise all of it runs at once.
func TestWriterFirst(t *testing.T) {
	for _, c := range []struct{ procs, writing, idle int }{
		{1, 1, 5},
		{2, 1, 5},
		{4, 3, 5},
	} {
		old := runtime.GOMAXPROCS(c.procs)
		w := newWriterFirst()
		runtime.GOMAXPROCS(old)

		// running starts n work calls that block until release closes and
		// returns how many run at once after a while.
		running := func(n int, release chan struct{}, wg *sync.WaitGroup) int {
			var in atomic.Int32
			for range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					w.work(func() {
						in.Add(1)
						<-release
					})
				}()
			}
			time.Sleep(100 * time.Millisecond)
			return int(in.Load())
		}

		var wg sync.WaitGroup
		release := make(chan struct{})
		wrote := make(chan struct{})
		var during int
		go w.write(func() {
			during = running(5, release, &wg)
			close(release)
			wg.Wait()
			close(wrote)
		})
		<-wrote
		if during != c.writing {
			t.Errorf("GOMAXPROCS %d: %d work calls ran while the loader wrote, want %d", c.procs, during, c.writing)
		}

		release = make(chan struct{})
		if got := running(5, release, &wg); got != c.idle {
			t.Errorf("GOMAXPROCS %d: %d work calls ran while the loader did not write, want %d", c.procs, got, c.idle)
		}
		close(release)
		wg.Wait()
	}
}
