"""Admin for search: the editable synonym table, attachment-text status, editor warnings."""
from django.contrib import messages
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = "检索同义词"
    menu_name = "search_synonyms"
    add_to_settings_menu = True
    list_display = ["__str__", "note", "enabled", "updated_at"]
    list_filter = ["enabled"]
    search_fields = ["forms", "note"]
    panels = [FieldPanel("forms"), FieldPanel("note"), FieldPanel("enabled")]


register_snippet(SynonymGroupViewSet)


def _warn_attachment_problems(request, page):
    from search.attachments import attachment_problems

    try:
        problems = attachment_problems(page.specific)
    except Exception:
        return
    for problem in problems:
        messages.warning(request, f"{problem}。该附件的内容无法被全文检索找到。")


@hooks.register("after_create_page")
def warn_on_create(request, page):
    _warn_attachment_problems(request, page)


@hooks.register("after_edit_page")
def warn_on_edit(request, page):
    _warn_attachment_problems(request, page)
