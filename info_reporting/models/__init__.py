"""Models of 政务信息报送 (split by concern; import from here)."""
from .levels import AdoptionLevel  # noqa: F401
from .pages import (  # noqa: F401
    STATUS_ADOPTED,
    STATUS_AWAITING_SIGNOFF,
    STATUS_CHOICES,
    STATUS_DRAFT,
    STATUS_NOT_ADOPTED,
    STATUS_RETURNED,
    STATUS_SUBMITTED,
    STATUS_WITHDRAWN,
    EDITABLE_BY_UNIT,
    URGENCY_CHOICES,
    URGENCY_NORMAL,
    URGENCY_URGENT,
    InfoBulletinPage,
    InfoReportIndexPage,
    InfoReportPage,
)
from .periodicals import IssueEntry, PeriodicalIssue  # noqa: F401
from .records import AdoptionRecord, InstructionRecord, ItemEvent, PenaltyRecord  # noqa: F401
from .rules import (  # noqa: F401
    RuleSetKindPoints,
    RuleSetLevelPoints,
    RuleSetQuotaClass,
    RuleSetUnitClass,
    ScoringRuleSet,
)
from .workflow import InfoAdoptionTask  # noqa: F401
from .collections import UnitDocumentCollection  # noqa: F401
