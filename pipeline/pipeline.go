// Package pipeline runs newsgraph's batch job: staged worker pools connected
// by bounded channels, from reading articles to loading facts into the store.
//
//	read → clean → annotate (NLP) → extract (facts, entities) → load
//
// Reading is one goroutine (it walks files in a fixed order); clean, annotate
// and extract are pools of Config.Workers goroutines each; loading is one
// goroutine that puts documents into the store in the order they were read,
// in batched transactions that never split a document. The order of the
// output therefore does not depend on scheduling: the same corpus gives the
// same graph with 1 or 8 workers. Cancelling the context stops every stage;
// documents already committed stay, nothing is half-written.
package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"time"

	"newsgraph/corpus"
	"newsgraph/graph"
	"newsgraph/nlp"
)

// Version names what the pipeline makes of a document. It is part of every
// document's hash in the store, so changing it (with any change to reading,
// cleaning, extraction or the graph model that changes the output) makes
// the next run process every document again.
const Version = "newsgraph-2"

// Config says how to run the pipeline.
type Config struct {
	Store   *graph.Store   // where facts are loaded
	Workers int            // goroutines per stage; 0 means runtime.NumCPU()
	Batch   int            // documents per store transaction; 0 means 64
	Corpus  corpus.Options // limits for the readers
	Log     *slog.Logger   // nil means slog.Default()
	// Prune deletes the documents of the store that the input no longer
	// has (only after a run that read all its input).
	Prune bool
	// NoRecord leaves no run record in the store.
	NoRecord bool
	// Shard, when set, restricts the run to the documents of one shard
	// (see Shard; shard.go): the others are not processed, not counted as
	// documents, and never pruned.
	Shard Shard
	// Progress, if set, is called from the loader after each document is
	// done (loaded, skipped or failed).
	Progress func(Summary)
	Limits   // per-document limits (limits.go)
}

// Summary counts what a run did. Its JSON form is the --summary-json file.
type Summary struct {
	RunID     string          `json:"run"`       // the id of the run record
	Documents int             `json:"documents"` // documents read, failed ones included
	Skipped   int             `json:"skipped"`   // unchanged documents, left as they were
	Pruned    int             `json:"pruned"`    // documents deleted because the input lacks them
	Failed    []graph.Failure `json:"failed"`    // documents that could not be processed
	Sentences int             `json:"sentences"`
	Tokens    int             `json:"tokens"`
	Facts     int             `json:"facts"`
	Entities  int             `json:"entities"` // distinct entities in the loaded documents
	Quads     int             `json:"quads"`    // quads written
	Seconds   float64         `json:"seconds"`
	// Shard is the run's shard ("I/N", "" for all) and OtherShards the
	// documents read that belong to other shards, ignored.
	Shard       string `json:"shard,omitempty"`
	OtherShards int    `json:"other_shards,omitempty"`
	// Stages is the time each stage spent on documents: Busy sums its
	// workers' time (about its CPU time: the stages compute), Wall is from
	// its first document's start to its last one's end.
	Stages map[string]StageTime `json:"stages,omitempty"`
}

// StageTime is the time one stage spent, in seconds.
type StageTime struct {
	Busy float64 `json:"busy"`
	Wall float64 `json:"wall"`
	// CPU is the CPU time of the stage's threads while they worked on
	// documents (user + system; 0 where the OS cannot tell, see cpu_*.go).
	CPU float64 `json:"cpu"`
}

// timer accounts a stage's time; safe for concurrent use.
type timer struct {
	mu          sync.Mutex
	busy, cpu   time.Duration
	first, last time.Time
}

// time runs fn and accounts its time: wall time, and the CPU time of the
// thread running it (fn stays on one OS thread meanwhile).
func (t *timer) time(fn func()) {
	runtime.LockOSThread()
	start, c0 := time.Now(), threadCPU()
	fn()
	end, c1 := time.Now(), threadCPU()
	runtime.UnlockOSThread()
	t.mu.Lock()
	t.busy += end.Sub(start)
	t.cpu += c1 - c0
	if t.first.IsZero() || start.Before(t.first) {
		t.first = start
	}
	if end.After(t.last) {
		t.last = end
	}
	t.mu.Unlock()
}

func (t *timer) result() StageTime {
	t.mu.Lock()
	defer t.mu.Unlock()
	return StageTime{Busy: t.busy.Seconds(), Wall: t.last.Sub(t.first).Seconds(), CPU: t.cpu.Seconds()}
}

// DocsPerSecond is the documents read per second of wall time.
func (s Summary) DocsPerSecond() float64 {
	if s.Seconds <= 0 {
		return 0
	}
	return float64(s.Documents) / s.Seconds
}

// String is the one-line summary printed at the end of a run.
func (s Summary) String() string {
	pruned := ""
	if s.Pruned > 0 {
		pruned = fmt.Sprintf(", pruned %d", s.Pruned)
	}
	return fmt.Sprintf("documents %d, skipped %d, failed %d%s, sentences %d, facts %d, entities %d, quads %d, %.1f s, %.1f docs/s",
		s.Documents, s.Skipped, len(s.Failed), pruned, s.Sentences, s.Facts, s.Entities, s.Quads, s.Seconds, s.DocsPerSecond())
}

// item is one document on its way through the stages. seq is its position
// in reading order, which the loader restores.
type item struct {
	seq  int
	held int  // bytes of the text budget held until the loader takes it
	skip bool // unchanged since the last run
	hash string
	src  corpus.Doc
	an   *nlp.Annotation
	doc  *nlp.Doc
	fail error
}

// Run processes the documents found under paths ("-" reads JSONL from stdin)
// and loads them into cfg.Store. It returns the summary and an error only for
// what stops the whole run (a missing path, a store failure, cancellation);
// documents that fail are listed in Summary.Failed and the rest go on.
func Run(ctx context.Context, paths []string, stdin io.Reader, cfg Config) (Summary, error) {
	start := time.Now()
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.NumCPU()
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 64
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Store == nil {
		return Summary{}, errors.New("pipeline: no store")
	}
	an, err := nlp.NewAnnotator()
	if err != nil {
		return Summary{}, fmt.Errorf("loading NLP models: %w", err)
	}
	an.MaxSentenceTokens, an.PartBytes = cfg.MaxSentenceTokens, cfg.PartBytes
	known, err := cfg.Store.Hashes(ctx)
	if err != nil {
		return Summary{}, fmt.Errorf("reading the store's documents: %w", err)
	}
	wasStale, err := cfg.Store.Stale(ctx)
	if err != nil {
		return Summary{}, fmt.Errorf("reading the store's stale marker: %w", err)
	}
	runID := fmt.Sprintf("%s-%d", start.UTC().Format("20060102T150405.000000Z"), os.Getpid()) + cfg.Shard.runSuffix()

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	depth := 4 * cfg.Workers
	read := make(chan *item, depth)
	cleaned := make(chan *item, depth)
	annotated := make(chan *item, depth)
	// The loader blocks while it writes a batch: room for a whole batch
	// lets the other stages keep working meanwhile (the stages overlap).
	extracted := make(chan *item, depth+cfg.Batch)

	inflight := newBudget(textBudget)
	wf := newWriterFirst()
	var readErr error
	others := 0 // documents of other shards; read after read is closed
	go func() {
		defer close(read)
		seq := 0
		readErr = corpus.Read(ctx, paths, stdin, cfg.Corpus, func(d corpus.Doc) error {
			if !cfg.Shard.Has(key(d.ID, d.Source)) {
				others++
				return nil
			}
			it := &item{seq: seq, src: d, fail: d.Err}
			seq++
			var err error
			if it.held, err = inflight.Acquire(ctx, len(d.Text)); err != nil {
				return context.Cause(ctx)
			}
			select {
			case read <- it:
				return nil
			case <-ctx.Done():
				return context.Cause(ctx)
			}
		})
		if readErr != nil {
			cancel(readErr)
		}
	}()

	timers := map[string]*timer{"clean": {}, "annotate": {}, "extract": {}, "load": {}}
	stage(ctx, cfg.Workers, read, cleaned, timers["clean"], func(it *item) {
		it.hash = cfg.Limits.hash(it.src)
		if known[it.src.ID] == it.hash {
			it.skip = true
			return
		}
		it.src.Text = corpus.Clean(it.src.Text)
	})
	stage(ctx, cfg.Workers, cleaned, annotated, timers["annotate"], func(it *item) {
		wf.work(func() { annotate(ctx, an, cfg, it) })
	})
	stage(ctx, cfg.Workers, annotated, extracted, timers["extract"], func(it *item) {
		if it.doc == nil {
			it.doc = nlp.Extract(it.an)
			it.an = nil
		}
		it.doc.Hash = it.hash
		cfg.capFacts(it.doc, it.src.Source, cfg.Log)
	})

	sum, seen, loadErr := load(ctx, cfg, extracted, timers["load"], inflight, wf)
	sum.Stages = map[string]StageTime{}
	for name, t := range timers {
		sum.Stages[name] = t.result()
	}
	sum.RunID = runID
	sum.Shard = cfg.Shard.String()
	if loadErr != nil {
		cancel(loadErr)
	}
	// Drain so that every stage goroutine ends before we return.
	for range extracted {
	}
	if sum.OtherShards = others; others > 0 {
		cfg.Log.Info("documents of other shards ignored", "shard", sum.Shard, "count", others)
	}
	var runErr error
	switch {
	case loadErr != nil:
		runErr = loadErr
	case readErr != nil:
		runErr = readErr
	case ctx.Err() != nil:
		runErr = context.Cause(ctx)
	}
	if runErr == nil && cfg.Prune {
		runErr = prune(ctx, cfg, seen, &sum)
	}
	if runErr == nil || errors.Is(runErr, context.Canceled) {
		// Canonical names follow the documents loaded, even by an
		// interrupted run (a crashed one's are made by the next run).
		changed := sum.Documents-sum.Skipped-len(sum.Failed) > 0 || sum.Pruned > 0
		if err := endPasses(cfg.Store, changed, wasStale); err != nil && runErr == nil {
			runErr = err
		}
	}
	sum.Seconds = time.Since(start).Seconds()
	if !cfg.NoRecord {
		if err := record(cfg.Store, runID, start, sum, runErr); err != nil && runErr == nil {
			runErr = err
		}
	}
	return sum, runErr
}

// annotate runs the NLP on it: whole, or part by part with extraction for
// a large document (see nlp.Annotator.Process), so memory stays bounded.
func annotate(ctx context.Context, an *nlp.Annotator, cfg Config, it *item) {
	if an.Large(it.src) {
		d, err := an.Process(ctx, it.src, nlp.Options{MaxFacts: cfg.MaxFacts})
		if err != nil {
			it.fail = fmt.Errorf("%s: annotating: %w", it.src.Source, err)
			return
		}
		it.doc = d
		return
	}
	a, err := an.Annotate(ctx, it.src)
	if err != nil {
		it.fail = fmt.Errorf("%s: annotating: %w", it.src.Source, err)
		return
	}
	it.an = a
}

// endPasses runs the passes that follow the documents (canonical names,
// merges, support): where this run's documents can have changed their
// results (graph.Store.Refresh), or over the whole store when the stale
// marker was set before the run (an earlier run did not get to them: a
// crash). It uses a context of its own, so that an interrupted run leaves
// a consistent store too.
func endPasses(st *graph.Store, changed, wasStale bool) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if !changed && !wasStale {
		return nil
	}
	pass := st.Refresh
	if wasStale {
		pass = st.Names
	}
	if _, err := pass(ctx); err != nil {
		return fmt.Errorf("naming entities: %w", err)
	}
	return st.SetStale(ctx, false)
}

// Hash identifies a document's input and the pipeline version: equal
// hashes mean the pipeline would make the same graph of it with no limits
// set (Limits{}).
func Hash(d corpus.Doc) string { return Limits{}.hash(d) }

// hash is Hash under the limits l, which change what is made of a document.
func (l Limits) hash(d corpus.Doc) string {
	h := sha256.New()
	for _, s := range []string{Version, l.String(), d.ID, d.Title, d.Date, d.URL, d.Text} {
		fmt.Fprintf(h, "%d:%s", len(s), s)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// prune deletes the documents of the store that the run did not see.
func prune(ctx context.Context, cfg Config, seen map[string]bool, sum *Summary) error {
	ids, err := cfg.Store.Documents(ctx)
	if err != nil {
		return fmt.Errorf("pruning: %w", err)
	}
	var gone []string
	for _, id := range ids {
		if !seen[id] && cfg.Shard.Has(id) {
			gone = append(gone, id)
		}
	}
	if len(gone) == 0 {
		return nil
	}
	if err := cfg.Store.SetStale(ctx, true); err != nil {
		return fmt.Errorf("pruning: %w", err)
	}
	if err := cfg.Store.Delete(ctx, gone...); err != nil {
		return fmt.Errorf("pruning %d documents: %w", len(gone), err)
	}
	sum.Pruned = len(gone)
	cfg.Log.Info("pruned documents the input no longer has", "count", len(gone))
	return nil
}

// record writes the run record. It uses a context of its own, so that an
// interrupted run is recorded too.
func record(st *graph.Store, id string, start time.Time, sum Summary, runErr error) error {
	status := "ok"
	switch {
	case errors.Is(runErr, context.Canceled):
		status = "interrupted"
	case runErr != nil:
		status = "error"
	case len(sum.Failed) > 0:
		status = "failures"
	}
	r := graph.Run{
		ID: id, Started: start, Ended: time.Now(), Version: Version, Status: status,
		Counts: map[string]int64{
			"documents": int64(sum.Documents), "skipped": int64(sum.Skipped), "failed": int64(len(sum.Failed)),
			"pruned": int64(sum.Pruned), "sentences": int64(sum.Sentences), "tokens": int64(sum.Tokens),
			"facts": int64(sum.Facts), "entities": int64(sum.Entities), "quads": int64(sum.Quads),
		},
		Failures: sum.Failed,
	}
	if sum.Shard != "" {
		r.Counts["other-shards"] = int64(sum.OtherShards)
	}
	if runErr != nil {
		r.Failures = append(r.Failures, graph.Failure{Doc: "(run)", Error: runErr.Error()})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := st.PutRun(ctx, r); err != nil {
		return fmt.Errorf("writing the run record: %w", err)
	}
	return nil
}

// stage runs n workers that take items from in, apply fn to those that have
// not failed, and pass every item on to out. out is closed when in is drained
// or ctx is done.
func stage(ctx context.Context, n int, in <-chan *item, out chan<- *item, t *timer, fn func(*item)) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range in {
				if ctx.Err() != nil {
					continue // drain
				}
				if it.fail == nil && !it.skip {
					t.time(func() { fn(it) })
				}
				select {
				case out <- it:
				case <-ctx.Done():
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
}

// load puts documents into the store in reading order, cfg.Batch at a time
// (fewer when their texts reach batchBytes), and gives each document's
// share of inflight back as it takes the document in order. It returns the summary and the ids of the documents it saw (loaded,
// skipped or failed).
func load(ctx context.Context, cfg Config, in <-chan *item, t *timer, inflight *budget, wf *writerFirst) (Summary, map[string]bool, error) {
	var (
		sum      Summary
		next     int
		pending  = map[int]*item{}
		batch    []*nlp.Doc
		bytes    int // text bytes of the batch
		entities = map[string]struct{}{}
		seen     = map[string]bool{}
		sources  = map[string]string{}
		marked   bool // the stale marker is set
	)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if !marked {
			if err := cfg.Store.SetStale(ctx, true); err != nil {
				return fmt.Errorf("marking the store: %w", err)
			}
			marked = true
		}
		var n int
		var err error
		wf.write(func() { t.time(func() { n, err = cfg.Store.Put(ctx, batch...) }) })
		if err != nil {
			return fmt.Errorf("loading %d documents (first %s): %w", len(batch), batch[0].ID, err)
		}
		sum.Quads += n
		for _, d := range batch {
			sum.Sentences += len(d.Sentences)
			sum.Tokens += d.Tokens
			sum.Facts += len(d.Facts)
			for _, e := range d.Entities {
				entities[e.Key] = struct{}{}
			}
		}
		sum.Entities = len(entities)
		clear(batch)
		batch, bytes = batch[:0], 0
		return nil
	}
	for it := range in {
		if ctx.Err() != nil {
			return sum, seen, context.Cause(ctx)
		}
		pending[it.seq] = it
		for {
			it, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			inflight.Release(it.held)
			sum.Documents++
			if id := it.src.ID; id != "" && it.fail == nil {
				if first, dup := sources[id]; dup {
					it.fail = fmt.Errorf("%s: duplicate document id %q (first in %s)", it.src.Source, id, first)
				} else {
					sources[id] = it.src.Source
				}
			}
			if it.src.ID != "" {
				seen[it.src.ID] = true
			}
			switch {
			case it.fail != nil:
				name := it.src.ID
				if name == "" {
					name = it.src.Source
				}
				sum.Failed = append(sum.Failed, graph.Failure{Doc: name, Error: it.fail.Error()})
				cfg.Log.Warn("document failed", "doc", name, "source", it.src.Source, "error", it.fail)
			case it.skip:
				sum.Skipped++
			default:
				batch = append(batch, it.doc)
				bytes += len(it.doc.Text)
				if len(batch) >= cfg.Batch || bytes >= batchBytes {
					if err := flush(); err != nil {
						return sum, seen, err
					}
				}
			}
			if cfg.Progress != nil {
				cfg.Progress(sum)
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return sum, seen, context.Cause(ctx)
	}
	if err := flush(); err != nil {
		return sum, seen, err
	}
	return sum, seen, nil
}
