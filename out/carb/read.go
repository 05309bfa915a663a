package carb

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Extraction is one Open IE tuple of a sentence.
type Extraction struct {
	// Sentence is the sentence text as read; Evaluate groups by it and then
	// by its normalised key (see SentenceKey).
	Sentence string
	// Confidence orders predictions; gold extractions have 1.
	Confidence float64
	// Relation is the relation phrase.
	Relation string
	// Args are arg1, arg2 and any further arguments, in order.
	Args []string
}

// maxLine bounds one input line (CaRB's files have lines of a few KB).
const maxLine = 64 << 20

// isSpace reports whether r is whitespace for Python's str.split/str.strip,
// which CaRB uses: Unicode White_Space plus the separators U+001C–U+001F.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
}

func strip(s string) string { return strings.TrimFunc(s, isSpace) }

// words splits s on runs of whitespace, as Python's str.split() does.
func words(s string) []string { return strings.FieldsFunc(s, isSpace) }

// splitLines is a bufio.SplitFunc for Python's universal newlines:
// a line ends at "\n", "\r\n" or a lone "\r".
func splitLines(data []byte, atEOF bool) (int, []byte, error) {
	if atEOF && len(data) == 0 {
		return 0, nil, nil
	}
	if i := bytes.IndexAny(data, "\r\n"); i >= 0 {
		if data[i] == '\n' {
			return i + 1, data[:i], nil
		}
		if i+1 < len(data) {
			if data[i+1] == '\n' {
				return i + 2, data[:i], nil
			}
			return i + 1, data[:i], nil
		}
		if !atEOF {
			return 0, nil, nil // need to know whether "\n" follows
		}
		return i + 1, data[:i], nil
	}
	if atEOF {
		return len(data), data, nil
	}
	return 0, nil, nil
}

// eachLine calls fn with every line of r, numbered from 1.
func eachLine(r io.Reader, fn func(n int, line string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	sc.Split(splitLines)
	n := 0
	for sc.Scan() {
		n++
		if err := fn(n, sc.Text()); err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("after line %d: %w", n, err)
	}
	return nil
}

func parseConfidence(s string) (float64, error) {
	c, err := strconv.ParseFloat(strip(s), 64)
	if err != nil {
		return 0, fmt.Errorf("confidence: %w", err)
	}
	if math.IsNaN(c) {
		return 0, fmt.Errorf("confidence %q is not a number", s)
	}
	return c, nil
}

// ReadGold reads CaRB gold TSV (sentence \t relation \t arg1 \t arg2 \t ...),
// as CaRB's GoldReader does: fields are stripped, arguments containing "C: "
// are dropped, and every extraction gets confidence 1. Blank lines are
// skipped.
func ReadGold(r io.Reader) ([]Extraction, error) {
	var out []Extraction
	err := eachLine(r, func(_ int, line string) error {
		line = strip(line)
		if line == "" {
			return nil
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 {
			return fmt.Errorf("gold: want sentence and relation, got %d field", len(f))
		}
		ex := Extraction{Sentence: strip(f[0]), Confidence: 1, Relation: strip(f[1])}
		for _, a := range f[2:] {
			if strings.Contains(a, "C: ") {
				continue
			}
			ex.Args = append(ex.Args, strip(a))
		}
		out = append(out, ex)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read gold: %w", err)
	}
	return out, nil
}

// ReadTabbed reads system output in CaRB's tab format:
// sentence \t confidence \t relation \t arg1 \t arg2 ... (CaRB's TabReader).
// Lines are stripped of surrounding whitespace; blank lines are skipped.
func ReadTabbed(r io.Reader) ([]Extraction, error) {
	var out []Extraction
	err := eachLine(r, func(_ int, line string) error {
		line = strip(line)
		if line == "" {
			return nil
		}
		f := strings.Split(line, "\t")
		if len(f) < 3 {
			return fmt.Errorf("tabbed: want sentence, confidence and relation, got %d fields", len(f))
		}
		c, err := parseConfidence(f[1])
		if err != nil {
			return err
		}
		ex := Extraction{Sentence: f[0], Confidence: c, Relation: f[2]}
		if len(f) > 3 {
			ex.Args = f[3:]
		}
		out = append(out, ex)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read tabbed: %w", err)
	}
	return out, nil
}

// inner returns the text of an OpenIE 4/5 element such as
// "SimpleArgument(the house,List([33, 42)))": what lies between the first
// "(" and the first ",List(".
func inner(s string) (string, error) {
	i := strings.IndexByte(s, '(')
	j := strings.Index(s, ",List(")
	if i < 0 || j < 0 {
		return "", fmt.Errorf("openie5: element %q is not Kind(text,List(...))", s)
	}
	if j <= i {
		return "", nil // Python's s[i+1:j] with j < i+1
	}
	return s[i+1 : j], nil
}

// ReadOpenIE5 reads OpenIE 4/5's own output format (as in
// dev-openie5-output.txt), one extraction a line:
//
//	confidence \t context \t arg1 \t relation \t args \t sentence
//
// exactly as CaRB's OpenieFiveReader does: lines whose arg1, relation or
// args column is empty are skipped; each element's text is what lies between
// its first "(" and ",List(" (so Simple-, Spatial- and TemporalArgument are
// all plain arguments, in the order written); the args column is split on
// ");"; a non-empty Context(...) is prefixed to arg1 unless "arg1 relation"
// already starts with it. Blank lines are skipped. This column format has no
// "L:"/"T:" argument prefixes or "[attrib=…]" markers (those belong to
// OpenIE's plain-text output, which CaRB does not read); text inside an
// element is taken verbatim, as CaRB does.
func ReadOpenIE5(r io.Reader) ([]Extraction, error) {
	var out []Extraction
	err := eachLine(r, func(_ int, line string) error {
		line = strip(line)
		if line == "" {
			return nil
		}
		f := strings.Split(line, "\t")
		for _, c := range f[min(2, len(f)):min(5, len(f))] {
			if c == "" {
				return nil // CaRB skips these before it looks further
			}
		}
		if len(f) < 6 {
			return fmt.Errorf("openie5: want 6 fields, got %d", len(f))
		}
		arg1, err := inner(f[2])
		if err != nil {
			return err
		}
		rel, err := inner(f[3])
		if err != nil {
			return err
		}
		parts := strings.Split(strip(f[4]), ");")
		args := make([]string, 1, len(parts)+1)
		for _, p := range parts {
			a, err := inner(p)
			if err != nil {
				return err
			}
			args = append(args, a)
		}
		if f[1] != "" {
			ctx, err := inner(f[1])
			if err != nil {
				return err
			}
			if !strings.HasPrefix(arg1+" "+rel, ctx) {
				arg1 = ctx + " " + arg1
			}
		}
		args[0] = arg1
		c, err := parseConfidence(f[0])
		if err != nil {
			return err
		}
		out = append(out, Extraction{Sentence: f[5], Confidence: c, Relation: rel, Args: args})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read openie5: %w", err)
	}
	return out, nil
}

// WriteTabbed writes extractions in the tab format ReadTabbed reads, the
// confidence in the shortest form that reads back exactly. A field holding a
// tab or a line break cannot be written and is an error; so is a NaN
// confidence. As in CaRB, whitespace around a line (a leading space of the
// sentence, a trailing empty argument) does not survive reading back.
func WriteTabbed(w io.Writer, ex []Extraction) error {
	bw := bufio.NewWriter(w)
	var buf []byte
	for i, e := range ex {
		if math.IsNaN(e.Confidence) {
			return fmt.Errorf("write tabbed: extraction %d: confidence is NaN", i)
		}
		buf = buf[:0]
		buf = append(buf, e.Sentence...)
		buf = append(buf, '\t')
		buf = strconv.AppendFloat(buf, e.Confidence, 'g', -1, 64)
		buf = append(buf, '\t')
		buf = append(buf, e.Relation...)
		for _, a := range e.Args {
			buf = append(buf, '\t')
			buf = append(buf, a...)
		}
		if bytes.ContainsAny(buf, "\n\r") || strings.ContainsRune(e.Sentence, '\t') ||
			strings.ContainsRune(e.Relation, '\t') || anyTab(e.Args) {
			return fmt.Errorf("write tabbed: extraction %d: field holds a tab or line break", i)
		}
		buf = append(buf, '\n')
		if _, err := bw.Write(buf); err != nil {
			return fmt.Errorf("write tabbed: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write tabbed: %w", err)
	}
	return nil
}

func anyTab(ss []string) bool {
	for _, s := range ss {
		if strings.ContainsRune(s, '\t') {
			return true
		}
	}
	return false
}
