"""The 依申请公开 handler role. Only holders of ``disclosure.handle_informationrequest`` (or
superusers) see applicant identity, contact and request text; ``view_informationrequest``
alone shows the register with those fields masked."""
from django.contrib.auth.models import Group, Permission

REQUEST_HANDLER_GROUP = "依申请公开办理"


def can_handle(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.has_perm("disclosure.handle_informationrequest")))


def can_view(user) -> bool:
    return can_handle(user) or bool(user and user.is_authenticated and user.has_perm("disclosure.view_informationrequest"))


def ensure_request_roles(viewer_groups=("内部查阅",)):
    """Create the handler group (admin access + view/handle applications); let ``viewer_groups``
    see the masked register. Idempotent. Meant to be called from cms_pages.roles.ensure_roles."""
    perms = {
        p.codename: p
        for p in Permission.objects.filter(
            content_type__app_label="disclosure",
            codename__in=["view_informationrequest", "handle_informationrequest", "change_informationrequest",
                          "change_annualreportdata"],
        )
    }
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    group, _ = Group.objects.get_or_create(name=REQUEST_HANDLER_GROUP)
    group.permissions.add(access_admin, *perms.values())
    for name in viewer_groups:
        viewer = Group.objects.filter(name=name).first()
        if viewer and "view_informationrequest" in perms:
            viewer.permissions.add(perms["view_informationrequest"])
    return group
