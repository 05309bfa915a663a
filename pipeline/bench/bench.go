// Package bench measures newsgraph against the limits of its parts: the
// whole pipeline (a child process running "newsgraph run", so that its peak
// RSS is its own) beside prose's own pipeline on the same texts (the NLP
// reference) and Cayley's own loader on the exported N-Quads (the load
// ceiling), plus Gizmo query latencies on the loaded store and peak RSS on
// copies of the corpus.
package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"newsgraph/corpus"
	"newsgraph/pipeline"
)

// Config says what to measure.
type Config struct {
	Corpus  string // folder (or file) of articles
	Bin     string // the newsgraph binary run as a child process
	Dir     string // scratch folder for stores and exports
	Workers []int  // worker counts of the end-to-end runs; the last is the main one
	RefDocs int    // documents fed to the prose reference; 0 means all
	Cayley  string // a cayley binary for the load ceiling; "" loads in-process
	Queries string // folder of the query library (*.js); "" skips queries
	Args    map[string]string
	Runs    int           // runs per query
	MaxTime time.Duration // at most this long per query (fewer runs then)
	Copies  []int         // corpus copies for the memory runs; nil skips them
	Log     io.Writer     // progress notes; nil discards them
}

// Child is what one child process used.
type Child struct {
	Wall, CPU float64 // seconds
	RSS       int64   // peak resident set size, bytes
}

// Prose is the prose reference over the texts.
type Prose struct {
	Workers          int
	Docs, Tokens     int
	Sentences, Names int
	Wall             float64
}

// Run is one end-to-end "newsgraph run".
type Run struct {
	Workers int
	Child
	Sum       pipeline.Summary
	StoreSize int64
}

// Load is one load of the exported N-Quads into a fresh store.
type Load struct {
	How   string
	Quads int
	Child
}

// Query is the latency of one query of the library.
type Query struct {
	Name        string
	Skipped     string // why it was not run, or ""
	Runs        int
	Results     int
	Median, P99 time.Duration
}

// Memory is one run over copies of the corpus.
type Memory struct {
	Copies int
	Run
}

// Report holds every figure of a bench.
type Report struct {
	Corpus    string
	CPUs      int
	Docs      int
	Read      float64 // seconds to read the corpus in-process
	Clean     float64 // seconds to clean it
	Ref       []Prose // 1 core, all cores, and 1 core without entities
	Runs      []Run
	Export    Child
	Ceiling   Load // Cayley's own loader
	OurLoad   Load // newsgraph load of the same file
	Queries   []Query
	Memory    []Memory
	StartedAt time.Time
}

func (c *Config) logf(format string, args ...any) {
	if c.Log != nil {
		fmt.Fprintf(c.Log, "bench: "+format+"\n", args...)
	}
}

// Measure runs the whole bench.
func Measure(ctx context.Context, cfg Config) (*Report, error) {
	if len(cfg.Workers) == 0 {
		cfg.Workers = []int{1, runtime.NumCPU()}
	}
	if cfg.Runs <= 0 {
		cfg.Runs = 100
	}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	r := &Report{Corpus: cfg.Corpus, CPUs: runtime.NumCPU(), StartedAt: time.Now()}

	cfg.logf("reading %s", cfg.Corpus)
	docs, texts, err := readTexts(ctx, cfg.Corpus, r)
	if err != nil {
		return nil, err
	}
	r.Docs = len(docs)
	ref := texts
	if cfg.RefDocs > 0 && cfg.RefDocs < len(ref) {
		ref = spread(ref, cfg.RefDocs)
	}
	for _, p := range []struct {
		workers  int
		entities bool
	}{{1, true}, {runtime.NumCPU(), true}, {1, false}} {
		cfg.logf("prose reference: %d texts, %d workers, entities %v", len(ref), p.workers, p.entities)
		pr, err := proseRef(ctx, ref, p.workers, p.entities)
		if err != nil {
			return nil, err
		}
		r.Ref = append(r.Ref, pr)
	}

	var main string
	for _, w := range cfg.Workers {
		store := filepath.Join(cfg.Dir, fmt.Sprintf("run-%d.db", w))
		cfg.logf("newsgraph run --workers %d", w)
		run, err := runPipeline(ctx, cfg.Bin, cfg.Dir, store, w, cfg.Corpus)
		if err != nil {
			return nil, err
		}
		r.Runs = append(r.Runs, run)
		if main != "" {
			os.Remove(main)
		}
		main = store
	}

	nq := filepath.Join(cfg.Dir, "export.nq")
	cfg.logf("export")
	if r.Export, err = child(ctx, filepath.Join(cfg.Dir, "export.log"), cfg.Bin, "export", "--store", main, "--format", "nquads", "-o", nq); err != nil {
		return nil, err
	}
	cfg.logf("load ceiling")
	if r.Ceiling, err = ceiling(ctx, cfg.Cayley, cfg.Dir, nq); err != nil {
		return nil, err
	}
	ours := filepath.Join(cfg.Dir, "load.db")
	cfg.logf("newsgraph load")
	ch, err := child(ctx, filepath.Join(cfg.Dir, "load.log"), cfg.Bin, "load", "--store", ours, nq)
	if err != nil {
		return nil, err
	}
	r.OurLoad = Load{How: "newsgraph load", Quads: r.Ceiling.Quads, Child: ch}
	os.RemoveAll(ours)
	os.Remove(nq)

	if cfg.Queries != "" {
		cfg.logf("queries")
		if r.Queries, err = queries(ctx, main, cfg); err != nil {
			return nil, err
		}
	}
	os.Remove(main)

	if err := memoryRuns(ctx, cfg, docs, r); err != nil {
		return nil, err
	}
	return r, nil
}

// readTexts reads the corpus and cleans its texts as the pipeline does,
// timing both.
func readTexts(ctx context.Context, path string, r *Report) ([]corpus.Doc, []string, error) {
	start := time.Now()
	var docs []corpus.Doc
	err := corpus.Read(ctx, []string{path}, nil, corpus.Options{}, func(d corpus.Doc) error {
		if d.Err == nil {
			docs = append(docs, d)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("bench: reading %s: %w", path, err)
	}
	if len(docs) == 0 {
		return nil, nil, fmt.Errorf("bench: no documents in %s", path)
	}
	r.Read = time.Since(start).Seconds()
	start = time.Now()
	texts := make([]string, len(docs))
	for i, d := range docs {
		texts[i] = corpus.Clean(d.Text)
	}
	r.Clean = time.Since(start).Seconds()
	return docs, texts, nil
}

// spread picks n of xs, evenly spaced (every topic of a corpus sorted by
// topic is represented).
func spread[T any](xs []T, n int) []T {
	out := make([]T, 0, n)
	for i := range n {
		out = append(out, xs[i*len(xs)/n])
	}
	return out
}

// runPipeline runs "newsgraph run" into a fresh store and reads its
// summary. The child gets as many CPUs (GOMAXPROCS) as workers, up to all:
// one worker is the pipeline on one core, so the scaling from 1 to N
// workers is that of the whole program, its serial parts included.
func runPipeline(ctx context.Context, bin, dir, store string, workers int, paths ...string) (Run, error) {
	os.RemoveAll(store)
	sumFile := store + ".json"
	args := append([]string{"run", "--quiet", "--progress", "never", "--workers", fmt.Sprint(workers),
		"--store", store, "--summary-json", sumFile}, paths...)
	env := []string{fmt.Sprintf("GOMAXPROCS=%d", max(1, min(workers, runtime.NumCPU())))}
	ch, err := childEnv(ctx, env, store+".log", bin, args...)
	if err != nil {
		return Run{}, err
	}
	run := Run{Workers: workers, Child: ch}
	b, err := os.ReadFile(sumFile)
	if err != nil {
		return run, fmt.Errorf("bench: reading the run's summary: %w", err)
	}
	if err := json.Unmarshal(b, &run.Sum); err != nil {
		return run, fmt.Errorf("bench: reading the run's summary: %w", err)
	}
	if fi, err := os.Stat(store); err == nil {
		run.StoreSize = fi.Size()
	}
	return run, nil
}

// percentile returns the p-th percentile (0–100, nearest rank) of sorted ds.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	i := int(p/100*float64(len(ds))+0.999999) - 1
	return ds[min(max(i, 0), len(ds)-1)]
}

// median returns the median of sorted ds.
func median(ds []time.Duration) time.Duration {
	n := len(ds)
	switch {
	case n == 0:
		return 0
	case n%2 == 1:
		return ds[n/2]
	}
	return (ds[n/2-1] + ds[n/2]) / 2
}

func sortDurations(ds []time.Duration) { slices.Sort(ds) }

// memoryRuns runs the pipeline on cfg.Copies copies of docs into r.Memory.
func memoryRuns(ctx context.Context, cfg Config, docs []corpus.Doc, r *Report) error {
	for _, k := range cfg.Copies {
		cfg.logf("memory: %d copies", k)
		m, err := memory(ctx, cfg, docs, k)
		if err != nil {
			return err
		}
		r.Memory = append(r.Memory, m)
	}
	return nil
}

// MeasureMemory runs only the memory runs: the pipeline on cfg.Copies
// copies of the corpus.
func MeasureMemory(ctx context.Context, cfg Config) (*Report, error) {
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	r := &Report{Corpus: cfg.Corpus, CPUs: runtime.NumCPU(), StartedAt: time.Now()}
	docs, _, err := readTexts(ctx, cfg.Corpus, r)
	if err != nil {
		return nil, err
	}
	r.Docs = len(docs)
	if err := memoryRuns(ctx, cfg, docs, r); err != nil {
		return nil, err
	}
	return r, nil
}
