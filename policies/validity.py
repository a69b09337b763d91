"""有效性 (validity) of a policy document, decided from plain facts.

Rules: ``/work/shared/domain/policy_library.md`` §4 and §5.

The state is never typed in by hand: it is *derived* every time from

* the document's own dates — 施行日期 in the future → 尚未生效; the day after
  有效期至 → 已失效 ("有效期至 2025年12月31日" includes the 31st);
* the **live** relations newer documents hold towards it — 废止 / 替代 →
  已废止, 修订 → 已修订, each taking effect on the relation's own date, else
  the newer document's 施行日期, else its 发布日期 (a future date leaves the
  state unchanged until then and is reported as *pending*);
* an editor's (or the archive's) recorded decision with a basis
  (:class:`Override`): 已修订 / 已废止 / 已失效 for documents whose cause is not
  in the library (a decision of another organ, a 清理 result, an archive
  record that says 已失效).

When several causes apply, the strongest wins: 已废止 > 已失效 > 已修订 >
尚未生效 > 现行有效; among causes of the same state the earliest date is the
date the state began.

Plain Python: no Django imports (CONVENTIONS.md). State values are the same
strings as ``policies.vocabulary.Validity``.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

NOT_YET_EFFECTIVE = "not_yet_effective"
IN_FORCE = "in_force"
AMENDED = "amended"
REPEALED = "repealed"
LAPSED = "lapsed"

STATES = (NOT_YET_EFFECTIVE, IN_FORCE, AMENDED, REPEALED, LAPSED)
LABELS = {
    NOT_YET_EFFECTIVE: "尚未生效",
    IN_FORCE: "现行有效",
    AMENDED: "已修订",
    REPEALED: "已废止",
    LAPSED: "已失效",
}
#: States an editor (or the archive) may record by decision; the others follow from dates.
OVERRIDE_STATES = (AMENDED, REPEALED, LAPSED)
#: States that mean "no longer in force" (banner, 清理 report, annual report 本年废止件数).
ENDED_STATES = (REPEALED, LAPSED)

_RANK = {IN_FORCE: 0, NOT_YET_EFFECTIVE: 1, AMENDED: 2, LAPSED: 3, REPEALED: 4}

# Relation kinds (the inline on the newer document) and what each does to the older one.
AMENDS = "amends"
REPEALS = "repeals"
REPLACES = "replaces"
IMPLEMENTS = "implements"
RELATION_KINDS = (AMENDS, REPEALS, REPLACES, IMPLEMENTS)
RELATION_LABELS = {AMENDS: "修订", REPEALS: "废止", REPLACES: "替代", IMPLEMENTS: "贯彻实施"}
#: Inverse wording shown on the older document ("被…废止").
RELATION_PASSIVE = {AMENDS: "修订", REPEALS: "废止", REPLACES: "替代", IMPLEMENTS: "贯彻实施"}
RELATION_EFFECT = {AMENDS: AMENDED, REPEALS: REPEALED, REPLACES: REPEALED, IMPLEMENTS: None}


class ValidityError(ValueError):
    """Facts that cannot be decided on; the message is Chinese and says what to fix."""


@dataclass(frozen=True)
class IncomingRelation:
    """A live relation a newer document holds towards this one."""

    kind: str
    source_id: int
    source_title: str
    source_doc_number: str = ""
    #: the relation's own date, else the newer document's 施行日期, else its 发布日期
    takes_effect_on: _dt.date | None = None

    def __post_init__(self):
        if self.kind not in RELATION_KINDS:
            raise ValidityError(f"未知的文件关系类型：{self.kind!r}")

    @property
    def cited(self) -> str:
        """《标题》（文号） as cited in a basis or banner."""
        number = f"（{self.source_doc_number}）" if self.source_doc_number else ""
        return f"《{self.source_title}》{number}"


@dataclass(frozen=True)
class Override:
    """A recorded decision: the state, the date it took effect and its basis (依据)."""

    state: str
    on: _dt.date | None
    basis: str

    def __post_init__(self):
        if self.state not in OVERRIDE_STATES:
            allowed = "、".join(LABELS[s] for s in OVERRIDE_STATES)
            raise ValidityError(f"只能手动设定为{allowed}；“{LABELS.get(self.state, self.state)}”由日期自动判断")
        if not (self.basis or "").strip():
            raise ValidityError(f"设定为“{LABELS[self.state]}”时必须填写依据（文件名称、文号或清理决定）")


@dataclass(frozen=True)
class Facts:
    effective_date: _dt.date | None = None
    expiry_date: _dt.date | None = None
    override: Override | None = None
    incoming: tuple[IncomingRelation, ...] = ()


@dataclass(frozen=True)
class Decision:
    state: str
    since: _dt.date | None = None
    basis: str = ""
    #: id of the newer document that caused the state, if any
    cause_id: int | None = None
    #: every cause of the same state (e.g. several amending documents)
    causes: tuple[IncomingRelation, ...] = ()
    #: a change already decided but not yet in effect (future 施行日期 of a repeal …)
    pending: tuple["Decision", ...] = field(default=())

    @property
    def label(self) -> str:
        return LABELS[self.state]


def _fmt(d: _dt.date) -> str:
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


def _candidates(facts: Facts, today: _dt.date) -> tuple[list[Decision], list[Decision]]:
    """(causes in effect today, causes decided for a later date)."""
    now: list[Decision] = []
    later: list[Decision] = []
    for rel in facts.incoming:
        state = RELATION_EFFECT[rel.kind]
        if state is None:
            continue
        verb = RELATION_PASSIVE[rel.kind]
        d = rel.takes_effect_on
        decision = Decision(state, d, f"被{rel.cited}{verb}", rel.source_id, (rel,))
        (later if d is not None and d > today else now).append(decision)
    if facts.override is not None:
        o = facts.override
        decision = Decision(o.state, o.on, o.basis.strip())
        (later if o.on is not None and o.on > today else now).append(decision)
    if facts.expiry_date is not None:
        lapse_day = facts.expiry_date + _dt.timedelta(days=1)
        decision = Decision(LAPSED, lapse_day, f"有效期至{_fmt(facts.expiry_date)}，已届满")
        (later if lapse_day > today else now).append(decision)
    return now, later


def _merge(decisions: list[Decision]) -> Decision:
    """The strongest state; the earliest date among its causes; all its relation causes."""
    top = max(_RANK[d.state] for d in decisions)
    same = [d for d in decisions if _RANK[d.state] == top]
    same.sort(key=lambda d: (d.since is None, d.since or _dt.date.min))
    first = same[0]
    causes = tuple(c for d in same for c in d.causes)
    basis = "；".join(dict.fromkeys(d.basis for d in same if d.basis))
    cause_id = next((d.cause_id for d in same if d.cause_id is not None), None)
    return Decision(first.state, first.since, basis, cause_id, causes)


def decide(facts: Facts, today: _dt.date) -> Decision:
    """The validity state on ``today`` with its start date, basis and pending changes.

    >>> decide(Facts(effective_date=_dt.date(2030, 1, 1)), _dt.date(2026, 1, 1)).label
    '尚未生效'
    """
    if facts.expiry_date and facts.effective_date and facts.expiry_date < facts.effective_date:
        raise ValidityError("有效期至早于施行日期，请核对")
    now, later = _candidates(facts, today)
    pending = tuple(sorted(later, key=lambda d: d.since))
    if now:
        decision = _merge(now)
        return Decision(decision.state, decision.since, decision.basis, decision.cause_id, decision.causes, pending)
    if facts.effective_date is not None and facts.effective_date > today:
        return Decision(NOT_YET_EFFECTIVE, None, f"施行日期为{_fmt(facts.effective_date)}", pending=pending)
    since = facts.effective_date
    basis = f"自{_fmt(since)}起施行" if since else ""
    return Decision(IN_FORCE, since, basis, pending=pending)


def next_change_on(facts: Facts, today: _dt.date) -> _dt.date | None:
    """The next date on which :func:`decide` may give another answer (for the daily job)."""
    dates = []
    if facts.effective_date and facts.effective_date > today:
        dates.append(facts.effective_date)
    for d in decide(facts, today).pending:
        if d.since:
            dates.append(d.since)
    return min(dates) if dates else None


def date_order_warnings(*, formed: _dt.date | None, published: _dt.date | None,
                        effective: _dt.date | None, expiry: _dt.date | None) -> list[str]:
    """Dates in an order that is possible in real data but usually a typing error.

    Laws keep their first adoption date as 成文日期, so 施行 before 成文 happens in the
    archive: it is a warning for the editor, not a refusal.
    """
    warnings = []
    if effective and formed and effective < formed:
        warnings.append("施行日期早于成文日期，请核对")
    if published and formed and published < formed:
        warnings.append("发布日期早于成文日期，请核对")
    if expiry and formed and expiry < formed:
        warnings.append("有效期至早于成文日期，请核对")
    return warnings
