"""A pack plus options -> the briefing's content for one language, ready to print.

Everything a template needs arrives formatted (numbers, country names, attributions),
so templates hold layout only. Which records are chosen, and why the others are
left out, is decided here and in `fitting.py`, once for Markdown and Word alike.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType

from briefgen import i18n
from briefgen.pack.countries import country_name
from briefgen.pack.model import Checked, FactPack, NumberRecord, Person, Position, Quote, Source, Summit

REASON_UNVERIFIED = "not verified (unverified; --include-unverified prints it, marked)"
REASON_DISPUTED = "not verified (disputed; never printed)"
REASON_NO_EVIDENCE = "not verified (status verified, but no evidence)"
REASON_SECTION = "not in the chosen sections"
REASON_FIT = "did not fit on one page"
NO_LABELS: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Entry:
    """One printed record: a bold lead, its text, and where it comes from."""

    record_id: str
    kind: str
    priority: int
    lead: str
    text: str
    attribution: str = ""
    flag: str = ""  # "chưa kiểm chứng" / "unverified" when printed with --include-unverified
    direct: bool = False
    translated: str = ""  # "(dịch)" / "(translated)" for a direct quote shown in translation
    points: tuple[str, ...] = ()
    comment: str = ""  # provenance for the Word comment: sources, excerpts, who verified
    sources: tuple[str, ...] = ()
    mark: str = ""  # "mới" / "new", "cập nhật" / "updated" since an earlier edition (build --since)
    continues: bool = False  # the text goes on from the lead as one sentence ("China called ...")
    brief: str = ""  # the record in a few words, for a section in its compact form ("ASEM-5")


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    heading: str
    entries: tuple[Entry, ...]
    compact: bool = False  # entries as one run ("2004 ASEM-5 · 2006 APEC · …"), to save the page's room


@dataclass(frozen=True, slots=True)
class LeftOut:
    kind: str
    record_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class Briefing:
    """The content of one briefing file (one pack, one language)."""

    pack_id: str
    lang: str
    date: date
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    sources_label: str
    sources_text: str
    left_out: tuple[LeftOut, ...] = ()
    labels: Mapping[str, str] = field(default_factory=lambda: NO_LABELS)

    def entries(self) -> list[Entry]:
        return [e for s in self.sections for e in s.entries]


def _outlet_and_date(src: Source, lang: str) -> str:
    """A draft's source may have no known date yet (`published: unknown`): no date is printed then."""
    if src.published is None:
        return src.name_in(lang)
    return f"{src.name_in(lang)}, {i18n.format_date(src.published, lang)}"


def _cited(src: Source, lang: str) -> str:
    name = src.name_in(lang)  # its outlet, else its title: never a placeholder
    return name if src.published is None else f"{name} ({i18n.format_date(src.published, lang)})"


def _provenance(r: Checked, sources: dict[str, Source], lang: str) -> str:
    lines = []
    for ev in r.check.evidence:
        src = sources[ev.source]
        # Without an outlet the source is named by its title already.
        title = f" — {src.title_in(lang)}" if src.outlet else ""
        lines.append(f"{i18n.label(lang, 'source')}: {_outlet_and_date(src, lang)}"
                     f"{title}\n{i18n.label(lang, 'excerpt')}: “{ev.excerpt}”")
    if r.check.status == "verified" and r.check.verified_by:
        when = i18n.format_date(r.check.verified_on, lang) if r.check.verified_on else ""
        lines.append(f"{i18n.label(lang, 'verified_by')}: {r.check.verified_by}, {when}".rstrip(", "))
    else:
        lines.append(i18n.label(lang, "unverified"))
    return "\n".join(lines)


def _number(r: NumberRecord, lang: str) -> tuple[str, str]:
    unit = r.unit[lang] if r.unit else None
    return i18n.format_quantity(r.value, r.approx, lang, unit, r.currency), r.label[lang]


def _quote(q: Quote, people: dict[str, Person], lang: str,
           first_mention: bool) -> tuple[str, str, str, bool, str]:
    """(lead, text, attribution, direct, translated) of a quote's entry."""
    person = people[q.speaker]
    words = q.text if q.lang == lang else q.translations[lang]
    # Newsroom style: the full title on a speaker's first mention, the name alone after it.
    who = person.name.get(lang) or next(iter(person.name.values()))
    if first_mention:
        who += f", {person.title[lang]}"
    if q.context:
        who += f", {q.context[lang]}"
    if q.kind == "direct":
        translated = i18n.label(lang, "translated") if q.lang != lang else ""
        return i18n.quote_marks(words, lang), "", who, True, translated
    return who, words, "", False, ""


def _position(p: Position, lang: str) -> tuple[str, str, tuple[str, ...], bool]:
    """(lead, text, points, continues). A summary that opens with the country's name is split after
    it, so the name is printed once, as the lead ("**China** called …", not "China — China called …")."""
    name = p.name[lang] if p.name else country_name(p.country, lang)
    summary = p.summary[lang]
    points = tuple(pt[lang] for pt in p.points)
    for opening in (name, f"The {name}", f"the {name}"):
        rest = summary[len(opening):]
        if summary.startswith(opening) and rest[:1] == " " and rest.strip():
            return opening, rest.strip(), points, True
    return name, summary, points, False


def _summit(s: Summit, lang: str) -> tuple[str, str, str]:
    """(year, text, brief): the brief is the short name when there is one, for the compact form."""
    text = s.name[lang]
    if s.short and s.short not in text:
        text += f" ({s.short})"
    if s.city:
        text += f", {s.city[lang]}"
    return str(s.year), text, s.short or s.name[lang]


def make_entry(kind: str, r: Checked, pack: FactPack, lang: str, first_mention: bool = True,
               lookups: tuple[dict[str, Source], dict[str, Person]] | None = None) -> Entry:
    sources, people = lookups or pack_lookups(pack)
    flag = i18n.label(lang, "unverified") if r.check.status == "unverified" else ""
    comment = _provenance(r, sources, lang)
    cited = tuple(dict.fromkeys(ev.source for ev in r.check.evidence))

    def entry(lead: str, text: str, attribution: str = "", direct: bool = False, translated: str = "",
              points: tuple[str, ...] = (), continues: bool = False, brief: str = "") -> Entry:
        return Entry(r.id, kind, r.check.priority, lead, text, attribution, flag, direct, translated, points,
                     comment, cited, continues=continues, brief=brief)

    if isinstance(r, NumberRecord):
        return entry(*_number(r, lang))
    if isinstance(r, Quote):
        return entry(*_quote(r, people, lang, first_mention))
    if isinstance(r, Position):
        lead, text, points, continues = _position(r, lang)
        return entry(lead, text, points=points, continues=continues)
    year, text, brief = _summit(r, lang)
    return entry(year, text, brief=brief)


def pack_lookups(pack: FactPack) -> tuple[dict[str, Source], dict[str, Person]]:
    """Sources and people by id: made once per briefing, not once per entry."""
    return {s.id: s for s in pack.pack.sources}, {p.id: p for p in pack.people}


def choose_records(pack: FactPack, sections: tuple[str, ...], include_unverified: bool
                   ) -> tuple[dict[str, list[Checked]], list[LeftOut]]:
    """The records that may print, per section, and every other record with its reason."""
    chosen: dict[str, list[Checked]] = {key: [] for key in sections}
    left: list[LeftOut] = []
    for kind, r in pack.checked_records():
        status = r.check.status
        if status == "disputed":
            left.append(LeftOut(kind, r.id, REASON_DISPUTED))
        elif status == "unverified" and not include_unverified:
            left.append(LeftOut(kind, r.id, REASON_UNVERIFIED))
        elif status == "verified" and not r.check.evidence:
            left.append(LeftOut(kind, r.id, REASON_NO_EVIDENCE))
        elif kind not in chosen:
            left.append(LeftOut(kind, r.id, REASON_SECTION))
        else:
            chosen[kind].append(r)
    if "summits" in chosen:
        # stable: in file order within a year
        chosen["summits"].sort(key=lambda s: s.year if isinstance(s, Summit) else 0)
    return chosen, left


EntryCache = dict[tuple[str, str, bool], Entry]


def make_briefing(pack: FactPack, lang: str, chosen: dict[str, list[Checked]],
                  left_out: list[LeftOut], cache: EntryCache | None = None,
                  marks: Mapping[str, str] = NO_LABELS, compact: frozenset[str] = frozenset()) -> Briefing:
    """The briefing of the chosen records. `cache` keeps formatted entries across the many
    briefings fitting tries, so each record is formatted once per (record, first mention).
    `marks` ("kind/id" -> "new"/"updated" in the briefing's language) come from `build --since`.
    The sections named in `compact` are in their compact form (fitting chooses it)."""
    cache = {} if cache is None else cache
    lookups = pack_lookups(pack)
    sections = []
    used_sources: list[str] = []
    speakers: set[str] = set()
    for key, records in chosen.items():
        entries_list = []
        for r in records:
            speaker = r.speaker if isinstance(r, Quote) else ""
            ident = (key, r.id, speaker not in speakers)
            if ident not in cache:
                made = make_entry(key, r, pack, lang, speaker not in speakers, lookups)
                mark = marks.get(f"{key}/{r.id}", "")
                cache[ident] = replace(made, mark=mark) if mark else made
            entries_list.append(cache[ident])
            speakers.add(speaker)
        entries = tuple(entries_list)
        if entries:
            sections.append(Section(key, i18n.label(lang, key), entries, key in compact))
            for e in entries:
                used_sources += [s for s in e.sources if s not in used_sources]
    src_by_id = lookups[0]
    order = {s.id: n for n, s in enumerate(pack.pack.sources)}
    cited = [_cited(src_by_id[s], lang) for s in sorted(used_sources, key=order.__getitem__)]
    footer = "; ".join(dict.fromkeys(cited))
    info = pack.pack
    assert info.date is not None, "build refuses a pack whose date is unknown (build.prepare_pack)"
    subtitle = f"{i18n.label(lang, 'as_of')} {i18n.format_date(info.date, lang)}"
    if info.place:
        subtitle = f"{info.place[lang]} · {subtitle}"
    return Briefing(info.id, lang, info.date, info.title[lang], subtitle, tuple(sections),
                    i18n.label(lang, "sources"), footer, tuple(left_out), dict(i18n.LABELS[lang]))
