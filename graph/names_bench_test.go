package graph

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/cayleygraph/quad"
)

// BenchmarkNamesBolt recomputes the canonical names of a bolt store of 50
// documents (the end-of-run pass; after the first, nothing changes).
func BenchmarkNamesBolt(b *testing.B) {
	st := open(b, filepath.Join(b.TempDir(), "bench.db"), Options{})
	put(b, st, synthDocs(50)...)
	b.ResetTimer()
	for range b.N {
		if _, err := st.Names(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAddQuadsBolt adds raw quads (the load command's path) to a bolt
// store, 10,000 per call.
func BenchmarkAddQuadsBolt(b *testing.B) {
	st := open(b, filepath.Join(b.TempDir(), "bench.db"), Options{})
	var proto []quad.Quad
	qs := st.voc
	for _, d := range synthDocs(20) {
		proto = qs.quads(d, proto)
	}
	proto = proto[:min(len(proto), 10000)]
	batch := make([]quad.Quad, len(proto))
	total := 0
	b.ResetTimer()
	for i := range b.N {
		for j, q := range proto {
			q.Label = quad.IRI(fmt.Sprintf("%s/%d", q.Label, i))
			batch[j] = q
		}
		if err := st.AddQuads(context.Background(), batch); err != nil {
			b.Fatal(err)
		}
		total += len(batch)
	}
	b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "quads/s")
}
