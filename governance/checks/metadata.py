"""Missing required metadata (plain Python, no Django).

The statutory minimum of a catalogue item is 索引、名称、内容概述、生成日期
(``disclosure.md`` §4.1); offices add more (发布机构, 主题分类, 文号 …). The list
of required fields is data (edited in the admin); this module only compares
values against it. The 索引号 is assigned at publication and is therefore not
checked here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .findings import SEVERITIES, Finding

__all__ = ["Requirement", "RequirementError", "check", "is_empty"]


class RequirementError(ValueError):
    """A metadata requirement is malformed (message in Chinese says what to fix)."""


@dataclass(frozen=True)
class Requirement:
    field: str  # attribute name on the content, e.g. "issuing_organisation"
    label: str  # what the editor sees, e.g. "发布机构"
    severity: str = "error"
    hint: str = ""  # how to fix, e.g. "在“元数据”选项卡中选择发布机构"

    def __post_init__(self):
        if not self.field or not self.label:
            raise RequirementError("必填元数据规则须填写字段名和显示名称")
        if self.severity not in SEVERITIES:
            raise RequirementError(
                f"必填元数据“{self.label}”的严重程度“{self.severity}”无效，应为 error（错误）或 warning（警告）"
            )


def is_empty(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        return len(value) == 0
    return False


def check(values: Mapping[str, object], requirements) -> list[Finding]:
    """One finding per required field whose value is empty.

    ``values`` maps field names to plain values (a related object, a date, a
    string, a list of tags …); a field missing from ``values`` counts as empty.
    """
    findings = []
    for req in requirements:
        if not is_empty(values.get(req.field)):
            continue
        level = "必须填写" if req.severity == "error" else "建议填写"
        hint = f"（{req.hint}）" if req.hint else ""
        findings.append(
            Finding(
                check="metadata.missing",
                severity=req.severity,
                message=f"缺少元数据“{req.label}”：{level}{hint}",
                field=req.field,
                start=0,
                end=0,
                line=1,
                excerpt="",
                suggestion="",
            )
        )
    return findings
