package bench

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"time"
)

// child runs bin with args, its output to the file logFile, and returns its
// wall time, CPU time and peak RSS. A failure names the log.
func child(ctx context.Context, logFile, bin string, args ...string) (Child, error) {
	return childEnv(ctx, nil, logFile, bin, args...)
}

// childEnv is child with env added to the environment.
func childEnv(ctx context.Context, env []string, logFile, bin string, args ...string) (Child, error) {
	f, err := os.Create(logFile)
	if err != nil {
		return Child{}, fmt.Errorf("bench: %w", err)
	}
	defer f.Close()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout, cmd.Stderr = f, f
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	start := time.Now()
	err = cmd.Run()
	c := Child{Wall: time.Since(start).Seconds()}
	if ps := cmd.ProcessState; ps != nil {
		c.CPU = (ps.UserTime() + ps.SystemTime()).Seconds()
		c.RSS = maxRSS(ps)
	}
	if err != nil {
		return c, fmt.Errorf("bench: %s %s: %w (see %s)", bin, args[0], err, logFile)
	}
	return c, nil
}
