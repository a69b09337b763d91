"""CollectionPage: a column (栏目) built from a saved query instead of child pages.

Editors combine page types, 主题分类, issuing units, keywords, validity and a date
window; the page lists every live, public government item that matches (plus items
added by hand or by a content rule) and offers an RSS feed of the same list.
"""
import datetime

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page

from policies.vocabulary import Validity

from .checks import governed_content_types

DATE_FIELD_CHOICES = [("published_date", "发布日期"), ("formed_date", "成文日期")]
ORDER_CHOICES = [("newest", "按日期从新到旧"), ("oldest", "按日期从旧到新"), ("title", "按标题")]


class CollectionPage(Page):
    intro = models.TextField("栏目说明", blank=True)
    page_types = ParentalManyToManyField(
        ContentType, verbose_name="信息类型", blank=True, related_name="+",
        limit_choices_to=governed_content_types, help_text="不选表示所有政府信息类型",
    )
    topics = ParentalManyToManyField(
        "cms_pages.TopicCategory", verbose_name="主题分类", blank=True, related_name="+",
        help_text="选择一级分类时包括其下所有二级分类",
    )
    units = ParentalManyToManyField(
        "cms_pages.OrganisationUnit", verbose_name="发布机构", blank=True, related_name="+",
    )
    include_subunits = models.BooleanField("包括下级机构", default=True)
    keywords = models.CharField("关键词", max_length=200, blank=True, help_text="多个关键词用逗号或顿号分隔，满足任一即可")
    validity = models.CharField(
        "有效性", max_length=20, blank=True, choices=[("", "不限")] + list(Validity.choices),
        help_text="选择后只列出有“有效性”字段的信息（如政策文件）",
    )
    source_section = models.ForeignKey(
        "wagtailcore.Page", verbose_name="限定栏目", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="只列出该栏目下的信息；留空表示全站",
    )
    date_field = models.CharField("日期依据", max_length=20, choices=DATE_FIELD_CHOICES, default="published_date")
    date_from = models.DateField("起始日期", null=True, blank=True)
    date_to = models.DateField("截止日期", null=True, blank=True)
    within_days = models.PositiveIntegerField("最近天数", null=True, blank=True, help_text="如 90：只列出最近 90 天的信息")
    order = models.CharField("排序", max_length=10, choices=ORDER_CHOICES, default="newest")
    per_page = models.PositiveSmallIntegerField("每页条数", default=20)
    feed_items = models.PositiveSmallIntegerField("订阅源条数", default=20)
    show_on_home = models.BooleanField("在首页显示", default=False)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel([
            FieldPanel("page_types", widget=forms.CheckboxSelectMultiple),
            FieldPanel("source_section"),
            FieldPanel("topics"),
            FieldRowPanel([FieldPanel("units"), FieldPanel("include_subunits")]),
            FieldPanel("keywords"),
            FieldPanel("validity"),
        ], heading="查询条件"),
        MultiFieldPanel([
            FieldPanel("date_field"),
            FieldRowPanel([FieldPanel("date_from"), FieldPanel("date_to")]),
            FieldPanel("within_days"),
        ], heading="时间范围"),
        MultiFieldPanel([FieldPanel("order"), FieldPanel("per_page"), FieldPanel("feed_items"),
                         FieldPanel("show_on_home")], heading="显示"),
        InlinePanel("manual_items", label="手动加入的信息"),
    ]
    subpage_types = []

    class Meta:
        verbose_name = "信息聚合栏目"
        verbose_name_plural = "信息聚合栏目"

    # -- query -------------------------------------------------------------

    def _models(self):
        from governance.registry import governed_models, model_has_field

        chosen = {ct.pk for ct in self.page_types.all()}
        models_ = [m for m in governed_models()
                   if not chosen or ContentType.objects.get_for_model(m).pk in chosen]
        if self.validity:
            models_ = [m for m in models_ if model_has_field(m, "validity")]
        return models_

    def _topic_ids(self):
        ids = set()
        for topic in self.topics.all():
            ids.add(topic.pk)
            ids.update(topic.children.values_list("pk", flat=True))
        return ids

    def _unit_ids(self):
        ids = set()
        for unit in self.units.all():
            ids.update(unit.descendant_ids() if self.include_subunits else {unit.pk})
        return ids

    def _keyword_list(self):
        import re

        return [k for k in (s.strip() for s in re.split(r"[,，、;；\s]+", self.keywords or "")) if k]

    def _filtered(self, model):
        from cms_pages.models import GovernmentPageTag

        qs = model.objects.live().public()
        if self.source_section_id:
            qs = qs.descendant_of(self.source_section)
        topic_ids = self._topic_ids()
        if topic_ids:
            qs = qs.filter(topic_id__in=topic_ids)
        unit_ids = self._unit_ids()
        if unit_ids:
            qs = qs.filter(issuing_organisation_id__in=unit_ids)
        words = self._keyword_list()
        if words:
            qs = qs.filter(pk__in=GovernmentPageTag.objects.filter(tag__name__in=words).values("content_object_id"))
        if self.validity:
            qs = qs.filter(validity=self.validity)
        if self.date_field == "formed_date":
            date_expr = F("formed_date")
        else:
            date_expr = Coalesce("published_date", TruncDate("first_published_at"))
        qs = qs.annotate(sort_date=date_expr)
        date_from = self.date_from
        if self.within_days:
            recent = timezone.localdate() - datetime.timedelta(days=self.within_days)
            date_from = max(date_from, recent) if date_from else recent
        if date_from:
            qs = qs.filter(sort_date__gte=date_from)
        if self.date_to:
            qs = qs.filter(sort_date__lte=self.date_to)
        return qs.order_by().values("pk", "sort_date", "title")

    def matching(self):
        """A values queryset (pk, sort_date, title) over all matching items, ordered."""
        parts = [self._filtered(m) for m in self._models()]
        manual = list(self.manual_items.values_list("page_id", flat=True))
        if manual:
            manual_qs = (
                Page.objects.filter(pk__in=manual).live().public()
                .annotate(sort_date=TruncDate("first_published_at")).order_by().values("pk", "sort_date", "title")
            )
            parts.append(manual_qs)
        if not parts:
            return Page.objects.none().values("pk")
        combined = parts[0] if len(parts) == 1 else parts[0].union(*parts[1:], all=True)
        ordering = {"newest": ("-sort_date", "-pk"), "oldest": ("sort_date", "pk"), "title": ("title", "pk")}
        return combined.order_by(*ordering[self.order])

    def items(self, rows):
        """Specific live pages for ``rows`` of ``matching()``, de-duplicated, in order."""
        ids, seen = [], set()
        for row in rows:
            if row["pk"] not in seen:
                seen.add(row["pk"])
                ids.append(row["pk"])
        pages = {p.pk: p for p in Page.objects.filter(pk__in=ids).specific()}
        return [pages[i] for i in ids if i in pages]

    def latest_items(self, limit):
        return self.items(self.matching()[:limit])

    # -- serving -----------------------------------------------------------

    def route(self, request, path_components):
        if path_components == ["feed"] and self.live:
            from wagtail.url_routing import RouteResult

            return RouteResult(self, kwargs={"feed": True})
        return super().route(request, path_components)

    def serve(self, request, *args, feed=False, **kwargs):
        if feed:
            from governance.services.feeds import collection_feed

            return collection_feed(self, request)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.matching(), self.per_page or 20)
        page_obj = paginator.get_page(request.GET.get("page"))
        page_obj.object_list = self.items(page_obj.object_list)
        context["page_obj"] = page_obj
        context["feed_url"] = self.url + "feed/" if self.url else ""
        return context


class CollectionItem(Orderable):
    collection = ParentalKey(CollectionPage, on_delete=models.CASCADE, related_name="manual_items")
    page = models.ForeignKey("wagtailcore.Page", verbose_name="信息", on_delete=models.CASCADE, related_name="+")
    added_by_rule = models.ForeignKey(
        "governance.ContentRule", verbose_name="由内容规则加入", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    panels = [FieldPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = "加入的信息"
        verbose_name_plural = "加入的信息"
        constraints = [models.UniqueConstraint(fields=["collection", "page"], name="unique_collection_item")]
