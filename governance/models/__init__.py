"""Governance models: workflow steps, placeful policies, checks, audit log, requests."""
from .audit import AuditEvent  # noqa: F401
from .collections import CollectionItem, CollectionPage  # noqa: F401
from .checks import CheckRun, MetadataRequirement, PersonalDataBasis, WordingRuleEntry  # noqa: F401
from .policies import WorkflowPolicy  # noqa: F401
from .requests import ChangeRequest, WithdrawnNotice  # noqa: F401
from .tasks import (  # noqa: F401
    AutomatedChecksTask,
    AutomatedChecksTaskState,
    ReviewTask,
    SecrecyReviewTask,
    SecrecyReviewTaskState,
)
from .operations import AdminNotification, ColumnSetting, JobRun  # noqa: F401
from .rules import ContentRule  # noqa: F401
