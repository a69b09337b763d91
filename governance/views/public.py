"""Public views: the notice shown at the URL of withdrawn, expired or deleted content."""
from django.shortcuts import render


def withdrawn_notice(request, notice):
    """Keeps the old URL answering (no dead link) with a notice instead of the content."""
    return render(request, "governance/withdrawn_notice.html", {"notice": notice}, status=200)
