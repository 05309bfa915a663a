package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"newsgraph/graph"
)

func init() {
	// Keep typed literals as written ("0.85"^^xsd:double), not as Go
	// numbers that would be written back differently: a loaded graph must
	// export to the same bytes. Nothing else in the command parses N-Quads.
	nquads.AutoConvertTypedString = false
}

// loadBatch is the number of quads load hands to the store at a time (one
// transaction each).
const loadBatch = 10000

func cmdLoad(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "load", "FILE.nq|- ...",
		"Reads N-Quads (W3C; newsgraph's export or cayley's own, gzip accepted; - is stdin) and adds every\n"+
			"quad to the store as it is, in batches: a graph moves between stores. Quads already there are\n"+
			"skipped; a quad without label gets none. A parse error stops the load (batches already added stay).")
	var sf storeFlags
	sf.register(fs)
	files, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if len(files) == 0 {
		fmt.Fprintln(e.stderr, "newsgraph load: no FILE given (- reads stdin)")
		fs.Usage()
		return exitUsage
	}
	st, code := sf.open(ctx, e, false)
	if st == nil {
		return code
	}
	defer st.Close()
	total := 0
	for _, f := range files {
		n, err := loadFile(ctx, e, st, f)
		total += n
		if err != nil {
			fmt.Fprintf(e.stderr, "newsgraph load: %v (%d quads loaded)\n", err, total)
			if errors.Is(err, graph.ErrInUse) {
				return exitLocked
			}
			return exitFailed
		}
	}
	fmt.Fprintf(e.stderr, "newsgraph: loaded %d quads\n", total)
	return exitOK
}

// loadFile loads one file (or stdin for "-") and returns the number of
// quads read and added.
func loadFile(ctx context.Context, e *env, st *graph.Store, path string) (int, error) {
	var r io.Reader = e.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return 0, fmt.Errorf("loading: %w", err)
		}
		defer f.Close()
		r = f
	}
	n, err := readNQuads(r, loadBatch, func(qs []quad.Quad) error {
		return st.AddQuads(ctx, qs)
	})
	if err != nil {
		return n, fmt.Errorf("loading %s: %w", path, err)
	}
	return n, nil
}

// readNQuads parses N-Quads from r, gunzipping it when it starts with the
// gzip magic, and calls fn with batches of at most batch quads (the slice
// is reused: fn must not keep it). It returns the number of quads handed
// to fn. IRIs are unescaped (\uXXXX, \UXXXXXXXX), which cayley's parser
// leaves as they are.
func readNQuads(r io.Reader, batch int, fn func([]quad.Quad) error) (n int, err error) {
	br := bufio.NewReaderSize(r, 1<<16)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return 0, fmt.Errorf("reading gzip: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 1<<16)
	}
	// cayley's parser panics on a few inputs its grammar lets through.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("quad %d: invalid N-Quads: %v", n+1, p)
		}
	}()
	dec := nquads.NewReader(br, false)
	buf := make([]quad.Quad, 0, batch)
	for {
		q, err := dec.ReadQuad()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return n, fmt.Errorf("quad %d: %w", n+len(buf)+1, err)
		}
		if err := fixQuad(&q); err != nil {
			return n, fmt.Errorf("quad %d: %w", n+len(buf)+1, err)
		}
		buf = append(buf, q)
		if len(buf) == batch {
			if err := fn(buf); err != nil {
				return n, err
			}
			n += len(buf)
			buf = buf[:0]
		}
	}
	if len(buf) > 0 {
		if err := fn(buf); err != nil {
			return n, err
		}
		n += len(buf)
	}
	return n, nil
}

// fixQuad unescapes the IRIs of q (and of its literals' datatypes), and
// rejects values the parser gives for terms it does not understand.
func fixQuad(q *quad.Quad) error {
	for _, d := range quad.Directions {
		v := q.Get(d)
		switch t := v.(type) {
		case nil:
			continue
		case quad.IRI:
			s, err := unescapeIRI(string(t))
			if err != nil {
				return err
			}
			v = quad.IRI(s)
		case quad.TypedString:
			s, err := unescapeIRI(string(t.Type))
			if err != nil {
				return err
			}
			t.Type = quad.IRI(s)
			v = t
		case quad.String, quad.LangString, quad.BNode:
		default:
			return fmt.Errorf("unsupported term %v", v)
		}
		q.Set(d, v)
	}
	return nil
}

// unescapeIRI replaces the UCHAR escapes of an IRIREF (\uXXXX,
// \UXXXXXXXX) with their characters.
func unescapeIRI(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var sb strings.Builder
	sb.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			sb.WriteByte(s[i])
			continue
		}
		size := 0
		if i+1 < len(s) {
			switch s[i+1] {
			case 'u':
				size = 4
			case 'U':
				size = 8
			}
		}
		if size == 0 || i+2+size > len(s) {
			return "", fmt.Errorf("bad escape in IRI <%s>", s)
		}
		c, err := strconv.ParseUint(s[i+2:i+2+size], 16, 32)
		if err != nil || !utf8.ValidRune(rune(c)) {
			return "", fmt.Errorf("bad escape in IRI <%s>", s)
		}
		sb.WriteRune(rune(c))
		i += 1 + size
	}
	return sb.String(), nil
}
