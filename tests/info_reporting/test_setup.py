"""Set-up command: workflows, reviewer permissions, default levels and this year's rules."""
import datetime

import pytest
from django.core.management import call_command
from wagtail.models import GroupPagePermission, WorkflowPage

from info_reporting.models import AdoptionLevel, ScoringRuleSet

pytestmark = pytest.mark.django_db


def test_setup_is_idempotent_and_complete(site_tree, capsys):
    call_command("setup_info_reporting")
    call_command("setup_info_reporting")
    index = site_tree["info_reporting"]
    assert WorkflowPage.objects.get(page=index).workflow.name == "政务信息采用"
    assert GroupPagePermission.objects.filter(group__name="审核人", page=index, permission__codename="change_page").exists()
    assert ScoringRuleSet.objects.filter(year=datetime.date.today().year).count() == 1
    names = set(AdoptionLevel.objects.values_list("name", flat=True))
    assert {"本级采用", "编入刊物", "上报上级", "上级采用", "国办采用"} <= names
    assert "政务信息报送已设置" in capsys.readouterr().out


def test_reviewer_edits_items_in_the_admin_with_the_adoption_actions(submitted_item, client_for, default_rules):
    item = submitted_item()
    response = client_for("reviewer").get(f"/admin/pages/{item.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("return", "adopt", "not_adopt"):
        assert f'data-workflow-action-name="{name}"' in html
    assert 'data-workflow-action-name="approve"' not in html  # adoption is the only way to approve
    # the rule-set admin form renders with its tabs
    rules = client_for("admin").get(f"/admin/snippets/info_reporting/scoringruleset/edit/{default_rules.pk}/")
    assert rules.status_code == 200 and "批示与组合规则" in rules.content.decode()


@pytest.mark.parametrize("role, allowed", [("editor", True), ("reviewer", True), ("reporter", False), ("reader", False)])
def test_only_the_information_section_maintains_rules_issues_and_penalties(role, allowed, client_for, info_site):
    for model in ("adoptionlevel", "scoringruleset", "periodicalissue", "penaltyrecord"):
        response = client_for(role).get(f"/admin/snippets/info_reporting/{model}/")
        assert (response.status_code == 200) == allowed, (role, model, response.status_code)
