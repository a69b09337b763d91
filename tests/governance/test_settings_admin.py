"""Policies, word lists, content rules and column settings are edited in the admin."""
import pytest
from django.contrib.contenttypes.models import ContentType

pytestmark = pytest.mark.django_db


def test_admin_creates_a_section_policy(client_for, governance, site_tree):
    from governance.models import WorkflowPolicy
    from policies.models import PolicyDocumentPage

    c = client_for("admin")
    url = "/admin/snippets/governance/workflowpolicy/add/"
    assert c.get(url).status_code == 200
    ct = ContentType.objects.get_for_model(PolicyDocumentPage)
    response = c.post(url, {
        "name": "政策文件库策略", "section": site_tree["policies"].pk, "page_types": [ct.pk],
        "workflow": governance["workflows"]["default"].pk, "priority": "0", "active": "on", "note": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    policy = WorkflowPolicy.objects.get(name="政策文件库策略")
    assert list(policy.page_types.all()) == [ct]


def test_policy_without_secrecy_is_refused_in_the_admin(client_for, governance, site_tree):
    from governance.models import WorkflowPolicy

    c = client_for("admin")
    response = c.post("/admin/snippets/governance/workflowpolicy/add/", {
        "name": "错误策略", "section": site_tree["policies"].pk,
        "workflow": governance["workflows"]["reporting"].pk, "priority": "0", "active": "on", "note": "",
    })
    assert response.status_code == 200 and "保密审查" in response.content.decode()
    assert not WorkflowPolicy.objects.filter(name="错误策略").exists()


def test_word_list_entry_validation(client_for, governance):
    from governance.models import WordingRuleEntry

    c = client_for("admin")
    url = "/admin/snippets/governance/wordingruleentry/add/"
    response = c.post(url, {"pattern": "某旧机构名", "kind": "outdated", "suggestion": "", "severity": "",
                            "ignore_before": "", "ignore_after": "", "note": "", "active": "on"})
    assert response.status_code == 200 and "建议的正确表述" in response.content.decode()
    response = c.post(url, {"pattern": "某旧机构名", "kind": "outdated", "suggestion": "某新机构名", "severity": "",
                            "ignore_before": "原", "ignore_after": "", "note": "机构改革", "active": "on"})
    assert response.status_code == 302
    assert WordingRuleEntry.objects.get(pattern="某旧机构名").as_rule().ignore_before == ("原",)


def test_editors_cannot_change_governance_settings(client_for, governance):
    c = client_for("editor")
    response = c.get("/admin/snippets/governance/workflowpolicy/add/")
    assert response.status_code in (302, 403)


def test_metadata_requirement_field_must_exist(governance):
    from django.core.exceptions import ValidationError

    from governance.models import MetadataRequirement

    with pytest.raises(ValidationError):
        MetadataRequirement(field_name="no_such_field", label="不存在").full_clean()
