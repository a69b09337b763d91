"""Permission matrix over HTTP: every role × every governed page type × every action.

Each cell performs the action through the real admin URL (edit view, workflow
action view, unpublish/delete views, bulk actions, the admin API, the request
screens) on a fresh item in the right state, then checks in the database whether
the action took effect. The allowed set per action is the designed one below; in
particular no path publishes, unpublishes or deletes governed content outside the
workflow — not even for superusers.

The page types come from ``governance.registry.governed_models()``: page types other
apps add (notices, disclosure items, interpretations, reports …) are covered
automatically.
"""
import pytest
from django.test import Client
from wagtail.models import Page, TaskState
from wagtail.test.utils.form_data import querydict_from_html

from governance.registry import governed_models

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "editor", "reviewer", "reporter", "reader", "admin", "reviewer2", "secrecy", "signer"]

# action -> roles whose attempt takes effect
ALLOWED = {
    "edit": {"editor", "reviewer", "reviewer2", "admin"},
    "submit": {"editor", "reviewer", "reviewer2", "admin"},
    "approve:初审": {"reviewer", "reviewer2", "admin"},
    "approve:保密审查": {"secrecy", "admin"},
    "approve:复审": {"reviewer", "admin"},  # reviewer2 did 初审: 三审 needs another person
    "approve:终审/签发": {"signer", "admin"},
    "reject:初审 (no comment)": set(),
    "publish (edit view)": set(),
    "publish (create view)": set(),
    "publish (bulk)": set(),
    "publish (API)": set(),
    "unpublish (view)": set(),
    "unpublish (bulk)": set(),
    "unpublish (API)": set(),
    "delete (view)": set(),
    "delete (API)": set(),
    "request unpublish": {"editor", "reviewer", "reviewer2", "admin"},
    "decide request": {"signer", "admin"},  # requested by the editor
}

TYPES = [m._meta.label for m in governed_models()]


def _client(reviewers, role):
    client = Client()
    if role != "anonymous":
        client.force_login(reviewers[role])
    return client


def _edit_data(page, cache=None):
    key = (page.pk, page.latest_revision_id, page.live)
    if cache is not None and key in cache:
        return cache[key].copy()
    admin = Client()
    from django.contrib.auth.models import User

    admin.force_login(User.objects.get(username="admin"))
    html = admin.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    if cache is not None:
        cache[key] = data.copy()
    return data


def _fresh(page):
    return Page.objects.get(pk=page.pk).specific


@pytest.fixture
def scenario(make_draft, review, reviewers, parent_for):
    class Scenario:
        def draft(self, model):
            return make_draft(model)

        def at_step(self, model, step):
            page = make_draft(model)
            review.submit(page)
            for name, username in (("初审", "reviewer2"), ("保密审查", "secrecy"), ("复审", "reviewer")):
                if review.current(page).task.name == step:
                    break
                review.act(page, username)
            assert review.current(page).task.name == step
            return page

        def live(self, model):
            page = make_draft(model)
            review.submit(page)
            review.approve_all(page, order=("reviewer2", "secrecy", "reviewer", "signer"))
            page = _fresh(page)
            assert page.live
            return page

    return Scenario()


class Cached:
    """Reuses the item of a cell between roles while attempts leave it unchanged
    (a refused action changes nothing); an action that took effect gets a fresh item."""

    def __init__(self, scenario):
        self.scenario = scenario
        self.pages = {}
        self.forms = {}

    def get(self, kind, model, *args):
        key = (kind, model, args)
        if key not in self.pages:
            self.pages[key] = getattr(self.scenario, kind)(model, *args)
        return _fresh(self.pages[key])

    def reset(self):
        self.pages.clear()
        self.forms.clear()


def attempt(action, role, model, scenario, reviewers, review, secrecy_data, parent_for):
    """Perform ``action`` as ``role``; return True when it took effect."""
    client = _client(reviewers, role)
    user = reviewers.get(role)

    if action == "edit":
        page = scenario.get("draft", model)
        data = _edit_data(page, scenario.forms)
        data["title"] = "修改后的标题"
        before = page.revisions.count()
        client.post(f"/admin/pages/{page.pk}/edit/", data)
        return page.revisions.count() > before and page.revisions.order_by("-id").first().user == user

    if action == "submit":
        page = scenario.get("draft", model)
        data = _edit_data(page, scenario.forms)
        data["action-submit"] = "1"
        client.post(f"/admin/pages/{page.pk}/edit/", data)
        state = _fresh(page).current_workflow_state
        return state is not None and state.requested_by == user

    if action.startswith(("approve:", "reject:")):
        verb, step = action.split(":", 1)
        step = step.split(" ")[0]
        page = scenario.get("at_step", model, step)
        state = review.current(page)
        data = {}
        if verb == "approve" and step == "保密审查":
            data = secrecy_data()
        client.post(f"/admin/pages/workflow/action/{page.pk}/{verb}/{state.pk}/", data)
        # also try through the edit view with an empty comment (JSON extra data path)
        if verb == "reject":
            edit = _edit_data(page, scenario.forms)
            edit.update({"action-workflow-action": "1", "workflow-action-name": "reject",
                         "workflow-action-extra-data": "{}"})
            client.post(f"/admin/pages/{page.pk}/edit/", edit)
        state = TaskState.objects.get(pk=state.pk)
        expected = TaskState.STATUS_APPROVED if verb == "approve" else TaskState.STATUS_REJECTED
        return state.status == expected and state.finished_by == user

    if action == "publish (edit view)":
        page = scenario.get("draft", model)
        data = _edit_data(page, scenario.forms)
        data["action-publish"] = "1"
        client.post(f"/admin/pages/{page.pk}/edit/", data)
        return _fresh(page).live

    if action == "publish (create view)":
        parent = parent_for(model)
        ct = model._meta
        admin = Client()
        admin.force_login(reviewers["admin"])
        url = f"/admin/pages/add/{ct.app_label}/{ct.model_name}/{parent.pk}/"
        data = querydict_from_html(admin.get(url).content.decode(), form_id="page-edit-form")
        data.update({"title": f"直接发布测试{role}", "slug": f"direct-{role}", "action-publish": "1"})
        client.post(url, data)
        return model.objects.filter(title=f"直接发布测试{role}", live=True).exists()

    if action == "publish (bulk)":
        page = scenario.get("draft", model)
        client.post(f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}", {})
        return _fresh(page).live

    if action == "publish (API)":
        page = scenario.get("draft", model)
        client.post(f"/admin/api/main/pages/{page.pk}/action/publish/", {}, content_type="application/json")
        return _fresh(page).live

    if action == "unpublish (view)":
        page = scenario.get("live", model)
        client.post(f"/admin/pages/{page.pk}/unpublish/", {})
        return not _fresh(page).live

    if action == "unpublish (bulk)":
        page = scenario.get("live", model)
        client.post(f"/admin/bulk/wagtailcore/page/unpublish/?id={page.pk}", {})
        return not _fresh(page).live

    if action == "unpublish (API)":
        page = scenario.get("live", model)
        client.post(f"/admin/api/main/pages/{page.pk}/action/unpublish/", {}, content_type="application/json")
        return not _fresh(page).live

    if action == "delete (view)":
        page = scenario.get("live", model)
        client.post(f"/admin/pages/{page.pk}/delete/", {})
        return not Page.objects.filter(pk=page.pk).exists()

    if action == "delete (API)":
        page = scenario.get("live", model)
        client.post(f"/admin/api/main/pages/{page.pk}/action/delete/", {}, content_type="application/json")
        return not Page.objects.filter(pk=page.pk).exists()

    if action == "request unpublish":
        from governance.models import ChangeRequest

        page = scenario.get("live", model)
        client.post(f"/admin/governance/requests/new/{page.pk}/unpublish/", {"reason": "信息有误，需要撤回"})
        return ChangeRequest.objects.filter(page=page, requested_by=user).exists() if user else False

    if action == "decide request":
        from governance.models import ChangeRequest
        from governance.services.withdrawal import create_request

        page = scenario.get("live", model)
        req = ChangeRequest.objects.filter(page=page, status=ChangeRequest.PENDING).first() or create_request(
            page, ChangeRequest.KIND_UNPUBLISH, "信息有误，需要撤回", reviewers["editor"])
        client.post(f"/admin/governance/requests/{req.pk}/decide/", {"decision": "approve", "comment": "同意"})
        req.refresh_from_db()
        return req.status == ChangeRequest.APPROVED and not _fresh(page).live

    raise AssertionError(action)


@pytest.mark.parametrize("page_type", TYPES)
@pytest.mark.parametrize("action", list(ALLOWED))
def test_permission_matrix(page_type, action, scenario, reviewers, review, secrecy_data, parent_for):
    from django.apps import apps

    model = apps.get_model(page_type)
    cached = Cached(scenario)
    wrong = []
    for role in ROLES:
        took_effect = attempt(action, role, model, cached, reviewers, review, secrecy_data, parent_for)
        if took_effect:
            cached.reset()
        expected = role in ALLOWED[action]
        if took_effect != expected:
            wrong.append(f"{role}: {'生效' if took_effect else '未生效'}，应{'生效' if expected else '被拒绝'}")
    assert not wrong, f"{page_type} · {action}：" + "；".join(wrong)


def test_matrix_covers_every_government_page_type():
    from cms_pages.models import GovernmentPage

    concrete = {m._meta.label for m in apps_models() if issubclass(m, GovernmentPage) and not m._meta.abstract}
    assert concrete == set(TYPES) and concrete


def apps_models():
    from django.apps import apps

    return apps.get_models()
