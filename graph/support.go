package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"slices"
	"strconv"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// Names of the cross-document support model (see the package documentation).
const (
	SupportLabel  = "support"   // label of the claim quads
	ClassClaim    = "Claim"     // class of the claim nodes
	PredDocuments = "documents" // claim → xsd:integer number of documents stating it
	PredSentences = "sentences" // claim → xsd:integer number of sentences stating it
	PredSupport   = "support"   // claim → xsd:double 1 − Π(1 − best confidence of each document)
)

// Claim is the node of the cross-document claim (subject, predicate,
// object): <B c/HASH>, HASH being 16 hex digits of SHA-256 over the three
// IRIs.
func (s Schema) Claim(sub, pred, obj quad.Value) quad.IRI {
	h := sha256.New()
	for _, v := range [...]quad.Value{sub, pred, obj} {
		h.Write([]byte(quad.StringOf(v)))
		h.Write([]byte{0})
	}
	var sum [sha256.Size]byte
	return s.local("c/", hex.EncodeToString(h.Sum(sum[:0])[:8]))
}

// stmtInfo gathers the quads of one statement node for the support pass.
type stmtInfo struct {
	sub, pred, obj, doc quad.Value
	sent                string
	conf                float64
	positive            bool
}

// claimKey identifies a claim: canonical subject, predicate, canonical object.
type claimKey struct{ sub, pred, obj quad.Value }

// support recomputes the claims (label <B support>) from the positive
// statements of every document, subjects and objects taken through the
// merges of the names pass. It returns the number of quads changed.
func (s *Store) support(ctx context.Context, qs graph.QuadStore) (int, error) {
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
	stmts := map[quad.Value]*stmtInfo{}
	get := func(v quad.Value) *stmtInfo {
		st := stmts[v]
		if st == nil {
			st = &stmtInfo{}
			stmts[v] = st
		}
		return st
	}
	lemmas := map[quad.Value]quad.Value{} // predicate → relation lemma
	scans := []struct {
		p  quad.IRI
		fn func(quad.Quad)
	}{
		{rdfSubject, func(q quad.Quad) { get(q.Subject).sub = q.Object }},
		{rdfPredicate, func(q quad.Quad) { get(q.Subject).pred = q.Object }},
		{rdfObject, func(q quad.Quad) { get(q.Subject).obj = q.Object }},
		{pDoc, func(q quad.Quad) { get(q.Subject).doc = q.Object }},
		{pSent, func(q quad.Quad) { get(q.Subject).sent = quad.StringOf(q.Object) }},
		{pConf, func(q quad.Quad) {
			if f, ok := number[float64](q.Object); ok {
				get(q.Subject).conf = f
			}
		}},
		{pPol, func(q quad.Quad) {
			if q.Object == quad.String("+") {
				get(q.Subject).positive = true
			}
		}},
		{pRel, nil},
		{pDocs, nil},
		{pSents, nil},
		{pSupport, nil},
	}
	for _, sc := range scans {
		err := s.eachOfPredicate(ctx, qs, sc.p, func(q quad.Quad) {
			if q.Label == label {
				have[q] = true
			} else if sc.fn != nil {
				sc.fn(q)
			}
		})
		if err != nil {
			return 0, err
		}
	}
	err := s.eachWith(ctx, qs, quad.Object, claimClass, func(q quad.Quad) {
		if q.Label == label && q.Predicate == rdfType {
			have[q] = true
		}
	})
	if err != nil {
		return 0, err
	}
	merged := map[quad.Value]quad.Value{}
	err = s.eachOfPredicate(ctx, qs, SameAs, func(q quad.Quad) {
		if q.Label == s.sch.Pred(NamesLabel) {
			merged[q.Subject] = q.Object
		}
	})
	if err != nil {
		return 0, err
	}
	canon := func(v quad.Value) quad.Value {
		if t, ok := merged[v]; ok {
			return t
		}
		return v
	}

	type acc struct {
		best  map[quad.Value]float64 // document → best confidence
		sents map[[2]string]bool     // (document, sentence)
	}
	claims := map[claimKey]*acc{}
	for _, st := range stmts {
		if !st.positive || st.sub == nil || st.pred == nil || st.obj == nil || st.doc == nil {
			continue
		}
		k := claimKey{canon(st.sub), st.pred, canon(st.obj)}
		a := claims[k]
		if a == nil {
			a = &acc{best: map[quad.Value]float64{}, sents: map[[2]string]bool{}}
			claims[k] = a
		}
		if c, ok := a.best[st.doc]; !ok || st.conf > c {
			a.best[st.doc] = st.conf
		}
		a.sents[[2]string{quad.StringOf(st.doc), st.sent}] = true
		if _, ok := lemmas[st.pred]; !ok {
			lemmas[st.pred] = nil
		}
	}
	// relation lemmas of the predicates, from any statement using them.
	err = s.eachOfPredicate(ctx, qs, pRel, func(q quad.Quad) {
		if q.Label == label {
			return
		}
		if st := stmts[q.Subject]; st != nil && st.pred != nil && lemmas[st.pred] == nil {
			lemmas[st.pred] = q.Object
		}
	})
	if err != nil {
		return 0, err
	}

	want := make(map[quad.Quad]bool, 8*len(claims))
	add := func(sub quad.Value, p quad.IRI, o quad.Value) {
		want[quad.Quad{Subject: sub, Predicate: p, Object: o, Label: label}] = true
	}
	confs := []float64{}
	for k, a := range claims {
		c := s.sch.Claim(k.sub, k.pred, k.obj)
		add(c, rdfType, claimClass)
		add(c, rdfSubject, k.sub)
		add(c, rdfPredicate, k.pred)
		add(c, rdfObject, k.obj)
		if l := lemmas[k.pred]; l != nil {
			add(c, pRel, l)
		}
		add(c, pDocs, integer(len(a.best)))
		add(c, pSents, integer(len(a.sents)))
		confs = confs[:0]
		for _, v := range a.best {
			confs = append(confs, v)
		}
		add(c, pSupport, confidence(Combine(confs)))
	}
	return s.replace(qs, have, want)
}

func integer(n int) quad.Value {
	return quad.TypedString{Value: quad.String(strconv.Itoa(n)), Type: xsdInteger}
}

// Combine is the support of a claim from the best confidence each
// document gives it: 1 − Π(1 − cᵢ), each cᵢ clamped to [0, 1] (NaN counts as 0), rounded to
// 3 decimals. It grows with every independent document and does not
// depend on their order (it sorts confs).
func Combine(confs []float64) float64 {
	slices.Sort(confs)
	miss := 1.0
	for _, c := range confs {
		if !math.IsNaN(c) {
			miss *= 1 - math.Min(1, math.Max(0, c))
		}
	}
	return math.Round((1-miss)*1000) / 1000
}

// number parses a typed numeric literal.
func number[T int | float64](v quad.Value) (T, bool) {
	var s string
	switch v := v.(type) {
	case quad.TypedString:
		s = string(v.Value)
	case quad.Int:
		return T(v), true
	case quad.Float:
		return T(v), true
	default:
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) {
		return 0, false
	}
	return T(f), true
}
