package graph

import (
	"context"
	"fmt"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// The passes that follow the documents (canonical names, merges, support)
// are computed region by region. A region starts from seed nodes (the
// entity and term nodes of the documents a run put or deleted: Refresh;
// every entity and term node of the store: Names) and grows to what the
// derived quads of its nodes depend on: the entities sharing a surname
// with its entities (the <B surname> quads of label <B names> index them),
// and their merge partners. The quads of labels <B names> and <B support>
// that touch the region are then recomputed from the documents' quads
// reached by indexed lookups from its nodes, and replaced by the
// difference. Nothing scans the whole store (Cayley's kv stores have no
// predicate index), and memory grows with a region, not with the store.
//
// Regions are processed seedChunk seeds at a time, one after another; a
// derived quad touching two regions is recomputed by the later one with
// what the earlier one wrote, so the result does not depend on how the
// seeds were cut (tested against Names).

// regionQuads is the number of quads a region aims to read: its memory
// follows them.
const regionQuads = 1000000

// seedChunk is the most seed nodes of one region.
var seedChunk = 2000 // a variable for the tests

// PredSurname is the predicate of <e> <B surname> "last word" (label
// <B names>) for an entity whose key has several words: the index that
// finds the full names a lone surname may stand for.
const PredSurname = "surname"

// nodeAdder returns a function that adds the entity and term nodes of a
// quad (subject, object) to set.
func (s *Store) nodeAdder(set map[quad.Value]struct{}) func(quad.Quad) {
	e, t := string(s.sch.Entity("")), s.sch.base()+"t/"
	return func(q quad.Quad) {
		for _, v := range [...]quad.Value{q.Subject, q.Object} {
			if iri, ok := v.(quad.IRI); ok && (strings.HasPrefix(string(iri), e) || strings.HasPrefix(string(iri), t)) {
				set[v] = struct{}{}
			}
		}
	}
}

// touch records the entity and term nodes of quads as changed, for the
// next Refresh. The caller holds s.mu for writing.
func (s *Store) touch(qs []quad.Quad) {
	add := s.nodeAdder(s.dirtySet())
	for _, q := range qs {
		add(q)
	}
}

// touchSet is touch for a set of quads.
func (s *Store) touchSet(set map[quad.Quad]struct{}) {
	add := s.nodeAdder(s.dirtySet())
	for q := range set {
		add(q)
	}
}

func (s *Store) dirtySet() map[quad.Value]struct{} {
	if s.dirty == nil {
		s.dirty = map[quad.Value]struct{}{}
	}
	return s.dirty
}

// Refresh recomputes the quads derived from the set of documents (labels
// <B names> and <B support>, see the package documentation) where the
// documents this Store put or deleted since its last Refresh or Names can
// have changed them. It returns the number of quads changed. After a
// process ended without its Refresh (a crash), use Names.
func (s *Store) Refresh(ctx context.Context) (int, error) {
	return s.passes(ctx, false)
}

// Names recomputes every quad derived from the set of documents: the
// canonical name of every entity and the merges of surname-only entities
// into the one full name they stand for (label <B names>), then the
// cross-document claims with their support (label <B support>), see the
// package documentation. Each label is replaced by the difference only.
// It returns the number of quads changed.
func (s *Store) Names(ctx context.Context) (int, error) {
	return s.passes(ctx, true)
}

func (s *Store) passes(ctx context.Context, all bool) (int, error) {
	var seeds []quad.Value
	if all {
		err := s.read(func(qs graph.QuadStore) (err error) {
			seeds, err = s.allNodes(ctx, qs)
			return err
		})
		if err != nil {
			return 0, err
		}
	} else {
		s.mu.RLock()
		seeds = make([]quad.Value, 0, len(s.dirty))
		for v := range s.dirty {
			seeds = append(seeds, v)
		}
		s.mu.RUnlock()
	}
	slices.SortFunc(seeds, func(a, b quad.Value) int { return strings.Compare(quad.StringOf(a), quad.StringOf(b)) })
	// One write per region: a bolt file is opened and closed for each,
	// so readers take turns and the pages a region read are let go.
	var n int
	// Seeds of the next region: few at first, then adapted to the quads
	// a region read (a corpus of many documents about the same entities
	// has many quads per node).
	k := min(seedChunk, 16)
	for len(seeds) > 0 {
		k = min(k, len(seeds))
		read := s.reads.Load()
		err := s.update(func(qs graph.QuadStore) error {
			// Shards writing one SQL store at once each run the passes
			// at their end: one region at a time.
			unlock, err := s.passLock(ctx)
			if err != nil {
				return err
			}
			defer unlock()
			m, err := s.region(ctx, qs, seeds[:k])
			n += m
			if err == nil {
				for _, v := range seeds[:k] {
					delete(s.dirty, v)
				}
			}
			return err
		})
		if err != nil {
			return n, err
		}
		seeds = seeds[k:]
		if read = s.reads.Load() - read; read > 0 {
			k = max(min(int(int64(k)*regionQuads/read), 2*k), 1)
		} else {
			k *= 2
		}
		k = min(k, seedChunk)
	}
	if all {
		s.mu.Lock()
		clear(s.dirty)
		s.mu.Unlock()
	}
	return n, nil
}

// allNodes returns every entity and term node of the store (one scan).
func (s *Store) allNodes(ctx context.Context, qs graph.QuadStore) ([]quad.Value, error) {
	set := map[quad.Value]struct{}{}
	add := s.nodeAdder(set)
	it := qs.QuadsAllIterator()
	defer it.Close()
	err := s.scan(ctx, qs, it, func(q quad.Quad) error {
		add(q)
		return nil
	})
	out := make([]quad.Value, 0, len(set))
	for v := range set {
		out = append(out, v)
	}
	return out, err
}

// lookup caches the quads around nodes for one region.
type lookup struct {
	s      *Store
	ctx    context.Context
	qs     graph.QuadStore
	from   map[quad.Value][]quad.Quad // quads with the node as subject
	to     map[quad.Value][]quad.Quad // quads with the node as object
	sameAs map[quad.Value]quad.Value  // stored merges read so far

	sameAsKey map[any]bool // the key of owl:sameAs
	heavy     map[any]bool // the keys quads skips on the object side
}

// quads returns the quads with v as subject, or as object but for the
// statements' rdf:subject and rdf:object and the documents' mentions
// (which the names pass has no use for, and are most of an entity's).
func (l *lookup) quads(dir quad.Direction, v quad.Value) ([]quad.Quad, error) {
	cache := l.from
	if dir == quad.Object {
		cache = l.to
	}
	if qs, ok := cache[v]; ok {
		return qs, nil
	}
	l.heavyKeys()
	out, err := l.fetch(dir, v)
	if err != nil {
		return nil, err
	}
	cache[v] = out
	return out, nil
}

// heavyKeys sets l.heavy, the keys of the predicates quads skips on the
// object side, if it is not set.
func (l *lookup) heavyKeys() {
	if l.heavy == nil {
		l.heavy = l.keys(quad.IRI(RDF+"subject"), quad.IRI(RDF+"object"), l.s.sch.Pred(PredMentions))
	}
}

// fetch is quads without the cache; safe for concurrent use once
// heavyKeys ran.
func (l *lookup) fetch(dir quad.Direction, v quad.Value) ([]quad.Quad, error) {
	if dir == quad.Object {
		return l.matching(dir, v, l.heavy, true)
	}
	return l.matching(dir, v, nil, true)
}

// keys returns the set of the store's keys of the predicates (those the
// store has).
func (l *lookup) keys(preds ...quad.IRI) map[any]bool {
	out := map[any]bool{}
	for _, p := range preds {
		if ref := l.qs.ValueOf(p); ref != nil {
			out[graph.ToKey(ref)] = true
		}
	}
	return out
}

// matching returns the quads with v in direction dir whose predicate is
// (or, with not, is not) one of preds, reading no values of the others.
func (l *lookup) matching(dir quad.Direction, v quad.Value, preds map[any]bool, not bool) ([]quad.Quad, error) {
	ref := l.qs.ValueOf(v)
	if ref == nil {
		return nil, nil
	}
	it := l.qs.QuadIterator(dir, ref)
	defer it.Close()
	var out []quad.Quad
	err := l.s.scanIf(l.ctx, l.qs, it, func(p any) bool { return preds[p] != not }, func(q quad.Quad) error {
		out = append(out, q)
		return nil
	})
	return out, err
}

// each runs fetch(i) for i in [0, n) on as many goroutines as there are
// CPUs: the lookups of a region are reads, which the stores serve
// concurrently (bolt: one read transaction each). It returns the first
// error.
func each(n int, fetch func(i int) error) error {
	workers := min(n, runtime.GOMAXPROCS(0))
	if workers <= 1 {
		for i := range n {
			if err := fetch(i); err != nil {
				return err
			}
		}
		return nil
	}
	var (
		next atomic.Int64
		wg   sync.WaitGroup
		mu   sync.Mutex
		err  error
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				if e := fetch(i); e != nil {
					mu.Lock()
					if err == nil {
						err = e
					}
					mu.Unlock()
					next.Store(int64(n)) // stop the others
					return
				}
			}
		}()
	}
	wg.Wait()
	return err
}

// prefetch fills the caches of quads (both directions) for nodes, in
// parallel.
func (l *lookup) prefetch(nodes []quad.Value) error {
	l.heavyKeys()
	var todo []quad.Value
	for _, v := range nodes {
		if _, ok := l.from[v]; !ok {
			todo = append(todo, v)
		}
	}
	from, to := make([][]quad.Quad, len(todo)), make([][]quad.Quad, len(todo))
	err := each(len(todo), func(i int) (err error) {
		if from[i], err = l.fetch(quad.Subject, todo[i]); err != nil {
			return err
		}
		to[i], err = l.fetch(quad.Object, todo[i])
		return err
	})
	if err != nil {
		return err
	}
	for i, v := range todo {
		l.from[v], l.to[v] = from[i], to[i]
	}
	return nil
}

// matchingEach is matching for each of nodes, in parallel (each).
func (l *lookup) matchingEach(dir quad.Direction, nodes []quad.Value, preds map[any]bool, not bool) ([][]quad.Quad, error) {
	found := make([][]quad.Quad, len(nodes))
	err := each(len(nodes), func(i int) (err error) {
		found[i], err = l.matching(dir, nodes[i], preds, not)
		return err
	})
	return found, err
}

// canon is v's stored merge target, or v. Only an entity of one word can
// be merged into another.
func (l *lookup) canon(v quad.Value) (quad.Value, error) {
	if key := l.s.entityKey(v); key == "" || strings.IndexByte(key, '-') >= 0 {
		return v, nil
	}
	if t, ok := l.sameAs[v]; ok {
		return t, nil
	}
	if l.sameAsKey == nil {
		l.sameAsKey = l.keys(SameAs)
	}
	t := v
	out, err := l.matching(quad.Subject, v, l.sameAsKey, false)
	if err != nil {
		return nil, err
	}
	label := l.s.sch.Pred(NamesLabel)
	for _, q := range out {
		if q.Label == label {
			t = q.Object
		}
	}
	l.sameAs[v] = t
	return t, nil
}

// entityKey is the key of an entity node, or "" for another node.
func (s *Store) entityKey(v quad.Value) string {
	iri, ok := v.(quad.IRI)
	prefix := string(s.sch.Entity(""))
	if !ok || !strings.HasPrefix(string(iri), prefix) {
		return ""
	}
	key := string(iri[len(prefix):])
	if k, err := url.PathUnescape(key); err == nil {
		key = k
	}
	return key
}

// surname is the last word of an entity key ("obama" of "barack-obama";
// the key itself when it has one word).
func surname(key string) (last string, single bool) {
	i := strings.LastIndexByte(key, '-')
	return key[i+1:], i < 0
}

// region recomputes the derived quads touching the region grown from seeds.
// It returns the number of quads changed.
func (s *Store) region(ctx context.Context, qs graph.QuadStore, seeds []quad.Value) (int, error) {
	l := &lookup{s: s, ctx: ctx, qs: qs, from: map[quad.Value][]quad.Quad{},
		to: map[quad.Value][]quad.Quad{}, sameAs: map[quad.Value]quad.Value{}}
	namesLabel := s.sch.Pred(NamesLabel)
	pSurname := s.sch.Pred(PredSurname)

	// The entities: the seeds', the lone surname and the full names of
	// each of their surnames, and their stored merge partners.
	ents := map[quad.Value]bool{}
	surnames := map[string]bool{}
	for _, v := range seeds {
		if key := s.entityKey(v); key != "" {
			ents[v] = true
			last, _ := surname(key)
			surnames[last] = true
		}
	}
	for last := range surnames {
		ents[s.sch.Entity(last)] = true
		out, err := l.quads(quad.Object, quad.String(last))
		if err != nil {
			return 0, err
		}
		for _, q := range out {
			if q.Predicate == pSurname && q.Label == namesLabel {
				ents[q.Subject] = true
			}
		}
	}
	if err := l.prefetch(maps(ents)); err != nil {
		return 0, err
	}
	for _, e := range maps(ents) {
		for _, dir := range [...]quad.Direction{quad.Subject, quad.Object} {
			out, err := l.quads(dir, e)
			if err != nil {
				return 0, err
			}
			for _, q := range out {
				if q.Predicate == SameAs && q.Label == namesLabel {
					ents[q.Subject], ents[q.Object] = true, true
				}
			}
		}
	}
	n, moved, merging, err := s.regionNames(l, ents)
	if err != nil {
		return 0, err
	}
	// The merges of the region are written: read them again.
	clear(l.from)
	clear(l.to)
	clear(l.sameAs)
	l.sameAsKey, l.heavy = nil, nil // sameAs may be new to the store
	// Claims change where statements changed (their subjects are seeds)
	// and where merges changed (moved); the claims of a merged node count
	// its members' statements too (merging).
	bySub := slices.Clone(seeds)
	for v := range moved {
		bySub = append(bySub, v)
	}
	for v := range merging {
		bySub = append(bySub, v)
	}
	m, err := s.regionSupport(l, bySub, maps(moved))
	return n + m, err
}

// maps returns the keys of a set as a slice (so that it may grow meanwhile).
func maps(set map[quad.Value]bool) []quad.Value {
	out := make([]quad.Value, 0, len(set))
	for v := range set {
		out = append(out, v)
	}
	return out
}

// regionNames recomputes the quads of label <B names> that touch ents:
// canonical names, surname index, merges and what merges copy. It returns
// the number of quads changed, the nodes whose merge changed (members and
// their old and new canonical nodes), and the nodes of the region's merges.
func (s *Store) regionNames(l *lookup, ents map[quad.Value]bool) (n int, moved, merging map[quad.Value]bool, err error) {
	label := s.sch.Pred(NamesLabel)
	var (
		pName     = s.sch.Pred(PredName)
		pFullName = s.sch.Pred(PredFullName)
		pAlias    = s.sch.Pred(PredAlias)
		pSurname  = s.sch.Pred(PredSurname)
		rdfType   = quad.IRI(RDF + "type")
		rels      = string(s.sch.Rel(""))
		classes   = map[quad.Value]int{}
	)
	for i, c := range [...]string{ClassPerson, ClassPlace, ClassOrganization, ClassThing} {
		classes[s.sch.Class(c)] = i
	}
	isRel := func(p quad.Value) bool {
		iri, ok := p.(quad.IRI)
		return ok && strings.HasPrefix(string(iri), rels)
	}
	have := map[quad.Quad]bool{}
	info := map[quad.Value]*entityInfo{}
	exists := map[quad.Value]bool{} // has quads of a document
	for e := range ents {
		in := &entityInfo{}
		info[e] = in
		out, err := l.quads(quad.Subject, e)
		if err != nil {
			return 0, nil, nil, err
		}
		for _, q := range out {
			if q.Label == label {
				have[q] = true
			}
			if !s.sch.IsDocLabel(q.Label) {
				continue
			}
			exists[e] = true
			switch {
			case q.Predicate == pFullName:
				if v, ok := q.Object.(quad.String); ok && (in.name == "" || betterName(string(v), in.name)) {
					in.name = string(v)
				}
			case q.Predicate == rdfType:
				if i, ok := classes[q.Object]; ok {
					in.votes[i]++
				}
			}
		}
		in2, err := l.quads(quad.Object, e)
		if err != nil {
			return 0, nil, nil, err
		}
		for _, q := range in2 {
			if q.Label == label {
				have[q] = true
			}
		}
	}
	merged := s.merges(info)
	moved, merging = map[quad.Value]bool{}, map[quad.Value]bool{}
	for m, t := range merged {
		merging[m], merging[t] = true, true
	}
	for q := range have {
		if q.Predicate == SameAs {
			if merged[q.Subject] != q.Object {
				moved[q.Subject], moved[q.Object] = true, true
				if t, ok := merged[q.Subject]; ok {
					moved[t] = true
				}
			}
		}
	}
	for m, t := range merged {
		if !have[quad.Quad{Subject: m, Predicate: SameAs, Object: t, Label: label}] {
			moved[m], moved[t] = true, true
		}
	}

	want := map[quad.Quad]bool{}
	add := func(sub quad.Value, p quad.IRI, o quad.Value) {
		want[quad.Quad{Subject: sub, Predicate: p, Object: o, Label: label}] = true
	}
	canon := func(v quad.Value) (quad.Value, error) {
		if t, ok := merged[v]; ok {
			return t, nil
		}
		if ents[v] {
			return v, nil
		}
		return l.canon(v) // outside the region: as stored
	}
	for e, in := range info {
		if key := s.entityKey(e); exists[e] && key != "" {
			if last, single := surname(key); !single {
				add(e, pSurname, quad.String(last))
			}
		}
		if in.name == "" {
			continue
		}
		n := in.name
		if t, ok := merged[e]; ok && info[t].name != "" {
			n = info[t].name
		}
		add(e, pName, quad.String(n))
	}
	for m, t := range merged {
		add(m, SameAs, t)
	}
	// Fact edges with an end in the region whose ends merge elsewhere are
	// copied between the canonical nodes; a member's aliases go to its
	// canonical node.
	for e := range ents {
		for _, dir := range [...]quad.Direction{quad.Subject, quad.Object} {
			out, err := l.quads(dir, e)
			if err != nil {
				return 0, nil, nil, err
			}
			for _, q := range out {
				if !s.sch.IsDocLabel(q.Label) {
					continue
				}
				if dir == quad.Subject && q.Predicate == pAlias {
					if t, ok := merged[e]; ok {
						add(t, pAlias, q.Object)
					}
					continue
				}
				if !isRel(q.Predicate) {
					continue
				}
				a, err := canon(q.Subject)
				if err != nil {
					return 0, nil, nil, err
				}
				b, err := canon(q.Object)
				if err != nil {
					return 0, nil, nil, err
				}
				if a != q.Subject || b != q.Object {
					add(a, q.Predicate.(quad.IRI), b)
				}
			}
		}
	}
	n, err = s.replace(l.qs, have, want)
	return n, moved, merging, err
}

// regionSupport recomputes the claims (label <B support>) whose subject is
// one of bySub or whose object is one of byObj, from the positive
// statements with those subjects or objects, subjects and objects taken
// through the merges.
func (s *Store) regionSupport(l *lookup, bySub, byObj []quad.Value) (int, error) {
	label := s.sch.Pred(SupportLabel)
	var (
		rdfType      = quad.IRI(RDF + "type")
		rdfSubject   = quad.IRI(RDF + "subject")
		rdfPredicate = quad.IRI(RDF + "predicate")
		rdfObject    = quad.IRI(RDF + "object")
		pDoc         = s.sch.Pred(PredDoc)
		pSent        = s.sch.Pred(PredSentence)
		pConf        = s.sch.Pred(PredConfidence)
		pPol         = s.sch.Pred(PredPolarity)
		pRel         = s.sch.Pred(PredRelation)
		pDocs        = s.sch.Pred(PredDocuments)
		pSents       = s.sch.Pred(PredSentences)
		pSupport     = s.sch.Pred(PredSupport)
		claimClass   = s.sch.Class(ClassClaim)
	)
	have := map[quad.Quad]bool{}
	stmts := map[quad.Value]bool{}
	claimNodes := map[quad.Value]bool{}
	fields := l.keys(rdfSubject, rdfPredicate, rdfObject, pDoc, pSent, pConf, pPol, pRel)
	for _, side := range [...]struct {
		nodes []quad.Value
		pred  quad.IRI
	}{{bySub, rdfSubject}, {byObj, rdfObject}} {
		found, err := l.matchingEach(quad.Object, side.nodes, l.keys(side.pred), false)
		if err != nil {
			return 0, err
		}
		for _, out := range found {
			for _, q := range out {
				if q.Label == label {
					claimNodes[q.Subject] = true
				} else if s.sch.IsDocLabel(q.Label) {
					stmts[q.Subject] = true
				}
			}
		}
	}
	found, err := l.matchingEach(quad.Subject, maps(claimNodes), nil, true)
	if err != nil {
		return 0, err
	}
	for _, out := range found {
		for _, q := range out {
			if q.Label == label {
				have[q] = true
			}
		}
	}
	type acc struct {
		best  map[quad.Value]float64 // document → best confidence
		sents map[[2]string]bool     // (document, sentence)
		lemma quad.Value
	}
	claims := map[claimKey]*acc{}
	sts := maps(stmts)
	found, err = l.matchingEach(quad.Subject, sts, fields, false)
	if err != nil {
		return 0, err
	}
	for _, out := range found {
		var in stmtInfo
		var lemma quad.Value
		for _, q := range out {
			switch q.Predicate {
			case rdfSubject:
				in.sub = q.Object
			case rdfPredicate:
				in.pred = q.Object
			case rdfObject:
				in.obj = q.Object
			case pDoc:
				in.doc = q.Object
			case pSent:
				in.sent = quad.StringOf(q.Object)
			case pConf:
				if f, ok := number[float64](q.Object); ok {
					in.conf = f
				}
			case pPol:
				in.positive = q.Object == quad.String("+")
			case pRel:
				lemma = q.Object
			}
		}
		if !in.positive || in.sub == nil || in.pred == nil || in.obj == nil || in.doc == nil {
			continue
		}
		sub, err := l.canon(in.sub)
		if err != nil {
			return 0, err
		}
		obj, err := l.canon(in.obj)
		if err != nil {
			return 0, err
		}
		k := claimKey{sub, in.pred, obj}
		a := claims[k]
		if a == nil {
			a = &acc{best: map[quad.Value]float64{}, sents: map[[2]string]bool{}}
			claims[k] = a
		}
		if c, ok := a.best[in.doc]; !ok || in.conf > c {
			a.best[in.doc] = in.conf
		}
		a.sents[[2]string{quad.StringOf(in.doc), in.sent}] = true
		if lemma != nil && (a.lemma == nil || quad.StringOf(lemma) < quad.StringOf(a.lemma)) {
			a.lemma = lemma
		}
	}
	want := make(map[quad.Quad]bool, 8*len(claims))
	add := func(sub quad.Value, p quad.IRI, o quad.Value) {
		want[quad.Quad{Subject: sub, Predicate: p, Object: o, Label: label}] = true
	}
	var confs []float64
	for k, a := range claims {
		c := s.sch.Claim(k.sub, k.pred, k.obj)
		add(c, rdfType, claimClass)
		add(c, rdfSubject, k.sub)
		add(c, rdfPredicate, k.pred)
		add(c, rdfObject, k.obj)
		if a.lemma != nil {
			add(c, pRel, a.lemma)
		}
		add(c, pDocs, integer(len(a.best)))
		add(c, pSents, integer(len(a.sents)))
		confs = confs[:0]
		for _, v := range a.best {
			confs = append(confs, v)
		}
		add(c, pSupport, confidence(Combine(confs)))
	}
	n, err := s.replace(l.qs, have, want)
	if err != nil {
		return 0, fmt.Errorf("support: %w", err)
	}
	return n, nil
}
