package nlp

// Entity types, as stored in the graph.
const (
	Person       = "person"
	Place        = "place"
	Organization = "organization"
	Other        = "other"
)

// Entity is a real-world thing a document mentions, after resolution.
type Entity struct {
	// Key identifies the entity across documents and runs: a slug derived
	// deterministically from its normalised name ("john-kerry"), so every
	// worker, run and shard that meets the entity mints the same node.
	Key string
	// Name is the longest clean full name seen in the document ("John F. Kerry").
	Name string
	// Type is Person, Place, Organization or Other.
	Type string
	// Aliases are the surface forms seen in the document, Name included.
	Aliases []string
}

// Arg is one argument of a fact.
type Arg struct {
	Text   string // surface text from the sentence ("Russia's military", "Lavrov")
	Entity string // Key of the resolved Entity, or "" when the argument is not an entity
}

// Fact is one subject–relation–object statement extracted from a sentence.
type Fact struct {
	Sent       int     // index of the sentence in the document, from 0
	Subject    Arg     // who or what
	Relation   string  // normalised lower-case lemma phrase: "meet with", "annex"
	RelText    string  // the relation as written: "met with", "was annexed by"
	Object     Arg     // the second argument
	Negated    bool    // stated under negation or denial: exported with polarity "-"
	Confidence float64 // 0–1
	// Extras are the n-ary arguments beyond the object, in sentence order:
	// time, place and other complements of the verb ("on Sunday", "in Paris").
	Extras []Extra
	// Attribution is who said or reported the fact ("X said that S" gives
	// the facts of S attributed to X), or nil.
	Attribution *Arg
	// Inverted reports that the sentence states the fact the other way
	// round (a passive with an agent: "Crimea was annexed by Russia"), so in
	// sentence order Object comes first, then RelText, then Subject.
	Inverted bool
}

// Kinds of Extra arguments.
const (
	TimeArg  = "time"
	PlaceArg = "place"
	OtherArg = "other"
)

// Extra is an additional argument of a fact: a complement or adjunct of the
// verb beyond its object.
type Extra struct {
	Kind string // TimeArg, PlaceArg or OtherArg
	Prep string // the preposition that introduces it ("on", "in"), or "" ("last month")
	Text string // surface text of the sentence, preposition excluded ("Sunday", "Paris")
}

// Doc is what the NLP and extraction stages make of one article.
type Doc struct {
	ID        string
	Title     string
	Date      string
	URL       string
	Text      string   // the cleaned text that was analysed
	Sentences []string // sentence texts, in order; Fact.Sent indexes this
	Tokens    int      // number of tokens analysed
	Entities  []Entity // sorted by Key, one per Key
	Facts     []Fact   // in sentence order, deterministic
	// Hash identifies the input the document was made from and the
	// pipeline version that made it (set by the pipeline, stored in the
	// graph), so a rerun can skip documents that have not changed.
	Hash string
}
