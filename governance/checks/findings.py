"""The result type shared by every content check (personal data, wording, ...).

Plain Python: no Django imports. A check takes plain text and returns a list of
``Finding`` objects whose offsets point into the text exactly as it was given
(so the editor UI can highlight them and automatic masking can replace them).

The ``excerpt`` is safe to show in the admin, log or store: personal-data checks
mask the matched value in it (and any other personal data that falls inside the
context window); wording checks mark the match with 【】 so the editor sees the
offending expression.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

SEVERITIES = ("error", "warning")
SEVERITY_LABELS = {"error": "错误", "warning": "警告"}

#: characters of context shown on each side of a match in ``Finding.excerpt``
EXCERPT_CONTEXT = 12


class FindingError(ValueError):
    """A finding was built with invalid values (a programming error in a check)."""


@dataclass(frozen=True)
class Finding:
    check: str  # stable identifier, e.g. "pii.id_number", "wording.outdated"
    severity: str  # "error" | "warning"
    message: str  # Simplified Chinese, says what is wrong and what to do
    field: str  # which field of the content was scanned, e.g. "body", "title"
    start: int  # offset of the first character of the match in the original text
    end: int  # offset one past the last character (text[start:end] is the match)
    line: int  # 1-based line number of ``start``
    excerpt: str  # context around the match, safe to display (see module docstring)
    suggestion: str = ""  # replacement proposal (masked value, correct wording)

    def __post_init__(self):
        if self.severity not in SEVERITIES:
            raise FindingError(
                f"检查结果的严重程度“{self.severity}”无效，应为 error（错误）或 warning（警告）"
            )
        if not (0 <= self.start <= self.end):
            raise FindingError(
                f"检查结果的位置无效：起点 {self.start}、终点 {self.end}，起点应不大于终点且不为负数"
            )
        if self.line < 1:
            raise FindingError(f"检查结果的行号 {self.line} 无效，行号从 1 开始")

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]

    @property
    def blocks_publication(self) -> bool:
        """Errors block publication; warnings need a reviewer's look."""
        return self.severity == "error"

    def to_dict(self) -> dict:
        return asdict(self)


def line_number(text: str, offset: int) -> int:
    """1-based line number of ``offset`` in ``text`` (lines end with \\n)."""
    return text.count("\n", 0, offset) + 1


def make_excerpt(
    text: str,
    start: int,
    end: int,
    replacement: str,
    context: int = EXCERPT_CONTEXT,
) -> str:
    """Excerpt of ``text`` around ``[start, end)`` with the match replaced.

    Line breaks inside the excerpt are shown as spaces; an ellipsis marks cut-off
    context.
    """
    left = max(0, start - context)
    right = min(len(text), end + context)
    before = text[left:start]
    after = text[end:right]
    out = before + replacement + after
    out = out.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    if left > 0:
        out = "…" + out
    if right < len(text):
        out = out + "…"
    return out


def sort_findings(findings):
    """Findings in reading order (by position, then by check id)."""
    return sorted(findings, key=lambda f: (f.start, f.end, f.check))
