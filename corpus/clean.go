package corpus

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Thresholds of the line rules, in words.
const (
	longLine  = 20 // a line without final punctuation this long is kept as prose
	shortLine = 15 // weak boilerplate cues only drop lines up to this long
	maxTweet  = 300
	patBytes  = 1000 // boilerplate patterns are only tried on lines up to this size
)

// Boilerplate cues, matched against the lower-cased line. Strong cues drop a
// line of any length (up to patBytes); weak cues only short lines, as the
// same words occur in news prose. A cue's regular expression only runs on
// lines holding its hint, a string every match contains.
var (
	strongCues = cues(
		"twitter", `pic\.twitter\.com/`,
		"paid for", `\bpaid for by an? (advertiser|sponsor)\b`,
		"this content", `\bthis content is (paid|sponsored)\b`,
		"sponsored", `\bsponsored (content|post)\b`,
		"paid", `\bpaid (content|post|partnership)\b`,
		"studio", `\bbrand ?studio\b`,
		"rights reserved", `\ball rights reserved\b`,
		"©", `©`,
		"(c)", `\(c\) ?(19|20)\d\d`,
		"copyright", `^copyright\s*(©|\(c\)|\d{4})`,
		"you a", `\bby (subscribing|signing up|registering|clicking[^.]{0,40}|continuing[^.]{0,40}),? you (agree|accept)\b`,
		"you consent", `\bby (subscribing|signing up|registering|clicking[^.]{0,40}|continuing[^.]{0,40}),? you consent\b`,
		"cookie", `\bcookie (policy|settings|preferences)\b|\b(we|this (site|website)) uses? cookies\b|\baccept (all )?cookies\b`,
		" up ", `\b(sign|signing) up (for|to) (our|email|e-mail|updates|newsletters?|alerts|breaking)\b`,
		"you", `\byou('ve| have) (signed up|subscribed)\b`,
		"thank", `\bthank(s| you) for (signing up|subscribing|registering|reading|your interest)\b`,
		"subscribe ", `\bsubscribe (now|today|here|for (just|only|free|\$|£|€)|to (our|the|this) (newsletter|channel|podcast|feed))\b`,
		"inbox", `\bcheck your inbox\b|\bin your inbox\b`,
		"check your", `\bcheck your e-?mail\b`,
		"newsletter", `\bnewsletters?\b.{0,40}\b(sign|subscribe|inbox|delivered)`,
		"offer", `\blimited[- ]time offer\b`,
		"cancel", `\bcancel anytime\b`,
		"sales tax", `\bsales tax may apply\b`,
		"receive", `\byou('ll| will) receive (an )?e-?mails?\b`,
		"comment", `\b(show|view|load|hide|read|see) (all )?(\d+ )?comments\b|\b(post|leave|add) a comment\b`,
		"follow", `\bfollow (us|me|him|her|them) (on|at) (twitter|facebook|instagram|linkedin|x)\b`,
		"facebook", `\blike us on facebook\b`,
		":", `^(twitter|facebook|instagram|e-?mail)\s*:`,
		"via", `\b(image|photo|photograph|picture|video) via\b`,
		"courtesy", `\b(image|photo|photograph|picture|video) courtesy of\b`,
		"credit", `\b(image|photo|photograph|picture|video) credit\b`,
		" by", `^(photo|image|picture)s? by\b`,
		"(", `\((photo|image|picture)s?( by)?:? `,
	)
	weakCues = cues(
		"subscri", `\bsubscribe\b|^subscri|\bby subscribing\b`,
		"newsletter", `\bnewsletters?\b`,
		"sign", `\bsign(ing)? (up|in)\b|^sign ?(in|out)\b`,
		"log", `^log ?(in|out)\b`,
		"register", `^register\b`,
		"cookie", `\bcookies?\b`,
		"access", `\b(digital|unlimited|premium) access\b`,
		"trial", `\bfree trial\b|\btrial period\b`,
		"/", `\d ?/ ?(month|mo|week|wk|year|yr)\b`,
		"terms of", `\bterms of (service|use|sale)\b`,
		"privacy", `\bprivacy (policy|notice)\b`,
		"ad", `^(ad|advert|advertisement|advertising)$`,
		"", `^(sponsored|promoted|comments?|home|menu|close|open|print)$`,
		"share", `^share\b|\bshare (this (article|story|page|post)|on (facebook|twitter|whatsapp|linkedin)|via (e-?mail|facebook|twitter))\b`,
		" here", `\b(click|tap) here\b`,
		" to", `\b(click|tap) to\b`,
		"more", `\b(read|learn) more\b|^see more\b|\bsee more (stories|articles|photos|videos)\b|^more (from|on|in|stories|articles|news)\b`,
		"related", `\brelated (articles?|stories|story|content|coverage|topics|links)\b`,
		"mo", `^(most|more) (read|popular|viewed|shared|commented)\b`,
		"play", `\bnow playing\b|\bvideo player\b`,
		"watch", `\bwatch (now|live|video|the video)\b`,
		"article", `^(next|previous) article\b`,
		"story", `^(next|previous) story\b`,
		"also like", `\byou (may|might) also like\b`,
		"recommended", `\brecommended( for you)?$`,
		"trending", `^trending\b`,
		"around the web", `\baround the web\b`,
		"skip to", `\bskip to (main )?content\b`,
		"back to top", `\bback to top\b`,
		"search", `^search$`,
		"mail", `^e-?mail$`,
		"download", `\bdownload (the|our) app\b`,
		"follow", `\bfollow (us|@)`,
		"@", `(^|\s)@[a-z0-9_]{2,}\b|[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}`,
		"permalink", `\bpermalink\b`,
		"http", `\bhttps?://`,
		"www.", `\bwww\.[a-z0-9-]+\.`,
		"getty", `\bgetty images\b`,
		":", `^(photo|image|picture|credit|source|file photo|caption)s?( credit)?\s*:`,
	)
	// A tweet embed's attribution: "— Name (@handle) Month D, YYYY".
	tweetRE = regexp.MustCompile(`^[—–-]+ ?[^()]{0,80}\(@\w{1,30}\)[^()]{0,8}\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2},? \d{4}$`)
	// A byline: "By First Last", also after a date and a bar.
	bylineRE = regexp.MustCompile(`(^|[|•·]\s*)(By|BY|Posted by|Written by|Reporting by|From)\s+\p{Lu}`)
	// A photo caption: a sentence followed by a credit in parentheses.
	creditRE = regexp.MustCompile(`[.!?"”’…,]\s*\(\s*\p{Lu}[\p{L}.&'’/ -]{0,40}\)$`)
	// A photo caption naming positions in the picture.
	positionCue = cues("", `, (left|right|center|centre|top|bottom|front|rear|(second|third) from (left|right)),|\((left|right|center|centre|top|bottom)\)`)[0]
	// A dateline opening a paragraph: "WASHINGTON — ", "PARIS, March 31 (RIA Novosti) – ".
	datelineRE = regexp.MustCompile(`^\p{Lu}[\p{Lu}.'’ -]{2,30}(, \p{Lu}\p{Ll}{2,}\.? \d{1,2})?( \([^()]{1,40}\))? ?[—–-]{1,2} (\p{Lu}|["“‘])`)
	// A navigation label: "YOU ARE HERE:".
	navRE = regexp.MustCompile(`^[\p{Lu}\d &'’/-]{2,40}:`)
	// A list item marker.
	bulletRE = regexp.MustCompile(`^([-–—•·▪■●◦*+>]|\d{1,3}[.)]?) `)
)

// line is one logical line of a document under cleaning.
type line struct {
	text  string
	words int
	kind  kind
}

type kind uint8

const (
	prose     kind = iota // a sentence: kept
	listItem              // structured content without final punctuation: kept
	titleLike             // short, no final punctuation: dropped
	boiler                // navigation, marketing, credits: dropped
	dropped               // dropped by a rule of context
)

func (k kind) kept() bool { return k == prose || k == listItem }

// Clean drops the lines of an article that are not prose before NLP:
// navigation and marketing (subscription offers, newsletter sign-ups, share
// and comment buttons, cookie notices, "Image via", "Twitter: @…", URLs,
// e-mail addresses, embedded tweets), headline-like lines without final
// punctuation (titles, links to other stories, bylines, datelines), photo
// captions and copyright lines, and a page footer dominated by such lines.
// Lines of prose are kept with their characters as they are, runs of white
// space collapsed; a dateline opening a paragraph is stripped. Lines hard-wrapped inside a paragraph are joined. Each kept
// paragraph is one line; paragraphs are separated by a blank line.
// Clean is idempotent.
func Clean(text string) string {
	lines := analyse(text)
	var b strings.Builder
	b.Grow(len(text))
	for _, l := range lines {
		if !l.kind.kept() {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(l.text)
	}
	return b.String()
}

// Title guesses the headline of a plain-text article: among the lines before
// its first sentence (site names, navigation, headline, byline), the longer
// of the first two that are neither boilerplate nor bylines nor datelines.
// It returns "" when the text starts with prose.
func Title(text string) string {
	var cands []line
	for _, l := range analyse(text) {
		if l.kind == prose || len(cands) == 2 {
			break
		}
		if l.kind == titleLike || l.kind == listItem || l.kind == dropped && l.words > 1 {
			if bylineRE.MatchString(l.text) || isDateline(l.text) {
				continue
			}
			cands = append(cands, l)
		}
	}
	switch {
	case len(cands) == 0:
		return ""
	case len(cands) == 2 && cands[1].words > cands[0].words:
		return cands[1].text
	}
	return cands[0].text
}

// analyse splits text into logical lines and decides which to keep.
func analyse(text string) []line {
	lines := split(Normalize(text))
	for i := range lines {
		lines[i].kind = classify1(&lines[i])
	}
	contextRules(lines)
	return lines
}

// split cuts text into tidied logical lines: blank lines go, and lines
// hard-wrapped inside a paragraph are joined.
func split(text string) []line {
	var out []line
	var block []string
	flush := func() {
		for _, s := range unwrap(block) {
			if s = tidy(s); s != "" {
				out = append(out, line{text: s})
			}
		}
		block = block[:0]
	}
	for len(text) > 0 {
		i := strings.IndexByte(text, '\n')
		var s string
		if i < 0 {
			s, text = text, ""
		} else {
			s, text = text[:i], text[i+1:]
		}
		if isBlank(s) {
			flush()
			continue
		}
		block = append(block, s)
	}
	flush()
	return out
}

// unwrap joins the lines of a block (lines without a blank line between
// them) that belong to one paragraph: a line without final punctuation
// followed by one starting in lower case, or a whole block hard-wrapped at a
// fixed width.
func unwrap(block []string) []string {
	if len(block) < 2 {
		return block
	}
	if wrapped(block) {
		return []string{strings.Join(block, " ")}
	}
	out := block[:1]
	for _, s := range block[1:] {
		last := &out[len(out)-1]
		t := strings.TrimSpace(s)
		if r, _ := utf8.DecodeRuneInString(t); unicode.IsLower(r) && !terminal(strings.TrimSpace(*last)) && !bulletRE.MatchString(strings.TrimSpace(*last)) {
			*last += " " + t
			continue
		}
		out = append(out, s)
	}
	return out
}

// wrapped reports whether a block looks hard-wrapped: at least three lines
// of similar width (40 to 100 characters), some ending mid-sentence, none a
// list item, the last no longer than the others and ending a sentence.
func wrapped(block []string) bool {
	last := strings.TrimSpace(block[len(block)-1])
	if len(block) < 3 || !terminal(last) || bulletRE.MatchString(last) {
		return false
	}
	width, open := 0, 0
	for _, s := range block[:len(block)-1] {
		s = strings.TrimSpace(s)
		if bulletRE.MatchString(s) {
			return false
		}
		width = max(width, utf8.RuneCountInString(s))
		if !terminal(s) {
			open++
		}
	}
	if width < 40 || width > 100 || open*2 < len(block)-1 || utf8.RuneCountInString(last) > width+5 {
		return false
	}
	for _, s := range block[:len(block)-1] {
		if utf8.RuneCountInString(strings.TrimSpace(s))*10 < width*6 {
			return false
		}
	}
	return true
}

// tidy collapses white space and strips opening datelines. It is idempotent.
func tidy(s string) string {
	s = collapseSpace(s)
	for {
		p := prefix(s, 160)
		if !strings.ContainsAny(p, "-–—") || len(p) < 2 || p[0] < 'A' || p[0] > 'Z' {
			return s // cheap test first: a dateline opens in capitals, ends in a dash
		}
		m := datelineRE.FindStringSubmatchIndex(p)
		if m == nil {
			return s
		}
		s = s[m[len(m)-2]:] // keep the opening letter or quote
	}
}

// collapseSpace trims s and turns runs of white space into one space,
// copying only when something changes.
func collapseSpace(s string) string {
	clean := true
	prevSpace := true
	for _, r := range s {
		sp := unicode.IsSpace(r)
		if sp && (prevSpace || r != ' ') {
			clean = false
			break
		}
		prevSpace = sp
	}
	if clean && !prevSpace {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

func isBlank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

func suffix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

// cueRE is a boilerplate cue: a regular expression and a string that every
// match contains.
type cueRE struct {
	hint string
	re   *regexp.Regexp
}

// cues compiles hint, pattern pairs.
func cues(pairs ...string) []cueRE {
	cs := make([]cueRE, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		cs = append(cs, cueRE{pairs[i], regexp.MustCompile(pairs[i+1])})
	}
	return cs
}

// positional reports whether a lower-cased line names positions in a
// picture, as photo captions do: "Kerry, right, meets Lavrov".
func positional(low string) bool {
	for _, w := range [...]string{"left", "right", "cent", "top", "bottom", "front", "rear"} {
		if strings.Contains(low, w) {
			return positionCue.re.MatchString(low)
		}
	}
	return false
}

func (c cueRE) match(low string) bool {
	return strings.Contains(low, c.hint) && c.re.MatchString(low)
}

// match reports whether any of cs matches the lower-cased line low.
func match(cs []cueRE, low string) bool {
	for _, c := range cs {
		if c.match(low) {
			return true
		}
	}
	return false
}

// lower lower-cases ASCII letters, leaving other bytes alone (so byte
// offsets and UTF-8 stay as they are).
func lower(s string) string {
	i := 0
	for i < len(s) && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if c := b[i]; c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// classify1 decides a line's kind from the line alone.
func classify1(l *line) kind {
	s := l.text
	l.words = countWords(s)
	if len(s) <= patBytes {
		low := lower(s)
		if match(strongCues, low) || (l.words <= shortLine && match(weakCues, low)) {
			return boiler
		}
		if l.words < 50 && (strings.HasSuffix(s, ")") && creditRE.MatchString(s) || positional(low)) {
			return boiler // photo caption
		}
		if l.words <= 10 && navRE.MatchString(s) && upperShare(s) > 0.5 {
			return boiler // "YOU ARE HERE: Home"
		}
	}
	if !hasLetter(s) {
		if isNumeric(s) {
			return listItem // a figure in a table or a list
		}
		return titleLike
	}
	if terminal(s) {
		if l.words >= 2 {
			return prose
		}
		return titleLike
	}
	if l.words >= longLine {
		return prose
	}
	if l.words <= 12 && (bylineRE.MatchString(s) || isDateline(s)) {
		return titleLike
	}
	if l.words >= 2 && l.words <= 10 && upperShare(s) > 0.7 {
		return titleLike // an ALL-CAPS label
	}
	if listy(s) {
		return listItem
	}
	return titleLike
}

// contextRules apply the rules that look beyond one line: embedded tweets,
// a boilerplate footer, and the lines above the first sentence.
func contextRules(ls []line) {
	// An embedded tweet: its attribution and the tweet text above it.
	for i := range ls {
		if !ls[i].kind.kept() || !strings.Contains(ls[i].text, "(@") || !tweetRE.MatchString(suffix(ls[i].text, 200)) {
			continue
		}
		ls[i].kind = boiler
		if i > 0 && len(ls[i-1].text) <= maxTweet && ls[i-1].kind.kept() {
			ls[i-1].kind = dropped
		}
	}
	// A footer: from a boilerplate line on, when most of the rest is
	// boilerplate or headline-like, everything goes (teasers included).
	// Counts of the lines from i to the end are kept in one backward pass.
	bad, boil := make([]int32, len(ls)+1), make([]int32, len(ls)+1)
	for i := len(ls) - 1; i >= 0; i-- {
		bad[i], boil[i] = bad[i+1], boil[i+1]
		if !ls[i].kind.kept() {
			bad[i]++
		}
		if ls[i].kind == boiler {
			boil[i]++
		}
	}
	seenProse := false
	for i := range ls {
		if ls[i].kind == prose {
			seenProse = true
		}
		if ls[i].kind != boiler || !seenProse {
			continue
		}
		if boil[i] >= 3 && int(bad[i])*3 >= (len(ls)-i)*2 {
			for j := i; j < len(ls); j++ {
				if ls[j].kind.kept() {
					ls[j].kind = dropped
				}
			}
			break
		}
	}
	// Above the first sentence: headline, site name, section and match
	// details; none of it is prose.
	for i := range ls {
		if ls[i].kind == prose && terminal(ls[i].text) {
			break
		}
		if ls[i].kind == listItem || ls[i].kind == prose && ls[i].words < longLine {
			ls[i].kind = dropped
		}
	}
}

// terminal reports whether s ends like a sentence: final punctuation,
// possibly inside closing quotes (a quoted phrase closing a headline,
// "Kerry to meet 'soon'", is not a sentence end), or a sentence closed inside
// a bracket.
func terminal(s string) bool {
	quoted := false
	for s != "" {
		r, n := utf8.DecodeLastRuneInString(s)
		switch r {
		case '.', '!', '?', '…', ':', ';':
			return true
		case ',':
			return quoted
		case '"', '”', '»', '\'', '’', '`':
			quoted = true
			s = s[:len(s)-n]
		case ')', ']':
			if quoted {
				return false
			}
			// "(…)" ending a line is a caption or a list item, unless a
			// sentence ends inside it: "(It was.)"
			r2, _ := utf8.DecodeLastRuneInString(s[:len(s)-n])
			return r2 == '.' || r2 == '!' || r2 == '?'
		default:
			return false
		}
	}
	return false
}

// listy reports whether a line without final punctuation is structured
// content of the article (a list item, a fixture, a ranking, a table row)
// rather than a headline: it carries a list marker, a figure, a bracketed
// note, a "v" between teams, a dash between label and value, or several
// commas.
func listy(s string) bool {
	if bulletRE.MatchString(s) || strings.HasSuffix(s, ")") {
		return true
	}
	commas := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			return true
		case c == ',':
			commas++
		}
	}
	return commas >= 2 || strings.Contains(s, " v ") || strings.Contains(s, " vs ") ||
		strings.Contains(s, " - ") || strings.Contains(s, " – ") || strings.Contains(s, " & ")
}

// isDateline reports whether a line is only a date or time: "March 30,
// 2014", "Tuesday, 1 March", "2000 GMT", "Updated 10:42 a.m. ET".
func isDateline(s string) bool {
	named := false
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == '|' || r == '/'
	}) {
		w = strings.ToLower(strings.Trim(w, ".:-–—()"))
		switch {
		case w == "":
		case isNumeric(w) || ordinal(w):
		case dateWords[w] || len(w) >= 3 && dateWords[w[:3]] && monthOrDay(w):
			named = true
		default:
			return false
		}
	}
	return named
}

var dateWords = map[string]bool{
	"jan": true, "feb": true, "mar": true, "apr": true, "may": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"mon": true, "tue": true, "wed": true, "thu": true, "fri": true, "sat": true, "sun": true,
	"gmt": true, "bst": true, "utc": true, "cet": true, "est": true, "edt": true, "pst": true,
	"pdt": true, "et": true, "pt": true, "am": true, "pm": true, "a.m": true, "p.m": true,
	"updated": true, "published": true, "posted": true, "last": true, "at": true, "on": true,
}

// monthOrDay reports whether w is a full month or weekday name.
func monthOrDay(w string) bool {
	switch w {
	case "january", "february", "march", "april", "june", "july", "august", "september",
		"october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
		"friday", "saturday", "sunday":
		return true
	}
	return false
}

// ordinal reports whether w is "1st", "22nd", "3rd", "30th".
func ordinal(w string) bool {
	if len(w) < 3 || w[0] < '0' || w[0] > '9' {
		return false
	}
	switch w[len(w)-2:] {
	case "st", "nd", "rd", "th":
		return isNumeric(w[:len(w)-2])
	}
	return false
}

// isNumeric reports whether s is digits with separators: "8,200", "20:00", "3.5%".
func isNumeric(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(",.:%-–/$£€ ", r):
		default:
			return false
		}
	}
	return digits > 0
}

func countWords(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		sp := s[i] == ' '
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// upperShare is the share of upper-case letters among the letters of s.
func upperShare(s string) float64 {
	up, all := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			all++
			if unicode.IsUpper(r) {
				up++
			}
		}
	}
	if all == 0 {
		return 0
	}
	return float64(up) / float64(all)
}
