package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"newsgraph/pipeline/bench"
)

func cmdBench(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "bench", "[CORPUS]",
		"Measures the pipeline on CORPUS (default ../shared/news/bbc) against the limits of its parts: prose's\n"+
			"own pipeline on the same texts, Cayley's own loader on the exported N-Quads; plus 1 vs N workers,\n"+
			"peak RSS, store size, query latencies of the query library, and optionally runs on copies of the\n"+
			"corpus. Prints one table on stdout.")
	var (
		workers = fs.String("workers", "", "comma-separated worker counts of the end-to-end runs (default 1,NumCPU)")
		refDocs = fs.Int("ref-docs", 400, "documents fed to the prose reference, evenly spread over the corpus (0: all)")
		cayley  = fs.String("cayley", "", "a cayley binary for the load ceiling (default: Cayley's loader in-process)")
		qdir    = fs.String("queries", "queries", "folder of the query library (\"\" skips the queries)")
		name    = fs.String("name", "Tony Blair", "the name given to queries that take --arg name")
		runs    = fs.Int("runs", 100, "runs per query")
		maxTime = fs.Duration("query-time", 15*time.Second, "at most this long per query")
		copies  = fs.String("copies", "", "comma-separated corpus copy counts for the memory runs, as 1,4,16 (default none)")
		keep    = fs.String("dir", "", "scratch folder, kept (default a temporary folder, removed)")
		only    = fs.Bool("memory-only", false, "only the memory runs on copies (with --copies)")
	)
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	corpusPath := filepath.Join("..", "shared", "news", "bbc")
	switch len(pos) {
	case 0:
	case 1:
		corpusPath = pos[0]
	default:
		fs.Usage()
		return exitUsage
	}
	if _, err := os.Stat(corpusPath); err != nil {
		fmt.Fprintf(e.stderr, "newsgraph bench: corpus: %v\n", err)
		return exitUsage
	}
	ws, err := ints(*workers)
	if err != nil {
		fmt.Fprintf(e.stderr, "newsgraph bench: --workers: %v\n", err)
		return exitUsage
	}
	cs, err := ints(*copies)
	if err != nil {
		fmt.Fprintf(e.stderr, "newsgraph bench: --copies: %v\n", err)
		return exitUsage
	}
	bin, err := os.Executable()
	if err != nil {
		fmt.Fprintf(e.stderr, "newsgraph bench: %v\n", err)
		return exitFailed
	}
	dir := *keep
	if dir == "" {
		if dir, err = os.MkdirTemp("", "newsgraph-bench-"); err != nil {
			fmt.Fprintf(e.stderr, "newsgraph bench: %v\n", err)
			return exitFailed
		}
		defer os.RemoveAll(dir)
	}
	cfg := bench.Config{Corpus: corpusPath, Bin: bin, Dir: dir, Workers: ws, RefDocs: *refDocs, Cayley: *cayley,
		Queries: *qdir, Args: map[string]string{"name": *name}, Runs: *runs, MaxTime: *maxTime, Copies: cs, Log: e.stderr}
	var r *bench.Report
	if *only {
		r, err = bench.MeasureMemory(ctx, cfg)
	} else {
		r, err = bench.Measure(ctx, cfg)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "newsgraph bench: %v\n", err)
		return exitFailed
	}
	if err := r.Write(e.stdout); err != nil {
		fmt.Fprintf(e.stderr, "newsgraph bench: %v\n", err)
		return exitFailed
	}
	return exitOK
}

// ints parses a comma-separated list of positive integers ("" is none).
func ints(s string) ([]int, error) {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a positive integer", f)
		}
		out = append(out, n)
	}
	return out, nil
}
