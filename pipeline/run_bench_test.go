package pipeline

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"newsgraph/graph"
)

// BenchmarkRunSeeds runs the whole pipeline on the seed articles of
// ../../shared into a fresh bolt store per iteration (models loaded each
// time, as a run does).
func BenchmarkRunSeeds(b *testing.B) {
	seeds := filepath.Join("..", "..", "shared", "seeds")
	if _, err := os.Stat(seeds); err != nil {
		b.Skipf("seed articles not found at %s (../shared relative to the module root)", seeds)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	docs, toks := 0, 0
	for i := range b.N {
		st, err := graph.Open(context.Background(), filepath.Join(b.TempDir(), "b.db"), graph.Options{})
		if err != nil {
			b.Fatal(err)
		}
		sum, err := Run(context.Background(), []string{seeds}, nil, Config{Store: st, Log: log, NoRecord: i > 0})
		st.Close()
		if err != nil {
			b.Fatal(err)
		}
		docs += sum.Documents
		toks += sum.Tokens
	}
	b.ReportMetric(float64(docs)/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(float64(toks)/b.Elapsed().Seconds(), "tokens/s")
}
