"""Back office over HTTP: permissions, masking for roles that do not handle requests, actions
through the one service with Chinese refusals, traffic lights, DOCX letters, timeliness report."""
import datetime as dt
import io

import pytest
from django.test import Client

from disclosure import services
from disclosure.models import InformationRequest

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def handler_client(handler):
    c = Client()
    c.force_login(handler)
    return c


@pytest.fixture
def reader_client(handler, users):
    # ensure_request_roles (run by the handler fixture) lets 内部查阅 see the masked register
    c = Client()
    c.force_login(users["reader"])
    return c


def test_only_request_roles_reach_the_register(client_for, handler, make_request):
    make_request()
    assert client_for("editor").get("/admin/disclosure/requests/").status_code in (302, 403)
    assert client_for(None).get("/admin/disclosure/requests/").status_code == 302
    assert client_for("admin").get("/admin/disclosure/requests/").status_code == 200


def test_handler_sees_applicant_data_reader_sees_it_masked(handler_client, reader_client, make_request):
    req = make_request()
    full = handler_client.get(f"/admin/disclosure/requests/{req.pk}/").content.decode()
    assert "张秘密申请人" in full and "13812345678" in full and "申请人私密描述文字" in full
    for url in ("/admin/disclosure/requests/", f"/admin/disclosure/requests/{req.pk}/"):
        r = reader_client.get(url)
        assert r.status_code == 200
        body = r.content.decode()
        assert "张秘密申请人" not in body and "13812345678" not in body and "申请人私密描述文字" not in body
        assert "11010519491231002X" not in body and "zhang.applicant@example.com" not in body
        assert "张*****" in body and "138****5678" in body
    # the reader cannot act
    r = reader_client.post(f"/admin/disclosure/requests/{req.pk}/", {"action": "reply", "reply_type": "disclosed"})
    assert r.status_code in (302, 403)
    assert InformationRequest.objects.get(pk=req.pk).state == "processing"


def test_actions_through_http_with_refusal_reasons(handler_client, make_request):
    req = make_request(channel="fax", on=D(2025, 9, 24))
    url = f"/admin/disclosure/requests/{req.pk}/"
    r = handler_client.post(url, {"action": "confirm_receipt", "on": "2025-09-26"}, follow=True)
    assert "已受理确认" in r.content.decode()
    req.refresh_from_db()
    assert req.due_date == D(2025, 10, 30)
    body = handler_client.get(url).content.decode()
    assert "2025-10-30（周四）" in body and "以双方确认之日" in body
    r = handler_client.post(url, {"action": "reply", "on": "2025-10-10"}, follow=True)
    assert "操作未执行：答复办结时必须选择答复类型" in r.content.decode()
    r = handler_client.post(url, {"action": "extend", "days": "10", "approver": "李主任", "approved_on": "2025-10-10",
                                  "notified_on": "2025-10-10"}, follow=True)
    assert "已延长答复期限" in r.content.decode()
    r = handler_client.post(url, {"action": "extend", "days": "5", "approver": "李主任", "approved_on": "2025-10-11",
                                  "notified_on": "2025-10-11"}, follow=True)
    assert "已延长过一次" in r.content.decode()
    r = handler_client.post(url, {"action": "reply", "on": "2025-10-20", "reply_type": "disclosed", "comment": "见附件"}, follow=True)
    req.refresh_from_db()
    assert req.state == "replied" and req.report_code == "R1"
    letter = handler_client.get(f"/admin/disclosure/requests/{req.pk}/reply.docx")
    assert letter.status_code == 200
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(letter.content)).paragraphs)
    assert "政府信息公开申请答复书" in text and "张秘密申请人" in text and "予以公开" in text and "行政复议" in text


@pytest.mark.parametrize("reply_type", ["disclosed", "partial", "not_held", "state_secret", "petition", "special_procedure"])
def test_reply_letter_per_reply_type(handler, make_request, reply_type):
    from docx import Document

    from disclosure import letters
    from disclosure.request_states import REPLY_TYPES

    req = make_request()
    services.perform(req, "reply", actor=handler, on=D(2025, 10, 10), reply_type=reply_type, comment="理由说明")
    req.refresh_from_db()
    text = "\n".join(p.text for p in Document(io.BytesIO(letters.reply_letter(req))).paragraphs)
    assert req.title in text
    assert REPLY_TYPES[reply_type].label.split("：", 1)[-1][:4] in text or "公开" in text


def test_traffic_lights_and_filters(handler_client, handler, make_request):
    overdue = make_request(on=D(2025, 9, 26))
    today = dt.date.today()
    fresh = make_request(on=today)
    services.perform(fresh, "assign", actor=handler, assignee=handler)
    assert services.traffic_light(InformationRequest.objects.get(pk=overdue.pk)) == services.RED
    assert services.traffic_light(InformationRequest.objects.get(pk=fresh.pk)) == services.GREEN
    assert services.traffic_light(InformationRequest.objects.get(pk=fresh.pk), due_soon_days=25) == services.AMBER
    body = handler_client.get("/admin/disclosure/requests/?light=overdue").content.decode()
    assert overdue.tracking_code in body and fresh.tracking_code not in body
    body = handler_client.get("/admin/disclosure/requests/?mine=1").content.decode()
    assert fresh.tracking_code in body and overdue.tracking_code not in body


def test_register_signed_post_counts_from_signing_day(handler_client):
    data = {
        "applicant_kind": "natural_person", "name": "邮寄申请人", "id_type": "resident_id",
        "id_number": "11010519491231002X", "phone": "13912345678", "title": "某信息", "description": "描述",
        "provision_form": "paper", "delivery_method": "post", "channel": "signed_post", "received": "2026-02-10",
    }
    r = handler_client.post("/admin/disclosure/requests/new/", data)
    assert r.status_code == 200 and "查询密码" in r.content.decode()
    req = InformationRequest.objects.get(name="邮寄申请人")
    assert req.state == "processing" and req.received_on == D(2026, 2, 10) and req.due_date == D(2026, 3, 16)


def test_reminders_command_mails_assignees(handler, make_request, mailoutbox):
    from django.core.management import call_command

    req = make_request(on=D(2025, 9, 26))
    services.perform(req, "assign", actor=handler, assignee=handler)
    call_command("send_request_reminders")
    assert len(mailoutbox) == 1
    m = mailoutbox[0]
    assert m.to == ["handler@example.gov.cn"] and "已逾期" in m.body and req.tracking_code in m.body
    assert "张秘密申请人" not in m.body


def test_timeliness_report_lists_late_items_with_the_db_calendar(site_tree, client_for):
    from cms_pages.models import OrganisationUnit
    from disclosure.models import DisclosureItemPage

    org = OrganisationUnit.objects.get(name="示范市人民政府")
    for title, formed, published in (("按时", D(2025, 9, 26), D(2025, 10, 30)), ("超期", D(2025, 9, 26), D(2025, 10, 31))):
        p = DisclosureItemPage(title=title, live=False, issuing_organisation=org, formed_date=formed, published_date=published)
        site_tree["disclosure"].add_child(instance=p)
        p.save_revision().publish()
    body = client_for("editor").get("/admin/disclosure/timeliness/").content.decode()
    assert "超期" in body and ">按时<" not in body and "2025-10-30" in body


def test_applicant_is_notified_by_email_without_secrets(make_request, handler, mailoutbox, django_capture_on_commit_callbacks):
    req = make_request(channel="fax", on=D(2025, 9, 24))
    with django_capture_on_commit_callbacks(execute=True):
        services.perform(req, "confirm_receipt", actor=handler, on=D(2025, 9, 26), comment="内部备注不外发")
    assert len(mailoutbox) == 1
    m = mailoutbox[0]
    assert m.to == ["zhang.applicant@example.com"] and req.tracking_code in m.subject
    assert "已受理确认" in m.body and "内部备注不外发" not in m.body


def test_notice_letters_as_docx(handler_client, handler, make_request):
    from docx import Document

    from disclosure.models import RequestEvent

    req = make_request(on=D(2025, 9, 26))
    services.perform(req, "request_correction", actor=handler, on=D(2025, 9, 29), comment="请写明年份", reply_by=D(2025, 10, 24))
    ev = RequestEvent.objects.get(request=req, action="request_correction")
    r = handler_client.get(f"/admin/disclosure/requests/{req.pk}/notice/{ev.pk}.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "补正告知书" in text and "请写明年份" in text and "2025-10-24" in text and "视为放弃申请" in text


def test_annual_report_page_one_per_year(site_tree):
    from django.core.exceptions import ValidationError

    from disclosure.models import AnnualReportPage

    a = AnnualReportPage(title="2025年报", year=2025, live=False)
    site_tree["disclosure"].add_child(instance=a)
    b = AnnualReportPage(title="2025年报重复", year=2025, slug="dup", live=False)
    with pytest.raises(ValidationError, match="已存在"):
        b.full_clean()


def test_reminders_include_lapsed_windows(make_request, handler, mailoutbox):
    from django.core.management import call_command

    a = make_request(on=D(2025, 9, 26))
    services.perform(a, "start_third_party_consultation", actor=handler, on=D(2025, 10, 9))
    b = make_request(on=D(2025, 9, 26))
    services.perform(b, "send_fee_notice", actor=handler, on=D(2025, 10, 9), fee_method="per_volume", pages=40)
    c = make_request(on=D(2025, 9, 26))
    services.perform(c, "request_correction", actor=handler, on=D(2025, 9, 29), comment="补", reply_by=D(2025, 10, 20))
    for r in (a, b, c):
        services.perform(r, "assign", actor=handler, assignee=handler)
    call_command("send_request_reminders")
    body = mailoutbox[0].body
    assert "征求意见（1）已于" in body and "缴费期限已于" in body and "补正期限已于 2025-10-20 届满" in body


def test_promote_to_catalogue_creates_a_draft_without_applicant_data(handler_client, handler, make_request):
    from disclosure.models import DisclosureItemPage

    from cms_pages.models import OrganisationUnit, StaffProfile

    StaffProfile.objects.create(user=handler, unit=OrganisationUnit.objects.get(name="示范市人民政府"))
    req = make_request(on=D(2025, 9, 26))
    r = handler_client.post(f"/admin/disclosure/requests/{req.pk}/", {"action": "promote"}, follow=True)
    assert "只有已答复" in r.content.decode()
    services.perform(req, "reply", actor=handler, on=D(2025, 10, 10), reply_type="disclosed")
    r = handler_client.post(f"/admin/disclosure/requests/{req.pk}/", {"action": "promote"})
    assert r.status_code == 302 and "/admin/pages/" in r["Location"]
    page = DisclosureItemPage.objects.get()
    assert not page.live and page.index_number is None
    for secret in ("张秘密申请人", "道路维修预算", "申请人私密描述文字", req.tracking_code):
        assert secret not in page.title and secret not in (page.summary or "") and secret not in page.body


def test_rereview_worklist_lists_withheld_decisions(handler_client, handler, make_request):
    withheld = make_request(on=D(2025, 9, 26))
    services.perform(withheld, "reply", actor=handler, on=D(2025, 10, 10), reply_type="process_info")
    disclosed = make_request(on=D(2025, 9, 26))
    services.perform(disclosed, "reply", actor=handler, on=D(2025, 10, 10), reply_type="disclosed")
    body = handler_client.get("/admin/disclosure/rereview/").content.decode()
    assert withheld.tracking_code in body and disclosed.tracking_code not in body and "2026-10-10" in body
