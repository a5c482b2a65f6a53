"""Core layer: problems and the exceptions that carry them. No Qt here.

A ``Problem`` is one thing wrong, as a stable code with parameters and, where there is one, the place: the
field of a record, or the sheet and cell of a workbook. Its wording comes from ``ward_desk.messages`` in the
interface language, so the same problem reads ``clients!B7: ...`` in the CLI and sits next to the field in a
form.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ward_desk import messages


@dataclass(frozen=True)
class Problem:
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    field: str | None = None
    sheet: str | None = None
    cell: str | None = None
    file: str | None = None
    label: Any = None  # the field's name on the form (``messages.Words``): said instead of its column key

    def message(self, lang: str | None = None) -> str:
        return messages.text(self.code, lang, **self.params)

    def located(self, lang: str | None = None) -> str:
        """``[file: ]sheet!cell: message`` or ``field: message``: the form every listing uses."""
        where = ""
        if self.sheet and self.cell:
            where = f"{self.sheet}!{self.cell}: "
        elif self.sheet:
            where = f"{self.sheet}: "
        elif self.field:
            label = self.label.said(lang) if hasattr(self.label, "said") else self.label
            where = f"{label or self.field}: "
        prefix = f"{self.file}: " if self.file else ""
        return f"{prefix}{where}{self.message(lang)}"

    def at(self, **where: Any) -> "Problem":
        return replace(self, **where)

    def __str__(self) -> str:
        return self.located()


class WardDeskError(Exception):
    """An error a person can act on; the CLI prints it without a traceback and exits with ``exit_code``."""

    exit_code = 1

    def __init__(self, code: str, /, **params: Any):
        self.code = code
        self.params = params
        super().__init__(code)

    def message(self, lang: str | None = None) -> str:
        return messages.text(self.code, lang, **self.params)

    def __str__(self) -> str:
        return self.message()


class UsageError(WardDeskError):
    exit_code = 2


class ValidationFailed(WardDeskError):
    """One or more problems; nothing was changed."""

    def __init__(self, problems: list[Problem], code: str = "validation.failed", **params: Any):
        self.problems = list(problems)
        super().__init__(code, count=len(self.problems), **params)

    def __str__(self) -> str:
        return "\n".join(p.located() for p in self.problems) or self.message()


class ImportCancelled(WardDeskError):
    """Long work (an import, an export) stopped at the person's Cancel before anything was written."""

    def __init__(self):
        super().__init__("records.cancelled")


messages.register({
    "validation.failed": ("{count} lỗi; không có gì thay đổi.", "{count} problem(s); nothing was changed."),
    "records.cancelled": ("Đã hủy; không có gì thay đổi.", "Cancelled; nothing was changed."),
})
