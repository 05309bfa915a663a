package pipeline

import (
	"fmt"
	"log/slog"

	"newsgraph/nlp"
)

// DefaultMaxFacts is the per-document fact limit of `newsgraph run` when
// --max-facts is not given. A long news article has a few hundred facts; a
// document with many more is usually a dump (a table, a log, a list of
// records), whose facts would swamp the graph.
const DefaultMaxFacts = 1000

// Limits bound what one document may cost and put into the store. The
// zero value keeps every fact and uses the NLP defaults. (The document
// size limit is corpus.Options.MaxDocBytes, applied by the readers.)
type Limits struct {
	// MaxFacts is the most facts kept of one document: the first MaxFacts
	// in sentence order; 0 or less keeps all.
	MaxFacts int
	// MaxSentenceTokens is the longest token run tagged as one sentence;
	// longer sentences are split (0: nlp.DefaultMaxSentenceTokens).
	MaxSentenceTokens int
	// PartBytes is the most text analysed at once: longer documents are
	// analysed in parts, so memory stays bounded (0: nlp.DefaultPartBytes).
	PartBytes int
}

// String names the limits that change what the pipeline makes of a
// document, for its hash: a rerun with other limits processes it again.
func (l Limits) String() string {
	return fmt.Sprintf("facts=%d tokens=%d part=%d", max(l.MaxFacts, 0), l.MaxSentenceTokens, l.PartBytes)
}

// capFacts applies l to d, keeping its first facts in sentence order (the
// order Extract gives, so the cut is deterministic), and logs a cut naming
// the document and the counts. It reports whether facts were dropped.
func (l Limits) capFacts(d *nlp.Doc, source string, log *slog.Logger) bool {
	if l.MaxFacts <= 0 || len(d.Facts) <= l.MaxFacts {
		return false
	}
	n := len(d.Facts)
	clear(d.Facts[l.MaxFacts:]) // let the dropped facts' strings go
	d.Facts = d.Facts[:l.MaxFacts:l.MaxFacts]
	log.Warn("document has more facts than --max-facts; kept the first ones in sentence order",
		"doc", d.ID, "source", source, "facts", n, "kept", l.MaxFacts,
		"last_sentence", d.Facts[l.MaxFacts-1].Sent)
	return true
}
