"""依申请公开 end to end in Chromium: a citizen files a request and gets a code, a handler
confirms and replies in the admin, the citizen sees the status; an anonymous browser crawl
of the site finds no applicant data."""
import re
from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "pw-for-tests-only"
NAME = "司马申请人"
PHONE = "13600002222"
DESCRIPTION = "请公开示范市2025年公园绿化养护经费的使用情况（浏览器测试专用描述）"


@pytest.fixture
def handler_user(users):
    from django.contrib.auth.models import User

    from disclosure.roles import ensure_request_roles

    group = ensure_request_roles()
    user = User.objects.create_user("handler", "handler@example.gov.cn", PASSWORD)
    user.groups.add(group)
    return user


def test_citizen_files_staff_replies_citizen_sees_status(page, live_server, site_tree, handler_user, admin_login):
    # the citizen finds the form from the home page
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="政府信息公开").click()
    page.get_by_role("link", name="在线申请").click()
    page.wait_for_url(f"{live_server.url}/ysqgk/apply/")
    page.check("input[name=applicant_kind][value=natural_person]")
    page.fill("input[name=name]", NAME)
    page.select_option("select[name=id_type]", "resident_id")
    page.fill("input[name=id_number]", "11010519491231002X")
    page.fill("input[name=phone]", PHONE)
    page.fill("input[name=email]", "sima@example.com")
    page.fill("input[name=title]", "公园绿化养护经费")
    page.fill("textarea[name=description]", DESCRIPTION)
    page.check("input[name=provision_form][value=email]")
    page.check("input[name=delivery_method][value=online]")
    page.click("#submit-application")
    page.wait_for_url(f"{live_server.url}/ysqgk/receipt/")
    code = page.locator("#tracking-code").inner_text().strip()
    password = page.locator("#query-password").inner_text().strip()
    assert re.fullmatch(r"YSQ\d{4}-[A-Z2-9]{8}", code) and re.fullmatch(r"\d{6}", password)
    assert page.console_errors == []

    # a handler processes it in the admin
    staff = page.context.browser.new_context(locale="zh-CN")
    tab = staff.new_page()
    tab.goto(f"{live_server.url}/admin/login/")
    tab.fill("input[name=username]", "handler")
    tab.fill("input[name=password]", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(f"{live_server.url}/admin/")
    tab.goto(f"{live_server.url}/admin/disclosure/requests/")
    assert NAME in tab.locator("#request-list").inner_text()
    tab.get_by_role("link", name=code).click()
    assert "待受理确认" in tab.locator("#state").inner_text()
    tab.click("#action-confirm_receipt summary")
    tab.locator("#action-confirm_receipt button[type=submit]").click()
    tab.wait_for_selector("text=已受理确认")
    assert "办理中" in tab.locator("#state").inner_text()
    assert "以双方确认之日" in tab.locator("#deadline-steps").inner_text()
    # closing without a reply type is refused with a reason
    tab.click("#action-reply summary")
    tab.locator("#action-reply button[type=submit]").click()
    tab.wait_for_selector("text=必须选择答复类型")
    tab.click("#action-reply summary")
    tab.select_option("#action-reply select[name=reply_type]", "disclosed")
    tab.fill("#action-reply textarea[name=comment]", "已通过电子邮件发送")
    tab.locator("#action-reply button[type=submit]").click()
    tab.wait_for_selector("text=已答复")
    assert "已答复" in tab.locator("#state").inner_text()
    with tab.expect_download() as dl:
        tab.get_by_role("link", name="下载答复书（DOCX）").click()
    assert dl.value.suggested_filename == f"reply-{code}.docx"
    staff.close()

    # the citizen checks the status with code + password
    page.goto(f"{live_server.url}/ysqgk/status/")
    page.fill("#code", code)
    page.fill("#password", "000000")
    page.click("#status-form button[type=submit]")
    page.wait_for_selector("text=申请编号或查询密码不正确")
    page.fill("#code", code)
    page.fill("#password", password)
    page.click("#status-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/ysqgk/status/YSQ.*"))
    assert page.locator("#state-label").inner_text() == "已答复"
    assert "下载答复书" in page.content()
    assert NAME not in page.content()
    # the only console message is the deliberate wrong-password 400
    assert all("400" in e for e in page.console_errors)


def test_anonymous_browser_crawl_finds_no_applicant_data(browser, live_server, site_tree, handler_user):
    import datetime as dt

    from disclosure import services

    data = {"applicant_kind": "natural_person", "applicant_type": "natural_person", "name": NAME, "id_type": "resident_id",
            "id_number": "11010519491231002X", "phone": PHONE, "email": "sima@example.com", "title": "公园经费",
            "description": DESCRIPTION, "provision_form": "email", "delivery_method": "online"}
    req, _ = services.register(data, channel="in_person", on=dt.date(2025, 9, 26), actor=handler_user)
    services.perform(req, "reply", actor=handler_user, on=dt.date(2025, 10, 10), reply_type="disclosed")
    context = browser.new_context(locale="zh-CN")
    tab = context.new_page()
    seen, queue = set(), ["/", "/sitemap.xml", "/disclosure/feed/", f"/search/?q=公园"]
    while queue and len(seen) < 80:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = tab.goto(live_server.url + path)
        body = tab.content()
        for secret in (NAME, PHONE, "11010519491231002X", "sima@example.com", DESCRIPTION):
            assert secret not in body, f"{secret} leaked at {path}"
        if response and "html" in (response.headers.get("content-type") or ""):
            for href in tab.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
                u = urlparse(href)
                if u.netloc == urlparse(live_server.url).netloc and not u.path.startswith(("/admin", "/django-admin", "/documents")):
                    queue.append(u.path + (("?" + u.query) if u.query else ""))
    assert "/ysqgk/apply/" in seen and "/zfxxgk/" in seen
    context.close()
