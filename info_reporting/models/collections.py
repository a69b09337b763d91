"""Each reporting unit's attachment collection (see ``info_reporting.attachments``)."""
from django.db import models


class UnitDocumentCollection(models.Model):
    unit = models.OneToOneField("cms_pages.OrganisationUnit", verbose_name="单位", on_delete=models.CASCADE,
                                related_name="+")
    collection = models.OneToOneField("wagtailcore.Collection", verbose_name="附件集合", on_delete=models.CASCADE,
                                      related_name="+")

    class Meta:
        verbose_name = "单位附件集合"
        verbose_name_plural = "单位附件集合"

    def __str__(self):
        return f"{self.unit}：{self.collection}"
