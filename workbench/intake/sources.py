"""Who a source phrase names: its name, role, affiliation and a guess at its kind.

"Ahmed Ali, an SDF fighter deployed at the facility" is a person named Ahmed Ali, in the role
"an SDF fighter deployed at the facility", belonging to the SDF. "A spokesman for the Rapid
Support Forces" is an unnamed source speaking for the RSF. "Syria's defense ministry" is a
government body, "Reuters" a media outlet, "two hospital officials" unidentified. The kind is a
guess for the reviewer to confirm; matching the name to a stored source comes later, with the
import's matcher.
"""

from __future__ import annotations

import re
from itertools import dropwhile

from workbench.intake.model import SourceMention, Span
from workbench.matching.detail_names import DEMONYMS, METONYMS
from workbench.vocabulary import SourceKind

_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_PARTICLES = r"(?:al|el|bin|ibn|abu|de|del|della|van|von|der|da|di|du|dos|le|la|ben|bint)"
_NAME_WORD = r"[A-Z][\w'’\-]*\.?"
_PERSON_NAME = re.compile(rf"^{_NAME_WORD}(?:\s+(?:{_PARTICLES}[\s\-])?{_NAME_WORD}){{1,3}}$")

# A person's function, singular and plural: the heads of phrases that name people.
_PERSON_ROLES = (
    "spokesperson|spokesman|spokeswoman|minister|official|officer|fighter|commander|resident|doctor|engineer|"
    "neighbour|neighbor|witness|diplomat|analyst|source|president|governor|mayor|director|head|chief|leader|"
    "activist|lawyer|worker|farmer|trader|nurse|teacher|soldier|member|adviser|advisor|envoy|ambassador|"
    "correspondent|journalist|reporter|researcher|expert|economist|student|survivor|villager|driver|"
    "coordinator|secretary|manager|chairman|chairwoman|executive|general|colonel|captain|man|woman|"
    "mother|father|medic|paramedic|investigator|prosecutor|judge|negotiator|mediator|representative|"
    "observer|monitor|inspector|employee|staffer|aide|deputy|politician|lawmaker|senator|mp|militant|"
    "rebel|protester|protestor|trucker|docker|fisherman|official|councillor|councilor|alderman|alderwoman|convener|"
    "convenor|mep|assemblyman|assemblywoman|campaigner|organiser|organizer|pupil|parent"
)
_ROLE_HEAD = re.compile(rf"\b(?:{_PERSON_ROLES})(?:s|es|men|women)?\b", re.IGNORECASE)
_ROLE_THEN_NAME = re.compile(
    # the name in capitals whatever the flag: "chief executive Henrique Mota" is the role "chief
    # executive", not "chief" and a name "executive Henrique Mota"
    rf"^(?P<role>(?:[\w'’\-]+\s+){{0,4}}?(?:{_PERSON_ROLES}))\s+(?P<name>(?-i:{_NAME_WORD}(?:\s+(?:{_PARTICLES}[\s\-])?{_NAME_WORD}){{1,3}}))"
    # "Opposition leader David Kiprono of the Umoja Democratic Movement": the party after the name
    rf"(?:\s+(?:of|from)\s+(?P<party>(?:the\s+)?(?-i:[A-Z][\w'’\-]*)(?:\s+(?:of|for|and|the|[A-Z][\w'’\-]*)){{0,6}}))?$",
    re.IGNORECASE,
)
_SPOKESPERSON_FOR = re.compile(
    r"^(?P<role>(?:[\w'’\-]+\s+){0,2}?(?:spokes(?:person|man|woman)|official|head|chief|leader|director|member|representative)s?)"
    r"\s+(?:for|of|from|at)\s+(?P<org>.+)$",
    re.IGNORECASE,
)
_ORG_THEN_ROLE = re.compile(
    rf"^(?P<org>(?:[A-Z][\w'’\-]*|fire service|police|army|ministry|company|union|government)(?:\s+[A-Z][\w'’\-]*)*)\s+"
    rf"(?P<role>(?:{_PERSON_ROLES})s?)\b(?P<rest>.*)$",
)
# "the state news agency SANA", "the Kurdish news website Rudaw": the name is the capitalised tail.
_DESCRIBED_NAME = re.compile(
    r"^(?P<role>(?:[\w'’\-]+\s+){0,4}?(?:news\s+agency|agency|website|newspaper|daily|channel|broadcaster|monitor|outlet|"
    r"television|radio|station|network|group|company|firm))\s+(?P<name>[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,3})$"
)
_SPOKES = re.compile(r"spokes(?:person|man|woman)|statement|representative", re.IGNORECASE)

_MEDIA = re.compile(
    r"\b(?:news|agency|press|wire|times|post|daily|newspaper|website|broadcaster|channel|television|tv|radio|"
    r"media|observer|gazette|herald|journal|tribune|ledger|outlet|reuters|afp|bloomberg|xinhua|tass|interfax|"
    r"sana|irna|anadolu|ria|dpa|ansa|efe|rudaw|al jazeera|bbc|cnn)\b",
    re.IGNORECASE,
)
_GOVERNMENT = re.compile(
    r"\b(?:ministry|ministries|government|kremlin|white house|pentagon|department|administration|authority|"
    r"authorities|army|military|police|constabulary|gendarmerie|command|embassy|presidency|cabinet|parliament|council|court|"
    r"office|fire service|coast ?guard|state department|interior|armed forces|security forces|government forces|"
    r"defen[cs]e|prosecutor'?s|public\s+health|(?:ambulance|fire|health|rescue|prison|probation|emergency|coastguard)\s+services?)\b",
    re.IGNORECASE,
)
_ORGANIZATION = re.compile(
    r"\b(?:company|firm|corp|corporation|group|holdings|bank|airlines?|airways|maritime|shipping|industries|ltd|"
    r"inc|llc|plc|foundation|institute|observatory|union|party|front|movement|committee|forces|brigades?|"
    r"organi[sz]ation|association|federation|society|cent(?:re|er)|university|hospital|network|watch|"
    r"international|alliance|coalition|trust|fund|commission|operator|electricit[ée]|monitor|un|united nations|"
    r"nato|eu|sdf|rsf|hamas|hezbollah|peshmerga|fc|club|services)\b",
    re.IGNORECASE,
)
# A company's legal form after its name ("Adriachem SpA", "Volkswagen AG", "Equinor ASA"): in
# capitals as registered, so matched with case, where "AG" and "SA" could be a person's initials
# only in the first place.
_LEGAL_FORM = re.compile(
    r"\s(?:SpA|S\.p\.A\.|AG|GmbH|SA|S\.A\.|SAS|NV|N\.V\.|BV|B\.V\.|AB|ASA|A/S|Oyj|SE|Srl|S\.r\.l\.|KK|LLP|Limited|Co\.|Corp\.|Pty|Bhd)$"
)
_DOCUMENTS = re.compile(r"^(?:(?:\w+\s+){0,2})(?:statement|report|document|study|letter|communique|findings|memo|filing)s?\b", re.IGNORECASE)
_PLURAL_HEAD = re.compile(r"(?:s|men|women|people|police|authorities)$", re.IGNORECASE)
_COUNTRIES = frozenset(DEMONYMS.values()) | frozenset(METONYMS)


# "who gave his name only as Abu Khaled", "identified only as Umm Ahmad", "who called himself Sami":
# a name the source chose to give, the only one the story has for them.
_GIVEN_NAME = re.compile(
    r"^(?:who\s+)?(?:gave\s+(?:his|her|their)\s+(?:first\s+)?name\s+(?:only\s+)?as|(?:was\s+)?identified\s+only\s+(?:by\s+(?:his|her)\s+\w+\s+name\s+)?as"
    r"|(?:who\s+)?(?:called|identified)\s+(?:himself|herself)(?:\s+only)?(?:\s+as)?)\s+(?P<name>[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,3})$"
)
_NAME_FOLLOWS = re.compile(
    r"^(?:who\s+)?(?:asked|wished|preferred|agreed)\s+to\s+be\s+identified\s+only\s+by\s+(?:his|her|their)\s+(?:first|given)\s+name$"
)
_HONOURABLE = re.compile(r"^(?:the\s+)?(?:rt\.?\s+)?hon(?:ourable|orable|\.)?\s+(?=[A-Z])", re.IGNORECASE)
_PARTITIVE = re.compile(r"^(?:one|two|another)\s+of\s+(?:them|those)\b", re.IGNORECASE)  # no role: who "them" are is elsewhere


def describe_source(
    phrase: str,
    span: Span | None,
    appositives: tuple[str, ...] = (),
    *,
    outlet_names: tuple[str, ...] = (),
) -> SourceMention:
    """A mention for a source phrase and what follows it between commas ("an SDF fighter...")."""
    name = _clean(phrase)
    role: str | None = None
    affiliation: str | None = None
    speaks_for = False
    named_next = first_name_only = False  # "who asked to be identified only by his first name, Ionuț": the name follows
    for appositive in appositives:
        appositive = appositive.strip()
        if named_next and re.fullmatch(r"[A-Z][\w'’\-]*", appositive) and not _is_name(name):
            name, role, named_next, first_name_only = appositive, role or name, False, True
            continue
        named_next = bool(_NAME_FOLLOWS.match(appositive))
        given = _GIVEN_NAME.match(appositive)
        if given and not _is_name(name):
            name, role = given.group("name"), role or (None if _PARTITIVE.match(name) else name)
            continue  # "One of them, who gave his name only as Abu Khaled,": the name he gave
        if not appositive or appositive.lower().startswith(("who ", "which ", "that ", "speaking ", "citing ", "quoting ")):
            continue
        if _is_name(appositive) and (not _is_name(name) or (_is_title(name) and not _is_title(appositive))):
            name, role = appositive, name  # "Its spokesman, Farhad Shami,", "The Transport Minister, Daniel Hohaia,"
        elif role is None and not appositive[0].isdigit():
            role = appositive
    name = _HONOURABLE.sub("", _strip_relative(name))  # "Hon. Kwabena Mensah-Bonsu": the name without the courtesy
    described = _DESCRIBED_NAME.match(name)
    if described:
        name, role = described.group("name"), role or described.group("role")
    found = _ROLE_THEN_NAME.match(name)
    if found and _is_name(found.group("name")):
        role, name = found.group("role"), found.group("name")
        if found.group("party"):
            role, affiliation = f"{role} of {found.group('party')}", affiliation or _clean(found.group("party"))
    found_for = _SPOKESPERSON_FOR.match(name)
    if found_for:
        affiliation, speaks_for = _clean(found_for.group("org")), bool(_SPOKES.search(found_for.group("role")))
    elif (found_org := _ORG_THEN_ROLE.match(name)) and not _is_name(name) and _names_a_party(found_org.group("org"), phrase):
        affiliation, speaks_for = found_org.group("org"), bool(_SPOKES.search(found_org.group("role")))
    if affiliation is None and role:
        affiliation = _affiliation_in_role(role)
    kind = SourceKind.PERSON if first_name_only else guess_kind(name, role, outlet_names)
    return SourceMention(name=name, kind=kind, role=_clean(role) if role else None, affiliation=affiliation, speaks_for=speaks_for, span=span)


def guess_kind(name: str, role: str | None = None, outlet_names: tuple[str, ...] = ()) -> SourceKind:
    """Person, organisation, government body, media outlet or unidentified: a guess from the words."""
    lowered = name.lower()
    described = f"{name} {role or ''}"
    if any(lowered == outlet.lower() or lowered == _clean(outlet).lower() for outlet in outlet_names):
        return SourceKind.MEDIA_OUTLET
    if _DOCUMENTS.match(lowered):
        return SourceKind.UNIDENTIFIED
    if _LEGAL_FORM.search(name):
        return SourceKind.ORGANIZATION
    if _is_name(name) and not (_GOVERNMENT.search(name) or _ORGANIZATION.search(name) or _MEDIA.search(name)):
        return SourceKind.PERSON if lowered not in _COUNTRIES else SourceKind.GOVERNMENT_BODY
    if lowered in _COUNTRIES:
        return SourceKind.GOVERNMENT_BODY
    head = _last_words(name).split()[-1] if name.split() else ""
    if _ROLE_HEAD.fullmatch(head) and not _is_name(name):
        return SourceKind.UNIDENTIFIED
    if _MEDIA.search(described) and not _GOVERNMENT.search(name):
        return SourceKind.MEDIA_OUTLET
    if _GOVERNMENT.search(name) or _country_possessive(name):
        return SourceKind.GOVERNMENT_BODY
    if _ORGANIZATION.search(name) or any(word[:1].isupper() for word in name.split()):
        return SourceKind.ORGANIZATION
    return SourceKind.UNIDENTIFIED


def is_plural(mention: SourceMention) -> bool:
    # the head noun is before its complement: "Two residents of Zarechny" are residents
    words = re.split(r"\s+(?:of|from|in|at|for|with|near)\s+", mention.name)[0].split()
    head = words[-1] if words else ""
    return mention.kind is SourceKind.UNIDENTIFIED and bool(_PLURAL_HEAD.search(head))


def has_a_persons_role(mention: SourceMention) -> bool:
    """A person by what they do or how they are addressed: "Dr Helen Marsden", "its chief
    executive, Helen Marsden": "it" in what they said is never them."""
    return bool(re.match(r"(?:Dr|Mr|Mrs|Ms|Prof|Professor|Sir|Dame)\.?\s", mention.name) or (mention.role and _ROLE_HEAD.search(mention.role)))


def is_individual(mention: SourceMention) -> bool:
    """A person, named or not: who "he" or "she" can refer to."""
    if mention.kind is SourceKind.PERSON:
        return True
    return mention.kind is SourceKind.UNIDENTIFIED and not is_plural(mention) and bool(_ROLE_HEAD.search(mention.name))


def is_named(mention: SourceMention) -> bool:
    return mention.kind is not SourceKind.UNIDENTIFIED


# Bodies that keep records, beyond the government and organisation words: "the weather service".
_KEEPER = re.compile(r"\b(?:service|agency|bureau|survey|institute|observatory|office|station|laborator(?:y|ies)|registry|monitor)\b", re.IGNORECASE)


def names_a_body(phrase: str) -> bool:
    """Whether a phrase names a body by its words ("the weather service", "IMGW", "Adriachem
    SpA"), not only by a capital, which opens every sentence ("Cameras", "The band")."""
    name = _clean(phrase)
    if re.fullmatch(r"[A-Z][A-Z&]{1,7}", name):
        return True  # an acronym
    found = (_GOVERNMENT, _ORGANIZATION, _MEDIA, _KEEPER, _LEGAL_FORM)
    return any(pattern.search(name) for pattern in found)


_NOBODY = re.compile(r"\b(?:no\s+one|nobody|no-one|none)\s*$", re.IGNORECASE)


# "A steward I spoke to outside", "a nurse we interviewed": someone the writer met, a source.
_MET_BY_THE_WRITER = re.compile(
    r"^\s*(?:a|an|the|one|two|three|several|some|other)\s+(?:[\w\-]+\s+){0,2}?(?:I|we)\s+"
    r"(?:spoke\s+(?:to|with)|talked\s+(?:to|with)|interviewed|met|reached|contacted|asked)\b",
    re.IGNORECASE,
)


def looks_like_source(phrase: str) -> bool:
    """Could this phrase be the subject of "said"? Not a clause, not a time, not a bare quote."""
    words = _clean(phrase).split()
    if not words or len(words) > 12:
        return False
    first = words[0].lower()
    if first in _NOT_SUBJECT_STARTS or words[0] in ("who", "which", "that", "whom", "whose"):
        return False
    if _NOBODY.search(phrase):
        return False  # "no one warned them": nobody is said to say anything
    if len(words) > 1 and any(word in ("I", "we", "We") for word in words) and not _MET_BY_THE_WRITER.match(phrase):
        return False  # "I spoke to the officials before we": a clause, its subject the speaker
    return bool(re.search(r"[A-Za-z]", phrase))


_NP_OPENER = re.compile(
    r"^(?:the|a|an|its|their|his|her|our|some|several|many|two|three|four|five|\d+|he|she|they|we|it)\b", re.IGNORECASE
)


def opens_a_noun_phrase(phrase: str) -> bool:
    """"officials in Kyiv", "the ministry", "Armenia", "he": a subject; "runs much of the province": a predicate."""
    first = phrase.split()[0] if phrase.split() else ""
    return bool(first[:1].isupper() or _NP_OPENER.match(first) or _ROLE_HEAD.fullmatch(first))


def proper_name(phrase: str) -> str:
    """The name in a described phrase: "the state news agency SANA" -> "SANA"."""
    cleaned = _clean(phrase)
    described = _DESCRIBED_NAME.match(cleaned)
    return described.group("name") if described else cleaned


_NOT_SUBJECT_STARTS = frozenset(
    {"no", "nobody", "none", "neither", "nothing", "on", "in", "at", "after", "before", "when", "while", "as", "since", "because", "although", "though", "if",
     "but", "and", "or", "so", "then", "also", "later", "earlier", "yesterday", "today", "asked", "despite", "until"}
)


def _clean(phrase: str) -> str:
    phrase = " ".join(phrase.replace("\ue000", " ").split()).strip(" ,;:—–-")
    return _DETERMINER.sub("", phrase)


def _is_title(phrase: str) -> bool:
    """"Transport Minister", "Chief Executive": capitalised like a name, but a job."""
    words = _clean(phrase).split()
    return bool(words) and bool(_ROLE_HEAD.fullmatch(words[-1]))


def _is_name(phrase: str) -> bool:
    return bool(_PERSON_NAME.match(_clean(phrase)))


def _strip_relative(name: str) -> str:
    """"The Kurdish-led administration that runs much of the province" -> "The Kurdish-led administration"."""
    match = re.search(r"\s(?:who|which|that)\s", name)
    return name if match is None else name[: match.start()].strip()


def _names_a_party(org: str, phrase: str) -> bool:
    """"A Peshmerga spokesman", "SDF fighters": a party; "Shipping analysts" opening a sentence: not one."""
    if " " in org or org.isupper() or org.islower():
        return True
    return not phrase.lstrip().startswith(org)


_RANKS = frozenset({"chief", "senior", "deputy", "acting", "former", "interim", "assistant", "executive", "vice", "general",
                    "junior", "associate", "principal", "lead", "head", "top", "regional", "local", "national", "federal"})


def _affiliation_in_role(role: str) -> str | None:
    """"an SDF fighter deployed at the facility" -> "SDF"; "head of the dockers' union" -> that union."""
    role = _clean(role)
    found = _ORG_THEN_ROLE.match(role)
    # not "Chief" of "Chief executive", nor "Senior" of "Senior Hamas official": a rank opening a sentence
    org = " ".join(dropwhile(lambda word: word.lower() in _RANKS, found.group("org").split())) if found else ""
    if org[:1].isupper():
        return org
    found_for = _SPOKESPERSON_FOR.match(role)
    if found_for:
        return _clean(found_for.group("org"))
    return None


def _last_words(name: str) -> str:
    """The head of a phrase and the word before it ("hospital officials" of "two hospital officials")."""
    head = re.split(r"\s+(?:for|of|from|at|in|with)\s+", name, maxsplit=1)[0]
    return " ".join(head.split()[-2:])


def _country_possessive(name: str) -> bool:
    """"Syria's defense ministry", "Sudan's army": a country's body."""
    match = re.match(r"^([\w\-]+)['’]s\b", name)
    return match is not None and match.group(1).lower() in _COUNTRIES
