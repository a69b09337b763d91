"""Shared content model every government page type uses, plus the site tree's own pages."""
from .base import GovernmentPage, GovernmentPageAttachment, GovernmentPageTag  # noqa: F401
from .organisations import OrganisationUnit, StaffProfile  # noqa: F401
from .pages import HomePage, SectionPage  # noqa: F401
from .site_settings import GovSiteSettings  # noqa: F401
from .taxonomy import TopicCategory  # noqa: F401
