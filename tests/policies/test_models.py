"""PolicyDocumentPage fields: 文号 kept and flagged, lead 发文机关, date checks, recorded decisions."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from policies.models import PolicyDocumentPage

pytestmark = pytest.mark.django_db


def test_doc_number_is_stored_printed_canonical_and_keyed(doc):
    page = doc("某通知", doc_number=" 国办发[2024]012号 ")
    assert page.doc_number == "国办发[2024]012号"
    assert page.doc_number_canonical == "国办发〔2024〕12号"
    assert page.doc_number_key == "国办发2024-12"
    assert not page.doc_number_unparsed


@pytest.mark.parametrize("printed", ["国办发〔98〕3号", "见附件", "国办发〔2024〕12号、国办发〔2024〕13号", "x" * 100])
def test_unparseable_doc_number_is_kept_as_printed_and_flagged(doc, printed):
    page = doc("文号异常的文件", doc_number=printed[:120])
    page = PolicyDocumentPage.objects.get(pk=page.pk)
    assert page.doc_number == printed[:120]
    assert page.doc_number_unparsed
    assert page.doc_number_canonical == "" and page.doc_number_key == ""


def test_lead_authority_of_joint_documents_and_from_the_organisation(doc):
    from cms_pages.models import OrganisationUnit

    assert doc("联合发文", issuing_authority="国务院、中央军委").lead_authority == "国务院"
    unit = OrganisationUnit.objects.get(name="示范市财政局")
    assert doc("机构发文", issuing_organisation=unit).lead_authority == "示范市财政局"


def test_effective_before_formed_is_warned_not_refused(doc):
    page = doc("法规", formed_date=dt.date(2011, 11, 17), effective_date=dt.date(2005, 1, 1))
    assert page.live
    assert page.date_warnings() == ["施行日期早于成文日期，请核对"]


def test_expiry_before_effective_is_refused(doc):
    page = doc("有效期错误")
    page.effective_date = dt.date(2026, 1, 1)
    page.expiry_date = dt.date(2025, 1, 1)
    with pytest.raises(ValidationError) as excinfo:
        page.full_clean()
    assert excinfo.value.message_dict["expiry_date"] == ["有效期至早于施行日期，请核对"]


def test_recorded_decision_needs_basis_and_basis_needs_decision(doc):
    page = doc("认定")
    page.validity_override = "lapsed"
    with pytest.raises(ValidationError, match="必须填写依据"):
        page.full_clean()
    page.validity_override = ""
    page.validity_override_basis = "某依据"
    with pytest.raises(ValidationError, match="请同时选择认定的有效性"):
        page.full_clean()


def test_future_effective_date_publishes_as_not_yet_effective(doc):
    page = doc("下月施行", effective_date=dt.date.today() + dt.timedelta(days=20))
    assert page.validity == "not_yet_effective"
    assert page.get_validity_display() == "尚未生效"


def test_banner_shows_a_pending_repeal(doc, newer, client):
    old = doc("即将废止的办法")
    newer("新办法", [("repeals", old, dt.date.today() + dt.timedelta(days=10))])
    html = client.get(PolicyDocumentPage.objects.get(pk=old.pk).url).content.decode()
    assert "起已废止：被《新办法》废止" in html
    assert 'id="validity-banner"' not in html  # still in force today


def test_data_check_report_lists_unparsed_numbers_and_date_order(doc, client_for):
    from django.urls import reverse

    doc("文号乱填", doc_number="见附件")
    doc("早于成文施行", formed_date=dt.date(2011, 11, 17), effective_date=dt.date(2005, 1, 1))
    doc("正常文件", doc_number="示政发〔2026〕1号")
    client = client_for("admin")
    html = client.get(reverse("policies_data_checks")).content.decode()
    assert "文号“见附件”无法识别" in html and "施行日期早于成文日期，请核对" in html and "正常文件" not in html
    html = client.get(reverse("policies_data_checks") + "?kind=number").content.decode()
    assert "文号乱填" in html and "早于成文施行" not in html


def test_directly_assigned_end_state_is_kept_as_a_recorded_decision(doc):
    page = doc("直接设为已废止", validity="repealed", validity_changed_on=dt.date(2025, 6, 1), validity_basis="某决定")
    page = PolicyDocumentPage.objects.get(pk=page.pk)
    assert (page.validity, page.validity_changed_on, page.validity_basis) == ("repealed", dt.date(2025, 6, 1), "某决定")
    assert page.validity_override == "repealed"
    page.save()  # saving again keeps it
    assert PolicyDocumentPage.objects.get(pk=page.pk).validity == "repealed"


def test_revisions_carry_the_current_validity_not_a_stale_copy(doc, newer):
    old = doc("旧办法")
    newer("新办法", [("repeals", old)])
    draft = PolicyDocumentPage.objects.get(pk=old.pk).get_latest_revision_as_object()
    assert draft.validity == "repealed"  # the revision was saved while in force
    draft.summary = "编辑后再发布"
    draft.save_revision().publish()
    page = PolicyDocumentPage.objects.get(pk=old.pk)
    assert page.validity == "repealed" and page.validity_override == ""
