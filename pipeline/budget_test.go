package pipeline

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestBudget(t *testing.T) {
	b := newBudget(100)
	ctx := context.Background()
	if n, err := b.Acquire(ctx, 60); n != 60 || err != nil {
		t.Fatalf("Acquire(60) = %d, %v", n, err)
	}
	got := make(chan int)
	go func() {
		n, _ := b.Acquire(ctx, 500) // clamped to the whole budget: waits for the 60
		got <- n
	}()
	select {
	case n := <-got:
		t.Fatalf("Acquire(500) returned %d while 60 of 100 bytes were taken", n)
	case <-time.After(50 * time.Millisecond):
	}
	b.Release(60)
	if n := <-got; n != 100 {
		t.Fatalf("Acquire(500) took %d, want the capacity 100", n)
	}
	cctx, cancel := context.WithCancel(ctx)
	errc := make(chan error)
	go func() {
		_, err := b.Acquire(cctx, 1)
		errc <- err
	}()
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("Acquire on a cancelled context: %v", err)
	}
	b.Release(100)
	if n, err := b.Acquire(ctx, 0); n != 0 || err != nil {
		t.Fatalf("Acquire(0) = %d, %v", n, err)
	}
}
