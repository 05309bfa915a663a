package nlp

import "strings"

// irregular maps inflected forms of common irregular verbs to their base form.
var irregular = func() map[string]string {
	// Each line: base followed by its irregular inflected forms.
	const table = `be am is are was were been being 's 're 'm ’s ’re ’m
have has had having 've ’ve 'd ’d
do does did done doing
go goes went gone
say said says
make made
take took taken
get got gotten
give gave given
come came
become became
overcome overcame
know knew known
see saw seen
foresee foresaw foreseen
oversee oversaw overseen
think thought
tell told
leave left
feel felt
bring brought
begin began begun
keep kept
hold held
withhold withheld
uphold upheld
behold beheld
write wrote written
rewrite rewrote rewritten
stand stood
understand understood
misunderstand misunderstood
withstand withstood
hear heard
overhear overheard
mean meant
meet met
run ran
overrun overran
pay paid
sit sat
speak spoke spoken
lead led
mislead misled
grow grew grown
lose lost
fall fell fallen
send sent
build built
rebuild rebuilt
draw drew drawn
withdraw withdrew withdrawn
break broke broken
spend spent
rise rose risen
arise arose arisen
drive drove driven
buy bought
wear wore worn
choose chose chosen
seek sought
throw threw thrown
overthrow overthrew overthrown
catch caught
deal dealt
win won
fight fought
teach taught
sell sold
find found
beat beaten
bear bore borne born
bend bent
bind bound
bite bit bitten
blow blew blown
cling clung
dig dug
feed fed
flee fled
fly flew flown
forbid forbade forbidden
forget forgot forgotten
forgive forgave forgiven
freeze froze frozen
hang hung
hide hid hidden
lay laid
lend lent
light lit
ride rode ridden
ring rang rung
shake shook shaken
shine shone
shoot shot
show shown
sing sang sung
sink sank sunk
slide slid
spin spun
steal stole stolen
stick stuck
sting stung
strike struck stricken
swear swore sworn
sweep swept
swim swam swum
swing swung
tear tore torn
undertake undertook undertaken
overtake overtook overtaken
mistake mistook mistaken
wake woke woken
weep wept
wind wound
undergo underwent undergone
sleep slept
speed sped
dwell dwelt
spell spelt
dream dreamt
lean leant
leap leapt
kneel knelt
creep crept
dive dove
strive strove striven
weave wove woven
spring sprang sprung
stride strode
tread trod trodden
forsake forsook forsaken
forecast forecasted
broadcast broadcasted
outgrow outgrew outgrown
can could
will would
shall should
may might
die died dying
lie lying lied
tie tied tying
add added adding
focus focused focusing focussed focusses focuses
develop developed developing
envelop enveloped
gallop galloped`
	m := make(map[string]string, 400)
	for _, line := range strings.Split(table, "\n") {
		f := strings.Fields(line)
		for _, w := range f[1:] {
			m[w] = f[0]
		}
	}
	return m
}()

// eBases lists verbs ending in a silent e whose stem the suffix rules cannot
// tell from one without (visit/invite, target/complete, honor/ignore).
var eBases = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`unite invite cite ignite recite excite incite expedite write bite
		create complete delete compete deplete excrete secrete
		ignore explore restore score store adore deplore implore bore snore shore
		postpone phone tone zone clone condone atone drone hone stone
		waste taste paste haste breathe bathe loathe soothe clothe
		interfere adhere cohere persevere revere quote`) {
		m[w] = true
	}
	return m
}()

// Lemma returns the base form of an English verb given its Penn Treebank tag
// (VB, VBD, VBG, VBN, VBP, VBZ, MD). The word may be in any case; the lemma is
// lower-case. Irregular verbs come from a table; regular ones are undone by
// suffix rules: -ies/-ied → -y, doubled final consonants (stopped → stop), and
// a restored silent e where the stem's ending calls for one (moved → move,
// created → create, argued → argue).
func Lemma(word, tag string) string {
	w := strings.ToLower(word)
	w = strings.ReplaceAll(w, "’", "'")
	if b, ok := irregular[w]; ok {
		return b
	}
	switch tag {
	case "VBZ":
		return lemmaS(w)
	case "VBD", "VBN":
		return lemmaEd(w)
	case "VBG":
		return lemmaIng(w)
	}
	return w
}

func lemmaS(w string) string {
	switch {
	case len(w) <= 2 || !strings.HasSuffix(w, "s"):
		return w
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "zzes"),
		strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "ches"),
		strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "oes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"):
		return w
	}
	return w[:len(w)-1]
}

func lemmaEd(w string) string {
	switch {
	case len(w) <= 3 || !strings.HasSuffix(w, "ed"):
		return w
	case strings.HasSuffix(w, "ied"):
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "eed") && !strings.HasSuffix(w, "eeded"):
		return w[:len(w)-1] // agreed → agree, freed → free
	}
	return restore(w[:len(w)-2])
}

func lemmaIng(w string) string {
	if len(w) <= 4 || !strings.HasSuffix(w, "ing") {
		return w
	}
	stem := w[:len(w)-3]
	if strings.HasSuffix(stem, "ee") || strings.HasSuffix(stem, "y") || strings.HasSuffix(stem, "o") {
		return stem // agreeing, staying, echoing
	}
	return restore(stem)
}

func isVowel(c byte) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'
}

// restore turns the stem left by removing -ed or -ing back into a base form:
// it undoes consonant doubling and restores a silent e.
func restore(s string) string {
	n := len(s)
	if n < 2 {
		return s
	}
	if eBases[s+"e"] {
		return s + "e"
	}
	last, prev := s[n-1], s[n-2]
	if last == prev && !isVowel(last) {
		switch last {
		case 's', 'z', 'f':
			return s // passed, buzzed, stuffed
		case 'l':
			switch {
			case strings.HasSuffix(s, "ell"), strings.HasSuffix(s, "oll") && n > 5:
				return s[:n-1] // cancelled, controlled
			}
			return s // called, killed, pulled
		}
		return s[:n-1] // stopped, planned, referred
	}
	if isVowel(last) {
		if last == 'u' {
			return s + "e" // argued, continued
		}
		return s
	}
	switch last {
	case 'v', 'c', 'z':
		return s + "e" // moved, announced, seized
	case 'w', 'x', 'y', 'h':
		return s
	}
	// Consonant clusters that end in a silent e: -ng after a/e (changed,
	// challenged), -rg/-dg (urged, judged), consonant+l (settled), consonant+s
	// (sensed, collapsed), vowel+s (raised, caused).
	switch {
	case strings.HasSuffix(s, "ang") && n > 4, strings.HasSuffix(s, "eng"),
		strings.HasSuffix(s, "rg"), strings.HasSuffix(s, "dg"):
		return s + "e"
	case last == 'l' && !isVowel(prev) && prev != 'r' && prev != 'w':
		return s + "e"
	case last == 's':
		if prev == 's' {
			return s
		}
		return s + "e"
	}
	switch {
	case strings.HasSuffix(s, "uir"), last == 'r' && prev == 'u' && n > 2 && !isVowel(s[n-3]):
		return s + "e" // acquired, required, measured, secured (but poured, toured)
	case strings.HasSuffix(s, "uid"), strings.HasSuffix(s, "uad"):
		return s + "e" // guided, persuaded
	}
	if last == 't' && prev == 'a' && n > 2 && s[n-3] != 'e' && s[n-3] != 'o' {
		return s + "e" // negotiated, evaluated (but heated, floated)
	}
	if isVowel(prev) && (n < 3 || !isVowel(s[n-3])) {
		// consonant-vowel-consonant: decide by the final letters.
		switch last {
		case 't':
			switch prev {
			case 'a', 'o', 'u':
				return s + "e" // created, voted, disputed
			}
			return s // visited, targeted
		case 'd':
			if prev != 'e' {
				return s + "e" // decided, included, invaded, exploded
			}
			return s
		case 'r':
			switch prev {
			case 'a', 'i', 'u':
				return s + "e" // declared, required, secured
			}
			return s // entered, honored
		case 'l':
			if prev == 'u' || prev == 'i' || prev == 'o' {
				return s + "e" // ruled, compiled, consoled (but travelled, signaled)
			}
			return s
		case 'm', 'k', 'b', 'g':
			return s + "e" // named, liked, described, engaged
		case 'n':
			if prev == 'i' {
				return s + "e" // combined, defined
			}
			return s // opened, abandoned
		case 'p':
			if prev == 'a' || prev == 'i' || prev == 'o' {
				return s + "e" // shaped, wiped, hoped
			}
		}
	}
	return s
}
