// Command newsgraph turns news articles into a knowledge graph.
//
// It reads a corpus (folders of .txt/.html files, JSONL, gzip of either),
// drops page boilerplate, finds subject–relation–object facts with prose,
// resolves the entities they name, and loads them into a Cayley quad store
// with the source document as each quad's label. The graph is queried with
// Gizmo and exported as N-Quads or a TSV of facts.
//
// Usage:
//
//	newsgraph run [flags] PATH...     process articles into the store
//	newsgraph query [flags] 'GIZMO'   run a Gizmo query, one JSON result a line
//	newsgraph export [flags]          write the graph as N-Quads or TSV
//	newsgraph runs [flags]            list the run records of the store
//	newsgraph load [flags] FILE.nq    add the quads of N-Quads files to the store
//	newsgraph extract [FILE]          extractions of sentences, CaRB format
//	newsgraph eval --carb DIR         score the extractor on CaRB
//
// Run "newsgraph COMMAND -h" for the flags of a command.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"golang.org/x/term"
)

// Exit statuses.
const (
	exitOK      = 0 // all good
	exitFailed  = 1 // some documents failed, or the command failed
	exitUsage   = 2 // usage error
	exitLocked  = 3 // store locked or unavailable
	defaultPath = "newsgraph.db"
)

// command is one subcommand of newsgraph.
type command struct {
	name, summary string
	run           func(ctx context.Context, env *env, args []string) int
}

// env is what a command gets from the process: its streams and logger.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	log            *slog.Logger
	stderrIsTTY    bool
}

var commands []command

func init() {
	commands = []command{
		{"init", "create the store (a bolt file, or the schema in PostgreSQL/CockroachDB)", cmdInit},
		{"run", "process articles into the store", cmdRun},
		{"query", "run a Gizmo query against the store", cmdQuery},
		{"export", "write the graph as N-Quads or a TSV of facts", cmdExport},
		{"runs", "list the run records of the store", cmdRuns},
		{"load", "add the quads of N-Quads files to the store", cmdLoad},
		{"serve", "serve the store over HTTP: Cayley's query API and a graph page", cmdServe},
		{"extract", "extract facts from sentences, in CaRB's tab format", cmdExtract},
		{"eval", "score the extractor on the CaRB benchmark", cmdEval},
		{"bench", "measure throughput, memory and query latency against prose and cayley", cmdBench},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Main runs the newsgraph command with args (without the program name) and
// returns its exit status.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, stderrIsTTY: isTerminal(stderr)}
	e.log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	fmt.Fprintf(stderr, "newsgraph: unknown command %q\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "newsgraph turns news articles into a knowledge graph (Cayley, Gizmo, N-Quads).")
	fmt.Fprintln(w, "\nUsage: newsgraph COMMAND [flags] [args]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'newsgraph COMMAND -h' for a command's flags.")
}

// newFlags makes a flag set for a command that prints its usage to stderr.
func newFlags(e *env, name, args, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: newsgraph %s [flags] %s\n\n%s\n\nFlags:\n", name, args, about)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags that may stand before or after positional arguments
// ("run corpus/ --workers 2" as well as "run --workers 2 corpus/"). It
// returns the positional arguments, and ok=false with the exit status when
// the command should stop (-h, or a usage error already reported).
func parse(fs *flag.FlagSet, args []string) (pos []string, code int, ok bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK, false
			}
			return nil, exitUsage, false
		}
		args = fs.Args()
		i := 0
		for i < len(args) && (args[i] == "-" || !strings.HasPrefix(args[i], "-")) {
			i++
		}
		pos = append(pos, args[:i]...)
		if i == len(args) {
			return pos, exitOK, true
		}
		if args[i] == "--" {
			return append(pos, args[i+1:]...), exitOK, true
		}
		args = args[i:]
	}
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}
