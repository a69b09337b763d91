"""Unit isolation of attachments (documents, and images should reporters ever get image rights).

Each reporting unit has its own Wagtail collection under “政务信息报送附件”
(``UnitDocumentCollection``). For a reporter (报送员 with a unit, not an information editor) every
collection permission they hold — whether granted on the root collection or on the reporting
collection — is narrowed to their own unit's collection by ``UnitScopedCollectionPolicy``. So the
document library, its search, the document chooser (and its search and upload), the edit and
delete views and the usage view only ever show or accept the own unit's documents, and uploads
land in the unit's collection. Information editors and superusers keep Wagtail's normal rules.

``document_visible`` decides downloads (``before_serve_document``): a document in a unit's
collection, or attached only to information items, is served only to information editors and
to the units that may see it. ``file_item_attachments`` moves an item's attachments into the
unit's collection so that the rule also holds for documents an editor uploaded elsewhere.
"""
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from info_reporting import access

ROOT_NAME = "政务信息报送附件"


# --------------------------------------------------------------------------
# collections


def reporting_root():
    """The “政务信息报送附件” collection (created under the root collection on first use)."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=ROOT_NAME).first()
    if existing is not None:
        return existing
    return root.add_child(name=ROOT_NAME)


@transaction.atomic
def unit_collection(unit, create=True):
    """The unit's attachment collection, created on first use."""
    from info_reporting.models import UnitDocumentCollection

    link = UnitDocumentCollection.objects.select_related("collection").filter(unit=unit).first()
    if link is not None:
        return link.collection
    if not create:
        return None
    collection = reporting_root().add_child(name=unit.name)
    UnitDocumentCollection.objects.create(unit=unit, collection=collection)
    return collection


def unit_of_collection(collection):
    """The unit whose attachment collection is ``collection`` or one of its ancestors, or None."""
    from info_reporting.models import UnitDocumentCollection

    if collection is None:
        return None
    chain = [collection.pk] + list(collection.get_ancestors().values_list("pk", flat=True))
    link = UnitDocumentCollection.objects.select_related("unit").filter(collection_id__in=chain).first()
    return link.unit if link else None


# --------------------------------------------------------------------------
# permission policies


class UnitScopedCollectionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's collection policy with a reporter's permissions narrowed to the own unit's
    collection. Uses its own cache name: Wagtail's document and image policies share one."""

    permission_cache_name = "_info_unit_collection_permission_cache"

    def get_all_permissions_for_user(self, user):
        perms = super().get_all_permissions_for_user(user)
        if not getattr(user, "is_authenticated", False) or user.is_superuser or access.is_info_editor(user):
            return perms
        if not {access.REPORTER_GROUP} & access._group_names(user):
            return perms
        unit = access.reporter_unit(user)
        if unit is None:
            return []
        own = unit_collection(unit)
        scoped = []
        for perm in perms:
            if own.pk == perm.collection_id or own.is_descendant_of(perm.collection):
                # granted above the unit's collection: applies to the unit's collection only
                # an unsaved stand-in (negative pk: hashable, never saved)
                scoped.append(GroupCollectionPermission(
                    pk=-perm.pk, group_id=perm.group_id, collection=own, permission=perm.permission,
                ))
            elif perm.collection.is_descendant_of(own):
                scoped.append(perm)
            # anything else (another unit's collection, public collections) is dropped
        return scoped


def register_policies():
    """Called from ``InfoReportingConfig.ready``. Registered for the exact classes, so that the
    defaults wagtail.documents / wagtail.images register later in their own ``ready`` (they come
    after this app in INSTALLED_APPS) do not replace them."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    for model, auth_model in ((get_document_model(), "wagtaildocs.Document"),
                              (get_image_model(), "wagtailimages.Image")):
        if not isinstance(policy_registry.values_by_exact_class.get(model), UnitScopedCollectionPolicy):
            policy_registry.register(
                model, UnitScopedCollectionPolicy(model, auth_model=auth_model, owner_field_name="uploaded_by_user"),
                exact_class=True,
            )


# --------------------------------------------------------------------------
# downloads


def _attached_pages(document):
    from cms_pages.models import GovernmentPageAttachment
    from info_reporting.models import InfoReportPage

    page_ids = set(GovernmentPageAttachment.objects.filter(document=document).values_list("page_id", flat=True))
    items = list(InfoReportPage.objects.filter(pk__in=page_ids).select_related("reporting_unit"))
    others = page_ids - {i.pk for i in items}
    return items, others


def document_visible(user, document):
    """True / False for documents of 政务信息报送; None when the document is not ours to judge."""
    unit = unit_of_collection(document.collection)
    items, others = _attached_pages(document)
    if others or (unit is None and not items):
        return None  # an ordinary document, or one the office also uses on other pages
    if access.is_info_editor(user):
        return True
    own = access.reporter_unit(user)
    if unit is not None:
        if own is not None and own.pk == unit.pk:
            return True
        # the unit's own items only: attaching another unit's document to one's own item
        # must not open it up (the item form refuses that too)
        items = [i for i in items if i.reporting_unit_id == unit.pk]
    return any(access.can_view_item(user, item) for item in items)


# --------------------------------------------------------------------------
# filing


def _documents_of(page):
    """Document ids of an item's attachments as edited (saved rows and unsaved inline forms)."""
    ids = set()
    try:
        for attachment in page.attachments.all():
            if attachment.document_id:
                ids.add(attachment.document_id)
    except ValueError:  # unsaved page
        pass
    return ids


def file_item_attachments(item, document_ids=None):
    """Move the item's attachments into its unit's collection, unless a document is also used by
    a page outside 政务信息报送 (then it stays where it is). Returns the number moved."""
    from cms_pages.models import GovernmentPageAttachment
    from info_reporting.models import InfoReportPage
    from wagtail.documents import get_document_model

    ids = set(document_ids or ()) | _documents_of(item)
    if not ids or not item.reporting_unit_id:
        return 0
    target = unit_collection(item.reporting_unit)
    items = InfoReportPage.objects.values("pk")
    shared = set(
        GovernmentPageAttachment.objects.filter(document_id__in=ids).exclude(page_id__in=items)
        .values_list("document_id", flat=True)
    )
    movable = get_document_model().objects.filter(pk__in=ids - shared).exclude(collection=target)
    moved = 0
    for document in movable:
        owner = unit_of_collection(document.collection)
        if owner is not None and owner.pk != item.reporting_unit_id:
            continue  # another unit's attachment: never moved across units
        document.collection = target
        document.save(update_fields=["collection"])
        moved += 1
    return moved


def file_existing_attachments():
    """One-off filing (setup): every item's attachments, and documents reporters uploaded,
    into the unit collections. Idempotent."""
    from cms_pages.models import GovernmentPageAttachment, StaffProfile
    from info_reporting.models import InfoReportPage
    from wagtail.documents import get_document_model

    moved = 0
    for item in InfoReportPage.objects.select_related("reporting_unit"):
        ids = set(GovernmentPageAttachment.objects.filter(page_id=item.pk).values_list("document_id", flat=True))
        revision = item.get_latest_revision()
        if revision is not None:
            for row in (revision.content or {}).get("attachments", []) or []:
                if row.get("document"):
                    ids.add(row["document"])
        moved += file_item_attachments(item, ids)
    used_publicly = GovernmentPageAttachment.objects.exclude(
        page_id__in=InfoReportPage.objects.values("pk")
    ).values("document_id")
    root = reporting_root()
    for profile in StaffProfile.objects.filter(
        user__groups__name=access.REPORTER_GROUP, unit__isnull=False
    ).select_related("unit", "user"):
        if access.is_info_editor(profile.user):
            continue
        target = unit_collection(profile.unit)
        for document in get_document_model().objects.filter(uploaded_by_user=profile.user).exclude(
            pk__in=used_publicly
        ).exclude(collection__path__startswith=root.path):
            document.collection = target
            document.save(update_fields=["collection"])
            moved += 1
    return moved
