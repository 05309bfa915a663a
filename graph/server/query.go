package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
	_ "github.com/cayleygraph/cayley/query/graphql" // registers GraphQL
	_ "github.com/cayleygraph/cayley/query/mql"     // registers MQL
	cayleyhttp "github.com/cayleygraph/cayley/server/http"
	_ "github.com/cayleygraph/quad/dot"     // the formats of /api/v2/read
	_ "github.com/cayleygraph/quad/gml"     // …
	_ "github.com/cayleygraph/quad/graphml" // …
	_ "github.com/cayleygraph/quad/json"    // …
	_ "github.com/cayleygraph/quad/jsonld"  // …
	_ "github.com/cayleygraph/quad/nquads"  // …
	_ "github.com/cayleygraph/quad/pquads"  // …
)

// maxQuerySize bounds the body of a query (Cayley's limit).
const maxQuerySize = 1 << 20

// readBatch is the number of quads /api/v2/read writes at a time.
const readBatch = 1000

// api is the version of Cayley's HTTP API a request uses: they differ in
// the details of their JSON.
type api int

const (
	v1 api = iota + 1
	v2
)

// writeError answers err in the JSON of version v.
func writeError(w http.ResponseWriter, v api, code int, msg string) {
	data, _ := json.Marshal(msg) // a string never fails
	h := w.Header()
	h.Set("Content-Type", "application/json")
	if code == http.StatusServiceUnavailable {
		h.Set("Retry-After", "1")
	}
	w.WriteHeader(code)
	if v == v1 {
		w.Write([]byte(`{"error" : `))
		w.Write(data)
		w.Write([]byte(`}`))
		return
	}
	w.Write([]byte(`{"error": `))
	w.Write(data)
	w.Write([]byte("}\n"))
}

// writeResults answers the results of a query in the JSON of version v:
// {"result": [...]} (null when there are none, as Cayley does).
func writeResults(w http.ResponseWriter, v api, res []any) {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(v == v1)
	_ = enc.Encode(struct {
		Result []any `json:"result"`
	}{res})
}

// readQuery reads the body of a query request, at most maxQuerySize bytes.
func readQuery(r *http.Request) (string, error) {
	lr := &io.LimitedReader{R: r.Body, N: maxQuerySize + 1}
	b, err := io.ReadAll(lr)
	if err != nil {
		return "", fmt.Errorf("reading the query: %w", err)
	}
	if len(b) > maxQuerySize {
		return "", fmt.Errorf("the query is larger than %d bytes", maxQuerySize)
	}
	return string(b), nil
}

// limit returns the result limit a request asks for with ?limit=: absent
// or 0 is DefaultResults, negative is as many as allowed; never more than
// the server's QueryLimit.
func (s *server) limit(r *http.Request) (int, error) {
	n := DefaultResults
	if v := r.URL.Query().Get("limit"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			return 0, fmt.Errorf("limit %q is not an integer", v)
		}
		switch {
		case n == 0:
			n = DefaultResults
		case n < 0:
			n = s.opt.QueryLimit
		}
	}
	return min(n, s.opt.QueryLimit), nil
}

// queryV1 serves POST /api/v1/query/{lang}, as Cayley's v1 API.
func (s *server) queryV1(w http.ResponseWriter, r *http.Request) {
	lang := r.PathValue("lang")
	if query.GetLanguage(lang) == nil {
		writeError(w, v1, http.StatusBadRequest, "Unknown query language.")
		return
	}
	src, err := readQuery(r)
	if err != nil {
		writeError(w, v1, http.StatusBadRequest, err.Error())
		return
	}
	s.serveQuery(w, r, v1, lang, src)
}

// queryV2 serves /api/v2/query?lang=L, as Cayley's v2 API: the query is
// the body of a POST or the parameter qu of a GET.
func (s *server) queryV2(w http.ResponseWriter, r *http.Request) {
	vals := r.URL.Query()
	lang := vals.Get("lang")
	switch {
	case lang == "":
		writeError(w, v2, http.StatusBadRequest, "query language not specified")
		return
	case query.GetLanguage(lang) == nil:
		writeError(w, v2, http.StatusBadRequest, "unknown query language")
		return
	}
	src := vals.Get("qu")
	if r.Method == http.MethodPost {
		var err error
		if src, err = readQuery(r); err != nil {
			writeError(w, v2, http.StatusBadRequest, err.Error())
			return
		}
	}
	if src == "" {
		writeError(w, v2, http.StatusBadRequest, "query is empty")
		return
	}
	s.serveQuery(w, r, v2, lang, src)
}

// serveQuery runs src in lang within the server's limits and answers it.
func (s *server) serveQuery(w http.ResponseWriter, r *http.Request, v api, lang, src string) {
	limit, err := s.limit(r)
	if err != nil {
		writeError(w, v, http.StatusBadRequest, err.Error())
		return
	}
	ctx, cancel := s.queryContext(r)
	defer cancel()
	release, err := s.acquire(ctx)
	if err != nil {
		code, msg := s.status(ctx, err)
		writeError(w, v, code, msg)
		return
	}
	defer release()

	l := query.GetLanguage(lang)
	if l.HTTPQuery != nil {
		// A language answering in its own format (GraphQL): buffered, so
		// that the store is not held open while the client reads.
		var buf bufferedResponse
		err := s.st.View(ctx, func(qs cgraph.QuadStore) error {
			l.HTTPQuery(ctx, qs, &buf, bytes.NewReader([]byte(src)))
			return nil
		})
		if err != nil {
			code, msg := s.status(ctx, err)
			writeError(w, v, code, msg)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(buf.status())
		w.Write(buf.Bytes())
		return
	}
	res, err := s.run(ctx, l, src, limit)
	if err != nil {
		code, msg := s.status(ctx, err)
		writeError(w, v, code, msg)
		return
	}
	writeResults(w, v, res)
}

// errNoHTTP is the error of a language without an HTTP interface.
var errNoHTTP = errors.New("HTTP interface is not supported for this query language")

// run runs a query of a language with an HTTP session and returns at most
// limit results. Gizmo runs through graph.Store.Query, which has the
// prelude and interrupts a script that runs past ctx.
func (s *server) run(ctx context.Context, l *query.Language, src string, limit int) ([]any, error) {
	var res []any
	if l.Name == gizmo.Name {
		err := s.st.Query(ctx, src, limit, func(v any) error {
			res = append(res, v)
			return nil
		})
		return res, err
	}
	if l.HTTP == nil {
		return nil, errNoHTTP
	}
	err := s.st.View(ctx, func(qs cgraph.QuadStore) error {
		it, err := l.HTTP(qs).Execute(ctx, src, query.Options{Collation: query.JSON, Limit: limit})
		if err != nil {
			return err
		}
		defer it.Close()
		for len(res) < limit && it.Next(ctx) {
			res = append(res, it.Result())
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		return it.Err()
	})
	return res, err
}

// bufferedResponse is a query.ResponseWriter in memory.
type bufferedResponse struct {
	bytes.Buffer
	code int
}

// WriteHeader records the status.
func (b *bufferedResponse) WriteHeader(code int) {
	if b.code == 0 {
		b.code = code
	}
}

func (b *bufferedResponse) status() int {
	if b.code == 0 {
		return http.StatusOK
	}
	return b.code
}

// errExpired is the write error of a response past its time limit.
var errExpired = errors.New("time limit exceeded")

// deadlineWriter fails writes once its context has ended, so that a
// streamed response stops at the time limit.
type deadlineWriter struct {
	http.ResponseWriter
	ctx     context.Context
	header  bool // the status was sent
	written bool
	expired bool
}

func (w *deadlineWriter) WriteHeader(code int) {
	w.header = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *deadlineWriter) Write(p []byte) (int, error) {
	if w.ctx.Err() != nil {
		w.expired = true
		return 0, errExpired
	}
	w.written = true
	return w.ResponseWriter.Write(p)
}

// read serves /api/v2/read with Cayley's handler, on the store opened for
// this request. A read that outlives the time limit is cut off: the
// connection is aborted, so the client sees an incomplete response rather
// than a short one.
func (s *server) read(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := s.queryContext(r)
	defer cancel()
	release, err := s.acquire(ctx)
	if err != nil {
		code, msg := s.status(ctx, err)
		writeError(w, v2, code, msg)
		return
	}
	defer release()
	dw := &deadlineWriter{ResponseWriter: w, ctx: ctx}
	err = s.st.View(ctx, func(qs cgraph.QuadStore) error {
		a := cayleyhttp.NewAPIv2(&cgraph.Handle{QuadStore: s.st.QueryStore(qs)})
		a.SetReadOnly(true)
		a.SetBatchSize(readBatch)
		a.ServeRead(dw, r)
		return nil
	})
	switch {
	case err != nil && !dw.header && !dw.written:
		code, msg := s.status(ctx, err)
		writeError(w, v2, code, msg)
	case dw.expired && (dw.header || dw.written):
		panic(http.ErrAbortHandler)
	case dw.expired:
		writeError(w, v2, http.StatusBadRequest, fmt.Sprintf("read stopped: time limit of %v exceeded", s.opt.QueryTimeout))
	}
}

// formats serves /api/v2/formats with Cayley's handler.
func (s *server) formats(w http.ResponseWriter, r *http.Request) {
	cayleyhttp.NewAPIv2(nil).ServeFormats(w, r)
}
