"""The governance admin screens render for reviewers and editors."""
import pytest

pytestmark = pytest.mark.django_db


def test_screens_render(make_draft, review, client_for, reviewers):
    page = make_draft()
    review.submit(page)
    c = client_for("reviewer")
    for url in ["/admin/governance/inbox/", f"/admin/governance/history/{page.pk}/",
                f"/admin/governance/checks/{page.pk}/", "/admin/governance/requests/",
                "/admin/governance/audit-log/", f"/admin/pages/{page.pk}/edit/", "/admin/"]:
        r = c.get(url)
        assert r.status_code == 200, (url, r.status_code)
    body = c.get("/admin/governance/inbox/").content.decode()
    assert page.title in body and "初审" in body
