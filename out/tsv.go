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

	"github.com/cayleygraph/quad"

	"newsgraph/graph"
)

// TSVHeader is the header line of TSV, without its newline.
const TSVHeader = "doc\tsent\tsubject\trelation\tobject\tpolarity\tconfidence\tevidence"

// Fact is one row of the TSV export: a statement node of the graph.
type Fact struct {
	Doc        string  // document id
	Sent       int     // sentence index
	Subject    string  // canonical name of the subject entity, or the term's text
	Relation   string  // relation lemma
	Object     string  // as Subject
	Polarity   string  // "+" or "-"
	Confidence float64 // 0–1
	Evidence   string  // the sentence
}

// TSV writes the facts (statement nodes) as a TSV with the header
//
//	doc sent subject relation object polarity confidence evidence
//
// sorted by doc, sent, subject, relation, object (then polarity, confidence
// and evidence, so the order is total). Subject and object are the
// argument's <B name>: an entity's canonical name (when documents give an
// entity different names, the longest, ties broken lexically), a term's
// text; an entity without a name shows its key. Tabs, newlines and carriage
// returns in any field become spaces; confidence has 3 decimals. It returns
// the number of facts written.
func TSV(ctx context.Context, w io.Writer, s *graph.Store) (int, error) {
	facts, err := Facts(ctx, s)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(TSVHeader)
	bw.WriteByte('\n')
	var line []byte
	for i := range facts {
		f := &facts[i]
		line = line[:0]
		line = appendField(line, f.Doc)
		line = strconv.AppendInt(line, int64(f.Sent), 10)
		line = append(line, '\t')
		line = appendField(line, f.Subject)
		line = appendField(line, f.Relation)
		line = appendField(line, f.Object)
		line = appendField(line, f.Polarity)
		line = strconv.AppendFloat(line, f.Confidence, 'f', 3, 64)
		line = append(line, '\t')
		line = appendField(line, f.Evidence)
		line[len(line)-1] = '\n'
		if _, err := bw.Write(line); err != nil {
			return 0, fmt.Errorf("exporting TSV: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return 0, fmt.Errorf("exporting TSV: %w", err)
	}
	return len(facts), nil
}

// appendField appends s with tabs and line breaks as spaces, then a tab.
func appendField(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\t', '\n', '\r':
			dst = append(dst, ' ')
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '\t')
}

// stmt gathers the quads of one statement node.
type stmt struct {
	isStmt           bool
	doc, sub, obj    quad.Value
	sent             int
	rel, pol, evid   string
	conf             float64
	hasSent, hasConf bool
}

// Facts returns the facts (statement nodes) of the store in the order of
// TSV, reading the store once.
func Facts(ctx context.Context, s *graph.Store) ([]Fact, error) {
	sch := s.Schema()
	var (
		rdfType      = quad.IRI(graph.RDF + "type")
		rdfStatement = quad.IRI(graph.RDF + "Statement")
		rdfSubject   = quad.IRI(graph.RDF + "subject")
		rdfObject    = quad.IRI(graph.RDF + "object")
		pName        = sch.Pred(graph.PredName)
		pID          = sch.Pred(graph.PredID)
		pDoc         = sch.Pred(graph.PredDoc)
		pSent        = sch.Pred(graph.PredSentence)
		pRel         = sch.Pred(graph.PredRelation)
		pPol         = sch.Pred(graph.PredPolarity)
		pConf        = sch.Pred(graph.PredConfidence)
		pEvid        = sch.Pred(graph.PredEvidence)
	)
	stmts := map[quad.Value]*stmt{}
	names := map[quad.Value]string{}
	ids := map[quad.Value]string{}
	get := func(v quad.Value) *stmt {
		st := stmts[v]
		if st == nil {
			st = &stmt{}
			stmts[v] = st
		}
		return st
	}
	err := s.Quads(ctx, func(q quad.Quad) error {
		p, _ := q.Predicate.(quad.IRI)
		switch p {
		case pName:
			n := literal(q.Object)
			if old, ok := names[q.Subject]; !ok || better(n, old) {
				names[q.Subject] = n
			}
		case pID:
			ids[q.Subject] = literal(q.Object)
		case rdfType:
			if q.Object == rdfStatement {
				get(q.Subject).isStmt = true
			}
		case rdfSubject:
			get(q.Subject).sub = q.Object
		case rdfObject:
			get(q.Subject).obj = q.Object
		case pDoc:
			get(q.Subject).doc = q.Object
		case pSent:
			st := get(q.Subject)
			st.sent, st.hasSent = number[int](q.Object)
		case pConf:
			st := get(q.Subject)
			st.conf, st.hasConf = number[float64](q.Object)
		case pRel:
			get(q.Subject).rel = literal(q.Object)
		case pPol:
			get(q.Subject).pol = literal(q.Object)
		case pEvid:
			get(q.Subject).evid = literal(q.Object)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("exporting facts: %w", err)
	}
	name := func(v quad.Value) string {
		if n, ok := names[v]; ok {
			return n
		}
		return localName(v)
	}
	facts := make([]Fact, 0, len(stmts))
	for _, st := range stmts {
		if !st.isStmt || st.sub == nil || st.obj == nil {
			continue
		}
		doc, ok := ids[st.doc]
		if !ok && st.doc != nil {
			doc = localName(st.doc)
		}
		facts = append(facts, Fact{Doc: doc, Sent: st.sent, Subject: name(st.sub), Relation: st.rel,
			Object: name(st.obj), Polarity: st.pol, Confidence: st.conf, Evidence: st.evid})
	}
	slices.SortFunc(facts, func(a, b Fact) int {
		return cmp.Or(
			strings.Compare(a.Doc, b.Doc),
			cmp.Compare(a.Sent, b.Sent),
			strings.Compare(a.Subject, b.Subject),
			strings.Compare(a.Relation, b.Relation),
			strings.Compare(a.Object, b.Object),
			strings.Compare(a.Polarity, b.Polarity),
			cmp.Compare(a.Confidence, b.Confidence),
			strings.Compare(a.Evidence, b.Evidence),
		)
	})
	return facts, nil
}

// better reports whether name n beats old as canonical name: longer, or as
// long and lexically first.
func better(n, old string) bool {
	if len(n) != len(old) {
		return len(n) > len(old)
	}
	return n < old
}

// literal returns the text of a literal value.
func literal(v quad.Value) string {
	switch v := v.(type) {
	case quad.String:
		return string(v)
	case quad.LangString:
		return string(v.Value)
	case quad.TypedString:
		return string(v.Value)
	case nil:
		return ""
	}
	return quad.StringOf(v)
}

// number returns the numeric value of a typed literal (or native number).
func number[T int | float64](v quad.Value) (T, bool) {
	if ts, ok := v.(quad.TypedString); ok {
		if pv, err := ts.ParseValue(); err == nil {
			v = pv
		}
	}
	switch v := v.(type) {
	case quad.Int:
		return T(v), true
	case quad.Float:
		return T(v), true
	}
	return 0, false
}

// localName returns the percent-decoded last path segment of an IRI (an
// entity's key, a document's id), or the value's text.
func localName(v quad.Value) string {
	iri, ok := v.(quad.IRI)
	if !ok {
		return literal(v)
	}
	s := string(iri)
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		s = s[i+1:]
	}
	if dec, err := url.PathUnescape(s); err == nil {
		return dec
	}
	return s
}
