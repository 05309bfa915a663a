package out

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"testing"

	"newsgraph/graph"
	"newsgraph/nlp"
)

// benchStore makes a bolt store of n documents of 25 entities and 40 facts.
func benchStore(b *testing.B, n int) *graph.Store {
	st := open(b, filepath.Join(b.TempDir(), "bench.db"))
	docs := make([]*nlp.Doc, n)
	for i := range docs {
		d := &nlp.Doc{ID: fmt.Sprintf("doc-%05d", i)}
		for s := range 40 {
			d.Sentences = append(d.Sentences, fmt.Sprintf("Sentence %d of document %d.", s, i))
		}
		for e := range 25 {
			key := fmt.Sprintf("entity-%d", (i*7+e*13)%500)
			d.Entities = append(d.Entities, nlp.Entity{Key: key, Name: "Entity " + key, Type: nlp.Person})
		}
		for f := range 40 {
			d.Facts = append(d.Facts, nlp.Fact{Sent: f, Subject: nlp.Arg{Entity: d.Entities[f%25].Key},
				Relation: fmt.Sprintf("rel %d", f%11), Object: nlp.Arg{Text: fmt.Sprintf("thing %d", f%9)}, Confidence: 0.5})
		}
		docs[i] = d
	}
	put(b, st, docs...)
	return st
}

func benchExport(b *testing.B, export func(context.Context, io.Writer, *graph.Store) (int, error), unit string) {
	st := benchStore(b, 100)
	b.ResetTimer()
	total := 0
	for range b.N {
		n, err := export(context.Background(), io.Discard, st)
		if err != nil {
			b.Fatal(err)
		}
		total += n
	}
	b.ReportMetric(float64(total)/b.Elapsed().Seconds(), unit)
}

// BenchmarkNQuadsBolt exports a bolt store of 100 documents (about 60,000 quads).
func BenchmarkNQuadsBolt(b *testing.B) { benchExport(b, NQuads, "quads/s") }

// BenchmarkTSVBolt exports the facts of the same store.
func BenchmarkTSVBolt(b *testing.B) { benchExport(b, TSV, "facts/s") }
