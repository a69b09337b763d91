"""The notice form in the Wagtail admin: bad input is refused with a Chinese message and nothing is
stored; personal data is located and must be masked before submission."""
import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms_pages.notices.models import NoticePage

pytestmark = pytest.mark.django_db

TZ = dt.timezone(dt.timedelta(hours=8))
ID_NUMBER = "11010519491231002X"  # valid GB 11643 check digit
MOBILE = "13812345678"


def local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def form_data(kind, *, title="关于开展安全检查的通知", body="<p>请各单位做好准备。</p>", attachments=(),
              action="action-submit", **fields):
    data = {
        "title": title, "slug": fields.pop("slug", "notice-" + str(abs(hash(title)) % 10**8)),
        "kind": kind.pk, "body": rich_text(body), "summary": fields.pop("summary", ""),
        "attachments": inline_formset([{"document": d.pk, "label": ""} for d in attachments]),
        "comments": inline_formset([]),
        "pin_priority": fields.pop("pin_priority", 0), "pin_scope": fields.pop("pin_scope", "list"),
        "priority": "normal", "keywords": "",
    }
    multi = {}
    for key, value in fields.items():
        if isinstance(value, (list, tuple)):
            multi[key] = [str(v) for v in value]  # several values for one name, added after flattening
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, dt.datetime):
            data[key] = local(value)
        elif isinstance(value, dt.date):
            data[key] = value.isoformat()
        else:
            data[key] = value
    if action:
        data[action] = action
    return {**nested_form_data(data), **multi}


@pytest.fixture
def reviewer(client_for):
    return client_for("reviewer")


@pytest.fixture
def add_url(board):
    return f"/admin/pages/add/notices/noticepage/{board.pk}/"


def errors_of(response):
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    messages = [str(m) for m in form.non_field_errors()]
    for name, errs in form.errors.items():
        messages += [f"{name}: {e}" for e in errs]
    for formset in getattr(form, "formsets", {}).values():
        for sub in formset.forms:
            for name, errs in sub.errors.items():
                messages += [f"{name}: {e}" for e in errs]
    return "\n".join(messages)


def assert_nothing_stored():
    assert NoticePage.objects.count() == 0
    assert not Revision.objects.filter(content_type__model="noticepage").exists()


# -- a valid notice through the admin ------------------------------------------------------------

def test_a_pinned_notice_published_through_review_gets_the_default_pin_length(reviewer, add_url, kinds, users):
    from cms_pages.models import OrganisationUnit
    from governance.testing import publish_through_workflow

    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=TZ), tick=False):
        response = reviewer.post(add_url, form_data(
            kinds["通知"], pinned=True, summary="安全检查安排", formed_date=dt.date(2026, 3, 1),
            issuing_organisation=OrganisationUnit.objects.get(name="示范市人民政府办公室").pk))
        assert response.status_code == 302, errors_of(response)
        assert not NoticePage.objects.get().live  # submitted, not published: 三审 + 保密审查 first
        publish_through_workflow(NoticePage.objects.get(), submitted_by=users["reviewer"])
    page = NoticePage.objects.get()
    assert page.live and page.pinned
    assert page.pin_until == dt.datetime(2026, 3, 9, 9, tzinfo=TZ)  # 7 days by default
    assert page.pinned_at == dt.datetime(2026, 3, 2, 9, tzinfo=TZ)


def test_gongshi_end_defaults_from_the_kind_and_start_defaults_to_today(reviewer, add_url, kinds):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=TZ), tick=False):
        response = reviewer.post(add_url, form_data(kinds["公示"], objection_channel="市人社局 0571-12345678"))
        assert response.status_code == 302, errors_of(response)
    page = NoticePage.objects.get()
    assert (page.period_start, page.period_end) == (dt.date(2026, 3, 2), dt.date(2026, 3, 6))


def test_editor_can_only_save_drafts_and_submit(client_for, add_url, kinds):
    editor = client_for("editor")
    response = editor.post(add_url, form_data(kinds["通知"], action=None))
    assert response.status_code == 302, errors_of(response)
    page = NoticePage.objects.get()
    assert not page.live


# -- bad input -----------------------------------------------------------------------------------

def test_gongshi_end_before_start(reviewer, add_url, kinds):
    response = reviewer.post(add_url, form_data(kinds["公示"], period_start=dt.date(2026, 3, 6),
                                                period_end=dt.date(2026, 3, 2), objection_channel="电话"))
    assert "公示结束日期（2026年3月2日）早于开始日期（2026年3月6日），请更正" in errors_of(response)
    assert_nothing_stored()


def test_gongshi_shorter_than_the_minimum(reviewer, add_url, kinds):
    response = reviewer.post(add_url, form_data(kinds["公示"], period_start=dt.date(2026, 3, 2),
                                                period_end=dt.date(2026, 3, 4), objection_channel="电话"))
    assert "公示期不得少于5个工作日" in errors_of(response)
    assert_nothing_stored()


def test_gongshi_without_objection_channel(reviewer, add_url, kinds):
    response = reviewer.post(add_url, form_data(kinds["公示"], period_start=dt.date(2026, 3, 2),
                                                period_end=dt.date(2026, 3, 6)))
    assert "须注明异议受理方式" in errors_of(response)
    assert_nothing_stored()


def test_pin_end_in_the_past(reviewer, add_url, kinds):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=TZ), tick=False):
        response = reviewer.post(add_url, form_data(kinds["通知"], pinned=True,
                                                    pin_until=dt.datetime(2026, 3, 1, 9, tzinfo=TZ)))
        assert "置顶截止时间（2026年3月1日 09:00）已过，请选择当前时间（2026年3月2日 09:00）之后的时间" in errors_of(response)
    assert_nothing_stored()


def test_too_many_active_pins(reviewer, add_url, kinds, make_notice, settings):
    settings.GONGKAI_NOTICES = {"PIN_MAX_ACTIVE": 2}
    later = timezone.now() + dt.timedelta(days=3)
    make_notice("置顶甲", pinned=True, pin_until=later)
    make_notice("置顶乙", pinned=True, pin_until=later)
    make_notice("过期置顶", pinned=True, pin_until=timezone.now() - dt.timedelta(days=1))
    response = reviewer.post(add_url, form_data(kinds["通知"], pinned=True))
    text = errors_of(response)
    assert "本栏目已有2条置顶（上限2条）" in text and "《置顶甲》" in text and "过期置顶" not in text
    assert NoticePage.objects.count() == 3


def test_expiry_in_the_past(reviewer, add_url, kinds):
    response = reviewer.post(add_url, form_data(kinds["通知"], expires_at=timezone.now() - dt.timedelta(hours=2)))
    assert "过期时间" in errors_of(response) and "已过" in errors_of(response)
    assert_nothing_stored()


def test_attachment_of_a_wrong_type(reviewer, add_url, kinds, make_document):
    doc = make_document("setup.txt", b"plain text")  # txt is allowed for documents but not for notices
    response = reviewer.post(add_url, form_data(kinds["通知"], attachments=[doc]))
    assert "附件《setup.txt》的格式（.txt）不允许：通知公告附件只接受 PDF" in errors_of(response)
    assert_nothing_stored()


def test_attachment_renamed_to_pdf(reviewer, add_url, kinds, make_document):
    doc = make_document("report.pdf", b"MZ\x90\x00 this is an executable")
    response = reviewer.post(add_url, form_data(kinds["通知"], attachments=[doc]))
    assert "内容与扩展名 .pdf 不符" in errors_of(response)
    assert_nothing_stored()


def test_attachment_over_the_size_limit(reviewer, add_url, kinds, make_document, settings):
    settings.GONGKAI_NOTICES = {"ATTACHMENT_MAX_BYTES": 1024}
    doc = make_document("big.pdf", b"%PDF-1.4\n" + b"0" * 4096)
    response = reviewer.post(add_url, form_data(kinds["通知"], attachments=[doc]))
    assert "超过通知公告附件上限 1.0 KB" in errors_of(response)
    assert_nothing_stored()


def test_internal_notice_needs_an_audience_and_cannot_be_pinned(reviewer, add_url, kinds):
    response = reviewer.post(add_url, form_data(kinds["通知"], is_internal=True, pinned=True))
    text = errors_of(response)
    assert "内部通知须至少选择一项受众" in text and "不能置顶" in text
    assert_nothing_stored()


def test_acknowledgement_only_for_internal_notices(reviewer, add_url, kinds):
    response = reviewer.post(add_url, form_data(kinds["通知"], requires_ack=True))
    assert "只有内部通知可以要求签收" in errors_of(response)
    assert_nothing_stored()


def test_internal_notice_through_the_admin(reviewer, add_url, kinds):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="内部查阅")
    response = reviewer.post(add_url, form_data(kinds["通知"], is_internal=True, audience_groups=[group.pk],
                                                requires_ack=True))
    assert response.status_code == 302, errors_of(response)
    page = NoticePage.objects.get()
    assert page.is_internal and list(page.audience_groups.all()) == [group]
    assert page.get_view_restrictions().get().groups.get() == group


def test_internal_notice_to_units_and_named_people_through_the_admin(reviewer, add_url, kinds, users):
    from cms_pages.models import OrganisationUnit

    district = OrganisationUnit.objects.get(name="示范市东城区人民政府")
    response = reviewer.post(add_url, form_data(kinds["通知"], is_internal=True, audience_units=[district.pk],
                                                audience_people=[users["reader"].pk], auto_remind_days=2,
                                                action="action-save"))
    assert response.status_code == 302, errors_of(response)
    page = NoticePage.objects.get()
    assert list(page.audience_units.all()) == [district] and list(page.audience_people.all()) == [users["reader"]]
    assert page.auto_remind_days == 2
    # private for Wagtail (public(), sitemap, search) even without a group
    assert not NoticePage.objects.public().filter(pk=page.pk).exists()


def test_automatic_reminders_only_for_internal_notices_and_within_range(reviewer, add_url, kinds):
    response = reviewer.post(add_url, form_data(kinds["通知"], auto_remind_days=3))
    assert "只有内部通知可以设置自动催办" in errors_of(response)
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="内部查阅")
    response = reviewer.post(add_url, form_data(kinds["通知"], is_internal=True, audience_groups=[group.pk],
                                                auto_remind_days=60))
    assert "自动催办间隔须在1至30天之间" in errors_of(response)
    assert_nothing_stored()


def test_acknowledgement_deadline_in_the_past_is_refused(reviewer, add_url, kinds):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="内部查阅")
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, tzinfo=TZ), tick=False):
        response = reviewer.post(add_url, form_data(
            kinds["通知"], is_internal=True, audience_groups=[group.pk], requires_ack=True,
            ack_deadline=dt.datetime(2026, 3, 9, 17, tzinfo=TZ)))
        assert "签收截止时间（2026年3月9日 17:00）已过，请选择将来的时间" in errors_of(response)
    assert_nothing_stored()


# -- major / minor -------------------------------------------------------------------------------

def test_major_republish_needs_a_change_note_and_the_form_starts_afresh(reviewer, kinds, make_notice, users):
    from governance.testing import publish_through_workflow

    page = make_notice("关于调整办公时间的通知", slug="tiaozheng")
    url = f"/admin/pages/{page.pk}/edit/"
    fields = {"title": page.title, "slug": "tiaozheng", "summary": "办公时间调整",
              "issuing_organisation": page.issuing_organisation_id, "formed_date": page.formed_date}
    response = reviewer.post(url, form_data(kinds["通知"], **fields))
    assert "重大修改须填写修改说明" in errors_of(response)
    response = reviewer.post(url, form_data(kinds["通知"], change_note="时间调整", **fields))
    assert response.status_code == 302, errors_of(response)
    publish_through_workflow(page, submitted_by=users["reviewer"])
    form = reviewer.get(url).context["form"]
    assert form.initial["change_note"] == "" and form.initial["change_is_minor"] is False
    response = reviewer.post(url, form_data(kinds["通知"], change_is_minor=True, **fields))
    assert response.status_code == 302, errors_of(response)
    publish_through_workflow(page, submitted_by=users["reviewer"])
    assert [c.is_major for c in page.changes.order_by("published_at", "pk")] == [True, True, False]


# -- personal data -------------------------------------------------------------------------------

def test_id_number_in_the_body_blocks_publication_and_says_where(reviewer, add_url, kinds):
    body = f"<p>第一段。</p><p>张三，身份证号{ID_NUMBER}，电话{MOBILE}。</p>"
    response = reviewer.post(add_url, form_data(kinds["公示"], body=body, period_start=dt.date(2026, 3, 2),
                                                period_end=dt.date(2026, 3, 6), objection_channel="电话"))
    text = errors_of(response)
    assert "正文第2段：发现居民身份证号码" in text
    assert "11*************02X" in text and ID_NUMBER not in text  # the editor sees the masked form only
    assert "正文第2段：发现手机号码" in text and "138****5678" in text
    assert "发现未遮盖的个人信息，不能提交" in text
    assert_nothing_stored()


def test_draft_with_personal_data_may_be_saved(client_for, add_url, kinds):
    response = client_for("editor").post(add_url, form_data(kinds["通知"], body=f"<p>电话{MOBILE}</p>", action=None))
    assert response.status_code == 302, errors_of(response)


def test_submitting_for_review_is_checked_too(client_for, add_url, kinds):
    response = client_for("editor").post(add_url, form_data(kinds["通知"], body=f"<p>电话{MOBILE}</p>",
                                                            action="action-submit"))
    assert "发现手机号码" in errors_of(response)
    assert_nothing_stored()


def test_auto_mask_masks_title_summary_and_body(reviewer, add_url, kinds):
    response = reviewer.post(add_url, form_data(kinds["通知"], title=f"联系人电话{MOBILE}",
                                                summary=f"身份证{ID_NUMBER}", body=f"<p>电话：{MOBILE}</p>",
                                                auto_mask=True))
    assert response.status_code == 302, errors_of(response)
    page = NoticePage.objects.get()
    assert page.title == "联系人电话138****5678"
    assert page.summary == "身份证11*************02X"
    assert "138****5678" in page.body and MOBILE not in page.body


def test_personal_data_in_attachments_blocks_and_names_the_file_and_place(reviewer, add_url, kinds, make_document, files):
    pdf = make_document("名单.pdf", files.pdf("Name list", f"Zhang San {ID_NUMBER}"))
    xlsx = make_document("低保名单.xlsx", files.xlsx([("姓名", "手机"), ("李四", int(MOBILE))]))
    docx = make_document("说明.docx", files.docx("无个人信息"))
    response = reviewer.post(add_url, form_data(kinds["通知"], attachments=[pdf, xlsx, docx]))
    text = errors_of(response)
    assert "附件《名单.pdf》第2页第1行：发现居民身份证号码" in text
    assert "附件《低保名单.xlsx》工作表“名单”B2单元格：发现手机号码" in text
    assert "说明.docx" not in text
    assert "请遮盖后重新上传附件" in text
    assert_nothing_stored()


def test_masked_attachments_pass(reviewer, add_url, kinds, make_document, files):
    xlsx = make_document("低保名单.xlsx", files.xlsx([("姓名", "手机", "身份证"), ("李四", "138****5678", "11*************02X")]))
    response = reviewer.post(add_url, form_data(kinds["通知"], attachments=[xlsx]))
    assert response.status_code == 302, errors_of(response)


def test_unreadable_attachment_needs_the_editors_confirmation(reviewer, add_url, kinds, make_document):
    doc = make_document("旧名单.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    response = reviewer.post(add_url, form_data(kinds["通知"], attachments=[doc]))
    text = errors_of(response)
    assert "附件《旧名单.doc》" in text and "系统无法检查其中的个人信息" in text
    assert "核对后请勾选此项再提交" in text
    assert_nothing_stored()
    response = reviewer.post(add_url, form_data(kinds["通知"], attachments=[doc], pii_confirmed=True))
    assert response.status_code == 302, errors_of(response)


def test_notice_pii_findings_is_a_plain_function(make_notice, make_document, files):
    from cms_pages.notices.pii_check import notice_pii_findings

    page = make_notice("通知", body=f"<p>电话{MOBILE}</p>")
    page.attachments.create(document=make_document("a.pdf", files.pdf(f"ID {ID_NUMBER}")))
    findings = notice_pii_findings(page)
    assert [(f.check, f.field, f.line) for f in findings] == [
        ("pii.mobile", "正文", 1), ("pii.id_number", "附件《a.pdf》第1页", 1)]
    assert all(f.blocks_publication for f in findings)


def test_admin_create_and_edit_views_render_with_all_tabs(reviewer, add_url, make_notice):
    html = reviewer.get(add_url).content.decode()
    for label in ("置顶与发布", "内部通知", "个人信息检查", "自动遮盖正文中的个人信息", "公示期", "细微更正"):
        assert label in html
    internal = make_notice("内部通知", is_internal=True, groups=["内部查阅"])
    html = reviewer.get(f"/admin/pages/{internal.pk}/edit/").content.decode()
    assert f"/admin/notices/{internal.pk}/roster/" in html  # header button to the roster
    public = make_notice("公开通知")
    assert "/roster/" not in reviewer.get(f"/admin/pages/{public.pk}/edit/").content.decode()


def test_notice_kinds_are_editable_snippets(client_for, kinds):
    admin = client_for("admin")
    response = admin.get("/admin/snippets/notices/noticekind/")
    assert response.status_code == 200 and "招标采购" in response.content.decode()
    response = admin.post("/admin/snippets/notices/noticekind/add/", {
        "name": "通报", "slug": "tongbao", "period_unit": "workdays", "sort_order": 80, "is_active": "on"})
    assert response.status_code == 302
    response = admin.post("/admin/snippets/notices/noticekind/add/", {
        "name": "启事", "slug": "QiShi", "period_unit": "workdays", "sort_order": 90})
    assert response.status_code == 200  # refused: upper-case slug


def test_dashboard_warns_about_a_board_not_updated_for_months(client_for, make_notice):
    editor = client_for("editor")
    assert "空白栏目" in editor.get("/admin/").content.decode()
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=TZ), tick=False):
        make_notice("旧通知")
    with time_machine.travel(dt.datetime(2026, 6, 10, 9, tzinfo=TZ), tick=False):
        assert "即将超过6个月未更新" in editor.get("/admin/").content.decode()
    with time_machine.travel(dt.datetime(2026, 7, 10, 9, tzinfo=TZ), tick=False):
        assert "已超过6个月未更新" in editor.get("/admin/").content.decode()
    make_notice("新通知")
    assert "通知公告栏目更新提醒" not in editor.get("/admin/").content.decode()


def test_confirming_warnings_is_logged(reviewer, add_url, kinds, make_document):
    from wagtail.models import PageLogEntry

    doc = make_document("旧名单.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    response = reviewer.post(add_url, form_data(kinds["通知"], attachments=[doc], pii_confirmed=True))
    assert response.status_code == 302, errors_of(response)
    entry = PageLogEntry.objects.get(action="notices.pii_confirmed")
    assert entry.user.username == "reviewer"
