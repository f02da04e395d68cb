"""Events reported as such: meetings of an organ, congresses, elections, named campaigns in quotes.

``Hội nghị lần thứ 6 Ban Chấp hành Đảng bộ TP. Bến Tre`` -> meeting of that organ, number 6; ``Đại hội
XIII của Đảng`` -> congress 13; ``bầu cử đại biểu Quốc hội khóa XV`` -> election, term 15; a quoted name
after ``phong trào``, ``mô hình``, ``cuộc vận động`` … -> campaign. The chair is the person of the sentence
that says ``chủ trì``; the date is the one written in that sentence or the lead, else the article's.
"""

from __future__ import annotations

import re
from typing import Any

from baochi.enrich.lexicon import campaign_cues, key_of
from baochi.enrich.mentions import FieldText, Mention
from baochi.lang.sentences import split_sentences
from baochi.lang.times import roman_to_int

NUMBER = r"(\d{1,3}|[IVXLC]{1,7})\b"
MEETING = re.compile(r"\b(?:[Hh]ội nghị|[Kk]ỳ họp|[Pp]hiên họp)(?: lần)? thứ " + NUMBER)
CONGRESS = re.compile(r"\b[Đđ]ại hội (?:đại biểu )?(?:lần thứ )?" + NUMBER)
ELECTION = re.compile(r"\b[Bb]ầu cử (?:[\w\-]+ ){0,5}?khóa " + NUMBER)
QUOTED = re.compile(r"[“\"]([^”\"\n]{3,90})[”\"]")
DATE = re.compile(r"\b[Nn]gày (\d{1,2})[-/](\d{1,2})[-/](\d{4})\b")


def number_value(text: str) -> int | None:
    """An Arabic or Roman numeral's value (``XIII`` -> 13)."""
    return int(text) if text.isdigit() else roman_to_int(text)


def _org_after(ft: FieldText, end: int, orgs: list[Mention]) -> Mention | None:
    """The organisation written right after a character offset (``… của Đảng``, ``… Đảng bộ tỉnh``)."""
    for org in orgs:
        gap = ft.text[end : org.start]
        if org.start >= end and gap in (" ", " của ", " của các "):
            return org
    return None


def _no_literal(text: str) -> bool:
    """Whether a text holds none of the literals one of which every match of the patterns holds."""
    return (
        "thứ " not in text
        and "ại hội " not in text
        and "ầu cử " not in text
        and '"' not in text
        and "“" not in text
    )


def find_events(ft: FieldText, mentions: list[Mention]) -> list[dict[str, Any]]:
    """Events of one field, with organisation and number (chair and date are added by ``finish``)."""
    text = ft.text
    if _no_literal(text):
        return []  # most paragraphs name no event
    orgs = sorted((m for m in mentions if m.field == ft.name and m.type == "ORG"), key=lambda m: m.start)
    out: list[dict[str, Any]] = []
    # each pattern holds a literal (checked first: a substring test is far cheaper than the pattern)
    for type_, pattern, literal in (("meeting", MEETING, "thứ "), ("congress", CONGRESS, "ại hội ")):
        if literal not in text:
            continue
        for m in pattern.finditer(text):
            org = _org_after(ft, m.end(), orgs)
            end = org.end if org is not None else m.end()
            out.append(_event(type_, ft, m.start(), end, org, number_value(m.group(1))))
    for m in ELECTION.finditer(text) if "ầu cử " in text else ():
        inside = next((o for o in orgs if m.start() <= o.start < m.end()), None)
        out.append(_event("election", ft, m.start(), m.end(), inside, number_value(m.group(1))))
    for m in QUOTED.finditer(text) if '"' in text or "“" in text else ():
        before = ft.text[max(0, m.start() - 40) : m.start()].rstrip()
        words = key_of(before)
        cues = campaign_cues()
        if not any(words[-n:] in cues for n in range(1, min(cues.size, len(words)) + 1)):
            continue
        if not m.group(1)[:1].isupper():
            continue
        out.append(_event("campaign", ft, m.start(1), m.end(1), None, None))
    return out


def dedupe(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop a repeat without its organ ("hội nghị lần thứ 6") of an event named in full elsewhere."""
    full = {(e["type"], e["number"]) for e in events if e["organization"]}
    return [
        e
        for e in events
        if e["organization"] or e["type"] == "campaign" or (e["type"], e["number"]) not in full
    ]


def _event(
    type_: str, ft: FieldText, start: int, end: int, org: Mention | None, num: int | None
) -> dict[str, Any]:
    return {
        "type": type_,
        "text": ft.text[start:end],
        "organization": org.canonical if org is not None else None,
        "number": num,
        "date": None,
        "chair": None,
        "field": ft.name,
        "start": start,
        "end": end,
    }


def finish(
    events: list[dict[str, Any]], fields: list[FieldText], mentions: list[Mention], date: str | None
) -> None:
    """Add each meeting's chair and date from the sentences that report it."""
    if not any(e["type"] == "meeting" and e["field"] in ("title", "lead") for e in events):
        return  # chair and date are only given to such meetings: no sentence to read
    chair: str | None = None
    when: str | None = None
    persons = [m for m in mentions if m.type == "PER"]
    for ft in fields:
        for start, end in split_sentences(ft.text):
            sentence = ft.text[start:end]
            if chair is None and "chủ trì" in sentence:
                found = [p for p in persons if p.field == ft.name and start <= p.start < end]
                if found:
                    chair = found[0].person or found[0].canonical
            if when is None and ft.name in ("title", "lead"):
                d = DATE.search(sentence)
                if d:
                    when = f"{int(d.group(3)):04d}-{int(d.group(2)):02d}-{int(d.group(1)):02d}"
    # only a meeting reported from the title or lead is the article's own event: its chair and date are
    # the article's; a congress or election named in passing happened at another time
    for event in events:
        if event["type"] == "meeting" and event["field"] in ("title", "lead"):
            event["chair"] = chair
            event["date"] = when or date
