"""Page permissions for governed content.

Wagtail lets anyone holding ``publish`` permission skip the workflow. For governed
pages (every concrete ``GovernmentPage``) this tester changes the answers the whole
admin relies on — action menu, edit/create views, bulk actions, the admin API and
``PublishPageRevisionAction.check``:

* ``can_publish`` — only when the latest revision was approved at every step of a
  completed workflow (then also for the reviewer who gave the final approval, which
  is how the workflow publishes); never otherwise, not even for superusers;
* ``can_unpublish`` — never: taking content offline is a request (``ChangeRequest``)
  decided by a reviewer;
* ``can_delete`` — only for drafts that were never published; published content is
  deleted by request;
* view restrictions and unscheduling keep Wagtail's permission rules.
"""
from wagtail.models import PagePermissionTester


class GovernedPagePermissionTester(PagePermissionTester):
    def _wagtail_can_publish(self):
        return super().can_publish()

    def can_publish(self):
        from governance.services import gate

        if not self.user.is_active or self.page_is_root:
            return False
        state = gate.approving_workflow_state(self.page, self.page.get_latest_revision())
        if state is None:
            return False
        return self._wagtail_can_publish() or gate.user_took_part(state, self.user)

    def can_unpublish(self):
        return False

    def can_delete(self, ignore_bulk=False):
        page = self.page
        if page.live or page.first_published_at or page.live_revision_id:
            return False
        return super().can_delete(ignore_bulk=ignore_bulk)

    def can_set_view_restrictions(self):
        return self._wagtail_can_publish()

    def can_unschedule(self):
        return self._wagtail_can_publish()

    def can_request_unpublish(self):
        return bool(self.page.live) and self.can_edit()

    def can_request_delete(self):
        return bool(self.page.live or self.page.first_published_at) and self.can_edit()

    def can_move(self):
        # Moving published content changes its URL (dead links); only administrators may.
        if self.user.is_active and self.user.is_superuser:
            return True
        return self.can_delete(ignore_bulk=True)
