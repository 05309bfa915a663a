package nlp

import "strings"

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// placeAlias maps normalised place names (lower-case, dots dropped, words
// joined by spaces) to their canonical key, for places with common aliases.
var placeAlias = map[string]string{
	"us": "united-states", "usa": "united-states", "united states": "united-states",
	"united states of america": "united-states", "america": "united-states",
	"uk": "united-kingdom", "britain": "united-kingdom", "great britain": "united-kingdom",
	"united kingdom": "united-kingdom",
	"uae":            "united-arab-emirates", "united arab emirates": "united-arab-emirates",
	"ussr": "soviet-union", "soviet union": "soviet-union",
	"holland": "netherlands", "the netherlands": "netherlands",
	"kiev": "kyiv", "kyiv": "kyiv",
}

// places is a small gazetteer of countries, regions and major cities
// (lower-case, spaces between words).
var places = func() map[string]bool {
	m := wordSet(`afghanistan albania algeria andorra angola argentina armenia australia austria
	azerbaijan bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia
	bosnia botswana brazil brunei bulgaria burundi cambodia cameroon canada chad chile china
	colombia comoros congo croatia cuba cyprus czechia denmark djibouti dominica ecuador egypt
	eritrea estonia eswatini ethiopia fiji finland france gabon gambia georgia germany ghana
	greece grenada guatemala guinea guyana haiti honduras hungary iceland india indonesia iran
	iraq ireland israel italy jamaica japan jordan kazakhstan kenya kiribati kosovo kuwait
	kyrgyzstan laos latvia lebanon lesotho liberia libya liechtenstein lithuania luxembourg
	madagascar malawi malaysia maldives mali malta mauritania mauritius mexico micronesia
	moldova monaco mongolia montenegro morocco mozambique myanmar burma namibia nauru nepal
	netherlands nicaragua niger nigeria norway oman pakistan palau palestine panama paraguay
	peru philippines poland portugal qatar romania russia rwanda samoa senegal serbia
	seychelles singapore slovakia slovenia somalia spain sudan suriname sweden switzerland
	syria taiwan tajikistan tanzania thailand togo tonga tunisia turkey turkmenistan tuvalu
	uganda ukraine uruguay uzbekistan vanuatu vatican venezuela vietnam yemen zambia zimbabwe
	england scotland wales crimea chechnya tibet kashmir gaza transnistria catalonia
	europe asia africa antarctica australasia oceania
	alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii
	idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan
	minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania
	tennessee texas utah vermont virginia wisconsin wyoming
	london paris berlin moscow washington beijing tokyo rome madrid brussels vienna warsaw
	kiev kyiv minsk geneva zurich amsterdam athens istanbul ankara cairo tehran baghdad
	damascus beirut jerusalem riyadh dubai delhi mumbai karachi kabul islamabad seoul
	pyongyang shanghai hong sydney melbourne toronto montreal ottawa chicago boston
	atlanta dallas houston seattle denver miami detroit manchester liverpool birmingham
	glasgow edinburgh dublin belfast cardiff lisbon stockholm oslo copenhagen helsinki
	prague budapest bucharest sofia belgrade zagreb hague sevastopol donetsk kharkiv
	simferopol odessa lviv havana caracas lima bogota santiago lagos nairobi johannesburg`)
	for _, p := range []string{"united states", "united kingdom", "new york", "new zealand",
		"south africa", "north korea", "south korea", "saudi arabia", "sri lanka", "costa rica",
		"el salvador", "ivory coast", "czech republic", "dominican republic", "east timor",
		"new jersey", "new mexico", "new hampshire", "north carolina", "south carolina",
		"north dakota", "south dakota", "rhode island", "west virginia", "los angeles",
		"san francisco", "new delhi", "hong kong", "the hague", "middle east", "far east",
		"latin america", "north america", "south america", "central america", "west bank",
		"gaza strip", "soviet union", "sierra leone", "papua new guinea", "cape town",
		"rio de janeiro", "buenos aires", "mexico city", "tel aviv", "abu dhabi",
		"united arab emirates", "st petersburg", "saint petersburg", "central african republic",
		"crimean peninsula", "eastern europe", "western europe", "east africa", "west africa"} {
		m[p] = true
	}
	for a := range placeAlias {
		m[a] = true
	}
	return m
}()

// titleWords are words of titles and roles written before a person's name.
var titleWords = wordSet(`president vice prime minister secretary senator sen rep representative
	gov governor mayor ambassador general gen lt col colonel sgt sergeant captain capt admiral
	adm major chancellor king queen prince princess pope judge justice chief executive chairman
	chairwoman chair director spokesman spokeswoman spokesperson mr mrs ms miss dr prof professor
	sir dame lord lady former acting deputy assistant leader commander premier envoy
	ceo cfo coach manager striker midfielder defender goalkeeper champion boss
	congressman congresswoman senior junior attorney speaker rev reverend father sister brother
	president-elect ex-president crown foreign defense defence interior finance trade
	economy home health education energy`)

// personTitles are title words that, before a name, mark it as a person's.
var personTitles = wordSet(`president minister secretary senator sen rep representative gov
	governor mayor ambassador general gen lt col colonel sgt sergeant captain capt admiral adm
	chancellor king queen prince princess pope judge chairman chairwoman director spokesman
	spokeswoman spokesperson mr mrs ms miss dr prof professor sir dame lord lady premier envoy
	ceo coach manager striker champion congressman congresswoman speaker rev reverend`)

// orgHeads are final words that make a proper-noun run an organization.
var orgHeads = wordSet(`party ministry department council committee commission union association
	bank corp corporation inc ltd llc plc co company group university college school institute
	foundation agency office service services board court parliament congress senate assembly
	army navy police force forces guard times post news network channel press journal club fc
	organization organisation fund federation league alliance coalition authority bureau
	administration government cabinet council team airlines airways motors industries holdings
	technologies systems labs laboratories studios records media broadcasting television radio
	tribunal commission movement front brigade agency church mission institution reserve
	exchange nations kremlin pentagon`)

// temporal words head noun phrases that say when, not who or what.
var temporal = wordSet(`monday tuesday wednesday thursday friday saturday sunday january february
	march april may june july august september october november december today yesterday
	tomorrow tonight week weeks weekend month months year years day days morning afternoon
	evening night time times decade decades century hour hours minute minutes moment
	season quarter`)

// monthsAndDays are capitalised temporal words that break proper-noun runs.
var monthsAndDays = wordSet(`monday tuesday wednesday thursday friday saturday sunday january
	february march april june july august september october november december`)

// pronouns that can stand for a person or thing, lower-case.
var (
	personPronouns = wordSet(`he she him her`)
	pronouns       = wordSet(`he she it they we you i him her them us me one this that these those who`)
)

// speechVerbs are lemmas of verbs reporting speech or thought.
var speechVerbs = wordSet(`say tell add state claim insist argue note explain announce report
	warn believe think know confirm deny suggest acknowledge admit reply respond write declare
	stress tweet`)

// denialVerbs put the clause they govern under negation.
var denialVerbs = wordSet(`deny dismiss reject`)

// reciprocalVerbs with a conjoined subject and no object relate the
// conjuncts to each other: "A and B met" → A meet B.
var reciprocalVerbs = wordSet(`meet talk speak negotiate clash fight collaborate cooperate marry`)

// particles are adverbs that belong to a phrasal verb ("touch down", "move on").
var particles = wordSet(`up down out off in on over back away around forward ahead along aside
	apart through together`)

// negators are words that negate the clause they stand in.
var negators = wordSet(`not n't n’t never no neither nor none nobody nothing`)
