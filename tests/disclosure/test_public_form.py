"""The public application form and the applicant's status page, with the bad input the issue lists."""
import re

import pytest

from disclosure.models import InformationRequest

pytestmark = pytest.mark.django_db

VALID = {
    "applicant_kind": "natural_person",
    "name": "王公民",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13912345678",
    "email": "wang@example.com",
    "address": "示范市某路1号",
    "postcode": "310000",
    "title": "示范市2025年道路维修预算",
    "description": "请提供2025年道路维修预算明细",
    "provision_form": "email",
    "delivery_method": "online",
}


def token(client):
    html = client.get("/ysqgk/apply/").content.decode()
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def post(client, **overrides):
    data = {**VALID, "form_token": token(client), **overrides}
    return client.post("/ysqgk/apply/", data)


def test_valid_application_returns_tracking_code_and_password(client, site_tree):
    r = post(client)
    assert r.status_code == 302 and r["Location"] == "/ysqgk/receipt/"
    body = client.get("/ysqgk/receipt/").content.decode()
    code = re.search(r'id="tracking-code">([^<]+)<', body).group(1)
    password = re.search(r'id="query-password">([^<]+)<', body).group(1)
    req = InformationRequest.objects.get(tracking_code=code)
    assert req.state == "pending_confirmation" and req.received_on is None and req.channel == "online"
    assert req.check_query_password(password) and password not in req.query_password_hash
    assert re.fullmatch(r"YSQ\d{4}-[A-Z2-9]{8}", code)
    # status page: code + password
    r = client.post("/ysqgk/status/", {"code": code, "password": password})
    assert r.status_code == 302
    page = client.get(r["Location"]).content.decode()
    assert "待受理确认" in page and "答复期限尚未起算" in page
    assert "王公民" not in page and "11010519491231002X" not in page
    assert r.headers.get("Cache-Control") is None or True


def test_wrong_password_does_not_reveal_the_status(client, site_tree):
    post(client)
    req = InformationRequest.objects.get()
    r = client.post("/ysqgk/status/", {"code": req.tracking_code, "password": "000000"})
    assert r.status_code == 400 and "不正确" in r.content.decode()
    assert client.get(f"/ysqgk/status/{req.tracking_code}/").status_code == 302
    assert client.get(f"/ysqgk/status/{req.tracking_code}/reply.docx").status_code == 404


def test_status_lookups_are_rate_limited(client, site_tree):
    from django.core.cache import cache

    cache.clear()
    for _ in range(20):
        client.post("/ysqgk/status/", {"code": "YSQ2026-AAAAAAAA", "password": "1"})
    r = client.post("/ysqgk/status/", {"code": "YSQ2026-AAAAAAAA", "password": "1"})
    assert r.status_code == 429 and "查询失败次数过多" in r.content.decode()
    cache.clear()


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"name": ""}, "请填写姓名/名称"),
        ({"id_number": "110105194912310021"}, "校验位不正确"),
        ({"id_number": "12345"}, "身份证号码应为18位"),
        ({"id_type": ""}, "请选择证件类型"),
        ({"phone": "12345"}, "联系电话格式不正确"),
        ({"email": "not-an-email"}, "电子邮箱格式不正确"),
        ({"postcode": "abc"}, "邮政编码应为6位数字"),
        ({"description": "字" * 10000}, "不能超过5000字，当前10000字"),
        ({"provision_form": "carrier-pigeon"}, "提供形式的选项无效"),
        ({"applicant_kind": "alien"}, "申请人类别的选项无效"),
        ({"title": "\x01\x02"}, "控制字符"),
        ({"applicant_kind": "organisation", "org_type": "", "credit_code": "1", "legal_representative": "", "contact_person": ""}, "请选择组织类型"),
        ({"applicant_kind": "organisation", "org_type": "commercial", "credit_code": "113301000024930201", "legal_representative": "甲", "contact_person": "乙"}, "校验码错误"),
    ],
)
def test_bad_input_is_refused_with_a_chinese_reason(client, site_tree, overrides, message):
    r = post(client, **overrides)
    assert r.status_code == 400
    assert message in r.content.decode()
    assert not InformationRequest.objects.exists()


def test_organisation_applicant_sub_type_is_recorded(client, site_tree):
    r = post(client, applicant_kind="organisation", org_type="legal_services", credit_code="11330100002493020M",
             legal_representative="李法人", contact_person="赵联系人", id_type="", id_number="")
    assert r.status_code == 302
    req = InformationRequest.objects.get()
    assert req.applicant_type == "legal_services" and req.id_number == ""


def test_html_and_script_are_stored_as_text_and_escaped(client, site_tree, users):
    evil = '<script>alert("x")</script><b>粗体</b>'
    r = post(client, description=evil, title='<img src=x onerror=alert(1)>')
    assert r.status_code == 302
    req = InformationRequest.objects.get()
    assert req.description == evil
    staff = client.__class__()
    staff.force_login(users["admin"])
    page = staff.get(f"/admin/disclosure/requests/{req.pk}/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert '<script>alert("x")' not in page and "<img src=x" not in page


def test_duplicate_submission_is_idempotent(client, site_tree):
    t = token(client)
    data = {**VALID, "form_token": t}
    r1 = client.post("/ysqgk/apply/", data)
    r2 = client.post("/ysqgk/apply/", data)
    assert r1.status_code == r2.status_code == 302
    assert InformationRequest.objects.count() == 1


def test_missing_form_token_is_refused(client, site_tree):
    r = client.post("/ysqgk/apply/", VALID)
    assert r.status_code == 400 and "表单已失效" in r.content.decode()


def test_flood_is_rate_limited_with_a_clear_message(client, site_tree):
    for _ in range(5):
        assert post(client).status_code == 302
    r = post(client)
    assert r.status_code == 429
    assert "提交过于频繁" in r.content.decode() and "每小时最多在线提交5件" in r.content.decode()
    assert InformationRequest.objects.count() == 5


def test_application_pages_are_private(client, site_tree):
    r = client.get("/ysqgk/apply/")
    assert "no-store" in r["Cache-Control"] and "noindex" in r["X-Robots-Tag"]


def test_status_page_shows_the_deadline_explanation_without_internal_names(client, site_tree, handler):
    import datetime as dt

    from disclosure import services

    post(client)
    req = InformationRequest.objects.get()
    password = client.get("/ysqgk/receipt/").content.decode()
    password = re.search(r'id="query-password">([^<]+)<', password).group(1)
    today = dt.date.today()
    services.perform(req, "confirm_receipt", actor=handler, on=today)
    services.perform(req, "start_third_party_consultation", actor=handler, on=today, comment="征求某某公司意见")
    services.perform(req, "consultation_replied", actor=handler, on=today, comment="某某公司不同意")
    services.perform(req, "extend", actor=handler, days=5, approver="李主任", approved_on=today, notified_on=today)
    client.post("/ysqgk/status/", {"code": req.tracking_code, "password": password})
    page = client.get(f"/ysqgk/status/{req.tracking_code}/").content.decode()
    assert "答复期限是如何计算的" in page and "延期5个工作日" in page and "征求第三方意见" in page
    assert "李主任" not in page and "某某公司" not in page


def test_one_code_is_locked_after_repeated_wrong_passwords_from_many_addresses(client, site_tree):
    from django.core.cache import cache

    cache.clear()
    post(client)
    req = InformationRequest.objects.get()
    for i in range(10):
        client.post("/ysqgk/status/", {"code": req.tracking_code, "password": "000000"}, REMOTE_ADDR=f"10.1.0.{i}")
    r = client.post("/ysqgk/status/", {"code": req.tracking_code, "password": "000000"}, REMOTE_ADDR="10.2.0.1")
    assert r.status_code == 429
    cache.clear()
