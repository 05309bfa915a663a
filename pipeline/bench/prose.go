package bench

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/jdkato/prose/v3"
)

// proseRef runs prose's own pipeline (prose.NewDocument: tokenise, segment,
// tag, and entities unless entities is false) over texts with the given
// number of workers. With one worker GOMAXPROCS is 1 meanwhile, so it is a
// one-core figure (garbage collection included).
func proseRef(ctx context.Context, texts []string, workers int, entities bool) (Prose, error) {
	if workers == 1 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	}
	if len(texts) > 0 { // load the models before the clock starts
		if _, err := prose.NewDocumentContext(ctx, texts[0], prose.WithExtraction(entities)); err != nil {
			return Prose{}, fmt.Errorf("bench: prose reference: %w", err)
		}
	}
	runtime.GC()
	type count struct{ toks, sents, names int }
	var (
		mu    sync.Mutex
		total count
		first error
		wg    sync.WaitGroup
		next  = make(chan string)
	)
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var c count
			for t := range next {
				d, err := prose.NewDocumentContext(ctx, t, prose.WithExtraction(entities))
				if err != nil {
					mu.Lock()
					first = err
					mu.Unlock()
					continue
				}
				c.toks += len(d.Tokens())
				c.sents += len(d.Sentences())
				c.names += len(d.Entities())
			}
			mu.Lock()
			total.toks += c.toks
			total.sents += c.sents
			total.names += c.names
			mu.Unlock()
		}()
	}
	for _, t := range texts {
		if ctx.Err() != nil {
			break
		}
		next <- t
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return Prose{}, fmt.Errorf("bench: prose reference: %w", err)
	}
	if first != nil {
		return Prose{}, fmt.Errorf("bench: prose reference: %w", first)
	}
	return Prose{Workers: workers, Docs: len(texts), Tokens: total.toks, Sentences: total.sents,
		Names: total.names, Wall: time.Since(start).Seconds()}, nil
}
