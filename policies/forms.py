"""Admin edit form of PolicyDocumentPage: relation checks with Chinese messages.

Self-relations, relations to drafts, contradictory duplicates and cycles are refused here,
before anything is saved (the rules are in ``policies/relations.py``).
"""
from wagtail.admin.forms import WagtailAdminPageForm


class PolicyDocumentPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("validity_override") and not cleaned.get("validity_override_on"):
            from django.utils import timezone

            cleaned["validity_override_on"] = timezone.localdate()  # "留空则自保存之日起"
        formset = self.formsets.get("relations")
        if formset is None or not formset.is_valid():
            return cleaned
        from .models import PolicyDocumentPage, relation_graph
        from .relations import ProposedRelation, check_relations

        proposed = []
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or not data.get("target") or not data.get("kind"):
                continue
            target = data["target"]
            target = target.specific if not isinstance(target, PolicyDocumentPage) else target
            proposed.append(ProposedRelation(data["kind"], target.pk, target.title, bool(target.live)))
        if proposed:
            for message in check_relations(self.instance.pk, proposed, relation_graph()):
                self.add_error(None, message)
        return cleaned
