"""RSS 2.0 and Atom 1.0 feeds per board and per kind (notices.md §5.1), Django syndication.

Only live, public, current notices: never drafts, internal notices, restricted or expired pages.
Entries carry title, link, first publication time, last major update, kind and summary.
"""
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from cms_pages.text_format import to_plain_text

from . import conf
from .models import NoticeIndexPage, NoticeKind


class NoticeRssFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "zh-cn"

    def get_object(self, request, board_id, kind_slug=None):
        self.request = request
        board = get_object_or_404(NoticeIndexPage.objects.live().public(), pk=board_id)
        kind = get_object_or_404(NoticeKind, slug=kind_slug) if kind_slug else None
        return board, kind

    def title(self, obj):
        board, kind = obj
        return f"{board.title}（{kind.name}）" if kind else board.title

    def link(self, obj):
        board, kind = obj
        url = board.get_url(self.request)
        return f"{url}?kind={kind.slug}" if kind else url

    def feed_url(self, obj):
        return self.request.path

    def description(self, obj):
        board, kind = obj
        return board.intro or f"{self.title(obj)}：最新{conf.get('FEED_LENGTH')}条"

    subtitle = description

    def items(self, obj):
        board, kind = obj
        qs = board.notices().current(timezone.now()).select_related("kind", "issuing_organisation")
        if kind is not None:
            qs = qs.filter(kind=kind)
        return qs.by_date()[: conf.get("FEED_LENGTH")]

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        return self.request.build_absolute_uri(item.get_url(self.request))

    item_guid_is_permalink = True

    def item_description(self, item):
        text = item.summary or to_plain_text(item.body)
        return text[:300] + ("…" if len(text) > 300 else "")

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_major_update_at or item.first_published_at

    def item_categories(self, item):
        return [item.kind.name]

    def item_author_name(self, item):
        return str(item.issuing_organisation) if item.issuing_organisation_id else None


class NoticeAtomFeed(NoticeRssFeed):
    feed_type = Atom1Feed


class LatestRssFeed(NoticeRssFeed):
    """The site-wide "latest" feed (notices.md §5.1): every public board, newest first."""

    def get_object(self, request):
        self.request = request
        return None

    def title(self, obj):
        return "通知公告：最新发布"

    def link(self, obj):
        from wagtail.models import Site

        site = Site.find_for_request(self.request)
        return site.root_page.get_url(self.request) if site else "/"

    def description(self, obj):
        return f"本站各通知公告栏目最新发布的{conf.get('FEED_LENGTH')}条"

    subtitle = description

    def items(self, obj):
        from .models import NoticePage

        return (NoticePage.objects.public_notices().current(timezone.now())
                .select_related("kind", "issuing_organisation").by_date()[: conf.get("FEED_LENGTH")])


class LatestAtomFeed(LatestRssFeed):
    feed_type = Atom1Feed


def latest_feed_urls():
    from django.urls import reverse

    return {"rss": reverse("notices:latest_rss"), "atom": reverse("notices:latest_atom")}
