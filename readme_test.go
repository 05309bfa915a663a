package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestREADMESchedules runs the crontab line and the systemd service's
// ExecStart of the README as written, with only the binary, the working
// folder and the articles folder pointed at the test's own.
func TestREADMESchedules(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	cron := regexp.MustCompile("(?m)^[0-9*/,-]+ [0-9*/,-]+ \\* \\* \\* (.+)$").FindSubmatch(readme)
	exec1 := regexp.MustCompile(`(?m)^ExecStart=(.+)$`).FindSubmatch(readme)
	wd := regexp.MustCompile(`(?m)^WorkingDirectory=(.+)$`).FindSubmatch(readme)
	if cron == nil || exec1 == nil || wd == nil {
		t.Fatal("README lacks the crontab line or the systemd service")
	}
	bin := buildBinary(t)
	articles, err := filepath.Abs("sample")
	if err != nil {
		t.Fatal(err)
	}
	for name, cmd := range map[string]string{"crontab": string(cron[1]), "systemd": "cd " + string(wd[1]) + " && " + string(exec1[1])} {
		dir := t.TempDir()
		cmd = strings.NewReplacer("/usr/local/bin/newsgraph", bin, "/var/lib/newsgraph", dir, "/srv/articles", articles).Replace(cmd)
		for i := 0; i < 2; i++ { // the second run finds everything unchanged
			out, err := exec.Command("sh", "-c", cmd).CombinedOutput()
			if err != nil {
				t.Fatalf("%s command %q: %v\n%s", name, cmd, err, out)
			}
		}
		var sum struct{ Documents, Skipped int }
		b, err := os.ReadFile(filepath.Join(dir, "last-run.json"))
		if err != nil {
			t.Fatalf("%s: no summary: %v", name, err)
		}
		if err := json.Unmarshal(b, &sum); err != nil || sum.Documents == 0 || sum.Skipped != sum.Documents {
			t.Errorf("%s: second run's summary %s: want every document skipped", name, b)
		}
	}
}
