package boltkv

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/kv/kvtest"
	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"
	hbolt "github.com/hidal-go/hidalgo/kv/bolt"
	hkvtest "github.com/hidal-go/hidalgo/kv/kvtest"
)

func open(t testing.TB) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kv.bolt")
	db, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return db, path
}

// TestHidalgoSuite runs hidalgo's own tests of a kv.KV.
func TestHidalgoSuite(t *testing.T) {
	hkvtest.RunTest(t, func(t testing.TB) (hkv.KV, func()) {
		db, _ := open(t)
		return db, func() { db.Close() }
	})
}

// TestCayleySuite runs Cayley's tests of a kv quad store (with and without
// bloom filters) over this kv.KV. Its path tests read cayley's test graph
// from the module's data folder, which they look for four folders up.
func TestCayleySuite(t *testing.T) {
	if testing.Short() {
		t.Skip("the quad store suite takes a while")
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/cayleygraph/cayley").Output()
	if err != nil {
		t.Skipf("cannot find cayley's module folder (its test data): %v", err)
	}
	tmp := t.TempDir()
	if err := os.Symlink(filepath.Join(strings.TrimSpace(string(out)), "data"), filepath.Join(tmp, "data")); err != nil {
		t.Fatal(err)
	}
	cwd := filepath.Join(tmp, "a", "b", "c", "d")
	if err := os.MkdirAll(cwd, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(cwd)
	kvtest.TestAll(t, func(t testing.TB) (hkv.KV, graph.Options, func()) {
		db, _ := open(t)
		return db, nil, func() { db.Close() }
	}, nil)
}

func TestGetPutDelScan(t *testing.T) {
	ctx := context.Background()
	db, _ := open(t)
	defer db.Close()
	key := func(parts ...string) hkv.Key { return hkv.SKey(parts...) }
	pairs := []struct {
		k hkv.Key
		v string
	}{
		{key("a"), "root a"},
		{key("b", "x"), "b/x"},
		{key("b", "y"), "b/y"},
		{key("c", "d", "e"), "c/d/e"},
		{key("c", "d", "f"), "c/d/f"},
		{key("c", "g"), "c/g"},
		{key("ca", "h"), "ca/h"},
	}
	tx, err := db.Tx(true)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pairs {
		if err := tx.Put(p.k, hkv.Value(p.v)); err != nil {
			t.Fatalf("put %q: %v", p.k, err)
		}
	}
	// Written values are read back in the same transaction.
	if v, err := tx.Get(ctx, key("b", "y")); err != nil || string(v) != "b/y" {
		t.Errorf("get b/y in the writing transaction: %q, %v", v, err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := tx.Close(); err != nil {
		t.Errorf("close after commit: %v", err)
	}

	tx, err = db.Tx(false)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Close()
	for _, p := range pairs {
		if v, err := tx.Get(ctx, p.k); err != nil || string(v) != p.v {
			t.Errorf("get %q = %q, %v; want %q", p.k, v, err, p.v)
		}
	}
	for _, k := range []hkv.Key{key("b", "z"), key("z", "x"), key("b"), key("c", "d"), key("c", "d", "zz"), nil} {
		if v, err := tx.Get(ctx, k); err != hkv.ErrNotFound {
			t.Errorf("get %q = %q, %v; want ErrNotFound", k, v, err)
		}
	}
	vals, err := tx.GetBatch(ctx, []hkv.Key{key("b", "x"), key("b", "zz"), key("c", "g"), key("nope", "x")})
	if err != nil {
		t.Fatal(err)
	}
	got := make([]string, len(vals))
	for i, v := range vals {
		got[i] = fmt.Sprintf("%q", v)
	}
	if want := []string{`"b/x"`, `""`, `"c/g"`, `""`}; !slices.Equal(got, want) {
		t.Errorf("GetBatch = %v, want %v", got, want)
	}
	if vals[1] != nil || vals[3] != nil {
		t.Error("GetBatch: missing keys are not nil")
	}

	scans := []struct {
		pref hkv.Key
		want []string
	}{
		{nil, []string{"a", "b/x", "b/y", "c/d/e", "c/d/f", "c/g", "ca/h"}},
		{key("c"), []string{"c/d/e", "c/d/f", "c/g", "ca/h"}}, // a one-part prefix matches bucket names too
		{key("c", ""), []string{"c/d/e", "c/d/f", "c/g"}},
		{key("c", "d"), []string{"c/d/e", "c/d/f"}},
		{key("c", "d", "f"), []string{"c/d/f"}},
		{key("b", "y"), []string{"b/y"}},
		{key("b", "q"), nil},
		{key("zz", "q"), nil},
		{key("zz", "q", "r"), nil},
	}
	for _, sc := range scans {
		it := tx.Scan(sc.pref)
		var keys []string
		for it.Next(ctx) {
			k := it.Key()
			s := string(k[0])
			for _, p := range k[1:] {
				s += "/" + string(p)
			}
			keys = append(keys, s)
			if v := string(it.Val()); v != s && !(s == "a" && v == "root a") {
				t.Errorf("scan %q: %s holds %q", sc.pref, s, v)
			}
		}
		if err := it.Err(); err != nil {
			t.Error(err)
		}
		it.Close()
		if !slices.Equal(keys, sc.want) {
			t.Errorf("scan %q = %v, want %v", sc.pref, keys, sc.want)
		}
	}
	tx.Close()

	tx, err = db.Tx(true)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []hkv.Key{key("b", "x"), key("c", "d", "e"), key("nope", "x")} {
		if err := tx.Del(k); err != nil {
			t.Errorf("del %q: %v", k, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	tx, _ = db.Tx(false)
	defer tx.Close()
	for _, k := range []hkv.Key{key("b", "x"), key("c", "d", "e")} {
		if _, err := tx.Get(ctx, k); err != hkv.ErrNotFound {
			t.Errorf("get %q after delete: %v", k, err)
		}
	}
	if v, err := tx.Get(ctx, key("b", "y")); err != nil || string(v) != "b/y" {
		t.Errorf("b/y after deleting b/x: %q, %v", v, err)
	}
}

// TestRollback: the writes of a transaction closed without commit are
// gone, the buckets it created included.
func TestRollback(t *testing.T) {
	ctx := context.Background()
	db, _ := open(t)
	defer db.Close()
	tx, _ := db.Tx(true)
	if err := tx.Put(hkv.SKey("new", "k"), hkv.Value("v")); err != nil {
		t.Fatal(err)
	}
	if err := tx.Close(); err != nil {
		t.Fatal(err)
	}
	tx, _ = db.Tx(false)
	defer tx.Close()
	if _, err := tx.Get(ctx, hkv.SKey("new", "k")); err != hkv.ErrNotFound {
		t.Errorf("a rolled back write is there: %v", err)
	}
	if err := db.DB().View(func(btx *bolt.Tx) error {
		if btx.Bucket([]byte("new")) != nil {
			t.Error("a rolled back bucket is there")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func TestReadOnlyTx(t *testing.T) {
	db, _ := open(t)
	defer db.Close()
	tx, _ := db.Tx(false)
	defer tx.Close()
	if err := tx.Put(hkv.SKey("b", "k"), hkv.Value("v")); err == nil {
		t.Error("a read-only transaction wrote")
	}
}

var quads = func() []quad.Quad {
	var qs []quad.Quad
	for i := range 300 {
		qs = append(qs, quad.Make(
			quad.IRI(fmt.Sprintf("urn:x:s%d", i%37)),
			quad.IRI(fmt.Sprintf("urn:x:p%d", i%5)),
			quad.String(fmt.Sprintf("value %d", i)),
			quad.IRI(fmt.Sprintf("urn:x:doc%d", i%7)),
		))
	}
	return qs
}()

// kvOptions are the options of the Cayley kv stores of these tests.
var kvOptions = graph.Options{ckv.OptNoBloom: true}

func openOurs(path string) (hkv.KV, error)    { return Open(path, nil) }
func openHidalgo(path string) (hkv.KV, error) { return hbolt.Open(path, nil) }

// newStore creates a Cayley kv quad store over db.
func newStore(tb testing.TB, db hkv.KV) graph.QuadStore {
	tb.Helper()
	if err := ckv.Init(db, kvOptions); err != nil {
		tb.Fatal(err)
	}
	qs, err := ckv.New(db, kvOptions)
	if err != nil {
		tb.Fatal(err)
	}
	return qs
}

// write loads quads (then deletes every third) into a new Cayley kv store
// over db.
func write(t *testing.T, db hkv.KV) {
	t.Helper()
	qs := newStore(t, db)
	var add, del []graph.Delta
	for _, q := range quads {
		add = append(add, graph.Delta{Quad: q, Action: graph.Add})
	}
	if err := qs.ApplyDeltas(add, graph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}
	for i, q := range quads {
		if i%3 == 0 {
			del = append(del, graph.Delta{Quad: q, Action: graph.Delete})
		}
	}
	if err := qs.ApplyDeltas(del, graph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}
}

// read returns the quads of the Cayley kv store over db, sorted, and what
// an index lookup by subject finds.
func read(t *testing.T, db hkv.KV) (all, bySubject []string) {
	t.Helper()
	ctx := context.Background()
	qs, err := ckv.New(db, kvOptions)
	if err != nil {
		t.Fatal(err)
	}
	collect := func(it graph.Iterator) (out []string) {
		defer it.Close()
		for it.Next(ctx) {
			out = append(out, qs.Quad(it.Result()).String())
		}
		if err := it.Err(); err != nil {
			t.Fatal(err)
		}
		slices.Sort(out)
		return out
	}
	all = collect(qs.QuadsAllIterator())
	bySubject = collect(qs.QuadIterator(quad.Subject, qs.ValueOf(quad.IRI("urn:x:s3"))))
	return all, bySubject
}

// TestSameFileAsHidalgo: a store written through this package reads the
// same through hidalgo's bolt backend (what cayley's own tools open), and
// the other way round; and both write the same buckets and keys.
func TestSameFileAsHidalgo(t *testing.T) {
	var want []string
	for i, q := range quads {
		if i%3 != 0 {
			want = append(want, q.String())
		}
	}
	slices.Sort(want)

	ours := filepath.Join(t.TempDir(), "ours.bolt")
	theirs := filepath.Join(t.TempDir(), "theirs.bolt")
	for file, open := range map[string]func(string) (hkv.KV, error){ours: openOurs, theirs: openHidalgo} {
		db, err := open(file)
		if err != nil {
			t.Fatal(err)
		}
		write(t, db)
		db.Close()
	}

	for _, c := range []struct {
		name, file string
		open       func(string) (hkv.KV, error)
	}{
		{"ours read by hidalgo", ours, openHidalgo},
		{"hidalgo's read by ours", theirs, openOurs},
	} {
		db, err := c.open(c.file)
		if err != nil {
			t.Fatal(err)
		}
		all, bySub := read(t, db)
		db.Close()
		if !slices.Equal(all, want) {
			t.Errorf("%s: %d quads, want %d", c.name, len(all), len(want))
		}
		if len(bySub) == 0 {
			t.Errorf("%s: the subject index finds nothing", c.name)
		}
		for _, q := range bySub {
			if !slices.Contains(want, q) {
				t.Errorf("%s: the subject index finds %s", c.name, q)
			}
		}
	}

	// The same buckets and keys (values differ only in timestamps).
	layout := func(file string) []string {
		db, err := bolt.Open(file, 0o644, &bolt.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var out []string
		db.View(func(tx *bolt.Tx) error {
			return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
				return b.ForEach(func(k, v []byte) error {
					out = append(out, fmt.Sprintf("%q/%x", name, k))
					return nil
				})
			})
		})
		return out
	}
	if a, b := layout(ours), layout(theirs); !slices.Equal(a, b) {
		t.Errorf("the files differ in their keys: %d keys, hidalgo's %d", len(a), len(b))
	}
}

// BenchmarkWrite loads quads into a Cayley kv store over this package and
// over hidalgo's bolt backend.
func BenchmarkWrite(b *testing.B) {
	var qs []quad.Quad
	for i := range 50000 {
		qs = append(qs, quad.Make(
			quad.IRI(fmt.Sprintf("urn:x:s%d", i/4)),
			quad.IRI(fmt.Sprintf("urn:x:p%d", i%11)),
			quad.String(fmt.Sprintf("value %d", i)),
			quad.IRI(fmt.Sprintf("urn:x:doc%d", i/40)),
		))
	}
	for _, c := range []struct {
		name string
		open func(string) (hkv.KV, error)
	}{
		{"boltkv", openOurs},
		{"hidalgo", openHidalgo},
	} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				db, err := c.open(filepath.Join(b.TempDir(), "kv.bolt"))
				if err != nil {
					b.Fatal(err)
				}
				store := newStore(b, db)
				b.StartTimer()
				for i := 0; i < len(qs); i += 2000 {
					deltas := make([]graph.Delta, 0, 2000)
					for _, q := range qs[i : i+2000] {
						deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Add})
					}
					if err := store.ApplyDeltas(deltas, graph.IgnoreOpts{IgnoreDup: true}); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				db.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(len(qs)*b.N)/b.Elapsed().Seconds(), "quads/s")
		})
	}
}
