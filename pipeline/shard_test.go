package pipeline

import (
	"fmt"
	"testing"
)

func TestParseShard(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Shard
		ok   bool
	}{
		{"", Shard{}, true},
		{"0/1", Shard{0, 1}, true},
		{"3/4", Shard{3, 4}, true},
		{" 1 / 2 ", Shard{1, 2}, true},
		{"4/4", Shard{}, false},
		{"-1/4", Shard{}, false},
		{"1/0", Shard{}, false},
		{"1", Shard{}, false},
		{"a/b", Shard{}, false},
		{"1/2/3", Shard{}, false},
	} {
		got, err := ParseShard(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParseShard(%q) = %v, %v; want %v, ok %v", c.in, got, err, c.want, c.ok)
		}
	}
}

func FuzzParseShard(f *testing.F) {
	for _, s := range []string{"0/4", "3/4", "9/10", "x", "1/-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sh, err := ParseShard(s)
		if err != nil {
			return
		}
		if s != "" && (sh.N < 1 || sh.I < 0 || sh.I >= sh.N) {
			t.Errorf("ParseShard(%q) = %v", s, sh)
		}
		if back, err := ParseShard(sh.String()); err != nil || back.String() != sh.String() {
			t.Errorf("%q: %v does not round-trip: %v, %v", s, sh, back, err)
		}
	})
}

// TestShardPartition checks that the shards of N split any set of ids:
// each id in exactly one, none empty for many ids.
func TestShardPartition(t *testing.T) {
	ids := make([]string, 2000)
	for i := range ids {
		ids[i] = fmt.Sprintf("bbc/politics/%03d", i)
	}
	for _, n := range []int{1, 2, 4, 7} {
		sizes := make([]int, n)
		for _, id := range ids {
			in := 0
			for i := range n {
				if (Shard{I: i, N: n}).Has(id) {
					in++
					sizes[i]++
				}
			}
			if in != 1 {
				t.Fatalf("N=%d: %q is in %d shards", n, id, in)
			}
		}
		for i, s := range sizes {
			if s < len(ids)/n/2 {
				t.Errorf("N=%d: shard %d has %d of %d ids", n, i, s, len(ids))
			}
		}
	}
	if !(Shard{}).Has("x") || (Shard{}).String() != "" || (Shard{0, 1}).runSuffix() != "" || (Shard{1, 4}).runSuffix() != "-shard-1-of-4" {
		t.Error("the zero shard must select everything and name nothing")
	}
	if key("", "a.txt") != "a.txt" || key("id", "a.txt") != "id" {
		t.Error("key")
	}
}
