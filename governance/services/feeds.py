"""RSS feed of a CollectionPage (live, public items only; summaries, never bodies)."""
import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed


def _as_datetime(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time(9, 0)))


def collection_feed(collection, request):
    site_url = request.build_absolute_uri("/").rstrip("/")
    feed = Rss201rev2Feed(
        title=collection.title,
        link=site_url + (collection.url or "/"),
        description=collection.intro or collection.title,
        language="zh-cn",
        feed_url=request.build_absolute_uri(),
    )
    for item in collection.latest_items(collection.feed_items or 20):
        date = getattr(item, "published_date", None) or item.first_published_at
        categories = []
        topic = getattr(item, "topic", None)
        if topic is not None:
            categories.append(topic.path)
        categories.append(str(type(item)._meta.verbose_name))
        feed.add_item(
            title=item.title,
            link=site_url + (item.url or ""),
            description=(getattr(item, "summary", "") or item.search_description or "")[:500],
            pubdate=_as_datetime(date),
            updateddate=item.last_published_at,
            unique_id=site_url + (item.url or ""),
            categories=categories,
        )
    response = HttpResponse(content_type="application/rss+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response
