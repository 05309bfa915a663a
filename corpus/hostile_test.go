package corpus

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"
)

// hostileLimit is the MaxDocBytes of the hostile tests: small, so that the
// documents over it stay cheap to make.
const hostileLimit = 1 << 20

// writeFile writes data to dir/name, making folders as needed.
func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// unreadable makes dir/name a file that cannot be read and returns the
// error its read gives: permission denied as a normal user; as root, whom
// chmod does not stop, a link to /proc/self/mem, whose offset 0 is never
// mapped (an I/O error on read), or failing that a dangling link.
func unreadable(t testing.TB, dir, name string) string {
	t.Helper()
	p := writeFile(t, dir, name, []byte("Secret text."))
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(p)
	if err != nil {
		return "permission denied"
	}
	f.Close()
	os.Remove(p)
	if _, err := os.Stat("/proc/self/mem"); err == nil {
		if err := os.Symlink("/proc/self/mem", p); err != nil {
			t.Fatal(err)
		}
		return "input/output error"
	}
	if err := os.Symlink(filepath.Join(dir, "no-such-target"), p); err != nil {
		t.Fatal(err)
	}
	return "no such file"
}

// TestReadHostile reads a folder of every kind of broken or hostile file a
// scraped corpus meets: each bad one is a document whose error names it and
// the problem, the good ones read whole, and Read itself goes on.
func TestReadHostile(t *testing.T) {
	dir := t.TempDir()
	rnd := rand.New(rand.NewPCG(1, 2))
	bin := make([]byte, 4096)
	for i := range bin {
		bin[i] = byte(rnd.UintN(256))
	}
	writeFile(t, dir, "a-binary.txt", append([]byte("\x7fELF\x02\x01\x01\x00"), bin...))
	writeFile(t, dir, "b-latin1.txt", []byte("Caf\xe9 owners in M\xfcnchen met the mayor."))
	// 200 MB without a newline, sparse: it must fail on its size, unread.
	huge := writeFile(t, dir, "c-huge.txt", []byte("A document that never ends "))
	if err := os.Truncate(huge, 200<<20); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "d-bomb.txt.gz", gz(t, strings.Repeat("a", 8<<20)))
	writeFile(t, dir, "e-bomb.jsonl.gz", gz(t, `{"id":"big","text":"`+strings.Repeat("b", 8<<20)+`"}`+"\n"+
		`{"id":"after-bomb","text":"The line after the bomb loads."}`+"\n"))
	full := gz(t, "Kerry met Lavrov in Paris. "+strings.Repeat("The talks went on. ", 2000))
	writeFile(t, dir, "f-cut.txt.gz", full[:len(full)/2])
	writeFile(t, dir, "g-feed.jsonl", []byte(`{"id":"first","text":"Obama called Putin."}`+"\n"+
		`{"id":"long","text":"`+strings.Repeat("word ", hostileLimit/4)+`"}`+"\n"+
		"{\"id\":\"latin1\",\"text\":\"M\xfcnchen\"}\n"+
		`{"id":"last","text":"Merkel urged Russia to accept monitors."}`+"\n"))
	writeFile(t, dir, "h-nested.html", []byte("<html><title>Deep</title><body>"+strings.Repeat("<div><span>", 10000)+
		"<p>Deep text survives.</p>"+strings.Repeat("</span></div>", 10000)+"</body></html>"))
	writeFile(t, dir, "i-unclosed.html", []byte("<p>Only this stays.</p>"+strings.Repeat("<b><i><table><tr><td>", 10000)+
		"<script>"+strings.Repeat("var x = '<p>';", 1000)))
	rtl := "قال وزير الخارجية إن المحادثات ستستمر.\n\nראש הממשלה נפגש עם השגריר בירושלים."
	writeFile(t, dir, "j-rtl.txt", []byte(rtl))
	cjk := "北京市政府周一宣布新的交通计划。\n\n東京都知事は記者会見で発表した。"
	writeFile(t, dir, "k-cjk.txt", []byte(cjk))
	writeFile(t, dir, "l-zero-width.txt", []byte("\ufeffKe\u200brry met\u200d La\u2060vrov in Pa\u200cris."))
	if err := os.Symlink(filepath.Join(dir, "vanished"), filepath.Join(dir, "m-gone.txt")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "n-pipe.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "o-dir.txt/inner.txt", []byte("A folder named like a file is a folder."))
	unreadErr := unreadable(t, dir, "p-unreadable.txt")

	docs := readAll(t, []string{dir}, "", Options{MaxDocBytes: hostileLimit})
	check(t, dir, docs, []want{
		{ID: "a-binary", Err: "binary content"},
		{ID: "b-latin1", Err: "invalid UTF-8 at byte 3"},
		{ID: "c-huge", Err: "document of 209715200 bytes is larger than MaxDocBytes (1048576)"},
		{ID: "d-bomb", Err: "larger than MaxDocBytes"},
		{Source: "e-bomb.jsonl.gz:1", Err: "e-bomb.jsonl.gz:1: line is larger than MaxDocBytes"},
		{ID: "after-bomb", Source: "e-bomb.jsonl.gz:2", Text: "The line after the bomb loads."},
		{ID: "f-cut", Err: "unexpected EOF"},
		{ID: "first", Source: "g-feed.jsonl:1", Text: "Obama called Putin."},
		{Source: "g-feed.jsonl:2", Err: "g-feed.jsonl:2: line is larger than MaxDocBytes"},
		{Source: "g-feed.jsonl:3", Err: "g-feed.jsonl:3: invalid UTF-8"},
		{ID: "last", Source: "g-feed.jsonl:4", Text: "Merkel urged Russia"},
		{ID: "h-nested", Title: "Deep", Text: "Deep text survives."},
		{ID: "i-unclosed", Text: "Only this stays.", NotText: "var x"},
		{ID: "j-rtl", Title: Title(rtl), Text: rtl},
		{ID: "k-cjk", Title: Title(cjk), Text: cjk},
		{ID: "l-zero-width", Title: Title("Kerry met Lavrov in Paris."), Text: "Kerry met Lavrov in Paris."},
		{ID: "m-gone", Err: "no such file"},
		{ID: "inner", Source: "o-dir.txt/inner.txt", Text: "A folder named like a file"},
		{ID: "p-unreadable", Err: unreadErr},
	})
}

// TestReadCutJSONLGzip reads a gzipped JSONL file cut short: the lines
// before the cut load, then one failure names the line and the problem.
func TestReadCutJSONLGzip(t *testing.T) {
	var b strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&b, `{"id":"n%d","text":"Report %d: the council met on Monday."}`+"\n", i, i)
	}
	full := gz(t, b.String())
	p := writeFile(t, t.TempDir(), "cut.jsonl.gz", full[:len(full)*2/3])
	docs := readAll(t, []string{p}, "", Options{})
	if len(docs) < 2 {
		t.Fatalf("%d documents from a cut file", len(docs))
	}
	for i, d := range docs[:len(docs)-1] {
		if d.Err != nil || d.ID != fmt.Sprint("n", i) || d.Source != fmt.Sprintf("%s:%d", p, i+1) {
			t.Fatalf("doc %d: %q from %s, error %v", i, d.ID, d.Source, d.Err)
		}
	}
	last := docs[len(docs)-1]
	want := fmt.Sprintf("%s:%d: read: unexpected EOF", p, len(docs))
	if last.Err == nil || last.Err.Error() != want {
		t.Errorf("last document: error %v, want %q", last.Err, want)
	}
}

// TestReadVanishing removes a PATH while Read is busy with the one before
// (a FIFO it is blocked on): the vanished one is a failed document naming
// it, not the end of the batch; a PATH missing from the start still stops
// Read before any document.
func TestReadVanishing(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "a-fifo.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	gone := writeFile(t, dir, "b-gone.txt", []byte("Here at the start."))
	last := writeFile(t, dir, "c-last.txt", []byte("Still read."))

	done := make(chan error, 1)
	go func() {
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0) // blocks until Read opens it
		if err != nil {
			done <- err
			return
		}
		if err := os.Remove(gone); err != nil {
			w.Close()
			done <- err
			return
		}
		_, err = w.WriteString("Piped text arrives.")
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		done <- err
	}()
	var docs []Doc
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := Read(ctx, []string{fifo, gone, last}, nil, Options{}, func(d Doc) error {
		docs = append(docs, d)
		return nil
	})
	if werr := <-done; werr != nil {
		t.Fatal(werr)
	}
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	check(t, dir, docs, []want{
		{ID: "a-fifo", Text: "Piped text arrives.", Title: Title("Piped text arrives.")},
		{ID: "b-gone", Err: "b-gone.txt: stat: no such file"},
		{ID: "c-last", Text: "Still read.", Title: Title("Still read.")},
	})
}

// FuzzReadFile reads arbitrary bytes as every kind of file: whatever they
// are, Read does not fail, every document is either good (an id, valid
// UTF-8 text within the limit) or has an error naming its source.
func FuzzReadFile(f *testing.F) {
	f.Add([]byte("Kerry met Lavrov."), uint8(0))
	f.Add([]byte("<p>a<script>b</script>"+strings.Repeat("<div>", 50)), uint8(1))
	f.Add([]byte(`{"id":"a","text":"x"}`+"\n{bad\n"), uint8(2))
	f.Add(gz(f, "Text in gzip."), uint8(3))
	f.Add(gz(f, `{"id":1,"text":"y"}`)[:20], uint8(4))
	f.Add([]byte("\x00\xff\xfe"), uint8(0))
	exts := []string{".txt", ".html", ".jsonl", ".txt.gz", ".jsonl.gz"}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		p := filepath.Join(dir, "doc"+exts[int(kind)%len(exts)])
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		const limit = 4 << 10
		err := Read(context.Background(), []string{p}, nil, Options{MaxDocBytes: limit}, func(d Doc) error {
			if d.Err != nil {
				if !strings.Contains(d.Err.Error(), d.Source) || !strings.HasPrefix(d.Source, p) {
					t.Fatalf("error %q does not name source %q", d.Err, d.Source)
				}
				return nil
			}
			if d.ID == "" || strings.TrimSpace(d.Text) == "" || !utf8.ValidString(d.Text) || !utf8.ValidString(d.Title) {
				t.Fatalf("bad good document: ID %q, Text %q, Title %q", d.ID, d.Text, d.Title)
			}
			if len(d.Text) > limit {
				t.Fatalf("text of %d bytes passed MaxDocBytes", len(d.Text))
			}
			return nil
		})
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
	})
}

// FuzzReadGzip checks that a gzip file reads like the file it compresses,
// and that one cut short never passes for good: a text file fails, a JSONL
// file gives a prefix of the lines, then one failure.
func FuzzReadGzip(f *testing.F) {
	f.Add("Kerry met Lavrov.", false, uint16(0))
	f.Add("Kerry met Lavrov.", false, uint16(10))
	f.Add(`{"id":"a","text":"x"}`+"\n"+`{"id":"b","text":"y"}`, true, uint16(0))
	f.Add(`{"id":"a","text":"x"}`+"\n"+`{"id":"b","text":"y"}`+"\n", true, uint16(30))
	f.Add("\xff\x00", false, uint16(1))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, text string, jsonl bool, cut uint16) {
		ext := ".txt"
		if jsonl {
			ext = ".jsonl"
		}
		plain := filepath.Join(dir, "doc"+ext)
		zipped := plain + ".gz"
		z := gz(t, text)
		cutShort := int(cut) > 0 && int(cut) < len(z)
		if cutShort {
			z = z[:cut]
		}
		if err := os.WriteFile(plain, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(zipped, z, 0o644); err != nil {
			t.Fatal(err)
		}
		read := func(p string) []Doc {
			var docs []Doc
			err := Read(context.Background(), []string{p}, nil, Options{MaxDocBytes: 4 << 10}, func(d Doc) error {
				d.Source = strings.Replace(d.Source, ".gz", "", 1)
				if d.Err != nil {
					d.Err = fmt.Errorf("%s", strings.ReplaceAll(d.Err.Error(), ".gz", ""))
				}
				docs = append(docs, d)
				return nil
			})
			if err != nil {
				t.Fatalf("Read %s: %v", p, err)
			}
			return docs
		}
		want, got := read(plain), read(zipped)
		// Failures must match, not their wording: a plain file's size is
		// known before reading, a gzip stream's only while reading it.
		same := func(a, b Doc) bool {
			return a.ID == b.ID && a.Source == b.Source && a.Title == b.Title && a.Text == b.Text &&
				(a.Err == nil) == (b.Err == nil)
		}
		if !cutShort {
			if len(got) != len(want) {
				t.Fatalf("gzip gives %d documents, plain %d", len(got), len(want))
			}
			for i := range got {
				if !same(got[i], want[i]) {
					t.Fatalf("doc %d: gzip %+v, plain %+v", i, got[i], want[i])
				}
			}
			return
		}
		if len(got) == 0 || got[len(got)-1].Err == nil {
			t.Fatalf("cut gzip: %d documents, the last one good", len(got))
		}
		for i, d := range got[:len(got)-1] {
			if i >= len(want) || !same(d, want[i]) {
				t.Fatalf("cut gzip: doc %d %+v is not the plain file's", i, d)
			}
		}
	})
}
