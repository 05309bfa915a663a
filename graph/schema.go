package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/quad"

	"newsgraph/nlp"
)

// DefaultBase is the base IRI of nodes and predicates when none is given.
const DefaultBase = "urn:newsgraph:"

// Well-known namespaces.
const (
	// RDF is the RDF namespace (rdf:type, rdf:Statement, rdf:subject …).
	RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	// XSD is the XML Schema datatypes namespace (xsd:integer, xsd:double).
	XSD = "http://www.w3.org/2001/XMLSchema#"
)

// Local names of the predicates under the base IRI.
const (
	PredID         = "id"         // document → its id
	PredTitle      = "title"      // document → title
	PredDate       = "date"       // document → date as given by the source
	PredURL        = "url"        // document → URL as given by the source
	PredMentions   = "mentions"   // document → entity
	PredName       = "name"       // entity → canonical name (label <B names>); term → its text
	PredFullName   = "fullname"   // entity → the longest clean full name one document gives
	PredAlias      = "alias"      // entity → every surface form, name included
	PredDoc        = "doc"        // statement → document
	PredSentence   = "sentence"   // statement → xsd:integer sentence index
	PredEvidence   = "evidence"   // statement → sentence text
	PredConfidence = "confidence" // statement → xsd:double in [0, 1]
	PredPolarity   = "polarity"   // statement → "+" or "-"
	PredRelation   = "relation"   // statement → relation lemma
	PredText       = "text"       // statement → relation as written
	PredHash       = "hash"       // document → hash of its input and the pipeline version
	PredTime       = "time"       // statement → time argument, with its preposition ("on Sunday")
	PredPlace      = "place"      // statement → place argument, with its preposition ("in Paris")
	PredComplement = "complement" // statement → other argument, with its preposition
	PredSource     = "source"     // statement → who said it (entity or term node)
)

// Local names of the classes under the base IRI.
const (
	ClassDocument     = "Document"
	ClassPerson       = "Person"
	ClassPlace        = "Place"
	ClassOrganization = "Organization"
	ClassThing        = "Thing"
	ClassTerm         = "Term"
)

// Schema mints the IRIs of the graph model under a base IRI (see the
// package documentation). The zero Schema uses DefaultBase.
type Schema struct{ Base string }

func (s Schema) base() string {
	if s.Base == "" {
		return DefaultBase
	}
	return s.Base
}

// Doc is the node of the document with the given id: <B doc/ID>.
func (s Schema) Doc(id string) quad.IRI { return s.local("doc/", id) }

// Entity is the node of the entity with the given key: <B e/KEY>.
func (s Schema) Entity(key string) quad.IRI { return s.local("e/", key) }

// Term is the node of a non-entity argument: <B t/SLUG>, where SLUG is the
// text lower-cased, its words joined by '-'. It returns "" when the text has
// no words.
func (s Schema) Term(text string) quad.IRI {
	slug := Slug(text)
	if slug == "" {
		return ""
	}
	return s.local("t/", slug)
}

// Rel is the predicate of a relation lemma: <B r/LEMMA>, spaces as '_'.
func (s Schema) Rel(lemma string) quad.IRI {
	return s.local("r/", strings.ReplaceAll(lemma, " ", "_"))
}

// Pred is the predicate with the given local name (one of the Pred
// constants): <B name>.
func (s Schema) Pred(name string) quad.IRI { return s.local("", name) }

// Class is the class with the given local name (one of the Class
// constants): <B name>.
func (s Schema) Class(name string) quad.IRI { return s.local("", name) }

// EntityClass is the class of an nlp entity type: Person, Place,
// Organization, else Thing.
func (s Schema) EntityClass(typ string) quad.IRI { return s.Class(className(typ)) }

// Arg is the node of a fact's argument: its entity if it has one, else its
// term. ok is false when the argument has neither an entity nor words.
func (s Schema) Arg(a nlp.Arg) (iri quad.IRI, ok bool) {
	if a.Entity != "" {
		return s.Entity(a.Entity), true
	}
	iri = s.Term(a.Text)
	return iri, iri != ""
}

// Statement is the statement node of fact f of document docID, <B s/HASH>.
// ok is false when the fact cannot be stored (an argument without entity
// or words, or an empty relation).
func (s Schema) Statement(docID string, f *nlp.Fact) (iri quad.IRI, ok bool) {
	sub, ok1 := s.Arg(f.Subject)
	obj, ok2 := s.Arg(f.Object)
	if !ok1 || !ok2 || f.Relation == "" {
		return "", false
	}
	return s.statement(clean(docID), f, sub, obj), true
}

func (s Schema) statement(docID string, f *nlp.Fact, sub, obj quad.IRI) quad.IRI {
	return s.local("s/", stmtHash(docID, f.Sent, sub, clean(f.Relation), obj, f.Negated))
}

// Quads returns the quads of document d, every one labelled with the
// document's node, without duplicates, in a deterministic order. Facts that
// cannot be stored (see Statement) are left out; of facts that give the same
// statement node only the first is kept.
func (s Schema) Quads(d *nlp.Doc) []quad.Quad {
	return newVocab(s).quads(d, nil)
}

func (s Schema) local(prefix, name string) quad.IRI {
	b := s.base()
	buf := make([]byte, 0, len(b)+len(prefix)+len(name)+8)
	buf = append(buf, b...)
	buf = append(buf, prefix...)
	buf = appendEscaped(buf, clean(name))
	return quad.IRI(buf)
}

func className(typ string) string {
	switch typ {
	case nlp.Person:
		return ClassPerson
	case nlp.Place:
		return ClassPlace
	case nlp.Organization:
		return ClassOrganization
	}
	return ClassThing
}

// Slug is the local name of a term: the text lower-cased, its
// white-space-separated words joined by '-' (not yet percent-encoded).
func Slug(text string) string {
	return strings.Join(strings.Fields(strings.ToLower(clean(text))), "-")
}

// clean makes s valid UTF-8, replacing invalid bytes with U+FFFD.
func clean(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// keep reports whether r may stand unescaped in the local part of a minted
// IRI: RFC 3987 iunreserved (ALPHA DIGIT - . _ ~ ucschar), minus the
// bidirectional formatting characters RFC 3987 forbids.
func keep(r rune) bool {
	switch {
	case r < 0x80:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' ||
			r == '-' || r == '.' || r == '_' || r == '~'
	case r == 0x200E || r == 0x200F || 0x202A <= r && r <= 0x202E || 0x2066 <= r && r <= 0x2069:
		return false
	case r <= 0xD7FF:
		return r >= 0xA0
	case r < 0x10000:
		return 0xF900 <= r && r <= 0xFDCF || 0xFDF0 <= r && r <= 0xFFEF
	case r&0xFFFF > 0xFFFD:
		return false
	case r < 0xE0000:
		return true
	}
	return 0xE1000 <= r && r <= 0xEFFFD
}

const hexUpper = "0123456789ABCDEF"

// appendEscaped appends s (valid UTF-8) to dst, percent-encoding (UTF-8,
// upper-case hex) every character that keep rejects.
func appendEscaped(dst []byte, s string) []byte {
	for i, r := range s {
		if keep(r) {
			if r < 0x80 {
				dst = append(dst, byte(r))
			} else {
				dst = utf8.AppendRune(dst, r)
			}
			continue
		}
		n := utf8.RuneLen(r)
		if n < 0 {
			n = 1
		}
		for _, c := range []byte(s[i : i+n]) {
			dst = append(dst, '%', hexUpper[c>>4], hexUpper[c&15])
		}
	}
	return dst
}

func stmtHash(doc string, sent int, sub quad.IRI, rel string, obj quad.IRI, neg bool) string {
	h := sha256.New()
	pol := "+"
	if neg {
		pol = "-"
	}
	for _, part := range [...]string{doc, strconv.Itoa(sent), string(sub), rel, string(obj), pol} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])[:8])
}

// vocab holds the IRIs a Schema mints for every document, built once.
type vocab struct {
	sch Schema

	rdfType, rdfStatement, rdfSubject, rdfPredicate, rdfObject quad.IRI

	id, title, date, url, mentions, name, alias       quad.IRI
	fullname                                          quad.IRI
	doc, sentence, evidence, confidence, polarity     quad.IRI
	relation, text, hash                              quad.IRI
	atTime, atPlace, complement, source               quad.IRI
	document, person, place, organization, thing, trm quad.IRI
}

var (
	xsdInteger = quad.IRI(XSD + "integer")
	xsdDouble  = quad.IRI(XSD + "double")
)

func newVocab(s Schema) *vocab {
	return &vocab{
		sch:          s,
		rdfType:      RDF + "type",
		rdfStatement: RDF + "Statement",
		rdfSubject:   RDF + "subject",
		rdfPredicate: RDF + "predicate",
		rdfObject:    RDF + "object",
		id:           s.Pred(PredID),
		title:        s.Pred(PredTitle),
		date:         s.Pred(PredDate),
		url:          s.Pred(PredURL),
		mentions:     s.Pred(PredMentions),
		name:         s.Pred(PredName),
		fullname:     s.Pred(PredFullName),
		alias:        s.Pred(PredAlias),
		doc:          s.Pred(PredDoc),
		sentence:     s.Pred(PredSentence),
		evidence:     s.Pred(PredEvidence),
		confidence:   s.Pred(PredConfidence),
		polarity:     s.Pred(PredPolarity),
		relation:     s.Pred(PredRelation),
		text:         s.Pred(PredText),
		hash:         s.Pred(PredHash),
		atTime:       s.Pred(PredTime),
		atPlace:      s.Pred(PredPlace),
		complement:   s.Pred(PredComplement),
		source:       s.Pred(PredSource),
		document:     s.Class(ClassDocument),
		person:       s.Class(ClassPerson),
		place:        s.Class(ClassPlace),
		organization: s.Class(ClassOrganization),
		thing:        s.Class(ClassThing),
		trm:          s.Class(ClassTerm),
	}
}

func (v *vocab) class(typ string) quad.IRI {
	switch typ {
	case nlp.Person:
		return v.person
	case nlp.Place:
		return v.place
	case nlp.Organization:
		return v.organization
	}
	return v.thing
}

// quadSet collects the quads of one document without duplicates.
type quadSet struct {
	label quad.IRI
	seen  map[quad.Quad]struct{}
	list  []quad.Quad
}

func (qs *quadSet) add(s quad.Value, p quad.IRI, o quad.Value) {
	q := quad.Quad{Subject: s, Predicate: p, Object: o, Label: qs.label}
	if _, ok := qs.seen[q]; ok {
		return
	}
	qs.seen[q] = struct{}{}
	qs.list = append(qs.list, q)
}

// confidence clamps c to [0, 1] (NaN is 0) and renders it as xsd:double.
func confidence(c float64) quad.Value {
	switch {
	case math.IsNaN(c) || c < 0:
		c = 0
	case c > 1:
		c = 1
	}
	return quad.TypedString{Value: quad.String(strconv.FormatFloat(c, 'f', -1, 64)), Type: xsdDouble}
}

// quads appends the quads of d to dst (see Schema.Quads).
func (v *vocab) quads(d *nlp.Doc, dst []quad.Quad) []quad.Quad {
	id := clean(d.ID)
	D := v.sch.Doc(id)
	n := 8 + 6*len(d.Entities) + 14*len(d.Facts)
	set := quadSet{label: D, seen: make(map[quad.Quad]struct{}, n), list: dst}
	str := func(s string) quad.String { return quad.String(clean(s)) }

	set.add(D, v.rdfType, v.document)
	set.add(D, v.id, quad.String(id))
	if d.Hash != "" {
		set.add(D, v.hash, str(d.Hash))
	}
	for _, f := range [...]struct {
		p quad.IRI
		s string
	}{{v.title, d.Title}, {v.date, d.Date}, {v.url, d.URL}} {
		if f.s != "" {
			set.add(D, f.p, str(f.s))
		}
	}
	for i := range d.Entities {
		e := &d.Entities[i]
		if e.Key == "" {
			continue
		}
		E := v.sch.Entity(e.Key)
		set.add(E, v.rdfType, v.class(e.Type))
		if e.Name != "" {
			set.add(E, v.fullname, str(e.Name))
			set.add(E, v.alias, str(e.Name))
		}
		for _, a := range e.Aliases {
			if a != "" {
				set.add(E, v.alias, str(a))
			}
		}
		set.add(D, v.mentions, E)
	}
	stmts := make(map[quad.IRI]struct{}, len(d.Facts))
	for i := range d.Facts {
		f := &d.Facts[i]
		sub, ok1 := v.sch.Arg(f.Subject)
		obj, ok2 := v.sch.Arg(f.Object)
		if !ok1 || !ok2 || f.Relation == "" {
			continue
		}
		S := v.sch.statement(id, f, sub, obj)
		if _, dup := stmts[S]; dup {
			continue
		}
		stmts[S] = struct{}{}
		v.term(&set, sub, f.Subject)
		v.term(&set, obj, f.Object)
		rel := v.sch.Rel(f.Relation)
		pol := quad.String("+")
		if f.Negated {
			pol = "-"
		} else {
			set.add(sub, rel, obj)
		}
		set.add(S, v.rdfType, v.rdfStatement)
		set.add(S, v.rdfSubject, sub)
		set.add(S, v.rdfPredicate, rel)
		set.add(S, v.rdfObject, obj)
		set.add(S, v.doc, D)
		set.add(S, v.sentence, quad.TypedString{Value: quad.String(strconv.Itoa(f.Sent)), Type: xsdInteger})
		if f.Sent >= 0 && f.Sent < len(d.Sentences) {
			set.add(S, v.evidence, str(d.Sentences[f.Sent]))
		}
		set.add(S, v.confidence, confidence(f.Confidence))
		set.add(S, v.polarity, pol)
		set.add(S, v.relation, str(f.Relation))
		if f.RelText != "" {
			set.add(S, v.text, str(f.RelText))
		}
		for _, x := range f.Extras {
			p := v.complement
			switch x.Kind {
			case nlp.TimeArg:
				p = v.atTime
			case nlp.PlaceArg:
				p = v.atPlace
			}
			if t := strings.TrimSpace(x.Prep + " " + x.Text); t != "" {
				set.add(S, p, str(t))
			}
		}
		if a := f.Attribution; a != nil {
			if src, ok := v.sch.Arg(*a); ok {
				v.term(&set, src, *a)
				set.add(S, v.source, src)
			}
		}
	}
	return set.list
}

// term adds the quads of node n of argument a when a is a term.
func (v *vocab) term(set *quadSet, n quad.IRI, a nlp.Arg) {
	if a.Entity != "" {
		return
	}
	set.add(n, v.rdfType, v.trm)
	set.add(n, v.name, quad.String(clean(a.Text)))
}

// checkBase reports whether base can prefix the IRIs of the graph: an
// absolute IRI (scheme ':' …) with no character N-Quads forbids in an IRI.
func checkBase(base string) error {
	if !utf8.ValidString(base) {
		return fmt.Errorf("base IRI %q is not valid UTF-8", base)
	}
	i := strings.IndexByte(base, ':')
	if i < 1 {
		return fmt.Errorf("base IRI %q is not absolute (no scheme)", base)
	}
	for j, c := range []byte(base[:i]) {
		alpha := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !alpha && (j == 0 || !('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return fmt.Errorf("base IRI %q has an invalid scheme", base)
		}
	}
	for _, r := range base {
		if r <= 0x20 || strings.ContainsRune("<>\"{}|^`\\", r) {
			return fmt.Errorf("base IRI %q contains %q, not allowed in an IRI", base, r)
		}
	}
	return nil
}
