package out

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/quad"

	"newsgraph/graph"
)

// DefaultDepth is the depth of a DOT neighbourhood when none is given.
const DefaultDepth = 2

// DOTOptions select what DOT draws.
type DOTOptions struct {
	// Around is a name or alias of the entities (or the text of the terms)
	// at the centre of a neighbourhood; "" draws the whole graph. Exact
	// matches win; failing those, matches ignoring case.
	Around string
	// Depth is how many fact edges, followed in either direction, a node
	// of the neighbourhood may be from the centre; 0 or less is
	// DefaultDepth.
	Depth int
}

// dotNode is an entity or term of the DOT graph.
type dotNode struct {
	iri   quad.Value
	label string
	class string // Person, Place, Organization, Thing or Term
	id    int    // index in the sorted output
	root  bool
}

// dotGraph is the graph DOT draws.
type dotGraph struct {
	nodes   []*dotNode // sorted by label, then IRI; id is the index
	edges   []dotEdge  // sorted, without duplicates
	aliases map[*dotNode][]string
}

// dotEdge is a fact edge <subject> <B r/LEMMA> <object>.
type dotEdge struct {
	from, to *dotNode
	label    string
}

// DOT writes the fact edges between entities and terms (stated facts, not
// negated ones) as a Graphviz digraph, without the nodes that have none:
// nodes labelled with their canonical
// names and shaped by class, edges labelled with relation lemmas. With
// opt.Around it draws the neighbourhood of those nodes: a breadth-first
// walk over fact edges in both directions to opt.Depth, with the edges the
// walk follows (the centre is drawn even without edges). Labels are quoted and escaped, and the output is
// deterministic (nodes sorted by label, then IRI; edges by their ends and
// label). It returns the number of edges written, and an error when
// opt.Around names nothing.
func DOT(ctx context.Context, w io.Writer, s *graph.Store, opt DOTOptions) (int, error) {
	g, err := readDOTGraph(ctx, s)
	if err != nil {
		return 0, err
	}
	if opt.Around != "" {
		depth := opt.Depth
		if depth <= 0 {
			depth = DefaultDepth
		}
		if err := g.around(opt.Around, depth); err != nil {
			return 0, err
		}
	} else {
		g.dropIsolated()
	}
	if err := g.write(w); err != nil {
		return 0, fmt.Errorf("exporting DOT: %w", err)
	}
	return len(g.edges), nil
}

// readDOTGraph reads the store once and returns the entity and term nodes
// and the fact edges between them.
func readDOTGraph(ctx context.Context, s *graph.Store) (*dotGraph, error) {
	sch := s.Schema()
	var (
		rdfType      = quad.IRI(graph.RDF + "type")
		rdfPredicate = quad.IRI(graph.RDF + "predicate")
		pName        = sch.Pred(graph.PredName)
		pAlias       = sch.Pred(graph.PredAlias)
		pRel         = sch.Pred(graph.PredRelation)
		relPrefix    = string(sch.Rel(""))
	)
	classes := map[quad.Value]string{}
	for _, c := range [...]string{graph.ClassPerson, graph.ClassPlace, graph.ClassOrganization, graph.ClassThing, graph.ClassTerm} {
		classes[sch.Class(c)] = c
	}
	type fact struct {
		sub, obj quad.Value
		pred     quad.IRI
	}
	var (
		byIRI   = map[quad.Value]*dotNode{}
		aliases = map[quad.Value][]string{}
		facts   = map[fact]struct{}{}
		stmtRel = map[quad.Value]quad.Value{} // statement → relation predicate
		stmtLem = map[quad.Value]string{}     // statement → lemma
	)
	get := func(v quad.Value) *dotNode {
		n := byIRI[v]
		if n == nil {
			n = &dotNode{iri: v}
			byIRI[v] = n
		}
		return n
	}
	err := s.Quads(ctx, func(q quad.Quad) error {
		p, _ := q.Predicate.(quad.IRI)
		switch {
		case p == rdfType:
			if c, ok := classes[q.Object]; ok {
				get(q.Subject).class = c
			}
		case p == pName:
			n, l := get(q.Subject), literal(q.Object)
			if n.label == "" || better(l, n.label) {
				n.label = l
			}
		case p == pAlias:
			aliases[q.Subject] = append(aliases[q.Subject], literal(q.Object))
		case p == rdfPredicate:
			stmtRel[q.Subject] = q.Object
		case p == pRel:
			stmtLem[q.Subject] = literal(q.Object)
		case strings.HasPrefix(string(p), relPrefix):
			facts[fact{q.Subject, q.Object, p}] = struct{}{}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("exporting DOT: %w", err)
	}
	lemmas := make(map[quad.Value]string, len(stmtRel))
	for st, rel := range stmtRel {
		if l, ok := stmtLem[st]; ok {
			lemmas[rel] = l
		}
	}
	g := &dotGraph{aliases: map[*dotNode][]string{}}
	for _, n := range byIRI {
		if n.class == "" {
			continue // a document, a statement, a class…
		}
		if n.label == "" {
			n.label = localName(n.iri)
		}
		g.nodes = append(g.nodes, n)
		g.aliases[n] = append(aliases[n.iri], n.label)
	}
	slices.SortFunc(g.nodes, func(a, b *dotNode) int {
		return cmp.Or(strings.Compare(a.label, b.label), strings.Compare(a.iri.String(), b.iri.String()))
	})
	for i, n := range g.nodes {
		n.id = i
	}
	g.edges = make([]dotEdge, 0, len(facts))
	for f := range facts {
		from, to := byIRI[f.sub], byIRI[f.obj]
		if from == nil || to == nil || from.class == "" || to.class == "" {
			continue
		}
		l, ok := lemmas[f.pred]
		if !ok {
			l = relLemma(string(f.pred), relPrefix)
		}
		g.edges = append(g.edges, dotEdge{from, to, l})
	}
	sortEdges(g.edges)
	return g, nil
}

// relLemma returns the lemma of a relation predicate <B r/LEMMA>.
func relLemma(iri, prefix string) string {
	s := strings.TrimPrefix(iri, prefix)
	if dec, err := url.PathUnescape(s); err == nil {
		s = dec
	}
	return strings.ReplaceAll(s, "_", " ")
}

func sortEdges(edges []dotEdge) {
	slices.SortFunc(edges, func(a, b dotEdge) int {
		return cmp.Or(cmp.Compare(a.from.id, b.from.id), cmp.Compare(a.to.id, b.to.id), strings.Compare(a.label, b.label))
	})
}

// around keeps the neighbourhood of the nodes named name: the nodes at
// most depth fact edges away, either direction, and the edges followed to
// reach them (those with an end nearer than depth).
func (g *dotGraph) around(name string, depth int) error {
	var roots []*dotNode
	for _, fold := range [...]bool{false, true} {
		for _, n := range g.nodes {
			if slices.ContainsFunc(g.aliases[n], func(a string) bool {
				return a == name || fold && strings.EqualFold(a, name)
			}) {
				roots = append(roots, n)
			}
		}
		if len(roots) > 0 {
			break
		}
	}
	if len(roots) == 0 {
		return fmt.Errorf("exporting DOT: no entity or term is named %q", name)
	}
	adj := make(map[*dotNode][]*dotNode)
	for _, e := range g.edges {
		adj[e.from] = append(adj[e.from], e.to)
		adj[e.to] = append(adj[e.to], e.from)
	}
	dist := make(map[*dotNode]int, len(roots))
	queue := make([]*dotNode, 0, len(roots))
	for _, r := range roots {
		r.root = true
		dist[r] = 0
		queue = append(queue, r)
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if dist[n] == depth {
			continue
		}
		for _, m := range adj[n] {
			if _, ok := dist[m]; !ok {
				dist[m] = dist[n] + 1
				queue = append(queue, m)
			}
		}
	}
	nodes := g.nodes[:0]
	for _, n := range g.nodes {
		if _, ok := dist[n]; ok {
			n.id = len(nodes) // same order, so the edges stay sorted
			nodes = append(nodes, n)
		}
	}
	g.nodes = nodes
	edges := g.edges[:0]
	for _, e := range g.edges {
		df, okf := dist[e.from]
		dt, okt := dist[e.to]
		if okf && okt && min(df, dt) < depth {
			edges = append(edges, e)
		}
	}
	g.edges = edges
	return nil
}

// dropIsolated drops the nodes without edges.
func (g *dotGraph) dropIsolated() {
	linked := make(map[*dotNode]bool, len(g.nodes))
	for _, e := range g.edges {
		linked[e.from], linked[e.to] = true, true
	}
	nodes := g.nodes[:0]
	for _, n := range g.nodes {
		if linked[n] {
			n.id = len(nodes) // same order, so the edges stay sorted
			nodes = append(nodes, n)
		}
	}
	g.nodes = nodes
}

// shapes are the node shapes of the classes.
var shapes = map[string]string{
	graph.ClassPerson:       "ellipse",
	graph.ClassPlace:        "box",
	graph.ClassOrganization: "hexagon",
	graph.ClassThing:        "octagon",
	graph.ClassTerm:         "note",
}

// write writes the graph in DOT. Node ids are n0, n1… in label order.
func (g *dotGraph) write(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("digraph newsgraph {\n\tgraph [rankdir=LR, charset=\"UTF-8\"];\n\tnode [fontsize=11];\n\tedge [fontsize=9];\n")
	var line []byte
	for _, n := range g.nodes {
		line = append(line[:0], "\tn"...)
		line = strconv.AppendInt(line, int64(n.id), 10)
		line = append(line, " [label="...)
		line = appendDOTString(line, n.label)
		line = append(line, ", shape="...)
		line = append(line, shapes[n.class]...)
		if n.root {
			line = append(line, ", style=filled, fillcolor=lightyellow"...)
		}
		line = append(line, "];\n"...)
		bw.Write(line)
	}
	for _, e := range g.edges {
		line = append(line[:0], "\tn"...)
		line = strconv.AppendInt(line, int64(e.from.id), 10)
		line = append(line, " -> n"...)
		line = strconv.AppendInt(line, int64(e.to.id), 10)
		line = append(line, " [label="...)
		line = appendDOTString(line, e.label)
		line = append(line, "];\n"...)
		bw.Write(line)
	}
	bw.WriteString("}\n")
	return bw.Flush()
}

// appendDOTString appends s as a quoted DOT string whose label shows s as
// it is: quotes and backslashes escaped, line breaks as \n (centred
// lines), other control characters as spaces, invalid UTF-8 as U+FFFD.
func appendDOTString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			dst = append(dst, '\\', byte(r))
		case r == '\n':
			dst = append(dst, '\\', 'n')
		case r == '\r':
		case r < 0x20 || r == 0x7F:
			dst = append(dst, ' ')
		default:
			dst = utf8.AppendRune(dst, r)
		}
	}
	return append(dst, '"')
}
