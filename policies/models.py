from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, TabbedInterface, ObjectList
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms_pages.models import GovernmentPage

from .vocabulary import DOC_KIND_CHOICES, GENRE_CHOICES, LEGAL_LEVEL_CHOICES, Validity


class PolicyLibraryPage(Page):
    """政策文件库: the browsable library of policy documents."""

    intro = models.TextField("栏目说明", blank=True)
    show_on_home = models.BooleanField("在首页显示", default=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("show_on_home")]
    parent_page_types = ["cms_pages.HomePage"]
    subpage_types = ["policies.PolicyDocumentPage"]

    class Meta:
        verbose_name = "政策文件库"

    def documents(self):
        return PolicyDocumentPage.objects.child_of(self).live().public()

    def latest_items(self, limit):
        return self.documents().order_by("-published_date", "-pk")[:limit]

    def get_context(self, request, *args, **kwargs):
        from cms_pages.listings import paginate

        context = super().get_context(request, *args, **kwargs)
        queryset = self.documents().select_related("issuing_organisation").order_by("-published_date", "-pk")
        context["page_obj"] = paginate(request, queryset)
        return context


class PolicyDocumentPage(GovernmentPage):
    """A policy document (政策文件) with full metadata and validity."""

    doc_number = models.CharField("发文字号", max_length=120, blank=True, help_text="按原样填写，如 国办发〔2023〕27号")
    doc_number_canonical = models.CharField("规范文号", max_length=120, blank=True, db_index=True, editable=False)
    doc_number_key = models.CharField(max_length=120, blank=True, db_index=True, editable=False)
    doc_number_unparsed = models.BooleanField("文号无法识别", default=False, editable=False)
    issuing_authority = models.CharField(
        "发文机关（原文）", max_length=200, blank=True,
        help_text="按文件所署填写；联合发文用顿号分隔。结构化的发布机构见“公开目录信息”",
    )
    region = models.CharField("发布政府", max_length=60, blank=True)
    effective_date = models.DateField("施行日期", null=True, blank=True)
    expiry_date = models.DateField("有效期至", null=True, blank=True)
    doc_kind = models.CharField("公文种类", max_length=20, blank=True, choices=DOC_KIND_CHOICES)
    genre = models.CharField("文件体裁", max_length=20, blank=True, choices=GENRE_CHOICES)
    legal_level = models.CharField("效力级别", max_length=20, blank=True, choices=LEGAL_LEVEL_CHOICES)
    validity = models.CharField(
        "有效性", max_length=20, choices=Validity.choices, default=Validity.IN_FORCE, db_index=True
    )
    validity_changed_on = models.DateField("有效性变更日期", null=True, blank=True)
    validity_basis = models.CharField("有效性变更依据", max_length=300, blank=True)
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
        index.FilterField("region"),
        index.FilterField("issuing_authority"),
    ]

    content_panels = GovernmentPage.content_panels + [FieldPanel("body")] + GovernmentPage.attachment_panels
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
            [FieldPanel("validity"), FieldPanel("validity_changed_on"), FieldPanel("validity_basis")],
            heading="有效性",
        ),
        MultiFieldPanel([FieldPanel("source"), FieldPanel("source_url")], heading="来源"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="内容"),
            ObjectList(GovernmentPage.metadata_panels + document_panels, heading="元数据"),
            ObjectList(Page.promote_panels, heading="推广"),
            ObjectList(Page.settings_panels, heading="设置"),
        ]
    )
    parent_page_types = ["policies.PolicyLibraryPage"]
    subpage_types = []

    class Meta:
        verbose_name = "政策文件"
        verbose_name_plural = "政策文件"

    def clean(self):
        super().clean()
        # 施行日期 before 成文日期 occurs in real data (laws keep their first adoption date):
        # it is a warning shown to editors and reviewers, not a refusal (see date_warnings()).
        if self.expiry_date and self.effective_date and self.expiry_date < self.effective_date:
            raise ValidationError({"expiry_date": "有效期至早于施行日期，请核对"})

    def date_warnings(self):
        warnings = []
        if self.effective_date and self.formed_date and self.effective_date < self.formed_date:
            warnings.append("施行日期早于成文日期，请核对")
        return warnings

    def save(self, *args, **kwargs):
        self.set_doc_number_fields()
        return super().save(*args, **kwargs)

    def set_doc_number_fields(self):
        from policies import doc_number

        printed = (self.doc_number or "").strip()
        self.doc_number = printed
        parsed = doc_number.canonical(printed) if printed else None
        self.doc_number_canonical = parsed or ""
        self.doc_number_key = (doc_number.search_key(printed) or "") if printed else ""
        self.doc_number_unparsed = bool(printed) and parsed is None
