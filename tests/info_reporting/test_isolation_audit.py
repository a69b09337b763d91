"""Isolation audit over HTTP: every other admin surface that can name a page — reports (site
history, workflows, workflow tasks, locked and aging pages), page-type usage, the page's own
sub-views (move, copy, delete, unpublish, privacy, lock, view draft, compare and revert
revisions, workflow detail and preview, add-subpage), the admin API detail, the editor-only
print and 通报 tools, draft 通报, the reporter's dashboard and e-mail notifications.

Item A (示范市东城区人民政府, ``reporter``) exists in three states: adopted (live), submitted
(in the workflow) and returned with a comment. ``reporter2`` (示范市发展和改革委员会) and ``reader``
must never see any of it; ``reporter`` and the editors must."""
import pytest

from info_reporting import services

pytestmark = pytest.mark.django_db

ADOPTED = "东城区审计甲已采用"
PENDING = "东城区审计乙待处理"
RETURNED = "东城区审计丙已退回"
COMMENT = "请补充具体数据审计意见"
TITLES = (ADOPTED, PENDING, RETURNED, COMMENT)


@pytest.fixture
def unit_a_items(submitted_item, reporter2, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        adopted = submitted_item(ADOPTED)
        services.adopt(adopted, users["editor"], ["own_regular", "own_special"])
        pending = submitted_item(PENDING)
        returned = submitted_item(RETURNED)
        services.return_item(returned, users["editor"], COMMENT)
    items = [type(adopted).objects.get(pk=i.pk) for i in (adopted, pending, returned)]
    # a lock and an edit by the reporter leave traces in the reports
    return items



def leaked(response):
    if response.status_code != 200:
        return set()
    if response["Content-Type"].startswith("application/vnd.openxml"):
        import io

        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(response.content))
        text = " ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)
    else:
        text = response.content.decode()
    return {t for t in TITLES if t in text}


GLOBAL_URLS = [
    "/admin/",
    "/admin/reports/site-history/", "/admin/reports/site-history/results/",
    "/admin/reports/site-history/?action=wagtail.workflow.reject",
    "/admin/reports/workflow/", "/admin/reports/workflow/results/",
    "/admin/reports/workflow_tasks/", "/admin/reports/workflow_tasks/results/",
    "/admin/reports/locked/", "/admin/reports/aging-pages/",
    "/admin/pages/usage/info_reporting/inforeportpage/",
    "/admin/pages/usage/info_reporting/inforeportpage/results/",
    "/admin/pages/search/?q=东城区审计", "/admin/pages/search/results/?q=东城区审计",
    "/admin/pages/search/?q=东城区审计&content_type=info_reporting.inforeportpage",
    "/admin/choose-page/search/?q=东城区审计",
    "/admin/api/main/pages/?search=东城区审计",
    "/admin/api/main/pages/?type=info_reporting.InfoReportPage",
    "/admin/info-reporting/items/?q=东城区审计", "/admin/info-reporting/items/?status=returned",
    "/admin/info-reporting/items/export.xlsx?q=东城区审计",
    "/admin/info-reporting/issues/compile/",
    "/admin/snippets/info_reporting/periodicalissue/",
    "/admin/snippets/info_reporting/penaltyrecord/",
    "/search/?q=东城区审计", "/api/search/?q=东城区审计",
]


@pytest.mark.parametrize("role", ["reporter2", "reader"])
def test_no_global_admin_surface_leaks_another_units_items(role, unit_a_items, users, login):
    c = login(role)
    wrong = {url: leaked(c.get(url)) for url in GLOBAL_URLS}
    assert {u: t for u, t in wrong.items() if t} == {}


@pytest.mark.parametrize("role", ["editor", "reviewer", "admin"])
def test_editors_find_the_items_in_the_reports(role, unit_a_items, users, login):
    c = login(role)
    assert ADOPTED in c.get("/admin/reports/site-history/").content.decode()
    assert PENDING in c.get("/admin/reports/workflow/").content.decode()


def item_subviews(item, info):
    state = item.workflow_states.order_by("-pk").first()
    revision = item.latest_revision_id
    urls = [
        f"/admin/pages/{item.pk}/", f"/admin/pages/{item.pk}/edit/", f"/admin/pages/{item.pk}/view_draft/",
        f"/admin/pages/{item.pk}/edit/preview/", f"/admin/pages/{item.pk}/move/", f"/admin/pages/{item.pk}/copy/",
        f"/admin/pages/{item.pk}/delete/", f"/admin/pages/{item.pk}/unpublish/", f"/admin/pages/{item.pk}/privacy/",
        f"/admin/pages/{item.pk}/add_subpage/", f"/admin/pages/{item.pk}/history/",
        f"/admin/pages/{item.pk}/history/results/", f"/admin/pages/{item.pk}/usage/",
        f"/admin/pages/{item.pk}/revisions/", f"/admin/pages/{item.pk}/revisions/{revision}/view/",
        f"/admin/pages/{item.pk}/revisions/{revision}/revert/",
        f"/admin/pages/{item.pk}/revisions/compare/earliest...{revision}/",
        f"/admin/pages/{item.pk}/revisions/compare/{revision}...latest/",
        f"/admin/pages/{item.pk}/workflow_history/",
        f"/admin/api/main/pages/{item.pk}/", f"/admin/api/main/pages/?child_of={info.pk}",
        f"/admin/choose-page/{info.pk}/", f"/admin/info-reporting/items/{item.pk}/",
        info.url + f"items/{item.pk}/",
    ]
    if state is not None:
        urls.append(f"/admin/pages/{item.pk}/workflow_history/detail/{state.pk}/")
        task_state = state.task_states.order_by("-pk").first()
        if task_state is not None:
            urls.append(f"/admin/pages/workflow/preview/{item.pk}/{task_state.task_id}/")
            urls.append(f"/admin/pages/workflow/collect_action_data/{item.pk}/adopt/{task_state.pk}/")
    return urls


@pytest.mark.parametrize("role", ["reporter2", "reader"])
def test_every_sub_view_of_another_units_item_refuses(role, unit_a_items, users, site_tree, login):
    c = login(role)
    info = site_tree["info_reporting"]
    wrong = {}
    for item in unit_a_items:
        for url in item_subviews(item, info):
            response = c.get(url)
            if leaked(response) or (response.status_code == 200 and str(item.pk) in url.split("?")[0]
                                    and "/api/main/pages/?" not in url and "choose-page" not in url):
                wrong[url] = (response.status_code, leaked(response))
    assert wrong == {}


@pytest.mark.parametrize("role", ["reporter2", "reader"])
def test_state_changing_posts_on_another_units_item_are_refused(role, unit_a_items, users, login):
    c = login(role)
    adopted, pending, returned = unit_a_items
    for item in unit_a_items:
        for url in (f"/admin/pages/{item.pk}/lock/", f"/admin/pages/{item.pk}/delete/",
                    f"/admin/pages/{item.pk}/unpublish/", f"/admin/pages/{item.pk}/copy/"):
            assert c.post(url).status_code in (302, 403, 404), url
        response = c.post(f"/admin/info-reporting/items/{item.pk}/", {"action": "withdraw"})
        assert response.status_code in (302, 403, 404)
    pending.refresh_from_db()
    assert pending.status == "submitted" and pending.locked is False
    assert type(pending).objects.filter(pk=adopted.pk, live=True).exists()


def test_the_unit_itself_sees_the_returned_comment_and_status(unit_a_items, users, login):
    _adopted, _pending, returned = unit_a_items
    c = login("reporter")
    page = c.get(f"/admin/info-reporting/items/{returned.pk}/").content.decode()
    assert COMMENT in page and "退回" in page
    assert RETURNED in c.get("/admin/").content.decode()


def test_notifications_go_only_to_the_unit_and_the_information_section(submitted_item, reporter2, users, mailoutbox,
                                                                       django_capture_on_commit_callbacks):
    users["reporter2"].email = "r2@example.gov.cn"
    users["reporter2"].save()
    with django_capture_on_commit_callbacks(execute=True):
        item = submitted_item("东城区紧急审计件", urgency="urgent")
        services.return_item(item, users["editor"], COMMENT)
    recipients = {addr for m in mailoutbox for addr in m.to}
    assert "r2@example.gov.cn" not in recipients
    assert "reader@example.gov.cn" not in recipients
    assert "reporter@example.gov.cn" in recipients  # the unit's submitter: 退回修改
    assert "editor@example.gov.cn" in recipients  # 紧急信息 to the information section


def test_draft_bulletins_and_issue_print_are_for_the_information_section_only(unit_a_items, users, default_rules, login):
    from django.utils import timezone

    from info_reporting.models import PeriodicalIssue

    adopted = unit_a_items[0]
    issue = services.compile_issue(users["editor"], [adopted.pk])
    bulletin = services.generate_bulletin(users["editor"], "year", timezone.localdate().year)
    for role in ("reporter", "reporter2", "reader"):
        c = login(role)
        for url in (f"/admin/info-reporting/issues/{issue.pk}/print/",
                    f"/admin/snippets/info_reporting/periodicalissue/edit/{issue.pk}/",
                    f"/admin/pages/{bulletin.pk}/edit/", f"/admin/pages/{bulletin.pk}/revisions/",
                    f"/admin/pages/{bulletin.pk}/edit/preview/"):
            response = c.get(url)
            assert response.status_code in (302, 403, 404), (role, url, response.status_code)
        assert c.post(f"/admin/info-reporting/issues/{issue.pk}/sign-off/").status_code in (302, 403)
        assert bulletin.title not in c.get("/admin/pages/search/?q=关于").content.decode()
    assert PeriodicalIssue.objects.get(pk=issue.pk).status == "draft"
