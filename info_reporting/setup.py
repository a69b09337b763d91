"""Idempotent set-up of 政务信息报送: adoption levels and this year's default rules, the two
workflows (信息采用 for items, 通报审核 for bulletins), and page permissions for the information
section's reviewers. Run by ``manage.py setup_info_reporting`` (and by tests)."""
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from cms_pages.roles import ROLES

ADOPTION_WORKFLOW = "政务信息采用"
ADOPTION_TASK = "信息采用审核"
BULLETIN_WORKFLOW = "通报审核"
BULLETIN_TASK = "通报审核"


def _workflow(name, task_model, task_name, group_names):
    workflow, _ = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    task = task_model.objects.filter(name=task_name).first()
    if task is None:
        task = task_model.objects.create(name=task_name)
        task.groups.set(Group.objects.filter(name__in=group_names))
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def adoption_workflow():
    from info_reporting.models import InfoAdoptionTask

    return _workflow(ADOPTION_WORKFLOW, InfoAdoptionTask, ADOPTION_TASK, (ROLES["editor"], ROLES["reviewer"]))


def bulletin_workflow():
    return _workflow(BULLETIN_WORKFLOW, GroupApprovalTask, BULLETIN_TASK, (ROLES["reviewer"],))


def ensure_default_rules(year=None):
    """Adoption levels and ``year``'s rule set from the recommended default (§7), if none exist."""
    from info_reporting.models import AdoptionLevel, ScoringRuleSet
    from info_reporting.models.levels import DEFAULT_LEVEL_NAMES, DEFAULT_PERIODICAL_CODES
    from info_reporting.rule_sets import recommended_default

    year = year or timezone.localdate().year
    if ScoringRuleSet.objects.filter(year=year).exists():
        return ScoringRuleSet.objects.get(year=year)
    previous = ScoringRuleSet.objects.filter(year__lt=year).order_by("-year").first()
    if previous is not None:
        return previous.copy_to_year(year)
    if AdoptionLevel.objects.exists() and not AdoptionLevel.objects.filter(code="own_regular").exists():
        return None  # an office with its own levels: the administrator creates the rules
    return ScoringRuleSet.from_plain(
        recommended_default(year), names=DEFAULT_LEVEL_NAMES, periodical_codes=DEFAULT_PERIODICAL_CODES
    )


@transaction.atomic
def ensure_info_reporting(index=None, *, rules=True):
    from info_reporting.models import InfoReportIndexPage

    index = index or InfoReportIndexPage.objects.first()
    workflow = adoption_workflow()
    bulletin_workflow()
    if index is not None:
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
        reviewer = Group.objects.filter(name=ROLES["reviewer"]).first()
        if reviewer is not None:
            for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
                GroupPagePermission.objects.get_or_create(
                    group=reviewer, page=index,
                    permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
                )
    # The information section maintains levels, rules, issues and penalties (snippets).
    for role in ("editor", "reviewer"):
        group = Group.objects.filter(name=ROLES[role]).first()
        if group is None:
            continue
        group.permissions.add(*Permission.objects.filter(
            content_type__app_label="info_reporting",
            content_type__model__in=("adoptionlevel", "scoringruleset", "periodicalissue", "penaltyrecord"),
        ))
    _attachment_collections()
    _signer_group()
    if rules:
        ensure_default_rules()
    return workflow


def _attachment_collections():
    """Reporters upload and choose attachments in their own unit's collection only (the policy in
    ``info_reporting.attachments`` narrows any wider grant to it)."""
    from wagtail.models import GroupCollectionPermission

    from info_reporting.attachments import file_existing_attachments, reporting_root

    root = reporting_root()
    reporter = Group.objects.filter(name=ROLES["unit_reporter"]).first()
    if reporter is not None:
        for codename in ("add_document", "change_document", "choose_document"):
            GroupCollectionPermission.objects.get_or_create(
                group=reporter, collection=root,
                permission=Permission.objects.get(content_type__app_label="wagtaildocs", codename=codename),
            )
    file_existing_attachments()


def _signer_group():
    """单位审签人: a unit's head (also a 报送员 of the unit) signs off its items in the system."""
    from info_reporting.access import SIGNER_GROUP

    group, _ = Group.objects.get_or_create(name=SIGNER_GROUP)
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return group
