package carb

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// sharedCarb is the CaRB data directory, relative to this package.
var sharedCarb = filepath.Join("..", "..", "..", "shared", "carb")

// readShared reads file of the shared CaRB data with read, skipping the test
// when the data is absent.
func readShared(tb testing.TB, file string, read func(*os.File) ([]Extraction, error)) []Extraction {
	tb.Helper()
	f, err := os.Open(filepath.Join(sharedCarb, file))
	if errors.Is(err, fs.ErrNotExist) {
		tb.Skipf("CaRB data absent (%v): put the shared data at ../shared next to the module", err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	ex, err := read(f)
	if err != nil {
		tb.Fatalf("%s: %v", file, err)
	}
	return ex
}

func devSets(tb testing.TB) (gold, pred []Extraction) {
	gold = readShared(tb, "dev-gold.tsv", func(f *os.File) ([]Extraction, error) { return ReadGold(f) })
	pred = readShared(tb, "dev-openie5-output.txt", func(f *os.File) ([]Extraction, error) { return ReadOpenIE5(f) })
	return gold, pred
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// TestDevOpenIE5 checks the port against CaRB's published dev figures for
// OpenIE 5.
func TestDevOpenIE5(t *testing.T) {
	gold, pred := devSets(t)
	if len(gold) != 2548 {
		t.Errorf("gold extractions = %d, want 2548", len(gold))
	}
	s := Evaluate(gold, pred)
	t.Logf("%v", s)
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"AUC", s.AUC, 0.240},
		{"precision", s.Precision, 0.526},
		{"recall", s.Recall, 0.406},
		{"F1", s.F1, 0.458},
	} {
		if round3(c.got) != c.want {
			t.Errorf("%s = %.6f, want %.3f", c.name, c.got, c.want)
		}
	}
}
