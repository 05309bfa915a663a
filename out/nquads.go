// Package out exports the graph of a store: every quad as W3C N-Quads, or
// the facts (statement nodes) as a TSV table. Both outputs are
// deterministic: the same graph gives the same bytes, whatever the store
// kind or the order the documents were loaded in.
package out

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/quad"

	"newsgraph/graph"
)

// NQuads writes every quad of the store as N-Quads (W3C RDF 1.1), one per
// line, the lines sorted bytewise without duplicates, so the same graph
// gives the same bytes. The output is strict: characters IRIs may not hold
// are \u-escaped, literals escape \" \\ \n \r \t \b \f and other control
// characters (\u00XX), typed literals carry absolute datatype IRIs (cayley's
// short forms such as schema:Integer are expanded), invalid UTF-8 becomes
// U+FFFD. Run records (see graph.Run) are operational metadata, not
// knowledge, and are left out, so that the same corpus gives the same
// export however many runs it took. It returns the number of quads written.
func NQuads(ctx context.Context, w io.Writer, s *graph.Store) (int, error) {
	return writeNQuads(ctx, w, s, false)
}

// NQuadsWithRuns is NQuads with the run records.
func NQuadsWithRuns(ctx context.Context, w io.Writer, s *graph.Store) (int, error) {
	return writeNQuads(ctx, w, s, true)
}

func writeNQuads(ctx context.Context, w io.Writer, s *graph.Store, runs bool) (int, error) {
	var (
		buf  []byte
		ends []int
		sch  = s.Schema()
	)
	err := s.Quads(ctx, func(q quad.Quad) error {
		if !runs && sch.IsRunLabel(q.Label) {
			return nil
		}
		var err error
		if buf, err = AppendQuad(buf, q); err != nil {
			return err
		}
		ends = append(ends, len(buf))
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("exporting N-Quads: %w", err)
	}
	lines := make([][]byte, len(ends))
	start := 0
	for i, end := range ends {
		lines[i] = buf[start:end:end]
		start = end
	}
	slices.SortFunc(lines, bytes.Compare)
	lines = slices.CompactFunc(lines, bytes.Equal)
	bw := bufio.NewWriterSize(w, 1<<16)
	for _, l := range lines {
		if _, err := bw.Write(l); err != nil {
			return 0, fmt.Errorf("exporting N-Quads: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return 0, fmt.Errorf("exporting N-Quads: %w", err)
	}
	return len(lines), nil
}

// AppendQuad appends q as one N-Quads line (with its newline) to dst. A
// quad without label is written as a triple. It fails on a quad missing its
// subject, predicate or object.
func AppendQuad(dst []byte, q quad.Quad) ([]byte, error) {
	if q.Subject == nil || q.Predicate == nil || q.Object == nil {
		return dst, fmt.Errorf("incomplete quad %v", q)
	}
	for _, v := range [...]quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
		if v == nil {
			continue
		}
		dst = appendValue(dst, v)
		dst = append(dst, ' ')
	}
	return append(dst, '.', '\n'), nil
}

// appendValue appends the N-Quads term of v.
func appendValue(dst []byte, v quad.Value) []byte {
	switch v := v.(type) {
	case quad.IRI:
		return appendIRI(dst, string(v))
	case quad.BNode:
		return appendBNode(dst, string(v))
	case quad.String:
		return appendString(dst, string(v))
	case quad.LangString:
		dst = appendString(dst, string(v.Value))
		if validLang(v.Lang) {
			dst = append(dst, '@')
			dst = append(dst, v.Lang...)
		}
		return dst
	case quad.TypedString:
		dst = appendString(dst, string(v.Value))
		dst = append(dst, '^', '^')
		return appendIRI(dst, datatype(v.Type))
	case quad.TypedStringer:
		return appendValue(dst, v.TypedString())
	}
	return appendString(dst, quad.StringOf(v))
}

// datatype returns the absolute IRI of a literal's datatype, expanding
// namespaces registered with quad/voc, and xsd: (which voc does not know).
func datatype(t quad.IRI) string {
	s := string(t.Full())
	if rest, ok := strings.CutPrefix(s, "xsd:"); ok {
		return graph.XSD + rest
	}
	return s
}

const hexDigits = "0123456789ABCDEF"

// appendIRI appends <iri>, \u-escaping what IRIREF forbids.
func appendIRI(dst []byte, iri string) []byte {
	dst = append(dst, '<')
	for _, r := range iri { // invalid bytes come as U+FFFD
		switch {
		case r <= 0x20, r == '<', r == '>', r == '"', r == '{', r == '}', r == '|', r == '^', r == '`', r == '\\':
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[r>>4], hexDigits[r&15])
		default:
			dst = utf8.AppendRune(dst, r)
		}
	}
	return append(dst, '>')
}

// appendString appends a quoted literal with escapes.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for _, r := range s {
		switch r {
		case '"':
			dst = append(dst, '\\', '"')
		case '\\':
			dst = append(dst, '\\', '\\')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		default:
			if r < 0x20 || r == 0x7F {
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[r>>4], hexDigits[r&15])
			} else {
				dst = utf8.AppendRune(dst, r)
			}
		}
	}
	return append(dst, '"')
}

// appendBNode appends _:label; a label N-Quads would not accept as is is
// replaced by "x" and its hex encoding.
func appendBNode(dst []byte, label string) []byte {
	dst = append(dst, '_', ':')
	ok := label != ""
	for i := 0; ok && i < len(label); i++ {
		c := label[i]
		ok = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' && i > 0
	}
	if ok {
		return append(dst, label...)
	}
	dst = append(dst, 'x')
	return hex.AppendEncode(dst, []byte(label))
}

// validLang reports whether tag matches LANGTAG: [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*.
func validLang(tag string) bool {
	if tag == "" {
		return false
	}
	first, n := true, 0
	for i := 0; i < len(tag); i++ {
		c := tag[i]
		switch {
		case c == '-':
			if n == 0 {
				return false
			}
			first, n = false, 0
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || !first && '0' <= c && c <= '9':
			n++
		default:
			return false
		}
	}
	return n > 0
}
