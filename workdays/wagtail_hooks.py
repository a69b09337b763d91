"""Admin editing of the working-day calendar: special days (休假 / 补班) and year statuses.

Snippet edits are audit-logged by Wagtail (ModelLogEntry); every change recomputes open
deadlines (workdays.signals.calendar_changed).
"""
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CalendarYear, SpecialDay


class SpecialDayViewSet(SnippetViewSet):
    model = SpecialDay
    icon = "date"
    menu_label = "节假日与调休"
    list_display = ["date", "kind", "name", "source", "note"]
    list_filter = ["kind", "year"]
    search_fields = ["name", "note", "source"]
    list_per_page = 100
    add_to_admin_menu = False


class CalendarYearViewSet(SnippetViewSet):
    model = CalendarYear
    icon = "calendar"
    menu_label = "日历年度"
    list_display = ["year", "status", "notice_reference", "confirmed_by", "confirmed_at"]
    list_filter = ["status"]
    add_to_admin_menu = False


register_snippet(CalendarYearViewSet)
register_snippet(SpecialDayViewSet)


@hooks.register("register_admin_urls")
def register_admin_urls():
    from django.urls import include, path

    from . import admin_views

    return [path("workdays/", include(([path("range/", admin_views.enter_range, name="range")], "workdays_admin")))]


@hooks.register("register_admin_menu_item")
def register_calendar_menu():
    from django.urls import reverse
    from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

    items = [
        MenuItem("日历年度", reverse("wagtailsnippets_workdays_calendaryear:list"), icon_name="calendar", order=1),
        MenuItem("节假日与调休", reverse("wagtailsnippets_workdays_specialday:list"), icon_name="date", order=2),
        MenuItem("按放假通知录入", reverse("workdays_admin:range"), icon_name="plus", order=3),
    ]
    return SubmenuMenuItem("工作日历", Menu(items=items), icon_name="date", order=320)


@hooks.register("after_edit_snippet")
@hooks.register("after_create_snippet")
def record_year_confirmation(request, instance):
    """Who confirmed a year (calendar.md §3)."""
    if isinstance(instance, CalendarYear) and instance.status == CalendarYear.Status.CONFIRMED and not instance.confirmed_by_id:
        CalendarYear.objects.filter(pk=instance.pk).update(confirmed_by=request.user)
