"""The workbook's shape: which sheets, which columns, and what each column holds.

One sheet per record kind, with the FORMAT.md field names as headers (a localized field
becomes one column per pack language: `label.vi`, `label.en`), plus one sheet per list
field (`evidence`, `points`) whose rows name the record they belong to. Export and import
both read this one table, so the two can never disagree about a column.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.pack.model import APPROX, QUOTE_KINDS, STATUSES

HELP_SHEET = "how to use"
RECORD_SHEETS = ("numbers", "quotes", "people", "positions", "summits", "sources")
LIST_SHEETS = ("evidence", "points")
CHECKED_KINDS = ("numbers", "quotes", "positions", "summits")

# What a column holds, which decides how a cell is compared, read and written back:
#   id    an id (compared exactly, written plain)        code  a code, date, year or priority (the same)
#   value a number's value (compared as a number)        ids   a list of ids, one cell, ", " between them
#   text  free text (compared after NFC and whitespace folding, written in quotes)
#   date  an ISO date: a real date cell is accepted and becomes YYYY-MM-DD
KINDS = ("id", "code", "value", "ids", "text", "date")


@dataclass(frozen=True)
class Column:
    """One column: its header, the YAML field it edits, and for localized fields the language."""

    header: str
    field: str
    kind: str
    lang: str | None = None


@dataclass(frozen=True)
class Field:
    """One YAML field of a record and the columns that hold it.

    `shape` is how the field is written in YAML: `scalar`, `localized` (a mapping of language
    to text), `name` (plain text or localized: people.name), `ids` (a list of ids).
    """

    name: str
    shape: str
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class SheetSpec:
    name: str
    file: str
    fields: tuple[Field, ...]

    @property
    def columns(self) -> tuple[Column, ...]:
        return tuple(c for f in self.fields for c in f.columns)


def _scalar(name: str, kind: str) -> Field:
    return Field(name, "scalar", (Column(name, name, kind),))


def _localized(name: str, languages: tuple[str, ...], shape: str = "localized") -> Field:
    return Field(name, shape, tuple(Column(f"{name}.{lang}", name, "text", lang) for lang in languages))


def _verification() -> tuple[Field, ...]:
    return (
        _scalar("verified_by", "text"),
        _scalar("verified_on", "date"),
        _scalar("priority", "code"),
        _scalar("note", "text"),
    )


def record_sheets(languages: tuple[str, ...]) -> dict[str, SheetSpec]:
    """The six record sheets for a pack in these languages, columns in sheet order.

    `status` comes right after `id`: it is the column a desk fills when it approves a draft.
    """

    def loc(name: str) -> Field:
        return _localized(name, languages)

    status = _scalar("status", "code")
    return {
        "numbers": SheetSpec(
            "numbers",
            "numbers.yaml",
            (
                _scalar("id", "id"),
                status,
                _scalar("value", "value"),
                _scalar("approx", "code"),
                loc("unit"),
                _scalar("currency", "code"),
                loc("label"),
                _scalar("as_of", "date"),
                _scalar("measure", "id"),
                Field("parts", "ids", (Column("parts", "parts", "ids"),)),
                *_verification(),
            ),
        ),
        "quotes": SheetSpec(
            "quotes",
            "quotes.yaml",
            (
                _scalar("id", "id"),
                status,
                _scalar("speaker", "id"),
                _scalar("kind", "code"),
                _scalar("lang", "code"),
                _scalar("text", "text"),
                loc("translations"),
                _scalar("said_on", "date"),
                loc("context"),
                *_verification(),
            ),
        ),
        "people": SheetSpec(
            "people",
            "people.yaml",
            (
                _scalar("id", "id"),
                _localized("name", languages, "name"),
                loc("title"),
                _scalar("country", "code"),
            ),
        ),
        "positions": SheetSpec(
            "positions",
            "positions.yaml",
            (
                _scalar("id", "id"),
                status,
                _scalar("country", "code"),
                loc("name"),
                loc("summary"),
                _scalar("said_on", "date"),
                *_verification(),
            ),
        ),
        "summits": SheetSpec(
            "summits",
            "summits.yaml",
            (
                _scalar("id", "id"),
                status,
                loc("name"),
                _scalar("short", "text"),
                _scalar("year", "code"),
                loc("city"),
                *_verification(),
            ),
        ),
        "sources": SheetSpec(
            "sources",
            "pack.yaml",
            (
                _scalar("id", "id"),
                _scalar("title", "text"),
                _scalar("outlet", "text"),
                _scalar("published", "date"),
                _scalar("lang", "code"),
                _scalar("url", "text"),
                _scalar("file", "text"),
                _scalar("sha256", "code"),
            ),
        ),
    }


def list_columns(sheet: str, languages: tuple[str, ...]) -> tuple[Column, ...]:
    """The columns of a list sheet: which record (`type`, `id` for evidence), then the item."""
    if sheet == "evidence":
        return (
            Column("type", "type", "code"),
            Column("id", "id", "id"),
            Column("source", "source", "id"),
            Column("excerpt", "excerpt", "text"),
        )
    return (Column("id", "id", "id"),) + tuple(
        Column(f"points.{lang}", "points", "text", lang) for lang in languages
    )


def dropdowns(
    languages: tuple[str, ...], currencies: tuple[str, ...]
) -> dict[str, tuple[tuple[str, ...], bool]]:
    """Header -> (choices, strict). A strict list refuses other values; the others only suggest."""
    return {
        "status": (STATUSES, True),
        "approx": (APPROX, True),
        "kind": (QUOTE_KINDS, True),
        "type": (CHECKED_KINDS, True),
        "lang": (languages, False),
        "currency": (currencies, False),
    }


# Currencies offered in the `currency` dropdown besides those the pack already uses; any other
# ISO 4217 code may still be typed.
COMMON_CURRENCIES = (
    "AUD",
    "CAD",
    "CHF",
    "CNY",
    "EUR",
    "GBP",
    "INR",
    "JPY",
    "KRW",
    "SGD",
    "THB",
    "USD",
    "VND",
)
