"""The lifecycle through the real Wagtail admin: creating, submitting, the workflow actions of
the adoption task, the processing page, and the Chinese refusals."""
import pytest
from wagtail.models import TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from info_reporting.models import InfoReportPage, ItemEvent

pytestmark = pytest.mark.django_db


def page_form(unit, title="关于城区积水点整治的进展", **extra):
    return nested_form_data({
        "title": title, "body": rich_text("<p>截至目前已整治积水点12处。</p>"), "reporting_unit": unit.pk,
        "writer": "王五", "contact": "0571-88000000", "signer": "", "category": "动态", "urgency": "normal",
        "event_time": "", "attachments": inline_formset([]), "comments": inline_formset([]), **extra,
    })


def add_url(index):
    return f"/admin/pages/add/info_reporting/inforeportpage/{index.pk}/"


def test_reporter_creates_and_submits_through_the_admin(client_for, info_site, default_rules, unit_of):
    c = client_for("reporter")
    form = c.get(add_url(info_site))
    assert form.status_code == 200
    assert f'value="{unit_of("示范市东城区人民政府").pk}" selected' in form.content.decode()
    response = c.post(add_url(info_site), {**page_form(unit_of("示范市东城区人民政府")), "action-submit": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    item = InfoReportPage.objects.get(title="关于城区积水点整治的进展")
    assert item.status == "submitted" and item.submitter.username == "reporter"
    assert item.current_workflow_task.name == "信息采用审核"


def test_submitting_for_another_unit_is_refused_in_the_admin_form(client_for, info_site, default_rules, unit_of):
    c = client_for("reporter")
    response = c.post(add_url(info_site), {**page_form(unit_of("示范市财政局")), "action-submit": "1"})
    assert response.status_code == 200
    assert "只能为本单位（示范市东城区人民政府）报送信息，不能代“示范市财政局”报送" in response.content.decode()
    assert not InfoReportPage.objects.exists()


def test_reader_without_reporting_role_cannot_create(client_for, info_site, unit_of):
    response = client_for("reader").get(add_url(info_site))
    assert response.status_code in (302, 403)
    assert not InfoReportPage.objects.exists()


def action_url(item, action, state):
    from django.urls import reverse

    return reverse("wagtailadmin_pages:workflow_action", args=(item.pk, action, state.pk))


def _task_state(item):
    return TaskState.objects.get(workflow_state__object_id=str(item.pk), status="in_progress")


def test_workflow_actions_return_with_required_comment_then_adopt(client_for, submitted_item, users):
    item = submitted_item()
    editor = client_for("editor")
    state = _task_state(item)
    url = action_url(item, "return", state)
    # the modal form: the comment is required
    response = editor.post(url, {"comment": ""}, headers={"x-requested-with": "XMLHttpRequest"})
    assert "退回必须填写意见" in response.json()["html"]
    assert InfoReportPage.objects.get(pk=item.pk).status == "submitted"
    editor.post(url, {"comment": "请补充资金来源"}, headers={"x-requested-with": "XMLHttpRequest"})
    item.refresh_from_db()
    assert item.status == "returned"
    assert ItemEvent.objects.get(item=item, action="return").comment == "请补充资金来源"
    # the unit sees the comment on its process page
    assert "请补充资金来源" in client_for("reporter").get(f"/admin/info-reporting/items/{item.pk}/").content.decode()
    # reporters have no workflow actions
    from info_reporting import services

    services.submit(item, users["reporter"])
    state = _task_state(item)
    assert client_for("reporter").post(
        action_url(item, "adopt", state), {"levels": ["own_regular"]}
    ).status_code in (302, 403)
    response = editor.post(
        action_url(item, "adopt", state),
        {"levels": ["own_regular", "own_special"], "date": "", "form": "full"},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.json()["step"] == "success"
    item.refresh_from_db()
    assert item.status == "adopted" and item.live
    assert sorted(item.adoptions.values_list("level__name", flat=True)) == ["本级采用", "编入刊物"]


def test_adopt_form_refuses_a_level_the_year_does_not_price(client_for, submitted_item, users, default_rules):
    from info_reporting.models import AdoptionLevel

    AdoptionLevel.objects.create(name="省政府网站采用", code="province_web", scope="province", kind="website")
    item = submitted_item()
    state = _task_state(item)
    response = client_for("editor").post(
        action_url(item, "adopt", state), {"levels": ["province_web"]},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert "计分规则没有“省政府网站采用”的分值" in response.json()["html"]
    assert InfoReportPage.objects.get(pk=item.pk).status == "submitted"


def test_process_page_refuses_adopting_a_returned_item_with_a_reason(client_for, submitted_item, users):
    from info_reporting import services

    item = submitted_item()
    services.return_item(item, users["editor"], "标题不准确")
    editor = client_for("editor")
    response = editor.post(f"/admin/info-reporting/items/{item.pk}/", {
        "action": "adopt", "adopt-levels": ["own_regular"], "adopt-form": "full",
    }, follow=True)
    assert "该信息已退回修改，须由报送单位修改并重新报送后才能采用" in response.content.decode()
    assert InfoReportPage.objects.get(pk=item.pk).status == "returned"


def test_process_page_records_further_adoptions_and_instructions(client_for, submitted_item, users):
    item = submitted_item()
    editor = client_for("reviewer")
    r = editor.post(f"/admin/info-reporting/items/{item.pk}/", {"action": "adopt", "adopt-levels": ["own_regular"], "adopt-form": "full"})
    assert r.status_code == 302
    r = editor.post(f"/admin/info-reporting/items/{item.pk}/", {
        "action": "add_adoption", "add_adoption-levels": ["forward_province", "up_regular"], "add_adoption-form": "full",
    })
    assert r.status_code == 302
    r = editor.post(f"/admin/info-reporting/items/{item.pk}/", {
        "action": "instruction", "instruction-leader": "张副省长", "instruction-leader_level": "province",
        "instruction-text": "请省发改委研究", "instruction-on_level": "",
    })
    assert r.status_code == 302
    page = client_for("reporter").get(f"/admin/info-reporting/items/{item.pk}/").content.decode()
    for text in ("本级采用", "上报上级", "上级采用", "张副省长", "已采用"):
        assert text in page
    # 3 + 2 + 10 + 省级批示 50 = 65 under the recommended default
    assert "<strong>65</strong> 分" in page


def test_reporter_cannot_post_editor_actions(client_for, submitted_item):
    item = submitted_item()
    response = client_for("reporter").post(f"/admin/info-reporting/items/{item.pk}/", {"action": "adopt", "adopt-levels": ["own_regular"]})
    assert response.status_code in (302, 403)
    assert InfoReportPage.objects.get(pk=item.pk).status == "submitted"


def test_unit_withdraws_before_a_decision(client_for, submitted_item):
    item = submitted_item()
    response = client_for("reporter").post(f"/admin/info-reporting/items/{item.pk}/", {"action": "withdraw"})
    assert response.status_code == 302
    assert InfoReportPage.objects.get(pk=item.pk).status == "withdrawn"


def test_dashboard_highlights_urgent_items_to_editors_only(client_for, submitted_item):
    import datetime

    from django.utils import timezone

    submitted_item("突发：化工园区泄漏事件初报", urgency="urgent", category="紧急信息",
                   event_time=timezone.now() - datetime.timedelta(minutes=35))
    editor_home = client_for("editor").get("/admin/").content.decode()
    assert "紧急信息（待处理）" in editor_home and "突发：化工园区泄漏事件初报" in editor_home
    assert "35 分钟报送" in editor_home
    reporter_home = client_for("reporter").get("/admin/").content.decode()
    assert "紧急信息（待处理）" not in reporter_home
    assert "本单位报送信息" in reporter_home


def test_direct_publish_is_not_offered_before_adoption(client_for, submitted_item, users):
    item = submitted_item()
    assert not item.permissions_for_user(users["editor"]).can_publish()
    assert not item.permissions_for_user(users["admin"]).can_publish()
    response = client_for("editor").post(f"/admin/pages/{item.pk}/edit/", {
        **page_form(item.reporting_unit, title=item.title), "action-publish": "1",
    })
    assert response.status_code in (200, 302)
    assert InfoReportPage.objects.get(pk=item.pk).status == "submitted"
    assert not InfoReportPage.objects.get(pk=item.pk).live
