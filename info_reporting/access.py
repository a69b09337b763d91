"""Who may see and do what in 政务信息报送 (unit isolation).

* Information editors — superusers and members of the groups 编辑 / 审核人 (the office's
  information section) — see every item and act on it.
* Reporters — members of 报送员 with a ``StaffProfile`` — see and edit only the items of their
  own unit (``StaffProfile.unit``). A reporter without a unit sees nothing.
* Everybody else (e.g. 内部查阅) sees no items at all.

Every view, search, export, admin listing and permission check asks these functions, so the
rule lives in one place.
"""
from django.core.exceptions import ObjectDoesNotExist

from cms_pages.roles import ROLES

INFO_EDITOR_GROUPS = (ROLES["editor"], ROLES["reviewer"])
#: A unit's 审签人 (主要负责人 or delegate): a 报送员 of the unit who is also in this group.
SIGNER_GROUP = "单位审签人"
REPORTER_GROUP = ROLES["unit_reporter"]
REVIEWER_GROUP = ROLES["reviewer"]


def _group_names(user):
    cache = getattr(user, "_info_reporting_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        try:
            user._info_reporting_groups = cache
        except AttributeError:  # AnonymousUser in some Django versions is read-only
            pass
    return cache


def is_info_editor(user):
    """The office's information section: sees every unit's items."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or bool(_group_names(user) & set(INFO_EDITOR_GROUPS))


def user_unit(user):
    """The user's own unit (``StaffProfile.unit``) or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.staff_profile.unit
    except (ObjectDoesNotExist, AttributeError):
        return None


def reporter_unit(user):
    """The unit a reporter reports for, or None if the user is not a reporter with a unit."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if REPORTER_GROUP not in _group_names(user):
        return None
    return user_unit(user)


def signer_unit(user):
    """The unit whose items ``user`` signs off (审签), or None."""
    unit = reporter_unit(user)
    if unit is None or SIGNER_GROUP not in _group_names(user):
        return None
    return unit


def unit_signers(unit):
    """Active users who sign off ``unit``'s items."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        is_active=True, groups__name=SIGNER_GROUP, staff_profile__unit=unit,
    ).filter(groups__name=REPORTER_GROUP).distinct()


def signoff_required(unit):
    """Items leave the unit only after sign-off once the unit has a 审签人 in the system; a unit
    without one records the paper sign-off in the 审签人 field."""
    return unit is not None and unit_signers(unit).exists()


def is_reporter(user):
    return reporter_unit(user) is not None


def has_info_access(user):
    """May use the information reporting area at all (editor or reporter with a unit)."""
    return is_info_editor(user) or is_reporter(user)


def visible_items(user, queryset=None):
    """The items ``user`` may see: all for editors, the own unit's for reporters, none otherwise."""
    from info_reporting.models import InfoReportPage

    qs = InfoReportPage.objects.all() if queryset is None else queryset
    if is_info_editor(user):
        return qs
    unit = reporter_unit(user)
    if unit is None:
        return qs.none()
    return qs.filter(pk__in=unit_item_ids(unit))


def unit_item_ids(unit):
    """Subquery: ids of the items ``unit`` submitted, alone or jointly (联合报送)."""
    from django.db.models import Q

    from info_reporting.models import InfoReportPage

    return InfoReportPage.objects.filter(Q(reporting_unit=unit) | Q(co_units=unit)).values("pk")


def can_view_item(user, item):
    """Editors: every item. Reporters: items of their unit, as lead or co-unit."""
    if is_info_editor(user):
        return True
    unit = reporter_unit(user)
    if unit is None:
        return False
    if item.reporting_unit_id == unit.pk:
        return True
    return type(item).co_units.through.objects.filter(inforeportpage_id=item.pk, organisationunit_id=unit.pk).exists()


def can_change_item(user, item):
    """Only the lead unit (and the information section) changes an item; co-units read it."""
    if is_info_editor(user):
        return True
    unit = reporter_unit(user)
    return unit is not None and item.reporting_unit_id == unit.pk


def hidden_page_ids(user):
    """Subquery of page ids ``user`` must not see in the admin (other units' items; unpublished
    通报 for non-editors). Empty for editors."""
    from wagtail.models import Page

    from info_reporting.models import InfoBulletinPage, InfoReportPage

    if is_info_editor(user):
        return Page.objects.none().values("pk")
    unit = reporter_unit(user)
    items = InfoReportPage.objects.all()
    if unit is not None:
        items = items.exclude(pk__in=unit_item_ids(unit))
    hidden = Page.objects.filter(pk__in=items.values("pk")) | Page.objects.filter(
        pk__in=InfoBulletinPage.objects.filter(live=False).values("pk")
    )
    return hidden.values("pk")
