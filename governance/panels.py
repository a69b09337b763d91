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
