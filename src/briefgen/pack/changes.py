"""What changed, per record, in the words both `import` and the editions `diff` print.

One line per record, starting with the record as the build's "left out" lines and the
editions `diff` do (`kind/id`): `added`, `removed`, or `changed` with the fields that changed,
then one indented line per field in the diff's words, `field: old → new`:

    numbers/signatories-total: changed value
      value: 72 → 73

Kept apart from the sheets so any comparison of two versions of a pack can say it the same way.
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
    # (field, old, new) for each changed field; None is an empty field
    values: tuple[tuple[str, str | None, str | None], ...] = ()

    def describe(self) -> str:
        what = (
            f"changed {', '.join(self.fields)}" if self.action == "changed" and self.fields else self.action
        )
        return f"{self.kind}/{self.id}: {what}"

    def details(self) -> list[str]:
        """`field: old → new` for each changed field (a long text shortened, marked with …)."""
        return [f"  {name}: {_shown(old)} → {_shown(new)}" for name, old, new in self.values]


SHOWN = 100  # characters of a value in a change line; the files always get the whole text


def _shown(value: str | None) -> str:
    if value is None:
        return "(empty)"
    return value if len(value) <= SHOWN else value[: SHOWN - 1] + "…"


def describe_changes(changes: list[RecordChange]) -> list[str]:
    """Every change (its line and its fields' lines), then a count
    (`3 record(s): 1 added, 1 changed, 1 removed`)."""
    if not changes:
        return ["no changes"]
    counts = {action: sum(1 for c in changes if c.action == action) for action in ACTIONS}
    summary = ", ".join(f"{n} {action}" for action, n in counts.items() if n)
    return [line for c in changes for line in [c.describe(), *c.details()]] + [
        f"{len(changes)} record(s): {summary}"
    ]
