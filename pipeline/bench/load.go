package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	_ "github.com/cayleygraph/cayley/graph/kv/bolt" // the bolt backend
	_ "github.com/cayleygraph/cayley/writer"        // the "single" writer
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
)

// ceiling loads the N-Quads file nq into a fresh cayley bolt store with
// no_bloom (as newsgraph's stores are), with Cayley's own loader: the cayley
// binary's "load" when cayley is set, else the same code path in-process
// (the writer "single", batches of quad.DefaultBatch quads, as internal.Load
// of cmd/cayley does).
func ceiling(ctx context.Context, cayley, dir, nq string) (Load, error) {
	db := filepath.Join(dir, "cayley-load")
	os.RemoveAll(db)
	defer os.RemoveAll(db)
	if cayley != "" {
		conf := filepath.Join(dir, "cayley.json")
		b, _ := json.Marshal(map[string]any{"store": map[string]any{
			"backend": "bolt", "address": db, "options": map[string]any{ckv.OptNoBloom: true}}})
		if err := os.WriteFile(conf, b, 0o644); err != nil {
			return Load{}, fmt.Errorf("bench: %w", err)
		}
		ch, err := child(ctx, filepath.Join(dir, "cayley-load.log"), cayley, "load", "--config", conf, "--init", "-i", nq)
		if err != nil {
			return Load{}, err
		}
		n, err := countLines(nq)
		return Load{How: "cayley load (CLI)", Quads: n, Child: ch}, err
	}
	start, cpu0 := time.Now(), selfCPU()
	n, err := loadInProcess(db, nq)
	if err != nil {
		return Load{}, fmt.Errorf("bench: load ceiling: %w", err)
	}
	return Load{How: "cayley loader (in-process)", Quads: n,
		Child: Child{Wall: time.Since(start).Seconds(), CPU: (selfCPU() - cpu0).Seconds()}}, nil
}

func loadInProcess(db, nq string) (int, error) {
	opts := graph.Options{ckv.OptNoBloom: true}
	if err := os.MkdirAll(db, 0o755); err != nil {
		return 0, err
	}
	if err := graph.InitQuadStore("bolt", db, opts); err != nil {
		return 0, err
	}
	qs, err := graph.NewQuadStore("bolt", db, opts)
	if err != nil {
		return 0, err
	}
	defer qs.Close()
	qw, err := graph.NewQuadWriter("single", qs, opts)
	if err != nil {
		return 0, err
	}
	f, err := os.Open(nq)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	w := graph.NewWriter(qw)
	n, err := quad.CopyBatch(w, nquads.NewReader(f, false), quad.DefaultBatch)
	if err != nil {
		return n, err
	}
	return n, w.Close()
}

// countLines counts the lines of a file (quads of an N-Quads export).
func countLines(path string) (int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, fmt.Errorf("bench: %w", err)
	}
	n := 0
	for _, c := range b {
		if c == '\n' {
			n++
		}
	}
	return n, nil
}
