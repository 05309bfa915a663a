package nlp

import "strings"

// roleClasses folds role titles that name the same office in different
// countries to one class, so counterparts can be matched: the U.S.
// Secretary of State's Russian counterpart is the Russian Foreign Minister.
// Roles not listed are their own class (lower-case text).
var roleClasses = map[string]string{
	"secretary of state": "foreign", "foreign minister": "foreign", "foreign secretary": "foreign",
	"minister of foreign affairs": "foreign", "foreign affairs minister": "foreign",
	"minister for foreign affairs": "foreign",
	"defense secretary":            "defense", "defence secretary": "defense", "secretary of defense": "defense",
	"defense minister": "defense", "defence minister": "defense", "minister of defense": "defense",
	"minister of defence": "defense",
	"finance minister":    "finance", "treasury secretary": "finance", "secretary of the treasury": "finance",
	"minister of finance": "finance", "chancellor of the exchequer": "finance",
	"interior minister": "interior", "home secretary": "interior", "minister of the interior": "interior",
	"prime minister": "head of government", "premier": "head of government",
	"chancellor": "head of government",
}

func roleClass(role string) string {
	r := strings.ToLower(role)
	if c, ok := roleClasses[r]; ok {
		return c
	}
	return r
}

// personRoles is what the titles of a document say about one person.
type personRoles struct {
	classes []string // role classes of the titles
	places  []string // country keys of the national titles
	sent    int      // position of the first mention: sentence, token
	tok     int
}

// personRoles collects the roles of the document's persons once.
func (r *linker) personRoles() map[string]*personRoles {
	if r.roles != nil {
		return r.roles
	}
	r.roles = map[string]*personRoles{}
	for i := range r.ms {
		m := &r.ms[i]
		if e := r.table.byKey[m.key]; e == nil || e.Type != Person {
			continue
		}
		pr := r.roles[m.key]
		if pr == nil {
			pr = &personRoles{sent: m.sent, tok: m.run.s}
			r.roles[m.key] = pr
		}
		text, place := role(r.infos[m.sent].x.toks, m)
		if text != "" && !contains(pr.classes, roleClass(text)) {
			pr.classes = append(pr.classes, roleClass(text))
		}
		if place != "" && !contains(pr.places, place) {
			pr.places = append(pr.places, place)
		}
	}
	return r.roles
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// counterpart links "his Russian counterpart" (phrase p of sentence si) to
// the one person of the document whose title gives the nationality of the
// adjective and the same office as the possessor's (owner, the subject of
// the fact when it is a person, else whom "his" refers to); failing an
// office match, to the only person of that nationality, unless both have
// offices and they differ. The antecedent must come before the phrase.
// Anything less clear-cut gives "".
func (r *linker) counterpart(si, p int, owner string) string {
	x := &r.infos[si].x
	ph := x.ph[p]
	if ph.head != ph.s+2 || ph.head >= len(x.toks) {
		return ""
	}
	if w := strings.ToLower(x.toks[ph.s].Text); w != "his" && w != "her" ||
		!strings.EqualFold(x.toks[ph.head].Text, "counterpart") {
		return ""
	}
	adj := x.toks[ph.s+1].Text
	if !upperInitial(adj) {
		return ""
	}
	place := demonymPlace(adj)
	if place == "" {
		return ""
	}
	if e := r.table.byKey[owner]; e == nil || e.Type != Person {
		owner = r.pronoun(si, ph.s)
	}
	if owner == "" {
		return ""
	}
	roles := r.personRoles()
	own := roles[owner]
	if own != nil && contains(own.places, place) {
		return "" // a Russian's Russian counterpart: something is off
	}
	var byRole, byPlace []string
	for k, pr := range roles {
		if k == owner || !contains(pr.places, place) {
			continue
		}
		byPlace = append(byPlace, k)
		if own == nil {
			continue
		}
		for _, c := range pr.classes {
			if contains(own.classes, c) {
				byRole = append(byRole, k)
				break
			}
		}
	}
	cand := byRole
	if len(cand) == 0 {
		cand = byPlace
		// two offices that differ: not counterparts.
		if len(cand) == 1 && own != nil && len(own.classes) > 0 && len(roles[cand[0]].classes) > 0 {
			return ""
		}
	}
	if len(cand) != 1 {
		return ""
	}
	if pr := roles[cand[0]]; pr.sent > si || pr.sent == si && pr.tok >= ph.s {
		return ""
	}
	return cand[0]
}

// pairNouns are the plural nouns of "the two men", "both leaders".
var pairNouns = wordSet(`men women leaders ministers diplomats`)

// pair resolves a subject "the two", "the two men" or "both men" (phrase
// p of sentence si) to the two persons of the nearest sentence, the
// current one before the phrase included, that mentions two or more: it
// must mention exactly two, the sentences after it may mention no other
// person, and none of these sentences may name an entity that might be an
// untyped person. A bare "the two" also stops at a sentence that names two
// places or two organisations (two countries can be "the two"). It returns
// nil when that is not clear-cut.
func (r *linker) pair(si, p int) []string {
	x := &r.infos[si].x
	ph := x.ph[p]
	n := ph.e - ph.s
	if n < 2 || n > 3 || ph.s+n > len(x.toks) {
		return nil
	}
	w0, w1 := strings.ToLower(x.toks[ph.s].Text), strings.ToLower(x.toks[ph.s+1].Text)
	bare := false
	switch {
	case w0 == "the" && w1 == "two" && n == 2:
		bare = true
	case w0 == "the" && w1 == "two" && n == 3:
		if !pairNouns[strings.ToLower(x.toks[ph.s+2].Text)] {
			return nil
		}
	case w0 == "both" && n == 2:
		if !pairNouns[w1] {
			return nil
		}
	default:
		return nil
	}
	seen := map[string]bool{}
	for s := si; s >= 0 && s >= si-3; s-- {
		before := 1 << 30
		if s == si {
			before = ph.s
		}
		if r.maybePerson(s, before) {
			return nil
		}
		cur := r.persons(s, before)
		for k := range cur {
			seen[k] = true
		}
		if len(cur) >= 2 {
			if len(cur) != 2 || len(seen) != 2 {
				return nil
			}
			out := make([]string, 0, 2)
			for k := range cur {
				out = append(out, k)
			}
			if out[1] < out[0] {
				out[0], out[1] = out[1], out[0]
			}
			return out
		}
		if bare && r.twoOfAKind(s, before) {
			return nil
		}
	}
	return nil
}

// persons returns the person keys mentioned in sentence s before token
// before.
func (r *linker) persons(s, before int) map[string]bool {
	out := map[string]bool{}
	for _, mi := range r.infos[s].mentions {
		m := &r.ms[mi]
		if m.run.s >= before {
			continue
		}
		if e := r.table.byKey[m.key]; e != nil && e.Type == Person {
			out[m.key] = true
		}
	}
	return out
}

// maybePerson reports whether sentence s names, before token before, an
// entity that is not typed a person but might be one: typed by the entity
// recogniser alone, not by the word lists ("Barack Obama" voted a place).
// Counting persons is not clear-cut then.
func (r *linker) maybePerson(s, before int) bool {
	for _, mi := range r.infos[s].mentions {
		m := &r.ms[mi]
		if m.run.s >= before || m.typ != "" {
			continue
		}
		if e := r.table.byKey[m.key]; e != nil && e.Type != Person {
			return true
		}
	}
	return false
}

// twoOfAKind reports whether sentence s names two different places or two
// different organisations before token before.
func (r *linker) twoOfAKind(s, before int) bool {
	var first [2]string
	for _, mi := range r.infos[s].mentions {
		m := &r.ms[mi]
		if m.run.s >= before {
			continue
		}
		e := r.table.byKey[m.key]
		if e == nil {
			continue
		}
		i := 0
		switch e.Type {
		case Place:
		case Organization:
			i = 1
		default:
			continue
		}
		if first[i] == "" {
			first[i] = m.key
		} else if first[i] != m.key {
			return true
		}
	}
	return false
}
