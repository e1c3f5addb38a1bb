"""Attribution formulas in one sentence: who is said to say what, and in which words.

A *frame* is one formula: "X said (that) C", "C, X said", "C," said X", "according to X, C",
"C, according to X", "X told AP C", "X denied (that) C", "X, citing Y, said C", "X who said C",
"... and said C", "..., saying C", "X put the toll at N". Each frame gives the source phrase
as written (with its appositives: "Ahmed Ali, an SDF fighter deployed at the facility,"), the
reported clause, and what the formula says about the statement: a denial, an official
statement, an anonymous source, a relay ("told TNA", "cited by the agency"), an origin
("citing three local sources").

The sentence is read with its quotations masked (``quotes.mask_quotations``), so no formula is
found inside quoted words. Frames are found left to right; a clause runs to the start of the
next frame. Who "he" or "the agency" is, is not decided here (``discourse``).
"""

from __future__ import annotations

import re

from workbench.intake import formulas
from workbench.intake.clauses import after_verb, close_clause, note_anonymity
from workbench.intake.frame import Frame
from workbench.intake.model import Span
from workbench.intake.phrases import clause_subject, embedded_relative, noun_phrase_before, segments_of, subject_before
from workbench.intake.quotes import MASK
from workbench.intake.record_frames import cited_as_saying, measured, records_show
from workbench.intake.silences import find_silence
from workbench.intake.sources import looks_like_source
from workbench.vocabulary import Stance


def find_frames(masked: str, base: int, silent_party: tuple[str, Span] | None = None) -> list[Frame]:
    """Every attribution formula in one (masked) sentence starting at document offset ``base``;
    ``silent_party``: the party the sentence says is silent, and where (in the sentence), who is the
    subject of a participle after its silence ("declined to comment, saying C")."""
    if formulas.OWN_CORRECTION.match(masked):
        return []  # the outlet's correction of itself: its own words
    if note := formulas.TRANSLATION_NOTE.search(masked):
        masked = masked[: note.start()] + " " * (note.end() - note.start()) + masked[note.end() :]
    frames: list[Frame] = []
    boundaries: list[int] = []  # where each frame's own words begin: the clause before it ends there
    cited = cited_as_saying(masked) or records_show(masked)
    if cited is not None:
        frames.append(cited)
        boundaries.append(cited.boundary)
    for match in _verbs(masked):
        if cited is not None and cited.verb_span.start <= match.start() < cited.verb_span.end:
            continue  # the records' own verb ("suggests")
        frame = _frame_at(masked, match, frames, silent_party)
        if frame is None:
            continue
        if frame.subject_span and any(frame.subject_span.start <= other.verb_span.start < frame.subject_span.end for other in frames):
            continue  # its "subject" holds another frame's verb: a report inside that frame's claim
        frames.append(frame)
        boundaries.append(frame.boundary if frame.boundary >= 0 else match.start())
    if not frames and (recorded := measured(masked)) is not None:
        frames.append(recorded)  # only where nobody is said to say it: "..., its director said"
        boundaries.append(recorded.boundary)
    for frame in frames:
        # "These claims are inaccurate, the ministry said", "said the report was false": it denies what came before
        claim_at = 0 if frame.trailing else frame.claim_span.start if frame.claim_span is not None else -1
        if claim_at >= 0 and formulas.DISMISSES_WHAT_CAME_BEFORE.match(masked[claim_at:]):
            frame.stance, frame.claim_span, frame.anaphoric, frame.trailing = Stance.DENIES, None, True, False
    for position, frame in enumerate(frames):
        clause_end = boundaries[position + 1] if position + 1 < len(frames) else len(masked)
        close_clause(masked, frame, clause_end)
    return [_to_document(frame, base) for frame in frames]


# -- finding the verbs -----------------------------------------------------------------------


def _verbs(masked: str) -> list[re.Match[str]]:
    found = []
    for match in formulas.VERB.finditer(masked):
        verb = (match.group("verb") or "").lower()
        aux = (match.group("aux") or "").lower().split()
        if verb:
            if formulas.NEGATED_BEFORE.search(masked, 0, match.start()):
                continue  # "has not said so", "did not say when": silences and gaps, not statements
            verb = " ".join(verb.split())
            if not aux and (
                formulas.INFINITIVE_BEFORE.search(masked, 0, match.start())
                or (verb in formulas.DOUBLES_AS_NOUN and re.match(r"\s+of\b", masked[match.end() :]))  # "on reports of looting"
                or (
                    verb in formulas.DOUBLES_AS_NOUN
                    and formulas.NOUN_USE_BEFORE.search(masked, 0, match.start())
                    # "State media reported that C": a past tense with its clause is the verb
                    and not (verb.endswith("ed") and re.match(r"\s+that\b", masked[match.end() :]))
                )
                or (verb.endswith("ed") and formulas.COUNT_BEFORE.search(masked, 0, match.start()))
                or (verb in formulas.POSTED_AFTER_A_MEDIUM and formulas.MEDIUM_NOUN_BEFORE.search(masked, 0, match.start()))
            ):
                continue
            if any(word in ("was", "were", "is", "are") for word in aux) and verb in ("said", "told", "reported", "dismissed", "accused", "admitted"):
                continue  # passive: "is said to be", "were told to leave", "was dismissed", "was admitted into evidence"
            if re.match(r"\s+to\s+be\b", masked[match.end() :]):
                continue
            if _COUNTERFACTUAL.search(masked, 0, match.start("verb")):
                continue  # "we should have told customers earlier": what was not said
            if verb in ("added", "adds", "add") and _ADDED_SOMETHING_TO.match(masked, match.end()):
                continue  # "the group added the trust to its leak site": it put something somewhere
            if verb in formulas.FINDING_VERBS and not (
                formulas.FINDING_THAT.match(masked, match.end())
                or (not aux and _FINDING_LAST.match(masked, match.end()) and _AFTER_A_COMMA.search(masked, 0, match.start()))
            ):
                continue  # "police found a body": no finding reported
        found.append(match)
    return found


def _frame_at(masked: str, match: re.Match[str], before: list[Frame], silent_party: tuple[str, Span] | None = None) -> Frame | None:
    if match.group("according"):
        return _according_to(masked, match)
    if match.group("dismissal"):
        return _dismissal(masked, match)
    verb = " ".join((match.group("verb") or match.group("participle") or match.group("quantity") or match.group("plea") or "").lower().split())
    start = match.start("verb") if match.group("verb") else match.start()
    verb_span = Span(start, match.end())
    stance = Stance.DENIES if verb in formulas.DENIALS or verb == "denying" or verb.endswith("not guilty") else Stance.ASSERTS
    formula = f"X {verb}" if match.group("plea") else f"X {verb.split()[0]}"
    frame = Frame(formula, stance, verb_span)
    if match.group("quantity"):
        frame.sentence_claim = True
    if verb in formulas.NON_CLAUSE_VERBS:
        frame.sentence_claim = True
    pre = masked[: match.start()]
    if match.group("participle"):
        if not before and (silent_party is None or silent_party[1].start > match.start() or find_silence(masked[match.end() :], 0, subject_before)):
            return None  # (a silence said twice, "declined, saying it would not comment", says nothing)
        if not before and silent_party is not None:  # "The government declined to comment, saying C": it says C
            frame.subject, frame.subject_span = silent_party
        frame.formula = f"..., {verb} C"
        frame.boundary = len(pre.rstrip().rstrip(","))
        return after_verb(masked, frame)
    relative = re.search(r"(?P<np>(?:[\w'’\-]+,?\s+){1,4}?)(?P<pronoun>who|which|that)\s+$", pre)
    antecedent = noun_phrase_before(pre, relative.start("pronoun")) if relative else None
    if relative and antecedent:
        subject_start, subject_end = antecedent
        frame.subject = pre[subject_start:subject_end]
        frame.subject_span = Span(subject_start, subject_end)
        frame.relative_at = relative.start("pronoun")
        frame.formula = f"X who {verb}"
        frame.boundary = relative.start("pronoun")
        return after_verb(masked, frame)
    embedded = embedded_relative(pre)
    if embedded is not None:
        pronoun, subject_start, antecedent = embedded
        if _CLAIM_NOUN.match(pre[antecedent[0] : antecedent[1]]) and (stance is Stance.DENIES or verb in formulas.CONFIRMATIONS):
            # "C, a claim that the army denied": the army answers C, said just before
            frame.subject = pre[subject_start:].rstrip()
            frame.subject_span = Span(subject_start, subject_start + len(frame.subject))
            frame.boundary = antecedent[0]
            frame.claim_span, frame.anaphoric, frame.sentence_claim = None, True, False
            note_anonymity(masked, frame)
            return frame
        frame.subject = pre[subject_start:].rstrip()
        frame.subject_span = Span(subject_start, subject_start + len(frame.subject))
        frame.antecedent = Span(*antecedent)
        frame.relative_at = pronoun
        frame.formula = f"N that X {verb}"
        frame.boundary = pronoun
        return after_verb(masked, frame)
    coordinated = re.search(r",?\s*(?:and|but)\s+$", pre)
    if before and coordinated:
        frame.formula = f"... and {verb} C"
        frame.boundary = coordinated.start()
        return after_verb(masked, frame)
    silent = find_silence(pre[: coordinated.start()], 0, subject_before) if coordinated else None
    if coordinated and silent is not None and silent.source_span.start < silent.verb_span.start:
        # "The ministry declined to comment on the report but said C": the silent party says C
        # (its name was "ministry declined to comment on the report but")
        frame.subject, frame.subject_span = silent.source, silent.source_span
        frame.formula = f"... but {verb} C"
        frame.boundary = coordinated.start()
        return after_verb(masked, frame)
    inverted = _inverted(masked, match)
    if inverted is not None:
        return inverted
    found = _with_subject(masked, match, frame)
    if verb in ("read", "reads") and (found is None or not formulas.STATEMENT_SUBJECT.search(found.subject or "")):
        return None  # only a text reads: "'Q,' the statement read"; "he read the report" says nothing
    return found


# "added the trust to its leak site", "adds 40 jobs to the payroll": an object, then where it went;
# no verb between ("added the road was closed to traffic" reports).
_ADDED_SOMETHING_TO = re.compile(
    r"\s+(?:the|a|an|its|his|her|their|\d[\d,.]*|more|another|new|some)\b(?:(?!\b(?:was|were|is|are|had|has|have|would|will|could|"
    r"did|that)\b)[^,.;\"“”]){0,60}?\b(?:to|into|onto)\b",
    re.IGNORECASE,
)
_COUNTERFACTUAL = re.compile(r"\b(?:should|could|would|must|might|ought\s+to)(?:\s+not|n['’]t)?\s+have\s+$", re.IGNORECASE)
# "C, the researchers found.": a finding after what was found, the verb ending the sentence.
_FINDING_LAST = re.compile(r"\s*[.;!]?[\s\"”’']*$")
_AFTER_A_COMMA = re.compile(r",\s+[^,;]{1,60}?\s*$")
_CLAIM_NOUN = re.compile(r"^(?:a|the|an)\s+(?:claim|report|account|allegation|assertion|figure|version|accusation)s?$", re.IGNORECASE)
_A_CLAIM_X = re.compile(
    r"^(?:a|the|which|an)\s+(?:claim|report|account|allegation|assertion|figure|version|accusation)s?\s+(?:that\s+|which\s+)?(?P<who>\S.*)$",
    re.IGNORECASE,
)


def subject_verb(match: re.Match[str]) -> str:
    return " ".join((match.group("verb") or "").lower().split())


_OPENS_WITH_A_REPORTING_VERB = re.compile(rf"(?:{formulas.SAY}|{formulas.DENY})\b", re.IGNORECASE)


def _dismissal(masked: str, match: re.Match[str]) -> Frame | None:
    """"Turkey's foreign ministry called the allegations 'baseless'": it denies the claim just made."""
    frame = _with_subject(masked, match, Frame("X called the allegations false", Stance.DENIES, Span(match.start(), match.end())))
    if frame is None:
        return None
    frame.claim_span, frame.anaphoric, frame.trailing, frame.sentence_claim = None, True, False, False
    return frame


_CONTRAST = re.compile(r"^\s*(?:though|although|but|while|whereas|even\s+as)\s", re.IGNORECASE)


def _with_subject(masked: str, match: re.Match[str], frame: Frame) -> Frame | None:
    """"X, appositive, said C" or "C, X said": find X in the comma segments before the verb."""
    segments = segments_of(masked, 0, match.start())
    last_start, last_end = segments[-1]
    last = masked[last_start:last_end]
    if last.strip():
        lead = formulas.SUBORDINATOR.match(last)
        subject_start = last_start + (lead.end() if lead else 0)
        subject_start += len(masked[subject_start:last_end]) - len(masked[subject_start:last_end].lstrip())
        subject = masked[subject_start:last_end].rstrip()
        if MASK in subject:
            closing = max(subject.rfind("”"), subject.rfind('"'), subject.rfind("’"))
            cut = subject_start + closing + 1
            subject_start = cut + len(masked[cut:last_end]) - len(masked[cut:last_end].lstrip())
            subject = masked[subject_start:last_end].rstrip()
        answered = _A_CLAIM_X.match(subject) if frame.stance is Stance.DENIES or subject_verb(match) in formulas.CONFIRMATIONS else None
        claim_noun_start = subject_start
        if answered:  # "C, a claim the Sudanese army rejected": the army denies C
            subject_start += answered.start("who")
            subject = answered.group("who")
        if not looks_like_source(subject) or _OPENS_WITH_A_REPORTING_VERB.match(subject):
            return None  # "X said officials had told him C": the officials' words are inside X's claim
        frame.subject, frame.subject_span = subject, Span(subject_start, subject_start + len(subject))
        if answered:
            frame.boundary = claim_noun_start  # C ends where "a claim" begins
            after_verb(masked, frame)
            frame.claim_span, frame.anaphoric, frame.trailing, frame.sentence_claim = None, True, False, False
            return frame
        frame.boundary = subject_start
        frame.statement = any(formulas.MEDIUM.match(masked, s) for s, _ in segments[:-1])  # "In a statement, the ministry said"
        _relay_in_the_lead(masked, segments[:-1], frame)
        frame = after_verb(masked, frame)
        if lead and _CONTRAST.match(lead.group(0)) and len(segments) > 1 and frame.claim_span and frame.claim_span.start > match.end():
            # "C, though the governor said last week that D": C is the piece's own, D the governor's
            frame.relative_at = segments[-2][1]
        return frame
    head = next((i for i, (s, e) in enumerate(segments[:-1]) if not formulas.LEADING_ADVERBIAL.match(masked[s:e])), None)
    if head is None:
        return None
    head_start, head_end = segments[head]
    if MASK in masked[head_start:head_end]:
        # '"We are close," its director, Karin Solberg, said': the speaker follows the quotation.
        piece = masked[head_start:head_end]
        head_start += max(piece.rfind("”"), piece.rfind('"'), piece.rfind("’"), piece.rfind(MASK)) + 1
    subject = masked[head_start:head_end].strip()
    if MASK in subject or not looks_like_source(subject):
        return None
    offset = head_start + len(masked[head_start:head_end]) - len(masked[head_start:head_end].lstrip())
    frame.subject, frame.subject_span = subject, Span(offset, offset + len(subject))
    frame.appositives = tuple(masked[s:e].strip() for s, e in segments[head + 1 : -1])
    frame.boundary = offset
    _relay_in_the_lead(masked, segments[:head], frame)
    return after_verb(masked, frame)


def _relay_in_the_lead(masked: str, lead: list[tuple[int, int]], frame: Frame) -> None:
    """"In comments reported by Interfax, the spokesman said": Interfax passed it on."""
    for start, end in lead:
        found = formulas.REPORTED_BY.match(masked, start, end)
        if found:
            name = found.group("relay").strip()
            frame.relay = (name, Span(found.start("relay"), found.start("relay") + len(name)), f"reported by {name}")


def _inverted(masked: str, match: re.Match[str]) -> Frame | None:
    """"'Q,' said Marek Nowak, head of the union.": after a quotation, the speaker follows the verb;
    so too after a clause and its comma ("Patients waited nine hours, said the consultant, Dr
    Marina Christodoulou"), which made "Patients waited nine hours" the speaker."""
    if not match.group("verb") or match.group("aux").strip():
        return None
    pre = masked[: match.start()].rstrip()
    quoted = pre.rstrip(",").endswith(("”", '"', "’", MASK))
    if not quoted and not (pre.endswith(",") and len(pre.split()) >= 3 and "," not in pre[:-1]):
        return None  # "Ahmed Ali, an SDF fighter, said C": the speaker came first, with an appositive
    found = re.match(
        r"^\s+(?P<np>(?:(?:the|a|an|one|two|three)\s+)?[^,.;:\ue000]{1,60}?)\s*(?P<rest>,[^\ue000]*|[.!?]?)\s*$", masked[match.end() :]
    )
    if found is None or len(found.group("np").split()) > 8:
        return None
    if not quoted and (
        match.group("verb").lower() not in _INVERTING_VERBS
        or _NOT_A_SPEAKER_AFTER_THE_VERB.match(found.group("np"))
        or _A_CLAUSE.search(found.group("np"))
        or not looks_like_source(found.group("np").strip())
    ):
        return None  # "..., said in a statement"; "X, the director, said two patients died"
    verb = match.group("verb").lower()
    np_start = match.end() + found.start("np")
    frame = Frame(f"'Q,' {verb} X", Stance.DENIES if verb in formulas.DENIALS else Stance.ASSERTS, Span(match.start("verb"), match.end()))
    frame.subject = found.group("np").strip()
    frame.subject_span = Span(np_start, np_start + len(frame.subject))
    frame.appositives = tuple(part.strip() for part in found.group("rest").strip(" ,.").split(",") if part.strip())
    frame.claim_span = Span(0, len(pre))
    frame.boundary = 0
    note_anonymity(masked, frame)
    return frame


_INVERTING_VERBS = frozenset({"said", "says", "added", "adds", "explained", "noted", "wrote", "recalled", "warned", "insisted"})
# A verb in what follows "said": a claim ("two patients died"), not a speaker.
_A_CLAUSE = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|could|can|may|might|did|do|does|[a-z]+ed)\b")
_NOT_A_SPEAKER_AFTER_THE_VERB = re.compile(
    r"(?:in|on|at|by|for|to|from|with|that|this|it|there|on|after|before|during|last|yesterday|today|earlier|later)\b", re.IGNORECASE
)
# Who "according to" names, up to the clause's end; the full stops of "U.N." and "Dr." are no end
# ("according to U.N. figures" named the source "U").
_ACCORDING_SOURCE = re.compile(
    r"^(?P<np>(?:(?:[A-Z]\.){2,}|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Sgt|Capt|Sen|Rep|Gov|St)\.|[^,.;])+?)"
    r"(?:\s+(?P<relative>who|which|that)\s+[^,.;]*)?(?=\s*[,.;]|\s*$)"
)


def _according_to(masked: str, match: re.Match[str]) -> Frame | None:
    after = masked[match.end() :]
    source = _ACCORDING_SOURCE.match(after)
    np = source.group("np").strip() if source else after.split(",")[0].strip()
    if formulas.TRANSLATION.match(np):
        return None  # "according to a translation from Dutch by Horizon": a note on the words, no source
    np_start = match.end()
    frame = Frame("according to X", Stance.ASSERTS, Span(match.start(), match.end("according")))
    frame.subject, frame.subject_span = np, Span(np_start, np_start + len(np))
    obtained = formulas.RECORDS_OBTAINED_BY.match(np)
    if obtained:
        # "according to bank records and emails obtained by the Andes Ledger": whoever obtained them
        np = obtained.group("who").strip()
        frame.subject, frame.subject_span = np, Span(np_start + obtained.start("who"), np_start + obtained.start("who") + len(np))
        frame.formula = "according to records obtained by X"
    elif formulas.AUTHORLESS_RECORDS.match(np):
        # "..., according to figures shared with reporters": the figures have no author named;
        # whoever the clause says recorded them made the statement, else it is the outlet's.
        clause = masked[: match.start()] if masked[: match.start()].strip() else after[source.end() if source else 0 :]
        offset = 0 if masked[: match.start()].strip() else match.end() + (source.end() if source else 0)
        author = clause_subject(clause)
        if author is None:
            return None
        frame.formula = "according to figures"
        frame.subject, frame.subject_span = clause[author[0] : author[1]], Span(offset + author[0], offset + author[1])
    tail = after[source.end() :] if source else ""
    relay = formulas.RELAY_VERB.search(after[: source.end()]) if source else None
    if relay:
        frame.relay = (relay.group("relay"), Span(match.end() + relay.start(), match.end() + relay.end()), relay.group(0))
    if match.start() < 3 or not masked[: match.start()].strip():
        comma = tail.find(",")
        appositive = re.match(r",\s*(?:a|an|the)\s+[^,.;]{2,80},", tail[comma:]) if comma >= 0 else None
        if appositive and len(appositive.group(0).split()) <= 10:
            # "According to the Observatory, a Britain-based war monitor, at least 20 were killed"
            frame.appositives = (appositive.group(0).strip(" ,"),)
            comma += appositive.end() - 1
        start = match.end() + (source.end() if source else 0) + (comma + 1 if comma >= 0 else 0)
        frame.claim_span = Span(start, len(masked))
        frame.boundary = match.start()
    else:
        frame.claim_span = Span(0, match.start())
        frame.boundary = match.start()
        frame.trailing = True
    frame.statement = bool(formulas.STATEMENT_SUBJECT.search(np))
    note_anonymity(masked, frame)
    return frame


def _to_document(frame: Frame, base: int) -> Frame:
    def shift(span: Span) -> Span:
        return Span(span.start + base, span.end + base)

    frame.verb_span = shift(frame.verb_span)
    frame.subject_span = shift(frame.subject_span) if frame.subject_span else None
    frame.claim_span = shift(frame.claim_span) if frame.claim_span else None
    if frame.relay:
        frame.relay = (frame.relay[0], shift(frame.relay[1]), frame.relay[2])
    if frame.origin:
        frame.origin = (frame.origin[0], shift(frame.origin[1]), frame.origin[2])
    if frame.relative_at is not None:
        frame.relative_at += base
    if frame.antecedent is not None:
        frame.antecedent = shift(frame.antecedent)
    return frame
