package bench

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"newsgraph/graph"
)

// required matches the arguments a query of the library insists on: those
// it tests with "!args.NAME" before throwing.
var required = regexp.MustCompile(`!args\.([A-Za-z_][A-Za-z0-9_]*)`)

// uses matches every argument a query reads.
var uses = regexp.MustCompile(`args\.([A-Za-z_][A-Za-z0-9_]*)`)

// queryArgs returns the arguments to give a query's source from those the
// bench has, or why it cannot run: it requires one the bench lacks.
func queryArgs(src string, have map[string]string) (map[string]string, string) {
	args := map[string]string{}
	for _, m := range required.FindAllStringSubmatch(src, -1) {
		if _, ok := have[m[1]]; !ok {
			return nil, "needs --arg " + m[1]
		}
	}
	for _, m := range uses.FindAllStringSubmatch(src, -1) {
		if v, ok := have[m[1]]; ok {
			args[m[1]] = v
		}
	}
	return args, ""
}

// queries times each query of cfg.Queries on the store: cfg.Runs runs (fewer
// if they take longer than cfg.MaxTime), each opening the store as the query
// command does.
func queries(ctx context.Context, store string, cfg Config) ([]Query, error) {
	files, err := filepath.Glob(filepath.Join(cfg.Queries, "*.js"))
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	sort.Strings(files)
	st, err := graph.Open(ctx, store, graph.Options{ReadOnly: true, LockTimeout: 30 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	defer st.Close()
	have, err := withDocs(ctx, st, cfg.Args)
	if err != nil {
		return nil, err
	}
	var out []Query
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
		q := Query{Name: strings.TrimSuffix(filepath.Base(f), ".js")}
		args, why := queryArgs(string(b), have)
		if why != "" {
			q.Skipped = why
			out = append(out, q)
			continue
		}
		var ds []time.Duration
		began := time.Now()
		for len(ds) < cfg.Runs && (cfg.MaxTime <= 0 || len(ds) == 0 || time.Since(began) < cfg.MaxTime) {
			n := 0
			start := time.Now()
			err := st.QueryArgs(ctx, string(b), args, 0, func(any) error { n++; return nil })
			if err != nil {
				return nil, fmt.Errorf("bench: query %s: %w", q.Name, err)
			}
			ds = append(ds, time.Since(start))
			q.Results = n
		}
		sortDurations(ds)
		q.Runs, q.Median, q.P99 = len(ds), median(ds), percentile(ds, 99)
		out = append(out, q)
	}
	return out, nil
}

// withDocs returns args with "a" and "b" added, unless given: the ids of the
// first two documents (by id) that mention args["name"], for the queries
// that compare two documents (shared-entities.js). Without two such
// documents it adds nothing.
func withDocs(ctx context.Context, st *graph.Store, args map[string]string) (map[string]string, error) {
	have := maps.Clone(args)
	if have == nil {
		have = map[string]string{}
	}
	_, okA := have["a"]
	_, okB := have["b"]
	if okA || okB || have["name"] == "" {
		return have, nil
	}
	var ids []string
	err := st.QueryArgs(ctx, `g.emit(entity(args.name).in(ng("mentions")).out(ng("id")).toArray())`, have, 0, func(r any) error {
		if list, ok := r.([]any); ok {
			for _, v := range list {
				if id, ok := v.(string); ok {
					ids = append(ids, id)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("bench: documents mentioning %q: %w", have["name"], err)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) >= 2 {
		have["a"], have["b"] = ids[0], ids[1]
	}
	return have, nil
}
