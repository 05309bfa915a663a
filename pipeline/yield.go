package pipeline

import (
	"runtime"
	"sync/atomic"
)

// writerFirst keeps a CPU for the loader while it writes. The store's
// writer is serial and the slowest stage: when it shares the CPUs with as
// many NLP workers as there are CPUs, the scheduler gives it only its turn
// among them (about two thirds of a CPU on two), and the whole run waits
// for it. While the loader writes, NLP work is therefore limited to one
// worker less than there are CPUs (at least one); when it does not, every
// worker runs.
type writerFirst struct {
	writing atomic.Bool
	slots   chan struct{}
}

func newWriterFirst() *writerFirst {
	return &writerFirst{slots: make(chan struct{}, max(1, runtime.GOMAXPROCS(0)-1))}
}

// write runs fn as the loader's write.
func (w *writerFirst) write(fn func()) {
	w.writing.Store(true)
	defer w.writing.Store(false)
	fn()
}

// work runs fn as NLP work: at once when the loader is not writing, else
// when one of the slots left beside the loader is free.
func (w *writerFirst) work(fn func()) {
	if !w.writing.Load() {
		fn()
		return
	}
	w.slots <- struct{}{}
	defer func() { <-w.slots }()
	fn()
}
