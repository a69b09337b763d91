"""Admin: the 依申请公开 back office, the timeliness report, annual report figures, redress cases."""
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem, SubmenuMenuItem
from wagtail.admin.menu import Menu
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import RedressCase
from .roles import can_handle, can_view


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("disclosure/", include("disclosure.admin_urls", namespace="disclosure_admin"))]


class _PermMenuItem(MenuItem):
    def __init__(self, *args, check=None, **kwargs):
        self.check = check
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return self.check is None or self.check(request.user)


def _can_report(user):
    return user.is_superuser or user.has_perm("disclosure.change_annualreportdata") or can_view(user)


disclosure_menu = Menu(
    register_hook_name="register_disclosure_menu_item",
    construct_hook_name="construct_disclosure_menu",
)


@hooks.register("register_disclosure_menu_item")
def _dashboard_item():
    return _PermMenuItem("依申请公开办理", reverse("disclosure_admin:dashboard"), icon_name="form", order=100, check=can_view)


@hooks.register("register_disclosure_menu_item")
def _register_item():
    return _PermMenuItem("登记纸质申请", reverse("disclosure_admin:register"), icon_name="plus", order=110, check=can_handle)


@hooks.register("register_disclosure_menu_item")
def _rereview_item():
    return _PermMenuItem("不予公开定期复审", reverse("disclosure_admin:rereview"), icon_name="repeat", order=120, check=can_view)


@hooks.register("register_disclosure_menu_item")
def _timeliness_item():
    return _PermMenuItem("主动公开时效", reverse("disclosure_admin:timeliness"), icon_name="time", order=200)


@hooks.register("register_disclosure_menu_item")
def _annual_item():
    return _PermMenuItem("年度报告数据", reverse("disclosure_admin:annual_report"), icon_name="table", order=300, check=_can_report)


@hooks.register("register_admin_menu_item")
def register_disclosure_menu():
    return SubmenuMenuItem("政府信息公开", disclosure_menu, icon_name="folder-open-inverse", order=250)


class RedressCaseViewSet(SnippetViewSet):
    model = RedressCase
    icon = "warning"
    menu_label = "行政复议、行政诉讼"
    add_to_admin_menu = False
    list_display = ["kind", "filed_on", "concluded_on", "result"]
    list_filter = ["kind", "result"]


register_snippet(RedressCaseViewSet)


@hooks.register("register_permissions")
def register_disclosure_permissions():
    """Lets administrators grant the 依申请公开 role (and the masked register) in group settings."""
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="disclosure",
        codename__in=["view_informationrequest", "handle_informationrequest", "change_annualreportdata"],
    )
