package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// record is one JSONL line.
type record struct {
	ID    json.RawMessage `json:"id"`
	Text  *string         `json:"text"`
	Title string          `json:"title"`
	Date  string          `json:"date"`
	URL   string          `json:"url"`
}

// jsonl reads one JSON document a line from in. name is the file name used in
// Source ("name:LINE"); fileID names a read failure that is not tied to a line.
// Blank lines are skipped. A bad line yields a Doc with Err and the rest of
// the stream goes on; a read error (a truncated gzip stream) ends the file
// with one more failed Doc.
func (r *reader) jsonl(in io.Reader, name, fileID string) error {
	br := bufio.NewReaderSize(in, 64<<10)
	for line := 1; ; line++ {
		if err := r.ctx.Err(); err != nil {
			return fmt.Errorf("corpus: %w", err)
		}
		buf, over, err := readLine(br, r.buf[:0], r.max)
		r.buf = buf[:0]
		if err == io.EOF && len(buf) == 0 && !over {
			return nil
		}
		src := name + ":" + strconv.Itoa(line)
		if err != nil && err != io.EOF {
			// The partial line is dropped: it cannot be trusted.
			return r.fail(fileID, src, fmt.Errorf("%s: read: %w", src, err))
		}
		var ferr error
		switch {
		case over:
			ferr = r.fail("", src, fmt.Errorf("%s: line is larger than MaxDocBytes (%d)", src, r.max))
		case len(bytes.TrimSpace(buf)) > 0:
			ferr = r.emit(parseLine(buf, src))
		}
		if ferr != nil {
			return ferr
		}
		if err == io.EOF {
			return nil
		}
	}
}

// readLine appends the next line of br (without its line ending) to buf. A
// line longer than max is read to its end but not kept: over reports it. The
// error is io.EOF after the last line, or the reader's error.
func readLine(br *bufio.Reader, buf []byte, max int64) (line []byte, over bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !over {
			if int64(len(buf)+len(chunk)) > max+2 { // room for "\r\n"
				over = true
				buf = buf[:0]
			} else {
				buf = append(buf, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		buf = bytes.TrimSuffix(buf, []byte("\n"))
		buf = bytes.TrimSuffix(buf, []byte("\r"))
		if !over && int64(len(buf)) > max {
			over = true
			buf = buf[:0]
		}
		return buf, over, err
	}
}

// parseLine decodes one JSONL line into a Doc, setting Err for a bad line.
func parseLine(line []byte, src string) Doc {
	d := Doc{Source: src}
	bad := func(format string, args ...any) Doc {
		d.Err = fmt.Errorf("%s: "+format, append([]any{src}, args...)...)
		d.Text, d.Title, d.Date, d.URL = "", "", "", ""
		return d
	}
	if !utf8.Valid(line) {
		return bad("invalid UTF-8 at byte %d", invalidAt(line))
	}
	var rec record
	if err := json.Unmarshal(line, &rec); err != nil {
		return bad("bad JSON: %w", err)
	}
	id, err := parseID(rec.ID)
	if err != nil {
		return bad("%w", err)
	}
	d.ID = id
	if rec.Text == nil {
		return bad("missing \"text\"")
	}
	if err := checkBinary([]byte(*rec.Text)); err != nil {
		return bad("%w", err)
	}
	d.Text = Normalize(*rec.Text)
	if strings.TrimSpace(d.Text) == "" {
		return bad("empty text")
	}
	d.Title = strings.TrimSpace(Normalize(rec.Title))
	d.Date = strings.TrimSpace(Normalize(rec.Date))
	d.URL = strings.TrimSpace(Normalize(rec.URL))
	return d
}

// parseID accepts a JSON string or number as a document id.
func parseID(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", errors.New("missing \"id\"")
	}
	var id string
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &id); err != nil {
			return "", fmt.Errorf("bad \"id\": %w", err)
		}
	} else {
		var n json.Number
		if err := json.Unmarshal(raw, &n); err != nil {
			return "", fmt.Errorf("\"id\" must be a string or a number, not %.20s", raw)
		}
		id = n.String()
	}
	id = strings.TrimSpace(Normalize(id))
	if id == "" {
		return "", errors.New("empty \"id\"")
	}
	if strings.ContainsAny(id, "\n\t") {
		return "", fmt.Errorf("\"id\" %q contains a line break or tab", id)
	}
	return id, nil
}
