"""联合报送 (joint submissions, info_reporting.md §2 and §7): an item names several units; each
co-unit sees it (read-only), and every scoring event is split equally among the units."""
from decimal import Decimal

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from info_reporting import ledger, services
from info_reporting.models import InfoReportPage

pytestmark = pytest.mark.django_db

TITLE = "东城区与市发改委联合报送重点项目情况"


def page_form(unit, co_units=(), title=TITLE):
    return {"co_units": [u.pk for u in co_units], **nested_form_data({
        "title": title, "body": rich_text("<p>两单位共同推进。</p>"), "reporting_unit": unit.pk,
        "writer": "王五", "contact": "0571-88000000", "signer": "",
        "category": "动态", "urgency": "normal", "event_time": "", "attachments": inline_formset([]),
        "comments": inline_formset([]),
    })}


@pytest.fixture
def reporter3(make_reporter):
    return make_reporter("reporter3", "示范市财政局")


@pytest.fixture
def joint_item(info_site, default_rules, reporter2, reporter3, users, unit_of, login):
    c = login("reporter")
    response = c.post(f"/admin/pages/add/info_reporting/inforeportpage/{info_site.pk}/", {
        **page_form(unit_of("示范市东城区人民政府"), [unit_of("示范市发展和改革委员会")]), "action-submit": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    return InfoReportPage.objects.get(title=TITLE)


def test_the_lead_unit_names_co_units_and_they_are_stored_before_publication(joint_item, unit_of):
    assert joint_item.status == "submitted" and not joint_item.live
    assert list(joint_item.co_units.all()) == [unit_of("示范市发展和改革委员会")]
    assert joint_item.units_display == "示范市东城区人民政府（牵头）、示范市发展和改革委员会"


def test_co_unit_sees_the_item_but_a_third_unit_does_not(joint_item, users, site_tree, login):
    info = site_tree["info_reporting"]
    for role, sees in (("reporter", True), ("reporter2", True), ("reporter3", False), ("editor", True)):
        c = login(role)
        for url in ("/admin/info-reporting/items/", info.url, info.url + "export/",
                    f"/admin/info-reporting/items/{joint_item.pk}/", info.url + f"items/{joint_item.pk}/"):
            response = c.get(url)
            body = response.content
            if response["Content-Type"].startswith("application/vnd"):
                import io

                from openpyxl import load_workbook

                wb = load_workbook(io.BytesIO(body))
                text = " ".join(str(x.value) for ws in wb.worksheets for row in ws.iter_rows() for x in row if x.value)
            else:
                text = body.decode()
            assert (response.status_code == 200 and TITLE in text) == sees, (role, url, response.status_code)


def test_co_unit_reads_but_cannot_edit_withdraw_or_resubmit(joint_item, users, login):
    c = login("reporter2")
    assert c.get(f"/admin/pages/{joint_item.pk}/edit/").status_code in (302, 403)
    response = c.post(f"/admin/info-reporting/items/{joint_item.pk}/", {"action": "withdraw"}, follow=True)
    assert "只能撤回本单位报送的信息" in response.content.decode()
    joint_item.refresh_from_db()
    assert joint_item.status == "submitted"
    with pytest.raises(services.TransitionError):
        services.withdraw(joint_item, users["reporter2"])
    # the lead unit still may
    services.withdraw(joint_item, users["reporter"])
    joint_item.refresh_from_db()
    assert joint_item.status == "withdrawn"


def test_points_are_split_equally_between_the_units(joint_item, users, login):
    from django.utils import timezone

    services.adopt(joint_item, users["editor"], ["own_regular"])  # 3 points (§7 default)
    total, explanation = ledger.item_score(joint_item)
    assert total == Decimal("3")
    assert "联合报送" in explanation and "平分" in explanation
    ranking = ledger.compute_ranking("year", timezone.localdate().year)
    points = {r.unit: r.points for r in ranking.rows}
    assert points["示范市东城区人民政府"] == Decimal("1.5")
    assert points["示范市发展和改革委员会"] == Decimal("1.5")
    # each co-unit sees its own row of the ranking only
    text = login("reporter2").get("/admin/info-reporting/rankings/?period=year").content.decode()
    assert "示范市发展和改革委员会" in text and "示范市东城区人民政府" not in text


def test_co_unit_can_download_the_lead_units_attachment(joint_item, users, login):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from cms_pages.models import GovernmentPageAttachment
    from info_reporting.attachments import file_item_attachments

    doc = Document.objects.create(title="联合附件", file=ContentFile(b"x", name="j.txt"))
    GovernmentPageAttachment.objects.create(page=joint_item, document=doc)
    file_item_attachments(joint_item)
    assert login("reporter2").get(doc.url).status_code == 200
    assert login("reporter3").get(doc.url).status_code == 404


def test_naming_the_own_unit_as_co_unit_is_refused(info_site, default_rules, users, unit_of, login):
    c = login("reporter")
    unit = unit_of("示范市东城区人民政府")
    response = c.post(f"/admin/pages/add/info_reporting/inforeportpage/{info_site.pk}/",
                      {**page_form(unit, [unit]), "action-submit": "1"})
    assert response.status_code == 200
    assert "联合报送单位不能再选报送单位“示范市东城区人民政府”本身" in response.content.decode()
    assert not InfoReportPage.objects.exists()


def test_co_units_edited_in_a_draft_are_seen_at_once(info_site, default_rules, reporter2, reporter3, users, unit_of, login):
    c = login("reporter")
    lead = unit_of("示范市东城区人民政府")
    assert c.post(f"/admin/pages/add/info_reporting/inforeportpage/{info_site.pk}/", page_form(lead)).status_code == 302
    item = InfoReportPage.objects.get(title=TITLE)
    assert TITLE not in login("reporter3").get("/admin/info-reporting/items/").content.decode()
    response = c.post(f"/admin/pages/{item.pk}/edit/", {**page_form(lead, [unit_of("示范市财政局")]), "slug": item.slug})
    assert response.status_code == 302
    assert TITLE in login("reporter3").get("/admin/info-reporting/items/").content.decode()
    assert TITLE not in login("reporter2").get("/admin/info-reporting/items/").content.decode()
