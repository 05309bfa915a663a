package main

import (
	"runtime/debug"
	"testing"
)

func TestTuneGC(t *testing.T) {
	percent := func() int {
		p := debug.SetGCPercent(-1)
		debug.SetGCPercent(p)
		return p
	}
	before := percent()
	for _, c := range []struct {
		gogc string
		want int
	}{
		{"", gcPercent}, // a run's own setting
		{"100", before}, // the environment's, as the runtime read it
		{"off", before},
	} {
		restore := tuneGC(c.gogc)
		if got := percent(); got != c.want {
			t.Errorf("GOGC=%q: GC percent %d during the run, want %d", c.gogc, got, c.want)
		}
		restore()
		if got := percent(); got != before {
			t.Errorf("GOGC=%q: GC percent %d after the run, want %d again", c.gogc, got, before)
		}
	}
}
