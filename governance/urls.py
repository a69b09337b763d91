"""Public governance URLs (included at the site root, before Wagtail's page serving)."""
from django.urls import path, register_converter

from .converters import WithdrawnPathConverter
from .views import public

app_name = "governance"

register_converter(WithdrawnPathConverter, "withdrawn")

urlpatterns = [
    path("<withdrawn:notice>", public.withdrawn_notice, name="withdrawn_notice"),
]
