// Package server serves a newsgraph store over HTTP: Cayley's query API
// (the v1 and v2 query endpoints, for Gizmo, GraphQL and MQL), Cayley's
// v2 read endpoint, and /graph, a page drawing an entity's neighbourhood.
//
// The API is read-only: no write or delete endpoint exists. Every query is
// bounded by a time limit (a Gizmo script looping forever is interrupted
// and answered with an error) and a result limit. The store is never held
// open between requests: each request opens it for reading for its own
// duration (graph.Store.Query, graph.Store.View), so a batch run writing to
// the same bolt file takes turns with the server; a request that cannot
// get the store within the store's lock timeout gets 503 and a JSON error.
//
// Endpoints:
//
//	POST /api/v1/query/{lang}       body: the query; ?limit=N. Answer {"result": [...]} or {"error": "..."}
//	GET|POST /api/v2/query?lang=L   body (POST) or ?qu= (GET): the query; ?limit=N
//	GET|POST /api/v2/read           quads, filtered by ?sub= &pred= &obj= &label=, ?format=
//	GET /api/v2/formats             the quad formats
//	GET /graph                      the graph page (?name=NAME draws that entity)
//	GET /                           redirects to /graph
//
// Gizmo queries run with newsgraph's prelude (entity(), rel(), ng(), …;
// see graph.Store.Query), a superset of Cayley's Gizmo.
package server

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime"
	"time"

	"newsgraph/graph"
)

// Defaults of Options.
const (
	// DefaultQueryTimeout is the time limit of a query.
	DefaultQueryTimeout = 30 * time.Second
	// DefaultQueryLimit is the most results a query may return.
	DefaultQueryLimit = 10000
	// DefaultResults is the number of results of a query that asks for
	// none in particular (Cayley's default).
	DefaultResults = 100
)

// Options configure the handler. The zero value gives the defaults.
type Options struct {
	// QueryTimeout bounds each query (and each read); 0 is
	// DefaultQueryTimeout.
	QueryTimeout time.Duration
	// QueryLimit is the most results a query returns, whatever it asks
	// for; 0 is DefaultQueryLimit.
	QueryLimit int
	// MaxConcurrent is the most queries run at once; others wait for a
	// turn until their time limit. 0 is twice the number of CPUs.
	MaxConcurrent int
	// Log receives a line per request; nil logs nothing.
	Log *slog.Logger
}

//go:embed web
var webFS embed.FS

// server holds the handler's state.
type server struct {
	st    *graph.Store
	opt   Options
	log   *slog.Logger
	slots chan struct{} // one token per running query
	web   fs.FS
}

// New returns the HTTP handler serving st with opt. The handler never
// writes to st.
func New(st *graph.Store, opt Options) http.Handler {
	if opt.QueryTimeout <= 0 {
		opt.QueryTimeout = DefaultQueryTimeout
	}
	if opt.QueryLimit <= 0 {
		opt.QueryLimit = DefaultQueryLimit
	}
	if opt.MaxConcurrent <= 0 {
		opt.MaxConcurrent = 2 * runtime.GOMAXPROCS(0)
	}
	sub, err := fs.Sub(webFS, "web")
	if err != nil {
		panic(err) // the embedded folder exists: a build error
	}
	s := &server{st: st, opt: opt, log: opt.Log, slots: make(chan struct{}, opt.MaxConcurrent), web: sub}

	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v1/query/{lang}", s.queryV1)
	mux.HandleFunc("GET /api/v2/query", s.queryV2)
	mux.HandleFunc("POST /api/v2/query", s.queryV2)
	mux.HandleFunc("GET /api/v2/read", s.read)
	mux.HandleFunc("POST /api/v2/read", s.read)
	mux.HandleFunc("GET /api/v2/formats", s.formats)
	mux.HandleFunc("GET /graph", s.page)
	mux.HandleFunc("GET /graph/{file}", s.asset)
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/graph", http.StatusFound)
	})
	if s.log == nil {
		return mux
	}
	return s.logged(mux)
}

// statusWriter records the status of a response for the log.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

// Flush lets streamed responses through.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// logged logs a line per request.
func (s *server) logged(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.code,
				"duration", time.Since(start).Round(time.Microsecond), "remote", r.RemoteAddr)
		}()
		h.ServeHTTP(sw, r)
	})
}

// errBusy is the error of a query that found no free slot in time.
var errBusy = errors.New("the server is busy with other queries; retry shortly")

// acquire waits for a query slot until ctx ends; release gives it back.
func (s *server) acquire(ctx context.Context) (release func(), err error) {
	select {
	case s.slots <- struct{}{}:
		return func() { <-s.slots }, nil
	case <-ctx.Done():
		return nil, errBusy
	}
}

// queryContext returns the context of one query: the request's, ended
// after the time limit.
func (s *server) queryContext(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), s.opt.QueryTimeout)
}

// status returns the HTTP status and the message of a failed query: 503
// when the store was unavailable or the server busy, 400 otherwise (as
// Cayley answers every query error).
func (s *server) status(ctx context.Context, err error) (int, string) {
	switch {
	case errors.Is(err, graph.ErrInUse), errors.Is(err, graph.ErrClosed):
		return http.StatusServiceUnavailable, fmt.Sprintf("store unavailable (a writer is committing?), retry shortly: %v", err)
	case errors.Is(err, errBusy):
		return http.StatusServiceUnavailable, err.Error()
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return http.StatusBadRequest, fmt.Sprintf("query stopped: time limit of %v exceeded", s.opt.QueryTimeout)
	}
	return http.StatusBadRequest, err.Error()
}
