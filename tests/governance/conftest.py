"""Governance fixtures: the default workflows and the reviewer users of every step."""
import datetime

import pytest

PASSWORD = "pw-for-tests-only"

#: extra reviewer users: username -> (group, unit)
REVIEWERS = {
    "reviewer2": "审核人",
    "secrecy": "保密审查员",
    "signer": "签发人",
}


@pytest.fixture
def governance(site_tree):
    from governance.setup import ensure_governance

    return ensure_governance()


@pytest.fixture
def reviewers(users, governance):
    """The fixture users plus one user per reviewing group (reviewer2, secrecy, signer)."""
    from django.contrib.auth.models import Group, User

    from cms_pages.models import OrganisationUnit, StaffProfile

    unit = OrganisationUnit.objects.get(name="示范市人民政府办公室")
    result = dict(users)
    for username, group in REVIEWERS.items():
        user = User.objects.create_user(username, f"{username}@example.gov.cn", PASSWORD)
        user.groups.add(Group.objects.get(name=group))
        StaffProfile.objects.create(user=user, unit=unit)
        result[username] = user
    return result


@pytest.fixture
def clean_fields(site_tree):
    """Metadata that passes the default required-metadata checks."""
    from cms_pages.models import OrganisationUnit, TopicCategory

    def make():
        unit = OrganisationUnit.objects.get(name="示范市人民政府办公室")
        topic = TopicCategory.objects.filter(parent__isnull=False).first()
        if topic is None:
            parent = TopicCategory.objects.create(name="综合政务")
            topic = TopicCategory.objects.create(name="政务公开", parent=parent)
        return {
            "summary": "关于做好政务公开工作的通知",
            "formed_date": datetime.date(2025, 3, 1),
            "issuing_organisation": unit,
            "topic": topic,
        }

    return make


@pytest.fixture
def parent_for(site_tree):
    """A page under which ``model`` can be created; creates the missing parent chain
    (e.g. a catalogue page another app requires) so every governed type is covered."""

    def find(model, _depth=0):
        from wagtail.models import Page

        for parent_model in model.allowed_parent_page_models():
            if parent_model is Page:
                continue
            existing = parent_model.objects.first()
            if existing is not None and model.can_create_at(existing):
                return existing
        if _depth > 3:
            return None
        for parent_model in model.allowed_parent_page_models():
            if parent_model is Page or parent_model._meta.abstract:
                continue
            grandparent = find(parent_model, _depth + 1)
            if grandparent is None:
                continue
            page = parent_model(title=f"{parent_model._meta.verbose_name}（测试）", live=True)
            for name, value in _required_defaults(parent_model).items():
                if not getattr(page, name, None):
                    setattr(page, name, value)
            grandparent.add_child(instance=page)
            page.save_revision().publish()
            if model.can_create_at(page):
                return page
        return None

    return find


@pytest.fixture
def make_draft(parent_for, clean_fields, users):
    """A draft governed page of ``model`` (default PolicyDocumentPage) owned by the editor."""
    from policies.models import PolicyDocumentPage

    def make(model=PolicyDocumentPage, title="关于做好2025年政务公开工作的通知", owner="editor", **fields):
        parent = parent_for(model)
        values = {**clean_fields(), **fields}
        values = {k: v for k, v in values.items() if _has_field(model, k)}
        page = model(title=title, live=False, owner=users[owner], **values)
        for name, value in _required_defaults(model).items():
            if not getattr(page, name, None):
                setattr(page, name, value)
        _link_interpreted_document(page, parent_for)
        parent.add_child(instance=page)
        page.save_revision(user=users[owner])
        return page

    return make


def _link_interpreted_document(page, parent_for):
    """A 政策解读 must name at least one live document it interprets (policies.models)."""
    from policies.models import PolicyDocumentPage, PolicyInterpretationLink, PolicyInterpretationPage

    if not isinstance(page, PolicyInterpretationPage):
        return
    document = PolicyDocumentPage.objects.live().first()
    if document is None:
        document = PolicyDocumentPage(title="被解读的政策文件", live=True, formed_date=datetime.date(2025, 1, 1))
        parent_for(PolicyDocumentPage).add_child(instance=document)
        document.save_revision().publish()
    page.document_links.add(PolicyInterpretationLink(document=document))


def _has_field(model, name):
    from governance.registry import model_has_field

    return model_has_field(model, name)


def _required_defaults(model):
    """Values for required fields of page types added by other apps (best effort)."""
    from django.db import models as m

    values = {}
    for f in model._meta.concrete_fields:
        if f.null or f.blank or f.has_default() or f.primary_key or isinstance(f, m.AutoField):
            continue
        if f.name in ("title", "slug", "path", "depth", "content_type", "url_path", "draft_title", "locale", "translation_key"):
            continue
        if isinstance(f, (m.CharField, m.TextField)):
            values[f.name] = f.choices[0][0] if f.choices else "示例"
        elif isinstance(f, m.DateField):
            values[f.name] = datetime.date(2025, 3, 1)
        elif isinstance(f, (m.IntegerField,)):
            values[f.name] = 1
        elif isinstance(f, m.ForeignKey):  # e.g. a notice's kind (seeded vocabulary)
            related = f.related_model.objects.first()
            if related is not None:
                values[f.name] = related
    return values


@pytest.fixture
def review(reviewers):
    """Helpers to drive a page through the workflow programmatically."""
    from governance.models import SecrecyReviewTask

    class Review:
        users = reviewers

        def submit(self, page, username="editor"):
            page = page.specific
            workflow = page.get_workflow()
            state = workflow.start(page, self.users[username])
            return state

        def current(self, page):
            page = type(page).objects.get(pk=page.pk)
            return page.current_workflow_task_state

        def act(self, page, username, action="approve", **data):
            state = self.current(page)
            task = state.task.specific
            if action == "approve" and isinstance(task, SecrecyReviewTask) and not data:
                data = secrecy_ok()
            return task.on_action(state, self.users[username], action, **data)

        def approve_all(self, page, order=("reviewer", "secrecy", "reviewer2", "signer")):
            for username in order:
                if self.current(page) is None:
                    break
                self.act(page, username)
            return type(page).objects.get(pk=page.pk)

    return Review()


def secrecy_ok(**overrides):
    data = {
        "state_secret": "none", "work_secret": "none", "personal_info": "none",
        "commercial_secret": "none", "conclusion": "publish", "comment": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def secrecy_data():
    return secrecy_ok
