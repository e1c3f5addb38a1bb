"""Who "he", "it", "the agency", "the statement" and "the two sides" refer to, as a story goes on.

News prose names a source once and then refers back to it: "He said investigators
suspected...", "It said children were among the victims", "The agency, citing...",
"Unloading was expected to take four days, the statement said", "the two sides announced".
``Discourse`` remembers the sources that have spoken (latest first), the author of each
statement, report or document mentioned, and the last pair of parties named together
("between the SDF and government forces"), and resolves such references to them. A reference
it cannot resolve is left as written: the reviewer sees "the company" rather than a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbench.intake.model import SourceMention
from workbench.intake.sources import describe_source, is_individual, is_plural
from workbench.vocabulary import SourceKind

_PRONOUNS = {
    "he": "individual", "she": "individual", "him": "individual", "her": "individual", "his": "individual",
    "it": "body", "its": "body", "they": "plural", "them": "plural", "their": "plural",
}
# Who "she" cannot be, and who "he" cannot: a description that says so ("a man from the crew").
_MALE = re.compile(r"\b(?:man|men|father|son|brother|husband|boy|grandfather|uncle|Mr|Sir|Lord|King|Prince)\b", re.IGNORECASE)
_FEMALE = re.compile(r"\b(?:woman|women|mother|daughter|sister|wife|girl|grandmother|aunt|Mrs|Ms|Miss|Dame|Lady|Queen|Princess)\b", re.IGNORECASE)
_OTHER_SEX = {"she": _MALE, "her": _MALE, "he": _FEMALE, "him": _FEMALE, "his": _FEMALE}
# Generic heads: "the group" is the organisation named last, whatever its name.
_HEAD_KINDS = {
    "company": SourceKind.ORGANIZATION, "firm": SourceKind.ORGANIZATION, "group": SourceKind.ORGANIZATION,
    "organisation": SourceKind.ORGANIZATION, "organization": SourceKind.ORGANIZATION, "charity": SourceKind.ORGANIZATION,
    "agency": SourceKind.MEDIA_OUTLET,
}
# "Mr Ek", "Dr Nasser": a person named in full before (a speaker, or the story's subject).
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor)\.?\s+(?P<surname>[A-Z][\w'’\-]+)$")
# A person's full name as a story first gives it: two or three capitalised words, the first a
# given name (not a word that opens sentences or names places and bodies).
_FULL_NAME = re.compile(r"\b(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z'’\-]+)?\s+(?P<surname>[A-Z][a-z'’\-]+))\b(?!\s+[A-Z])")
_NOT_GIVEN_NAMES = frozenset(
    {"The", "A", "An", "In", "On", "At", "By", "For", "From", "With", "After", "Before", "But", "And", "As", "It", "He",
     "She", "They", "We", "This", "That", "Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "President", "Prime", "Minister",
     "General", "Judge", "Captain", "Prosecutor", "Governor", "Mayor", "Senator", "King", "Queen", "Prince", "Sheikh",
     "North", "South", "East", "West", "New", "United", "Saint", "San", "Santa", "Lake", "Mount", "Port", "Fort"}
)
# What follows a person's name when the sentence is about them: "Yusuf Demir was on ...", "Ana Ruiz has ..."
_PERSON_OPENS = re.compile(r"\s+(?:was|is|has|had|appeared|went|arrived|spoke|took|met)\b")
_ACRONYM_DEFINED = re.compile(r"\b(?P<name>[A-Z][\w'’\-]*(?:\s+(?:of\s+|for\s+|the\s+|and\s+)*[A-Z][\w'’\-]*){1,6})\s+\((?P<acronym>[A-Z]{2,6})\)")
_NAME_AND_AGE = re.compile(r"\b(?P<name>[A-Z][a-z]+(?:\s+[A-Z][\w'’\-]+){1,2}),\s+(?P<age>\d{1,3}),")
_THE_AGED = re.compile(r"^(?:[Tt]he\s+)?(?P<age>\d{1,3})-year-old(?:\s+(?:man|woman|boy|girl|mother|father|grandmother|grandfather|resident|driver|pilot|farmer|teacher|nurse|doctor|student))?$")
_DOCUMENT_NOUNS = ("statement", "report", "document", "study", "letter", "communique", "findings", "memo", "filing")
_DEFINITE = re.compile(r"^(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:same\s+)?(?P<head>[a-z][\w\-]*)$")
_PAIR = re.compile(r"^(?:the|both)\s+(?:two\s+)?(?:sides|parties|countries|governments|groups)$", re.IGNORECASE)
_NOT_IN_NAME = r"(?!(?:after|before|over|in|on|at|when|while|since|until|to|for|from|was|were|had|has|have|is|are|and|but|that|which|who)\b)"
_BETWEEN = re.compile(
    rf"\bbetween\s+(?P<first>(?:the\s+)?[\w'’\-]+(?:\s+{_NOT_IN_NAME}[\w'’\-]+){{0,3}}?)\s+and\s+"
    rf"(?P<second>(?:the\s+)?[\w'’\-]+(?:\s+{_NOT_IN_NAME}[\w'’\-]+){{0,2}})"
)
_AUTHOR = re.compile(
    r"\b(?:a|an|the)\s+(?:separate\s+|joint\s+|new\s+)?(?P<noun>" + "|".join(_DOCUMENT_NOUNS) + r")\s+"
    r"(?:(?:issued|published|released|circulated)\s+)?(?:by|from)\s+(?P<author>(?:the\s+)?[\w'’\-]+(?:\s+[\w'’\-]+){0,6}?)"
    r"(?=\s+(?:said|says|say|stated|showed|shows|found|finds|warned|seen|which|that|on|in|to|was|were|is|had|has)\b|[,.;]|$)",
    re.IGNORECASE,
)


@dataclass
class Discourse:
    """What the story has said so far about who is speaking."""

    outlet_names: tuple[str, ...] = ()
    speakers: list[SourceMention] = field(default_factory=list)
    authors: dict[str, SourceMention] = field(default_factory=dict)
    pair: tuple[SourceMention, SourceMention] | None = None
    full_names: dict[str, str] = field(default_factory=dict)  # surname -> the full name given first
    acronyms: dict[str, str] = field(default_factory=dict)  # "RSF" -> "Rapid Support Forces", as the story defines it
    ages: dict[str, str] = field(default_factory=dict)  # "54" -> "Morag Lindsay", from "Morag Lindsay, 54,"

    def read_sentence(self, masked: str) -> None:
        """Note the pairs and the authors of documents a sentence names ("a report by UN experts"),
        and the people it names in full ("Jonas Ek, 52, is charged", so that "Mr Ek" is him)."""
        for defined in _ACRONYM_DEFINED.finditer(masked):
            self.acronyms.setdefault(defined.group("acronym"), defined.group("name"))
        for named in _FULL_NAME.finditer(masked):
            words = named.group("name").split()
            while words and words[0] in _NOT_GIVEN_NAMES:
                words = words[1:]  # "Minister Ana Ruiz": the name is "Ana Ruiz"
            if len(words) >= 2:
                self.full_names.setdefault(named.group("surname"), " ".join(words))
        opening = _FULL_NAME.match(masked.lstrip())
        if opening is not None and _PERSON_OPENS.match(masked.lstrip(), opening.end()):
            # "Wethouder Yusuf Demir was on RTV Maasland at noon. He said ...": the person the
            # sentence is about is who "he" means next, though he has not spoken yet
            words = [word for word in opening.group("name").split() if word not in _NOT_GIVEN_NAMES]
            if len(words) >= 2 and not any(known.name == " ".join(words) for known in self.speakers):
                self.speakers.append(describe_source(" ".join(words), None, outlet_names=self.outlet_names))
        for aged in _NAME_AND_AGE.finditer(masked):
            self.ages.setdefault(aged.group("age"), aged.group("name"))
        for between in _BETWEEN.finditer(masked):
            first, second = between.group("first"), between.group("second")
            self.pair = (self._mention(first), self._mention(second))
        for authored in _AUTHOR.finditer(masked):
            self.authors[authored.group("noun").lower()] = self.resolve_one(authored.group("author")) or self._mention(
                authored.group("author")
            )

    def spoke(self, mention: SourceMention) -> None:
        self.speakers = [known for known in self.speakers if known.name != mention.name]
        self.speakers.append(mention)

    def wrote(self, noun: str, author: SourceMention) -> None:
        """``author`` issued a statement (report, document) that "the statement" can refer to later."""
        self.authors[noun.lower()] = author

    def resolve(self, phrase: str) -> list[SourceMention] | None:
        """The source(s) a referring phrase stands for, or None when it names a source itself."""
        words = " ".join(phrase.split()).strip(" ,")
        if _PAIR.match(words) and self.pair is not None:
            return list(self.pair)
        found = self.resolve_one(words)
        return [found] if found is not None else None

    def resolve_one(self, phrase: str) -> SourceMention | None:
        words = " ".join(phrase.split()).strip(" ,")
        lowered = words.lower()
        if lowered in _PRONOUNS:
            return self._by_pronoun(_PRONOUNS[lowered], _OTHER_SEX.get(lowered))
        aged = _THE_AGED.match(words)
        if aged:
            # "the 54-year-old told Highland News TV": the person of that age named before, else
            # the person who spoke last
            named = self.ages.get(aged.group("age"))
            known = next((k for k in reversed(self.speakers) if named and k.name == named), None)
            return known or (describe_source(named, None, outlet_names=self.outlet_names) if named else self._by_pronoun("individual"))
        definite = _DEFINITE.match(words)
        if definite:
            return self._by_head(definite.group("head").lower())
        acronym = re.sub(r"^[Tt]he\s+", "", words)
        if acronym in self.acronyms:  # "the RSF" after "the Rapid Support Forces (RSF)" said something
            full = self.acronyms[acronym].lower()
            return next((known for known in reversed(self.speakers) if known.name.lower().endswith(full)), None)
        if re.fullmatch(r"[A-Z][\w'’\-]+", words):
            return self._by_surname(words)
        honorific = _HONORIFIC.match(words)
        if honorific:
            surname = honorific.group("surname")
            known = self._by_surname(surname)
            if known is None and surname in self.full_names:
                known = describe_source(self.full_names[surname], None, outlet_names=self.outlet_names)
            return known
        for known in reversed(self.speakers):
            if known.name.lower() == _strip_determiner(lowered):
                return known
        return None

    def document_author(self, noun: str) -> SourceMention | None:
        return self.authors.get(noun.lower())

    # -- resolution ---------------------------------------------------------------------------

    def _by_pronoun(self, sort: str, not_said_of: re.Pattern[str] | None = None) -> SourceMention | None:
        for known in reversed(self.speakers):
            if self._is_outlet(known) or (not_said_of is not None and not_said_of.search(known.name)):
                continue  # "she" is no "man from the depot's maintenance crew"
            if sort == "individual" and is_individual(known):
                return known
            if sort == "body" and known.kind in (SourceKind.ORGANIZATION, SourceKind.GOVERNMENT_BODY, SourceKind.MEDIA_OUTLET):
                return known
            if sort == "plural" and (is_plural(known) or known.kind in (SourceKind.ORGANIZATION, SourceKind.GOVERNMENT_BODY)):
                return known
        return None

    def _by_head(self, head: str) -> SourceMention | None:
        """"the ministry": the latest speaker so named or described; "the company": the latest
        organisation; "the captain": the latest person whose role is a captain ("Jonas Ek, the
        ship's captain"). Of a person's role only its head noun counts: "the union" is not the
        union's leader, and "the coast guard" not its spokeswoman."""
        if head in _DOCUMENT_NOUNS:
            return self.authors.get(head)
        by_kind = _HEAD_KINDS.get(head)
        # a person's description names them by its noun, not by a word describing another ("a
        # council officer" is no council; "a spokesman for the army" is a spokesman)
        as_noun = rf"\b{re.escape(head)}\b(?!\s+(?!(?:for|of|at|in|with|to|from|on|who|and|said|says)\b)[a-z])"
        for known in reversed(self.speakers):
            if self._is_outlet(known):
                continue
            if known.kind is SourceKind.PERSON:
                if re.search(as_noun, known.name.lower()) or (known.role and _role_head(known.role) == head):
                    return known
                continue
            if re.search(rf"\b{re.escape(head)}", f"{known.name} {known.role or ''}".lower()) or known.kind is by_kind:
                return known
        return None

    def _by_surname(self, word: str) -> SourceMention | None:
        for known in reversed(self.speakers):
            if known.kind is SourceKind.PERSON and known.name.split()[-1] == word:
                return known
        return None

    def _is_outlet(self, mention: SourceMention) -> bool:
        return mention.name.lower() in (name.lower() for name in self.outlet_names)

    def _mention(self, phrase: str) -> SourceMention:
        return self.resolve_one(phrase) or describe_source(phrase, None, outlet_names=self.outlet_names)


# What follows a role's head noun: "spokeswoman | for the coast guard", "head | of the agency".
_AFTER_ROLE_HEAD = re.compile(r"\s+(?:for|of|at|in|with|to|from|on|under|since|who|and)\b.*$")


def _role_head(role: str) -> str | None:
    """The noun a role is: "spokeswoman" of "a spokeswoman for the coast guard", "captain" of
    "the ship's captain", "minister" of "foreign minister"."""
    words = _AFTER_ROLE_HEAD.sub("", role.lower()).split()
    return words[-1] if words else None


def _strip_determiner(lowered: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", lowered)
