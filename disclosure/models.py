"""政府信息公开: the catalogue (pages), on-request applications (records, never pages), and
the annual report.

Application records (:class:`InformationRequest`, :class:`RequestEvent`) are plain models,
outside the page tree and outside the search index, so applicant identity, contact and
request text cannot reach any public page, feed, sitemap, search result or API.
"""
import datetime as _dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms_pages.models import GovernmentPage

from . import annual_report as ar
from . import index_number as idx
from . import request_states as rs
from . import deadlines as dl
from .vocabulary import (
    ART20_CHOICES, DELIVERY_CHOICES, DISCLOSURE_MODE_CHOICES, DISCLOSURE_SCOPE_CHOICES, GENRE_CHOICES,
    ID_TYPE_CHOICES, PROVISION_CHOICES, VALIDITY_CHOICES,
)


# =============================================================================
# Settings
# =============================================================================


@register_setting(icon="cog")
class DisclosureSettings(BaseSiteSetting):
    index_number_template = models.CharField(
        "索引号模板", max_length=80, default=idx.DEFAULT_TEMPLATE,
        help_text="占位符：{org} 机构代码、{year} 年、{yearmonth} 年月、{date} 日期、{class} 分类号、{serial:5} 流水号。"
        "默认 {org}/{year}-{serial:5}，如 000014349/2026-00071。修改只影响之后首次发布的信息，已赋号的不变",
    )
    default_org_code = models.CharField(
        "默认机构代码", max_length=18, blank=True,
        help_text="发布机构未填写机构代码时用于生成索引号的9位组织机构代码或18位统一社会信用代码",
    )
    due_soon_working_days = models.PositiveSmallIntegerField("临期提醒（工作日）", default=5)
    submissions_per_hour = models.PositiveSmallIntegerField("同一来源每小时最多提交申请数", default=5)
    status_lookups_per_hour = models.PositiveSmallIntegerField("同一来源每小时最多查询失败次数", default=20)

    panels = [
        MultiFieldPanel([FieldPanel("index_number_template"), FieldPanel("default_org_code")], "索引号"),
        MultiFieldPanel(
            [FieldPanel("due_soon_working_days"), FieldPanel("submissions_per_hour"), FieldPanel("status_lookups_per_hour")],
            "依申请公开",
        ),
    ]

    class Meta:
        verbose_name = "政府信息公开设置"

    def clean(self):
        try:
            idx.IndexNumberTemplate.parse(self.index_number_template)
        except idx.IndexNumberTemplateError as e:
            raise ValidationError({"index_number_template": str(e)})
        if self.default_org_code:
            try:
                self.default_org_code = idx.check_org_code(self.default_org_code)
            except idx.IndexNumberError as e:
                raise ValidationError({"default_org_code": str(e)})


# =============================================================================
# Proactive disclosure: pages
# =============================================================================


class IndexNumberCounter(models.Model):
    """Serial counter per scope (org, year, class). Never decremented: numbers are never reused."""

    org_code = models.CharField(max_length=18)
    year = models.PositiveSmallIntegerField(default=0)  # 0: the template has no date token
    class_code = models.CharField(max_length=20, blank=True, default="")
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "索引号流水"
        constraints = [
            models.UniqueConstraint(fields=["org_code", "year", "class_code"], name="unique_index_counter_scope")
        ]


class DisclosureIndexPage(Page):
    """政府信息公开: the disclosure platform's entry (catalogue, guide, on-request, reports)."""

    intro = models.TextField("栏目说明", blank=True)
    show_on_home = models.BooleanField("在首页显示", default=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("show_on_home")]
    parent_page_types = ["cms_pages.HomePage"]
    subpage_types = [
        "disclosure.DisclosureItemPage", "disclosure.DisclosureGuidePage",
        "disclosure.DisclosureRulesPage", "disclosure.AnnualReportPage", "cms_pages.SectionPage",
    ]

    class Meta:
        verbose_name = "政府信息公开"

    def items(self):
        return DisclosureItemPage.objects.descendant_of(self).live().public()

    def latest_items(self, limit):
        return self.items().order_by("-published_date", "-pk")[:limit]

    def get_context(self, request, *args, **kwargs):
        from .catalogue import catalogue_context

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue_context(self, request))
        return context



class DisclosureItemPage(GovernmentPage):
    """A catalogue item (政府信息公开目录条目) with the Art. 12 metadata and 索引号."""

    search_type_key = "disclosure"

    index_number = models.CharField(
        "索引号", max_length=64, null=True, blank=True, unique=True, editable=False,
        help_text="首次发布时按模板自动生成，之后不再改变",
    )
    index_number_assigned_at = models.DateTimeField("索引号生成时间", null=True, blank=True, editable=False)
    doc_number = models.CharField("文号", max_length=120, blank=True, help_text="如 示政办发〔2026〕3号")
    genre = models.CharField("体裁", max_length=20, blank=True, choices=GENRE_CHOICES)
    disclosure_mode = models.CharField("公开方式", max_length=20, choices=DISCLOSURE_MODE_CHOICES, default="主动公开")
    disclosure_scope = models.CharField("公开范围", max_length=20, choices=DISCLOSURE_SCOPE_CHOICES, default="面向社会")
    validity = models.CharField("有效性", max_length=20, choices=VALIDITY_CHOICES, blank=True)
    art20_category = models.CharField("法定主动公开内容类别", max_length=20, blank=True, choices=ART20_CHOICES)
    class_code = models.CharField("目录分类号", max_length=20, blank=True, help_text="索引号模板包含 {class} 时必填")
    statutory_days = models.PositiveSmallIntegerField(
        "法定公开期限（工作日）", null=True, blank=True, help_text="法律另有规定时填写；默认20个工作日（条例第二十六条）"
    )
    statutory_basis = models.CharField("另行规定的依据", max_length=200, blank=True)
    body = RichTextField("正文", blank=True)

    exclude_fields_in_copy = ["index_number", "index_number_assigned_at", "published_date", "external_id"]

    search_fields = GovernmentPage.search_fields + [
        index.SearchField("body"),
        index.SearchField("doc_number"),
        index.SearchField("index_number"),
        index.FilterField("art20_category"),
        index.FilterField("genre"),
    ]
    content_panels = GovernmentPage.content_panels + [FieldPanel("body")] + GovernmentPage.attachment_panels
    catalogue_panels = [
        MultiFieldPanel(
            [
                FieldPanel("doc_number"), FieldPanel("genre"), FieldPanel("disclosure_mode"),
                FieldPanel("disclosure_scope"), FieldPanel("validity"), FieldPanel("art20_category"),
                FieldPanel("class_code"),
            ],
            heading="目录信息",
        ),
        MultiFieldPanel([FieldPanel("statutory_days"), FieldPanel("statutory_basis")], heading="公开时限"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="内容"),
            ObjectList(GovernmentPage.metadata_panels + catalogue_panels, heading="元数据"),
            ObjectList(Page.promote_panels, heading="推广"),
            ObjectList(Page.settings_panels, heading="设置"),
        ]
    )
    parent_page_types = ["disclosure.DisclosureIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "公开目录信息"
        verbose_name_plural = "公开目录信息"

    def clean(self):
        super().clean()
        errors = {}
        if self.statutory_days and not self.statutory_basis.strip():
            errors["statutory_basis"] = "填写了另行规定的公开期限，请写明法律依据"
        if self.summary and len(self.summary) > 1000:
            errors["summary"] = "内容概述过长，请精简"
        if not self.index_number:
            try:
                self._index_template_and_org()
            except (idx.IndexNumberError, idx.IndexNumberTemplateError) as e:
                errors["issuing_organisation"] = str(e)
        if errors:
            raise ValidationError(errors)

    # -- 索引号 --------------------------------------------------------------
    def _settings(self):
        site = self.get_site() if self.pk and self.path else None
        if site is None:
            from wagtail.models import Site

            site = Site.objects.filter(is_default_site=True).first()
        return DisclosureSettings.for_site(site) if site else None

    def _index_template_and_org(self):
        s = self._settings()
        template = idx.IndexNumberTemplate.parse(s.index_number_template if s else idx.DEFAULT_TEMPLATE)
        org = self.issuing_organisation.code if self.issuing_organisation_id and self.issuing_organisation.code else ""
        org = org or (s.default_org_code if s else "")
        if not org:
            raise idx.IndexNumberError("发布机构没有机构代码，无法生成索引号：请为发布机构填写机构代码，或在“政府信息公开设置”中填写默认机构代码")
        idx.check_org_code(org)
        if template.has_class and not self.class_code:
            raise idx.IndexNumberError("索引号模板包含分类号 {class}，请填写目录分类号")
        return template, org

    def assign_index_number(self, on=None):
        """Give the page its 索引号 (once). Must run inside the publishing transaction."""
        template, org = self._index_template_and_org()
        on = on or self.published_date or timezone.localdate()
        scope = template.counter_scope(org, on, self.class_code or None)
        key = {"org_code": scope.org, "year": scope.year or 0, "class_code": scope.class_code or ""}
        try:
            with transaction.atomic():  # savepoint: a concurrent first publication may create the row
                counter, _ = IndexNumberCounter.objects.select_for_update().get_or_create(**key)
        except IntegrityError:
            counter = IndexNumberCounter.objects.select_for_update().get(**key)
        while True:  # skip numbers already taken (e.g. kept from an imported archive)
            counter.last_serial += 1
            number = template.render(org, on, counter.last_serial, self.class_code or None)
            if not DisclosureItemPage.objects.filter(index_number=number).exists():
                break
        counter.save(update_fields=["last_serial"])
        self.index_number = number
        self.index_number_assigned_at = timezone.now()

    def save(self, *args, **kwargs):
        with transaction.atomic():
            stored = None
            if self.pk:
                stored = (
                    DisclosureItemPage.objects.filter(pk=self.pk)
                    .values_list("index_number", "index_number_assigned_at").first()
                )
            if stored and stored[0]:
                # Never changed once assigned (restoring an old revision, edits, re-classification).
                self.index_number, self.index_number_assigned_at = stored
            elif self.live and not self.index_number:
                self.assign_index_number()
                update_fields = kwargs.get("update_fields")
                if update_fields is not None:
                    kwargs["update_fields"] = set(update_fields) | {"index_number", "index_number_assigned_at", "published_date"}
            return super().save(*args, **kwargs)

    def get_art20_label(self):
        return dict(ART20_CHOICES).get(self.art20_category, "")

    def timeliness(self, calendar=None):
        """Art. 26 check (20 wd after 生成日期) with the database calendar; None without dates."""
        if not (self.formed_date and self.published_date):
            return None
        from workdays.calendar import load_calendar

        return dl.is_late(
            self.formed_date, self.published_date, calendar or load_calendar(),
            statutory_days=self.statutory_days or dl.PROACTIVE_WD,
        )


class DisclosureGuidePage(Page):
    """政府信息公开指南 (Art. 12): classification, how to obtain, the office's contact block."""

    classification = RichTextField("分类与编排体系", blank=True)
    how_to_obtain = RichTextField("获取方式", blank=True)
    office_name = models.CharField("政府信息公开工作机构名称", max_length=120, blank=True)
    office_hours = models.CharField("办公时间", max_length=120, blank=True)
    fax = models.CharField("传真号码", max_length=60, blank=True)
    body = RichTextField("其他说明", blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("classification"), FieldPanel("how_to_obtain"),
        MultiFieldPanel([FieldPanel("office_name"), FieldPanel("office_hours"), FieldPanel("fax")], "工作机构"),
        FieldPanel("body"),
    ]
    parent_page_types = ["disclosure.DisclosureIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "政府信息公开指南"


class DisclosureRulesPage(Page):
    """政府信息公开制度."""

    body = RichTextField("正文", blank=True)
    content_panels = Page.content_panels + [FieldPanel("body")]
    parent_page_types = ["disclosure.DisclosureIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "政府信息公开制度"


# =============================================================================
# On-request disclosure (依申请公开): records, never pages
# =============================================================================

STATE_CHOICES = [(s.code, s.label) for s in rs.STATES.values()]
CHANNEL_CHOICES = list(dl.CHANNEL_LABELS.items())
APPLICANT_TYPE_CHOICES = list(ar.SECTION3_COLUMNS[:-1])
REPLY_TYPE_CHOICES = [(r.key, r.label) for r in rs.REPLY_TYPES.values()]
NATURAL = "natural_person"
ORGANISATION = "organisation"
APPLICANT_KIND_CHOICES = [(NATURAL, "公民（自然人）"), (ORGANISATION, "法人或其他组织")]

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_tracking_code(year=None):
    year = year or timezone.localdate().year
    return f"YSQ{year}-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


class InformationRequest(models.Model):
    """One 政府信息公开申请. Applicant fields are personal data: never rendered on public pages."""

    tracking_code = models.CharField("申请编号", max_length=20, unique=True, editable=False)
    query_password_hash = models.CharField(max_length=128, editable=False, blank=True)
    form_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    ip_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    applicant_kind = models.CharField("申请人类别", max_length=20, choices=APPLICANT_KIND_CHOICES, default=NATURAL)
    applicant_type = models.CharField("年报统计类别", max_length=20, choices=APPLICANT_TYPE_CHOICES, default=ar.NATURAL_PERSON)
    name = models.CharField("姓名/名称", max_length=100)
    id_type = models.CharField("证件类型", max_length=20, choices=ID_TYPE_CHOICES, blank=True)
    id_number = models.CharField("证件号码", max_length=40, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=20)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)

    title = models.CharField("所需信息名称", max_length=200)
    doc_number_hint = models.CharField("文号", max_length=120, blank=True)
    description = models.TextField("所需信息的内容描述")
    purpose = models.CharField("用途（选填）", max_length=500, blank=True)
    provision_form = models.CharField("提供形式", max_length=20, choices=PROVISION_CHOICES)
    delivery_method = models.CharField("获取方式", max_length=20, choices=DELIVERY_CHOICES)

    channel = models.CharField("申请渠道", max_length=20, choices=CHANNEL_CHOICES, default=dl.ONLINE)
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)
    arrived_on = models.DateField("到达日期", null=True, blank=True)
    received_on = models.DateField("收到申请之日", null=True, blank=True, help_text="首次收到日（第0日），受理确认后填写")

    state = models.CharField("办理状态", max_length=30, choices=STATE_CHOICES, default=rs.PENDING_CONFIRMATION, db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="承办人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="disclosure_requests",
    )
    correction_reply_by = models.DateField("补正期限", null=True, blank=True)
    reply_type = models.CharField("答复类型", max_length=30, choices=REPLY_TYPE_CHOICES, blank=True)
    report_code = models.CharField("年报统计项", max_length=10, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True, db_index=True)
    due_date = models.DateField("答复期限", null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField("期限为预计", default=False)
    fee_amount = models.PositiveIntegerField("信息处理费（元）", null=True, blank=True)
    fee_collected = models.PositiveIntegerField("已收信息处理费（元）", default=0)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-submitted_at"]
        permissions = [("handle_informationrequest", "办理政府信息公开申请（查看申请人信息）")]

    def __str__(self):
        return self.tracking_code

    def save(self, *args, **kwargs):
        if not self.tracking_code:
            for _ in range(10):
                code = new_tracking_code()
                if not InformationRequest.objects.filter(tracking_code=code).exists():
                    self.tracking_code = code
                    break
        return super().save(*args, **kwargs)

    def set_query_password(self):
        from django.contrib.auth.hashers import make_password

        raw = "".join(secrets.choice("23456789") for _ in range(6))
        self.query_password_hash = make_password(raw)
        return raw

    def check_query_password(self, raw):
        from django.contrib.auth.hashers import check_password

        return bool(self.query_password_hash) and check_password((raw or "").strip(), self.query_password_hash)

    @property
    def state_label(self):
        return rs.STATES[self.state].label

    @property
    def is_open(self):
        return not rs.STATES[self.state].closed

    @property
    def reply_type_obj(self):
        return rs.REPLY_TYPES.get(self.reply_type)


class RequestEvent(models.Model):
    """One step of an application's history (登记、审核、办理、答复、归档: Art. 45)."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=40)
    label = models.CharField("操作名称", max_length=60)
    state_from = models.CharField(max_length=30, blank=True)
    state_to = models.CharField(max_length=30, blank=True)
    on = models.DateField("日期")
    at = models.DateTimeField("记录时间", default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    comment = models.TextField("说明", blank=True)
    data = models.JSONField(default=dict, blank=True)
    applicant_visible = models.BooleanField("申请人可见", default=True)
    public_note = models.CharField("向申请人显示的说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["on", "at", "pk"]


class RedressCase(models.Model):
    """行政复议 / 行政诉讼 about a disclosure decision (annual report §四)."""

    KIND_CHOICES = list(ar.SECTION4_GROUPS)
    RESULT_CHOICES = [(ar.UPHELD, "结果维持"), (ar.CORRECTED, "结果纠正"), (ar.OTHER_RESULT, "其他结果")]

    request = models.ForeignKey(InformationRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="redress_cases")
    kind = models.CharField("类型", max_length=30, choices=KIND_CHOICES)
    filed_on = models.DateField("申请/起诉日期")
    concluded_on = models.DateField("审结日期", null=True, blank=True)
    result = models.CharField("结果", max_length=20, choices=RESULT_CHOICES, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    panels = [FieldPanel("request"), FieldPanel("kind"), FieldPanel("filed_on"), FieldPanel("concluded_on"),
              FieldPanel("result"), FieldPanel("note")]

    class Meta:
        verbose_name = "行政复议、行政诉讼"
        verbose_name_plural = "行政复议、行政诉讼"

    def __str__(self):
        return f"{self.get_kind_display()} {self.filed_on}"

    def clean(self):
        if self.concluded_on and not self.result:
            raise ValidationError({"result": "已审结的案件须填写结果"})
        if self.concluded_on and self.filed_on and self.concluded_on < self.filed_on:
            raise ValidationError({"concluded_on": "审结日期早于申请/起诉日期"})


# =============================================================================
# Annual report
# =============================================================================


class AnnualReportData(models.Model):
    """One year's table figures: generated from live records, or entered by hand for past years."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    is_manual = models.BooleanField("手工录入", default=False)
    section2 = models.JSONField("二、主动公开政府信息情况", default=dict, blank=True)
    section3 = models.JSONField("三、收到和处理政府信息公开申请情况", default=dict, blank=True)
    section4 = models.JSONField("四、行政复议、行政诉讼情况", default=dict, blank=True)
    # staff-entered figures of section 二
    licensing = models.PositiveIntegerField("行政许可处理决定数量", default=0)
    penalty = models.PositiveIntegerField("行政处罚处理决定数量", default=0)
    enforcement = models.PositiveIntegerField("行政强制处理决定数量", default=0)
    fees_wan_yuan = models.DecimalField("行政事业性收费金额（万元）", max_digits=14, decimal_places=4, default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "年度报告数据"
        verbose_name_plural = "年度报告数据"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年度报告数据"

    def tables(self):
        from .reports import tables_from_data

        return tables_from_data(self)


class AnnualReportPage(Page):
    """政府信息公开工作年度报告: narrative sections by editors, tables from AnnualReportData."""

    year = models.PositiveSmallIntegerField("报告年度")
    overview = RichTextField("一、总体情况", blank=True)
    problems = RichTextField("五、存在的主要问题及改进情况", blank=True)
    other_matters = RichTextField("六、其他需要报告的事项", blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("year"), FieldPanel("overview"), FieldPanel("problems"), FieldPanel("other_matters"),
    ]
    parent_page_types = ["disclosure.DisclosureIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "政府信息公开工作年度报告"

    def clean(self):
        super().clean()
        if self.year and not 2008 <= self.year <= 2200:
            raise ValidationError({"year": "报告年度应为4位年份"})
        if self.year and AnnualReportPage.objects.filter(year=self.year).exclude(pk=self.pk).exists():
            raise ValidationError({"year": f"{self.year}年度的年度报告页面已存在，请编辑原页面"})

    def data(self):
        return AnnualReportData.objects.filter(year=self.year).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        data = self.data()
        context["report_data"] = data
        context["tables"] = data.tables() if data else None
        return context
