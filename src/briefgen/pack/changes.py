"""What changed, per record, in the words both `import` and the editions `diff` print.

One line per record: `added`, `removed`, or `changed` with the fields that changed
(`numbers/signatories-total: changed value, label.en`). Kept apart from the sheets so
any comparison of two versions of a pack can describe itself the same way.
"""
from __future__ import annotations

from dataclasses import dataclass

ACTIONS = ("added", "changed", "removed")


@dataclass(frozen=True)
class RecordChange:
    """One record's change: its kind (`numbers`, ..., `sources`), id, action and changed fields."""

    kind: str
    id: str
    action: str
    fields: tuple[str, ...] = ()

    def describe(self) -> str:
        what = f"changed {', '.join(self.fields)}" if self.action == "changed" and self.fields else self.action
        return f"{self.kind}/{self.id}: {what}"


def describe_changes(changes: list[RecordChange]) -> list[str]:
    """Every change as one line, then a count (`3 record(s): 1 added, 1 changed, 1 removed`)."""
    if not changes:
        return ["no changes"]
    counts = {action: sum(1 for c in changes if c.action == action) for action in ACTIONS}
    summary = ", ".join(f"{n} {action}" for action, n in counts.items() if n)
    return [c.describe() for c in changes] + [f"{len(changes)} record(s): {summary}"]
