"""Page models of the 政策文件库. Models stay thin: the rules live in plain modules
(``doc_number``, ``validity``, ``relations``, ``review``, ``browse``); this file maps
fields to those rules and back."""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms_pages.models import GovernmentPage

from . import validity as rules
from .forms import PolicyDocumentPageForm
from .vocabulary import (
    DOC_KIND_CHOICES, GENRE_CHOICES, INTERPRETATION_KIND_CHOICES, LEGAL_LEVEL_CHOICES,
    OVERRIDE_CHOICES, RELATION_KIND_CHOICES, Validity,
)


class PolicyLibraryPage(Page):
    """政策文件库: the browsable library of policy documents and their 解读."""

    intro = models.TextField("栏目说明", blank=True)
    show_on_home = models.BooleanField("在首页显示", default=True)
    interpretation_delay_workdays = models.PositiveSmallIntegerField(
        "解读发布时限（工作日）", default=3,
        help_text="规章和行政规范性文件发布后，解读最迟在几个工作日内发布（0 = 同步发布）",
    )
    review_period_years = models.PositiveSmallIntegerField(
        "规范性文件清理周期（年）", default=2, help_text="超过该年限未清理的规范性文件列入清理报表",
    )
    expiry_window_days = models.PositiveSmallIntegerField(
        "有效期到期提醒（天）", default=90, help_text="有效期在该天数内届满的文件列入清理报表",
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("show_on_home")]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [FieldPanel("interpretation_delay_workdays"), FieldPanel("review_period_years"),
             FieldPanel("expiry_window_days")],
            heading="解读与清理",
        ),
    ]
    parent_page_types = ["cms_pages.HomePage"]
    subpage_types = ["policies.PolicyDocumentPage", "policies.PolicyInterpretationPage"]

    class Meta:
        verbose_name = "政策文件库"

    def documents(self):
        return PolicyDocumentPage.objects.child_of(self).live().public()

    def latest_items(self, limit):
        return self.documents().order_by("-published_date", "-pk")[:limit]

    def serve(self, request, *args, **kwargs):
        from .views import serve_library

        return serve_library(self, request, *args, **kwargs)


class PolicyDocumentPage(GovernmentPage):
    """A policy document (政策文件) with full metadata and derived validity."""

    doc_number = models.CharField("发文字号", max_length=120, blank=True, help_text="按原样填写，如 国办发〔2023〕27号")
    doc_number_canonical = models.CharField("规范文号", max_length=120, blank=True, db_index=True, editable=False)
    doc_number_key = models.CharField(max_length=120, blank=True, db_index=True, editable=False)
    doc_number_unparsed = models.BooleanField("文号无法识别", default=False, editable=False)
    issuing_authority = models.CharField(
        "发文机关（原文）", max_length=200, blank=True,
        help_text="按文件所署填写；联合发文用顿号分隔。结构化的发布机构见“公开目录信息”",
    )
    lead_authority = models.CharField("主发文机关", max_length=120, blank=True, db_index=True, editable=False)
    region = models.CharField("发布政府", max_length=60, blank=True)
    effective_date = models.DateField("施行日期", null=True, blank=True)
    expiry_date = models.DateField("有效期至", null=True, blank=True, help_text="有固定有效期的文件填写；次日起自动标为已失效")
    doc_kind = models.CharField("公文种类", max_length=20, blank=True, choices=DOC_KIND_CHOICES)
    genre = models.CharField("文件体裁", max_length=20, blank=True, choices=GENRE_CHOICES)
    legal_level = models.CharField("效力级别", max_length=20, blank=True, choices=LEGAL_LEVEL_CHOICES)
    # 有效性 is derived (policies/validity.py) from dates, live relations and a recorded decision.
    validity = models.CharField(
        "有效性", max_length=20, choices=Validity.choices, default=Validity.IN_FORCE, db_index=True
    )
    validity_changed_on = models.DateField("有效性变更日期", null=True, blank=True)
    validity_basis = models.CharField("有效性变更依据", max_length=300, blank=True)
    validity_cause = models.ForeignKey(
        "self", verbose_name="导致有效性变化的文件", null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    validity_override = models.CharField(
        "有效性认定", max_length=20, blank=True, choices=OVERRIDE_CHOICES,
        help_text="仅在废止、失效或修订的依据不是本库中的文件时填写（如上级决定、清理结果）；"
                  "本库文件之间的废止、修订请在较新文件的“文件关系”中填写",
    )
    validity_override_on = models.DateField("认定生效日期", null=True, blank=True, help_text="留空则自保存之日起")
    validity_override_basis = models.CharField("认定依据", max_length=300, blank=True, help_text="如：市政府令第12号决定废止")
    reviewed_on = models.DateField("最近清理日期", null=True, blank=True, help_text="规范性文件清理后确认继续有效的日期")
    history = models.JSONField("制定沿革", default=list, blank=True)
    body = RichTextField("正文", blank=True)
    source = models.CharField("来源", max_length=200, blank=True)
    source_url = models.URLField("来源链接", max_length=500, blank=True)

    search_fields = GovernmentPage.search_fields + [
        index.SearchField("body"),
        index.SearchField("doc_number"),
        index.SearchField("issuing_authority"),
        index.FilterField("doc_number_key"),
        index.FilterField("validity"),
        index.FilterField("doc_kind"),
        index.FilterField("legal_level"),
        index.FilterField("genre"),
        index.FilterField("region"),
        index.FilterField("issuing_authority"),
        index.FilterField("lead_authority"),
    ]

    content_panels = GovernmentPage.content_panels + [FieldPanel("body")] + GovernmentPage.attachment_panels
    relation_panels = [
        InlinePanel(
            "relations", label="文件关系",
            help_text="本文件修订、废止、替代或贯彻实施的较早文件。发布本文件时，被废止或修订的文件自动变更有效性并显示提示",
        ),
    ]
    document_panels = [
        MultiFieldPanel(
            [
                FieldPanel("doc_number"), FieldPanel("issuing_authority"), FieldPanel("region"),
                FieldPanel("doc_kind"), FieldPanel("genre"), FieldPanel("legal_level"),
                FieldPanel("effective_date"), FieldPanel("expiry_date"),
            ],
            heading="文件信息",
        ),
        MultiFieldPanel(
            [
                FieldPanel("validity", read_only=True), FieldPanel("validity_changed_on", read_only=True),
                FieldPanel("validity_basis", read_only=True),
                FieldPanel("validity_override"), FieldPanel("validity_override_on"),
                FieldPanel("validity_override_basis"), FieldPanel("reviewed_on"),
            ],
            heading="有效性",
            help_text="有效性按施行日期、有效期和文件关系自动判断；只有依据不在本库时才需人工认定",
        ),
        MultiFieldPanel([FieldPanel("source"), FieldPanel("source_url")], heading="来源"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="内容"),
            ObjectList(GovernmentPage.metadata_panels + document_panels, heading="元数据"),
            ObjectList(relation_panels, heading="文件关系"),
            ObjectList(Page.promote_panels, heading="推广"),
            ObjectList(Page.settings_panels, heading="设置"),
        ],
        base_form_class=PolicyDocumentPageForm,
    )
    parent_page_types = ["policies.PolicyLibraryPage"]
    subpage_types = []

    class Meta:
        verbose_name = "政策文件"
        verbose_name_plural = "政策文件"

    # -- validation ----------------------------------------------------------------------
    def clean(self):
        super().clean()
        self.set_derived_fields()  # so drafts (revisions) carry the flags too, not only saved rows
        errors = {}
        if self.expiry_date and self.effective_date and self.expiry_date < self.effective_date:
            errors["expiry_date"] = "有效期至早于施行日期，请核对"
        if self.validity_override:
            try:
                self.validity_facts()
            except rules.ValidityError as exc:
                errors["validity_override_basis"] = str(exc)
        elif self.validity_override_basis.strip() and not self.validity_override:
            errors["validity_override"] = "已填写认定依据，请同时选择认定的有效性，或清空认定依据"
        if errors:
            raise ValidationError(errors)
        # Self-relations and cycles are structural: refused however the page is saved.
        # (Relations to drafts are refused by the edit form, see forms.py.)
        from .relations import check_relations

        proposed = self.proposed_relations()
        if proposed:
            messages = check_relations(self.pk, proposed, relation_graph(), require_live=False)
            if messages:
                raise ValidationError(messages)

    def date_warnings(self):
        """Dates in a possible but suspicious order (warned, never refused)."""
        return rules.date_order_warnings(
            formed=self.formed_date, published=self.published_date,
            effective=self.effective_date, expiry=self.expiry_date,
        )

    def proposed_relations(self):
        """This document's relations as plain values (liveness of targets is the form's check)."""
        from .relations import ProposedRelation

        return [ProposedRelation(rel.kind, rel.target_id) for rel in self.relations.all() if rel.target_id]

    # -- saving --------------------------------------------------------------------------
    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._validity_as_loaded = instance.__dict__.get("validity")
        return instance

    def with_content_json(self, content):
        """A revision's content with the page's *current* 有效性: validity is page-wide state
        derived from dates and other documents (like ``live``), not part of an edit."""
        obj = super().with_content_json(content)
        for name in ("validity", "validity_changed_on", "validity_basis", "validity_cause_id"):
            setattr(obj, name, getattr(self, name))
        obj._validity_as_loaded = obj.validity
        return obj

    def adopt_assigned_validity(self):
        """Code that assigns ``validity`` = 已修订/已废止/已失效 directly (older importers, scripts,
        other apps' fixtures) gets what it asked for: the assignment becomes a recorded decision
        with ``validity_changed_on`` and ``validity_basis``, instead of being recomputed away."""
        loaded = getattr(self, "_validity_as_loaded", Validity.IN_FORCE)
        if loaded is None or self.validity == loaded or self.validity_override:
            return
        if self.validity in rules.OVERRIDE_STATES:
            self.validity_override = self.validity
            self.validity_override_on = self.validity_changed_on
            self.validity_override_basis = (self.validity_basis or "直接设定（未注明依据）")[:300]

    def save(self, *args, **kwargs):
        self.set_derived_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self.adopt_assigned_validity()
            self.apply_decision(self.decide_validity())
            self._validity_as_loaded = self.validity
            if self.pk:
                # Remembered so that publishing can recompute documents a removed relation pointed to.
                self._relation_targets_before = set(
                    PolicyRelation.objects.filter(source_id=self.pk).values_list("target_id", flat=True)
                )
        return super().save(*args, **kwargs)

    def set_derived_fields(self):
        """文号 canonical form, key and flag; the lead 发文机关 used by the facet."""
        from .review import lead_authority

        self.set_doc_number_fields()
        lead = lead_authority(self.issuing_authority)
        if not lead and self.issuing_organisation_id:
            lead = self.issuing_organisation.name
        self.lead_authority = lead[:120]

    def set_doc_number_fields(self):
        from policies import doc_number

        printed = (self.doc_number or "").strip()
        self.doc_number = printed
        parsed = doc_number.parse(printed) if printed else None
        self.doc_number_canonical = parsed.canonical if parsed else ""
        self.doc_number_key = parsed.key if parsed else ""
        self.doc_number_unparsed = bool(printed) and parsed is None

    # -- validity ------------------------------------------------------------------------
    def incoming_relation_facts(self):
        """Live relations newer documents hold towards this one, as plain facts."""
        if not self.pk:
            return ()
        rows = (
            PolicyRelation.objects.filter(target_id=self.pk, source__live=True)
            .exclude(source_id=self.pk)
            .values_list("kind", "source_id", "source__title", "source__doc_number",
                         "effective_on", "source__effective_date", "source__published_date")
            .order_by("source__published_date", "source_id")
        )
        return tuple(
            rules.IncomingRelation(kind, source_id, title, number or "", own or effective or published)
            for kind, source_id, title, number, own, effective, published in rows
        )

    def validity_facts(self, incoming=None):
        override = None
        if self.validity_override:
            override = rules.Override(self.validity_override, self.validity_override_on, self.validity_override_basis)
        return rules.Facts(
            effective_date=self.effective_date, expiry_date=self.expiry_date, override=override,
            incoming=self.incoming_relation_facts() if incoming is None else incoming,
        )

    def decide_validity(self, today=None):
        today = today or timezone.localdate()
        try:
            return rules.decide(self.validity_facts(), today)
        except rules.ValidityError:
            # Invalid facts are refused by clean(); code paths that skip it keep the old state.
            return rules.Decision(self.validity or rules.IN_FORCE, self.validity_changed_on, self.validity_basis)

    def apply_decision(self, decision, today=None):
        """Copy a decision onto the fields; True if the state, date or basis changed."""
        since = decision.since
        if since is None and decision.cause_id is not None:
            # a relation from a document without any date takes effect when it is applied
            since = self.validity_changed_on if self.validity == decision.state else (today or timezone.localdate())
        values = {
            "validity": decision.state,
            "validity_changed_on": since,
            "validity_basis": decision.basis[:300],
            "validity_cause_id": decision.cause_id,
        }
        changed = any(getattr(self, k) != v for k, v in values.items())
        for k, v in values.items():
            setattr(self, k, v)
        return changed

    def get_context(self, request, *args, **kwargs):
        from .views import document_context

        context = super().get_context(request, *args, **kwargs)
        context.update(document_context(self, request))
        return context

    def get_template(self, request, *args, **kwargs):
        if request.GET.get("view") == "print":
            return "policies/policy_document_print.html"
        return super().get_template(request, *args, **kwargs)


def relation_graph():
    """All recorded relations as {source id: [target ids]} (for the cycle check)."""
    graph = {}
    for source_id, target_id in PolicyRelation.objects.values_list("source_id", "target_id"):
        graph.setdefault(source_id, []).append(target_id)
    return graph


class PolicyRelation(Orderable):
    """A relation the newer document (``source``) holds towards an older one (``target``)."""

    source = ParentalKey(PolicyDocumentPage, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField("关系", max_length=20, choices=RELATION_KIND_CHOICES)
    target = models.ForeignKey(
        PolicyDocumentPage, verbose_name="较早的文件", on_delete=models.CASCADE, related_name="incoming_relations",
    )
    effective_on = models.DateField(
        "生效日期", null=True, blank=True, help_text="废止或修订自何日起生效；留空则按本文件的施行日期（无施行日期按发布日期）",
    )
    note = models.CharField("说明", max_length=200, blank=True)

    panels = [FieldPanel("kind"), FieldPanel("target"), FieldPanel("effective_on"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = "文件关系"
        verbose_name_plural = "文件关系"

    def __str__(self):
        return f"{self.get_kind_display()}：{self.target_id}"


class PolicyInterpretationPage(GovernmentPage):
    """政策解读: 部门解读 / 专家解读 / 媒体解读 / 图解 …, linked to the documents it interprets."""

    kind = models.CharField("解读类型", max_length=20, choices=INTERPRETATION_KIND_CHOICES, default="部门解读")
    drafting_unit = models.ForeignKey(
        "cms_pages.OrganisationUnit", verbose_name="起草（解读）单位", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    author = models.CharField("解读人", max_length=100, blank=True, help_text="专家解读、媒体解读填写作者或媒体名称")
    body = RichTextField("解读内容", blank=True)

    search_fields = GovernmentPage.search_fields + [
        index.SearchField("body"),
        index.FilterField("kind"),
    ]
    content_panels = GovernmentPage.content_panels + [
        MultiFieldPanel([FieldPanel("kind"), FieldPanel("drafting_unit"), FieldPanel("author")], heading="解读信息"),
        InlinePanel("document_links", label="解读的文件", min_num=1,
                    help_text="本解读对应的政策文件（可多份）；文件页面会显示“相关解读”"),
        FieldPanel("body"),
    ] + GovernmentPage.attachment_panels
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="内容"),
            ObjectList(GovernmentPage.metadata_panels, heading="元数据"),
            ObjectList(Page.promote_panels, heading="推广"),
            ObjectList(Page.settings_panels, heading="设置"),
        ]
    )
    parent_page_types = ["policies.PolicyLibraryPage"]
    subpage_types = []

    class Meta:
        verbose_name = "政策解读"
        verbose_name_plural = "政策解读"

    def live_documents(self):
        return PolicyDocumentPage.objects.live().public().filter(
            interpretation_links__interpretation=self).order_by("-published_date")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["documents"] = self.live_documents()
        return context


class PolicyInterpretationLink(Orderable):
    """One document a 解读 interprets (an inline with a page chooser: scales to any library size)."""

    interpretation = ParentalKey(PolicyInterpretationPage, on_delete=models.CASCADE, related_name="document_links")
    document = models.ForeignKey(
        PolicyDocumentPage, verbose_name="政策文件", on_delete=models.CASCADE, related_name="interpretation_links",
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = "解读的文件"
        verbose_name_plural = "解读的文件"
