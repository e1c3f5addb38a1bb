"""The words of attribution formulas, as patterns: what ``frames`` looks for around a verb.

Speech and denial verbs (with the base form a plural subject takes: "prosecutors allege"),
what may stand between a verb and its clause ("on Thursday", "in a statement", "told
reporters at a briefing in Beirut that"), the phrases of anonymity, relay and origin ("who
asked not to be named", "spoke to TNA", "citing three local sources"), and the words before
a verb that show it is not one ("the reported clashes", "412 confirmed cases", "has not said").
Kept apart from the logic so the vocabulary can be read, and extended, in one place.
"""

from __future__ import annotations

import re

SAY = (
    "said|says|say|told|tells|tell|added|adds|stated|announced|announces|announce|reported|reports|confirmed|"
    "confirms|confirm|claimed|claims|warned|warns|warn|explained|explains|explain|insisted|insists|insist|noted|"
    "notes|wrote|writes|tweeted|posted|argued|argues|argue|acknowledged|acknowledges|acknowledge|admitted|admits|admit|"
    "alleged|alleges|allege|accused|accuses|accuse|blamed|blames|blame|condemned|condemns|condemn|disclosed|disclose|revealed|reveals|"
    "reveal|asserted|asserts|assert|maintained|maintains|maintain|stressed|stresses|predicted|predicts|predict|cautioned|cautions|"
    "read|reads|"
    "promised|promises|vowed|vows|pledged|pledges|conceded|concedes|concede|recalled|recalls|estimated|"
    "estimates|suggested|suggests|urged|urges|urge|demanded|demands|called\\s+for|calls\\s+for|"
    "advised|advises|assured|assures|informed|informs|forecasts|"
    # a court's verbs, reporting only with their clause: "submitted that C", not "submitted an objection";
    # so "its authors caution that C", "the Board projects that C" (not "a note of caution", "projects")
    "(?:submitted|submits|testified|testifies|contended|contends|caution|projects|projected)(?=\\s+(?:[\\w'’\\-]+\\s+){0,3}?that\\b)|"
    "(?<=are\\s)(?:writing|reporting|claiming|saying)|(?<=is\\s)(?:writing|reporting|claiming|saying)|"  # "chats are writing that C"
    "call\\s+for|appealed\\s+for|appeals\\s+for|found|finds|concluded|concludes"
)
# "found" and "concluded" report only a finding stated as one: "the agency found in its report
# that C", never "police found a body".
FINDING_VERBS = frozenset({"found", "finds", "concluded", "concludes"})
FINDING_THAT = re.compile(
    r"\s+(?:in\s+(?:a|an|its|his|her|their|the)\s+(?:[\w\-]+\s+){0,2}?(?:report|review|investigation|inquiry|study|audit|analysis)\s+)?that\b",
    re.IGNORECASE,
)
DENY = "denied|denies|deny|rejected|rejects|reject|dismissed|dismisses|dismiss|refuted|refutes|refute|disputed|disputes"
PARTICIPLE = "saying|adding|insisting|warning|noting|claiming|arguing|denying|stressing|explaining|acknowledging"
AUX = (
    r"(?:(?:has|have|had|was|were|is|are|also|since|reportedly|previously|repeatedly|publicly|already|later|earlier|quickly|"
    r"swiftly|flatly|strongly|now|so\s+far|still|again|finally|subsequently|separately|officially|formally|can|just|further)\s+)*"
)
VERB = re.compile(
    rf"\b(?P<aux>{AUX})(?P<verb>{SAY}|{DENY})\b"
    rf"|(?<=,\s)(?P<participle>{PARTICIPLE})\b"
    r"|\b(?P<quantity>(?:(?:has|have|had)\s+)?(?:put|puts|putting|gave|gives|giving|raised|raises|lowered|lowers|revised|revises|updated|updates)"
    r"\s+(?:the|a|an|its|their)\s+(?:[\w\-]+\s+){0,3}?(?:toll|number|figure|count|tally|magnitude|estimate)\b)"
    r"|\b(?P<according>according to|acc\.\s?to)\s+"  # "acc. to his figures": a reporter's notes
    r"|\b(?:(?:has|have|had)\s+)?(?P<plea>(?:pleaded|pleads|pled)\s+not\s+guilty)\b"  # "He has pleaded": the subject is "He"
    # "called the allegations baseless": a denial of what was just reported
    r"|\b(?P<dismissal>(?:called|calls|described|describes|branded|brands|labelled|labeled)\s+(?:the|these|those|such|this|that)\s+"
    r"(?:allegations?|claims?|reports?|accusations?|accounts?|charges?|story)\s+(?:as\s+)?[\"“\ue000]?\s*"
    r"(?:baseless|false|untrue|lies|a\s+lie|fabricated|unfounded|fake|groundless|absurd|nonsense|misleading|\ue000))",
    re.IGNORECASE,
)
# "the reported clashes", "unconfirmed reports", "his claims": the noun or the adjective, not the verb.
NOUN_USE_BEFORE = re.compile(
    r"\b(?:the|a|an|his|her|its|their|these|those|such|unconfirmed|media|news|press|local|earlier|initial|"
    r"conflicting|some|many|several|recent|first|latest|new|" + DENY + r"|confirmed|confirms)\s+$",
    re.IGNORECASE,
)
DOUBLES_AS_NOUN = frozenset(
    {"forecasts", "reports", "reported", "report", "claims", "claimed", "claim", "notes", "posts", "posted", "estimates", "estimated",
     "estimate", "confirmed", "alleged", "accused", "promises", "pledges", "vows", "vow", "warns", "admits", "demand",
     "demands", "call for", "calls for", "stress", "dispute", "disputes", "reveal", "tell", "urge"}
)
# "in a statement posted on Facebook that C": the participle says how the statement came out; its
# "subject" ("the ministry said in a statement") made a second speaker, and cut C at "4,".
POSTED_AFTER_A_MEDIUM = frozenset({"posted", "published", "issued", "released", "sent", "shared", "emailed", "tweeted"})
MEDIUM_NOUN_BEFORE = re.compile(
    r"\b(?:statement|message|video|post|letter|report|communiqu[eé]|tweet|note|notice|update|recording|clip|document)s?\s+$",
    re.IGNORECASE,
)
# "412 confirmed cases", "three reported deaths": the participle used as an adjective.
COUNT_BEFORE = re.compile(r"(?:\d[\d,.]*|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds|thousands))\s+$", re.IGNORECASE)
INFINITIVE_BEFORE = re.compile(r"\b(?:to|be|been|being)\s+$", re.IGNORECASE)
NEGATED_BEFORE = re.compile(
    r"\b(?:not|never|neither|nor|n[’']t|cannot)\s+(?:(?:yet|publicly|immediately|officially|independently)\s+)?$", re.IGNORECASE
)
DENIALS = frozenset(DENY.split("|"))
NON_CLAUSE_VERBS = frozenset({"blamed", "blames", "blame", "urged", "urges", "urge", "demanded", "demands", "demand", "called for", "calls for", "call for", "appealed for", "appeals for", "accused", "accuses", "condemned", "condemns", "estimated", "estimates", "rejected", "rejects", "dismissed", "dismisses", "disputed", "disputes", "refuted", "refutes"})

SUBORDINATOR = re.compile(
    r"^\s*(?:(?:after|before|when|where|while|as|since|because|although|though|but|and|so|then|yet|also|meanwhile|"
    r"however|once|until|whereas|even\s+as|just\s+as)\s+)+",
    re.IGNORECASE,
)
LEADING_ADVERBIAL = re.compile(
    r"^\s*(?:in|on|at|after|before|during|asked|speaking|despite|when|while|earlier|later|separately|meanwhile|"
    r"however|also|since|by|from|for|under|following|amid|as|according|last|this|that|yesterday|today)\b",
    re.IGNORECASE,
)
TIME = re.compile(
    r"\s*(?:(?:late|early)\s+)?(?:on\s+)?(?:(?:last|this|next)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|"
    r"weekend|month|year|night|morning|evening|afternoon)\b|\s*(?:yesterday|today|tonight|earlier|later|late|also|again|publicly|"
    r"repeatedly|privately|separately|previously|recently|last\s+\w+|on\s+\w+\s+\d{1,2}|"
    r"in\s+(?:(?:early|late|mid)[\s\-]+)?(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|(?:19|20)\d{2}))\b",
    re.IGNORECASE,
)
MEDIUM = re.compile(
    r"\s*(?:in|via|through)\s+(?:a|an|its|his|her|their|the)\s+(?:(?:separate|joint|written|brief|short|new|televised|"
    r"recorded|online|official|emailed|e-mailed|texted|prepared|later|earlier|opening|closing|regular|weekly|daily|annual|final|"
    r"first|second|televised|lengthy|joint)\s+)?(?P<medium>statement|communiqu[eé]|interview|post|tweet|message|email|letter|video|speech|"
    r"(?:press\s+|news\s+)?release|"
    # "on Telegram", "to the BBC": a name, capitalised whatever the flag says ("(?-i:"): with it,
    # "in a statement on Telegram that its units..." ran on over every word to the full stop.
    r"briefing|news conference|press conference|report|note)\b(?:\s+(?:on|with|to)\s+(?:the\s+)?(?-i:[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*))?",
    re.IGNORECASE,
)
# "said by phone", "told Reuters by satellite phone", "spoke over WhatsApp": how the words came,
# never what was said (it became the claim "By phone.", and the quotation before it was lost).
BY_MEANS = re.compile(
    r"\s*(?:by|over|via|on)\s+(?:the\s+|a\s+)?(?:(?:satellite|mobile|cell|land-?line|encrypted)\s+)?"
    r"(?:tele)?(?:phone|phone\s+line|email|e-mail|text(?:\s+message)?|video(?:\s+(?:link|call))?|radio|messaging\s+app|"
    r"(?-i:WhatsApp|Signal|Telegram|Skype|Zoom|Teams|X|Twitter|Facebook|Instagram|TikTok|YouTube|LinkedIn|Bluesky|Threads|"
    r"Mastodon|Truth\s+Social|Weibo|WeChat|VK|VKontakte))\b(?:\s*\([^)\n]{1,40}\))?",  # "on X (formerly Twitter)"
    re.IGNORECASE,
)
# "wrote on X in French shortly before 8 a.m.": the language it was said in, and when, before
# nothing more: no clause of its own ("In French shortly before 8 a.m." had become the claim).
IN_A_LANGUAGE = re.compile(
    r"\s*in\s+(?-i:Arabic|Chinese|Czech|Danish|Dari|Dutch|English|Farsi|Finnish|Flemish|French|Fulfulde|German|Greek|Hausa|"
    r"Hebrew|Hindi|Hungarian|Italian|Japanese|Korean|Kurdish|Mandarin|Norwegian|Pashto|Persian|Polish|Portuguese|Romanian|"
    r"Russian|Spanish|Swahili|Swedish|Turkish|Ukrainian|Urdu)\b"
    r"|\s*(?:shortly|soon|just|minutes|hours|moments)\s+(?:before|after)\s+(?:\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)|midnight|noon|dawn|dusk)",
    re.IGNORECASE,
)
# "said, however, that C", "have warned, though, that C": a word set off between the verb and its clause.
INTERJECTED = re.compile(
    r"\s*,\s*(?:however|though|too|also|meanwhile|moreover|furthermore|nonetheless|nevertheless|instead|again|"
    r"in\s+(?:turn|addition|contrast)|for\s+(?:its|his|her|their)\s+part|for\s+example)\s*,(?=\s*that\b)",
    re.IGNORECASE,
)
SENT_PARTICIPLE = re.compile(
    r"\s*(?:emailed|sent|posted|published|issued|released|given|made|carried|broadcast|aired|seen|obtained|reviewed)\s+[^,.;]*?(?=\s+that\b|[,.;]|$)",
    re.IGNORECASE,
)  # up to "that" ("posted on Facebook that more than 4,000 homes"), else to the clause's end
RECIPIENT = re.compile(
    # the kind of outlet first: "the Flemish public broadcaster VRT" (a capital opened it as a name)
    r"\s*(?P<recipient>(?:the|a|an)\s+(?:[\w\-]+\s+){0,2}?(?:agency|newspaper|paper|daily|weekly|magazine|website|channel|broadcaster|"
    r"station|radio|television|network|programme|news conference|press conference|briefing|conference|meeting|rally|crowd|"
    r"committee|court|audience)\b(?:\s+(?-i:[A-Z][\w&'’.\-]*(?:\s+[A-Z][\w&'’.\-]*){0,4}))?"
    r"|(?:the\s+)?[A-Z][\w&'’.\-]*(?:\s+[A-Z][\w&'’.\-]*){0,4}|reporters|journalists|lawmakers|parliament|staff|employees|"
    r"workers|colleagues|members|supporters|residents|parents|investors|shareholders|delegates|students|patients|congress)",
)
# "'Q,' the minister told reporters in Madrid.": where it was said, ending the clause.
PLACE_AT_THE_END = re.compile(r"\s*(?:in|at|on)\s+(?-i:[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,3})(?=\s*[.;!?]?\s*$)")
# "'Q,' an official said of the casualty figures.": what the quotation was about, ending the clause.
ABOUT_WHAT_AT_THE_END = re.compile(
    r"\s*(?:of|about|regarding)\s+(?:the|a|an|his|her|its|their|this|these|those)\s+[^,;.!?]*?(?=\s*[.;!?]?\s*$)", re.IGNORECASE
)
PREPOSITIONAL_BEFORE_THAT = re.compile(r"\s*(?:at|by|in|during|over|on|via|from|after)\s+[^,;]*?(?=\s+that\b)", re.IGNORECASE)
THAT = re.compile(r"\s*(?:only\s+)?that\b(?!\s*[,.;])", re.IGNORECASE)  # "saying only that C"
# "denied reports that C", "rejected claims that C": what is denied is C.
REPORTS_THAT = re.compile(
    r"\s*(?:the\s+)?(?:(?:media|news|press|earlier|unconfirmed)\s+)?"
    r"(?:reports?|claims?|allegations?|suggestions?|accusations?|rumou?rs?|speculation)\s+that\b",
    re.IGNORECASE,
)
ANAPHORIC_OBJECT = re.compile(
    r"\s*(?:(?:the|that|this|these|those|such|their|his|her|its)\s+(?:(?:ministry's|army's|police|official|earlier|initial|"
    r"latest|first)\s+)?(?:report|reports|claim|claims|allegation|allegations|accusation|accusations|"
    r"findings|charge|charges|account|accounts|story|assertion|suggestion|version|figure|figures|toll)|that|it|this|them|so|"
    # "denied any involvement (in the attack)", "denied responsibility": what it is said to have done
    r"(?:any\s+|all\s+)?(?:involvement|responsibility|role|wrongdoing|part))"
    r"\b(?=\s*[,.;]|\s+as\b|\s+and\b|\s+(?:on|in|for|later|earlier|publicly)\b[^,.;]*[.;]?\s*$|\s*$)",
    re.IGNORECASE,
)
# "The governor later confirmed the report": a confirmation of the claim just made, as
# "denied the report" is a denial of it.
CONFIRMATIONS = frozenset({"confirmed", "confirms", "confirm"})
# "pleaded not guilty on Monday to charges that he accepted bribes": the charge is the claim denied.
CHARGES = re.compile(
    r"(?:\s+(?:on|in)\s+\w+)?\s+to\s+(?:all\s+|the\s+)?(?:[\w\-]+\s+){0,2}?(?:charges?|counts?|accusations?|allegations?)\s+(?:that|of)\s+",
    re.IGNORECASE,
)
ORIGIN = re.compile(r"\s*,?\s*(?P<how>citing|quoting)\s+(?P<origin>[^,.;]+)", re.IGNORECASE)
# "said shipping agents had told the ministry that C": who told the speaker, before what they said
HAD_TOLD = re.compile(
    r"\s*(?P<who>(?:the\s+|a\s+|an\s+|two\s+|three\s+|several\s+|some\s+)?(?-i:[\w'’\-]+)(?:\s+[\w'’\-]+){0,6}?)\s+"
    r"(?:had\s+|have\s+|has\s+)?(?:told|informed|assured|advised|briefed)\s+(?:him|her|them|us|me|(?:the\s+)?[\w\-]+(?:\s+[\w\-]+)?|"
    r"[A-Z][\w\-]+)(?:\s+(?:in|on|last|earlier|the\s+previous|the\s+day\s+before)\s+[\w\-]+)?\s+that\s+",  # "in January", "the previous week"
    re.IGNORECASE,
)
ORIGIN_AFTER = re.compile(r",\s*(?P<how>citing|quoting)\s+(?P<origin>[^,.;]+)", re.IGNORECASE)
# "The agency cited a source close to the investigation as saying C": the source said C, the agency passed it on.
CITED_AS_SAYING = re.compile(
    r"^(?P<relay>[^,;]{2,80}?)\s+(?:cited|quoted)\s+(?P<origin>[^,;]{3,100}?(?:,\s*[^,;]{2,80},)?)\s+as\s+(?:saying|telling\s+\w+)\s*[:,]?\s+(?:that\s+)?",
    re.IGNORECASE,
)
# "Flight-tracking data from Flightradar24 showed C", "Satellite imagery from Planet Labs, reviewed
# by the AP, shows C": whoever analysed the records (else whoever made them) puts C on the record.
# "An analysis of the invoices by the Reuters data team suggests C": what was analysed ("of")
# names nobody; "A Reuters analysis of ..." names its author before the noun.
RECORDS_SHOW = re.compile(
    r"^(?P<what>(?:(?i:an?|the)\s+(?P<named>[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,3})(?:['’]s?)?\s+)?"
    r"(?i:(?:[\w\-]+\s+){0,2}?(?:data|imagery|images|photos|footage|video|records|figures|analysis|readings|logs|projections|"
    r"estimates|polls?|surveys?|tallies|modell?ing|information|intelligence|evidence)))"
    r"(?:\s+of\s+(?:the\s+)?(?i:[\w\-]+(?:\s+[\w\-]+){0,3}?)(?=\s+(?:from|by|reviewed|analy[sz]ed|verified|geolocated|seen|obtained|"
    r"show|shows|showed|indicate|indicates|indicated|suggest|suggests|suggested|reveal|reveals|revealed|appears?|appeared)\b))?"
    r"(?:\s+(?:from|by)\s+(?P<maker>[^,;]{2,60}?))?"
    r"(?:\s*,?\s*(?:reviewed|analy[sz]ed|verified|geolocated|seen|obtained)\s+by\s+(?P<analyst>(?:the\s+)?[A-Z][\w&'’.\-]*(?:\s+(?:(?:for|of|the|and)\s+)*[A-Z][\w&'’.\-]*){0,6})\s*,?)?"
    r"\s+(?P<verb>(?i:(?:appears?\s+to\s+|appeared\s+to\s+)?(?:show|shows|showed|indicate|indicates|indicated|suggest|suggests|"
    r"suggested|reveal|reveals|revealed)))\s+(?:that\s+)?",
)
# "The national weather service, IMGW, recorded no snow cover": a body's measurement (``record_frames.measured``).
MEASURED = re.compile(
    r"^(?P<who>(?:(?:the|a|an)\s+)?[\w'’&.\-]+(?:\s+[\w'’&.\-]+){0,6}?(?:,\s+[^,;]{2,60},)?)\s+(?:has\s+|have\s+)?"
    r"(?P<verb>recorded|registered|measured|logged|detected|documented)\s+(?!(?:a|an|the|his|her|its|their)\s+"
    r"(?:video|song|album|message|interview|podcast|statement|footage|film)\b)",
    re.IGNORECASE,
)
_IN_REMARKS_CARRIED_BY = r"\s*in\s+(?:comments|remarks|an?\s+interview|a\s+statement)\s+(?:reported|carried|published|broadcast|quoted)\s+by\s+"
# "In comments reported by the Interfax news agency, the spokesman said": the agency passed it on.
REPORTED_BY = re.compile(r"^" + _IN_REMARKS_CARRIED_BY + r"(?P<relay>[^,;]+?)\s*$", re.IGNORECASE)
# The same after the verb: "'Q,' the spokesman said in remarks carried by state news agency BelTA".
REMARKS_CARRIED_BY = re.compile(
    _IN_REMARKS_CARRIED_BY
    + r"(?P<relay>(?:(?:the|state|state-run|official|news|agency|broadcaster)\s+)*(?-i:[A-Z][\w&'’.\-]*(?:\s+[A-Z][\w&'’.\-]*){0,4}))",
    re.IGNORECASE,
)
# "citing security concerns": what is cited is a reason, not a source.
A_REASON = re.compile(
    r"\b(?:concerns?|reasons?|fears?|risks?|grounds|problems?|issues?|difficulties|conditions|costs?|delays?|shortages?|"
    r"lack\s+of\s+\w+|need\s+for\s+\w+|threats?|weather|insecurity|violence|fighting|pressure|progress|changes?)$"
    # "citing the safety of its staff who are still in Niger", "citing legal reasons": what, not who
    r"|^(?:the\s+|its\s+|their\s+|his\s+|her\s+)?(?:safety|security|privacy|confidentiality|sensitivity|ongoing|pending|legal|"
    r"operational|personal|family|health|medical|commercial)\b",
    re.IGNORECASE,
)
CITED_BY = re.compile(r"\b(?:cited|quoted)\s+by\s+(?P<relay>[^,.;]+)", re.IGNORECASE)
RELAY_VERB = re.compile(r"\b(?:spoke|speaking|talked|talking)\s+(?:to|with)\s+(?P<relay>(?:the\s+)?[A-Z][\w&'’.\-]*(?:\s+[A-Z][\w&'’.\-]*){0,4})")
ANONYMOUS = re.compile(
    r"(?:asked|requested|declined)\s+(?:not\s+)?to\s+(?:not\s+)?be\s+(?:named|identified)|on\s+condition\s+of\s+anonymity|"
    r"(?:did\s+not|didn['’]t)\s+want\s+to\s+be\s+(?:named|identified)|"
    r"speaking\s+anonymously|not\s+authori[sz]ed\s+to\s+(?:speak|brief|talk|comment)|asked\s+that\s+(?:his|her|their)\s+names?\s+not",
    re.IGNORECASE,
)
TRAILING_CONNECTOR = re.compile(
    r"(?:[\s,;:—–-]+|\s+(?:after|before|when|while|as|and|but|because|since|though|although|once|until|whereas))$", re.IGNORECASE
)
# All that sits between "X said on Saturday," and the next speaker: a joint, not X's clause.
ONLY_A_JOINT = re.compile(
    r"^(?:even\s+)?(?:after|before|when|while|as|and|but|because|since|though|although|once|until|whereas)$", re.IGNORECASE
)
# "according to bank records and emails obtained by the Andes Ledger": the finding of whoever obtained them.
# "These claims are inaccurate and misleading.", "That's just not correct.": a sentence that only
# dismisses what was said before it, the speaker's denial of it.
DISMISSES_WHAT_CAME_BEFORE = re.compile(
    r"^\s*(?:that(?:['’]s|\s+is|\s+was)|this(?:['’]s|\s+is)|it(?:['’]s|\s+is)|(?:these|those|such|the)\s+(?:claims?|reports?|allegations?|"
    r"accusations?|suggestions?|figures?|accounts?|stories|story|assertions?)\s+(?:are|is|were|was))\s+"
    r"(?:(?:just|simply|completely|totally|entirely|wholly|patently|plainly|absolutely|also|both)\s+)*"
    r"(?:not\s+(?:true|correct|accurate|right|the\s+case)|untrue|false|wrong|incorrect|inaccurate|misleading|baseless|unfounded|"
    r"groundless|nonsense|fabricated|a\s+lie|lies|fake)\b"
    r"(?!\s+(?:to|that|for|of|about|in|on)\b)",  # not "it is wrong to blame the weather", "false that C": a clause of its own
    re.IGNORECASE,
)
# "An earlier version of this article wrongly said that C; D": the outlet correcting itself, in its
# own words, whatever the earlier version said (its "said" names no source).
OWN_CORRECTION = re.compile(
    r"^\s*(?:an?\s+|the\s+)?(?:earlier|previous|original|first)\s+version\s+of\s+this\s+(?:article|story|report|piece|page)\b", re.IGNORECASE
)
# "according to a translation from Dutch by Horizon": who put the words into English, not who said them.
TRANSLATION = re.compile(r"^(?:(?:a|an|the|our|its)\s+)?(?:[\w\-]+\s+)?translation\b", re.IGNORECASE)
# The same note after a claim: blanked out before the sentence is read, so no claim ends with it.
TRANSLATION_NOTE = re.compile(r",?\s+according\s+to\s+(?:(?:a|an|the|our|its)\s+)?(?:[\w\-]+\s+)?translation\b[^.;]*", re.IGNORECASE)
RECORDS_OBTAINED_BY = re.compile(
    r"^(?:(?:the|a|an)\s+)?(?:[\w\-]+\s+){0,3}?(?:records|emails|documents|files|data|messages|minutes|receipts|contracts|logs|"
    r"tally|tallies|count|counts|database)\b"
    r"[^,;]*?\s+(?:obtained|seen|reviewed|analy[sz]ed|kept|compiled|maintained)\s+by\s+(?P<who>[^,;]+)$",
    re.IGNORECASE,
)
# "according to figures shared with reporters", "according to official data": records with no author named.
AUTHORLESS_RECORDS = re.compile(
    r"^(?:(?:the|new|latest|official|preliminary|provisional|published|government|hospital|initial|available|early)\s+)*"
    r"(?:figures|data|statistics|numbers|records|tallies|counts|estimates|information|reports)\b(?!.*\b(?:from|by|of)\s+(?:the\s+)?[A-Z])",
    re.IGNORECASE,
)
# The subject a clause opens with, up to its verb: "The provincial health department" recorded ...
LEADING_SUBJECT = re.compile(
    r"^\s*(?P<np>(?:(?:the|a|an)\s+)?(?:[\w'’\-]+\s+){0,5}?[\w'’\-]+)\s+(?:(?:has|have|had)\s+)?"
    r"(?:recorded|registered|counted|reported|logged|confirmed|found|listed|tallied|identified|treated|documented)\b",
    re.IGNORECASE,
)
STATEMENT_SUBJECT = re.compile(r"\b(?:statement|communiqu[eé])\b", re.IGNORECASE)
# "Cobre Sur said it categorically rejects any suggestion of wrongdoing": a denial of the claim just made.
REJECTS_THE_ALLEGATIONS = re.compile(
    r"\s*(?:that\s+)?(?:it|he|she|they|we|the\s+\w+)\s+(?:[\"“]\s*)?(?:\w+ly\s+)?(?:[\"“]\s*)?"
    r"(?:rejects?|rejected|denies|denied|disputes?|disputed)\s+(?:any|all|the|these|those|such)\s+"
    r"(?:suggestions?|allegations?|claims?|accusations?|reports?|charges?|insinuations?)\b",
    re.IGNORECASE,
)
# A quotation that only dismisses what was said before: "These allegations are baseless", "This is
# simply untrue", "The report is false and we reject it".
DISMISSAL_QUOTED = re.compile(
    r"^\s*(?:(?:these|the|such|those|all|any|this|that)\s+(?:allegations?|claims?|reports?|accusations?|suggestions?|"
    r"charges?|accounts?|stories|story|reports)(?:\s+(?:otherwise|to\s+the\s+contrary))?|this|that|it)\s+"
    r"(?:is|are|was|were)\s+(?:simply\s+|completely\s+|totally\s+|entirely\s+|utterly\s+|absolutely\s+)?"
    r"(?:false|untrue|baseless|unfounded|groundless|wrong|fabricated|inaccurate|incorrect|nonsense|a\s+lie|lies|fake)"
    r"(?:\s+from\s+(?:beginning|start)\s+to\s+(?:end|finish)|\s+in\s+(?:their|its)\s+entirety)?"
    r"(?:\s+and\s+(?:we|i)\s+(?:reject|deny)\s+(?:it|them)(?:\s+\w+)?)?[\s.,!]*$"
    # "The club has carried out its own review and found nothing to support these allegations"
    r"|^[^\"“”]{0,80}?\b(?:found|find|has\s+found|there\s+is|we\s+have\s+seen)\s+(?:nothing|no\s+evidence)\s+to\s+support\s+"
    r"(?:these|the|such|those|any\s+of\s+(?:these|the))\s+(?:allegations|claims|reports|accusations|suggestions)[\s.,!]*$",
    re.IGNORECASE,
)
