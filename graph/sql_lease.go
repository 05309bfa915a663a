package graph

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"
)

// Leases stand in for advisory locks on CockroachDB, whose advisory-lock
// functions are no-ops: a row per holder in newsgraph_leases, renewed
// while the writer runs and taken over once it has expired (a writer that
// died without releasing it blocks its shard for at most leaseTTL).
const (
	leaseTTL   = 60 * time.Second
	leaseRenew = 15 * time.Second
	leaseTable = `CREATE TABLE IF NOT EXISTS newsgraph_leases (
	name TEXT PRIMARY KEY,
	holder TEXT NOT NULL,
	started TIMESTAMPTZ NOT NULL,
	expires TIMESTAMPTZ NOT NULL
)`
)

// leaseHolder is a writer's lease, renewed in the background until release.
type leaseHolder struct {
	db     *sql.DB
	name   string
	holder string
	stop   chan struct{}
	done   chan struct{}
}

// leaseName is the row of a shard's writer ("" is the whole store's).
func leaseName(shard string) string {
	if shard == "" {
		return "all"
	}
	return "shard " + shard
}

// takeLease takes the writer lease of shard without waiting: a writer of
// the whole store excludes every other writer, shard writers exclude the
// whole store's and their own shard's.
func takeLease(ctx context.Context, db *sql.DB, shard string) (*leaseHolder, error) {
	if _, err := db.ExecContext(ctx, leaseTable); err != nil {
		return nil, fmt.Errorf("creating the lease table: %w", err)
	}
	l := &leaseHolder{db: db, name: leaseName(shard),
		holder: appName(shard) + " " + strconv.FormatInt(time.Now().UnixNano(), 36),
		stop:   make(chan struct{}), done: make(chan struct{})}
	ttl := strconv.Itoa(int(leaseTTL/time.Second)) + " seconds"
	_, err := db.ExecContext(ctx, `INSERT INTO newsgraph_leases (name, holder, started, expires)
		VALUES ($1, $2, now(), now() + $3::INTERVAL)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, started = excluded.started, expires = excluded.expires
		WHERE newsgraph_leases.expires < now()`, l.name, l.holder, ttl)
	if err != nil {
		return nil, fmt.Errorf("taking the writer lease: %w", err)
	}
	// Ours, and no live lease that excludes it?
	other := `SELECT name, holder, started FROM newsgraph_leases WHERE expires >= now() AND holder <> $1 AND (name = $2 OR name = 'all'`
	if shard == "" {
		other += ` OR true`
	}
	other += `) LIMIT 1`
	var (
		name, holder string
		started      time.Time
	)
	err = db.QueryRowContext(ctx, other, l.holder, l.name).Scan(&name, &holder, &started)
	switch {
	case err == sql.ErrNoRows:
	case err != nil:
		l.delete()
		return nil, fmt.Errorf("checking the writer lease: %w", err)
	default:
		l.delete()
		e := &LockedError{Path: "lease " + name + " in newsgraph_leases"}
		e.Holder.Started = started.UTC().Truncate(time.Second)
		e.Holder.Command = holder
		if _, pid, host, ok := parseAppName(firstFields(holder, 3)); ok {
			e.Holder.PID, e.Holder.Host = pid, host
		}
		return nil, e
	}
	go l.renew(ttl)
	return l, nil
}

// firstFields returns the first n space-separated fields of s.
func firstFields(s string, n int) string {
	for i, c := range s {
		if c == ' ' {
			if n--; n == 0 {
				return s[:i]
			}
		}
	}
	return s
}

func (l *leaseHolder) renew(ttl string) {
	defer close(l.done)
	t := time.NewTicker(leaseRenew)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), leaseRenew)
			_, _ = l.db.ExecContext(ctx, `UPDATE newsgraph_leases SET expires = now() + $3::INTERVAL WHERE name = $1 AND holder = $2`, l.name, l.holder, ttl)
			cancel()
		}
	}
}

// delete removes the lease row if it is still ours.
func (l *leaseHolder) delete() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := l.db.ExecContext(ctx, `DELETE FROM newsgraph_leases WHERE name = $1 AND holder = $2`, l.name, l.holder); err != nil {
		return fmt.Errorf("releasing the writer lease: %w", err)
	}
	return nil
}

// release stops renewing the lease and deletes it.
func (l *leaseHolder) release() error {
	close(l.stop)
	<-l.done
	return l.delete()
}
