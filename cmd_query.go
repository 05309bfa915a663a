package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"newsgraph/graph"
	"newsgraph/out"
)

func cmdQuery(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "query", "'GIZMO' | -f FILE.js",
		"Runs a Gizmo query against the store and prints each result as one line of JSON on stdout.\n"+
			"The helpers entity(name), rel(lemma), ng(local) and the ng: namespace are predefined (see README).")
	var (
		sf    storeFlags
		limit = fs.Int("limit", 100, "at most this many results (0: no limit)")
		file  = fs.String("f", "", "read the query from `FILE` (- for stdin)")
	)
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
	err := st.Query(ctx, src, *limit, func(v any) error { return enc.Encode(v) })
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "newsgraph query: %v\n", err)
		return exitFailed
	}
	return exitOK
}

func cmdExport(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "export", "",
		"Writes the whole graph: N-Quads (W3C, sorted, one quad a line) or a TSV of facts with the header\n"+
			"doc, sent, subject, relation, object, polarity, confidence, evidence.")
	var (
		sf     storeFlags
		format = fs.String("format", "nquads", "nquads or tsv")
		output = fs.String("o", "", "write to `FILE` instead of stdout (written atomically)")
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
	default:
		fmt.Fprintf(e.stderr, "newsgraph export: --format must be nquads or tsv, not %q\n", *format)
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
