"""TEMPORARY minimal search views so the portal runs; the archive search (issue 3) replaces them."""
from django.http import JsonResponse
from django.shortcuts import render
from wagtail.models import Page

from cms_pages.listings import paginate


def _public_results(query):
    if not query:
        return Page.objects.none()
    return Page.objects.live().public().specific().search(query)


def search_page(request):
    query = (request.GET.get("q") or "").strip()[:200]
    results = _public_results(query)
    return render(request, "search/search.html", {"query": query, "page_obj": paginate(request, results)})


def search_api(request):
    query = (request.GET.get("q") or "").strip()[:200]
    results = list(_public_results(query)[:20])
    return JsonResponse({
        "count": len(results), "page": 1, "page_size": 20,
        "results": [{"title": p.title, "url": p.url, "external_id": getattr(p, "external_id", None)} for p in results],
        "facets": {},
    })
