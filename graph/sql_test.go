package graph

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"newsgraph/nlp"
)

// pgURL returns the URL of a new empty database on the PostgreSQL server
// of NEWSGRAPH_TEST_PG (dropped when the test ends), or skips the test.
func pgURL(t testing.TB) string {
	t.Helper()
	admin := os.Getenv("NEWSGRAPH_TEST_PG")
	if admin == "" {
		t.Skip("NEWSGRAPH_TEST_PG is not set: no PostgreSQL server to test on (.ci/pg-start starts one)")
	}
	db, err := sql.Open("postgres", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	name := fmt.Sprintf("ng_%s_%d", strings.ToLower(strings.NewReplacer("/", "_", "-", "_").Replace(t.Name())), time.Now().UnixNano()%1e9)
	if len(name) > 60 {
		name = name[len(name)-60:]
	}
	if _, err := db.Exec(`CREATE DATABASE ` + name); err != nil {
		t.Fatalf("creating a test database on %s: %v", Redact(admin), err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("postgres", admin)
		if err != nil {
			return
		}
		defer db.Close()
		if _, err := db.Exec(`DROP DATABASE ` + name + ` WITH (FORCE)`); err != nil {
			t.Logf("dropping %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func TestSQLFlavor(t *testing.T) {
	for _, c := range []struct {
		spec, flavor, dsn string
		ok                bool
	}{
		{"postgres://u@h/db?sslmode=disable", Postgres, "postgres://u@h/db?sslmode=disable", true},
		{"postgresql://u:p@h:5433/db", Postgres, "postgresql://u:p@h:5433/db", true},
		{"cockroach://root@h:26257/db?sslmode=disable", Cockroach, "postgresql://root@h:26257/db?sslmode=disable", true},
		{"CockroachDB://root@h/db", Cockroach, "postgresql://root@h/db", true},
		{"newsgraph.db", "", "", false},
		{"memory", "", "", false},
		{"/tmp/postgres://x", "", "", false},
		{"mysql://u@h/db", "", "", false},
	} {
		flavor, dsn, ok := SQLFlavor(c.spec)
		if flavor != c.flavor || dsn != c.dsn || ok != c.ok {
			t.Errorf("SQLFlavor(%q) = %q, %q, %v; want %q, %q, %v", c.spec, flavor, dsn, ok, c.flavor, c.dsn, c.ok)
		}
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:secret@h/db": "postgres://u:xxxxx@h/db",
		"postgres://u@h/db":        "postgres://u@h/db",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAppName(t *testing.T) {
	host, _ := os.Hostname()
	for _, shard := range []string{"", "0/4", "3/4"} {
		name := appName(shard)
		got, pid, h, ok := parseAppName(name)
		want := shard
		if want == "" {
			want = "all"
		}
		if !ok || got != want || pid != os.Getpid() || !strings.HasPrefix(host, h) {
			t.Errorf("parseAppName(appName(%q) = %q) = %q, %d, %q, %v", shard, name, got, pid, h, ok)
		}
	}
	for _, bad := range []string{"", "psql", "newsgraph 1/4", "newsgraph 1/4 x@h", "other 1/4 12@h"} {
		if _, _, _, ok := parseAppName(bad); ok {
			t.Errorf("parseAppName(%q) accepted", bad)
		}
	}
	if lockKey("") != 0 || lockKey("1/4") == 0 || lockKey("1/4") == lockKey("2/4") || lockKey("1/4") < 0 {
		t.Errorf("lock keys: %d %d %d", lockKey(""), lockKey("1/4"), lockKey("2/4"))
	}
}

func FuzzParseAppName(f *testing.F) {
	f.Add("newsgraph 1/4 123@host")
	f.Add("newsgraph all 1@")
	f.Add("newsgraph a b@c@d")
	f.Fuzz(func(t *testing.T, s string) {
		shard, pid, host, ok := parseAppName(s)
		if !ok {
			return
		}
		if !strings.Contains(s, shard) || !strings.Contains(s, host) || !strings.HasPrefix(s, "newsgraph ") {
			t.Errorf("parseAppName(%q) = %q, %d, %q", s, shard, pid, host)
		}
	})
}

// TestSQLMatchesMemory puts, replaces and deletes documents in a
// PostgreSQL store and in memory, and compares everything they give.
func TestSQLMatchesMemory(t *testing.T) {
	spec := pgURL(t)
	ctx := context.Background()
	pg, mem := open(t, spec, Options{}), open(t, Memory, Options{})
	docs := append([]*nlp.Doc{kerryDoc(), crimeaDoc()}, synthDocs(12)...)
	docs[0].Hash = "sha256:1"
	queries := []string{
		`entity("Kerry").out(rel("meet")).out(name).all()`,
		`entity("Russia").out(rel("annex")).out(ng("name")).all()`,
		`facts("Russia", "annex", "Crimea").out(ng("evidence")).all()`,
		`g.V().has(ng("polarity"), "-").out(ng("evidence")).all()`,
		`g.emit(g.V().has(rdf("type"), ng("Document")).count())`,
		`g.V("Entity entity-7").in(name).out(ng("r/rel_3")).count()`,
	}
	odd := []quad.Quad{
		{Subject: quad.IRI("urn:x:a"), Predicate: quad.IRI("urn:x:lang"), Object: quad.LangString{Value: "Grüße\x00", Lang: "de"}, Label: quad.IRI("urn:x:g")},
		{Subject: quad.IRI("urn:x:a"), Predicate: quad.IRI("urn:x:int"), Object: quad.Int(-42)},
		{Subject: quad.IRI("urn:x:a"), Predicate: quad.IRI("urn:x:bool"), Object: quad.Bool(true)},
		{Subject: quad.IRI("urn:x:a"), Predicate: quad.IRI("urn:x:float"), Object: quad.Float(2.5)},
		{Subject: quad.BNode("b1"), Predicate: quad.IRI("urn:x:time"), Object: quad.Time(time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC))},
	}
	compare := func(step string) {
		t.Helper()
		if got, want := quadSetOf(t, pg), quadSetOf(t, mem); !mapsEqual(got, want) {
			t.Errorf("%s: %d quads in PostgreSQL, %d in memory", step, len(got), len(want))
			for q := range want {
				if !got[q] {
					t.Errorf("missing: %v", q)
				}
			}
		}
		for _, q := range queries {
			if got, want := results(t, pg, q, 0), results(t, mem, q, 0); !slices.Equal(got, want) {
				t.Errorf("%s: %s: %q on PostgreSQL, %q in memory", step, q, got, want)
			}
		}
		for _, st := range []*Store{pg, mem} {
			if _, err := st.Names(ctx); err != nil {
				t.Fatal(err)
			}
		}
		h1, err1 := pg.Hashes(ctx)
		h2, err2 := mem.Hashes(ctx)
		d1, err3 := pg.Documents(ctx)
		d2, err4 := mem.Documents(ctx)
		if err := errors.Join(err1, err2, err3, err4); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(h1) != fmt.Sprint(h2) || !slices.Equal(d1, d2) {
			t.Errorf("%s: hashes %v / %v, documents %q / %q", step, h1, h2, d1, d2)
		}
	}
	for _, st := range []*Store{pg, mem} {
		put(t, st, docs...)
		if err := st.AddQuads(ctx, odd); err != nil {
			t.Fatal(err)
		}
	}
	compare("put")
	if got := results(t, pg, `entity("Russia").out(rel("annex")).out(ng("name")).all()`, 0); !slices.Equal(got, []string{"Crimea"}) {
		t.Errorf("Russia annexed %q", got)
	}

	k2 := kerryDoc()
	k2.Entities = k2.Entities[:2]
	k2.Facts = k2.Facts[1:]
	run := Run{ID: "r1", Started: time.Unix(1e9, 0), Ended: time.Unix(1e9+5, 0), Status: "ok", Counts: map[string]int64{"documents": 3}}
	for _, st := range []*Store{pg, mem} {
		put(t, st, k2)
		if err := st.Delete(ctx, docs[3].ID, docs[4].ID); err != nil {
			t.Fatal(err)
		}
		if err := st.PutRun(ctx, run); err != nil {
			t.Fatal(err)
		}
	}
	compare("replace and delete")
	runs, err := pg.Runs(ctx)
	if err != nil || len(runs) != 1 || runs[0].ID != "r1" || runs[0].Counts["documents"] != 3 || !runs[0].Started.Equal(run.Started) {
		t.Errorf("runs %+v, %v", runs, err)
	}

	// Reopened read-only, the store has it all; writes are refused.
	ro := open(t, spec, Options{ReadOnly: true})
	if got, want := quadSetOf(t, ro), quadSetOf(t, mem); !mapsEqual(got, want) {
		t.Errorf("reopened: %d quads, want %d", len(got), len(want))
	}
	if _, err := ro.Put(ctx, kerryDoc()); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Put on a read-only store: %v", err)
	}
}

func TestSQLOpenErrors(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := Open(ctx, "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", Options{ReadOnly: true}); !errors.Is(err, ErrInUse) {
		t.Errorf("unreachable server: %v, want ErrInUse", err)
	}
	spec := pgURL(t)
	if _, err := Open(ctx, spec, Options{ReadOnly: true}); !errors.Is(err, ErrNotStore) || !strings.Contains(err.Error(), "init") {
		t.Errorf("read-only open of an empty database: %v, want ErrNotStore naming init", err)
	}
	for i, want := range []bool{true, false} {
		created, err := Init(ctx, spec, Options{})
		if err != nil || created != want {
			t.Errorf("Init #%d = %v, %v; want %v", i+1, created, err, want)
		}
	}
	st := open(t, spec, Options{ReadOnly: true})
	if n := len(quadSetOf(t, st)); n != 0 {
		t.Errorf("a new store has %d quads", n)
	}
}

// TestSQLWriterLock checks the per-shard writer locks on PostgreSQL.
func TestSQLWriterLock(t *testing.T) {
	spec := pgURL(t)
	ctx := context.Background()
	lock := func(st *Store, shard string) error { return st.LockWriter(ctx, shard) }
	a, b, c := open(t, spec, Options{}), open(t, spec, Options{}), open(t, spec, Options{})
	if err := lock(a, "1/4"); err != nil {
		t.Fatal(err)
	}
	var le *LockedError
	if err := lock(b, "1/4"); !errors.As(err, &le) {
		t.Fatalf("second writer of shard 1/4: %v, want a LockedError", err)
	} else if le.Holder.PID != os.Getpid() || !strings.Contains(le.Holder.Command, "1/4") || le.Holder.Started.IsZero() {
		t.Errorf("holder %+v, want this process on shard 1/4", le.Holder)
	}
	if err := lock(b, "2/4"); err != nil {
		t.Errorf("writer of another shard: %v", err)
	}
	if err := lock(c, ""); !errors.As(err, &le) {
		t.Errorf("whole-store writer while shards run: %v, want a LockedError", err)
	}
	if err := lock(a, "3/4"); err == nil {
		t.Error("a store took two writer locks")
	}
	a.Close()
	b.Close()
	if err := lock(c, ""); err != nil {
		t.Fatalf("whole-store writer after the shards closed: %v", err)
	}
	d := open(t, spec, Options{})
	if err := lock(d, "0/2"); !errors.As(err, &le) || le.Holder.PID != os.Getpid() {
		t.Errorf("shard writer while the whole store is locked: %v", err)
	}
	ro := open(t, spec, Options{ReadOnly: true})
	if err := lock(ro, "0/2"); !errors.Is(err, ErrReadOnly) {
		t.Errorf("read-only store: %v", err)
	}
	// Bolt and memory stores: nothing to do beyond Open's file lock.
	for _, s := range []string{Memory, t.TempDir() + "/g.db"} {
		if err := lock(open(t, s, Options{}), "1/4"); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
}

// TestLease checks the lease that stands in for advisory locks on
// CockroachDB, on PostgreSQL (same SQL).
func TestLease(t *testing.T) {
	spec := pgURL(t)
	ctx := context.Background()
	db, err := sql.Open("postgres", spec)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	l1, err := takeLease(ctx, db, "1/4")
	if err != nil {
		t.Fatal(err)
	}
	var le *LockedError
	if _, err := takeLease(ctx, db, "1/4"); !errors.As(err, &le) || le.Holder.PID != os.Getpid() {
		t.Fatalf("second lease of shard 1/4: %v, want a LockedError naming this process", err)
	}
	l2, err := takeLease(ctx, db, "2/4")
	if err != nil {
		t.Fatalf("lease of another shard: %v", err)
	}
	if _, err := takeLease(ctx, db, ""); !errors.As(err, &le) {
		t.Errorf("whole-store lease while shards run: %v", err)
	}
	if err := errors.Join(l1.release(), l2.release()); err != nil {
		t.Fatal(err)
	}
	all, err := takeLease(ctx, db, "")
	if err != nil {
		t.Fatalf("whole-store lease after release: %v", err)
	}
	if _, err := takeLease(ctx, db, "0/2"); !errors.As(err, &le) {
		t.Errorf("shard lease under a whole-store lease: %v", err)
	}
	// An expired lease is taken over.
	if _, err := db.Exec(`UPDATE newsgraph_leases SET expires = now() - interval '1 second'`); err != nil {
		t.Fatal(err)
	}
	l3, err := takeLease(ctx, db, "")
	if err != nil {
		t.Fatalf("taking over an expired lease: %v", err)
	}
	if err := errors.Join(l3.release(), all.release()); err != nil {
		t.Fatal(err)
	}
}
