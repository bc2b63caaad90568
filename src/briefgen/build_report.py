"""What a build reports: one line per file written (how many records printed, how many left out
and why), the records themselves on request, and the same as JSON for scripts."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefgen.briefing.sections import (
    REASON_DISPUTED,
    REASON_FIT,
    REASON_NO_EVIDENCE,
    REASON_SECTION,
    REASON_UNVERIFIED,
    LeftOut,
)
from briefgen.findings import Issue


@dataclass(frozen=True)
class BuiltFile:
    name: str
    data: bytes
    left_out: tuple[LeftOut, ...]
    printed: tuple[str, ...] = ()  # "kind/id" of every record printed
    path: Path | None = None  # where it was written

    def left_out_by_reason(self) -> dict[str, list[str]]:
        """Records left out, grouped by reason ("kind/id"), in the order they were decided."""
        groups: dict[str, list[str]] = {}
        for left in self.left_out:
            groups.setdefault(left.reason, []).append(f"{left.kind}/{left.record_id}")
        return groups

    @property
    def stem(self) -> str:
        return self.name.rsplit(".", 1)[0]

    def summary(self) -> str:
        """`wrote out/x.vi.docx: 18 printed; left out 57 for space, 3 disputed`."""
        groups = self.left_out_by_reason()
        order = list(SHORT_REASONS)
        counts = [f"{len(groups[reason])} {SHORT_REASONS.get(reason, reason)}"
                  for reason in sorted(groups, key=lambda r: order.index(r) if r in order else len(order))]
        left = f"; left out {', '.join(counts)}" if counts else ""
        return f"wrote {self.path}: {len(self.printed)} printed{left}"


SHORT_REASONS = {REASON_FIT: "for space", REASON_DISPUTED: "disputed", REASON_UNVERIFIED: "unverified",
                 REASON_NO_EVIDENCE: "verified without evidence",
                 REASON_SECTION: "not in the chosen sections"}


@dataclass
class BuildReport:
    files: list[BuiltFile] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    template_warnings: list[str] = field(default_factory=list)  # from check-template's checks
    audits: list[Path] = field(default_factory=list)  # one audit record per briefing, beside it

    def lines(self, verbose: bool = False) -> list[str]:
        """What `build` prints on stdout: one line per file; with `verbose`, after each briefing's
        files, the records it left out, by reason (once per briefing, not once per file)."""
        out = []
        for n, built in enumerate(self.files):
            out.append(built.summary())
            last_of_briefing = n + 1 == len(self.files) or self.files[n + 1].stem != built.stem
            if verbose and last_of_briefing:
                out += [f"  left out, {reason}: {', '.join(records)}"
                        for reason, records in built.left_out_by_reason().items()]
        return out + [f"wrote {path} (audit record)" for path in self.audits]

    def messages(self) -> list[str]:
        """What `build` prints on stderr: template warnings, pack warnings, notes, once each."""
        return self.template_warnings + [w.render() for w in self.warnings] + self.notes

    def output(self, verbose: bool = False, as_json: bool = False) -> str:
        """What `build` prints on stdout: `lines`, or with `as_json` the whole report as JSON."""
        if as_json:
            import json

            return json.dumps(self.as_json(), ensure_ascii=False, indent=2)
        return "\n".join(self.lines(verbose))

    def as_json(self) -> dict[str, object]:
        """Everything the report says, for scripts (`build --json`)."""
        return {
            "files": [{"path": str(f.path), "briefing": f.stem, "printed": list(f.printed),
                       "left_out": [{"record": f"{x.kind}/{x.record_id}", "reason": x.reason}
                                    for x in f.left_out]}
                      for f in self.files],
            "warnings": [i.as_json() for i in self.warnings]
                        + [{"message": t} for t in self.template_warnings],
            "notes": list(self.notes),
            "audits": [str(path) for path in self.audits],
        }
