"""FORMAT.md rule by rule: a YAML snippet that breaks the rule → the exact issue lines; one that keeps it → none."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from conftest import PEOPLE_YAML, MakePack

from briefgen.findings import Issue
from briefgen.pack import schema
from briefgen.pack.model import FactPack

Loader = Callable[[str], tuple[FactPack | None, list[Issue]]]

NUMBER = """\
- id: delegates
  value: 2500
  label: {vi: "đại biểu", en: "delegates"}
  as_of: 2025-03-14
  status: unverified
"""

VERIFIED = """\
  status: verified
  verified_by: "Lê Văn Hùng"
  verified_on: 2025-03-15
  evidence:
    - source: vi-news
      excerpt: "hơn 2.500 đại biểu"
"""

QUOTE = """\
- id: minh-opening
  speaker: minh
  kind: direct
  lang: vi
  text: "Chúng ta phải hành động."
  translations: {en: "We must act."}
  said_on: 2025-03-14
  status: unverified
"""

POSITION = """\
- id: position-fr
  country: FR
  summary: {vi: "Ủng hộ công ước", en: "Supports the convention"}
  said_on: 2025-03-14
  status: unverified
"""

SUMMIT = """\
- id: apec-2017
  name: {vi: "Tuần lễ Cấp cao APEC", en: "APEC Economic Leaders' Week"}
  year: 2017
  status: unverified
"""

PACK_HEAD = """\
id: demo
title: {vi: "Hội nghị", en: "Meeting"}
date: 2025-03-14
languages: [vi, en]
"""

SOURCE = """\
sources:
  - id: vi-news
    title: "Tin"
    outlet: "Báo Mẫu"
    published: 2025-03-14
    lang: vi
"""

# (file, snippet, expected error lines). An empty list is the passing fixture of the rule above it.
CASES = [
    # --- shared rules: ids -------------------------------------------------------------------------
    pytest.param("numbers", NUMBER + NUMBER.replace("value: 2500", "value: 2300"),
                 ["pack/numbers.yaml:6: id: duplicate id 'delegates' (first at line 1)"],
                 id="duplicate-id-in-one-file"),
    pytest.param("numbers", NUMBER + NUMBER.replace("delegates\n", "delegates-2\n", 1), [],
                 id="distinct-ids-pass"),
    pytest.param("numbers", NUMBER.replace("id: delegates", "id: Delegates_2025"),
                 [("pack/numbers.yaml:1: id: 'Delegates_2025' is not a valid id (lowercase letters, digits "
                   "and '-', starting with a letter or digit)")],
                 id="id-with-capitals-and-underscore"),
    pytest.param("numbers", NUMBER.replace("id: delegates", "id: -delegates"),
                 [("pack/numbers.yaml:1: id: '-delegates' is not a valid id (lowercase letters, digits "
                   "and '-', starting with a letter or digit)")],
                 id="id-starting-with-dash"),
    pytest.param("numbers", NUMBER.replace("id: delegates", "id: 2025-delegates"), [],
                 id="id-starting-with-digit-passes"),
    pytest.param("numbers", NUMBER.replace("- id: delegates\n", "- value: 1\n").replace("  value: 2500\n", ""),
                 ["pack/numbers.yaml:1: id: required field is missing"],
                 id="id-missing"),
    # --- shared rules: localized text ----------------------------------------------------------------
    pytest.param("numbers", NUMBER.replace('{vi: "đại biểu", en: "delegates"}', '{vi: "đại biểu"}'),
                 ["pack/numbers.yaml:3: label: missing language 'en'"],
                 id="localized-missing-language"),
    pytest.param("numbers", NUMBER.replace('en: "delegates"', 'en: ""'),
                 ["pack/numbers.yaml:3: label.en: empty text"],
                 id="localized-empty-text"),
    pytest.param("numbers", NUMBER.replace('en: "delegates"', "en: "),
                 ["pack/numbers.yaml:3: label.en: empty text"],
                 id="localized-null-text"),
    pytest.param("numbers", NUMBER.replace('en: "delegates"', 'en: "   "'),
                 ["pack/numbers.yaml:3: label.en: empty text"],
                 id="localized-blank-text"),
    pytest.param("numbers", NUMBER.replace('en: "delegates"}', 'en: "delegates", fr: "délégués"}'),
                 ["pack/numbers.yaml:3: label.fr: language 'fr' is not expected here (pack languages: vi, en)"],
                 id="localized-extra-language"),
    pytest.param("numbers", NUMBER.replace('{vi: "đại biểu", en: "delegates"}', '"delegates"'),
                 [("pack/numbers.yaml:3: label: expected a mapping of language to text ({vi: ..., en: ...}), "
                   "got text")],
                 id="localized-given-as-plain-text"),
    pytest.param("numbers", NUMBER.replace('{vi: "đại biểu", en: "delegates"}', '{vi: "a", en: "b", vi: "c"}'),
                 ["pack/numbers.yaml:3: label.vi: duplicate key (first at line 3)"],
                 id="localized-duplicate-language"),
    # --- shared rules: unknown keys ------------------------------------------------------------------
    pytest.param("numbers", NUMBER.replace("status:", "staus:"),
                 ["pack/numbers.yaml:1: status: required field is missing",
                  "pack/numbers.yaml:5: staus: unknown field; did you mean 'status'?"],
                 id="misspelled-key-with-did-you-mean"),
    pytest.param("numbers", NUMBER + "  colour: red\n",
                 [("pack/numbers.yaml:6: colour: unknown field (known fields: id, value, approx, unit, currency, "
                   "label, as_of, measure, parts, status, verified_by, verified_on, evidence, priority, note)")],
                 id="unknown-key-lists-known-fields"),
    pytest.param("numbers", NUMBER + "  value: 2400\n",
                 ["pack/numbers.yaml:6: value: duplicate key (first at line 2)"],
                 id="duplicate-key"),
    # --- shared rules: dates -------------------------------------------------------------------------
    pytest.param("numbers", NUMBER.replace("as_of: 2025-03-14", "as_of: 26/10/2025"),
                 ["pack/numbers.yaml:4: as_of: '26/10/2025' is not an ISO date (write YYYY-MM-DD)"],
                 id="date-day-first-is-an-error-never-a-guess"),
    pytest.param("numbers", NUMBER.replace("as_of: 2025-03-14", "as_of: 2025-02-30"),
                 ["pack/numbers.yaml:4: as_of: '2025-02-30' is not a real date"],
                 id="date-that-does-not-exist"),
    pytest.param("numbers", NUMBER.replace("as_of: 2025-03-14", "as_of: 2025-3-14"),
                 ["pack/numbers.yaml:4: as_of: '2025-3-14' is not an ISO date (write YYYY-MM-DD)"],
                 id="date-without-leading-zero"),
    pytest.param("numbers", NUMBER.replace("as_of: 2025-03-14", 'as_of: "2025-03-14"'), [],
                 id="quoted-iso-date-passes"),
    # --- verification fields -------------------------------------------------------------------------
    pytest.param("numbers", NUMBER.replace("  status: unverified\n", ""),
                 ["pack/numbers.yaml:1: status: required field is missing"],
                 id="status-missing"),
    pytest.param("numbers", NUMBER.replace("status: unverified", "status: checked"),
                 ["pack/numbers.yaml:5: status: 'checked' is not one of verified, unverified, disputed"],
                 id="status-not-a-status"),
    pytest.param("numbers", NUMBER.replace("status: unverified", "status: disputed"), [],
                 id="status-disputed-passes"),
    pytest.param("numbers", NUMBER.replace("status: unverified", "status: verified"),
                 ["pack/numbers.yaml:1: verified_by: required field is missing",
                  "pack/numbers.yaml:1: verified_on: required field is missing"],
                 id="verified-needs-who-and-when"),
    pytest.param("numbers", NUMBER.replace("  status: unverified\n", VERIFIED), [],
                 id="verified-with-who-when-evidence-passes"),
    pytest.param("numbers", NUMBER.replace("  status: unverified\n", VERIFIED.replace("2025-03-15", "15/03/2025")),
                 ["pack/numbers.yaml:7: verified_on: '15/03/2025' is not an ISO date (write YYYY-MM-DD)"],
                 id="verified-on-not-iso"),
    pytest.param("numbers", NUMBER.replace("  status: unverified\n", VERIFIED.replace("source: vi-news", "src: vi-news")),
                 ["pack/numbers.yaml:9: evidence.src: unknown field; did you mean 'source'?",
                  "pack/numbers.yaml:9: evidence.source: required field is missing"],
                 id="evidence-item-with-misspelled-key"),
    pytest.param("numbers", NUMBER.replace("  status: unverified\n", VERIFIED.replace(
        '      excerpt: "hơn 2.500 đại biểu"\n', "")),
                 ["pack/numbers.yaml:9: evidence.excerpt: required field is missing"],
                 id="evidence-item-without-excerpt"),
    pytest.param("numbers", NUMBER.replace("  status: unverified\n", VERIFIED.replace(
        '    - source: vi-news\n      excerpt: "hơn 2.500 đại biểu"\n', '    - vi-news\n')),
                 ["pack/numbers.yaml:9: evidence: expected a mapping, got text"],
                 id="evidence-item-not-a-mapping"),
    pytest.param("numbers", NUMBER + "  priority: 0\n",
                 ["pack/numbers.yaml:6: priority: '0' is not a whole number from 1 to 9"],
                 id="priority-below-1"),
    pytest.param("numbers", NUMBER + "  priority: 10\n",
                 ["pack/numbers.yaml:6: priority: '10' is not a whole number from 1 to 9"],
                 id="priority-above-9"),
    pytest.param("numbers", NUMBER + "  priority: high\n",
                 ["pack/numbers.yaml:6: priority: 'high' is not a whole number from 1 to 9"],
                 id="priority-not-a-number"),
    pytest.param("numbers", NUMBER + "  priority: 9\n  note: \"Ask the organisers again.\"\n", [],
                 id="priority-and-note-pass"),
    # --- numbers.yaml --------------------------------------------------------------------------------
    pytest.param("numbers", NUMBER.replace("value: 2500", "value: 2.500"),
                 [("pack/numbers.yaml:2: value: '2.500' is ambiguous (a group separator reads differently in "
                   "Vietnamese and English); write the plain number without separators")],
                 id="value-grouped-with-dot"),
    pytest.param("numbers", NUMBER.replace("value: 2500", "value: 1.234.567"),
                 [("pack/numbers.yaml:2: value: '1.234.567' is ambiguous (a group separator reads differently "
                   "in Vietnamese and English); write the plain number without separators")],
                 id="value-grouped-twice"),
    pytest.param("numbers", NUMBER.replace("value: 2500", "value: 2,500"),
                 [("pack/numbers.yaml:2: value: '2,500' is ambiguous (a group separator reads differently in "
                   "Vietnamese and English); write the plain number without separators")],
                 id="value-grouped-with-comma"),
    pytest.param("numbers", NUMBER.replace("value: 2500", "value: 6,6"),
                 ["pack/numbers.yaml:2: value: '6,6' is not a plain number (digits, optionally '.' and decimals)"],
                 id="value-with-decimal-comma"),
    pytest.param("numbers", NUMBER.replace("value: 2500", "value: 012"),
                 ["pack/numbers.yaml:2: value: '012' has a leading zero; write the plain number"],
                 id="value-with-leading-zero"),
    pytest.param("numbers", NUMBER.replace("value: 2500", "value: 6.6 triệu"),
                 [("pack/numbers.yaml:2: value: '6.6 triệu' is not a plain number (digits, optionally '.' and "
                   "decimals)")],
                 id="value-with-words"),
    pytest.param("numbers", NUMBER.replace("value: 2500", "value: 6.6"), [],
                 id="value-decimal-point-passes"),
    pytest.param("numbers", NUMBER.replace("value: 2500", "value: 6600000"), [],
                 id="value-plain-millions-passes"),
    pytest.param("numbers", NUMBER + "  approx: more-than\n",
                 [("pack/numbers.yaml:6: approx: 'more-than' is not one of exact, more_than, at_least, nearly, "
                   "about")],
                 id="approx-not-a-choice"),
    pytest.param("numbers", NUMBER + "  approx: nearly\n", [],
                 id="approx-nearly-passes"),
    pytest.param("numbers", NUMBER + '  unit: {vi: "đại biểu", en: "delegates"}\n  currency: USD\n',
                 ["pack/numbers.yaml:7: currency: give either unit or currency, not both"],
                 id="unit-and-currency-together"),
    pytest.param("numbers", NUMBER + "  currency: usd\n",
                 ["pack/numbers.yaml:6: currency: 'usd' is not an ISO 4217 currency code such as USD"],
                 id="currency-not-iso-4217"),
    pytest.param("numbers", NUMBER + "  currency: USD\n", [],
                 id="currency-passes"),
    pytest.param("numbers", NUMBER + '  unit: {vi: "đại biểu"}\n',
                 ["pack/numbers.yaml:6: unit: missing language 'en'"],
                 id="unit-missing-language"),
    pytest.param("numbers", NUMBER.replace('  label: {vi: "đại biểu", en: "delegates"}\n', ""),
                 ["pack/numbers.yaml:1: label: required field is missing"],
                 id="label-missing"),
    pytest.param("numbers", NUMBER + "  measure: Delegates\n",
                 [("pack/numbers.yaml:6: measure: 'Delegates' is not a valid id (lowercase letters, digits and "
                   "'-', starting with a letter or digit)")],
                 id="measure-not-a-key"),
    pytest.param("numbers", NUMBER + "  parts: [delegates]\n",
                 ["pack/numbers.yaml:6: parts: a number cannot be a part of itself"],
                 id="parts-include-itself"),
    pytest.param("numbers", NUMBER + "  parts: [city, city]\n" + NUMBER.replace("delegates\n", "city\n", 1),
                 ["pack/numbers.yaml:6: parts: 'city' is listed twice"],
                 id="parts-list-an-id-twice"),
    pytest.param("numbers", NUMBER + "  parts: [nowhere]\n",
                 ["pack/numbers.yaml:1: parts: unknown number 'nowhere'"],
                 id="parts-name-an-unknown-number"),
    pytest.param("numbers", NUMBER + "  parts: [city]\n" + NUMBER.replace("delegates\n", "city\n", 1), [],
                 id="parts-name-known-numbers-pass"),
    pytest.param("numbers", NUMBER.replace("  status: unverified\n", VERIFIED.replace("vi-news", "vn-news")),
                 ["pack/numbers.yaml:9: evidence.source: unknown source 'vn-news'"],
                 id="evidence-names-an-unknown-source"),
    # --- people.yaml ---------------------------------------------------------------------------------
    pytest.param("people", PEOPLE_YAML, [], id="person-with-plain-name-passes"),
    pytest.param("people", PEOPLE_YAML.replace('"Trần Thị Minh"', '{vi: "Bà Trần Thị Minh", en: "Tran Thi Minh"}'),
                 [], id="person-with-localized-name-passes"),
    pytest.param("people", PEOPLE_YAML.replace('"Trần Thị Minh"', '{vi: "Bà Trần Thị Minh"}'),
                 ["pack/people.yaml:2: name: missing language 'en'"],
                 id="person-localized-name-missing-language"),
    pytest.param("people", PEOPLE_YAML + "  country: VNM\n",
                 ["pack/people.yaml:4: country: 'VNM' is not an ISO 3166-1 alpha-2 code such as VN"],
                 id="person-country-alpha-3"),
    pytest.param("people", PEOPLE_YAML + "  country: ZZ\n",
                 ["pack/people.yaml:1: country: 'ZZ' is not an ISO 3166-1 country code known to CLDR"],
                 id="person-country-unknown-to-cldr"),
    pytest.param("people", PEOPLE_YAML + "  country: VN\n", [], id="person-country-passes"),
    pytest.param("people", PEOPLE_YAML.replace('"Trần Thị Minh"', '"Trần\\x07 Minh"'),
                 [("pack/people.yaml:2: name: control character U+0007 at column 5 of the text; Word cannot hold "
                   "it: remove it")],
                 id="person-name-with-an-escaped-control-character"),
    pytest.param("people", PEOPLE_YAML.replace('  title: {vi: "Bộ trưởng", en: "Minister"}\n', ""),
                 ["pack/people.yaml:1: title: required field is missing"],
                 id="person-title-missing"),
    # --- quotes.yaml ---------------------------------------------------------------------------------
    pytest.param("quotes", QUOTE, [], id="quote-passes"),
    pytest.param("quotes", QUOTE.replace("speaker: minh", "speaker: lan"),
                 ["pack/quotes.yaml:1: speaker: unknown person 'lan' (not in people.yaml)"],
                 id="quote-speaker-not-in-people"),
    pytest.param("quotes", QUOTE.replace("kind: direct", "kind: indirect"),
                 ["pack/quotes.yaml:3: kind: 'indirect' is not one of direct, paraphrase"],
                 id="quote-kind-not-a-choice"),
    pytest.param("quotes", QUOTE.replace("kind: direct", "kind: paraphrase"), [],
                 id="quote-paraphrase-passes"),
    pytest.param("quotes", QUOTE.replace('  translations: {en: "We must act."}\n', ""),
                 ["pack/quotes.yaml:1: translations: required field is missing"],
                 id="quote-translations-missing"),
    pytest.param("quotes", QUOTE.replace('{en: "We must act."}', '{vi: "Chúng ta phải hành động.", en: "We must act."}'),
                 ["pack/quotes.yaml:6: translations: holds the quote's own language 'vi'; its words belong in text"],
                 id="quote-translation-into-its-own-language"),
    pytest.param("quotes", QUOTE.replace("lang: vi", "lang: en").replace('{en: "We must act."}', '{en: "x"}'),
                 [("pack/quotes.yaml:6: translations: holds the quote's own language 'en'; its words belong in "
                   "text"), "pack/quotes.yaml:6: translations: missing language 'vi'"],
                 id="quote-translations-for-the-wrong-language"),
    pytest.param("quotes", QUOTE.replace("lang: vi", "lang: Vietnamese"),
                 ["pack/quotes.yaml:4: lang: 'Vietnamese' is not a language code such as vi or en"],
                 id="quote-lang-not-a-code"),
    pytest.param("quotes", QUOTE.replace("  lang: vi\n", ""),
                 ["pack/quotes.yaml:1: lang: required field is missing"],
                 id="quote-lang-missing-is-reported-alone"),
    pytest.param("quotes", QUOTE.replace('{en: "We must act."}', ""),
                 ["pack/quotes.yaml:6: translations: required field is empty"],
                 id="quote-translations-empty"),
    pytest.param("quotes", QUOTE + '  context: {vi: "tại phiên khai mạc"}\n',
                 ["pack/quotes.yaml:9: context: missing language 'en'"],
                 id="quote-context-missing-language"),
    pytest.param("quotes", QUOTE.replace("said_on: 2025-03-14", "said_on: 14 March 2025"),
                 ["pack/quotes.yaml:7: said_on: '14 March 2025' is not an ISO date (write YYYY-MM-DD)"],
                 id="quote-said-on-not-iso"),
    # --- positions.yaml ------------------------------------------------------------------------------
    pytest.param("positions", POSITION, [], id="position-passes"),
    pytest.param("positions", POSITION + '  name: {vi: "Cộng hòa Pháp", en: "French Republic"}\n'
                 '  points:\n    - {vi: "Ký ngay", en: "Sign now"}\n', [],
                 id="position-with-name-and-points-passes"),
    pytest.param("positions", POSITION.replace("country: FR", "country: fr"),
                 ["pack/positions.yaml:2: country: 'fr' is not an ISO 3166-1 alpha-2 code such as VN"],
                 id="position-country-lowercase"),
    pytest.param("positions", POSITION.replace("country: FR", "country: XX"),
                 ["pack/positions.yaml:1: country: 'XX' is not an ISO 3166-1 country code known to CLDR"],
                 id="position-country-unknown-to-cldr"),
    pytest.param("positions", POSITION + '  points:\n    - {vi: "Ký ngay"}\n',
                 ["pack/positions.yaml:7: points: missing language 'en'"],
                 id="position-point-missing-language"),
    pytest.param("positions", POSITION + "  points: Sign now\n",
                 ["pack/positions.yaml:6: points: expected a list, got text"],
                 id="position-points-not-a-list"),
    # --- summits.yaml --------------------------------------------------------------------------------
    pytest.param("summits", SUMMIT, [], id="summit-passes"),
    pytest.param("summits", SUMMIT + '  short: APEC\n  city: {vi: "Đà Nẵng", en: "Da Nang"}\n', [],
                 id="summit-with-short-and-city-passes"),
    pytest.param("summits", SUMMIT.replace("year: 2017", "year: 17"),
                 ["pack/summits.yaml:3: year: '17' is not a whole number from 1000 to 2999"],
                 id="summit-year-two-digits"),
    pytest.param("summits", SUMMIT.replace("year: 2017", "year: 2017-11-10"),
                 ["pack/summits.yaml:3: year: '2017-11-10' is not a whole number from 1000 to 2999"],
                 id="summit-year-is-a-date"),
    pytest.param("summits", SUMMIT + '  city: "Đà Nẵng"\n',
                 [("pack/summits.yaml:5: city: expected a mapping of language to text ({vi: ..., en: ...}), "
                   "got text")],
                 id="summit-city-not-localized"),
    # --- pack.yaml -----------------------------------------------------------------------------------
    pytest.param("pack", PACK_HEAD + SOURCE, [], id="pack-passes"),
    pytest.param("pack", PACK_HEAD.replace("id: demo", "id: Demo") + SOURCE,
                 [("pack/pack.yaml:1: id: 'Demo' is not a valid id (lowercase letters, digits and '-', starting "
                   "with a letter or digit)")],
                 id="pack-id-invalid"),
    pytest.param("pack", PACK_HEAD.replace("languages: [vi, en]\n", "") + SOURCE,
                 ["pack/pack.yaml:1: languages: required field is missing"],
                 id="pack-languages-missing"),
    pytest.param("pack", PACK_HEAD.replace("[vi, en]", "[]") + SOURCE,
                 ["pack/pack.yaml:4: languages: at least one language is needed"],
                 id="pack-languages-empty"),
    pytest.param("pack", PACK_HEAD.replace("[vi, en]", "[vi, English]") + SOURCE,
                 ["pack/pack.yaml:4: languages: 'English' is not a language code such as vi or en"],
                 id="pack-language-not-a-code"),
    pytest.param("pack", PACK_HEAD.replace("[vi, en]", "[vi, en, vi]") + SOURCE,
                 ["pack/pack.yaml:4: languages: 'vi' is listed twice"],
                 id="pack-language-twice"),
    pytest.param("pack", PACK_HEAD.replace('{vi: "Hội nghị", en: "Meeting"}', '{vi: "Hội nghị"}') + SOURCE,
                 ["pack/pack.yaml:2: title: missing language 'en'"],
                 id="pack-title-missing-language"),
    pytest.param("pack", PACK_HEAD + 'place: {en: "Hanoi"}\n' + SOURCE,
                 ["pack/pack.yaml:5: place: missing language 'vi'"],
                 id="pack-place-missing-language"),
    pytest.param("pack", PACK_HEAD.replace("date: 2025-03-14", "date: 14/03/2025") + SOURCE,
                 ["pack/pack.yaml:3: date: '14/03/2025' is not an ISO date (write YYYY-MM-DD)"],
                 id="pack-date-not-iso"),
    pytest.param("pack", PACK_HEAD + SOURCE.replace("    lang: vi\n", ""),
                 ["pack/pack.yaml:6: sources.lang: required field is missing"],
                 id="source-lang-missing"),
    pytest.param("pack", PACK_HEAD + SOURCE + "    publisher: x\n",
                 ["pack/pack.yaml:11: sources.publisher: unknown field; did you mean 'published'?"],
                 id="source-unknown-field"),
    pytest.param("pack", PACK_HEAD + SOURCE + SOURCE.replace("sources:\n", ""),
                 ["pack/pack.yaml:11: sources.id: duplicate source id 'vi-news' (first at line 6)"],
                 id="source-id-twice"),
    pytest.param("pack", PACK_HEAD + SOURCE + "    file: ../secret.txt\n",
                 [("pack/pack.yaml:11: sources.file: '../secret.txt' must be a name inside the sources folder "
                   "(no absolute path, no '..')")],
                 id="source-file-outside-the-folder"),
    pytest.param("pack", PACK_HEAD + SOURCE + "    sha256: abc\n",
                 ["pack/pack.yaml:11: sources.sha256: 'abc' is not a sha256 hex digest (64 hex digits)"],
                 id="source-sha256-malformed"),
    pytest.param("pack", PACK_HEAD + SOURCE + '    url: "https://example.org/a"\n    file: a.txt\n'
                 f"    sha256: {'ab' * 32}\n", [],
                 id="source-optional-fields-pass"),
    pytest.param("pack", PACK_HEAD + SOURCE + "presets:\n  short: [numbers, quotes]\n", [],
                 id="presets-pass"),
    pytest.param("pack", PACK_HEAD + SOURCE + "presets:\n  short: [numbers, people]\n",
                 [("pack/pack.yaml:12: presets.short: 'people' is not a section (numbers, quotes, positions, "
                   "summits)")],
                 id="preset-with-unknown-section"),
    pytest.param("pack", PACK_HEAD + SOURCE + "presets:\n  short: []\n",
                 [("pack/pack.yaml:12: presets.short: expected a non-empty list of sections (numbers, quotes, "
                   "positions, summits)")],
                 id="preset-empty"),
]


@pytest.mark.parametrize(("file", "snippet", "expected"), CASES)
def test_format_rule(make_pack: MakePack, errors: Callable[[str], list[str]],
                     file: str, snippet: str, expected: list[str]) -> None:
    files = {file: snippet}
    if file == "quotes":
        files["people"] = PEOPLE_YAML
    make_pack(**files)
    assert errors("pack") == expected


def test_every_problem_in_every_file_is_reported_not_only_the_first(
        make_pack: MakePack, errors: Callable[[str], list[str]]) -> None:
    make_pack(
        pack=PACK_HEAD.replace("date: 2025-03-14", "date: 2025") + SOURCE,
        numbers=NUMBER.replace("value: 2500", "value: 2.500").replace("as_of: 2025-03-14", "as_of: 26/10/2025"),
        people=PEOPLE_YAML.replace('en: "Minister"', 'en: ""'),
        summits="- id: apec\n",
    )
    assert errors("pack") == [
        ("pack/numbers.yaml:2: value: '2.500' is ambiguous (a group separator reads differently in Vietnamese "
         "and English); write the plain number without separators"),
        "pack/numbers.yaml:4: as_of: '26/10/2025' is not an ISO date (write YYYY-MM-DD)",
        "pack/pack.yaml:3: date: '2025' is not an ISO date (write YYYY-MM-DD)",
        "pack/people.yaml:3: title.en: empty text",
        "pack/summits.yaml:1: name: required field is missing",
        "pack/summits.yaml:1: year: required field is missing",
        "pack/summits.yaml:1: status: required field is missing",
    ]


def test_same_id_in_two_files_is_allowed(make_pack: MakePack, errors: Callable[[str], list[str]]) -> None:
    make_pack(numbers=NUMBER.replace("id: delegates", "id: apec-2017"), summits=SUMMIT)
    assert errors("pack") == []


def test_issues_name_their_record_even_for_unknown_keys(make_pack: MakePack, load: Loader) -> None:
    make_pack(numbers=NUMBER + "  staus: verified\n  value: 1\n")
    _, issues = load("pack")
    assert [(i.field, i.record) for i in issues] == [
        ("staus", "delegates"), ("value", "delegates"),
    ]


@pytest.mark.parametrize("kind", [*schema.RECORDS.values(), schema.PACK, schema.SOURCE, schema.EVIDENCE,
                                  schema.VERIFICATION], ids=lambda k: k.make.__name__)
def test_each_model_attribute_is_declared_once_as_a_field_of_its_kind(kind: schema.RecordKind) -> None:
    """The schema is the one list: every attribute of the model record comes from one declared
    field (or group), and every declared field becomes an attribute."""
    attributes = [f.name for f in dataclasses.fields(kind.make)]  # type: ignore[arg-type]
    declared = [item.attr if isinstance(item, schema.Group) else item.name for item in kind.fields]
    derived = {"plain_name"} if kind is schema.PERSON else set()  # what `derived` works out
    assert len(set(declared)) == len(declared)
    assert set(declared) | ({"where"} if kind.located else set()) | derived == set(attributes)
    assert len(set(kind.names)) == len(kind.names)  # no key declared twice, even across a group


def test_a_records_fields_are_read_in_their_declared_order(make_pack: MakePack, load: Loader) -> None:
    """The schema's field list is also the reading order: a record's findings come in it (a build
    prints them so; `check` sorts by line)."""
    make_pack(pack=PACK_HEAD + SOURCE, numbers=NUMBER.replace("  status: unverified\n", VERIFIED)
              .replace('      excerpt: "hơn 2.500 đại biểu"\n', "      excerpt: [x]\n") + "  priority: 12\n")
    _, issues = load("pack")
    assert [(i.field, i.line) for i in issues if i.severity == "error"] == [("evidence.excerpt", 10),
                                                                            ("priority", 11)]
