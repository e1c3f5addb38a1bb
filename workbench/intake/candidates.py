"""Building candidate records: the sources a frame names, and attributions with their mode,
certainty, relay and observation date.

``detect`` decides what each sentence says and who says it; this module turns that into
``CandidateAttribution`` records the same way for every formula, so "the mode of a quotation"
or "what counts as a relay" is decided in one place.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache

from workbench.intake.discourse import Discourse
from workbench.intake.model import (
    Article,
    CandidateAttribution,
    CandidateClaim,
    Relay,
    Sentence,
    SourceMention,
    Span,
)
from workbench.intake.sources import describe_source, guess_kind, proper_name
from workbench.text.certainty import assess_certainty, certainty_of
from workbench.text.normalize import casefolded_words
from workbench.text.stems import light_stem
from workbench.text.stopwords import MATCH_KEY_STOPWORDS
from workbench.vocabulary import Certainty, ClaimKind, Mode, SourceKind, Stance

UNKNOWN_OUTLET = "the publishing outlet"
_MORE_WORDS_IN_A_RESTATED_CLAIM = 15  # a long news sentence has 12-15 words that are not little ones
_ANONYMOUS_HEADS = re.compile(r"\b(?:sources?|officials?|diplomats?|insiders?|aides?)\b", re.IGNORECASE)
# "Al Jazeera's Hiba Morgan, reporting from Khartoum": the outlet's own reporter is its own reporting.
_OWN_REPORTER = re.compile(r"^(?P<outlet>.+?)['’]s\s+(?:[a-z]+\s+)*?(?:correspondent|reporter|[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){1,2})$", re.IGNORECASE)
_NOT_RELAYS = re.compile(
    r"^(?:reporters|journalists|lawmakers|parliament|the\s+(?:court|committee|crowd|meeting)|a\s+.*"
    # "told a news conference in Benghazi": an occasion, not a medium passing it on
    r"|(?:the\s+)?(?:(?:news|press)\s+conference|briefing|conference|meeting|rally|crowd|audience|hearing|summit)\b.*)$",
    re.IGNORECASE,
)
_REPORTS_IN = re.compile(
    r"^(?:(?:a|an|the|unconfirmed|initial|early|local|media|news|conflicting|several|some)\s+)*(?:reports?|accounts?|articles?|stories|story)\s+"
    r"(?:in|by|from|on)\s+(?:the\s+)?(?P<who>.+?)(?:\s+(?:on|last|this|earlier)\s+\w+)?$",  # "A report in the Daily Courant on Monday"
    re.IGNORECASE,
)
_DOCUMENT_BY = re.compile(
    r"^(?:(?:a|an|the)\s+)?(?:(?:separate|joint|new|written|leaked|confidential|internal|official|latest|provisional|"
    r"preliminary|final|revised|updated|published|annual|monthly|weekly)\s+)*"
    r"(?P<noun>statement|report|document|study|letter|communiqu[eé]|memo|figures|data|statistics|estimates|inquiry|investigation|review|audit|analysis)\s+"
    r"(?:(?:issued|published|released|circulated|sent)\s+(?:(?:on|last|this|in|earlier|late)\s+\w+\s+)?)?(?:by|from)\s+(?P<who>.+)$",
    re.IGNORECASE,
)
_WHOSE_DOCUMENT = re.compile(
    r"^(?:a|an|the)\s+(?P<who>[\w'’.\-]+(?:\s+[\w'’.\-]+){0,3}?)\s+(?P<noun>statement|communiqu[eé]|report)$", re.IGNORECASE
)
# "Scottish Fire and Rescue Service", "Police and Border Guard Board": one body whose name holds
# "and", its last word the kind of body (the first part names no body of its own).
_ONE_TITLED_BODY = re.compile(
    r"^(?:the\s+)?(?-i:[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){0,2})\s+and\s+(?-i:(?:[A-Z][\w'’\-]+\s+){1,3})"
    r"(?-i:Service|Board|Office|Commission|Agency|Authority|Department|Directorate|Institute|Council|Committee|Trust|Bureau|Unit)$"
)
_BODY_OF_ITS_OWN = re.compile(
    r"\b(?-i:Ministry|Office|Service|Board|Commission|Agency|Department|Council|Authority|Committee|Bureau|Directorate)$"
)
_ONE_BODY_OF_TWO_PLACES = re.compile(
    r"^(?:the\s+)?(?-i:[A-Z][\w'’\-]+)\s+and\s+(?-i:[A-Z][\w'’\-]+)\s+(?:police|constabulary|council|county\s+council|"
    r"fire\s+(?:and\s+rescue\s+)?service|health\s+board|ambulance\s+service|police\s+service|police\s+force)$",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^(?:UNVERIFIED|UNCONFIRMED|BREAKING|UPDATE|EXCLUSIVE|ANALYSIS|WATCH|LIVE|CORRECTION)\s*[:\-–—]\s*")
_NAMED_RECORDS = re.compile(
    r"^(?:the\s+)?(?P<who>(?-i:[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,3}))\s+(?:figures|data|statistics|estimates|tallies)$",
    re.IGNORECASE,
)
_OWNED_RECORDS = re.compile(r"^(?P<whose>his|her|their|its)\s+(?:own\s+)?(?:figures|data|statistics|estimates?|count|tally|records|numbers)$", re.IGNORECASE)
_POSSESSORS = {"his": "he", "her": "she", "their": "they", "its": "it"}
_DOCUMENT_ADJECTIVES = frozenset(
    {"latest", "new", "separate", "joint", "written", "official", "earlier", "initial", "final", "annual", "internal",
     "leaked", "confidential", "brief", "short", "long", "detailed", "same", "first", "second", "recent", "draft",
     "preliminary", "full", "public", "secret", "classified", "media", "news", "press"}
)
_DOCUMENT = re.compile(r"^(?:(?:a|an|the)\s+)?(?P<noun>statement|report|document|study|letter|communiqu[eé]|memo)\b", re.IGNORECASE)
_SEEN_BY = re.compile(r"\s+(?:and\s+)?(?:seen|obtained|reviewed|read)\s+by\s+.*$", re.IGNORECASE)
_CALLING_ITSELF = re.compile(
    r"^(?P<what>.+?)\s+(?:calling|that\s+calls|which\s+calls|who\s+calls?|known\s+as)\s+(?:(?:itself|themselves|himself|herself)\s+)?"
    r"(?P<name>(?-i:[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,4}))$",
    re.IGNORECASE,
)
# "a large study whose authors say doctors should act": a clause with a statement of its own,
# no part of the name; "a woman whose son was killed" keeps its description.
_WHOSE = re.compile(
    r"\s+whose\s+(?:[\w'’\-]+\s+){1,3}?(?:say|says|said|argue|argues|argued|warn|warns|warned|found|find|finds|believe|believes|"
    r"write|wrote|conclude|concluded|suggest|suggested)\b.*$",
    re.IGNORECASE,
)
_PARENTHESIS = re.compile(r"\s*\([^)]*\)")
_STAFF = re.compile(
    r"^(?P<outlet>.+?)\s+(?:journalists?|reporters?|correspondents?|photographers?|staff|team|crew|videographers?"
    r"|verify|investigations|visual\s+investigations|fact[\s\-]?check(?:ers|ing)?|data\s+team)$",  # "BBC Verify": a unit of the outlet
    re.IGNORECASE,
)


@dataclass
class ClaimDraft:
    text: str
    span: Span
    attributions: list[CandidateAttribution] = field(default_factory=list)

    def candidate(self) -> CandidateClaim:
        """The claim as proposed: a plan when anyone forecasts it, else an event."""
        forecast = any(a.certainty is Certainty.FORECAST for a in self.attributions)
        return CandidateClaim(self.text, self.span, ClaimKind.PLAN if forecast else ClaimKind.EVENT, tuple(self.attributions))


_ONE_OF_THEM = re.compile(r"^(?:one|two|another|some|several|both|many)\s+of\s+(?:them|those|these)$", re.IGNORECASE)
# The kinds of piece whose own words are their author's, with the role the author is given.
_AUTHORS_VOICE = {"opinion": "author of the opinion piece", "thread": "author of the thread"}


@dataclass
class Builder:
    """Candidate records for one article, built sentence by sentence."""

    article: Article
    sentences: tuple[Sentence, ...]
    discourse: Discourse
    claims: list[ClaimDraft] = field(default_factory=list)

    def __post_init__(self) -> None:
        publisher = self.article.outlet or UNKNOWN_OUTLET
        # a press release's publisher is a ministry or a company, not a newsroom
        self.outlet = SourceMention(publisher, guess_kind(publisher) if self.article.publishers_statement else SourceKind.MEDIA_OUTLET)
        # Whose the piece's own words are: the outlet's, or an opinion piece's or a thread's author's
        # (her arguments, predictions and posts are hers, not her paper's).
        self.own_voice = self.outlet
        if self.article.kind in _AUTHORS_VOICE and self.article.byline:
            role = _AUTHORS_VOICE[self.article.kind]
            self.own_voice = SourceMention(self.article.byline, SourceKind.PERSON, role=role, affiliation=self.article.outlet)
        # ... but the note on the author at the foot ("Miriama Ellison is the Examiner's chief
        # political columnist. The author is a former adviser to ...") is the outlet's
        byline = re.escape(self.article.byline or "the author")
        self._about_the_author = re.compile(rf"^\s*(?:the\s+(?:author|writer|columnist)\b|{byline}\s+(?:is|was|has)\b)", re.IGNORECASE)
        self._starts = [sentence.span.start for sentence in self.sentences]
        self._outlet_names = {name.lower() for name in (self.article.outlet or "", *self.article.outlet_aliases) if name}

    def voice_of(self, sentence: str) -> SourceMention:
        """Whose a sentence in the piece's own words is: the outlet's, or an opinion piece's author's."""
        if self.own_voice is not self.outlet and self._about_the_author.match(sentence):
            return self.outlet
        return self.own_voice

    # -- sources --------------------------------------------------------------------------------

    def mentions(self, phrase: str, span: Span | None, appositives: tuple[str, ...] = ()) -> tuple[list[SourceMention], bool]:
        """The source(s) a subject phrase names, and whether it is a statement or report speaking."""
        phrase = _SEEN_BY.sub("", _PARENTHESIS.sub("", " ".join(phrase.split()))).strip(" ,")
        phrase = _LABEL.sub("", phrase)  # "UNVERIFIED: Posts on social media say": a live blog's label
        phrase = _WHOSE.sub("", phrase)  # "a large study whose authors say doctors should act": the study
        if calling := _CALLING_ITSELF.match(phrase):  # "a ransomware group calling itself Black Sextant"
            return self.mentions(calling.group("name"), span, (*appositives, calling.group("what")))
        by_document = _DOCUMENT_BY.match(phrase)
        if by_document:
            return self.mentions(by_document.group("who"), span)[0], by_document.group("noun").lower().startswith(("statement", "communiq"))
        if _ONE_OF_THEM.match(phrase) and appositives and re.match(r"(?:a|an|the)\s", appositives[0], re.IGNORECASE):
            # "One of them, a woman who works at a bakery, said" (not "One of them, who gave his name as X")
            return self.mentions(appositives[0], span, appositives[1:])
        reports = _REPORTS_IN.match(phrase)
        if reports:
            phrase = reports.group("who")
        owned = _OWNED_RECORDS.match(phrase)  # "acc. to his figures": whoever "his" is
        if owned and (keeper := self.discourse.resolve_one(_POSSESSORS[owned.group("whose").lower()])) is not None:
            return [keeper], False
        named_records = _NAMED_RECORDS.match(phrase)
        if named_records:  # "according to U.N. figures", "World Bank data": whoever keeps them
            return self.mentions(named_records.group("who"), span)[0], False
        whose = _WHOSE_DOCUMENT.match(phrase)
        if whose and _names_an_author(whose.group("who")):
            # "An army statement said": the army speaks, in a statement
            return self.mentions(whose.group("who"), span)[0], whose.group("noun").lower().startswith(("statement", "communiq"))
        document = _DOCUMENT.match(phrase)
        if document and len(phrase.split()) <= 2:
            author = self.discourse.document_author(document.group("noun"))
            if author is not None:
                return [author], document.group("noun").lower().startswith(("statement", "communiq"))
        if self.is_outlet(phrase):
            return [self.outlet], False
        resolved = self.discourse.resolve(phrase)
        if resolved:
            return resolved, False
        parts = re.split(r"\s+and\s+", phrase)
        # "a security source and residents said": two sources; "Ministry of Labour and Social Affairs"
        # and "Avon and Somerset Police" (the body's noun after both places): one.
        if (
            len(parts) == 2
            and all(len(part.split()) <= 5 for part in parts)
            and not re.search(r"\b(?:of|for)\b", parts[0])
            and not re.match(r"(?:its|his|her|their)\s", phrase, re.IGNORECASE)  # "Its Perth and Kinross secretary": one person's role
            and not _ONE_BODY_OF_TWO_PLACES.match(phrase)
            and not (_ONE_TITLED_BODY.match(phrase) and not _BODY_OF_ITS_OWN.search(parts[0]))
        ):
            return [self.discourse.resolve_one(part) or self._describe(part, span, ()) for part in parts], False
        mention = self._describe(phrase, span, appositives)
        if mention.affiliation and mention.affiliation.lower() in ("its", "their", "his", "her"):
            # "Its spokesman": the party spoken for is the one "its" refers to; "her neighbour" belongs to nobody.
            party = self.discourse.resolve_one(mention.affiliation) if mention.speaks_for or "spokes" in (mention.role or "").lower() else None
            mention = replace(mention, affiliation=party.name if party else None, speaks_for=party is not None)
        elif mention.affiliation and " " not in mention.affiliation:
            # "Ministry spokesperson", "a company engineer": the ministry or company of the story, if one spoke.
            party = self.discourse.resolve_one(f"the {mention.affiliation.lower()}")
            # A party is a body: "SDF" in "an SDF fighter" is the SDF, not the "SDF fighters" met before.
            if party is not None and party.kind not in (SourceKind.PERSON, SourceKind.UNIDENTIFIED):
                mention = replace(mention, affiliation=party.name)
        if document:
            self.discourse.wrote(document.group("noun"), mention)
        return [mention], bool(document and document.group("noun").lower().startswith(("statement", "communiq")))

    def is_outlet(self, phrase: str) -> bool:
        name = re.sub(r"^(?:the\s+)", "", phrase.strip(), flags=re.IGNORECASE).lower()
        staff = _STAFF.match(name) or _OWN_REPORTER.match(name)
        if staff:
            name = re.sub(r"^(?:the\s+)|['’]s$", "", staff.group("outlet")).lower()  # "Al Jazeera's correspondent"
        return name in self._outlet_names or f"the {name}" in self._outlet_names

    def relay(self, name: str, span: Span, phrase: str) -> Relay | None:
        """A relay only when a medium passes the statement on ("told TNA"), not "told reporters"."""
        name = proper_name(_PARENTHESIS.sub("", name))
        if _NOT_RELAYS.match(name) and not self.is_outlet(name):
            return None
        resolved = self.discourse.resolve_one(name)
        carried = phrase.lower().startswith(("in remarks", "in comments", "in an interview", "in a statement"))
        if resolved is not None and resolved.kind is SourceKind.MEDIA_OUTLET:
            name = resolved.name
        elif carried:
            pass  # "in remarks carried by state news agency BelTA": whatever its name, it is a medium
        elif not self.is_outlet(name) and guess_kind(name, None, tuple(self._outlet_names)) is not SourceKind.MEDIA_OUTLET:
            return None
        own = self.is_outlet(name)
        return Relay(self.outlet.name if own else name, phrase, span, own)

    def _describe(self, phrase: str, span: Span | None, appositives: tuple[str, ...]) -> SourceMention:
        outlets = (self.article.outlet or "", *self.article.outlet_aliases)
        mention = describe_source(phrase, span, appositives, outlet_names=tuple(name for name in outlets if name))
        if mention.kind is SourceKind.PERSON and any(re.match(r"which\s", part, re.IGNORECASE) for part in appositives):
            return replace(mention, kind=SourceKind.ORGANIZATION)  # "Nordbalt Fibre, which operates the cable,": no person
        return mention

    # -- records --------------------------------------------------------------------------------

    def attribution(
        self,
        source: SourceMention,
        stance: Stance,
        mode: Mode,
        quote_span: Span,
        frame_span: Span,
        formula: str,
        *,
        relay: Relay | None = None,
        certainty_region: tuple[Span, ...] = (),
    ) -> CandidateAttribution:
        text = self.article.text
        cues = tuple(cue for region in certainty_region for cue in assess_certainty(text, region.start, region.end)[1])
        certainty = Certainty.STATED
        if stance.is_silence:
            cues = ()
        else:
            certainty = certainty_of(cues)
        touched = self.sentences_between(min(quote_span.start, frame_span.start), max(quote_span.end, frame_span.end))
        if source is self.outlet and self.article.publishers_statement and mode is Mode.PARAPHRASE:
            mode = Mode.OFFICIAL_STATEMENT  # "The Court finds that C" in the court's own judgment
        return CandidateAttribution(
            source=source,
            stance=stance,
            mode=mode,
            certainty=certainty,
            quote=quote_span.of(text),
            quote_span=quote_span,
            frame=frame_span.of(text),
            frame_span=frame_span,
            sentences=touched,
            observed_on=self.article.published,
            relayed_via=relay,
            certainty_cues=cues,
            formula=formula,
        )

    def mode_for(self, source: SourceMention, *, direct: bool, statement: bool, anonymous: bool) -> Mode:
        if direct:
            return Mode.DIRECT_QUOTE
        if statement:
            return Mode.OFFICIAL_STATEMENT
        if anonymous or (source.kind is SourceKind.UNIDENTIFIED and _ANONYMOUS_HEADS.search(source.name)):
            return Mode.ANONYMOUS
        return Mode.PARAPHRASE

    def add_claim(self, text: str, span: Span, attribution: CandidateAttribution) -> ClaimDraft:
        for draft in reversed(self.claims[-6:]):
            if draft.span == span and draft.text == text:
                if not any(a.source.name == attribution.source.name and a.stance is attribution.stance for a in draft.attributions):
                    draft.attributions.append(attribution)
                return draft
        draft = ClaimDraft(text, span, [attribution])
        self.claims.append(draft)
        return draft

    def last_claim_not_by(self, sources: list[SourceMention]) -> ClaimDraft | None:
        """The claim a bare "denied that" answers: the latest one someone else made."""
        names = {source.name for source in sources}
        for draft in reversed(self.claims):
            if not any(a.source.name in names for a in draft.attributions):
                return draft
        return None

    def claim_restated(self, text: str, sources: list[SourceMention], before: int) -> ClaimDraft | None:
        """The claim made before ``before`` by someone else that a denial's clause restates: every word
        the denial says, but the little ones and any ending, is in it ("denied that any ship
        had been seized" answers "a cargo ship ... was seized"). The ministry denies the report,
        so the report is contested; a second claim, "Any ship had been seized.", would only be
        refuted alone. A denial that adds a word of its own (a number, a crew) is a claim of its
        own: it may deny something the report never said. So does a sentence's worth of words
        that happens to hold the denial's few (a paragraph read as one claim)."""
        words = _content_words(text)
        if len(words) < 2:
            return None
        names = {source.name for source in sources}
        for draft in reversed(self.claims):
            if draft.span.end > before or any(a.source.name in names for a in draft.attributions):
                continue
            claimed = _content_words(draft.text)
            if words <= claimed and len(claimed) <= len(words) + _MORE_WORDS_IN_A_RESTATED_CLAIM:
                return draft
        return None

    def claim_negated(self, text: str, sources: list[SourceMention], before: int) -> ClaimDraft | None:
        """The claim made before ``before`` by someone else that an assertion says is not so:
        "the company said no member of its staff had instructed him", after "Ek said a member
        of staff had instructed him". The company denies his claim, which is then contested; a
        claim of its own, "No member of its staff had instructed him.", asserted alone, would
        leave his standing uncontested. Read as ``claim_restated`` reads a denial, once the
        one negation is taken out; "no longer", "not only" and "no fewer than" say something
        else, and a clause with two negations is not a denial."""
        if _NOT_A_DENIAL.search(text) or len(_NEGATION.findall(text)) != 1:
            return None
        return self.claim_restated(_NEGATION.sub(_affirmed, text), sources, before)

    def sentences_between(self, start: int, end: int) -> tuple[int, ...]:
        first = max(bisect_right(self._starts, start) - 1, 0)
        last = max(bisect_right(self._starts, max(end - 1, start)) - 1, first)
        return tuple(range(first, last + 1))


def _names_an_author(words: str) -> bool:
    """"army" in "an army statement", "UN" in "a UN report"; not "2023 inspection" or "annual"."""
    lowered = words.lower().split()
    if set(lowered) & _DOCUMENT_ADJECTIVES:
        return False
    return any(word[:1].isupper() for word in words.split()) or lowered[-1] in _AUTHOR_NOUNS


_AUTHOR_NOUNS = frozenset(
    {"army", "military", "police", "ministry", "government", "company", "hospital", "court", "council", "agency",
     "department", "embassy", "party", "campaign", "union", "navy", "presidency", "palace", "regulator", "commission"}
)


# A clause's negation: "not", "no", "never", or a verb's "n't" ("can't" is "can" without it).
_NEGATION = re.compile(r"\b(?:not|no|never)\b|\b(?:ca|wo|sha)n[’']t\b|(?<=\w)n[’']t\b", re.IGNORECASE)
_AFFIRMED = {"can't": "can", "won't": "will", "shan't": "shall"}
_NOT_A_DENIAL = re.compile(
    r"\b(?:no\s+(?:longer|fewer|less|more|sooner|doubt)|not\s+(?:only|just|least|yet)|never\s+before)\b", re.IGNORECASE
)


def _affirmed(negation: re.Match[str]) -> str:
    return " " + _AFFIRMED.get(negation.group().lower().replace("’", "'"), "") + " "


@lru_cache(maxsize=4096)  # each claim's words are compared with every later denial's: counted once
def _content_words(text: str) -> frozenset[str]:
    return frozenset(light_stem(word) for word in casefolded_words(text) if word not in MATCH_KEY_STOPWORDS)
