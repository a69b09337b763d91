"""Admin editing of the working-day calendar: special days (休假 / 补班) and year statuses.

Snippet edits are audit-logged by Wagtail (ModelLogEntry); every change recomputes open
deadlines (workdays.signals.calendar_changed).
"""
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import CalendarYear, SpecialDay


class SpecialDayViewSet(SnippetViewSet):
    model = SpecialDay
    icon = "date"
    menu_label = "节假日与调休"
    list_display = ["date", "kind", "name", "source", "note"]
    list_filter = ["kind", "year"]
    search_fields = ["name", "note", "source"]
    list_per_page = 100


class CalendarYearViewSet(SnippetViewSet):
    model = CalendarYear
    icon = "calendar"
    menu_label = "日历年度"
    list_display = ["year", "status", "notice_reference", "confirmed_by", "confirmed_at"]
    list_filter = ["status"]


class WorkdaysGroup(SnippetViewSetGroup):
    menu_label = "工作日历"
    menu_icon = "date"
    menu_order = 320
    items = (CalendarYearViewSet, SpecialDayViewSet)


register_snippet(WorkdaysGroup)


@hooks.register("after_edit_snippet")
@hooks.register("after_create_snippet")
def record_year_confirmation(request, instance):
    """Who confirmed a year (calendar.md §3)."""
    if isinstance(instance, CalendarYear) and instance.status == CalendarYear.Status.CONFIRMED and not instance.confirmed_by_id:
        CalendarYear.objects.filter(pk=instance.pk).update(confirmed_by=request.user)
