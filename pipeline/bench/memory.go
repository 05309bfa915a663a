package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"newsgraph/corpus"
)

// memory runs the pipeline (all cores) on k copies of the documents, each
// copy with new ids, written as one JSONL file.
func memory(ctx context.Context, cfg Config, docs []corpus.Doc, k int) (Memory, error) {
	file := filepath.Join(cfg.Dir, fmt.Sprintf("copies-%d.jsonl", k))
	if err := writeCopies(file, docs, k); err != nil {
		return Memory{}, err
	}
	defer os.Remove(file)
	store := filepath.Join(cfg.Dir, fmt.Sprintf("copies-%d.db", k))
	defer os.Remove(store)
	run, err := runPipeline(ctx, cfg.Bin, cfg.Dir, store, runtime.NumCPU(), file)
	return Memory{Copies: k, Run: run}, err
}

// writeCopies writes k copies of docs as JSONL, the ids of copy c suffixed
// with "-cC".
func writeCopies(file string, docs []corpus.Doc, k int) error {
	f, err := os.Create(file)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	type line struct {
		ID    string `json:"id"`
		Title string `json:"title,omitempty"`
		Date  string `json:"date,omitempty"`
		URL   string `json:"url,omitempty"`
		Text  string `json:"text"`
	}
	for c := 1; c <= k; c++ {
		for _, d := range docs {
			if err := enc.Encode(line{fmt.Sprintf("%s-c%d", d.ID, c), d.Title, d.Date, d.URL, d.Text}); err != nil {
				f.Close()
				return fmt.Errorf("bench: writing %s: %w", file, err)
			}
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("bench: writing %s: %w", file, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("bench: writing %s: %w", file, err)
	}
	return nil
}
