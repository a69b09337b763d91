from django.urls import path

from . import views

app_name = "disclosure"
urlpatterns = [
    path("ysqgk/apply/", views.apply, name="apply"),
    path("ysqgk/receipt/", views.receipt, name="receipt"),
    path("ysqgk/status/", views.status, name="status"),
    path("ysqgk/status/<str:code>/", views.status_detail, name="status_detail"),
    path("ysqgk/status/<str:code>/reply.docx", views.status_letter, name="status_letter"),
    path("disclosure/feed/", views.catalogue_feed, name="feed"),
    path("disclosure/annual-report/<int:year>.<str:fmt>", views.annual_report_export, name="annual_report_export"),
]
