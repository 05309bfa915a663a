package pipeline

import (
	"context"
	"sync"
)

// textBudget is the most document text (in bytes) between the reader and
// the loader at once. With small documents the channels bind first; with
// large ones it keeps their number in flight small, so a corpus of big
// documents needs no more memory than one of a few. A document larger
// than the budget takes all of it: it is alone in flight.
const textBudget = 64 << 20

// batchBytes ends a store batch early when its documents' texts reach it.
const batchBytes = 16 << 20

// budget is a counting semaphore of bytes. Acquire blocks until n bytes
// (at most the capacity) are free; Release frees them.
type budget struct {
	mu   sync.Mutex
	cond *sync.Cond
	free int
	cap  int
}

func newBudget(n int) *budget {
	b := &budget{free: n, cap: n}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// clamp is what acquiring n bytes takes of b.
func (b *budget) clamp(n int) int { return max(0, min(n, b.cap)) }

// Acquire takes n bytes (clamped to the capacity) and returns how many it
// took, or ctx's error when ctx is done first (taking none).
func (b *budget) Acquire(ctx context.Context, n int) (int, error) {
	n = b.clamp(n)
	stop := context.AfterFunc(ctx, func() {
		b.mu.Lock()
		b.cond.Broadcast()
		b.mu.Unlock()
	})
	defer stop()
	b.mu.Lock()
	defer b.mu.Unlock()
	for b.free < n {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		b.cond.Wait()
	}
	b.free -= n
	return n, nil
}

// Release frees n bytes taken by Acquire.
func (b *budget) Release(n int) {
	b.mu.Lock()
	b.free += n
	b.cond.Broadcast()
	b.mu.Unlock()
}
