package corpus

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// DefaultMaxDocBytes is the document size limit used when Options.MaxDocBytes is 0.
const DefaultMaxDocBytes = 32 << 20

// Options bound what a reader accepts.
type Options struct {
	MaxDocBytes int64 // documents larger than this fail with a clear error (default 32 MiB when 0)
}

func (o Options) maxBytes() int64 {
	if o.MaxDocBytes <= 0 {
		return DefaultMaxDocBytes
	}
	return o.MaxDocBytes
}

// format is how a file's bytes become documents.
type format int

const (
	formatText format = iota
	formatHTML
	formatJSONL
)

// classify tells a file's format from its name: whether it is gzipped, its
// document id (the name without its extensions) and whether the extension is
// one the readers know. Unknown extensions are read as text.
func classify(name string) (f format, gz bool, id string, known bool) {
	base := name
	if len(base) > 3 && strings.EqualFold(base[len(base)-3:], ".gz") {
		gz = true
		base = base[:len(base)-3]
	}
	ext := filepath.Ext(base)
	id = base[:len(base)-len(ext)]
	if id == "" { // ".txt": a name that is all extension
		id = base
	}
	switch strings.ToLower(ext) {
	case ".txt":
		return formatText, gz, id, true
	case ".html", ".htm":
		return formatHTML, gz, id, true
	case ".jsonl":
		return formatJSONL, gz, id, true
	}
	return formatText, gz, id, false
}

// Read walks paths (files or folders, recursed in lexical order, hidden files skipped) and calls fn for every
// document in a deterministic order; path "-" reads JSONL from stdin (the stdin argument).
// A document that can't be read is passed to fn with Err set (and ID/Source filled in as far as known);
// Read itself returns an error only for fatal problems (a PATH that does not exist, fn's error, ctx cancelled).
//
// Files are read by extension: .txt (the whole file is the text), .html and
// .htm (text extracted, title from <title>), .jsonl (one JSON object a line
// with "id", "text" and optional "title", "date", "url") and .gz of any of
// these. In folders, other files are skipped; a file named explicitly with an
// unknown extension is read as text.
func Read(ctx context.Context, paths []string, stdin io.Reader, opt Options, fn func(Doc) error) error {
	if fn == nil {
		return errors.New("corpus: Read needs a callback")
	}
	r := &reader{ctx: ctx, max: opt.maxBytes(), fn: fn}
	// A PATH that does not exist is a usage error, found before any
	// document is read; one that vanishes during the run (a scraper
	// rotating its files) is a failed document, and the batch goes on.
	for _, p := range paths {
		if p == "-" {
			continue
		}
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("corpus: %w", err)
		}
	}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("corpus: %w", err)
		}
		if p == "-" {
			if stdin == nil {
				return errors.New("corpus: path \"-\" given but no stdin reader")
			}
			if err := r.jsonl(stdin, "-", ""); err != nil {
				return err
			}
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			_, _, id, _ := classify(filepath.Base(p))
			if err := r.fail(id, p, fmt.Errorf("%s: %w", p, unwrapPath(err))); err != nil {
				return err
			}
			continue
		}
		if info.IsDir() {
			err = r.dir(p)
		} else {
			err = r.file(p, info)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// reader carries what every document read needs.
type reader struct {
	ctx context.Context
	max int64
	fn  func(Doc) error
	buf []byte // JSONL line buffer, reused across files
}

// fatal marks an error that must stop Read (fn's error, cancellation).
type fatal struct{ err error }

func (f fatal) Error() string { return f.err.Error() }
func (f fatal) Unwrap() error { return f.err }

// emit hands d to the callback; its error is fatal.
func (r *reader) emit(d Doc) error {
	if err := r.fn(d); err != nil {
		return fatal{fmt.Errorf("corpus: %s: %w", d.Source, err)}
	}
	return nil
}

// fail emits a document that could not be read.
func (r *reader) fail(id, source string, err error) error {
	return r.emit(Doc{ID: id, Source: source, Err: err})
}

// dir reads every known file under root in lexical order, skipping hidden
// files and folders.
func (r *reader) dir(root string) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if cerr := r.ctx.Err(); cerr != nil {
			return fmt.Errorf("corpus: %w", cerr)
		}
		if err != nil {
			if path == root {
				return fmt.Errorf("corpus: %w", err)
			}
			_, _, id, _ := classify(filepath.Base(path))
			if ferr := r.fail(id, path, fmt.Errorf("%s: %w", path, unwrapPath(err))); ferr != nil {
				return ferr
			}
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if path != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if _, _, _, known := classify(d.Name()); !known {
			return nil
		}
		info, err := os.Stat(path) // follows symlinks
		if err != nil {
			_, _, id, _ := classify(d.Name())
			return r.fail(id, path, fmt.Errorf("%s: %w", path, unwrapPath(err)))
		}
		if !info.Mode().IsRegular() {
			return nil // folders behind symlinks, pipes, devices
		}
		return r.file(path, info)
	})
}

// unwrapPath drops the path from an *fs.PathError, which the caller names itself.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// file reads the documents of one file.
func (r *reader) file(path string, info fs.FileInfo) error {
	f, gz, id, _ := classify(filepath.Base(path))
	fh, err := os.Open(path)
	if err != nil {
		return r.fail(id, path, fmt.Errorf("%s: %w", path, unwrapPath(err)))
	}
	defer fh.Close()

	var in io.Reader = fh
	if gz {
		zr, err := gzip.NewReader(bufio.NewReader(fh))
		if err != nil {
			return r.fail(id, path, fmt.Errorf("%s: not a valid gzip file: %w", path, err))
		}
		defer zr.Close()
		in = zr
	} else if f != formatJSONL && info.Size() > r.max {
		return r.fail(id, path, fmt.Errorf("%s: document of %d bytes is larger than MaxDocBytes (%d)", path, info.Size(), r.max))
	}

	if f == formatJSONL {
		return r.jsonl(in, path, id)
	}
	var b bytes.Buffer
	if !gz {
		b.Grow(int(info.Size()) + 1)
	}
	n, err := b.ReadFrom(io.LimitReader(in, r.max+1))
	if err != nil {
		return r.fail(id, path, fmt.Errorf("%s: read: %w", path, err))
	}
	if n > r.max {
		return r.fail(id, path, fmt.Errorf("%s: document is larger than MaxDocBytes (%d)", path, r.max))
	}
	d := Doc{ID: id, Source: path}
	d.Text, d.Title, d.Err = decode(b.Bytes(), f == formatHTML)
	if d.Err != nil {
		d.Text, d.Title = "", ""
		d.Err = fmt.Errorf("%s: %w", path, d.Err)
	} else if f == formatText {
		d.Title = Title(d.Text)
	}
	return r.emit(d)
}

// decode validates raw document bytes and turns them into normalised text;
// for HTML it extracts the text and the title.
func decode(data []byte, isHTML bool) (text, title string, err error) {
	if err := checkBinary(data); err != nil {
		return "", "", err
	}
	if !utf8.Valid(data) {
		return "", "", fmt.Errorf("invalid UTF-8 at byte %d", invalidAt(data))
	}
	text = Normalize(string(data))
	if isHTML {
		text, title = htmlText(text)
		text, title = Normalize(text), Normalize(title) // decoded entities
	}
	if strings.TrimSpace(text) == "" {
		return "", "", errors.New("empty document")
	}
	return text, title, nil
}

// checkBinary rejects data with NUL bytes or mostly control characters.
func checkBinary(data []byte) error {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return fmt.Errorf("binary content (NUL byte at %d)", i)
	}
	sample := data
	if len(sample) > 8<<10 {
		sample = sample[:8<<10]
	}
	ctl := 0
	for _, c := range sample {
		if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v') || c == 0x7f {
			ctl++
		}
	}
	if ctl > 0 && ctl*10 > len(sample) {
		return fmt.Errorf("binary content (%d control bytes in the first %d)", ctl, len(sample))
	}
	return nil
}

// invalidAt returns the offset of the first invalid UTF-8 sequence in b.
func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}
