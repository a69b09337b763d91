"""Dashboard panels."""
from wagtail.admin.ui.components import Component


class ReviewInboxPanel(Component):
    name = "governance_inbox"
    template_name = "governance/admin/panel_inbox.html"
    order = 205

    def get_context_data(self, parent_context):
        from governance.services.inbox import request_items, review_items

        request = parent_context["request"]
        items = [i for i in review_items(request.user) if not i.blocked]
        context = super().get_context_data(parent_context)
        context.update(
            items=items[:10], total=len(items), overdue=sum(1 for i in items if i.overdue),
            requests=len([r for r in request_items(request.user) if not r.blocked]),
        )
        return context


class StaleColumnsPanel(Component):
    name = "governance_stale_columns"
    template_name = "governance/admin/panel_stale.html"
    order = 215

    def get_context_data(self, parent_context):
        from governance.scheduler import heartbeat
        from governance.services.columns import assess_columns, summary

        request = parent_context["request"]
        context = super().get_context_data(parent_context)
        allowed = request.user.is_superuser or request.user.has_perm("governance.view_auditevent")
        context["allowed"] = allowed
        if allowed:
            statuses = assess_columns()
            counts, risks = summary(statuses)
            last_run, overdue = heartbeat()
            context.update(
                counts=counts, risks=risks, last_run=last_run, scheduler_overdue=overdue,
                problems=[s for s in statuses if s.assessment.status in ("stale", "empty", "due_soon")][:8],
            )
        return context


class NotificationsPanel(Component):
    name = "governance_notifications"
    template_name = "governance/admin/panel_notifications.html"
    order = 200

    def get_context_data(self, parent_context):
        from governance.models import AdminNotification

        request = parent_context["request"]
        context = super().get_context_data(parent_context)
        unread = AdminNotification.objects.filter(user=request.user, read_at__isnull=True)
        context.update(unread=unread[:5], unread_count=unread.count())
        return context
