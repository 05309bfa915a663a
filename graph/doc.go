// Package graph stores the documents' facts as a knowledge graph in a
// Cayley quad store (a bolt file, or memory) and queries it with Gizmo.
//
// # Graph model
//
// B is the base IRI (default "urn:newsgraph:", configurable, for instance
// "https://data.example.com/news/"); rdf: is
// http://www.w3.org/1999/02/22-rdf-syntax-ns# and xsd: is
// http://www.w3.org/2001/XMLSchema#. Every quad of a document has the
// document node <B doc/ID> as its label (its named graph), so replacing or
// deleting a document touches exactly the quads of one label. For each
// nlp.Doc:
//
//	<B doc/ID> rdf:type <B Document>
//	<B doc/ID> <B id> "ID"
//	<B doc/ID> <B title>|<B date>|<B url> "…"          (when not empty)
//
// Each entity (Key, Name, Type, Aliases):
//
//	<B e/KEY> rdf:type <B Person>|<B Place>|<B Organization>|<B Thing>
//	<B e/KEY> <B fullname> "Name"                       (the document's longest clean full name)
//	<B e/KEY> <B alias> "…"                             (every surface form, Name included)
//	<B doc/ID> <B mentions> <B e/KEY>
//
// An entity's canonical name is the longest of the full names its documents
// give it (ties broken lexically): one quad <B e/KEY> <B name> "John F.
// Kerry" labelled <B names>, which Store.Names recomputes from the
// documents' full names at the end of every run. It depends only on the
// set of documents, not on the order they came in.
//
// Entity keys are resolved within a document by package nlp (titles,
// initials, possessives, transliteration folds, place aliases, surnames
// linked to the full name of the same document). Across documents,
// Store.Names merges a surname-only person key (<B e/obama>, typed person
// or thing, never place or organization) into the one person key of two or
// more words ending with that surname (<B e/barack-obama>), when there is
// exactly one. The documents' quads are never rewritten; the merge is a
// set of derived quads under <B names>, recomputed by difference each run:
//
//	<B e/obama> owl:sameAs <B e/barack-obama>
//	<B e/obama> <B name> "Barack Obama"                  (the canonical node's name)
//	<B e/barack-obama> <B alias> "Obama"                 (the member's aliases)
//	<B e/barack-obama> <B r/LEMMA> <object>              (the member's fact edges, both
//	<subject> <B r/LEMMA> <B e/barack-obama>              directions, ends mapped through merges)
//	<B e/barack-obama> <B surname> "obama"               (every entity of several words: the index
//	                                                      that finds the full names a surname may mean)
//
// So a later second "… Obama" (an ambiguity) simply drops these quads at
// the end of that run, and deleting it brings them back. Queries through
// entity() follow owl:sameAs to the canonical node, whose edges then cover
// every document; statements keep their document's keys (node() and
// facts() match members and canonical nodes alike).
//
// The passes are incremental (Store.Refresh): a run recomputes only the
// derived quads that touch the entities and terms of the documents it put or
// deleted, grown to the entities sharing their surnames (found through <B
// surname>) and their merge partners, by indexed lookups in regions of up to
// 2,000 nodes and about 1,000,000 quads read, writing in transactions sized
// by the memory they take (Store.applyIn). Nothing scans the whole store, and
// memory follows a region, not the store (bolt's mapped pages are let go as a
// region reads, whenever the process holds more than 256 MiB of them, see
// graph/pages.go). Store.Names
// recomputes everything the same way (after a crash: when the stale marker was
// set before the run); tests check that both give the same quads over random
// sequences of puts and deletes.
//
// Titles give facts of their own (package nlp): "U.S. Secretary of State
// John Kerry" states John Kerry <B r/hold_role> <B t/secretary-of-state> and
// John Kerry <B r/represent> <B e/united-states>, as statements of the
// document with the sentence of the mention.
//
// Cross-document support: for every positive fact (canonical subject,
// predicate, canonical object) Store.Names also recomputes, under the label
// <B support>, a claim node <B c/HASH> (16 hex digits of SHA-256 over the
// three IRIs):
//
//	<B c/HASH> rdf:type <B Claim>
//	<B c/HASH> rdf:subject <s>; rdf:predicate <B r/LEMMA>; rdf:object <o>
//	<B c/HASH> <B relation> "lemma"
//	<B c/HASH> <B documents> "3"^^xsd:integer             (documents stating it)
//	<B c/HASH> <B sentences> "4"^^xsd:integer             (sentences stating it)
//	<B c/HASH> <B support> "0.98"^^xsd:double             (1 − Π(1 − cᵢ) over the best confidence cᵢ of each document)
//
// The fact edges themselves stay one per document label.
//
// A fact argument that is not an entity becomes a term node (literals
// cannot be subjects): <B t/SLUG> rdf:type <B Term> and <B t/SLUG> <B name>
// "text", where SLUG is the text lower-cased with its words joined by '-'.
//
// Each fact with polarity + is the edge <subject> <B r/LEMMA> <object>,
// LEMMA being the relation lemma with spaces as '_' (<B r/meet_with>). A
// negated fact has no such edge, so it never reads as a plain fact.
//
// Every fact, negated or not, is also a statement node <B s/HASH> (HASH: 16
// hex digits of SHA-256 over doc id, sentence index, subject and object
// nodes, lemma and polarity), in standard RDF reification:
//
//	<B s/HASH> rdf:type rdf:Statement
//	<B s/HASH> rdf:subject <subject>; rdf:predicate <B r/LEMMA>; rdf:object <object>
//	<B s/HASH> <B doc> <B doc/ID>
//	<B s/HASH> <B sentence> "3"^^xsd:integer
//	<B s/HASH> <B evidence> "the sentence text"
//	<B s/HASH> <B confidence> "0.85"^^xsd:double
//	<B s/HASH> <B polarity> "+" or "-"
//	<B s/HASH> <B relation> "meet with"
//	<B s/HASH> <B text> "met with"                      (the relation as written)
//	<B s/HASH> <B time>|<B place>|<B complement> "on Sunday"  (n-ary arguments, with their preposition)
//	<B s/HASH> <B source> <speaker>                     (reported speech: who said it, an entity or term node)
//
// Local parts of minted IRIs (ID, KEY, SLUG, LEMMA) keep RFC 3987
// iunreserved characters (letters and digits of any script, - . _ ~) and
// percent-encode the UTF-8 bytes of everything else, so every IRI is
// absolute and valid in N-Quads. Strings are plain literals without
// language; invalid UTF-8 becomes U+FFFD. Facts whose arguments have
// neither entity nor words, or whose relation is empty, are left out.
//
// # Queries
//
// Store.Query runs Gizmo (JavaScript, lowerCamel names) after a prelude
// defining short helpers: ng(x) is <B x> (and the prefix "ng:" is
// registered), rdf(x) is <rdf:x>, name and alias are the two naming
// predicates, rel(lemma) is <B r/LEMMA>, doc(id) is <B doc/ID>,
// entity(name, …) the entities having a name or alias, term(text) the terms
// with that text, node(name) either, and facts(subject, lemma, object) the
// statement nodes (null matches anything). Examples:
//
//	// whom did Kerry meet?
//	entity("Kerry").out(rel("meet with")).out(name).all()
//	// what did Russia annex?
//	entity("Russia").out(rel("annex")).out(ng("name")).all()
//	// which documents say Russia annexed Crimea, with the evidence
//	facts("Russia", "annex", "Crimea").has(ng("polarity"), "+").tag("fact").
//	    out(ng("evidence")).tag("evidence").back("fact").out(ng("doc")).out(ng("id")).all()
//	// what is denied?
//	g.V().has(ng("polarity"), "-").out(ng("evidence")).all()
//	// how many documents?
//	g.emit(g.V().has(rdf("type"), ng("Document")).count())
//	// facts about Lavrov stated by at least 3 sources (documents), with their support
//	claims("Lavrov").tag("claim").out(ng("documents")).tag("documents").back("claim").
//	    out(ng("support")).tag("support").back("claim").out(ng("relation")).tag("relation").
//	    back("claim").out(rdf("object")).out(name).unique().tag("object").
//	    forEach(function (r) { if (r.documents >= 3) g.emit(r) })
//	// Lavrov's roles and the country he represents
//	entity("Lavrov").out([rel("hold role"), rel("represent")]).out(name).unique().all()
//
// entity(name) gives the canonical node (merged surnames follow owl:sameAs,
// so entity("Obama") and entity("Barack Obama") are one node);
// claims(subject, lemma, object) gives claim nodes (null matches anything).
// Numbers are xsd literals, which Cayley's filter(gte(…)) does not compare,
// hence forEach and a JavaScript comparison.
//
// Without the prelude (cayley's own gizmo session) the same queries take
// full IRIs:
//
//	g.V("Russia").in("<urn:newsgraph:alias>").out("<urn:newsgraph:r/annex>").out("<urn:newsgraph:name>").all()
package graph
