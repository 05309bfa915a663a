package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe for concurrent use.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServe runs newsgraph serve on the sample store at a free port,
// queries it, and stops it as SIGTERM would (by cancelling its context).
func TestServe(t *testing.T) { checkServe(t, sampleStore(t)) }

// TestPostgresServe serves a PostgreSQL store as TestServe a bolt one.
func TestPostgresServe(t *testing.T) {
	store := pgTestDB(t)
	mustRun(t, 0, "run", "--store", store, "sample")
	checkServe(t, store)
}

// checkServe runs serve on store and checks a query, the time limit, the
// page and the shutdown.
func checkServe(t *testing.T, store string) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"serve", "--store", store, "--addr", "127.0.0.1:0", "--query-timeout", "2s"}, nil, pw, &stderr)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no URL printed: %v; stderr:\n%s", err, stderr.String())
	}
	base := strings.TrimSpace(line)
	if !strings.HasPrefix(base, "http://127.0.0.1:") || !strings.HasSuffix(base, "/") {
		t.Fatalf("printed %q, want http://127.0.0.1:PORT/", base)
	}
	go io.Copy(io.Discard, pr)

	res, err := http.Post(base+"api/v1/query/gizmo", "text/plain", strings.NewReader(`entity("Kerry").out(rel("meet with")).out(name).all()`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "Sergei Lavrov") {
		t.Errorf("query: %d %s", res.StatusCode, body)
	}
	start := time.Now()
	res, err = http.Post(base+"api/v1/query/gizmo", "text/plain", strings.NewReader(`while (true) {}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "time limit") || time.Since(start) > 5*time.Second {
		t.Errorf("endless query: %d %s after %v", res.StatusCode, body, time.Since(start))
	}
	if res, err := http.Get(base + "graph"); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("graph page: %v %v", res, err)
	} else {
		res.Body.Close()
	}

	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("exit %d after shutdown; stderr:\n%s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	if log := stderr.String(); !strings.Contains(log, "path=/api/v1/query/gizmo") || !strings.Contains(log, "shutting down") {
		t.Errorf("log on stderr lacks requests or shutdown:\n%s", log)
	}
}

func TestServeErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	store := putStore(t, t.TempDir(), hostileDoc("h"))
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"argument", []string{"serve", "--store", store, "extra"}, exitUsage},
		{"timeout", []string{"serve", "--store", store, "--query-timeout", "0s"}, exitUsage},
		{"limit", []string{"serve", "--store", store, "--limit", "-1"}, exitUsage},
		{"no store", []string{"serve", "--store", filepath.Join(t.TempDir(), "none.db")}, exitLocked},
		{"address in use", []string{"serve", "--store", store, "--addr", ln.Addr().String()}, exitFailed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := Main(context.Background(), tc.args, nil, &stdout, &stderr); code != tc.want {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.want, stderr.String())
			}
			if stderr.Len() == 0 {
				t.Error("no message on stderr")
			}
		})
	}
}
