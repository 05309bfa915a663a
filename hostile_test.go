package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"

	"newsgraph/pipeline"
)

// gzipped compresses data, streaming size bytes of fill after it.
func gzipped(t *testing.T, data string, fill byte, size int) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(data))
	chunk := bytes.Repeat([]byte{fill}, 1<<20)
	for n := 0; n < size; n += len(chunk) {
		w.Write(chunk[:min(len(chunk), size-n)])
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// runResult is what a run of newsgraph gave.
type runResult struct {
	code           int
	stdout, stderr string
}

// put writes data to dir/name.
func put(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// sparse makes dir/name a file of size bytes without a newline: text at
// the start, then a hole (no disk used).
func sparse(t *testing.T, dir, name string, size int64) string {
	t.Helper()
	p := put(t, dir, name, []byte(strings.Repeat("A document that never ends, ", 1000)))
	if err := os.Truncate(p, size); err != nil {
		t.Fatal(err)
	}
	return p
}

// bigJSONL writes a JSONL file with a line of about lineSize bytes between
// good lines, streaming.
func bigJSONL(t *testing.T, path string, lineSize int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(f, `{"id":"ok-1","text":"Obama called Putin on Friday."}`)
	f.WriteString(`{"id":"too-big","text":"`)
	chunk := strings.Repeat("Words and more words. ", 1<<15)
	for n := 0; n < lineSize; n += len(chunk) {
		f.WriteString(chunk)
	}
	f.WriteString("\"}\n")
	fmt.Fprintln(f, `{"id":"broken", "text": `)
	fmt.Fprintln(f, "{\"id\":\"latin1\",\"text\":\"Caf\xe9\"}")
	fmt.Fprintln(f, `{"id":"ok-5","text":"Merkel urged Russia to accept monitors."}`)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// unreadableFile makes a file that cannot be read and returns the error
// its read gives. chmod 000 does not stop root, so as root it is a link to
// /proc/self/mem (reading offset 0 gives an I/O error), or a dangling link.
func unreadableFile(t *testing.T, dir, name string) string {
	t.Helper()
	p := put(t, dir, name, []byte("Secret."))
	os.Chmod(p, 0)
	f, err := os.Open(p)
	if err != nil {
		return "permission denied"
	}
	f.Close()
	os.Remove(p)
	target, want := "/proc/self/mem", "input/output error"
	if _, err := os.Stat(target); err != nil {
		target, want = filepath.Join(dir, "nowhere"), "no such file"
	}
	if err := os.Symlink(target, p); err != nil {
		t.Fatal(err)
	}
	return want
}

// TestHostileCorpus runs `newsgraph run` on a corpus of every kind of
// broken and hostile input, one file removed during the run: exit status 1,
// every failure in the summary naming its file (and line for JSONL) and the
// problem, every good document in the store, no panic, no goroutine left.
func TestHostileCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 50 MB JSONL line")
	}
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	tmp := t.TempDir()
	in := filepath.Join(tmp, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	put(t, in, "good-1.txt", []byte("Russia annexed Crimea in March. Kerry met Lavrov in Paris on Sunday."))
	put(t, in, "good-2.txt", []byte("Tata Steel acquired a Dutch rival for 1.2 billion euros."))
	put(t, in, "binary.txt", append([]byte("\x7fELF\x02\x01\x01\x00\x00\x00"), bytes.Repeat([]byte{0, 1, 2, 3, 0xff}, 500)...))
	put(t, in, "latin1.txt", []byte("Caf\xe9 owners in M\xfcnchen met the mayor."))
	sparse(t, in, "huge.txt", 200<<20)
	put(t, in, "bomb.txt.gz", gzipped(t, "", 'a', 40<<20))
	bigJSONL(t, filepath.Join(in, "feed.jsonl"), 50<<20)
	cut := gzipped(t, "Kerry met Lavrov in Paris. "+strings.Repeat("The talks went on. ", 3000), 'x', 0)
	put(t, in, "cut.txt.gz", cut[:len(cut)/2])
	put(t, in, "nested.html", []byte("<html><title>Deep</title><body>"+strings.Repeat("<div><span>", 10000)+
		"<p>Merkel met Hollande in Berlin on Monday.</p>"+strings.Repeat("</span></div>", 10000)+"</body></html>"))
	put(t, in, "script-only.html", []byte("<p>\u200b</p><script>"+strings.Repeat("document.write('<p>x</p>');", 1000)))
	put(t, in, "rtl.txt", []byte("قال وزير الخارجية إن المحادثات ستستمر.\n\nראש הממשלה נפגש עם השגריר בירושלים."))
	put(t, in, "cjk.txt", []byte("北京市政府周一宣布新的交通计划。\n\n東京都知事は記者会見で発表した。"))
	put(t, in, "zero-width.txt", []byte("\ufeffKe\u200brry met La\u2060vrov in Pa\u200dris on Sunday."))
	if err := os.Symlink(filepath.Join(in, "vanished"), filepath.Join(in, "gone.txt")); err != nil {
		t.Fatal(err)
	}
	unreadErr := unreadableFile(t, in, "unreadable.txt")
	// Given on the command line after a FIFO the run blocks on, so that it
	// is removed during the run, after the run has checked its PATHs.
	fifo := filepath.Join(tmp, "fifo.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	vanish := put(t, tmp, "vanish.txt", []byte("Here when the run starts."))

	store := filepath.Join(tmp, "g.db")
	sumPath := filepath.Join(tmp, "sum.json")
	done := make(chan runResult, 1)
	go func() {
		var stdout, stderr bytes.Buffer
		code := Main(context.Background(), []string{"run", "--progress", "never", "--store", store, "--summary-json", sumPath,
			in, fifo, vanish}, strings.NewReader(""), &stdout, &stderr)
		done <- runResult{code, stdout.String(), stderr.String()}
	}()
	feedFIFO(t, fifo, vanish, "Putin met Xi in Beijing on Tuesday.")
	var res runResult
	select {
	case res = <-done:
	case <-time.After(5 * time.Minute):
		t.Fatal("run did not end in 5 minutes")
	}
	if res.code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s", res.code, res.stderr)
	}
	var sum pipeline.Summary
	if b, err := os.ReadFile(sumPath); err != nil {
		t.Fatal(err)
	} else if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	failures := []struct{ doc, problem string }{
		{"binary", "binary content"},
		{"latin1", "invalid UTF-8 at byte 3"},
		{"huge", "document of 209715200 bytes is larger than MaxDocBytes"},
		{"bomb", "larger than MaxDocBytes"},
		{"feed.jsonl:2", "line is larger than MaxDocBytes"},
		{"feed.jsonl:3", "bad JSON"},
		{"feed.jsonl:4", "invalid UTF-8"},
		{"cut", "unexpected EOF"},
		{"script-only", "empty document"},
		{"gone", "no such file"},
		{"unreadable", unreadErr},
		{"vanish", "no such file"},
	}
	for _, f := range failures {
		found := false
		for _, got := range sum.Failed {
			if strings.HasSuffix(got.Doc, f.doc) {
				found = true
				name := strings.SplitN(f.doc, ":", 2)[0]
				if !strings.Contains(got.Error, name) || !strings.Contains(got.Error, f.problem) {
					t.Errorf("failure of %s: %q, want it to name %s and %q", f.doc, got.Error, name, f.problem)
				}
				if !strings.Contains(res.stderr, "failed: "+got.Doc+": ") {
					t.Errorf("stderr does not list the failure of %s", got.Doc)
				}
			}
		}
		if !found {
			t.Errorf("no failure for %s in %+v", f.doc, sum.Failed)
		}
	}
	if len(sum.Failed) != len(failures) {
		t.Errorf("%d failures, want %d: %+v", len(sum.Failed), len(failures), sum.Failed)
	}
	good := []string{"good-1", "good-2", "ok-1", "ok-5", "nested", "rtl", "cjk", "zero-width", "fifo"}
	if want := len(good) + len(failures); sum.Documents != want {
		t.Errorf("%d documents, want %d", sum.Documents, want)
	}
	ids := queryValues(t, store, `g.V().has(g.IRI("rdf:type"), ng("Document")).out(ng("id")).all()`)
	for _, id := range good {
		if !contains(ids, id) {
			t.Errorf("good document %q not in the store; it has %v", id, ids)
		}
	}
	if len(ids) != len(good) {
		t.Errorf("store has documents %v, want %v", ids, good)
	}
	nq := mustRun(t, 0, "export", "--store", store)
	for _, zw := range []string{"\u200b", "\u200d", "\u2060", "\ufeff", `\u200B`, `\uFEFF`} {
		if strings.Contains(nq, zw) {
			t.Errorf("the export holds zero-width character %+q", zw)
		}
	}
	if names := queryValues(t, store, `entity("Kerry").out(name).all()`); len(names) == 0 {
		t.Error("no entity Kerry: the zero-width document lost its names")
	}
}

// feedFIFO waits until the run opens the FIFO for reading, removes vanish,
// then writes text to the FIFO and closes it.
func feedFIFO(t *testing.T, fifo, vanish, text string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		// Without a reader, a non-blocking open for writing fails (ENXIO).
		fd, err := syscall.Open(fifo, syscall.O_WRONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
		if err == nil {
			w := os.NewFile(uintptr(fd), fifo)
			if err := os.Remove(vanish); err != nil {
				t.Error(err)
			}
			if _, err := w.WriteString(text); err != nil {
				t.Error(err)
			}
			w.Close()
			return
		}
		if !errors.Is(err, syscall.ENXIO) || time.Now().After(deadline) {
			t.Fatalf("opening the FIFO for writing: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// maxRSS runs the binary and returns its exit status, combined output and
// peak resident set size in bytes.
//
// Linux carries the peak RSS of the test process over to the child (the
// child is started with vfork, and exec keeps the old address space's high
// water mark), so the test's own peak is first reset to its current RSS
// (/proc/self/clear_refs, Linux ≥ 4.0), after giving memory back to the
// OS: the figure is then at most that floor too high, never too low.
func maxRSS(t *testing.T, bin string, args ...string) (int, string, int64) {
	t.Helper()
	debug.FreeOSMemory()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		t.Logf("cannot reset the test's peak RSS (%v): the figures include it", err)
	}
	if st, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, l := range strings.Split(string(st), "\n") {
			if strings.HasPrefix(l, "VmHWM:") {
				t.Logf("floor of the measure (the test's own peak RSS): %s", strings.TrimSpace(l[6:]))
			}
		}
	}
	cmd := exec.Command(bin, args...)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("%s: %v", strings.Join(args, " "), err)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Skip("no rusage on this system")
	}
	return cmd.ProcessState.ExitCode(), string(out), ru.Maxrss << 10 // KiB on Linux
}

// TestHostileMemory measures the peak memory of runs over a corpus with a
// 200 MB document without a newline: with the default limit it fails on
// its size, unread; with the limit raised to fit, reading it takes no more
// than a small multiple of its size. A document of real text within the
// limit is measured too, through the NLP.
func TestHostileMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and reads a 200 MB document")
	}
	bin := buildBinary(t)
	tmp := t.TempDir()
	in := filepath.Join(tmp, "in")
	os.Mkdir(in, 0o755)
	put(t, in, "good.txt", []byte("Kerry met Lavrov in Paris on Sunday."))
	const size = 200 << 20
	sparse(t, in, "huge.txt", size)
	const mib = 1 << 20

	code, out, rss := maxRSS(t, bin, "run", "--progress", "never", "--store", filepath.Join(tmp, "a.db"), in)
	t.Logf("200 MB document, default limit: exit %d, peak RSS %d MiB", code, rss/mib)
	if code != 1 || !strings.Contains(out, "huge.txt: document of 209715200 bytes is larger than MaxDocBytes") {
		t.Errorf("exit %d, want 1 and the size failure; output:\n%s", code, out)
	}
	if rss > size/2 {
		t.Errorf("peak RSS %d MiB for a document that is never read", rss/mib)
	}

	code, out, rss = maxRSS(t, bin, "run", "--progress", "never", "--max-doc-bytes", fmt.Sprint(256*mib),
		"--store", filepath.Join(tmp, "b.db"), in)
	t.Logf("200 MB document, limit 256 MiB: exit %d, peak RSS %d MiB (%.2f× the document)", code, rss/mib, float64(rss)/size)
	if code != 1 || !strings.Contains(out, "huge.txt: binary content") {
		t.Errorf("exit %d, want 1 and the binary failure (its hole is NUL bytes); output:\n%s", code, out)
	}
	if rss > 2*size+64*mib {
		t.Errorf("peak RSS %d MiB reading a %d MiB document: more than twice its size", rss/mib, size/mib)
	}

	// Real text through the whole pipeline: a 16 MiB document (half the
	// default limit) is analysed in parts, so the NLP's ~65× of the text it
	// holds applies to a part, not to the document. Measured against a run
	// of a one-line document (the models, the store, the runtime).
	text := filepath.Join(tmp, "text")
	os.Mkdir(text, 0o755)
	samples, _ := filepath.Glob("sample/*.txt")
	if len(samples) == 0 {
		t.Fatal("no sample/*.txt to make a text document of")
	}
	var b bytes.Buffer
	for b.Len() < 16*mib {
		for _, s := range samples {
			data, err := os.ReadFile(s)
			if err != nil {
				t.Fatal(err)
			}
			b.Write(data)
			b.WriteString("\n\n")
		}
	}
	put(t, text, "long.txt", b.Bytes())
	one := filepath.Join(tmp, "one")
	os.Mkdir(one, 0o755)
	put(t, one, "short.txt", []byte("Kerry met Lavrov in Paris on Sunday."))
	code, out, base := maxRSS(t, bin, "run", "--progress", "never", "--store", filepath.Join(tmp, "c.db"), one)
	if code != 0 {
		t.Fatalf("exit %d; output:\n%s", code, out)
	}
	// With the default --max-facts, analysis stops at the part that
	// passes it (a document with more facts is a dump, cut anyway).
	start := time.Now()
	code, out, rss = maxRSS(t, bin, "run", "--progress", "never", "--store", filepath.Join(tmp, "d.db"), text)
	ratio := float64(rss-base) / float64(b.Len())
	t.Logf("%.1f MiB of text: exit %d in %v, peak RSS %d MiB, %d MiB for one sentence: %.1f× the document more",
		float64(b.Len())/mib, code, time.Since(start).Round(time.Millisecond), rss/mib, base/mib, ratio)
	if code != 0 {
		t.Errorf("exit %d; output:\n%s", code, out)
	}
	if ratio > 8 {
		t.Errorf("peak RSS %.1f× the document above the baseline, want at most 8×", ratio)
	}
}

// TestDamagedStoreCLI points `run` and `query` at damaged and foreign
// files: exit status 3, a message naming the store and the problem, and
// the file's bytes unchanged.
func TestDamagedStoreCLI(t *testing.T) {
	tmp := t.TempDir()
	good := filepath.Join(tmp, "good.db")
	mustRun(t, 0, "run", "--quiet", "--progress", "never", "--store", good, "sample")
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	garbage := func(from int) []byte {
		b := append([]byte(nil), data...)
		for i := from; i < len(b); i++ {
			b[i] = byte(i*131 + i>>7)
		}
		return b
	}
	const page = 4096
	cases := []struct {
		name    string
		data    []byte
		problem string
	}{
		{"text.db", []byte("id\ttext\n1\tnot a database\n"), "not a bolt database"},
		{"sqlite.db", append([]byte("SQLite format 3\x00"), make([]byte, 4096)...), "not a bolt database"},
		{"magic-garbage.db", append(append([]byte(nil), data[:20]...), bytes.Repeat([]byte{0xa5}, 3*page)...), "damaged"},
		{"pages-garbage.db", garbage(2 * page), "damaged"},
		{"cut.db", data[:len(data)/2], "damaged"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := put(t, tmp, tc.name, tc.data)
			for _, args := range [][]string{
				{"run", "--progress", "never", "--store", path, "sample"},
				{"query", "--store", path, "g.V().all()"},
			} {
				code, _, stderr := ng(t, "", args...)
				if code != 3 || !strings.Contains(stderr, path) || !strings.Contains(stderr, tc.problem) {
					t.Errorf("%s: exit %d, want 3 and a message naming %s and %q:\n%s", args[0], code, path, tc.problem, stderr)
				}
				if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") {
					t.Errorf("%s: a panic:\n%s", args[0], stderr)
				}
				if after, _ := os.ReadFile(path); !bytes.Equal(after, tc.data) {
					t.Errorf("%s changed the file", args[0])
				}
			}
		})
	}
}

// labelCounts counts the quads of each document label in an N-Quads
// export (other labels, such as the run records', are left out).
func labelCounts(t *testing.T, nq string) map[string]int {
	t.Helper()
	m := map[string]int{}
	for _, line := range strings.Split(nq, "\n") {
		if i := strings.LastIndex(line, " <"); i > 0 && strings.HasSuffix(line, "> .") && strings.Contains(line[i:], "doc/") {
			m[line[i+1:]]++
		}
	}
	return m
}

// TestDiskFullRun runs `newsgraph run` into a store on a file system too
// small for it: a 2 MiB tmpfs where mounting is allowed, else a file size
// limit on the process (prlimit --fsize), which fails writes the same way.
// The run fails naming the store and the write error; the store reopens,
// every document in it has all its quads (as many as in a clean run), and
// a rerun with room completes it to the clean run's graph.
func TestDiskFullRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pipeline three times")
	}
	bin := buildBinary(t)
	corpus := crashCorpus(t, 120)
	tmp := t.TempDir()
	args := func(store string) []string {
		return []string{"run", "--quiet", "--progress", "never", "--workers", "2", "--batch", "8", "--store", store, corpus}
	}
	clean := filepath.Join(tmp, "clean.db")
	if out, err := exec.Command(bin, args(clean)...).CombinedOutput(); err != nil {
		t.Fatalf("clean run: %v\n%s", err, out)
	}
	export := func(store string) string {
		out, err := exec.Command(bin, "export", "--store", store).Output()
		if err != nil {
			t.Fatalf("export %s: %v", store, err)
		}
		return string(out)
	}
	want := export(clean)
	wantCounts := labelCounts(t, want)
	fi, _ := os.Stat(clean)
	t.Logf("clean run: store of %d KiB, %d documents", fi.Size()>>10, len(wantCounts))

	mnt := filepath.Join(tmp, "small")
	os.Mkdir(mnt, 0o755)
	const limit = 2 << 20
	var full *exec.Cmd
	store := filepath.Join(mnt, "g.db")
	// NEWSGRAPH_TEST_NO_MOUNT=1 tests the fallback where mount works too.
	mount := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d", limit), "tmpfs", mnt)
	if os.Getenv("NEWSGRAPH_TEST_NO_MOUNT") != "" {
		mount = exec.Command("false")
	}
	mountErr := mount.Run()
	if mountErr == nil {
		t.Cleanup(func() {
			if out, err := exec.Command("umount", mnt).CombinedOutput(); err != nil {
				t.Errorf("umount %s: %v %s", mnt, err, out)
			}
		})
		t.Logf("store on a %d KiB tmpfs", limit>>10)
		full = exec.Command(bin, args(store)...)
	} else if p, err := exec.LookPath("prlimit"); err == nil {
		t.Logf("cannot mount a tmpfs here (%v): limiting the file size to %d KiB instead", mountErr, limit>>10)
		full = exec.Command(p, append([]string{fmt.Sprintf("--fsize=%d", limit), bin}, args(store)...)...)
	} else {
		t.Skip("neither mount nor prlimit works here: graph.TestPutDiskFull covers a full disk in-process")
	}
	if fi.Size() <= limit {
		t.Fatalf("the clean store (%d bytes) fits in %d: no full disk to test", fi.Size(), limit)
	}
	out, err := full.CombinedOutput()
	if err == nil {
		t.Fatalf("run on a full disk succeeded:\n%s", out)
	}
	if !strings.Contains(string(out), store) || !strings.Contains(string(out), "no space left on device") &&
		!strings.Contains(string(out), "file too large") {
		t.Errorf("run on a full disk: %v, want a message naming %s and the write error:\n%s", err, store, out)
	}
	t.Logf("run on a full disk: %v: %s", err, lastLine(string(out)))

	got := labelCounts(t, export(store))
	if len(got) == 0 || len(got) >= len(wantCounts) {
		t.Errorf("%d documents on the full disk, want some but not all %d", len(got), len(wantCounts))
	}
	for label, n := range got {
		if wantCounts[label] != n {
			t.Errorf("document %s: %d quads after the full disk, %d in a clean run", label, n, wantCounts[label])
		}
	}
	// Room again: move the store to a roomy folder, as an operator would.
	roomy := filepath.Join(tmp, "roomy.db")
	if data, err := os.ReadFile(store); err != nil {
		t.Fatal(err)
	} else {
		put(t, tmp, "roomy.db", data)
	}
	if out, err := exec.Command(bin, args(roomy)...).CombinedOutput(); err != nil {
		t.Fatalf("rerun with room: %v\n%s", err, out)
	}
	if d := diffExports(export(roomy), want); d != "" {
		t.Errorf("rerun with room differs from the clean run:\n%s", d)
	}
}

// lastLine returns the last non-empty line of s.
func lastLine(s string) string {
	s = strings.TrimSpace(s)
	return s[strings.LastIndex(s, "\n")+1:]
}
