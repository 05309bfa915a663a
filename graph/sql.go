package graph

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/cayleygraph/cayley/graph"
	csql "github.com/cayleygraph/cayley/graph/sql"
	_ "github.com/cayleygraph/cayley/graph/sql/cockroach" // registers the "cockroach" flavour and the pgx driver
	_ "github.com/cayleygraph/cayley/graph/sql/postgres"  // registers the "postgres" flavour and the lib/pq driver
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	"github.com/jackc/pgx"
	"github.com/lib/pq"
)

// SQL flavours of cayley's SQL quad store that a store spec can name.
const (
	Postgres  = "postgres"  // postgres:// or postgresql:// URLs (lib/pq)
	Cockroach = "cockroach" // cockroach:// or cockroachdb:// URLs (pgx), same syntax as postgres://
)

// SQLFlavor returns cayley's SQL flavour of a store spec ("postgres" or
// "cockroach") and the URL its driver takes, or ok=false when the spec does
// not name a SQL store.
func SQLFlavor(spec string) (flavor, dsn string, ok bool) {
	scheme, rest, found := strings.Cut(spec, "://")
	if !found {
		return "", "", false
	}
	switch strings.ToLower(scheme) {
	case "postgres", "postgresql":
		return Postgres, spec, true
	case "cockroach", "cockroachdb":
		return Cockroach, "postgresql://" + rest, true
	}
	return "", "", false
}

// Redact returns spec without the password of its URL, for messages.
func Redact(spec string) string {
	u, err := url.Parse(spec)
	if err != nil {
		return spec
	}
	return u.Redacted()
}

// sqlOpenTimeout bounds connecting and checking a SQL store at Open.
const sqlOpenTimeout = 30 * time.Second

// sqlState is what a Store on a SQL database holds besides cayley's quad
// store: a small pool of its own (schema checks, batched value lookups,
// the writer lock) and the connection holding the writer lock.
type sqlState struct {
	flavor string
	db     *sql.DB
	lock   *sql.Conn    // holds the writer's advisory locks; nil when none
	lease  *leaseHolder // the writer's lease on CockroachDB; nil when none
}

// sqlDriver is the database/sql driver of a flavour (cayley's registrations).
func sqlDriver(flavor string) string {
	if flavor == Cockroach {
		return "pgx"
	}
	return "postgres"
}

// openSQL opens a SQL store for s, held open for the life of the Store
// (cayley's SQL quad store is a connection pool). A store opened for
// writing gets the schema if the database lacks it; one opened read-only
// fails with ErrNotStore instead.
func (s *Store) openSQL(ctx context.Context, flavor, dsn string, opt Options) (*Store, error) {
	s.spec = Redact(s.spec)
	db, err := sql.Open(sqlDriver(flavor), dsn)
	if err != nil {
		return nil, fmt.Errorf("opening store %s: %w", s.spec, err)
	}
	fail := func(err error) (*Store, error) {
		db.Close()
		return nil, err
	}
	cctx, cancel := context.WithTimeout(ctx, sqlOpenTimeout)
	defer cancel()
	if err := db.PingContext(cctx); err != nil {
		return fail(fmt.Errorf("store %s is unreachable: %v: %w", s.spec, err, ErrInUse))
	}
	has, err := hasSchema(cctx, db)
	if err != nil {
		return fail(fmt.Errorf("opening store %s: %w", s.spec, err))
	}
	if !has {
		if opt.ReadOnly {
			return fail(fmt.Errorf("store %s has no cayley schema (run newsgraph init --store URL): %w", s.spec, ErrNotStore))
		}
		if err := initSQL(cctx, db, flavor, dsn); err != nil {
			return fail(fmt.Errorf("creating store %s: %w", s.spec, err))
		}
	}
	// No limit on the pool: cayley's nested SQL iterators each hold a
	// connection while they are read, and a limit deadlocks deep queries.
	qs, err := csql.New(flavor, dsn, nil)
	if err != nil {
		return fail(fmt.Errorf("opening store %s: %w", s.spec, err))
	}
	s.mem = &sqlQuadStore{QuadStore: qs.(*csql.QuadStore), db: db}
	s.sql = &sqlState{flavor: flavor, db: db}
	return s, nil
}

// hasSchema reports whether the database has cayley's quads table.
func hasSchema(ctx context.Context, db *sql.DB) (bool, error) {
	var n int
	err := db.QueryRowContext(ctx,
		`SELECT count(*) FROM information_schema.tables WHERE table_name = 'quads' AND table_schema = current_schema()`).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("reading the schema: %w", err)
	}
	return n > 0, nil
}

// initSQL creates cayley's tables and indexes. Another process creating
// them at the same time is not an error.
func initSQL(ctx context.Context, db *sql.DB, flavor, dsn string) error {
	err := csql.Init(flavor, dsn, nil)
	if err == nil || errors.Is(err, graph.ErrDatabaseExists) {
		return nil
	}
	// A concurrent creation fails with a unique violation on the catalog:
	// what counts is whether the schema is there now.
	if has, herr := hasSchema(ctx, db); herr == nil && has {
		return nil
	}
	return err
}

// Init creates the store named by spec if it does not exist: cayley's
// schema in a SQL database, an empty bolt file, nothing for "memory". An
// existing store is left as it is (created=false).
func Init(ctx context.Context, spec string, opt Options) (created bool, err error) {
	if flavor, dsn, ok := SQLFlavor(spec); ok {
		db, err := sql.Open(sqlDriver(flavor), dsn)
		if err != nil {
			return false, fmt.Errorf("opening store %s: %w", Redact(spec), err)
		}
		defer db.Close()
		cctx, cancel := context.WithTimeout(ctx, sqlOpenTimeout)
		defer cancel()
		if err := db.PingContext(cctx); err != nil {
			return false, fmt.Errorf("store %s is unreachable: %v: %w", Redact(spec), err, ErrInUse)
		}
		has, err := hasSchema(cctx, db)
		if err != nil || has {
			return false, err
		}
		if err := initSQL(cctx, db, flavor, dsn); err != nil {
			return false, fmt.Errorf("creating store %s: %w", Redact(spec), err)
		}
		return true, nil
	}
	if spec != Memory {
		if _, exists, err := boltPath(spec, false); err != nil {
			return false, err
		} else if exists {
			return false, nil
		}
	}
	st, err := Open(ctx, spec, opt)
	if err != nil {
		return false, err
	}
	return spec != Memory, st.Close()
}

// close releases the writer lock and closes the pool; nil is harmless.
func (st *sqlState) close() error {
	if st == nil {
		return nil
	}
	var errs []error
	if st.lease != nil {
		errs = append(errs, st.lease.release())
		st.lease = nil
	}
	if st.lock != nil {
		// Unlock before hanging up: the server ends a dropped session
		// asynchronously, and the next writer must not find it holding on.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, _ = st.lock.ExecContext(ctx, `SELECT pg_advisory_unlock_all()`)
		cancel()
		errs = append(errs, discard(st.lock))
		st.lock = nil
	}
	errs = append(errs, st.db.Close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("closing the SQL store: %w", err)
	}
	return nil
}

// advisoryClass is the first key of newsgraph's advisory locks: "ng".
const advisoryClass = 0x6e67

// lockKey is the second key of the advisory lock of a shard; 0 is the
// whole store's.
func lockKey(shard string) int32 {
	if shard == "" {
		return 0
	}
	h := fnv.New32a()
	h.Write([]byte(shard))
	return int32(h.Sum32()&0x7fffffff) | 1
}

// appName is the application_name of a writer's lock connection, which
// names it in pg_stat_activity (PostgreSQL keeps 63 bytes).
func appName(shard string) string {
	if shard == "" {
		shard = "all"
	}
	host, _ := os.Hostname()
	name := fmt.Sprintf("newsgraph %s %d@%s", shard, os.Getpid(), host)
	if len(name) > 63 {
		name = name[:63]
	}
	return name
}

// parseAppName is the inverse of appName (ok=false for other names).
func parseAppName(name string) (shard string, pid int, host string, ok bool) {
	f := strings.Fields(name)
	if len(f) != 3 || f[0] != "newsgraph" {
		return "", 0, "", false
	}
	p, h, found := strings.Cut(f[2], "@")
	if !found {
		return "", 0, "", false
	}
	if _, err := fmt.Sscanf(p, "%d", &pid); err != nil {
		return "", 0, "", false
	}
	return f[1], pid, h, true
}

// LockWriter takes the writer lock of one shard of the store ("I/N"; ""
// for a writer of the whole store) until Close, without waiting. On a
// SQL store, writers of different shards may run at once; a writer of the
// whole store excludes every other writer; a second writer of the same
// shard fails with a *LockedError naming the holder (its pid, host and
// start). On a bolt store Open already took the file's one-writer lock
// whatever the shard, and on a memory store there is no other writer:
// LockWriter does nothing there.
func (s *Store) LockWriter(ctx context.Context, shard string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.writable(); err != nil {
		return err
	}
	if s.sql == nil {
		return nil
	}
	if s.sql.lock != nil || s.sql.lease != nil {
		return fmt.Errorf("store %s: the writer lock is already taken", s.spec)
	}
	if s.sql.flavor == Cockroach {
		// CockroachDB's advisory-lock functions are no-ops: a lease row.
		l, err := takeLease(ctx, s.sql.db, shard)
		if err != nil {
			return fmt.Errorf("store %s: %w", s.spec, err)
		}
		s.sql.lease = l
		return nil
	}
	conn, err := s.sql.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store %s: connecting for the writer lock: %w", s.spec, err)
	}
	if _, err := conn.ExecContext(ctx, `SELECT set_config('application_name', $1, false)`, appName(shard)); err != nil {
		discard(conn)
		return fmt.Errorf("store %s: naming the writer: %w", s.spec, err)
	}
	// Every writer holds the whole store's key, shared by shard writers
	// and exclusive for a writer of the whole store, then its shard's key.
	try := func(query string, key int32) error {
		var got bool
		if err := conn.QueryRowContext(ctx, query, int32(advisoryClass), key).Scan(&got); err != nil {
			return fmt.Errorf("store %s: taking the writer lock: %w", s.spec, err)
		}
		if got {
			return nil
		}
		e := &LockedError{Path: fmt.Sprintf("advisory lock (%d,%d) of %s", advisoryClass, key, s.spec)}
		e.Holder = advisoryHolder(ctx, conn, key)
		return e
	}
	err = try(`SELECT pg_try_advisory_lock_shared($1, $2)`, 0)
	if shard == "" {
		err = try(`SELECT pg_try_advisory_lock($1, $2)`, 0)
	} else if err == nil {
		err = try(`SELECT pg_try_advisory_lock($1, $2)`, lockKey(shard))
	}
	if err != nil {
		_, _ = conn.ExecContext(ctx, `SELECT pg_advisory_unlock_all()`)
		discard(conn) // ends the session too
		return err
	}
	s.sql.lock = conn
	return nil
}

// passKey is the second key of the advisory lock that serialises the
// end-of-run passes of concurrent writers ("pa").
const passKey = 0x7061

// passLock waits for the lock of the end-of-run passes on a PostgreSQL
// store and returns its release. Elsewhere there is nothing to wait for:
// a bolt file has one writer, and on CockroachDB (whose advisory locks do
// nothing) concurrent shards should run one last unsharded pass (see the
// README).
func (s *Store) passLock(ctx context.Context) (func(), error) {
	if s.sql == nil || s.sql.flavor != Postgres {
		return func() {}, nil
	}
	conn, err := s.sql.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("store %s: connecting for the passes lock: %w", s.spec, err)
	}
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1, $2)`, int32(advisoryClass), int32(passKey)); err != nil {
		discard(conn)
		return nil, fmt.Errorf("store %s: waiting for the passes lock: %w", s.spec, err)
	}
	return func() {
		_, _ = conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1, $2)`, int32(advisoryClass), int32(passKey))
		discard(conn)
	}, nil
}

// discard closes the session of conn instead of returning it to the pool,
// which releases its advisory locks and forgets its application_name.
func discard(conn *sql.Conn) error {
	_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	if err := conn.Close(); err != nil && !errors.Is(err, sql.ErrConnDone) {
		return err
	}
	return nil
}

// advisoryHolder names a session holding newsgraph's advisory lock key
// (key 0: any writer), from pg_stat_activity; zero when unknown.
func advisoryHolder(ctx context.Context, conn *sql.Conn, key int32) Holder {
	q := `SELECT a.application_name, a.backend_start, COALESCE(host(a.client_addr), '')
		FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
		WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objsubid = 2
		AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
		AND ($2 = 0 OR l.objid = $2) AND l.pid <> pg_backend_pid()
		ORDER BY l.mode DESC LIMIT 1`
	var (
		h       Holder
		name    string
		started time.Time
		addr    string
	)
	if err := conn.QueryRowContext(ctx, q, int64(advisoryClass), int64(key)).Scan(&name, &started, &addr); err != nil {
		return h
	}
	h.Started = started.UTC().Truncate(time.Second)
	h.Command = name
	h.Host = addr
	if _, pid, host, ok := parseAppName(name); ok {
		h.PID, h.Host = pid, host
	}
	return h
}

// sqlQuadStore is cayley's SQL quad store with batched value lookups (one
// query for many nodes instead of one each, which makes exports and
// Store.Quads usable over a network) and retried write transactions.
type sqlQuadStore struct {
	*csql.QuadStore
	db *sql.DB
}

var _ graph.BatchQuadStore = (*sqlQuadStore)(nil)

// retryable reports whether a failed transaction may be run again: a
// serialisation failure or a deadlock, which the server rolled back.
func retryable(err error) bool {
	var pe *pq.Error
	if errors.As(err, &pe) {
		return pe.Code == "40001" || pe.Code == "40P01"
	}
	var xe pgx.PgError
	if errors.As(err, &xe) {
		return xe.Code == "40001" || xe.Code == "40P01"
	}
	return false
}

// ApplyDeltas applies deltas in one transaction, running it again (a few
// times, after a pause) when the database aborted it for a deadlock or a
// serialisation failure with a concurrent writer.
func (q *sqlQuadStore) ApplyDeltas(in []graph.Delta, opts graph.IgnoreOpts) error {
	var err error
	for try := 0; try < 5; try++ {
		if try > 0 {
			time.Sleep(time.Duration(try*try) * 50 * time.Millisecond)
		}
		if err = q.QuadStore.ApplyDeltas(in, opts); !retryable(err) {
			return err
		}
	}
	return err
}

// sqlValueBatch is the number of nodes looked up per query.
const sqlValueBatch = 500

// ValuesOf returns the values of refs, looking them up sqlValueBatch at a
// time; an unknown ref gives nil.
func (q *sqlQuadStore) ValuesOf(ctx context.Context, refs []graph.Ref) ([]quad.Value, error) {
	out := make([]quad.Value, len(refs))
	at := make(map[graph.ValueHash][]int, min(len(refs), sqlValueBatch))
	var hashes []any
	flush := func() error {
		if len(hashes) == 0 {
			return nil
		}
		if err := q.lookup(ctx, hashes, at, out); err != nil {
			return err
		}
		hashes = hashes[:0]
		clear(at)
		return nil
	}
	for i, r := range refs {
		var h graph.ValueHash
		switch r := r.(type) {
		case nil:
			continue
		case csql.NodeHash:
			h = r.ValueHash
		case graph.ValueHash:
			h = r
		default:
			out[i] = q.NameOf(r)
			continue
		}
		if !h.Valid() {
			continue
		}
		if _, ok := at[h]; !ok {
			hashes = append(hashes, csql.NodeHash{ValueHash: h}.SQLValue())
		}
		at[h] = append(at[h], i)
		if len(hashes) == sqlValueBatch {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return out, nil
}

// lookup reads the nodes of hashes and puts their values in out at the
// positions at gives.
func (q *sqlQuadStore) lookup(ctx context.Context, hashes []any, at map[graph.ValueHash][]int, out []quad.Value) error {
	var b strings.Builder
	b.WriteString(`SELECT hash, value, value_string, datatype, language, iri, bnode, value_int, value_bool, value_float, value_time FROM nodes WHERE hash IN (`)
	for i := range hashes {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "$%d", i+1)
	}
	b.WriteByte(')')
	rows, err := q.db.QueryContext(ctx, b.String(), hashes...)
	if err != nil {
		return fmt.Errorf("reading nodes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			h      csql.NodeHash
			data   []byte
			str    sql.NullString
			typ    sql.NullString
			lang   sql.NullString
			iri    sql.NullBool
			bnode  sql.NullBool
			vint   sql.NullInt64
			vbool  sql.NullBool
			vfloat sql.NullFloat64
			vtime  csql.NullTime
		)
		if err := rows.Scan(&h, &data, &str, &typ, &lang, &iri, &bnode, &vint, &vbool, &vfloat, &vtime); err != nil {
			return fmt.Errorf("reading nodes: %w", err)
		}
		v, err := nodeValue(data, str, typ, lang, iri, bnode, vint, vbool, vfloat, vtime)
		if err != nil {
			return err
		}
		for _, i := range at[h.ValueHash] {
			out[i] = v
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading nodes: %w", err)
	}
	return nil
}

// nodeValue decodes a row of cayley's nodes table (the columns its SQL
// store writes for each kind of value).
func nodeValue(data []byte, str, typ, lang sql.NullString, iri, bnode sql.NullBool,
	vint sql.NullInt64, vbool sql.NullBool, vfloat sql.NullFloat64, vtime csql.NullTime) (quad.Value, error) {
	unescape := func(s string) quad.String { return quad.String(strings.ReplaceAll(s, `\x00`, "\x00")) }
	switch {
	case str.Valid && iri.Bool:
		return quad.IRI(str.String), nil
	case str.Valid && bnode.Bool:
		return quad.BNode(str.String), nil
	case str.Valid && lang.Valid:
		return quad.LangString{Value: unescape(str.String), Lang: lang.String}, nil
	case str.Valid && typ.Valid:
		return quad.TypedString{Value: unescape(str.String), Type: quad.IRI(typ.String)}, nil
	case str.Valid:
		return unescape(str.String), nil
	case vint.Valid:
		return quad.Int(vint.Int64), nil
	case vbool.Valid:
		return quad.Bool(vbool.Bool), nil
	case vfloat.Valid:
		return quad.Float(vfloat.Float64), nil
	case vtime.Valid:
		return quad.Time(vtime.Time.UTC()), nil
	}
	v, err := pquads.UnmarshalValue(data)
	if err != nil {
		return nil, fmt.Errorf("reading nodes: %w", err)
	}
	return v, nil
}

// RefsOf returns the refs of nodes (their hashes: the SQL store does not
// check that they exist).
func (q *sqlQuadStore) RefsOf(_ context.Context, nodes []quad.Value) ([]graph.Ref, error) {
	out := make([]graph.Ref, len(nodes))
	for i, n := range nodes {
		out[i] = q.ValueOf(n)
	}
	return out, nil
}

// cayleyStore returns the quad store to hand to cayley's query engines:
// the SQL store's own type rather than its wrapper, which its query
// shapes require.
func cayleyStore(qs graph.QuadStore) graph.QuadStore {
	if w, ok := qs.(*sqlQuadStore); ok {
		return w.QuadStore
	}
	return qs
}
