"""Shared fixtures: the site tree, one user per role, and logged-in clients."""
import pytest

ROLE_USERS = {
    # username: role key (None = superuser)
    "admin": None,
    "editor": "editor",
    "reviewer": "reviewer",
    "reporter": "unit_reporter",
    "reader": "staff_reader",
}
PASSWORD = "pw-for-tests-only"


@pytest.fixture
def site_tree(db):
    from cms_pages.site_tree import ensure_site_tree

    home, sections = ensure_site_tree()
    return {"home": home, **sections}


@pytest.fixture
def users(site_tree):
    """One user per role, each attached to an organisational unit."""
    from django.contrib.auth.models import Group, User

    from cms_pages.models import OrganisationUnit, StaffProfile
    from cms_pages.roles import ROLES

    units = {
        "admin": "示范市人民政府办公室", "editor": "示范市人民政府办公室", "reviewer": "示范市人民政府办公室",
        "reporter": "示范市东城区人民政府", "reader": "示范市财政局",
    }
    result = {}
    for username, role in ROLE_USERS.items():
        user = User.objects.create_user(username, f"{username}@example.gov.cn", PASSWORD,
                                        is_staff=role is None, is_superuser=role is None)
        if role:
            user.groups.add(Group.objects.get(name=ROLES[role]))
        StaffProfile.objects.create(user=user, unit=OrganisationUnit.objects.get(name=units[username]))
        result[username] = user
    return result


@pytest.fixture
def client_for(client, users):
    """``client_for('editor')`` returns a test client logged in as that role's user."""
    from django.test import Client

    def make(username):
        if username is None:
            return Client()
        c = Client()
        c.force_login(users[username])
        return c

    return make


@pytest.fixture
def make_policy(site_tree):
    """Create a live policy document under the library (published through Wagtail)."""
    from policies.models import PolicyDocumentPage

    def make(title="示范政策文件", publish=True, **fields):
        page = PolicyDocumentPage(title=title, live=publish, **fields)
        site_tree["policies"].add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
        return page

    return make
