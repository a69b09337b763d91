"""Shared fixtures: the site tree, one user per role, and logged-in clients."""
import io
import zipfile

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


# -- attachment files built in the test -------------------------------------------------------
NS = "http://www.ofdspec.org/2016"


def _content(lines):
    """Content.xml of one page; ``lines`` is a list of lists of TextCode strings (one TextObject each,
    objects on the same line share a y)."""
    objects = []
    oid = 10
    for row, pieces in enumerate(lines):
        y = 20 + row * 8
        for col, piece in enumerate(pieces):
            oid += 1
            objects.append(
                f'<ofd:TextObject ID="{oid}" Boundary="{20 + col * 40} {y} 40 6" Font="3" Size="4.2">'
                f'<ofd:TextCode X="0" Y="4">{piece}</ofd:TextCode></ofd:TextObject>'
            )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
        f'<ofd:Layer ID="2">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>'
    )


def build_ofd(pages, *, encrypted=False, drop=None) -> bytes:
    """A minimal but complete OFD package with ``pages`` (each a list of lines, see _content)."""
    files = {
        "OFD.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">'
            "<ofd:DocBody><ofd:DocInfo><ofd:DocID>a1b2c3</ofd:DocID><ofd:Title>测试</ofd:Title></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
            + ("<ofd:Encryptions>Encryptions.xml</ofd:Encryptions>" if encrypted else "")
            + "</ofd:DocBody></ofd:OFD>"
        ),
        "Doc_0/Document.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
            '<ofd:MaxUnitID>100</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>'
            '<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>'
            # listed in reading order, deliberately not in file-name order
            + "".join(f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages)))
            + "</ofd:Pages></ofd:Document>"
        ),
        "Doc_0/PublicRes.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
            '<ofd:Font ID="3" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>'
        ),
    }
    for i, lines in enumerate(pages):
        files[f"Doc_0/Pages/Page_{i}/Content.xml"] = _content(lines)
    if encrypted:
        files["Encryptions.xml"] = f'<ofd:Encryptions xmlns:ofd="{NS}"/>'
    for name in drop or ():
        files.pop(name)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            zf.writestr(name, text.encode("utf-8"))
    return buf.getvalue()


@pytest.fixture
def make_ofd():
    """``make_ofd(pages, encrypted=False, drop=None)`` → bytes of a real OFD package."""
    return build_ofd
