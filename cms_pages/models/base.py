"""GovernmentPage: the one thin base every government page type shares.

Domain rules do not live here: page types call plain modules (policies/doc_number.py,
disclosure/index_number.py, …). Search indexing of government pages happens on publish,
never on draft saves (``search_auto_update = False``; see search/indexing.py).
"""
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index


class GovernmentPageTag(TaggedItemBase):
    """Keywords (关键词/主题词) for any government page."""

    content_object = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="keyword_items")

    class Meta:
        verbose_name = "关键词"


class GovernmentPageAttachment(Orderable):
    """An attachment (附件) of any government page: a Wagtail document with an optional label."""

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", verbose_name="文件", on_delete=models.PROTECT, related_name="+")
    label = models.CharField("显示名称", max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = "附件"
        verbose_name_plural = "附件"

    @property
    def display_name(self):
        return self.label or self.document.title


class GovernmentPage(Page):
    """Abstract base: statutory catalogue metadata shared by all government content."""

    summary = models.TextField("内容概述", blank=True, max_length=1000)
    issuing_organisation = models.ForeignKey(
        "cms_pages.OrganisationUnit", verbose_name="发布机构", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    formed_date = models.DateField("成文/生成日期", null=True, blank=True, db_index=True)
    published_date = models.DateField(
        "发布日期", null=True, blank=True, db_index=True,
        help_text="首次发布时由系统填写；修改会记入日志",
    )
    topic = models.ForeignKey(
        "cms_pages.TopicCategory", verbose_name="主题分类", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    keywords = ClusterTaggableManager("关键词", through=GovernmentPageTag, blank=True)
    external_id = models.CharField(
        "外部编号", max_length=120, null=True, blank=True, unique=True, editable=False,
        help_text="导入记录在来源中的稳定编号；导入按此编号更新",
    )
    import_hash = models.CharField(max_length=64, blank=True, editable=False)

    # Government content is indexed on publish, not on save (drafts never reach the index).
    search_auto_update = False

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.FilterField("issuing_organisation"),
        index.FilterField("topic"),
        index.FilterField("published_date"),
        index.FilterField("formed_date"),
        index.FilterField("external_id"),
    ]

    metadata_panels = [
        MultiFieldPanel(
            [
                FieldPanel("issuing_organisation"),
                FieldPanel("formed_date"),
                FieldPanel("published_date"),
                FieldPanel("topic"),
                FieldPanel("keywords"),
            ],
            heading="公开目录信息",
        ),
    ]
    content_panels = Page.content_panels + [FieldPanel("summary")]
    attachment_panels = [InlinePanel("attachments", label="附件")]

    class Meta:
        abstract = True


def stamp_published_date(sender, instance, **kwargs):
    """Set 发布日期 on the first real publication (page_published), never on other saves:
    an imported record without a date must stay without one rather than show a forged date."""
    from django.utils import timezone

    page = instance.specific if hasattr(instance, "specific") else instance
    if isinstance(page, GovernmentPage) and not page.published_date:
        stamp = timezone.localdate(page.first_published_at or timezone.now())
        type(page).objects.filter(pk=page.pk, published_date__isnull=True).update(published_date=stamp)
        page.published_date = stamp
        if instance is not page:
            instance.published_date = stamp
