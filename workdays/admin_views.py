"""Date-range entry of a holiday notice (calendar.md §3): "10月1日至8日放假调休，共8天" is one
row here, as the notice is written; each date becomes a SpecialDay."""
import datetime as _dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render

from workdays.models import CalendarYear, SpecialDay


class RangeForm(forms.Form):
    start = forms.DateField(label="开始日期")
    end = forms.DateField(label="结束日期")
    kind = forms.ChoiceField(label="类型", choices=SpecialDay.Kind.choices)
    name = forms.CharField(label="节日名称", max_length=20, help_text="如 国庆节、春节")
    source = forms.CharField(label="依据（通知文号）", max_length=120)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError("结束日期早于开始日期，请调换")
            if (end - start).days > 31:
                raise forms.ValidationError("一次最多录入31天；长假请分段录入")
            missing = {d.year for d in (start, end)} - set(CalendarYear.objects.values_list("year", flat=True))
            if missing:
                raise forms.ValidationError(f"{'、'.join(map(str, sorted(missing)))}年尚未登记为日历年度，请先添加该年度")
            if data.get("kind") == SpecialDay.Kind.MAKEUP_WORKDAY:
                weekdays = [d for d in _days(start, end) if d.weekday() < 5]
                if weekdays:
                    raise forms.ValidationError("调休上班日应为周六或周日：" + "、".join(d.isoformat() for d in weekdays) + " 是工作日")
        return data


def _days(start, end):
    return [start + _dt.timedelta(days=i) for i in range((end - start).days + 1)]


def enter_range(request):
    if not (request.user.is_superuser or request.user.has_perm("workdays.add_specialday")):
        raise PermissionDenied
    form = RangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with transaction.atomic():
            for day in _days(d["start"], d["end"]):
                if d["kind"] == SpecialDay.Kind.HOLIDAY and day.weekday() >= 5:
                    note = "周末（放假期间）"
                else:
                    note = ""
                SpecialDay.objects.update_or_create(
                    date=day, defaults={"kind": d["kind"], "name": d["name"], "source": d["source"], "note": note}
                )
        messages.success(request, f"已录入 {d['start'].isoformat()} 至 {d['end'].isoformat()}（{d['name']}）")
        return redirect("workdays_admin:range")
    return render(request, "workdays/enter_range.html", {"form": form})
