from django.urls import path

from . import admin_views as v

app_name = "disclosure_admin"
urlpatterns = [
    path("requests/", v.dashboard, name="dashboard"),
    path("requests/new/", v.register, name="register"),
    path("requests/<int:pk>/", v.request_detail, name="request"),
    path("requests/<int:pk>/reply.docx", v.reply_letter, name="reply_letter"),
    path("requests/<int:pk>/notice/<int:event_pk>.docx", v.notice_letter, name="notice_letter"),
    path("timeliness/", v.timeliness, name="timeliness"),
    path("rereview/", v.rereview, name="rereview"),
    path("annual-report/", v.annual_report, name="annual_report"),
    path("annual-report/<int:year>/", v.annual_report, name="annual_report_year"),
]
