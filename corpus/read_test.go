package corpus

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// want describes one expected document: an empty Err means success, else a
// substring of the error.
type want struct {
	ID, Source, Title string
	Text              string // substring of the text
	NotText           string // must not occur in the text
	Err               string
}

func gz(t testing.TB, data string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write([]byte(data)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func readAll(t *testing.T, paths []string, stdin string, opt Options) []Doc {
	t.Helper()
	var docs []Doc
	err := Read(context.Background(), paths, strings.NewReader(stdin), opt, func(d Doc) error {
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return docs
}

func TestRead(t *testing.T) {
	long := strings.Repeat("The council approved the plan. ", 2<<20/31) // about 2 MB
	trunc := gz(t, `{"id":"j1","text":"First story."}`+"\n"+`{"id":"j2","text":"Second story."}`+"\n"+strings.Repeat(`{"id":"jx","text":"More."}`+"\n", 2000))
	trunc = trunc[:len(trunc)/2]

	tests := []struct {
		name  string
		files map[string][]byte
		paths []string // relative to the test folder; "." is the folder
		opt   Options
		want  []want
	}{
		{
			name:  "txt",
			files: map[string][]byte{"000_4224e352ccf6b488.txt": []byte("\ufeffMayor unveils tram plan\r\n\r\nThe council approved it.\r\n")},
			paths: []string{"."},
			want: []want{{
				ID: "000_4224e352ccf6b488", Source: "000_4224e352ccf6b488.txt", Title: "Mayor unveils tram plan",
				Text: "Mayor unveils tram plan\n\nThe council approved it.", NotText: "\r",
			}},
		},
		{
			name: "html",
			files: map[string][]byte{"page.html": []byte(`<!doctype html><html><head><title> Tram &amp; bus plan </title>
<style>p{color:red}</style><script>var x = "secret script";</script></head>
<body><nav>Home | News</nav><header>Site header</header>
<article><h1>Tram plan</h1><p>The council&#8217;s plan costs &pound;5m &amp; more.</p><p>Work   starts
in May.<br>Then June.</p></article><aside>Most read</aside><footer>© Example</footer></body></html>`)},
			paths: []string{"page.html"},
			want: []want{{
				ID: "page", Source: "page.html", Title: "Tram & bus plan",
				Text: "Tram plan\n\nThe council’s plan costs £5m & more.\n\nWork starts in May.\nThen June.", NotText: "secret",
			}},
		},
		{
			name: "jsonl",
			files: map[string][]byte{"batch.jsonl": []byte(`{"id":"a1","text":"First story.","title":"One","date":"2014-03-30","url":"http://x/1"}
{"id": "a2", "text": "Second
{"text":"No id here."}

{"id":"a4","text":"` + long + `"}
{"id":7,"text":"Numeric id."}
{"id":"a6","text":"   "}
`)},
			paths: []string{"batch.jsonl"},
			want: []want{
				{ID: "a1", Source: "batch.jsonl:1", Title: "One", Text: "First story."},
				{Source: "batch.jsonl:2", Err: "batch.jsonl:2: bad JSON"},
				{Source: "batch.jsonl:3", Err: `batch.jsonl:3: missing "id"`},
				{ID: "a4", Source: "batch.jsonl:5", Text: "The council approved the plan."},
				{ID: "7", Source: "batch.jsonl:6", Text: "Numeric id."},
				{ID: "a6", Source: "batch.jsonl:7", Err: "batch.jsonl:7: empty text"},
			},
		},
		{
			name: "line larger than MaxDocBytes",
			files: map[string][]byte{"big.jsonl": []byte(`{"id":"b1","text":"` + long + `"}` + "\n" +
				`{"id":"b2","text":"Small one."}` + "\n")},
			paths: []string{"big.jsonl"},
			opt:   Options{MaxDocBytes: 1 << 20},
			want: []want{
				{Source: "big.jsonl:1", Err: "larger than MaxDocBytes"},
				{ID: "b2", Source: "big.jsonl:2", Text: "Small one."},
			},
		},
		{
			name:  "file larger than MaxDocBytes",
			files: map[string][]byte{"big.txt": []byte(long), "big2.txt.gz": gz(t, long)},
			paths: []string{"."},
			opt:   Options{MaxDocBytes: 1 << 20},
			want: []want{
				{ID: "big", Source: "big.txt", Err: "larger than MaxDocBytes"},
				{ID: "big2", Source: "big2.txt.gz", Err: "larger than MaxDocBytes"},
			},
		},
		{
			name: "gzip",
			files: map[string][]byte{
				"a.txt.gz":   gz(t, "Plain story in gzip."),
				"b.html.gz":  gz(t, "<p>HTML story in gzip.</p>"),
				"c.jsonl.gz": gz(t, `{"id":"c1","text":"JSONL story in gzip."}`),
			},
			paths: []string{"."},
			want: []want{
				{ID: "a", Source: "a.txt.gz", Text: "Plain story in gzip."},
				{ID: "b", Source: "b.html.gz", Text: "HTML story in gzip."},
				{ID: "c1", Source: "c.jsonl.gz:1", Text: "JSONL story in gzip."},
			},
		},
		{
			name:  "truncated gzip keeps what was read",
			files: map[string][]byte{"t.jsonl.gz": trunc, "u.txt.gz": gz(t, long)[:500], "v.txt.gz": []byte("not gzip")},
			paths: []string{"."},
			want: func() []want {
				w := []want{{ID: "j1", Source: "t.jsonl.gz:1"}, {ID: "j2", Source: "t.jsonl.gz:2"}}
				// the "jx" lines that fit in the first half, then the error
				return append(w, want{ID: "t", Err: "unexpected EOF"}, want{ID: "u", Source: "u.txt.gz", Err: "unexpected EOF"},
					want{ID: "v", Source: "v.txt.gz", Err: "not a valid gzip file"})
			}(),
		},
		{
			name: "bad documents",
			files: map[string][]byte{
				"bin.txt":   {0x89, 'P', 'N', 'G', 0, 0, 0, 13, 'I', 'H', 'D', 'R'},
				"ctl.txt":   []byte("\x01\x02\x03\x04abc\x05\x06\x07\x08"),
				"empty.txt": nil,
				"blank.txt": []byte(" \n\t\r\n\u200b\n"),
				"latin.txt": []byte("Caf\xe9 story."),
			},
			paths: []string{"."},
			want: []want{
				{ID: "bin", Source: "bin.txt", Err: "bin.txt: binary content"},
				{ID: "blank", Source: "blank.txt", Err: "blank.txt: empty document"},
				{ID: "ctl", Source: "ctl.txt", Err: "ctl.txt: binary content"},
				{ID: "empty", Source: "empty.txt", Err: "empty.txt: empty document"},
				{ID: "latin", Source: "latin.txt", Err: "latin.txt: invalid UTF-8 at byte 3"},
			},
		},
		{
			name: "folder order, hidden and unknown files skipped",
			files: map[string][]byte{
				"b.txt":          []byte("Story b."),
				"a.txt":          []byte("Story a."),
				"notes.md":       []byte("Not a story."),
				"x.md.gz":        gz(t, "Not a story."),
				".hidden.txt":    []byte("Hidden story."),
				".git/c.txt":     []byte("Hidden folder."),
				"sub/c.htm":      []byte("<p>Story c.</p>"),
				"sub/a/d.TXT":    []byte("Story d."),
				"sub/image.jpeg": {0xff, 0xd8, 0, 0},
			},
			paths: []string{"."},
			want: []want{
				{ID: "a", Source: "a.txt", Text: "Story a."},
				{ID: "b", Source: "b.txt", Text: "Story b."},
				{ID: "d", Source: "sub/a/d.TXT", Text: "Story d."},
				{ID: "c", Source: "sub/c.htm", Text: "Story c."},
			},
		},
		{
			name:  "explicit files in the given order, unknown extension as text",
			files: map[string][]byte{"z.txt": []byte("Story z."), "notes.md": []byte("# Notes\n\nA story."), ".h.txt": []byte("Hidden but named.")},
			paths: []string{"z.txt", "notes.md", ".h.txt"},
			want: []want{
				{ID: "z", Source: "z.txt", Text: "Story z."},
				{ID: "notes", Source: "notes.md", Title: "# Notes", Text: "A story."},
				{ID: ".h", Source: ".h.txt", Text: "Hidden but named."},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, data := range tc.files {
				p := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			paths := make([]string, len(tc.paths))
			for i, p := range tc.paths {
				paths[i] = filepath.Join(dir, p)
			}
			docs := readAll(t, paths, "", tc.opt)
			if tc.name == "truncated gzip keeps what was read" {
				docs = dropRepeats(docs, "jx") // how many fit depends on compression
			}
			check(t, dir, docs, tc.want)
		})
	}
}

// dropRepeats removes the documents with the given id.
func dropRepeats(docs []Doc, id string) []Doc {
	out := docs[:0]
	for _, d := range docs {
		if d.ID != id || d.Err != nil {
			out = append(out, d)
		}
	}
	return out
}

func check(t *testing.T, dir string, docs []Doc, wants []want) {
	t.Helper()
	if len(docs) != len(wants) {
		for _, d := range docs {
			t.Logf("got ID=%q Source=%q Err=%v", d.ID, d.Source, d.Err)
		}
		t.Fatalf("got %d documents, want %d", len(docs), len(wants))
	}
	for i, w := range wants {
		d := docs[i]
		src := strings.TrimPrefix(strings.TrimPrefix(d.Source, dir), string(filepath.Separator))
		if d.ID != w.ID || (w.Source != "" && src != w.Source) {
			t.Errorf("doc %d: ID=%q Source=%q, want ID=%q Source=%q", i, d.ID, src, w.ID, w.Source)
		}
		if w.Err == "" {
			if d.Err != nil {
				t.Errorf("doc %d (%s): unexpected error %v", i, src, d.Err)
				continue
			}
			if d.Title != w.Title {
				t.Errorf("doc %d (%s): Title=%q, want %q", i, src, d.Title, w.Title)
			}
			if !strings.Contains(d.Text, w.Text) {
				t.Errorf("doc %d (%s): Text=%q, want it to contain %q", i, src, prefix(d.Text, 200), w.Text)
			}
			if w.NotText != "" && strings.Contains(d.Text, w.NotText) {
				t.Errorf("doc %d (%s): Text=%q contains %q", i, src, prefix(d.Text, 200), w.NotText)
			}
			continue
		}
		if d.Err == nil {
			t.Errorf("doc %d (%s): no error, want one containing %q", i, src, w.Err)
		} else if !strings.Contains(d.Err.Error(), w.Err) {
			t.Errorf("doc %d (%s): error %q, want it to contain %q", i, src, d.Err, w.Err)
		} else if !strings.Contains(d.Err.Error(), d.Source) {
			t.Errorf("doc %d: error %q does not name the source %q", i, d.Err, d.Source)
		}
		if d.Text != "" {
			t.Errorf("doc %d (%s): failed document has text", i, src)
		}
	}
}

func TestReadStdin(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "f.txt"), []byte("File story."), 0o644); err != nil {
		t.Fatal(err)
	}
	in := `{"id":"s1","text":"From stdin."}` + "\r\n" + `not json` + "\n" + `{"id":"s3","text":"Last, no newline."}`
	docs := readAll(t, []string{"-", filepath.Join(dir, "f.txt")}, in, Options{})
	check(t, dir, docs, []want{
		{ID: "s1", Source: "-:1", Text: "From stdin."},
		{Source: "-:2", Err: "-:2: bad JSON"},
		{ID: "s3", Source: "-:3", Text: "Last, no newline."},
		{ID: "f", Source: "f.txt", Text: "File story."},
	})
}

func TestReadFatal(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a.txt", "b.txt", "c.txt"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("Story "+n+"."), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	errStop := errors.New("stop")
	tests := []struct {
		name    string
		paths   []string
		fn      func(cancel func(), n int) error
		wantErr error
		wantN   int // documents seen
	}{
		// A missing PATH is found before any document is read.
		{"missing path", []string{dir, filepath.Join(dir, "nope")}, func(func(), int) error { return nil }, os.ErrNotExist, 0},
		{"callback error", []string{dir}, func(_ func(), n int) error {
			if n == 2 {
				return errStop
			}
			return nil
		}, errStop, 2},
		{"cancelled", []string{dir}, func(cancel func(), n int) error {
			if n == 1 {
				cancel()
			}
			return nil
		}, context.Canceled, 1},
		{"cancelled during stdin", []string{"-"}, func(cancel func(), n int) error {
			cancel()
			return nil
		}, context.Canceled, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			n := 0
			stdin := strings.NewReader(`{"id":"1","text":"One."}` + "\n" + `{"id":"2","text":"Two."}` + "\n")
			err := Read(ctx, tc.paths, stdin, Options{}, func(Doc) error {
				n++
				return tc.fn(cancel, n)
			})
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("Read error = %v, want %v", err, tc.wantErr)
			}
			if n != tc.wantN {
				t.Errorf("saw %d documents, want %d", n, tc.wantN)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain “quotes” stay", "plain “quotes” stay"},
		{"\ufeffBOM", "BOM"},
		{"a\r\nb\rc\n", "a\nb\nc\n"},
		{"zero\u200bwidth\u200c\u200d\u2060\ufeff", "zerowidth"},
		{"ctl\x01\x1b\x7f\u0085 kept\ttab", "ctl kept\ttab"},
		{"page\fbreak", "page\nbreak"},
		{"bad \xff byte", "bad \xff byte"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestHTMLText(t *testing.T) {
	tests := []struct {
		name, in, text, title string
	}{
		{"entities", "<p>Tom &amp; Jerry&nbsp;&mdash; &#x27;cat&#39;</p>", "Tom & Jerry\u00a0— 'cat'", ""},
		{"dropped elements", "<p>Keep</p><script>drop()</script><noscript>drop</noscript><form>drop<input></form><iframe>drop</iframe><svg><text>drop</text></svg><p>this</p>", "Keep\n\nthis", ""},
		{"nested dropped", "<nav><nav>drop</nav>drop</nav><p>Kept.</p>", "Kept.", ""},
		{"blocks and inline", "<div>One <b>bold</b> <i>word</i></div><ul><li>A</li><li>B</li></ul>", "One bold word\n\nA\n\nB", ""},
		{"br", "<p>Line one<br/>line two</p>", "Line one\nline two", ""},
		{"pre keeps breaks", "<pre>a\n  b</pre>", "a\n  b", ""},
		{"title", "<html><head><title>\n  The   Title </title></head><body>Body.</body></html>", "Body.", "The Title"},
		{"table cells", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\n\nc", ""},
		{"unclosed tags", "<p>Open <b>bold", "Open bold", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text, title := htmlText(tc.in)
			if text != tc.text || title != tc.title {
				t.Errorf("htmlText(%q) = %q, %q; want %q, %q", tc.in, text, title, tc.text, tc.title)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name  string
		f     format
		gz    bool
		id    string
		known bool
	}{
		{"000_4224e352ccf6b488.txt", formatText, false, "000_4224e352ccf6b488", true},
		{"a.txt.gz", formatText, true, "a", true},
		{"b.HTML.GZ", formatHTML, true, "b", true},
		{"x.jsonl.gz", formatJSONL, true, "x", true},
		{"page.htm", formatHTML, false, "page", true},
		{"notes.md", formatText, false, "notes", false},
		{"README", formatText, false, "README", false},
		{".txt", formatText, false, ".txt", true},
	}
	for _, tc := range tests {
		f, gz, id, known := classify(tc.name)
		if f != tc.f || gz != tc.gz || id != tc.id || known != tc.known {
			t.Errorf("classify(%q) = %v %v %q %v, want %v %v %q %v", tc.name, f, gz, id, known, tc.f, tc.gz, tc.id, tc.known)
		}
	}
}

func FuzzReadJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"a","text":"Story."}` + "\n"))
	f.Add([]byte(`{"id":1,"text":"x","title":"t","date":"d","url":"u"}` + "\r\n\n" + `{"id":null}`))
	f.Add([]byte("{\"id\":\"a\",\"text\":\"\\u0000\"}\n{bad\n\xff\n"))
	f.Add([]byte(`{"id":"a","text":"` + strings.Repeat("x", 300) + `"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var docs []Doc
		r := &reader{ctx: context.Background(), max: 256, fn: func(d Doc) error {
			docs = append(docs, d)
			return nil
		}}
		if err := r.jsonl(bytes.NewReader(data), "f", "f"); err != nil {
			t.Fatalf("jsonl: %v", err)
		}
		for _, d := range docs {
			if !strings.HasPrefix(d.Source, "f:") {
				t.Fatalf("bad Source %q", d.Source)
			}
			if d.Err == nil && (d.ID == "" || strings.TrimSpace(d.Text) == "" || !utf8.ValidString(d.Text)) {
				t.Fatalf("good doc with ID %q, Text %q", d.ID, d.Text)
			}
			if d.Err != nil && !strings.Contains(d.Err.Error(), d.Source) {
				t.Fatalf("error %q does not name %q", d.Err, d.Source)
			}
			if len(d.Text) > 256 {
				t.Fatalf("text of %d bytes passed MaxDocBytes", len(d.Text))
			}
		}
		if n := bytes.Count(data, []byte("\n")) + 1; len(docs) > n {
			t.Fatalf("%d docs from %d lines", len(docs), n)
		}
	})
}

func FuzzHTML(f *testing.F) {
	f.Add("<html><head><title>T</title></head><body><p>a &amp; b</p><script>x</script></body></html>")
	f.Add("<nav><p>x</nav></p><pre>\n a</pre><br><td>c")
	f.Add("<svg/><p>after svg</p><template><p>t</p></template>")
	f.Fuzz(func(t *testing.T, in string) {
		text, title := htmlText(in)
		if utf8.ValidString(in) && (!utf8.ValidString(text) || !utf8.ValidString(title)) {
			t.Fatalf("invalid UTF-8 out of %q: %q %q", in, text, title)
		}
		if strings.TrimSpace(text) != text || strings.Contains(text, "\n\n\n") {
			t.Fatalf("untidy text %q", text)
		}
	})
}

// BenchmarkReadJSONL measures the JSONL reader on 1,000 article lines.
func BenchmarkReadJSONL(b *testing.B) {
	line := `{"id":"x","text":"` + strings.Repeat("The council approved the plan. ", 100) + `"}` + "\n"
	data := []byte(strings.Repeat(line, 1000))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		r := &reader{ctx: context.Background(), max: DefaultMaxDocBytes, fn: func(Doc) error { return nil }}
		if err := r.jsonl(bytes.NewReader(data), "b", "b"); err != nil {
			b.Fatal(err)
		}
	}
}
