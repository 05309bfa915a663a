package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildBinary builds the newsgraph command into a temporary folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "newsgraph")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// crashCorpus writes n articles: BBC articles from ../shared when present,
// else variations of the sample corpus.
func crashCorpus(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	var texts []string
	bbc := filepath.Join("..", "shared", "news", "bbc")
	filepath.WalkDir(bbc, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".txt") && len(texts) < n {
			if b, err := os.ReadFile(p); err == nil {
				texts = append(texts, string(b))
			}
		}
		return nil
	})
	if len(texts) < n {
		t.Logf("%s not found or short: using variations of the sample corpus", bbc)
		samples, _ := filepath.Glob("sample/*.txt")
		for i := len(texts); i < n; i++ {
			b, err := os.ReadFile(samples[i%len(samples)])
			if err != nil {
				t.Fatal(err)
			}
			texts = append(texts, fmt.Sprintf("%s\n\nThis is report number %d of the series.\n", b, i))
		}
	}
	for i, text := range texts {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%04d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestKillAndRerun kills runs with SIGKILL at several points, reruns them
// to completion, and checks that every export equals a clean run's.
func TestKillAndRerun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary many times")
	}
	const docs = 300
	bin := buildBinary(t)
	corpus := crashCorpus(t, docs)
	tmp := t.TempDir()
	runArgs := func(store string) []string {
		return []string{"run", "--quiet", "--progress", "never", "--workers", "2", "--batch", "8", "--store", store, corpus}
	}
	export := func(store string) string {
		out, err := exec.Command(bin, "export", "--store", store).Output()
		if err != nil {
			t.Fatalf("export %s: %v", store, err)
		}
		return string(out)
	}

	clean := filepath.Join(tmp, "clean.db")
	start := time.Now()
	if out, err := exec.Command(bin, runArgs(clean)...).CombinedOutput(); err != nil {
		t.Fatalf("clean run: %v\n%s", err, out)
	}
	full := time.Since(start)
	want := export(clean)
	t.Logf("clean run: %v, %d quads", full, strings.Count(want, "\n"))

	// killAt starts a run and kills it with SIGKILL once its progress bar
	// (forced on, on stderr) shows that fraction p of the documents is
	// done, whatever the speed of the machine; it reports whether the run
	// was still going when killed.
	killAt := func(store string, p float64) bool {
		args := append(runArgs(store), "--progress", "always")
		cmd := exec.Command(bin, args...)
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		target := int(p * float64(docs))
		progress := regexp.MustCompile(`\((\d+)/\d+`)
		killed := make(chan bool, 1)
		go func() {
			buf := make([]byte, 4096)
			var tail []byte
			for {
				n, err := stderr.Read(buf)
				tail = append(tail, buf[:n]...)
				if len(tail) > 256 {
					tail = tail[len(tail)-256:]
				}
				for _, m := range progress.FindAllSubmatch(tail, -1) {
					if done, _ := strconv.Atoi(string(m[1])); done >= target {
						cmd.Process.Signal(syscall.SIGKILL)
						killed <- true
						io.Copy(io.Discard, stderr)
						return
					}
				}
				if err != nil {
					killed <- false
					return
				}
			}
		}()
		k := <-killed
		err = cmd.Wait()
		return k && err != nil
	}
	rerun := func(store string) {
		out, err := exec.Command(bin, runArgs(store)...).CombinedOutput()
		if err != nil {
			t.Fatalf("rerun after kill: %v\n%s", err, out)
		}
	}

	points := []float64{0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95}
	killed := 0
	for i, p := range points {
		store := filepath.Join(tmp, fmt.Sprintf("k%d.db", i))
		if killAt(store, p) {
			killed++
		}
		partial := 0
		if _, err := os.Stat(store); err == nil {
			partial = strings.Count(export(store), "\n")
		}
		rerun(store)
		if got := export(store); got != want {
			t.Errorf("kill at %.0f%% (%d quads at the kill): export after rerun differs from a clean run's:\n%s",
				100*p, partial, diffExports(got, want))
		} else {
			t.Logf("kill at %.0f%%: %d quads at the kill, export after rerun identical", 100*p, partial)
		}
	}
	// Several kills in a row on one store, then a rerun.
	store := filepath.Join(tmp, "chain.db")
	for _, p := range []float64{0.3, 0.3, 0.3} {
		if killAt(store, p) {
			killed++
		}
	}
	rerun(store)
	if got := export(store); got != want {
		t.Errorf("three kills in a row: export after rerun differs:\n%s", diffExports(got, want))
	}
	t.Logf("%d of %d runs killed mid-way; every export identical to the clean run's", killed, len(points)+3)
	if killed < len(points)+3 {
		t.Errorf("only %d of %d runs were killed mid-way", killed, len(points)+3)
	}
}

// diffExports shows some lines only one of two exports has.
func diffExports(got, want string) string {
	g, w := map[string]bool{}, map[string]bool{}
	for _, l := range strings.Split(got, "\n") {
		g[l] = true
	}
	for _, l := range strings.Split(want, "\n") {
		w[l] = true
	}
	var b strings.Builder
	n := 0
	for l := range g {
		if !w[l] && n < 8 {
			fmt.Fprintf(&b, "+ %s\n", l)
			n++
		}
	}
	for l := range w {
		if !g[l] && n < 16 {
			fmt.Fprintf(&b, "- %s\n", l)
			n++
		}
	}
	return b.String()
}
