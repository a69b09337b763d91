"""Helpers for tests that drive the notice editor in a browser (Playwright page objects)."""


def choose_organisation(page, name):
    """Pick 发布机构 in the Wagtail chooser (OrganisationUnit snippet) of the open edit form."""
    page.click("#id_issuing_organisation-chooser .unchosen button")
    modal = page.locator(".modal-content")
    modal.wait_for()
    modal.get_by_role("link", name=name, exact=True).first.click()
    page.wait_for_selector(".modal-content", state="detached")
