package graph

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// TestDropPages reads a bolt store while its mapped pages are dropped over
// and over (no budget): the quads read are the same as without.
func TestDropPages(t *testing.T) {
	defer func(b int64) { mapBudget = b }(mapBudget)
	mapBudget = 0
	st := open(t, filepath.Join(t.TempDir(), "g.db"), Options{})
	var docs = kerryDoc()
	for i := range 20 {
		d := *docs
		d.ID = fmt.Sprintf("doc-%d", i)
		put(t, st, &d)
	}
	want := quadSetOf(t, st)
	got := map[quad.Quad]bool{}
	dropped := 0
	err := st.read(func(qs graph.QuadStore) error {
		if _, ok := st.maps.Load(qs); !ok {
			t.Error("the open bolt store is not recorded for dropPages")
		}
		it := qs.QuadsAllIterator()
		defer it.Close()
		return st.scan(context.Background(), qs, it, func(q quad.Quad) error {
			got[q] = true
			if len(got)%7 == 0 {
				st.dropPages(qs)
				dropped++
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if dropped == 0 || !mapsEqual(got, want) {
		t.Errorf("read %d quads dropping pages %d times, want the %d quads of a plain read", len(got), dropped, len(want))
	}
	n := 0
	st.maps.Range(func(any, any) bool { n++; return true })
	if n != 0 {
		t.Errorf("%d bolt stores still recorded after their operations ended", n)
	}
}

func TestChunkAfter(t *testing.T) {
	defer func(b int64) { txBudget = b }(txBudget)
	txBudget = 100 << 20
	for _, c := range []struct {
		chunk int
		grew  int64
		want  int
	}{
		{16384, 200 << 20, 8192},   // twice the budget: half as many
		{16384, 400 << 20, 4096},   // four times: a quarter
		{16384, 50 << 20, 16384},   // within: unchanged
		{16384, 20 << 20, 32768},   // under a quarter: twice as many
		{16384, -5 << 20, 32768},   // pages left the resident set meanwhile
		{40000, 0, maxChunk},       // never over maxChunk
		{2048, 10 << 30, minChunk}, // never under minChunk
		{minChunk, 1 << 20, 2 * minChunk},
	} {
		if got := chunkAfter(c.chunk, c.grew); got != c.want {
			t.Errorf("chunkAfter(%d, %d MiB) = %d, want %d", c.chunk, c.grew>>20, got, c.want)
		}
	}
}
