package main

import (
	"context"
	"fmt"

	"newsgraph/graph"
)

// cmdInit creates the store: cayley's schema in a PostgreSQL or
// CockroachDB database, an empty bolt file. An existing store is left as
// it is.
func cmdInit(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "init", "",
		"Creates the store named by --store if it does not exist: the tables and indexes of Cayley's SQL\n"+
			"store in a postgres:// or cockroach:// database, or an empty bolt file. An existing store is left\n"+
			"as it is. Exit status: 0 done, 2 usage error, 3 store unavailable or not a store.")
	var sf storeFlags
	sf.register(fs)
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "newsgraph init: unexpected argument %q\n", pos[0])
		return exitUsage
	}
	created, err := graph.Init(ctx, sf.store, graph.Options{Base: sf.base})
	switch {
	case err != nil:
		fmt.Fprintf(e.stderr, "newsgraph: %v\n", err)
		return exitLocked
	case created:
		fmt.Fprintf(e.stderr, "newsgraph: created store %s\n", display(sf.store))
	default:
		fmt.Fprintf(e.stderr, "newsgraph: store %s exists\n", display(sf.store))
	}
	return exitOK
}

// display is a store spec for messages, without a URL's password.
func display(spec string) string {
	if _, _, ok := graph.SQLFlavor(spec); ok {
		return graph.Redact(spec)
	}
	return spec
}
