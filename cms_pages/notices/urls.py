from django.urls import path

from . import feeds, views

app_name = "notices"
urlpatterns = [
    path("notices/latest/rss/", feeds.LatestRssFeed(), name="latest_rss"),
    path("notices/latest/atom/", feeds.LatestAtomFeed(), name="latest_atom"),
    path("notices/<int:board_id>/rss/", feeds.NoticeRssFeed(), name="feed_rss"),
    path("notices/<int:board_id>/atom/", feeds.NoticeAtomFeed(), name="feed_atom"),
    path("notices/<int:board_id>/kind/<slug:kind_slug>/rss/", feeds.NoticeRssFeed(), name="kind_feed_rss"),
    path("notices/<int:board_id>/kind/<slug:kind_slug>/atom/", feeds.NoticeAtomFeed(), name="kind_feed_atom"),
    path("notices/<int:board_id>/subscribe/", views.subscribe, name="subscribe"),
    path("notices/subscription/confirm/<str:token>/", views.confirm, name="confirm"),
    path("notices/subscription/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("notices/internal/", views.internal_list, name="internal_list"),
    path("notices/<int:page_id>/acknowledge/", views.acknowledge, name="acknowledge"),
]
