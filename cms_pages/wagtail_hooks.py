from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import OrganisationUnit, StaffProfile, TopicCategory


class OrganisationUnitViewSet(SnippetViewSet):
    model = OrganisationUnit
    icon = "group"
    menu_label = "机构"
    list_display = ["name", "short_name", "code", "parent", "is_active"]
    search_fields = ["name", "short_name", "code"]


class TopicCategoryViewSet(SnippetViewSet):
    model = TopicCategory
    icon = "list-ul"
    menu_label = "主题分类"
    list_display = ["name", "parent", "sort_order"]
    list_filter = ["parent"]
    search_fields = ["name"]


class StaffProfileViewSet(SnippetViewSet):
    model = StaffProfile
    icon = "user"
    menu_label = "人员所属单位"
    list_display = ["user", "unit", "phone"]


class OrganisationGroup(SnippetViewSetGroup):
    menu_label = "机构与分类"
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (OrganisationUnitViewSet, TopicCategoryViewSet, StaffProfileViewSet)


register_snippet(OrganisationGroup)


@hooks.register("register_log_actions")
def register_import_actions(actions):
    actions.register_action("gongkai.import", "从档案导入", "从档案导入")
    actions.register_action("gongkai.import_update", "档案更新", "按档案更新")
