package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"newsgraph/graph"
	"newsgraph/graph/server"
)

// defaultAddr is where serve listens unless told otherwise: this machine
// only.
const defaultAddr = "127.0.0.1:64210"

// serveStoreWait is how long a request waits for the store while a writer
// (a batch run) commits, before it is answered 503.
const serveStoreWait = 5 * time.Second

func cmdServe(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "serve", "",
		"Serves the store read-only over HTTP: Cayley's query API (POST /api/v1/query/gizmo, /api/v2/query?lang=gizmo,\n"+
			"graphql or mql, /api/v2/read) and /graph, a page drawing an entity's neighbourhood. The store is opened\n"+
			"for each request only, so a batch run can write to it meanwhile; a request that cannot get the store within\n"+
			"--store-wait is answered 503. Prints the server's URL on stdout; stops on SIGINT or SIGTERM.")
	var (
		sf      storeFlags
		addr    = fs.String("addr", defaultAddr, "listen on `HOST:PORT` (another host than 127.0.0.1 exposes the graph to the network)")
		timeout = fs.Duration("query-timeout", server.DefaultQueryTimeout, "time limit of each query")
		limit   = fs.Int("limit", server.DefaultQueryLimit, "the most results a query returns")
		wait    = fs.Duration("store-wait", serveStoreWait, "how long a request waits for the store while a writer commits")
	)
	sf.register(fs)
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	switch {
	case len(pos) > 0:
		fmt.Fprintf(e.stderr, "newsgraph serve: unexpected argument %q\n", pos[0])
		fs.Usage()
		return exitUsage
	case *timeout <= 0:
		fmt.Fprintf(e.stderr, "newsgraph serve: --query-timeout must be positive, not %v\n", *timeout)
		return exitUsage
	case *limit <= 0:
		fmt.Fprintf(e.stderr, "newsgraph serve: --limit must be positive, not %d\n", *limit)
		return exitUsage
	case *wait < 0:
		fmt.Fprintf(e.stderr, "newsgraph serve: --store-wait must not be negative, not %v\n", *wait)
		return exitUsage
	}

	st, err := graph.Open(ctx, sf.store, graph.Options{Base: sf.base, ReadOnly: true, LockTimeout: *wait})
	if err != nil {
		fmt.Fprintf(e.stderr, "newsgraph: %v\n", err)
		return exitLocked
	}
	defer st.Close()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(e.stderr, "newsgraph serve: %v\n", err)
		return exitFailed
	}
	if host, _, err := net.SplitHostPort(ln.Addr().String()); err == nil {
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			e.log.Warn("serving beyond this machine: anyone who can reach the address can query the graph", "addr", ln.Addr().String())
		}
	}
	h := server.New(st, server.Options{QueryTimeout: *timeout, QueryLimit: *limit, Log: e.log})
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      *timeout + *wait + 30*time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintln(e.stdout, url)
	e.log.Info("serving", "store", sf.store, "url", url, "graph", url+"graph", "gizmo", url+"api/v1/query/gizmo",
		"query-timeout", *timeout, "limit", *limit)

	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintf(e.stderr, "newsgraph serve: %v\n", err)
		return exitFailed
	case <-ctx.Done():
	}
	e.log.Info("shutting down")
	// Running queries end within their time limit.
	sctx, cancel := context.WithTimeout(context.Background(), *timeout+*wait+time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		e.log.Warn("shutdown: closed the remaining connections", "error", err)
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(e.stderr, "newsgraph serve: %v\n", err)
		return exitFailed
	}
	return exitOK
}
