"""URL converter that only matches the paths of withdrawn content.

``to_python`` raises ``ValueError`` for any other path, so Django moves on to the
next URL pattern (Wagtail's page serving): live pages are never shadowed.
"""


class WithdrawnPathConverter:
    regex = r".+/"

    def to_python(self, value):
        from governance.models import WithdrawnNotice

        notice = (
            WithdrawnNotice.objects.filter(path="/" + value, active=True).order_by("-withdrawn_at").first()
        )
        if notice is None:
            raise ValueError("not a withdrawn path")
        if notice.page_id:
            from wagtail.models import Page

            if Page.objects.filter(pk=notice.page_id, live=True).exists():
                raise ValueError("republished")
        return notice

    def to_url(self, value):
        return getattr(value, "path", str(value)).lstrip("/")
