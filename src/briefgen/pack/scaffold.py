"""`briefgen init`: a new pack skeleton that passes `check` and teaches the format in comments."""
from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

from briefgen.errors import UsageProblem
from briefgen.pack.fields import ID_RE

PACK = """\
# pack.yaml: the event. Every text an editor reads is localized: one entry per language
# in `languages`, none left out (briefgen never falls back to another language).
id: {name}                     # output files are named {name}.<lang>.md / .docx / .pdf
title:
  vi: "Tiêu đề bản tin"         # the briefing's headline, in each language
  en: "Briefing headline"
date: {today}                  # the as-of date printed under the title (ISO: YYYY-MM-DD)
place:                         # optional
  vi: "Hà Nội"
  en: "Hanoi"
languages: [vi, en]
sources:                       # every article or document the facts come from
  - id: example-source
    title: "Headline of the source article"
    outlet: "Outlet name"
    published: {today}
    lang: vi                   # the language the source is written in: numbers are read its way
    # url: "https://..."       # optional
    # file: article.txt        # optional: the text, looked up in `briefgen check --sources DIR`
    # sha256: "..."            # optional: the text's sha256 (sha256sum article.txt)
presets:                       # optional: named section choices for `briefgen build --preset NAME`
  default: [numbers, quotes, positions, summits]
  short: [numbers, quotes]
"""

NUMBERS = """\
# numbers.yaml: key numbers. A list of records; this one is a placeholder, `unverified`,
# so it never prints by default. Replace it, and set `status: verified` only once a
# fact-checker has matched it against a source:
#   status: verified
#   verified_by: "Name of the checker"
#   verified_on: {today}
#   evidence:
#     - source: example-source
#       excerpt: "hơn 2.500 đại biểu"     # verbatim from the source: the value must be readable in it
- id: example-delegates
  value: 2500                  # plain digits, no separators: 2500, 6.6, 6600000
  approx: more_than            # exact (default), more_than, at_least, nearly, about
  unit: {vi: "đại biểu", en: "delegates"}   # or `currency: USD` for money
  label:
    vi: "đại biểu dự sự kiện"
    en: "delegates attending"
  as_of: {today}
  measure: delegates           # optional: numbers of one measure and date must agree
  status: unverified           # verified, unverified or disputed
  priority: 5                  # 1 must print .. 9 first to drop when the page is full
  note: "Placeholder from briefgen init: replace or delete."   # never printed
"""

QUOTES = """\
# quotes.yaml: what people said. `kind: direct` prints inside quotation marks and its
# `text` must be the exact words, found inside its evidence excerpt; `paraphrase` never
# prints inside quotation marks. Example (remove the leading '# ' to use it):
# - id: minister-opening
#   speaker: minister          # an id from people.yaml
#   kind: direct
#   lang: vi                   # the language of the original words
#   text: "Đây là bước tiến quan trọng."
#   translations: {en: "This is an important step forward."}   # every other pack language
#   said_on: 2025-10-25
#   context: {vi: "tại phiên khai mạc", en: "at the opening session"}   # optional
#   status: verified
#   verified_by: "Name of the checker"
#   verified_on: {today}
#   evidence:
#     - source: example-source
#       excerpt: "Bộ trưởng nói: “Đây là bước tiến quan trọng.”"
[]
"""

PEOPLE = """\
# people.yaml: the speakers quoted in quotes.yaml. Example:
# - id: minister
#   name: "Nguyễn Văn A"        # or localized: {vi: "...", en: "..."}
#   title: {vi: "Bộ trưởng Bộ Ngoại giao", en: "Minister of Foreign Affairs"}
#   country: "VN"               # optional, ISO 3166-1 alpha-2 (quote it: "NO" is Norway)
[]
"""

POSITIONS = """\
# positions.yaml: what each country said. The country's name in each language comes
# from CLDR (override with a localized `name`). Example:
# - id: position-fr
#   country: "FR"
#   summary: {vi: "Ủng hộ ...", en: "Supports ..."}
#   points:                     # optional
#     - {vi: "...", en: "..."}
#   said_on: 2025-10-26
#   status: verified
#   verified_by: "Name of the checker"
#   verified_on: {today}
#   evidence: [{source: example-source, excerpt: "..."}]
[]
"""

SUMMITS = """\
# summits.yaml: events the host held before; printed by year, oldest first. Example:
# - id: apec-2017
#   name: {vi: "Tuần lễ Cấp cao APEC", en: "APEC Economic Leaders' Week"}
#   short: APEC                 # optional
#   year: 2017
#   city: {vi: "Đà Nẵng", en: "Da Nang"}   # optional
#   status: verified
#   verified_by: "Name of the checker"
#   verified_on: {today}
#   evidence: [{source: example-source, excerpt: "..."}]
[]
"""


def create_pack(name: str, facts_dir: Path = Path("facts"), today: date | None = None) -> Path:
    """Write facts/<name>/ with the six files; refuses to touch an existing folder."""
    if not ID_RE.match(name):
        raise UsageProblem(f"'{name}' is not a valid pack id (lowercase letters, digits and '-')")
    if len(name) > 100:
        raise UsageProblem(f"'{name[:40]}…': a pack id of {len(name)} characters is too long (100 at most): "
                           "its output file names would not fit the file system")
    folder = facts_dir / name
    if os.path.lexists(folder):
        raise UsageProblem(f"{folder}: already exists; choose another name")
    if os.path.lexists(facts_dir) and not facts_dir.is_dir():
        raise UsageProblem(f"{facts_dir}: is a file, not a folder; packs are created in a folder "
                           f"'{facts_dir}/'")
    stamp = (today or date.today()).isoformat()
    files = {"pack.yaml": PACK, "numbers.yaml": NUMBERS, "quotes.yaml": QUOTES, "people.yaml": PEOPLE,
             "positions.yaml": POSITIONS, "summits.yaml": SUMMITS}
    staging = facts_dir / f".{name}.{os.getpid()}.tmp"
    try:
        facts_dir.mkdir(parents=True, exist_ok=True)
        # Written into a hidden folder first, then renamed: no half-made pack if something fails.
        staging.mkdir()
        try:
            for file, text in files.items():
                content = text.replace("{name}", name).replace("{today}", stamp)
                (staging / file).write_text(content, encoding="utf-8")
            staging.rename(folder)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    except OSError as exc:
        raise UsageProblem(f"{folder}: cannot create the pack ({exc.strerror or exc}); "
                           "nothing was created") from exc
    return folder
