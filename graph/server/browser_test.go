package server

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// chromium is the browser the page test drives (Debian's chromium).
const chromium = "/usr/bin/chromium"

// headless runs chromium headless on url with extra flags and returns its
// stdout.
func headless(t *testing.T, url string, flags ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-extensions", "--hide-scrollbars", "--mute-audio",
		"--user-data-dir=" + t.TempDir(), "--window-size=1280,800", "--virtual-time-budget=15000",
	}
	args = append(append(args, flags...), url)
	cmd := exec.CommandContext(ctx, chromium, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.Bytes())
	}
	return stdout.Bytes()
}

// TestBrowser opens the graph page in headless Chromium against the
// sample store, checks that it draws Kerry's neighbourhood, and saves a
// screenshot (to the test's temp dir, and to $NEWSGRAPH_SCREENSHOT when
// set).
func TestBrowser(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("%s is absent (apt-get install -y chromium): %v", chromium, err)
	}
	if testing.Short() {
		t.Skip("short")
	}
	srv := httptest.NewServer(New(sampleStore(t), Options{}))
	defer srv.Close()
	page := srv.URL + "/graph?name=Kerry"

	dom := string(headless(t, page, "--dump-dom"))
	nodes := regexp.MustCompile(`<g class="node [^"]*" data-id="[^"]+"`).FindAllString(dom, -1)
	edges := regexp.MustCompile(`<path class="edge( hot)?" d="M[-0-9.]+,[-0-9.]+ Q`).FindAllString(dom, -1)
	if len(nodes) < 2 || len(edges) < 1 {
		t.Fatalf("drew %d nodes and %d edges, want at least 2 and 1; DOM:\n%.3000s", len(nodes), len(edges), dom)
	}
	for _, want := range []string{">John Kerry</text>", ">Sergei Lavrov</text>", ">meet with</text>"} {
		if !bytes.Contains([]byte(dom), []byte(want)) {
			t.Errorf("%s is not drawn", want)
		}
	}
	m := regexp.MustCompile(`<output id="status"[^>]*>(\d+) nodes, (\d+) facts`).FindStringSubmatch(dom)
	if m == nil {
		t.Errorf("no status line:\n%.3000s", dom)
	} else if n, _ := strconv.Atoi(m[1]); n != len(nodes) {
		t.Errorf("status says %s nodes, %d drawn", m[1], len(nodes))
	}
	t.Logf("drew %d nodes, %d edges", len(nodes), len(edges))

	shot := filepath.Join(t.TempDir(), "graph.png")
	headless(t, page, "--screenshot="+shot)
	png, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) || len(png) < 5000 {
		t.Fatalf("the screenshot is not a plausible PNG (%d bytes)", len(png))
	}
	if dst := os.Getenv("NEWSGRAPH_SCREENSHOT"); dst != "" {
		if err := os.WriteFile(dst, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot saved to %s", dst)
	}
}
