package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"
	"time"
)

func cmdRuns(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "runs", "",
		"Lists the run records of the store, oldest first: id, start, duration, status, documents,\n"+
			"skipped, failed, facts, quads; --json prints each record as one line of JSON with the failures.")
	var (
		sf     storeFlags
		asJSON = fs.Bool("json", false, "one JSON record a line, with the failed documents and reasons")
		last   = fs.Int("n", 0, "only the last `N` runs (0: all)")
	)
	sf.register(fs)
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "newsgraph runs: unexpected argument %q\n", pos[0])
		return exitUsage
	}
	st, code := sf.open(ctx, e, true)
	if st == nil {
		return code
	}
	defer st.Close()
	runs, err := st.Runs(ctx)
	if err != nil {
		fmt.Fprintf(e.stderr, "newsgraph runs: %v\n", err)
		return exitFailed
	}
	if *last > 0 && len(runs) > *last {
		runs = runs[len(runs)-*last:]
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		for _, r := range runs {
			if err := enc.Encode(r); err != nil {
				return exitFailed
			}
		}
		return exitOK
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "RUN\tSTARTED\tSECONDS\tSTATUS\tDOCUMENTS\tSKIPPED\tFAILED\tFACTS\tQUADS")
	for _, r := range runs {
		c := r.Counts
		fmt.Fprintf(w, "%s\t%s\t%.1f\t%s\t%d\t%d\t%d\t%d\t%d\n", r.ID, r.Started.Local().Format(time.DateTime),
			r.Ended.Sub(r.Started).Seconds(), r.Status, c["documents"], c["skipped"], c["failed"], c["facts"], c["quads"])
	}
	if err := w.Flush(); err != nil {
		return exitFailed
	}
	return exitOK
}
