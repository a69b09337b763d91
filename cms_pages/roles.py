"""The portal's roles as Wagtail groups with page permissions on the site tree.

Role            Group name   What it may do
editor          编辑          create and edit content in the public sections, submit for review
reviewer        审核人        edit and approve (publish) content in the public sections
unit_reporter   报送员        submit information reports (政务信息报送) for their own unit
staff_reader    内部查阅      log in and read internal content (internal notices, archives)
secrecy_reviewer 保密审查员   the confidentiality review step (保密审查) of governed content
signer          签发人        the final step (终审/签发) and withdrawal/deletion requests
request_handler 依申请公开办理  handle on-request disclosure applications (full applicant data)
admin           (superuser)  everything
"""
from django.contrib.auth.models import Group, Permission

ROLES = {
    "editor": "编辑",
    "reviewer": "审核人",
    "unit_reporter": "报送员",
    "staff_reader": "内部查阅",
    # Review-only roles: their workflow tasks and permissions come from governance.setup.
    "secrecy_reviewer": "保密审查员",
    "signer": "签发人",
}


def _perm(codename, app_label="wagtailcore"):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_roles(sections):
    """Create the role groups and grant page permissions on ``sections`` (a dict of name → page)."""
    from wagtail.models import GroupPagePermission

    access_admin = _perm("access_admin", "wagtailadmin")
    groups = {}
    for key, name in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        groups[key] = group

    public_sections = [sections[k] for k in ("disclosure", "notices", "policies") if k in sections]
    grants = {
        "editor": ["add_page", "change_page"],
        "reviewer": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    }
    for role, codenames in grants.items():
        for page in public_sections:
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=groups[role], page=page, permission=_perm(codename)
                )
    if "info_reporting" in sections:
        for codename in ("add_page", "change_page"):
            GroupPagePermission.objects.get_or_create(
                group=groups["unit_reporter"], page=sections["info_reporting"], permission=_perm(codename)
            )
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.get_or_create(
                group=groups["editor"], page=sections["info_reporting"], permission=_perm(codename)
            )
    # Documents (attachments) for editors and reviewers.
    from wagtail.models import Collection, GroupCollectionPermission

    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    # Reporters get document rights on their unit's collection only (info_reporting.setup).
    for role in ("editor", "reviewer"):
        for codename in ("add_document", "change_document", "choose_document"):
            GroupCollectionPermission.objects.get_or_create(
                group=groups[role], collection=root_collection,
                permission=_perm(codename, "wagtaildocs"),
            )
    from disclosure.roles import ensure_request_roles

    groups["request_handler"] = ensure_request_roles()
    return groups
