package main

import (
	_ "github.com/cayleygraph/cayley"
	_ "github.com/cayleygraph/cayley/graph/kv/bolt"
	_ "github.com/cayleygraph/cayley/graph/memstore"
	_ "github.com/cayleygraph/cayley/query/gizmo"
	_ "github.com/cayleygraph/quad"
	_ "github.com/cayleygraph/quad/nquads"
	_ "github.com/jdkato/prose/v3"
	_ "github.com/schollz/progressbar/v3"
)

func main() {}
