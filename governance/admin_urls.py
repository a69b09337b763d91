"""Governance admin URLs (mounted under /admin/governance/ by wagtail_hooks)."""
from django.urls import path

from .views import admin

urlpatterns = [
    path("inbox/", admin.inbox, name="inbox"),
    path("history/<int:page_id>/", admin.history, name="history"),
    path("checks/<int:page_id>/", admin.run_checks_view, name="checks"),
    path("requests/", admin.request_list, name="requests"),
    path("requests/new/<int:page_id>/<str:kind>/", admin.request_create, name="request_create"),
    path("requests/<int:pk>/decide/", admin.request_decide, name="request_decide"),
    path("audit-log/", admin.AuditLogView.as_view(), name="audit_log"),
    path("audit-log/results/", admin.AuditLogView.as_view(results_only=True), name="audit_log_results"),
]
urlpatterns += [
    path("stale-columns/", admin.stale_columns, name="stale_columns"),
    path("notifications/", admin.notifications, name="notifications"),
]
