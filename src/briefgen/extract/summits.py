"""Summit candidates: named summits and past events given with a year.

"Hội nghị cấp cao Á-Âu lần thứ 5 (ASEM-5) năm 2004", "Hội nghị cấp cao APEC năm 2017 tại Đà
Nẵng", "the 2004 ASEM-5 summit", "the 2017 APEC summit in Da Nang": the name as written, the
short form (an acronym in brackets, or the acronym the name holds), the year and the city when
the phrase gives one. An event without a year is left out: summits.yaml needs the year.
"""
from __future__ import annotations

import re

from briefgen.extract.article import Article, Span
from briefgen.extract.candidates import Found, SummitCandidate
from briefgen.extract.text import excerpt, sentences

_VI_START = re.compile(r"(?:Hội nghị|Hội nghị cấp cao|Hội nghị Cấp cao|Hội nghị thượng đỉnh|Hội nghị Thượng "
                       r"đỉnh|"
                       r"Thượng đỉnh|Đại hội đồng|Diễn đàn|Hội chợ|Đại hội|Tuần lễ Cấp cao|Hội thảo)\b")
_VI_EVENT = re.compile(_VI_START.pattern + r"(?P<body>[^.;:,“”\"]{2,160}?)\s+(?:năm\s+)?(?P<year>(?:19|"
                                           r"20)\d{2})(?!\d)"
                       r"(?P<city>\s+tại\s+(?:(?:thành phố|Thủ đô|thủ đô|TP\.?)\s+)?"
                       r"[A-ZÀ-ỸĐ][^\W\d_]*(?:\s[A-ZÀ-ỸĐ][^\W\d_]*){0,3})?")
_EN_EVENT = re.compile(r"(?:[Tt]he\s+)?(?P<year1>(?:19|"
                       r"20)\d{2})\s+(?P<name1>(?:[A-Z][\w'’&.-]*(?:\s\([^)]{2,60}\))?\s+)"
                       r"{1,6}?(?:[a-z]+\s+)?(?:[Ss]ummit|[Mm]eeting|[Cc]onference|[Ff]orum|[Aa]ssembly|"
                       r"Games|Expo))"
                       r"(?P<city1>\s+in\s+[A-Z][\w-]*(?:\s[A-Z][\w-]*){0,2})?"
                       r"|(?P<name2>(?:[A-Z][\w'’&.-]*\s+){1,6}?(?:Summit|Meeting|Conference|Forum|Assembly))"
                       r"(?P<city2>\s+in\s+[A-Z][\w-]*(?:\s[A-Z][\w-]*){0,2})?\s+in\s+(?P<year2>(?:19|"
                       r"20)\d{2})")
_SHORT = re.compile(r"\(([A-Z][A-Za-z0-9]*(?:[- ][A-Z0-9][A-Za-z0-9]*)*)\)")
_ACRONYM = re.compile(r"\b([A-Z]{3,}[0-9]*(?:[+-][A-Z0-9]+)?|[A-Z]{2,}[0-9]+|[A-Z]{2,}[+-][A-Z0-9]+|"
                      r"[A-Z]+[0-9]+[A-Z]+)\b")


def summit_candidates(article: Article) -> list[SummitCandidate]:
    """Every summit or past event named with a year, in reading order, each once per article."""
    text = article.text
    out: dict[tuple[int, str], SummitCandidate] = {}
    for paragraph in article.body:
        for sentence in sentences(text, paragraph):
            s = text[sentence.start:sentence.end]
            found = _vietnamese(s) if article.lang == "vi" else _english(s)
            for start, end, name, short, year, city in found:
                span = Span(sentence.start + start, sentence.start + end)
                key = (year, (short or name).casefold())
                ev = Found(article, span, excerpt(text, span))
                if key in out:
                    out[key].evidence.append(ev)
                else:
                    out[key] = SummitCandidate(name, short, year, city, [ev])
    return list(out.values())


Event = tuple[int, int, str, str | None, int, str | None]


def _vietnamese(s: str) -> list[Event]:
    out: list[Event] = []
    pos = 0
    while True:
        m = _VI_EVENT.search(s, pos)
        if m is None:
            return out
        # The name starts at the last event word before the year ("... lễ khai mạc Hội nghị X năm 2020").
        inner = [x for x in _VI_START.finditer(s, m.start(), m.start("year")) if x.start() > m.start()]
        start = m.start()
        if inner and not s[start:inner[-1].start()].strip().endswith(("Hội nghị", "thượng đỉnh",
                                                                      "Thượng đỉnh")):
            start = inner[-1].start() if re.search(r"\s(?:và|,)\s",
                                                   s[start:inner[-1].start()] + " ") else start
        name = s[start:m.start("year")].strip()
        if re.search(r"\s(?:trong|vào|từ|đến|tháng|cuối|đầu|giữa|sau|trước|hồi)(?:\s|$)", name + " "):
            pos = m.end()
            continue  # "Đại hội đồng ... trong ba tháng cuối năm 2024": a time, not an event's name
        name = re.sub(r"\s+năm$", "", name).strip()
        short_m = _SHORT.search(name)
        short = short_m.group(1) if short_m else None
        name = _SHORT.sub("", name).replace("  ", " ").strip() if short_m else name
        if short is None:
            acronym = _ACRONYM.search(name)
            short = acronym.group(1) if acronym else None
        city = None
        if m.group("city"):
            city = re.sub(r"^\s+tại\s+(?:(?:thành phố|Thủ đô|thủ đô|TP\.?)\s+)?", "", m.group("city")).strip()
        out.append((start, m.end(), " ".join(name.split()), short, int(m.group("year")), city))
        pos = m.end()


def _english(s: str) -> list[Event]:
    out: list[Event] = []
    for m in _EN_EVENT.finditer(s):
        year = int(m.group("year1") or m.group("year2"))
        name = (m.group("name1") or m.group("name2") or "").strip()
        city_raw = m.group("city1") or m.group("city2")
        city = re.sub(r"^\s+in\s+", "", city_raw).strip() if city_raw else None
        short_m = _SHORT.search(name)
        acronym = _ACRONYM.search(name)
        short = short_m.group(1) if short_m else (acronym.group(1) if acronym else None)
        if short_m:
            name = " ".join(_SHORT.sub("", name).split())
        out.append((m.start(), m.end(), name, short, year, city))
    return out
