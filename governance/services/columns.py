"""Which columns exist and how fresh they are (feeds the dashboard panel and report)."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from wagtail.models import Page

from governance import freshness
from governance.registry import governed_models, is_governed


@dataclass
class ColumnStatus:
    page: Page
    assessment: freshness.Assessment
    level_one: bool
    configured: bool

    @property
    def title(self):
        return self.page.title


def _is_column(page, models_):
    from governance.models import CollectionPage

    cls = page.specific_class
    if cls is None or is_governed(cls):
        return False
    if issubclass(cls, CollectionPage):
        return True
    allowed = cls.allowed_subpage_models()
    return any(m in allowed for m in models_)


def newest_publication(column):
    """Newest publication date of live, public government content in ``column``."""
    from governance.models import CollectionPage

    specific = column.specific
    if isinstance(specific, CollectionPage):
        row = specific.matching().order_by("-sort_date").first() if specific.order != "newest" else specific.matching().first()
        return row["sort_date"] if row else None
    newest = None
    if getattr(specific, "body", None) and not is_governed(specific):
        # a static column (e.g. 机构职能): its own text counts as its content
        newest = timezone.localdate(column.last_published_at) if column.last_published_at else None
    for model in governed_models():
        value = (
            model.objects.live().public().descendant_of(column)
            .aggregate(d=Max(Coalesce("published_date", TruncDate("first_published_at"))))["d"]
        )
        if value and (newest is None or value > newest):
            newest = value
    return newest


def columns(site_root=None):
    """Monitored columns: live, public non-government pages that hold government content."""
    from governance.models import ColumnSetting

    models_ = governed_models()
    qs = Page.objects.live().public().filter(depth__gte=2)
    if site_root is not None:
        qs = qs.descendant_of(site_root, inclusive=True)
    settings_ = {s.page_id: s for s in ColumnSetting.objects.all()}
    out = []
    for page in qs.order_by("path"):
        # the home page, every level-one section (栏目), pages that hold government
        # content, collections, and anything an administrator configured
        if page.depth in (2, 3) or _is_column(page, models_) or page.pk in settings_:
            out.append((page, settings_.get(page.pk)))
    return out


def assess_columns(today=None, site_root=None):
    today = today or timezone.localdate()
    result = []
    for page, setting in columns(site_root):
        if page.depth == 2:  # the home page: nothing new for 2 weeks is a veto (site_rules §1 #3)
            kind = (setting.kind if setting and setting.kind else freshness.NEWS)
        else:
            kind = (setting.kind if setting and setting.kind else freshness.classify(page.title))
        newest = newest_publication(page)
        assessment = freshness.assess(kind, newest, today, setting.max_age_days if setting else None)
        level_one = setting.level_one if setting else page.depth == 3
        result.append(ColumnStatus(page, assessment, level_one, setting is not None))
    return result


def summary(statuses):
    counts = {s: 0 for s in freshness.STATUS_LABELS}
    for st in statuses:
        counts[st.assessment.status] += 1
    risks = freshness.veto_risks([(s.title, s.assessment, s.level_one) for s in statuses])
    return counts, risks
