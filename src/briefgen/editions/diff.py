"""`briefgen diff OLD NEW`: read both sides, compare them per language, say what changed."""
from __future__ import annotations

import json
from dataclasses import dataclass

from briefgen.build import BuildOptions
from briefgen.editions.compare import Change, compare
from briefgen.editions.documents import DocumentDiff, diff_documents, is_document
from briefgen.editions.sides import read_side
from briefgen.editions.wording import as_json, describe_language
from briefgen.errors import UsageProblem


@dataclass(frozen=True)
class DiffReport:
    old: str
    new: str
    by_lang: dict[str, list[Change]]

    @property
    def exit_code(self) -> int:
        """0 when the two sides hold the same records and print the same, 1 when they differ."""
        return 1 if any(self.by_lang.values()) else 0

    def text(self) -> str:
        lines = [f"{self.old} → {self.new}"]
        for lang, changes in self.by_lang.items():
            lines += describe_language(lang, changes)
        return "\n".join(lines) + "\n"

    def json(self) -> str:
        return json.dumps(as_json(self.old, self.new, self.by_lang), ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class DocumentReport:
    """`diff` of two briefing files, printed and exited like an edition diff."""

    result: DocumentDiff

    @property
    def exit_code(self) -> int:
        return self.result.exit_code

    def text(self) -> str:
        return self.result.text()

    def json(self) -> str:
        return json.dumps(self.result.as_json(), ensure_ascii=False, indent=2) + "\n"


def run_diff(old_arg: str, new_arg: str, lang: str | None = None) -> DiffReport | DocumentReport:
    """Both sides as audit records (a pack is built in memory with the default options); two
    briefing files (.md, .docx) as a unified diff of their lines or paragraphs."""
    if is_document(old_arg) or is_document(new_arg):
        return DocumentReport(diff_documents(old_arg, new_arg))
    options = BuildOptions(formats="")
    old, new = read_side(old_arg, options), read_side(new_arg, options)
    common = [x for x in new.audits if x in old.audits]
    if lang is not None:
        for side in (old, new):
            if lang not in side.audits:
                held = ", ".join(side.audits) or "none"
                raise UsageProblem(f"--lang {lang}: {side.label} has no '{lang}' briefing (it has {held})")
        common = [lang]
    if not common:
        raise UsageProblem(f"{old_arg} ({', '.join(old.audits)}) and {new_arg} ({', '.join(new.audits)}): "
                           "no language in common to compare")
    return DiffReport(old_arg, new_arg, {x: compare(old.audits[x], new.audits[x]) for x in common})
