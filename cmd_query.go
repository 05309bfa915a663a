package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"newsgraph/graph"
	"newsgraph/out"
)

func cmdQuery(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "query", "'GIZMO' | -f FILE.js",
		"Runs a Gizmo query against the store and prints each result as one line of JSON on stdout.\n"+
			"The helpers entity(name), rel(lemma), ng(local) and the ng: namespace are predefined (see README);\n"+
			"--arg NAME=VALUE (repeatable) sets args.NAME, a string, in the query (queries/ has examples).")
	var (
		sf      storeFlags
		limit   = fs.Int("limit", 100, "at most this many results (0: no limit)")
		timeout = fs.Duration("timeout", 30*time.Second, "stop the query after this long (0: no limit)")
		file    = fs.String("f", "", "read the query from `FILE` (- for stdin)")
		qargs   = queryArgs{}
	)
	fs.Var(qargs, "arg", "set args.`NAME=VALUE` in the query (repeatable)")
	sf.register(fs)
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	var src string
	switch {
	case *file != "" && len(pos) == 0:
		var b []byte
		var err error
		if *file == "-" {
			b, err = io.ReadAll(e.stdin)
		} else {
			b, err = os.ReadFile(*file)
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "newsgraph query: %v\n", err)
			return exitUsage
		}
		src = string(b)
	case *file == "" && len(pos) == 1:
		src = pos[0]
	default:
		fmt.Fprintln(e.stderr, "newsgraph query: give one query, or -f FILE")
		fs.Usage()
		return exitUsage
	}
	if strings.TrimSpace(src) == "" {
		fmt.Fprintln(e.stderr, "newsgraph query: empty query")
		return exitUsage
	}

	st, code := sf.open(ctx, e, true)
	if st == nil {
		return code
	}
	defer st.Close()

	w := bufio.NewWriter(e.stdout)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if *timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *timeout)
		defer cancel()
	}
	err := st.QueryArgs(ctx, src, qargs, *limit, func(v any) error { return enc.Encode(v) })
	if errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("query stopped: time limit of %v exceeded", *timeout)
	}
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "newsgraph query: %v\n", err)
		return exitFailed
	}
	return exitOK
}

// queryArgs collects the --arg NAME=VALUE flags of query.
type queryArgs map[string]string

func (a queryArgs) String() string {
	var sb strings.Builder
	for i, k := range slices.Sorted(maps.Keys(a)) {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(k + "=" + a[k])
	}
	return sb.String()
}

// Set adds one NAME=VALUE; NAME must be a JS identifier, so that
// args.NAME works; a repeated NAME keeps its last value.
func (a queryArgs) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok {
		return fmt.Errorf("%q is not NAME=VALUE", s)
	}
	if !isIdent(k) {
		return fmt.Errorf("argument name %q is not an identifier (letters, digits, _ or $, not first a digit)", k)
	}
	a[k] = v
	return nil
}

// isIdent reports whether s is an ASCII JS identifier.
func isIdent(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == '$' || i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return s != ""
}

func cmdExport(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "export", "",
		"Writes the whole graph: N-Quads (W3C, sorted, one quad a line) or a TSV of facts with the header\n"+
			"doc, sent, subject, relation, object, polarity, confidence, evidence; or draws the fact edges\n"+
			"between entities and terms as Graphviz DOT (--format dot), all of them or a neighbourhood\n"+
			"(--around NAME --depth N): newsgraph export --format dot --around \"Sergei Lavrov\" | dot -Tsvg")
	var (
		sf     storeFlags
		format = fs.String("format", "nquads", "nquads, tsv or dot")
		output = fs.String("o", "", "write to `FILE` instead of stdout (written atomically)")
		around = fs.String("around", "", "dot: draw the neighbourhood of the entity or term with this `NAME` or alias")
		depth  = fs.Int("depth", out.DefaultDepth, "dot: with --around, the neighbourhood's depth in fact edges")
	)
	sf.register(fs)
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "newsgraph export: unexpected argument %q\n", pos[0])
		fs.Usage()
		return exitUsage
	}
	var exp func(context.Context, io.Writer, *graph.Store) (int, error)
	switch *format {
	case "nquads", "nq":
		exp = out.NQuads
	case "tsv":
		exp = out.TSV
	case "dot":
		if *depth < 1 {
			fmt.Fprintf(e.stderr, "newsgraph export: --depth must be at least 1, not %d\n", *depth)
			return exitUsage
		}
		opt := out.DOTOptions{Around: *around, Depth: *depth}
		exp = func(ctx context.Context, w io.Writer, st *graph.Store) (int, error) { return out.DOT(ctx, w, st, opt) }
	default:
		fmt.Fprintf(e.stderr, "newsgraph export: --format must be nquads, tsv or dot, not %q\n", *format)
		return exitUsage
	}
	if *format != "dot" && (*around != "" || *depth != out.DefaultDepth) {
		fmt.Fprintln(e.stderr, "newsgraph export: --around and --depth are for --format dot")
		return exitUsage
	}
	st, code := sf.open(ctx, e, true)
	if st == nil {
		return code
	}
	defer st.Close()
	write := func(w io.Writer) error { _, err := exp(ctx, w, st); return err }

	var err error
	if *output == "" {
		w := bufio.NewWriterSize(e.stdout, 1<<16)
		err = write(w)
		if ferr := w.Flush(); err == nil {
			err = ferr
		}
	} else {
		err = writeAtomic(*output, func(f *os.File) error {
			w := bufio.NewWriterSize(f, 1<<16)
			if err := write(w); err != nil {
				return err
			}
			return w.Flush()
		})
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "newsgraph export: %v\n", err)
		return exitFailed
	}
	return exitOK
}
