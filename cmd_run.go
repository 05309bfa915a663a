package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"github.com/schollz/progressbar/v3"

	"newsgraph/graph"
	"newsgraph/nlp"
	"newsgraph/out"
	"newsgraph/pipeline"
)

// storeFlags are the flags every command that opens the store shares.
type storeFlags struct {
	store, base string
}

func (s *storeFlags) register(fs interface {
	StringVar(p *string, name, value, usage string)
}) {
	fs.StringVar(&s.store, "store", defaultPath, "the store: a bolt file path, `memory`, or a postgres:// or cockroach:// URL")
	fs.StringVar(&s.base, "base", graph.DefaultBase, "base IRI of the graph's nodes and predicates")
}

// Lock timeouts: how long one operation waits for a bolt file that another
// process is using. A reader waits for a writer's commit (a batch); a
// writer waits for readers (an export may take a while).
const (
	readerWait = 30 * time.Second
	writerWait = 2 * time.Minute
)

// open opens the store, and on failure reports it and returns the exit
// status: 3, the store is locked or unavailable.
func (s *storeFlags) open(ctx context.Context, e *env, readOnly bool) (*graph.Store, int) {
	wait := readerWait
	if !readOnly {
		wait = writerWait
	}
	st, err := graph.Open(ctx, s.store, graph.Options{Base: s.base, ReadOnly: readOnly, LockTimeout: wait})
	if err != nil {
		fmt.Fprintf(e.stderr, "newsgraph: %v\n", err)
		return nil, exitLocked
	}
	return st, exitOK
}

func cmdRun(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "run", "PATH...",
		"Reads articles from PATHs (files or folders of .txt, .html, .jsonl, and gzip of these; - reads JSONL\n"+
			"from stdin), extracts facts and loads them into the store. Exit status: 0 all documents loaded,\n"+
			"1 some failed (the rest loaded), 2 usage error, 3 store locked or unavailable.")
	var (
		sf        storeFlags
		workers   = fs.Int("workers", 0, "goroutines per stage (default: number of CPUs)")
		batch     = fs.Int("batch", 64, "documents per store transaction")
		progress  = fs.String("progress", "auto", "progress bar: auto (when stderr is a terminal), always or never")
		export    = fs.String("export", "", "write the whole graph as N-Quads to `FILE.nq` at the end")
		summary   = fs.String("summary-json", "", "write the run's summary as JSON to `FILE`")
		maxDoc    = fs.Int64("max-doc-bytes", 32<<20, "documents larger than this fail")
		maxFacts  = fs.Int("max-facts", pipeline.DefaultMaxFacts, "keep at most `N` facts of a document, the first in sentence order (0: no limit)")
		maxTokens = fs.Int("max-sentence-tokens", nlp.DefaultMaxSentenceTokens, "split sentences longer than `N` tokens (at a semicolon or comma before the limit, else at it) before tagging")
		prune     = fs.Bool("prune", false, "delete documents of the store that are no longer in the input")
		quiet     = fs.Bool("quiet", false, "no progress bar and no summary line; only errors")
		logFormat = fs.String("log-format", "text", "log format on stderr: text or json")
		shardFlag = fs.String("shard", "", "process only the documents of shard `I/N` (0 ≤ I < N) of N runs sharing the corpus and store")
		cpuProf   = fs.String("cpuprofile", "", "write a CPU profile of the pipeline (pprof) to `FILE`")
	)
	sf.register(fs)
	paths, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	defer tuneGC(os.Getenv("GOGC"))()
	if len(paths) == 0 {
		fmt.Fprintln(e.stderr, "newsgraph run: no PATH given (use - for JSONL on stdin)")
		fs.Usage()
		return exitUsage
	}
	log, err := newLogger(e, *logFormat, *quiet)
	if err != nil {
		fmt.Fprintf(e.stderr, "newsgraph run: %v\n", err)
		return exitUsage
	}
	showBar := false
	switch *progress {
	case "auto":
		showBar = e.stderrIsTTY && !*quiet
	case "always":
		showBar = true
	case "never":
	default:
		fmt.Fprintf(e.stderr, "newsgraph run: --progress must be auto, always or never, not %q\n", *progress)
		return exitUsage
	}

	if *maxTokens < 1 {
		fmt.Fprintf(e.stderr, "newsgraph run: --max-sentence-tokens must be at least 1, not %d\n", *maxTokens)
		return exitUsage
	}
	shard, err := pipeline.ParseShard(*shardFlag)
	if err != nil {
		fmt.Fprintf(e.stderr, "newsgraph run: --shard: %v\n", err)
		return exitUsage
	}
	st, code := sf.open(ctx, e, false)
	if st == nil {
		return code
	}
	defer st.Close()
	if err := st.LockWriter(ctx, shard.String()); err != nil {
		fmt.Fprintf(e.stderr, "newsgraph: %v\n", err)
		return exitLocked
	}
	if h := st.StaleLock(); h != nil {
		log.Warn("took over the lock of a writer that is gone (a crashed run?); documents it did not finish are processed again", "holder", h.String())
	}

	cfg := pipeline.Config{Store: st, Workers: *workers, Batch: *batch, Log: log, Prune: *prune, Shard: shard}
	cfg.Corpus.MaxDocBytes = *maxDoc
	cfg.MaxFacts = *maxFacts
	cfg.MaxSentenceTokens = *maxTokens
	if showBar {
		bar := progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription("articles"),
			progressbar.OptionSetItsString("docs"),
			progressbar.OptionShowIts(),
			progressbar.OptionShowCount(),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		if n := estimate(paths); n > 0 {
			bar.ChangeMax(n)
		}
		cfg.Progress = func(s pipeline.Summary) { _ = bar.Set(s.Documents) }
		defer bar.Finish()
	}

	if *cpuProf != "" {
		stop, err := startCPUProfile(*cpuProf)
		if err != nil {
			fmt.Fprintf(e.stderr, "newsgraph run: %v\n", err)
			return exitFailed
		}
		defer stop()
	}
	sum, runErr := pipeline.Run(ctx, paths, e.stdin, cfg)
	if *export != "" && runErr == nil {
		if err := exportFile(ctx, st, *export); err != nil {
			runErr = err
		}
	}
	if !*quiet {
		fmt.Fprintln(e.stderr, "newsgraph:", sum)
	}
	for _, f := range sum.Failed {
		fmt.Fprintf(e.stderr, "failed: %s: %s\n", f.Doc, f.Error)
	}
	if *summary != "" {
		if err := writeJSON(*summary, sum); err != nil {
			log.Error("writing summary", "error", err)
			if runErr == nil {
				runErr = err
			}
		}
	}
	switch {
	case errors.Is(runErr, context.Canceled):
		log.Error("run interrupted; documents loaded so far are kept", "error", runErr)
		return exitFailed
	case errors.Is(runErr, graph.ErrInUse):
		log.Error("run stopped: store unavailable", "error", runErr)
		return exitLocked
	case runErr != nil:
		log.Error("run failed", "error", runErr)
		return exitFailed
	case len(sum.Failed) > 0:
		return exitFailed
	}
	return exitOK
}

// startCPUProfile starts writing a CPU profile to path and returns the
// function that stops it and closes the file.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// newLogger makes the logger of a command: text or JSON on stderr.
func newLogger(e *env, format string, quiet bool) (*slog.Logger, error) {
	opt := &slog.HandlerOptions{Level: slog.LevelInfo}
	if quiet {
		opt.Level = slog.LevelError
	}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(e.stderr, opt)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(e.stderr, opt)), nil
	}
	return nil, fmt.Errorf("--log-format must be text or json, not %q", format)
}

// exportFile writes the graph as N-Quads to path, atomically: a temporary
// file in the same folder is renamed over path only when complete.
func exportFile(ctx context.Context, st *graph.Store, path string) error {
	return writeAtomic(path, func(f *os.File) error {
		_, err := out.NQuads(ctx, f, st)
		return err
	})
}

// writeJSON writes v as indented JSON to path, atomically.
func writeJSON(path string, v any) error {
	return writeAtomic(path, func(f *os.File) error {
		enc := json.NewEncoder(f)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	})
}

// writeAtomic calls write with a temporary file beside path and renames it
// to path when write and close succeed; otherwise the temporary file goes.
func writeAtomic(path string, write func(*os.File) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// estimate counts the documents under paths cheaply, for the progress bar:
// one per file, one per line of an uncompressed JSONL file. It returns -1
// when it can't tell (stdin, gzip of JSONL).
func estimate(paths []string) int {
	n := 0
	for _, p := range paths {
		if p == "-" {
			return -1
		}
		err := filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if path != p && len(d.Name()) > 1 && d.Name()[0] == '.' {
					return filepath.SkipDir
				}
				return nil
			}
			switch filepath.Ext(path) {
			case ".txt", ".html", ".htm":
				n++
			case ".gz":
				if filepath.Ext(path[:len(path)-3]) == ".jsonl" {
					n = -1 << 30
				} else {
					n++
				}
			case ".jsonl":
				b, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				for _, c := range b {
					if c == '\n' {
						n++
					}
				}
				if len(b) > 0 && b[len(b)-1] != '\n' {
					n++
				}
			}
			return nil
		})
		if err != nil {
			return -1
		}
	}
	if n < 0 {
		return -1
	}
	return n
}

// gcPercent is the garbage collector's target of a run: the heap may grow
// to 2.5 times what is live before a collection, instead of Go's 2 times.
// The store's writer allocates a lot and is the bottleneck; on the BBC
// corpus this takes a tenth off the wall time for ~60 MiB more memory.
const gcPercent = 150

// tuneGC sets the GC percent of a run to gcPercent unless the environment
// sets GOGC (given as gogc), and returns what restores the old one.
func tuneGC(gogc string) (restore func()) {
	if gogc != "" {
		return func() {}
	}
	old := debug.SetGCPercent(gcPercent)
	return func() { debug.SetGCPercent(old) }
}
