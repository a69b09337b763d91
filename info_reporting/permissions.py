"""Unit isolation inside the Wagtail admin.

* ``InfoReportPermissionTester`` — what a user may do to one item (edit, delete, history,
  revisions, preview … all ask it): nothing at all for another unit's item; reporters may change
  their own items only until an editor has decided; nobody publishes an item directly (adoption
  publishes it through the workflow).
* ``UnitIsolatingPagePermissionPolicy`` — registered for ``Page``: the admin's page search, the
  explorer API and choosers never list another unit's items (nor unpublished 通报) for reporters.
"""
from wagtail.models import PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy

from info_reporting import access


class InfoReportPermissionTester(PagePermissionTester):
    def __init__(self, user, page):
        super().__init__(user, page)
        self.visible = access.can_view_item(user, page)
        self.owns = access.can_change_item(user, page)  # co-units (联合报送) only read
        self.is_editor = access.is_info_editor(user)

    def _unit_may_change(self):
        from info_reporting.models import EDITABLE_BY_UNIT

        return self.page.status in EDITABLE_BY_UNIT if hasattr(self.page, "status") else False

    def can_edit(self):
        if not self.visible or not self.owns:
            return False
        if not self.is_editor and not self._unit_may_change():
            return False
        return super().can_edit()

    def can_delete(self, ignore_bulk=False):
        from info_reporting.models import STATUS_DRAFT

        if not self.visible or not self.owns:
            return False
        if not self.is_editor and self.page.status != STATUS_DRAFT:
            return False
        if self.page.status != STATUS_DRAFT and not self.user.is_superuser:
            return False  # submitted items are records of the unit's work
        return super().can_delete(ignore_bulk=ignore_bulk)

    def can_publish(self):
        # Only adoption publishes an item (services.adopt approves the workflow, which publishes);
        # afterwards the information section may publish its edits of the adopted item.
        from info_reporting.models import STATUS_ADOPTED

        return self.visible and self.is_editor and self.page.status == STATUS_ADOPTED and super().can_publish()

    def can_unpublish(self):
        return False

    def can_submit_for_moderation(self):
        from info_reporting.models import STATUS_AWAITING_SIGNOFF, STATUS_DRAFT, STATUS_RETURNED

        if not self.owns or self.page.status not in (STATUS_DRAFT, STATUS_RETURNED, STATUS_AWAITING_SIGNOFF):
            return False
        if not self.is_editor and access.signoff_required(self.page.reporting_unit):
            signer = access.signer_unit(self.user)
            if signer is None or signer.pk != self.page.reporting_unit_id:
                return False  # 送审签 on the item page instead
        elif self.page.status == STATUS_AWAITING_SIGNOFF and not self.is_editor:
            return False
        return super().can_submit_for_moderation()

    def can_lock(self):
        return self.owns and super().can_lock()

    def can_unlock(self):
        return self.owns and super().can_unlock()

    def can_copy(self):
        return False

    def can_move(self):
        return False

    def can_move_to(self, destination):
        return False

    def can_copy_to(self, destination, recursive=False):
        return False

    def can_set_view_restrictions(self):
        return False

    def can_view_revisions(self):
        return self.owns and super().can_view_revisions()


class BulletinPermissionTester(PagePermissionTester):
    """通报 are written by the information section only; units read them once published."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.is_editor = access.is_info_editor(user)

    def can_edit(self):
        return self.is_editor and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return self.is_editor and super().can_delete(ignore_bulk=ignore_bulk)

    def can_publish(self):
        # Through moderation: only the approvers (审核人) publish, which the 通报审核 task does on approval.
        from info_reporting.access import REVIEWER_GROUP

        is_reviewer = self.user.is_superuser or self.user.groups.filter(name=REVIEWER_GROUP).exists()
        return is_reviewer and super().can_publish()

    def can_submit_for_moderation(self):
        return self.is_editor and super().can_submit_for_moderation()

    def can_view_revisions(self):
        return self.is_editor and super().can_view_revisions()

    def can_copy(self):
        return False

    def can_move(self):
        return False

    def can_lock(self):
        return self.is_editor and super().can_lock()


class UnitIsolatingPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy minus the pages ``access.hidden_page_ids`` hides from the user."""

    def _isolate(self, user, queryset):
        if not getattr(user, "is_authenticated", False) or access.is_info_editor(user):
            return queryset
        return queryset.exclude(pk__in=access.hidden_page_ids(user))

    def explorable_instances(self, user):
        return self._isolate(user, super().explorable_instances(user))

    def instances_user_has_any_permission_for(self, user, actions):
        return self._isolate(user, super().instances_user_has_any_permission_for(user, actions))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        from info_reporting.models import InfoReportPage

        if (
            getattr(instance, "specific_class", None) is InfoReportPage
            and not access.is_info_editor(user)
        ):
            unit = access.reporter_unit(user)
            unit_id = getattr(instance, "reporting_unit_id", None)
            if unit_id is None:
                unit_id = InfoReportPage.objects.filter(pk=instance.pk).values_list("reporting_unit_id", flat=True).first()
            if unit is None or unit_id != unit.pk:
                return False
        return super().user_has_any_permission_for_instance(user, actions, instance)


def register_policy():
    """Called from ``InfoReportingConfig.ready``."""
    from wagtail.models import Page
    from wagtail.permissions import policy_registry

    if not isinstance(policy_registry.get_by_type(Page), UnitIsolatingPagePermissionPolicy):
        policy_registry.register(Page, UnitIsolatingPagePermissionPolicy(Page))
