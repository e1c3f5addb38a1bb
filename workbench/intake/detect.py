"""Reading an article sentence by sentence: who says what, who is silent, what the outlet says.

Each sentence is one of:

- a *frame* sentence: one or more attribution formulas (``frames``); each gives a source and a
  reported clause, or a quotation; "citing Y" adds Y as the origin, relayed by the subject;
  "X who said C" leaves the main clause to the outlet;
- a *silence* (``silences``): the party is silent, and the outlet asserts that it is;
- a *quotation* with no formula of its own: it continues the last speaker's quotation in the
  paragraph, or is attributed by the formula after its end (a quotation over two sentences);
- a *sourcing note* ("He asked that his name not be used"): no claim;
- otherwise the outlet's own voice: the outlet asserts it, as its own observation when its
  journalists saw it ("AP journalists visited...", "I counted...") or in the lines that follow.
"""

from __future__ import annotations

import re
from itertools import groupby

from workbench.intake import formulas
from workbench.intake.candidates import Builder, ClaimDraft
from workbench.intake.discourse import Discourse
from workbench.intake.frame import Frame, body_if_its, spoken_between
from workbench.intake.frames import find_frames
from workbench.intake.model import (
    Article,
    CandidateAttribution,
    CandidateClaim,
    CandidateSilence,
    Relay,
    Sentence,
    SourceMention,
    Span,
    Turn,
)
from workbench.intake.phrases import subject_before
from workbench.intake.propositions import neutral_text, split_clauses, subject_and_predicate
from workbench.intake.quotes import MASK, Quotation, find_quotations, mask_quotations, quotation_covering
from workbench.intake.says_nothing import says_nothing
from workbench.intake.sentences import LIST_MARKER, TIME_STAMP_LINE
from workbench.intake.silence_claims import claims_a_silence_concerns
from workbench.intake.silences import SilenceFormula, find_silence, is_sourcing_note, only_a_silence, sourcing_note_span
from workbench.intake.transcript import FIRST_PERSON_SUBJECT
from workbench.vocabulary import Mode, Stance

_FIRST_PERSON_SEEING = re.compile(
    r"\b(?:I|[Ww]e)\s+(?:\w+\s+){0,2}?(?:saw|see|visited|found|counted|watched|walked|witnessed|observed|heard|toured|drove|reached|arrived)\b"
    r"|\bour\s+(?:correspondent|reporter|team)s?\b"
)
_SEEING = r"(?:\w+\s+){0,2}?(?:saw|see|sees|visited|found|counted|watched|witnessed|observed|toured|filmed|photographed|verified)\b"
_STAFF = r"(?:\s+(?:journalists?|reporters?|correspondents?|photographers?|team|crew|staff))?"
_MIN_CLAIM_WORDS = 3
# What a frame speaks to: an earlier claim it answers, or a new claim (text, span); the quote; direct or not.
_Target = tuple[ClaimDraft | tuple[str, Span], Span, bool, Stance | None]  # claim, quote, direct, stance if not the frame's
_JOINT_BEFORE_A_SILENCE = re.compile(r",?\s*(?:but|and|while|though|although)\s+(?:(?:said|says|saying|added|adding)\s+(?:that\s+)?)?$", re.IGNORECASE)
_MAIN_SUBJECT = re.compile(r"(?P<subject>[^,;]{2,60}?)\s+(?:is|are|was|were|has|have|had|will|would|may|might|could|did)\b")


def detect(article: Article, sentences: tuple[Sentence, ...]) -> tuple[tuple[CandidateClaim, ...], tuple[CandidateSilence, ...]]:
    """The candidate claims and silences of an article, in reading order."""
    reader = _Reader(article, sentences)
    for _, group in groupby(sentences, key=lambda sentence: sentence.paragraph):
        reader.read_paragraph(list(group))
    return reader.finish()


class _Reader:
    def __init__(self, article: Article, sentences: tuple[Sentence, ...]) -> None:
        self.article = article
        self.text = article.text
        names = tuple(name for name in (article.outlet, *article.outlet_aliases) if name)
        self.discourse = Discourse(outlet_names=names)
        self.build = Builder(article, sentences, self.discourse)
        self.silences: list[tuple[SilenceFormula, CandidateAttribution, ClaimDraft | None]] = []
        outlet_words = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
        self.outlet_seeing = re.compile(rf"\b(?:{outlet_words}){_STAFF}\s+{_SEEING}") if outlet_words else None
        self.observing = False  # the last sentence was the outlet's own observation

    # -- paragraphs and sentences --------------------------------------------------------------

    def read_paragraph(self, sentences: list[Sentence]) -> None:
        span = Span(sentences[0].span.start, sentences[-1].span.end)
        self.quotations = find_quotations(self.text, span)
        self.masked = mask_quotations(self.text, self.quotations)
        self.attributed: set[int] = set()
        self.last_speaker: SourceMention | None = None
        first = sentences[0].span
        if len(sentences) == 1 and TIME_STAMP_LINE.match(self.text, first.start, first.end):
            return  # a live blog's time stamp ("17:05 GMT")
        line_start = self.text.rfind("\n", 0, first.start) + 1
        listed = LIST_MARKER.fullmatch(self.text, line_start, first.start)
        if len(sentences) == 1 and (not listed or self.text[first.start : first.end].isupper()) and (_A_HEADING.match(self.text, first.start, first.end) or _CAPITALS.fullmatch(self.text, first.start, first.end)) and self.article.kind != "thread" and not self._turn_at(first):
            return  # a subheading ("Queues at the gates", "1. RAIL STRIKE"): a few words, no full stop (a post needs none)
        for sentence in sentences:
            if any(skipped.start <= sentence.span.start < skipped.end for skipped in self.article.skipped):
                continue
            start = sentence.span.start
            for lead_in in (self.article.dateline_span, *self.article.labels):
                if lead_in is not None and lead_in.start <= start < lead_in.end:
                    start = lead_in.end  # "CAIRO (Nile Wire) —", "STRAND:" are no part of the claim
            if start < sentence.span.end:
                self.read_sentence(Span(start, sentence.span.end))

    def read_sentence(self, span: Span) -> None:
        masked = self.masked[span.start : span.end]
        if says_nothing(masked, self.article.kind):
            return  # a question, an appeal, an anchor's "Paul Strand, thank you.", a member's "I welcome that."
        self.discourse.read_sentence(masked)
        silence = find_silence(masked, span.start, subject_before)
        joint = _JOINT_BEFORE_A_SILENCE.search(masked, 0, silence.source_span.start - span.start) if silence else None
        # "C, a spokesperson said, but the force refused to say D": the frames are read in what comes
        # before the silence's clause (its clause was the spokesperson's claim, and C was lost)
        silent = (silence.source, Span(silence.source_span.start - span.start, silence.source_span.end - span.start)) if silence else None
        frames = find_frames(masked[: joint.start()] if joint and joint.start() > 0 else masked, span.start, silent)
        if silence is not None:  # "The Commission told us it doesn't comment on ...": no claim, a silence
            frames = [f for f in frames if not (f.claim_span and only_a_silence(f.claim_span, silence, self.text))]
        if frames and (note := sourcing_note_span(masked)):
            # "HPA was unable to independently confirm the death toll": the verb is the note's own
            frames = [f for f in frames if not note[0] <= f.verb_span.start - span.start < note[1]]
        if frames and self._turn_at(span) is not None:
            # "What I can tell you is C", "we believe C": a speaker's turn is theirs whoever "I" is
            frames = [f for f in frames if not (f.subject and FIRST_PERSON_SUBJECT.match(f.subject))]
        was_observing, self.observing = self.observing, False
        if frames:
            self._frames(span, frames)
            if silence is not None:
                self._silence(span, silence, with_claim=False)
            return
        if silence is not None:
            self._silence(span, silence, with_claim=True)
            return
        if is_sourcing_note(masked):
            return
        if self._quotation_sentence(span):
            return
        self._own_voice(span, observing=was_observing)

    # -- the outlet's voice ---------------------------------------------------------------------

    def _own_voice(self, span: Span, *, observing: bool = False, not_cues: Span | None = None) -> ClaimDraft | None:
        clause = self.text[span.start : span.end]
        if len(clause.split()) < _MIN_CLAIM_WORDS:
            return None
        masked = self.masked[span.start : span.end]
        region = (span,) if not_cues is None else (Span(span.start, not_cues.start), Span(not_cues.end, span.end))
        if (turn := self._turn_at(span)) is not None:
            # an interview's answer, a transcript's turn: the speaker's own words
            voice, formula = self._turn_speaker(turn), "a speaker's turn"
            self.discourse.spoke(voice)  # "'We told them,' she said" after her turn: she
            mode = Mode.ANONYMOUS if turn.anonymous else Mode.OFFICIAL_STATEMENT if turn.official else Mode.PARAPHRASE if turn.reported else Mode.DIRECT_QUOTE
        else:
            seen = bool(_FIRST_PERSON_SEEING.search(masked) or (self.outlet_seeing and self.outlet_seeing.search(masked)))
            self.observing = seen or observing
            voice, formula = self.build.voice_of(masked), "the outlet's own words"
            mode = Mode.OWN_OBSERVATION if self.observing else Mode.OFFICIAL_STATEMENT if self.article.publishers_statement else Mode.PARAPHRASE
        earlier = self.build.last_claim_not_by([voice]) if formulas.DISMISSES_WHAT_CAME_BEFORE.match(masked) else None
        attribution = self.build.attribution(
            voice, Stance.DENIES if earlier else Stance.ASSERTS, mode, span, span, formula, certainty_region=region
        )
        if earlier is not None:  # "These claims are inaccurate and misleading.", "That's just not correct."
            self._attach(earlier, attribution)
            return None
        return self.build.add_claim(neutral_text(clause), span, attribution)

    def _turn_at(self, span: Span) -> Turn | None:
        return next((turn for turn in self.article.turns if turn.span.start <= span.start < turn.span.end), None)

    def _turn_speaker(self, turn: Turn) -> SourceMention:
        return self.build.mentions(turn.speaker, None, (turn.role,) if turn.role else ())[0][0]

    # -- frames ---------------------------------------------------------------------------------

    def _frames(self, span: Span, frames: list[Frame]) -> None:
        frames = self._according_to_as_relay(frames)
        previous: list[SourceMention] = []
        for frame in frames:
            if frame.subject is None:
                mentions, statement = previous, False
            else:
                mentions, statement = self.build.mentions(frame.subject, frame.subject_span, frame.appositives)
                mentions = [body_if_its(mention, frame, self.text) for mention in mentions]
            if not mentions:
                continue
            previous = mentions
            statement = statement or frame.statement
            if frame.relative_at is not None and frame.relative_at > span.start and not spoken_between(frames, frame, span.start, frame.relative_at):
                self._own_voice(Span(span.start, frame.relative_at))
            self._frame(frame, mentions, statement)
            for mention in mentions:
                self.discourse.spoke(mention)
                if statement:
                    self.discourse.wrote("statement", mention)

    def _according_to_as_relay(self, frames: list[Frame]) -> list[Frame]:
        """"X condemned it, according to SANA": X speaks; SANA, a medium, passed it on."""
        kept: list[Frame] = []
        for frame in frames:
            trailing = frame.formula == "according to X" and frame.claim_span is not None and frame.claim_span.end <= frame.verb_span.start
            speakers = [other for other in kept if other.subject is not None]
            if trailing and speakers and frame.subject and frame.subject_span:
                relay = self.build.relay(frame.subject, frame.subject_span, f"according to {frame.subject}")
                if relay is not None:
                    for other in speakers:
                        other.relay = other.relay or (frame.subject, frame.subject_span, f"according to {frame.subject}")
                    continue
            kept.append(frame)
        return kept

    def _frame(self, frame: Frame, mentions: list[SourceMention], statement: bool) -> None:
        frame_span = frame.frame_span
        relay = self.build.relay(*frame.relay) if frame.relay else None
        targets = self._targets(frame, mentions)
        if not targets:
            return
        for mention in mentions:
            for draft, quote_span, direct, stance in targets:
                mode = self.build.mode_for(mention, direct=direct, statement=statement, anonymous=frame.anonymous)
                if frame.formula in _RECORDS_FORMULAS and mention.name == self.build.outlet.name:
                    mode = Mode.OWN_OBSERVATION  # "imagery reviewed by the AP shows": the outlet's own analysis
                region = (Span(frame_span.start, frame.verb_span.end), quote_span)
                attribution = self.build.attribution(
                    mention, stance or frame.stance, mode, quote_span, frame_span, frame.formula, relay=relay, certainty_region=region
                )
                self._attach(draft, attribution)
        if frame.origin and len(mentions) == 1:
            self._origin(frame, mentions[0], targets)

    def _targets(self, frame: Frame, mentions: list[SourceMention]) -> list[_Target]:
        """The claim(s) a frame speaks to: new ones from its clause, or an earlier one it answers."""
        if frame.anaphoric:
            earlier = self.build.last_claim_not_by(mentions)
            return [(earlier, Span(frame.verb_span.start, frame.verb_span.end), False, None)] if earlier else []
        if frame.claim_span is None:
            return []
        claim = frame.claim_span
        quotation = quotation_covering(self.text, self.quotations, claim.start, claim.end)
        if quotation is not None:
            if quotation.outer.start in self.attributed:
                return []
            self.attributed.add(quotation.outer.start)
            self.last_speaker = mentions[0]
            quoted = quotation.inner.of(self.text)
            if formulas.DISMISSAL_QUOTED.match(quoted) and (earlier := self.build.last_claim_not_by(mentions)) is not None:
                # "'These allegations are baseless,' the army said": it denies the claim just made
                return [(earlier, quotation.inner, True, Stance.DENIES)]
            if (refusal := find_silence(quoted, quotation.inner.start, subject_before)) and _ONLY_A_REFUSAL.match(quoted):
                for mention in mentions:  # "'We are not going to speculate,' she said": her silence, no claim
                    attribution = self.build.attribution(mention, refusal.stance, Mode.DIRECT_QUOTE, quotation.inner, frame.frame_span, "declined to comment")
                    self.silences.append((refusal, attribution, None))
                return []
            return [((neutral_text(quoted), quotation.inner), quotation.inner, True, None)]
        if frame.antecedent is not None:
            # "fire that Armenia said wounded two soldiers": the claim is about the noun phrase.
            text = subject_and_predicate(frame.antecedent.of(self.text), claim.of(self.text))
            return [((text, claim), claim, False, None)]
        if frame.sentence_claim:
            written = (frame.subject or "").split(",")[0].strip()
            pronoun = written.lower() in ("he", "she", "it", "they")
            name = written if written and not pronoun else " and ".join(m.name for m in mentions)
            text = subject_and_predicate(name, claim.of(self.text))
            return [((text, claim), claim, False, None)]
        targets: list[_Target] = []
        for part in split_clauses(self.text, claim):
            if frame.stance is Stance.ASSERTS and formulas.REJECTS_THE_ALLEGATIONS.match(self.text, part.start, part.end):
                # "Cobre Sur said it categorically rejects any suggestion of wrongdoing": it denies
                # the claim just made against it, in the statement it gives
                earlier = self.build.last_claim_not_by(mentions)
                if earlier is not None:
                    targets.append((earlier, part, False, Stance.DENIES))
                    continue
            text = neutral_text(part.of(self.text), mentions[0] if len(mentions) == 1 else None)
            if frame.stance is Stance.ASSERTS and (contradicted := self.build.claim_negated(text, mentions, frame.frame_span.start)):
                targets.append((contradicted, part, False, Stance.DENIES))  # "said no one had ordered him", after "he said he was ordered"
                continue
            restated = self.build.claim_restated(text, mentions, frame.frame_span.start) if frame.stance is Stance.DENIES else None
            if restated or len(text.split()) >= 3 or not _SAYS_A_NOUN.fullmatch(self.text, frame.verb_span.start, frame.verb_span.end):
                targets.append((restated or (text, part), part, False, None))
        return targets

    def _attach(self, target: ClaimDraft | tuple[str, Span], attribution: CandidateAttribution) -> None:
        if isinstance(target, ClaimDraft):
            if not any(a.source.name == attribution.source.name and a.stance is attribution.stance for a in target.attributions):
                target.attributions.append(attribution)
            return
        text, span = target
        self.build.add_claim(text, span, attribution)

    def _origin(self, frame: Frame, relayer: SourceMention, targets: list[_Target]) -> None:
        """"X, citing three local sources, said C": the sources made the statement, X relayed it."""
        assert frame.origin is not None
        name, span, phrase = frame.origin
        origins, statement = self.build.mentions(name, span)
        # Whoever cites passes the statement on, medium or not ("the monitor, citing local sources").
        relay = self.build.relay(relayer.name, frame.subject_span or span, phrase) or Relay(relayer.name, phrase, span, False)
        for origin in origins:
            for target, quote_span, direct, stance in targets:
                mode = self.build.mode_for(origin, direct=direct, statement=statement, anonymous=False)
                attribution = self.build.attribution(
                    origin, stance or frame.stance, mode, quote_span, Span(min(span.start, frame.frame_span.start), max(span.end, frame.frame_span.end)),
                    f"X, {phrase.split()[0].lower()} Y", relay=relay, certainty_region=(quote_span,),
                )
                self._attach(target, attribution)
            self.discourse.spoke(origin)

    # -- quotations -----------------------------------------------------------------------------

    def _quotation_sentence(self, span: Span) -> bool:
        """A sentence made of a quotation: continue the last speaker, or wait for the formula after it."""
        inside = [q for q in self.quotations if q.outer.start < span.end and q.outer.end > span.start]
        if not inside:
            return False
        quoted = sum(min(q.outer.end, span.end) - max(q.outer.start, span.start) for q in inside)
        if quoted < 0.7 * len(self.text[span.start : span.end].strip()):
            return False
        for quotation in inside:
            if quotation.outer.start in self.attributed:
                continue
            if quotation.outer.end > span.end + 1:
                continue  # runs on: the formula that follows it names the speaker
            self._continue_quotation(quotation)
        return True

    def _continue_quotation(self, quotation: Quotation) -> None:
        turn = self._turn_at(quotation.outer)  # field notes' "Quote: "..."": the person the entry names
        speaker = self._turn_speaker(turn) if turn is not None else self.last_speaker
        if speaker is None:
            return
        self.attributed.add(quotation.outer.start)
        attribution = self.build.attribution(
            speaker, Stance.ASSERTS, Mode.DIRECT_QUOTE, quotation.inner, quotation.outer, "quotation continued",
            certainty_region=(quotation.inner,),
        )
        self.build.add_claim(neutral_text(quotation.inner.of(self.text)), quotation.inner, attribution)

    # -- silences -------------------------------------------------------------------------------

    def _silence(self, span: Span, silence: SilenceFormula, *, with_claim: bool) -> None:
        turn = self._turn_at(span) if not silence.source or FIRST_PERSON_SUBJECT.match(silence.source) else None
        with_claim = with_claim and turn is None  # "I'm not going to release names": the speaker's silence, no claim
        mentions = [self._turn_speaker(turn)] if turn else self._silent_party(span, silence, with_claim=with_claim)
        if not mentions:
            if with_claim:
                self._own_voice(span)  # the outlet still said it; only the silent party is unknown
            return
        claim: ClaimDraft | None = None
        if silence.refers_back:
            main = self.text[span.start : silence.source_span.start]
            main_end = span.start + len(re.sub(r"[\s,;]*(?:though|although|but|and|while)?[\s,;]*$", "", main))
            claim = self._own_voice(Span(span.start, main_end))
        elif with_claim:
            claim = self._own_voice(span, not_cues=silence.verb_span)
        for mention in mentions:
            attribution = self.build.attribution(
                mention, silence.stance, Mode.PARAPHRASE, span, Span(silence.source_span.start, silence.verb_span.end),
                "declined to comment" if silence.stance is Stance.DECLINED_TO_COMMENT else "no statement",
            )
            self.silences.append((silence, attribution, claim if silence.refers_back else None))

    def _silent_party(self, span: Span, silence: SilenceFormula, *, with_claim: bool) -> list[SourceMention]:
        """The silent party; "though he has not said so" is the subject of the sentence's main clause."""
        phrase = silence.source
        if not phrase:
            return []  # no subject written, and no turn to say whose silence it is
        if phrase.lower() in ("he", "she", "they", "it") and silence.source_span.start > span.start and not with_claim:
            # "The league confirmed C, but said it would not comment": the speaker just read
            spoken = self.discourse.resolve_one(phrase) or (self.discourse.speakers[-1] if self.discourse.speakers else None)
            if spoken is not None:
                return [spoken]
        if phrase.lower() in ("he", "she", "they", "it") and silence.source_span.start > span.start:
            main = _MAIN_SUBJECT.match(self.masked, span.start, silence.source_span.start)
            if main and MASK not in main.group("subject"):
                phrase = main.group("subject")
        if phrase.startswith("the two ") and self.discourse.resolve(phrase) is None:
            return []  # "Neither party commented", and the story named no pair: nobody to await
        mentions, _ = self.build.mentions(phrase, silence.source_span, silence.appositives)
        return mentions

    # -- results --------------------------------------------------------------------------------

    def finish(self) -> tuple[tuple[CandidateClaim, ...], tuple[CandidateSilence, ...]]:
        claims = tuple(draft.candidate() for draft in self.build.claims)
        silences = []
        for silence, attribution, own_claim in self.silences:
            if own_claim is not None:
                applies: tuple[int, ...] = (self.build.claims.index(own_claim),)
            else:
                applies = claims_a_silence_concerns(silence.topic, attribution, claims)
            silences.append(CandidateSilence(attribution, silence.topic, silence.topic_span, applies))
        return claims, tuple(silences)


_SAYS_A_NOUN = re.compile(r"(?:say|says|claim|claims)", re.IGNORECASE)  # "officials say drone debris": no clause
_A_HEADING = re.compile(r"[^\n.!?:;,\"“”]{2,60}(?<![.!?:;,\"“”’'\s])\s*$")
_CAPITALS = re.compile(r"(?=[^a-z\n]*$)[^\n.!?]{2,90}")  # "BURGLARY - COMMERCIAL PREMISES, MARKET STREET": a heading
# A quotation that is only its speaker's refusal: "We are not going to speculate", "I can't comment on that."
_ONLY_A_REFUSAL = re.compile(r"^\s*(?:I|we)\b(?:(?!\b(?:but|and|although|though|while|because)\b)[^.;!?]){0,80}[.!]?\s*$", re.IGNORECASE)
_RECORDS_FORMULAS = frozenset({"records from X show", "according to records obtained by X"})
