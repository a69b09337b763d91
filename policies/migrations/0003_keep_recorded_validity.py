"""Existing documents: keep a recorded 已修订/已废止/已失效 as a decision (validity is derived
from now on) and fill the 主发文机关 used by the 发文机关 facet."""
from django.db import migrations


def forwards(apps, schema_editor):
    from policies.review import lead_authority

    PolicyDocumentPage = apps.get_model("policies", "PolicyDocumentPage")
    ended = PolicyDocumentPage.objects.filter(validity__in=["amended", "repealed", "lapsed"], validity_override="")
    for page in ended.iterator():
        page.validity_override = page.validity
        page.validity_override_on = page.validity_changed_on
        page.validity_override_basis = (page.validity_basis or "本次升级前记录的有效性")[:300]
        page.save(update_fields=["validity_override", "validity_override_on", "validity_override_basis"])
    batch = []
    for page in PolicyDocumentPage.objects.exclude(issuing_authority="").only("pk", "issuing_authority").iterator():
        page.lead_authority = lead_authority(page.issuing_authority)
        batch.append(page)
        if len(batch) >= 1000:
            PolicyDocumentPage.objects.bulk_update(batch, ["lead_authority"])
            batch = []
    if batch:
        PolicyDocumentPage.objects.bulk_update(batch, ["lead_authority"])


class Migration(migrations.Migration):
    dependencies = [("policies", "0002_relations_interpretations_validity_override")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
