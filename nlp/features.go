package nlp

import (
	"os"
	"strings"
)

// construction names the rule that produced a fact; it feeds the
// confidence model.
type construction uint8

const (
	cVerb       construction = iota // subject, verb group, object
	cPassive                        // passive with a by-agent, turned active
	cCopula                         // a linking verb and an adjective
	cThat                           // a verb and its that-clause as the object
	cReducedRel                     // "the troops Russia has amassed"
	cReciprocal                     // "A and B met"
	cAppos                          // "Crimea, a former Ukrainian region, …"
	cNoObject                       // a verb without object, with its adjuncts (Open only)
	cPossessive                     // "Russia's troops" → Russia has troops
)

// Features that can be switched off to measure what each contributes (see
// EVAL.md). They are all on unless named, comma-separated, in the
// environment variable NEWSGRAPH_NLP_OFF; the switch exists for
// measurement only.
const (
	featExtras      = "extras"      // n-ary time/place/other arguments
	featFronted     = "fronted"     // sentence-initial adjuncts
	featAppos       = "appos"       // appositive "is" facts
	featReducedRel  = "reducedrel"  // reduced relative clauses
	featWhRel       = "inferred"    // subjects inferred across relative pronouns, commas, conjunctions, control
	featConj        = "conj"        // conjoined subjects and objects
	featPassive     = "passive"     // passives with a by-agent
	featThat        = "that"        // that-clause objects
	featTempSplit   = "tempsplit"   // time phrases split off noun phrases ("Crimea last month")
	featConf        = "conf"        // the confidence model (off: one constant)
	featTagFix      = "tagfix"      // the tag-correction layer
	featSpeech      = "attribution" // reported-speech attribution (graph only)
	featParticiple  = "participle"  // participial clauses after a comma
	featAdjCoord    = "adjcoord"    // coordinated adjectives inside a noun phrase
	featNoObject    = "noobject"    // verbs without object (Open only)
	featSpeechFacts = "speech"      // "X said" facts for quotations and inverted speech
	featPossessive  = "possessive"  // possession facts from possessives (Open only)
	featAdjTo       = "adjto"       // "was able to control" as one verb group
	featModifier    = "modifier"    // participle modifiers with a complement ("industries backed by …")
	featRoles       = "roles"       // hold role / represent facts from titles (graph only)
	featCounterpart = "counterpart" // "his Russian counterpart" linked to a person
	featPair        = "pair"        // "the two (men)" as a subject: one fact per person (graph only)
)

var switchedOff = func() map[string]bool {
	m := map[string]bool{}
	for _, f := range strings.Split(os.Getenv("NEWSGRAPH_NLP_OFF"), ",") {
		if f = strings.TrimSpace(f); f != "" {
			m[f] = true
		}
	}
	return m
}()

// on reports whether feature f is switched on.
func on(f string) bool { return len(switchedOff) == 0 || !switchedOff[f] }
