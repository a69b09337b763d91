"""Pages of 政务信息报送: the login-restricted section, the items units submit, and the
generated 通报 (bulletins). Every listing and view goes through ``info_reporting.access``."""
from django import forms
from django.conf import settings
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from info_reporting import access
from info_reporting.rule_sets import ITEM_KINDS

STATUS_DRAFT = "draft"
STATUS_AWAITING_SIGNOFF = "awaiting_signoff"
STATUS_SUBMITTED = "submitted"
STATUS_RETURNED = "returned"
STATUS_ADOPTED = "adopted"
STATUS_NOT_ADOPTED = "not_adopted"
STATUS_WITHDRAWN = "withdrawn"
STATUS_CHOICES = [
    (STATUS_DRAFT, "草稿"),
    (STATUS_AWAITING_SIGNOFF, "待审签"),
    (STATUS_SUBMITTED, "已报送"),
    (STATUS_RETURNED, "退回修改"),
    (STATUS_ADOPTED, "已采用"),
    (STATUS_NOT_ADOPTED, "未采用"),
    (STATUS_WITHDRAWN, "已撤回"),
]
#: Statuses in which the unit may still change the item.
EDITABLE_BY_UNIT = (STATUS_DRAFT, STATUS_AWAITING_SIGNOFF, STATUS_RETURNED, STATUS_SUBMITTED)

URGENCY_NORMAL = "normal"
URGENCY_URGENT = "urgent"
URGENCY_CHOICES = [(URGENCY_NORMAL, "一般"), (URGENCY_URGENT, "紧急")]


class InfoReportIndexPage(RoutablePageMixin, Page):
    """政务信息报送: login-restricted area where units submit information items."""

    intro = models.TextField("栏目说明", blank=True)
    show_on_home = models.BooleanField("在首页显示", default=False)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("show_on_home")]
    parent_page_types = ["cms_pages.HomePage"]
    subpage_types = ["info_reporting.InfoReportPage", "info_reporting.InfoBulletinPage"]

    class Meta:
        verbose_name = "政务信息报送"

    def latest_items(self, limit):
        # Internal section: never listed on the public home page.
        return []

    @path("")
    def item_list(self, request):
        from info_reporting import views

        return views.item_list(request, self)

    @path("items/<int:item_id>/")
    def item_detail(self, request, item_id):
        from info_reporting import views

        return views.item_detail(request, self, item_id)

    @path("export/")
    def item_export(self, request):
        from info_reporting import views

        return views.item_export(request, self)

    @path("bulletins/")
    def bulletin_list(self, request):
        from info_reporting import views

        return views.bulletin_list(request, self)


class InfoReportPageForm(WagtailAdminPageForm):
    """Reporters report for their own unit only: the unit is pre-filled and any other unit is
    refused with a Chinese reason; the submitter is the user who creates the item."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and "reporting_unit" in self.fields and not self.instance.reporting_unit_id:
            unit = access.reporter_unit(user) or access.user_unit(user)
            if unit is not None:
                self.fields["reporting_unit"].initial = unit.pk
                if not self.initial.get("reporting_unit"):
                    self.initial["reporting_unit"] = unit.pk

    def clean(self):
        cleaned = super().clean()
        user = self.for_user
        unit = cleaned.get("reporting_unit")
        if user is not None and unit is not None and not access.is_info_editor(user):
            own = access.reporter_unit(user)
            if own is None:
                self.add_error("reporting_unit", "您不是报送员或尚未设置所属单位，不能报送信息，请联系管理员设置“人员所属单位”")
            elif unit.pk != own.pk:
                self.add_error("reporting_unit", f"只能为本单位（{own.name}）报送信息，不能代“{unit.name}”报送")
        co_units = cleaned.get("co_units")
        if unit is not None and co_units is not None and any(u.pk == unit.pk for u in co_units):
            self.add_error("co_units", f"联合报送单位不能再选报送单位“{unit.name}”本身")
        if user is not None and not access.is_info_editor(user):
            self._check_attachments(user)
        if user is not None and not self.instance.submitter_id:
            self.instance.submitter = user
        return cleaned

    def _check_attachments(self, user):
        """A reporter may attach only documents they may choose (their own unit's)."""
        from wagtail.documents import get_document_model
        from wagtail.permissions import policy_registry

        formset = getattr(self, "formsets", {}).get("attachments")
        if formset is None or not formset.is_valid():
            return
        allowed = policy_registry.get_by_type(get_document_model()).instances_user_has_any_permission_for(
            user, ["choose"])
        if self.instance.pk:  # documents the information section already attached stay allowed
            from cms_pages.models import GovernmentPageAttachment

            allowed = allowed | get_document_model().objects.filter(
                pk__in=GovernmentPageAttachment.objects.filter(page_id=self.instance.pk).values("document_id"))
        for form in formset.forms:
            document = (getattr(form, "cleaned_data", None) or {}).get("document")
            if document is not None and not (form.cleaned_data.get("DELETE")) and not allowed.filter(pk=document.pk).exists():
                self.add_error(None, f"附件“{document.title}”不是本单位的文件，不能使用；请上传本单位的附件")


class InfoReportPage(Page):
    """One information item (政务信息) submitted by a unit.

    ``status`` and the timestamps are kept by ``info_reporting.services`` and survive revisions
    (see ``with_content_json``); scores are never stored, they are computed from the records.
    """

    body = RichTextField("正文")
    reporting_unit = models.ForeignKey(
        "cms_pages.OrganisationUnit", verbose_name="报送单位", on_delete=models.PROTECT, related_name="+"
    )
    co_units = ParentalManyToManyField(
        "cms_pages.OrganisationUnit", verbose_name="联合报送单位", blank=True, related_name="+",
        help_text="多个单位联合报送时选择其他单位：各单位都能看到本条信息，得分按单位数平分",
    )
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    writer = models.CharField("执笔人", max_length=40)
    contact = models.CharField("联系电话", max_length=40)
    signer = models.CharField("审签人", max_length=40, blank=True, help_text="本单位主要负责人或其授权人")
    category = models.CharField("信息类型", max_length=10, choices=[(k, k) for k in ITEM_KINDS], default="动态")
    urgency = models.CharField("紧急程度", max_length=10, choices=URGENCY_CHOICES, default=URGENCY_NORMAL)
    event_time = models.DateTimeField("事发时间", null=True, blank=True, help_text="紧急信息填写，用于计算报送时限")
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审签人（系统）", null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    signed_off_at = models.DateTimeField("审签时间", null=True, blank=True, editable=False)
    status = models.CharField("状态", max_length=20, choices=STATUS_CHOICES, default=STATUS_DRAFT, editable=False, db_index=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True, editable=False)
    decided_at = models.DateTimeField("处理时间", null=True, blank=True, editable=False)

    base_form_class = InfoReportPageForm
    content_panels = [
        FieldPanel("title"),
        FieldPanel("body"),
        MultiFieldPanel([
            FieldPanel("reporting_unit", widget=forms.Select),
            FieldPanel("co_units", widget=forms.SelectMultiple(attrs={"size": 6})),
            FieldRowPanel([FieldPanel("writer"), FieldPanel("contact"), FieldPanel("signer")]),
        ], heading="报送单位"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("urgency"), FieldPanel("event_time")]),
        InlinePanel("attachments", label="附件"),
    ]
    promote_panels = []
    settings_panels = []
    parent_page_types = ["info_reporting.InfoReportIndexPage"]
    subpage_types = []

    search_fields = Page.search_fields + [
        index.SearchField("body"),
        index.FilterField("reporting_unit"),
        index.FilterField("status"),
    ]

    #: Kept from the page row when a revision is restored or published.
    STATE_FIELDS = ("status", "submitted_at", "decided_at", "submitter_id", "signed_off_by_id", "signed_off_at")

    class Meta:
        verbose_name = "政务信息"
        verbose_name_plural = "政务信息"

    @property
    def all_units(self):
        """The submitting units, lead first (联合报送: the co-units follow in name order)."""
        return [self.reporting_unit] + sorted(
            (u for u in self.co_units.all() if u.pk != self.reporting_unit_id), key=lambda u: (u.name, u.pk)
        )

    @property
    def units_display(self):
        units = self.all_units
        if len(units) == 1:
            return units[0].name
        return f"{units[0].name}（牵头）、" + "、".join(u.name for u in units[1:])

    def sync_co_units(self):
        """Write the co-units as edited (in memory, also in draft revisions) to the database, so
        that isolation and scoring see them before the item is ever published."""
        through = type(self).co_units.through
        ids = {u.pk for u in self.co_units.all()} - {self.reporting_unit_id}
        current = set(through.objects.filter(inforeportpage_id=self.pk).values_list("organisationunit_id", flat=True))
        if ids != current:
            through.objects.filter(inforeportpage_id=self.pk).delete()
            through.objects.bulk_create([through(inforeportpage_id=self.pk, organisationunit_id=i) for i in sorted(ids)])

    @property
    def is_urgent(self):
        return self.urgency == URGENCY_URGENT or self.category == "紧急信息"

    @property
    def report_minutes(self):
        """紧急信息: minutes from the event to the submission (shown to editors; the local time
        limits — 20/40 minutes, 2 hours — are judged by the editor, not encoded)."""
        if not self.event_time or not self.submitted_at:
            return None
        return max(0, int((self.submitted_at - self.event_time).total_seconds() // 60))

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in self.STATE_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    def full_clean(self, *args, **kwargs):
        # A unique slug per item without asking reporters for one.
        if not self.slug and self.title:
            import uuid

            self.slug = f"item-{uuid.uuid4().hex[:10]}"
        return super().full_clean(*args, **kwargs)

    def permissions_for_user(self, user):
        from info_reporting.permissions import InfoReportPermissionTester

        return InfoReportPermissionTester(user, self)

    def serve(self, request, *args, **kwargs):
        from info_reporting import views

        return views.item_detail(request, self.get_parent().specific, self.pk)

    def serve_preview(self, request, mode_name):
        # Admin previews (already permission-checked by the admin view) render the revision itself.
        from django.template.response import TemplateResponse

        return TemplateResponse(request, "info_reporting/info_report_page.html", {
            "page": self, "self": self, "item": self, "index": self.get_parent().specific, "preview": True,
            "events": self.events.all() if self.pk else [], "adoptions": self.adoptions.all() if self.pk else [],
            "instructions": self.instructions.all() if self.pk else [], "score_total": None,
            "score_explanation": "预览", "list_url": self.get_parent().url,
        })


class InfoBulletinPage(Page):
    """A generated 通报 of rankings; published only through moderation."""

    PERIOD_CHOICES = [("month", "月度"), ("quarter", "季度"), ("year", "年度")]

    period = models.CharField("统计周期", max_length=10, choices=PERIOD_CHOICES, default="month")
    year = models.PositiveSmallIntegerField("年度")
    number = models.PositiveSmallIntegerField("月份/季度", null=True, blank=True)
    period_label = models.CharField("期间", max_length=40, blank=True)
    body = RichTextField("正文", blank=True)
    rows = models.JSONField("排名", default=list, blank=True, editable=False,
                            help_text="生成时按记录计算的排名快照：名次、单位、得分、采用条数")
    generated_at = models.DateTimeField("生成时间", null=True, blank=True, editable=False)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("period"), FieldPanel("year"), FieldPanel("number")]),
        FieldPanel("period_label"),
        FieldPanel("body"),
    ]
    parent_page_types = ["info_reporting.InfoReportIndexPage"]
    subpage_types = []
    search_fields = Page.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = "通报"
        verbose_name_plural = "通报"

    def get_workflow(self):
        from info_reporting.setup import bulletin_workflow

        return bulletin_workflow()

    @property
    def has_workflow(self):
        return True

    def permissions_for_user(self, user):
        from info_reporting.permissions import BulletinPermissionTester

        return BulletinPermissionTester(user, self)

    def serve(self, request, *args, **kwargs):
        from django.core.exceptions import PermissionDenied

        if not access.has_info_access(request.user):
            raise PermissionDenied("只有信息报送单位和信息科人员可以查看通报")
        return super().serve(request, *args, **kwargs)
