package graph

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/path"
	"github.com/cayleygraph/quad"
)

// Local names of the run-record model under the base IRI.
const (
	ClassRun     = "Run"
	ClassFailure = "Failure"
	PredStarted  = "started"  // run → xsd:dateTime
	PredEnded    = "ended"    // run → xsd:dateTime
	PredVersion  = "version"  // run → pipeline version
	PredStatus   = "status"   // run → "ok", "failures" or "interrupted"
	PredCount    = "count/"   // run → xsd:integer, one predicate per counter: count/documents …
	PredFailure  = "failure"  // run → failure node
	PredError    = "error"    // failure → the reason
	PredDocID    = "document" // failure → the document's id or source
)

// Failure is a document a run could not process.
type Failure struct {
	Doc   string `json:"doc"`
	Error string `json:"error"`
}

// Run is the record a batch run leaves in the graph. Its quads are
// labelled with the run's node <B run/ID>, apart from every document's.
type Run struct {
	ID       string           `json:"id"`
	Started  time.Time        `json:"started"`
	Ended    time.Time        `json:"ended"`
	Version  string           `json:"version"`
	Status   string           `json:"status"`
	Counts   map[string]int64 `json:"counts"` // documents, skipped, failed, facts, quads …
	Failures []Failure        `json:"failures,omitempty"`
}

// RunNode is the node (and label) of run id.
func (s Schema) RunNode(id string) quad.IRI { return s.local("run/", id) }

// IsRunLabel reports whether a quad label is a run record's.
func (s Schema) IsRunLabel(v quad.Value) bool {
	iri, ok := v.(quad.IRI)
	return ok && strings.HasPrefix(string(iri), s.base()+"run/")
}

// IsDocLabel reports whether a quad label is a document's.
func (s Schema) IsDocLabel(v quad.Value) bool {
	iri, ok := v.(quad.IRI)
	return ok && strings.HasPrefix(string(iri), s.base()+"doc/")
}

// PutRun writes a run record (replacing one with the same id).
func (s *Store) PutRun(ctx context.Context, r Run) error {
	R := s.sch.RunNode(clean(r.ID))
	set := quadSet{label: R, seen: map[quad.Quad]struct{}{}}
	p := s.sch.Pred
	set.add(R, quad.IRI(RDF+"type"), s.sch.Class(ClassRun))
	set.add(R, p(PredID), quad.String(clean(r.ID)))
	set.add(R, p(PredStarted), dateTime(r.Started))
	set.add(R, p(PredEnded), dateTime(r.Ended))
	set.add(R, p(PredVersion), quad.String(clean(r.Version)))
	set.add(R, p(PredStatus), quad.String(clean(r.Status)))
	for k, n := range r.Counts {
		set.add(R, s.sch.local(PredCount, k), quad.TypedString{Value: quad.String(strconv.FormatInt(n, 10)), Type: xsdInteger})
	}
	for i, f := range r.Failures {
		F := s.sch.local("run/", clean(r.ID)+"/failure/"+strconv.Itoa(i+1))
		set.add(R, p(PredFailure), F)
		set.add(F, quad.IRI(RDF+"type"), s.sch.Class(ClassFailure))
		set.add(F, p(PredDocID), quad.String(clean(f.Doc)))
		set.add(F, p(PredError), quad.String(clean(f.Error)))
	}

	return s.update(func(qs graph.QuadStore) error {
		old, err := s.docQuads(ctx, qs, R)
		if err != nil {
			return err
		}
		adds, dels := appendDiff(nil, nil, old, set.list)
		if err := s.apply(qs, dels); err != nil {
			return err
		}
		return s.apply(qs, adds)
	})
}

// Runs returns the run records of the store, oldest first.
func (s *Store) Runs(ctx context.Context) ([]Run, error) {
	var runs []Run
	err := s.View(ctx, func(qs graph.QuadStore) error {
		cls := qs.ValueOf(s.sch.Class(ClassRun))
		if cls == nil {
			return nil
		}
		var nodes []quad.Value
		it := qs.QuadIterator(quad.Object, cls)
		for it.Next(ctx) {
			q := qs.Quad(it.Result())
			if q.Predicate == quad.IRI(RDF+"type") {
				nodes = append(nodes, q.Subject)
			}
		}
		err := it.Err()
		it.Close()
		if err != nil {
			return fmt.Errorf("reading runs: %w", err)
		}
		for _, n := range nodes {
			r := Run{Counts: map[string]int64{}}
			var failures []quad.Value
			err := s.outQuads(ctx, qs, n, func(p string, o quad.Value) {
				switch {
				case p == PredID:
					r.ID = quad.NativeOf(o).(string)
				case p == PredStarted:
					r.Started = parseTime(o)
				case p == PredEnded:
					r.Ended = parseTime(o)
				case p == PredVersion:
					r.Version = fmt.Sprint(quad.NativeOf(o))
				case p == PredStatus:
					r.Status = fmt.Sprint(quad.NativeOf(o))
				case p == PredFailure:
					failures = append(failures, o)
				case strings.HasPrefix(p, PredCount):
					if ts, ok := o.(quad.TypedString); ok {
						n, _ := strconv.ParseInt(string(ts.Value), 10, 64)
						r.Counts[strings.TrimPrefix(p, PredCount)] = n
					}
				}
			})
			if err != nil {
				return err
			}
			for _, fn := range failures {
				var f Failure
				err := s.outQuads(ctx, qs, fn, func(p string, o quad.Value) {
					switch p {
					case PredDocID:
						f.Doc = fmt.Sprint(quad.NativeOf(o))
					case PredError:
						f.Error = fmt.Sprint(quad.NativeOf(o))
					}
				})
				if err != nil {
					return err
				}
				r.Failures = append(r.Failures, f)
			}
			sort.Slice(r.Failures, func(i, j int) bool { return r.Failures[i].Doc < r.Failures[j].Doc })
			runs = append(runs, r)
		}
		return nil
	})
	sort.Slice(runs, func(i, j int) bool {
		if !runs[i].Started.Equal(runs[j].Started) {
			return runs[i].Started.Before(runs[j].Started)
		}
		return runs[i].ID < runs[j].ID
	})
	return runs, err
}

// dateTime is t as an xsd:dateTime literal, to the nanosecond.
func dateTime(t time.Time) quad.Value {
	return quad.TypedString{Value: quad.String(t.UTC().Format(time.RFC3339Nano)), Type: quad.IRI(XSD + "dateTime")}
}

func parseTime(v quad.Value) time.Time {
	if ts, ok := v.(quad.TypedString); ok {
		t, _ := time.Parse(time.RFC3339Nano, string(ts.Value))
		return t
	}
	t, _ := quad.NativeOf(v).(time.Time)
	return t
}

// outQuads calls fn with the local predicate name (under the base) and the
// object of every quad whose subject is n.
func (s *Store) outQuads(ctx context.Context, qs graph.QuadStore, n quad.Value, fn func(pred string, o quad.Value)) error {
	ref := qs.ValueOf(n)
	if ref == nil {
		return nil
	}
	base := s.sch.base()
	it := qs.QuadIterator(quad.Subject, ref)
	defer it.Close()
	return s.scan(ctx, qs, it, func(q quad.Quad) error {
		if p, ok := q.Predicate.(quad.IRI); ok && strings.HasPrefix(string(p), base) {
			fn(strings.TrimPrefix(string(p), base), q.Object)
		}
		return nil
	})
}

// Hashes returns the hash of every document in the store that has one, by
// document id (see nlp.Doc.Hash): what a rerun compares its input with.
// It walks from the Document class through the indexes (object, then
// subject), never scanning all quads: cayley's kv stores have no index by
// predicate alone.
func (s *Store) Hashes(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	err := s.View(ctx, func(qs graph.QuadStore) error {
		p := path.StartPath(qs).Has(quad.IRI(RDF+"type"), s.sch.Class(ClassDocument)).
			Save(s.sch.Pred(PredID), "id").Save(s.sch.Pred(PredHash), "hash")
		err := p.Iterate(ctx).On(qs).TagValues(qs, func(m map[string]quad.Value) {
			id, ok1 := m["id"].(quad.String)
			h, ok2 := m["hash"].(quad.String)
			if ok1 && ok2 {
				out[string(id)] = string(h)
			}
		})
		if err != nil {
			return fmt.Errorf("reading store %s: %w", s.spec, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Documents returns the ids of every document in the store, sorted.
func (s *Store) Documents(ctx context.Context) ([]string, error) {
	var ids []string
	err := s.View(ctx, func(qs graph.QuadStore) error {
		typ, doc := qs.ValueOf(quad.IRI(RDF+"type")), qs.ValueOf(s.sch.Class(ClassDocument))
		idRef := qs.ValueOf(s.sch.Pred(PredID))
		if typ == nil || doc == nil || idRef == nil {
			return nil
		}
		it := qs.QuadIterator(quad.Object, doc)
		defer it.Close()
		for it.Next(ctx) {
			q := qs.Quad(it.Result())
			if q.Predicate != quad.IRI(RDF+"type") {
				continue
			}
			err := s.outQuads(ctx, qs, q.Subject, func(p string, o quad.Value) {
				if str, ok := o.(quad.String); ok && p == PredID {
					ids = append(ids, string(str))
				}
			})
			if err != nil {
				return err
			}
		}
		return it.Err()
	})
	sort.Strings(ids)
	return ids, err
}
