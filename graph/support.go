package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"slices"
	"strconv"

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
