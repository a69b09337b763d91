"""通知公告: the bulletin board, its notices, kinds, subscriptions and read receipts.

The rules (公示 status, pin precedence, expiry, attachment checks, roster colours) live in
``rules.py`` as plain functions; the query helpers here implement the same ordering in SQL so a
listing can be paginated, and the tests check both agree.
"""
from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel, ObjectList, TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms_pages.models import GovernmentPage

from . import conf, rules


# ---------------------------------------------------------------------------------------------
# kinds


class NoticeKind(models.Model):
    """A kind of notice (通知, 公告, 通告, 公示 …): data, edited by administrators."""

    name = models.CharField("名称", max_length=20, unique=True)
    slug = models.SlugField(
        "英文标识", max_length=40, unique=True,
        help_text="用于订阅源（RSS/Atom）地址，只能使用小写字母、数字和连字符，如 gongshi",
    )
    period_required = models.BooleanField(
        "须设公示期", default=False,
        help_text="勾选后，此类通知必须填写公示期和异议受理方式（如“公示”）",
    )
    period_length = models.PositiveSmallIntegerField(
        "默认公示期长度", null=True, blank=True,
        help_text="只填开始日期时据此计算结束日期；留空则使用系统设置（默认5个工作日）",
    )
    period_unit = models.CharField(
        "公示期单位", max_length=10, choices=list(rules.PERIOD_UNITS.items()), default=rules.WORKDAYS,
    )
    period_min_length = models.PositiveSmallIntegerField(
        "最短公示期", null=True, blank=True, help_text="编辑可以延长公示期，但不能短于此长度；留空不限",
    )
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    panels = [
        FieldPanel("name"), FieldPanel("slug"),
        MultiFieldPanel(
            [FieldPanel("period_required"), FieldPanel("period_length"), FieldPanel("period_unit"),
             FieldPanel("period_min_length")],
            heading="公示期",
        ),
        FieldPanel("sort_order"), FieldPanel("is_active"),
    ]

    class Meta:
        verbose_name = "通知类别"
        verbose_name_plural = "通知类别"
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.slug and self.slug != self.slug.lower():
            raise ValidationError({"slug": "英文标识只能使用小写字母、数字和连字符"})
        if self.period_length is not None and self.period_length < 1:
            raise ValidationError({"period_length": "默认公示期长度至少为1"})
        if self.period_min_length and self.period_length and self.period_length < self.period_min_length:
            raise ValidationError({"period_length": "默认公示期长度不能短于最短公示期"})

    @property
    def default_length(self):
        if self.period_length:
            return self.period_length, self.period_unit
        return conf.get("PERIOD_DEFAULT_LENGTH"), conf.get("PERIOD_DEFAULT_UNIT")

    def period_end_for(self, start, calendar=None):
        from .calendar import work_calendar

        length, unit = self.default_length
        return rules.period_end(start, length, unit, calendar or work_calendar())

    def minimum_end_for(self, start, calendar=None):
        """(earliest allowed end date, label) for a period starting on ``start``; (None, "")."""
        if not self.period_min_length:
            return None, ""
        from .calendar import work_calendar

        unit = self.period_unit
        end = rules.period_end(start, self.period_min_length, unit, calendar or work_calendar())
        return end, rules.length_label(self.period_min_length, unit)


# ---------------------------------------------------------------------------------------------
# the board


class NoticeQuerySet(PageQuerySet):
    def public_notices(self):
        """Live notices the public may see: not internal and not behind a view restriction."""
        return self.live().public().filter(is_internal=False)

    def current(self, now=None):
        now = now or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))

    def expired(self, now=None):
        now = now or timezone.now()
        return self.filter(expires_at__isnull=False, expires_at__lte=now)

    def in_listing_order(self, now=None, *, on_home=False):
        """Active pins first (priority desc, pin start desc), then by publication date desc —
        the SQL form of ``rules.listing_key``; pins are judged against ``now``, not stored flags."""
        now = now or timezone.now()
        active = Q(pinned=True, pin_until__isnull=False, pin_until__gt=now)
        if on_home:
            active &= Q(pin_scope=rules.PIN_SCOPE_HOME)
        return self.annotate(
            listing_pin_active=Case(When(active, then=Value(1)), default=Value(0), output_field=IntegerField()),
            listing_pin_rank=Case(When(active, then=F("pin_priority")), default=Value(0), output_field=IntegerField()),
            listing_pin_time=Case(When(active, then=F("pinned_at")), default=Value(None),
                          output_field=models.DateTimeField()),
        ).order_by(
            "-listing_pin_active", "-listing_pin_rank", F("listing_pin_time").desc(nulls_last=True),
            F("published_date").desc(nulls_last=True), F("first_published_at").desc(nulls_last=True), "-pk",
        )

    def by_date(self):
        return self.order_by(F("published_date").desc(nulls_last=True),
                             F("first_published_at").desc(nulls_last=True), "-pk")

    def visible_to(self, user, *, include_revoked=False):
        """Internal notices ``user`` is a recipient of (superusers: all); revoked ones only
        with ``include_revoked`` (the recipient's list shows them with a 已撤回 marker)."""
        qs = self.live().filter(is_internal=True)
        if not include_revoked:
            qs = qs.filter(revoked_at__isnull=True)
        if not user.is_authenticated or not user.is_active:
            return qs.none()
        if user.is_superuser:
            return qs
        ids = qs.filter(audience_q(user)).values("pk")
        return qs.filter(pk__in=ids)


NoticePageManager = PageManager.from_queryset(NoticeQuerySet)


def unit_with_ancestors(unit_id):
    """``[unit_id, parent_id, …]``: a notice addressed to a unit reaches its sub-units too."""
    from cms_pages.models import OrganisationUnit

    ids, seen = [], set()
    while unit_id is not None and unit_id not in seen:
        seen.add(unit_id)
        ids.append(unit_id)
        unit_id = OrganisationUnit.objects.filter(pk=unit_id).values_list("parent_id", flat=True).first()
    return ids


def unit_with_descendants(unit_ids):
    from cms_pages.models import OrganisationUnit

    result, frontier = set(unit_ids), set(unit_ids)
    while frontier:
        frontier = set(OrganisationUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - result
        result |= frontier
    return result


def user_unit_id(user):
    from cms_pages.models import StaffProfile

    return StaffProfile.objects.filter(user_id=user.pk).values_list("unit_id", flat=True).first()


def audience_q(user):
    """The notices whose audience (groups, units incl. parent units, named people) has ``user``."""
    cond = Q(audience_groups__in=user.groups.all()) | Q(audience_people=user)
    unit_id = user_unit_id(user)
    if unit_id is not None:
        cond |= Q(audience_units__in=unit_with_ancestors(unit_id))
    return cond


class NoticeIndexPage(Page):
    """通知公告: the bulletin board."""

    intro = models.TextField("栏目说明", blank=True)
    show_on_home = models.BooleanField("在首页显示", default=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("show_on_home")]
    parent_page_types = ["cms_pages.HomePage"]
    subpage_types = ["notices.NoticePage"]

    class Meta:
        verbose_name = "通知公告栏目"

    def notices(self):
        """Public, live notices of this board (expired ones included)."""
        return NoticePage.objects.child_of(self).public_notices()

    def listing(self, now=None, *, kind=None, on_home=False):
        """What the public list shows: current (not expired) notices in pin/date order."""
        now = now or timezone.now()
        qs = self.notices().current(now)
        if kind is not None:
            qs = qs.filter(kind=kind)
        return qs.select_related("kind", "issuing_organisation").in_listing_order(now, on_home=on_home)

    def latest_items(self, limit):
        """The home-page block: same rules as the list, pins with the home scope only."""
        return list(self.listing(on_home=True)[:limit])

    def kinds(self):
        return NoticeKind.objects.filter(is_active=True)

    def feed_urls(self, kind=None):
        args = [self.pk] + ([kind.slug] if kind else [])
        prefix = "notices:kind_feed_" if kind else "notices:feed_"
        return {"rss": reverse(prefix + "rss", args=args), "atom": reverse(prefix + "atom", args=args)}

    def get_context(self, request, *args, **kwargs):
        from cms_pages.listings import paginate

        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        kind = None
        slug = (request.GET.get("kind") or "").strip()
        if slug:
            kind = NoticeKind.objects.filter(slug=slug).first()
        archive = request.GET.get("expired") == "1"
        if archive:
            qs = self.notices().expired(now).select_related("kind").by_date()
            if kind is not None:
                qs = qs.filter(kind=kind)
        else:
            qs = self.listing(now, kind=kind)
        context.update({
            "page_obj": paginate(request, qs),
            "kind": kind,
            "archive": archive,
            "feeds": self.feed_urls(kind),
            "board_feeds": self.feed_urls(),
            "now": now,
            "today": timezone.localdate(now),
        })
        return context


# ---------------------------------------------------------------------------------------------
# the notice


class NoticePriority(models.TextChoices):
    NORMAL = "normal", "一般"
    IMPORTANT = "important", "重要"
    URGENT = "urgent", "紧急"


class NoticePage(GovernmentPage):
    """A notice on the board: public or internal (内部通知)."""

    kind = models.ForeignKey(NoticeKind, verbose_name="类别", on_delete=models.PROTECT, related_name="notices")
    body = RichTextField("正文", blank=True)

    # 公示期 (notices.md §2)
    period_start = models.DateField("公示开始日期", null=True, blank=True)
    period_end = models.DateField(
        "公示结束日期", null=True, blank=True,
        help_text="只填开始日期时按类别的默认公示期自动计算；开始、结束日期均计入公示期",
    )
    objection_channel = models.TextField(
        "异议受理方式", blank=True,
        help_text="受理异议的部门及电话、地址或电子邮箱；须设公示期的通知必须填写",
    )

    # 置顶 (notices.md §3)
    pinned = models.BooleanField("置顶", default=False)
    pin_until = models.DateTimeField(
        "置顶截止时间", null=True, blank=True,
        help_text="置顶必须有截止时间；留空则默认置顶7天。到期后自动按发布时间排序",
    )
    pin_priority = models.SmallIntegerField("置顶优先级", default=0, help_text="数字越大越靠前")
    pin_scope = models.CharField("置顶范围", max_length=10, choices=list(rules.PIN_SCOPES.items()),
                                 default=rules.PIN_SCOPE_LIST)
    pinned_at = models.DateTimeField("置顶开始时间", null=True, blank=True, editable=False)

    # 过期 (Plone-style; not Wagtail's expire_at, which unpublishes)
    expires_at = models.DateTimeField(
        "过期时间", null=True, blank=True,
        help_text="到期后不再出现在列表、首页和订阅源中，原链接仍可访问并标明“已过期”",
    )

    # major / minor change (notices.md §5.2)
    change_is_minor = models.BooleanField(
        "细微更正", default=False,
        help_text="仅更正错别字、格式等：不通知订阅者，公开的“更新时间”不变。首次发布总是视为重大更新",
    )
    change_note = models.CharField(
        "修改说明", max_length=500, blank=True, help_text="重大修改必须填写，将公开显示并发送给订阅者",
    )
    last_major_update_at = models.DateTimeField("最近重大更新时间", null=True, blank=True, editable=False)

    # 内部通知 (notices.md §6)
    is_internal = models.BooleanField(
        "内部通知", default=False,
        help_text="只有所选用户组的登录用户可以查看；不出现在公开列表、搜索、订阅源和网站地图中",
    )
    audience_groups = ParentalManyToManyField(Group, verbose_name="可查阅的用户组", blank=True, related_name="+")
    audience_units = ParentalManyToManyField(
        "cms_pages.OrganisationUnit", verbose_name="可查阅的单位", blank=True, related_name="+",
        help_text="所选单位及其下级单位的全部人员（按“人员所属单位”）",
    )
    audience_people = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="指定人员", blank=True, related_name="+",
    )
    priority = models.CharField("紧急程度", max_length=10, choices=NoticePriority.choices,
                                default=NoticePriority.NORMAL)
    requires_ack = models.BooleanField("需签收", default=False)
    ack_deadline = models.DateTimeField("签收截止时间", null=True, blank=True)
    auto_remind_days = models.PositiveSmallIntegerField(
        "自动催办间隔（天）", null=True, blank=True,
        help_text="每隔几天自动向未阅读（需签收时为未签收）的人员发送催办邮件，直到完成或签收截止；留空不自动催办",
    )

    # 撤回 (notices.md §6): the sender's own action; receipts are kept
    revoked_at = models.DateTimeField("撤回时间", null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="撤回人", null=True, blank=True,
                                   editable=False, on_delete=models.SET_NULL, related_name="+")
    revoke_reason = models.CharField("撤回原因", max_length=300, blank=True, editable=False)

    objects = NoticePageManager()

    search_fields = GovernmentPage.search_fields + [
        index.SearchField("body"),
        index.FilterField("kind"),
        # The search helper must filter on this: internal notices are never public results.
        index.FilterField("is_internal"),
        index.FilterField("expires_at"),
    ]

    content_panels = GovernmentPage.content_panels + [
        FieldPanel("kind", widget=forms.Select),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]), FieldPanel("objection_channel")],
            heading="公示期",
        ),
    ] + GovernmentPage.attachment_panels + [
        MultiFieldPanel(
            [
                HelpPanel("<p>提交审核或发布前，系统会检查标题、概述、正文和附件中的身份证号码、手机号码、银行卡号。"
                          "请按规定遮盖（如 138****1234）后再提交；可勾选下方选项自动遮盖正文。</p>"),
                FieldPanel("auto_mask"),
                FieldPanel("pii_confirmed"),
            ],
            heading="个人信息检查",
        ),
    ]
    display_panels = [
        MultiFieldPanel(
            [FieldPanel("pinned"), FieldRowPanel([FieldPanel("pin_until"), FieldPanel("pin_priority")]),
             FieldPanel("pin_scope")],
            heading="置顶",
        ),
        FieldPanel("expires_at"),
        MultiFieldPanel([FieldPanel("change_is_minor"), FieldPanel("change_note")], heading="本次修改"),
    ]
    internal_panels = [
        FieldPanel("is_internal"),
        MultiFieldPanel([
            FieldPanel("audience_groups", widget=forms.CheckboxSelectMultiple),
            FieldPanel("audience_units", widget=forms.CheckboxSelectMultiple),
            FieldPanel("audience_people", widget=forms.SelectMultiple(attrs={"size": 8})),
        ], heading="受众（至少选择一项）"),
        FieldPanel("priority"),
        FieldRowPanel([FieldPanel("requires_ack"), FieldPanel("ack_deadline")]),
        FieldPanel("auto_remind_days"),
    ]
    edit_handler = TabbedInterface([
        ObjectList(content_panels, heading="内容"),
        ObjectList(display_panels, heading="置顶与发布"),
        ObjectList(internal_panels, heading="内部通知"),
        ObjectList(GovernmentPage.metadata_panels, heading="元数据"),
        ObjectList(Page.promote_panels, heading="推广"),
        ObjectList(Page.settings_panels, heading="设置"),
    ])
    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "通知公告"
        verbose_name_plural = "通知公告"

    # -- derived state ---------------------------------------------------------------------------
    @property
    def period_status(self):
        return rules.period_status(self.period_start, self.period_end, timezone.localdate())

    @property
    def period_status_key(self):
        return rules.PERIOD_STATUS_KEYS.get(self.period_status, "")

    @property
    def period_text(self):
        if self.period_start and self.period_end:
            return rules.period_text(self.period_start, self.period_end)
        return ""

    @property
    def is_expired(self):
        return rules.is_expired(self.expires_at, timezone.now())

    @property
    def pin_active(self):
        return rules.pin_is_active(self.pinned, self.pin_until, timezone.now())

    @property
    def updated_at(self):
        """Public "更新时间": the last major change after the first publication (minor
        corrections leave it alone); None while there has been none."""
        first, last = self.first_published_at, self.last_major_update_at
        if first and last and (last - first).total_seconds() > 60:
            return last
        return None

    def listing_entry(self):
        return rules.ListingEntry(
            id=self.pk, published=self.published_date, published_at=self.first_published_at,
            pinned=self.pinned, pin_until=self.pin_until, pin_priority=self.pin_priority,
            pinned_at=self.pinned_at, pin_scope=self.pin_scope,
        )

    def major_changes(self):
        return self.changes.filter(is_major=True).exclude(note="").order_by("published_at")

    def attachment_items(self):
        items = []
        for att in self.attachments.select_related("document").all():
            doc = att.document
            try:
                size = doc.get_file_size()
            except (OSError, ValueError):
                size = None
            ext = rules.extension_of(doc.file.name)
            items.append({
                "name": att.display_name, "url": doc.url, "ext": ext.upper(),
                "format": rules.ATTACHMENT_FORMATS.get(ext, (ext.upper(),))[0],
                "size": rules.human_size(size) if size is not None else "",
            })
        return items

    # -- internal notices ------------------------------------------------------------------------
    @property
    def is_revoked(self):
        return self.revoked_at is not None

    def is_recipient(self, user):
        """Whether ``user`` is in the audience: a chosen group, a chosen unit (or one above
        theirs), or named. Superusers are not recipients unless addressed."""
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if self.audience_people.filter(pk=user.pk).exists():
            return True
        if self.audience_groups.filter(pk__in=user.groups.values("pk")).exists():
            return True
        unit_id = user_unit_id(user)
        return unit_id is not None and self.audience_units.filter(pk__in=unit_with_ancestors(unit_id)).exists()

    def user_can_view(self, user):
        if not self.is_internal:
            return True
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        return user.is_superuser or self.is_recipient(user)

    def audience_users(self):
        """Everyone the notice is addressed to (active users), by group, unit or name."""
        from django.contrib.auth import get_user_model

        cond = Q(groups__in=self.audience_groups.all()) | Q(pk__in=self.audience_people.values("pk"))
        unit_ids = list(self.audience_units.values_list("pk", flat=True))
        if unit_ids:
            cond |= Q(staff_profile__unit_id__in=unit_with_descendants(unit_ids))
        User = get_user_model()
        ids = User.objects.filter(cond).values("pk")
        return (User.objects.filter(is_active=True, pk__in=ids)
                .select_related("staff_profile__unit").order_by("username"))

    def get_view_restrictions(self):
        """Wagtail's own serving check knows only groups; once our hook has checked the whole
        audience (groups, units, people) for this request, the notice's own group restriction
        is not checked a second time. Parents' restrictions always apply."""
        restrictions = super().get_view_restrictions()
        if getattr(self, "_audience_checked", False):
            restrictions = restrictions.exclude(page_id=self.pk)
        return restrictions

    def sync_view_restriction(self):
        """Keep one group restriction in step with is_internal / audience_groups, so that
        Wagtail's own checks (``.public()``, page serving, sitemap, search visibility) treat the
        notice as private. Recipients by unit or name are not in it (Wagtail restrictions know
        only groups): serving lets them through after ``user_can_view``; everything else that
        reads the restriction errs on the side of not showing the notice to them."""
        restrictions = PageViewRestriction.objects.filter(page=self, restriction_type=PageViewRestriction.GROUPS)
        if not self.is_internal:
            restrictions.delete()
            return
        restriction = restrictions.first()
        if restriction is None:
            restriction = PageViewRestriction.objects.create(page=self, restriction_type=PageViewRestriction.GROUPS)
        restrictions.exclude(pk=restriction.pk).delete()
        groups = list(self.audience_groups.all())
        restriction.groups.set(groups)

    def record_read(self, user):
        now = timezone.now()
        receipt, created = NoticeReceipt.objects.get_or_create(notice=self, user=user, defaults={"first_read_at": now})
        if not created and receipt.first_read_at is None:
            NoticeReceipt.objects.filter(pk=receipt.pk, first_read_at__isnull=True).update(first_read_at=now)
            receipt.first_read_at = now
        return receipt

    # -- 单位签收 (a unit's designated person signs for the whole unit) ---------------------------
    def designated_units(self):
        """{unit id: (unit, [designated active users])} for the addressed units that have a
        designated person for 签收; empty when the notice needs no 签收."""
        if not self.requires_ack:
            return {}
        result = {}
        designations = (NoticeUnitSigner.objects.filter(unit__in=self.audience_units.all(), user__is_active=True)
                        .select_related("unit", "user").order_by("unit_id", "user__username"))
        for d in designations:
            result.setdefault(d.unit_id, (d.unit, []))[1].append(d.user)
        return result

    def _addressed_personally_ids(self):
        from django.contrib.auth import get_user_model

        User = get_user_model()
        return set(User.objects.filter(Q(pk__in=self.audience_people.values("pk"))
                                       | Q(groups__in=self.audience_groups.all())).values_list("pk", flat=True))

    def signing_unit_for(self, user, designated=None):
        """The addressed unit (id) whose designated person signs for ``user``, or None."""
        designated = self.designated_units() if designated is None else designated
        if not designated:
            return None
        unit_id = user_unit_id(user)
        if unit_id is None:
            return None
        return rules.signing_unit(unit_with_ancestors(unit_id), designated.keys(),
                                  addressed_personally=user.pk in self._addressed_personally_ids())

    def units_signed_by(self, user, designated=None):
        """The addressed units (ids) for which ``user`` is a designated person."""
        designated = self.designated_units() if designated is None else designated
        return [uid for uid, (_, signers) in designated.items() if any(u.pk == user.pk for u in signers)]

    def unit_signing_for(self, user):
        """For the notice page: the unit 签收 that concerns ``user`` (as its designated person or
        as a member whose unit signs through one), or None when they sign personally."""
        if not self.requires_ack or not user.is_authenticated:
            return None
        designated = self.designated_units()
        if not designated:
            return None
        for_units = self.units_signed_by(user, designated)
        covering = self.signing_unit_for(user, designated)
        wanted = for_units or ([covering] if covering is not None else [])
        if not wanted:
            return None
        rows = [r for r in self.unit_signing_status(designated) if r["unit"].pk in wanted]
        return {"is_signer": bool(for_units), "units": rows,
                "all_signed": all(r["signed_at"] for r in rows)}

    def unit_signing_status(self, designated=None):
        """Per addressed unit with a designated person: unit, signers, and who signed when."""
        designated = self.designated_units() if designated is None else designated
        acks = {a.unit_id: a for a in self.unit_acks.select_related("user")}
        rows = []
        for uid, (unit, signers) in designated.items():
            ack = acks.get(uid)
            rows.append({
                "unit": unit, "signers": signers,
                "signer_names": "、".join(u.get_full_name() or u.get_username() for u in signers),
                "signed_by": (ack.user.get_full_name() or ack.user.get_username()) if ack and ack.user else "",
                "signed_at": ack.acknowledged_at if ack else None,
            })
        return sorted(rows, key=lambda r: str(r["unit"]))

    def roster(self, now=None):
        now = now or timezone.now()
        receipts = {r.user_id: r for r in self.receipts.all()}
        designated = self.designated_units()
        unit_status = {r["unit"].pk: r for r in self.unit_signing_status(designated)}
        personal = self._addressed_personally_ids() if designated else set()
        rows = []
        for user in self.audience_users():
            r = receipts.get(user.pk)
            profile = getattr(user, "staff_profile", None)
            signing = None
            if designated and profile is not None:
                signing = rules.signing_unit(unit_with_ancestors(profile.unit_id), designated.keys(),
                                             addressed_personally=user.pk in personal)
            unit_row = unit_status.get(signing) if signing else None
            row = rules.RosterRow(
                user_id=user.pk, name=user.get_full_name() or user.get_username(),
                unit=str(profile.unit) if profile else "（未设单位）",
                read_at=r.first_read_at if r else None,
                acknowledged_at=(unit_row["signed_at"] if unit_row else (r.acknowledged_at if r else None)),
                reminded_at=r.last_reminded_at if r else None,
                signing_unit=str(unit_row["unit"]) if unit_row else "",
                is_unit_signer=bool(unit_row and any(u.pk == user.pk for u in unit_row["signers"])),
                unit_signed_by=unit_row["signed_by"] if unit_row else "",
                unit_signed_at=unit_row["signed_at"] if unit_row else None,
            )
            notified = bool(r and (r.notified_at or r.last_reminded_at))
            rows.append(rules.roster_status(row, requires_ack=self.requires_ack, deadline=self.ack_deadline,
                                            now=now, notified=notified))
        return rules.order_roster(rows)

    # -- Wagtail ---------------------------------------------------------------------------------
    def with_content_json(self, content):
        """System-kept values belong to the page, not to a revision: publishing an older draft
        must not put back an old pin start or major-update time."""
        obj = super().with_content_json(content)
        obj.pinned_at = self.pinned_at
        obj.last_major_update_at = self.last_major_update_at
        obj.revoked_at, obj.revoked_by_id, obj.revoke_reason = self.revoked_at, self.revoked_by_id, self.revoke_reason
        return obj

    def save(self, *args, **kwargs):
        full_save = kwargs.get("update_fields") is None
        old = None
        if full_save and self.pk:
            old = NoticePage.objects.filter(pk=self.pk).values("pinned", "pin_until", "pin_priority", "pin_scope").first()
        if full_save:
            self._stamp_pin(old)
        result = super().save(*args, **kwargs)
        if full_save:
            self.sync_view_restriction()
            self._log_pin_change(old)
        return result

    def _stamp_pin(self, old):
        if not self.pinned:
            return
        was = old or {}
        if not was.get("pinned") or was.get("pin_until") != self.pin_until or self.pinned_at is None:
            self.pinned_at = timezone.now()

    def _log_pin_change(self, old):
        was = old or {"pinned": False, "pin_until": None, "pin_priority": 0, "pin_scope": rules.PIN_SCOPE_LIST}
        now = {"pinned": self.pinned, "pin_until": self.pin_until, "pin_priority": self.pin_priority,
               "pin_scope": self.pin_scope}
        if was == now or (not was["pinned"] and not self.pinned):
            return
        from wagtail.log_actions import log

        def fmt(v):
            return {k: (val.isoformat() if hasattr(val, "isoformat") else val) for k, val in v.items()}

        log(self, "notices.pin_changed", data={"before": fmt(was), "after": fmt(now)})

    def get_sitemap_urls(self, request=None):
        if self.is_internal:
            return []
        return super().get_sitemap_urls(request)

    def serve(self, request, *args, **kwargs):
        if self.is_internal:
            denied = internal_access_response(self, request)
            if denied is not None:
                return denied
            if request.user.is_authenticated and not self.is_revoked:
                request.notice_receipt = self.record_read(request.user)
            from django.utils.cache import add_never_cache_headers

            response = super().serve(request, *args, **kwargs)
            add_never_cache_headers(response)  # never cached for others
            return response
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["receipt"] = getattr(request, "notice_receipt", None)
        context["unit_signing"] = self.unit_signing_for(request.user) if self.is_internal else None
        context["today"] = timezone.localdate()
        board = self.get_parent().specific
        if isinstance(board, NoticeIndexPage) and not self.is_internal:
            context["feeds"] = board.feed_urls()
        return context


def internal_access_response(page, request):
    """None when ``request.user`` may read the internal notice, else the response to send:
    a login redirect for visitors, a 403 page for staff outside the audience, and for a revoked
    notice a 已撤回 page (410) to everyone but its sender side."""
    from django.template.response import TemplateResponse
    from django.utils.cache import add_never_cache_headers

    if page.user_can_view(request.user):
        if page.is_revoked and not _can_manage(request.user, page):
            response = TemplateResponse(request, "notices/internal_revoked.html", {"page": page}, status=410)
            add_never_cache_headers(response)
            return response
        return None
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        response = redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    else:
        response = TemplateResponse(request, "notices/internal_forbidden.html", {"page": page}, status=403)
    add_never_cache_headers(response)
    return response


def _can_manage(user, page):
    from .admin_views import can_manage

    return can_manage(user, page)


# ---------------------------------------------------------------------------------------------
# publication record, receipts, subscriptions


class NoticeChange(models.Model):
    """One publication of a notice: major or minor, with its public change note."""

    notice = models.ForeignKey(NoticePage, verbose_name="通知", on_delete=models.CASCADE, related_name="changes")
    revision = models.ForeignKey("wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField("发布时间", default=timezone.now)
    is_major = models.BooleanField("重大更新", default=True)
    note = models.CharField("修改说明", max_length=500, blank=True)
    alerts_sent = models.PositiveIntegerField("已发送提醒", default=0)

    class Meta:
        verbose_name = "发布记录"
        verbose_name_plural = "发布记录"
        ordering = ["-published_at"]


class NoticeReceipt(models.Model):
    """Per recipient of an internal notice: first read, 签收, notification and reminders."""

    notice = models.ForeignKey(NoticePage, verbose_name="通知", on_delete=models.CASCADE, related_name="receipts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="notice_receipts")
    first_read_at = models.DateTimeField("首次阅读时间", null=True, blank=True)
    acknowledged_at = models.DateTimeField("签收时间", null=True, blank=True)
    notified_at = models.DateTimeField("通知时间", null=True, blank=True)
    last_reminded_at = models.DateTimeField("最近催办时间", null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField("催办次数", default=0)

    class Meta:
        verbose_name = "阅读签收记录"
        verbose_name_plural = "阅读签收记录"
        constraints = [models.UniqueConstraint(fields=["notice", "user"], name="unique_notice_receipt")]


class NoticeUnitSigner(models.Model):
    """单位签收人: the person(s) of an organisational unit who press 签收 for the whole unit when
    an internal notice needing 签收 is addressed to the unit (notices.md §6)."""

    unit = models.ForeignKey("cms_pages.OrganisationUnit", verbose_name="单位", on_delete=models.CASCADE,
                             related_name="notice_signers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签收人", on_delete=models.CASCADE,
                             related_name="notice_signer_for",
                             help_text="须为本单位人员（按“人员所属单位”）；一个单位可指定多人，任一人签收即代表本单位")

    panels = [FieldPanel("unit"), FieldPanel("user")]

    class Meta:
        verbose_name = "单位签收人"
        verbose_name_plural = "单位签收人"
        ordering = ["unit_id", "user_id"]
        constraints = [models.UniqueConstraint(fields=["unit", "user"], name="unique_notice_unit_signer")]

    def __str__(self):
        name = (self.user.get_full_name() or self.user.get_username()) if self.user_id else ""
        return f"{self.unit if self.unit_id else ''}：{name}"

    def clean(self):
        if not self.unit_id or not self.user_id:
            return
        try:
            rules.check_designation(str(self.unit), self.user.get_full_name() or self.user.get_username(),
                                    user_unit_id(self.user), self.unit_id)
        except rules.DesignationError as exc:
            raise ValidationError({"user": str(exc)}) from exc


class NoticeUnitAck(models.Model):
    """单位签收: a unit's designated person signed an internal notice for the whole unit."""

    notice = models.ForeignKey(NoticePage, verbose_name="通知", on_delete=models.CASCADE, related_name="unit_acks")
    unit = models.ForeignKey("cms_pages.OrganisationUnit", verbose_name="单位", on_delete=models.CASCADE,
                             related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签收人", null=True,
                             on_delete=models.SET_NULL, related_name="+")
    acknowledged_at = models.DateTimeField("签收时间", default=timezone.now)

    class Meta:
        verbose_name = "单位签收记录"
        verbose_name_plural = "单位签收记录"
        constraints = [models.UniqueConstraint(fields=["notice", "unit"], name="unique_notice_unit_ack")]


class NoticeSubscription(models.Model):
    """An e-mail subscription to a board (optionally narrowed to kinds, issuing units and
    主题分类), immediate or as a daily / weekly digest, confirmed by double opt-in."""

    board = models.ForeignKey(NoticeIndexPage, verbose_name="栏目", on_delete=models.CASCADE, related_name="subscriptions")
    email = models.EmailField("电子邮箱", max_length=254)
    kinds = models.ManyToManyField(NoticeKind, verbose_name="类别", blank=True, related_name="+",
                                   help_text="不选表示订阅全部类别")
    units = models.ManyToManyField("cms_pages.OrganisationUnit", verbose_name="发布机构", blank=True,
                                   related_name="+", help_text="不选表示全部发布机构；含下级机构")
    topics = models.ManyToManyField("cms_pages.TopicCategory", verbose_name="主题分类", blank=True,
                                    related_name="+", help_text="不选表示全部主题；选一级分类含其下二级分类")
    frequency = models.CharField("发送频率", max_length=10, choices=list(rules.FREQUENCIES.items()),
                                 default=rules.IMMEDIATE)
    last_digest_at = models.DateTimeField("最近摘要发送时间", null=True, blank=True)
    created_at = models.DateTimeField("申请时间", default=timezone.now)
    confirmation_sent_at = models.DateTimeField("确认邮件发送时间", null=True, blank=True)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    consent_text = models.CharField("同意声明", max_length=300, blank=True)
    last_alert_at = models.DateTimeField("最近提醒时间", null=True, blank=True)

    class Meta:
        verbose_name = "邮件订阅"
        verbose_name_plural = "邮件订阅"
        constraints = [models.UniqueConstraint(fields=["board", "email"], name="unique_subscription_per_board")]

    def __str__(self):
        return f"{mask_email(self.email)} → {self.board}"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def wants(self, notice):
        unit_ids = unit_with_ancestors(notice.issuing_organisation_id) if notice.issuing_organisation_id else []
        topic_ids = []
        if notice.topic_id:
            topic_ids = [notice.topic_id]
            from cms_pages.models import TopicCategory

            parent = TopicCategory.objects.filter(pk=notice.topic_id).values_list("parent_id", flat=True).first()
            if parent:
                topic_ids.append(parent)
        return rules.subscription_matches(
            kind_id=notice.kind_id, unit_ids=unit_ids, topic_ids=topic_ids,
            wanted_kinds=[k.pk for k in self.kinds.all()], wanted_units=[u.pk for u in self.units.all()],
            wanted_topics=[t.pk for t in self.topics.all()],
        )

    def choices_text(self):
        """What the subscriber chose, in words (confirmation and digest mails)."""
        parts = [f"栏目：{self.board.title}"]
        for label, items in (("类别", self.kinds.all()), ("发布机构", self.units.all()), ("主题分类", self.topics.all())):
            names = [str(i) for i in items]
            parts.append(f"{label}：{'、'.join(names) if names else '全部'}")
        parts.append(f"频率：{self.get_frequency_display()}")
        return "；".join(parts)


class NoticeDelivery(models.Model):
    """That a subscriber was sent a publication (immediately or in a digest): never twice."""

    subscription = models.ForeignKey(NoticeSubscription, on_delete=models.CASCADE, related_name="deliveries")
    change = models.ForeignKey(NoticeChange, on_delete=models.CASCADE, related_name="deliveries")
    sent_at = models.DateTimeField("发送时间", default=timezone.now)
    digest = models.BooleanField("摘要", default=False)

    class Meta:
        verbose_name = "订阅发送记录"
        verbose_name_plural = "订阅发送记录"
        constraints = [models.UniqueConstraint(fields=["subscription", "change"], name="unique_delivery")]


def mask_email(email):
    """``zhangsan@example.com`` → ``zh***@example.com`` (admin lists never show full addresses)."""
    local, _, domain = (email or "").partition("@")
    return f"{local[:2]}***@{domain}" if domain else "***"


from .forms import NoticePageForm  # noqa: E402  (the form imports models lazily)

NoticePage.base_form_class = NoticePageForm
