"""Banned / outdated expressions and serious errors (表述检查).

A pure function over plain text and a list of rules, so the rule list can later be
kept in the database and edited in the admin. No Django imports.

A rule is a ``WordingRule`` or a plain tuple ``(pattern, kind, suggestion,
severity)``:

* ``pattern`` — a literal string (default) or, with ``regex=True``, a regular
  expression;
* ``kind`` — ``banned`` (禁用表述), ``outdated`` (过时表述, e.g. an institution's
  former name) or ``error`` (严重错误, e.g. a misspelt 国名);
* ``suggestion`` — what to write instead (may be empty for ``banned``);
* ``severity`` — ``error`` or ``warning``; empty means the kind's default
  (``outdated`` → warning, the others → error).

``ignore_before`` / ``ignore_after`` list strings that, immediately before or after
a match, make it acceptable: 原国家计委 is correct historical usage, and 环保部门
(environmental departments in general) is not the former ministry 环保部.

When matches overlap, the longest wins (国家卫生计生委 is reported once, not also
as 卫生计生委); a match inside an excepted longer match is not reported either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .findings import SEVERITIES, Finding, line_number, make_excerpt, sort_findings

__all__ = [
    "KINDS",
    "KIND_LABELS",
    "DEFAULT_RULES",
    "WordingRule",
    "WordingRuleError",
    "coerce_rule",
    "scan",
    "validate_rules",
]

KINDS = ("banned", "outdated", "error")
KIND_LABELS = {"banned": "禁用表述", "outdated": "过时表述", "error": "严重错误"}
_DEFAULT_SEVERITY = {"banned": "error", "outdated": "warning", "error": "error"}


class WordingRuleError(ValueError):
    """A wording rule is malformed; the message (Chinese) says what to fix."""


@dataclass(frozen=True)
class WordingRule:
    pattern: str
    kind: str
    suggestion: str = ""
    severity: str = ""  # empty: default for the kind
    regex: bool = False
    ignore_before: tuple[str, ...] = ()
    ignore_after: tuple[str, ...] = ()
    note: str = ""  # basis / explanation shown to the editor, e.g. "2018年国务院机构改革"

    def __post_init__(self):
        if not isinstance(self.pattern, str) or not self.pattern.strip():
            raise WordingRuleError("表述规则缺少匹配内容，请填写要查找的词语或正则表达式")
        if self.kind not in KINDS:
            raise WordingRuleError(
                f"表述规则“{self.pattern}”的类型“{self.kind}”无效，应为 banned（禁用表述）、"
                "outdated（过时表述）或 error（严重错误）之一"
            )
        if self.severity and self.severity not in SEVERITIES:
            raise WordingRuleError(
                f"表述规则“{self.pattern}”的严重程度“{self.severity}”无效，应为 error（错误）或 warning（警告）"
            )
        if self.kind in ("outdated", "error") and not self.suggestion:
            raise WordingRuleError(
                f"表述规则“{self.pattern}”属于{KIND_LABELS[self.kind]}，须填写建议的正确表述"
            )
        # tuples, so that the rule stays hashable even if lists were passed
        object.__setattr__(self, "ignore_before", tuple(self.ignore_before))
        object.__setattr__(self, "ignore_after", tuple(self.ignore_after))
        if self.regex:
            try:
                _compile(self.pattern, True)
            except re.error as exc:
                raise WordingRuleError(
                    f"表述规则“{self.pattern}”不是有效的正则表达式（{exc}），请修改"
                ) from None
        if self.suggestion and self.suggestion == self.pattern:
            raise WordingRuleError(f"表述规则“{self.pattern}”的建议表述与匹配内容相同，请修改")

    @property
    def effective_severity(self) -> str:
        return self.severity or _DEFAULT_SEVERITY[self.kind]


@lru_cache(maxsize=1024)
def _compile(pattern: str, regex: bool) -> re.Pattern:
    return re.compile(pattern if regex else re.escape(pattern))


def coerce_rule(rule) -> WordingRule:
    """A ``WordingRule`` from a rule, a ``(pattern, kind, suggestion[, severity])``
    tuple, or a mapping with the ``WordingRule`` field names."""
    if isinstance(rule, WordingRule):
        return rule
    if isinstance(rule, dict):
        try:
            return WordingRule(**rule)
        except TypeError as exc:
            raise WordingRuleError(f"表述规则字段有误（{exc}），请检查") from None
    if isinstance(rule, (tuple, list)) and 2 <= len(rule) <= 4:
        return WordingRule(*rule)
    raise WordingRuleError(
        "表述规则格式无效，应为（匹配内容, 类型, 建议表述, 严重程度）四元组或 WordingRule 对象"
    )


def validate_rules(rules) -> list[WordingRule]:
    """Coerce and check a rule list (e.g. an admin-edited list); raises
    ``WordingRuleError`` on the first bad rule or a duplicated pattern."""
    out = []
    seen = set()
    for r in rules:
        rule = coerce_rule(r)
        key = (rule.pattern, rule.regex)
        if key in seen:
            raise WordingRuleError(f"表述规则“{rule.pattern}”重复，请删除多余的一条")
        seen.add(key)
        out.append(rule)
    return out


def _message(rule: WordingRule, matched: str) -> str:
    label = KIND_LABELS[rule.kind]
    basis = f"（{rule.note}）" if rule.note else ""
    if rule.kind == "outdated":
        return f"“{matched}”为{label}{basis}，建议改为“{rule.suggestion}”"
    if rule.kind == "error":
        return f"“{matched}”为{label}{basis}，应为“{rule.suggestion}”"
    if rule.suggestion:
        return f"“{matched}”为{label}{basis}，应改为“{rule.suggestion}”"
    return f"“{matched}”为{label}{basis}，请删除或改写"


def _excepted(text: str, start: int, end: int, rule: WordingRule) -> bool:
    for s in rule.ignore_before:
        if s and text[max(0, start - len(s)) : start] == s:
            return True
    for s in rule.ignore_after:
        if s and text[end : end + len(s)] == s:
            return True
    return False


def scan(text: str, rules=None, field: str = "body") -> list[Finding]:
    """Findings for every rule match in ``text`` (``rules`` defaults to
    ``DEFAULT_RULES``), in reading order, with offsets into ``text``."""
    if not text:
        return []
    rules = DEFAULT_RULES if rules is None else [coerce_rule(r) for r in rules]

    # (start, end, rule_index, rule, excepted)
    matches = []
    for idx, rule in enumerate(rules):
        for m in _compile(rule.pattern, rule.regex).finditer(text):
            if m.end() == m.start():
                continue
            matches.append((m.start(), m.end(), idx, rule, _excepted(text, m.start(), m.end(), rule)))

    # longest first, then earlier rule first: a match contained in an already
    # accepted or excepted span is dropped
    matches.sort(key=lambda t: (-(t[1] - t[0]), t[0], t[2]))
    taken: list[tuple[int, int]] = []
    findings = []
    for start, end, _idx, rule, excepted in matches:
        if any(s <= start and end <= e for s, e in taken):
            continue
        taken.append((start, end))
        if excepted:
            continue
        matched = text[start:end]
        findings.append(
            Finding(
                check=f"wording.{rule.kind}",
                severity=rule.effective_severity,
                message=_message(rule, matched),
                field=field,
                start=start,
                end=end,
                line=line_number(text, start),
                excerpt=make_excerpt(text, start, end, f"【{matched}】"),
                suggestion=rule.suggestion,
            )
        )
    return sort_findings(findings)


# --------------------------------------------------------------------------
# default rules: a short list limited to cases we are sure of

_REFORM_2018 = "2018年国务院机构改革后已更名"
_PRE = ("原",)  # "原国家计委" etc. is correct historical usage
_DEPT = ("门", "分", "署")  # 环保部门 / 农业部分 / 农业部署 are not ministry names

DEFAULT_RULES: tuple[WordingRule, ...] = (
    # --- outdated names of institutions (warning) ---
    WordingRule("国家发展计划委员会", "outdated", "国家发展和改革委员会", note="2003年已更名", ignore_before=_PRE),
    WordingRule("国家计委", "outdated", "国家发展改革委", note="2003年已更名", ignore_before=_PRE),
    WordingRule("国家卫生和计划生育委员会", "outdated", "国家卫生健康委员会", note=_REFORM_2018, ignore_before=_PRE),
    WordingRule("国家卫生计生委", "outdated", "国家卫生健康委", note=_REFORM_2018, ignore_before=_PRE),
    WordingRule("卫生计生委", "outdated", "卫生健康委", note=_REFORM_2018, ignore_before=_PRE),
    WordingRule("卫计委", "outdated", "卫生健康委", note=_REFORM_2018, ignore_before=_PRE),
    WordingRule("计生委", "outdated", "卫生健康委", note="人口计生机构已并入卫生健康部门", ignore_before=_PRE),
    WordingRule("环境保护部", "outdated", "生态环境部", note=_REFORM_2018, ignore_before=_PRE, ignore_after=_DEPT),
    WordingRule("环保部", "outdated", "生态环境部", note=_REFORM_2018, ignore_before=_PRE, ignore_after=_DEPT),
    WordingRule("国土资源部", "outdated", "自然资源部", note=_REFORM_2018, ignore_before=_PRE, ignore_after=_DEPT),
    WordingRule(
        "农业部",
        "outdated",
        "农业农村部",
        note=_REFORM_2018,
        # 美国农业部 etc. are foreign ministries
        ignore_before=_PRE + ("国",),
        ignore_after=_DEPT,
    ),
    WordingRule("国家工商行政管理总局", "outdated", "国家市场监督管理总局", note=_REFORM_2018, ignore_before=_PRE),
    WordingRule("国家工商总局", "outdated", "市场监管总局", note=_REFORM_2018, ignore_before=_PRE),
    WordingRule("国家质量监督检验检疫总局", "outdated", "国家市场监督管理总局", note=_REFORM_2018 + "，出入境检验检疫职责划入海关总署", ignore_before=_PRE),
    WordingRule("国家质检总局", "outdated", "市场监管总局", note=_REFORM_2018 + "，出入境检验检疫职责划入海关总署", ignore_before=_PRE),
    WordingRule("国家安全生产监督管理总局", "outdated", "应急管理部", note=_REFORM_2018, ignore_before=_PRE),
    WordingRule("国家安监总局", "outdated", "应急管理部", note=_REFORM_2018, ignore_before=_PRE),
    WordingRule("国务院法制办公室", "outdated", "司法部", note="2018年国务院机构改革后职责并入司法部", ignore_before=_PRE),
    WordingRule("国务院法制办", "outdated", "司法部", note="2018年国务院机构改革后职责并入司法部", ignore_before=_PRE),
    WordingRule("国家旅游局", "outdated", "文化和旅游部", note=_REFORM_2018, ignore_before=_PRE),
    WordingRule("国家林业局", "outdated", "国家林业和草原局", note=_REFORM_2018, ignore_before=_PRE),
    WordingRule("地税局", "outdated", "税务局", note="2018年国税地税征管体制改革后已合并", ignore_before=_PRE),
    WordingRule("国税局", "outdated", "税务局", note="2018年国税地税征管体制改革后已合并", ignore_before=_PRE + ("美国",)),
    WordingRule("工商局", "outdated", "市场监督管理局", note="地方机构改革后已并入市场监管部门", ignore_before=_PRE),
    WordingRule("质监局", "outdated", "市场监督管理局", note="地方机构改革后已并入市场监管部门", ignore_before=_PRE),
    WordingRule("食药监局", "outdated", "市场监督管理局", note="地方机构改革后已并入市场监管部门", ignore_before=_PRE),
    # --- serious errors (error) ---
    WordingRule("中华人名共和国", "error", "中华人民共和国", note="国名错误"),
    WordingRule("中华人民共合国", "error", "中华人民共和国", note="国名错误"),
    WordingRule("中华人民供和国", "error", "中华人民共和国", note="国名错误"),
    WordingRule("中化人民共和国", "error", "中华人民共和国", note="国名错误"),
    WordingRule("国务院总里", "error", "国务院总理", note="职务名称错误"),
    WordingRule("总书计", "error", "总书记", note="职务名称错误"),
    WordingRule("特色社会主意", "error", "特色社会主义", note="错别字"),
    # --- banned expressions (新华社新闻信息报道中的禁用词) ---
    WordingRule("北朝鲜", "banned", "朝鲜", note="新华社禁用词"),
    WordingRule("南朝鲜", "banned", "韩国", note="新华社禁用词"),
    WordingRule("台湾总统", "banned", "台湾地区领导人", note="新华社禁用词"),
    WordingRule("残废人", "banned", "残疾人", severity="warning", note="新华社禁用词，不使用蔑称"),
)
