from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms_pages import views as cms_views
from search import urls as search_urls

handler404 = "cms_pages.views.page_not_found"
handler500 = "cms_pages.views.server_error"

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", cms_views.robots_txt, name="robots_txt"),
    path("favicon.ico", cms_views.favicon),
    path("", include(search_urls)),
    # Each domain app owns its own public URLs (forms, feeds, exports, APIs).
    path("", include("disclosure.urls")),
    path("", include("cms_pages.notices.urls")),
    path("", include("policies.urls")),
    path("", include("info_reporting.urls")),
    path("", include("governance.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
