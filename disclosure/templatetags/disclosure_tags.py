from django import template

from disclosure import report_layout
from disclosure.services import LIGHT_LABELS

register = template.Library()


@register.filter
def section2_blocks(table):
    return report_layout.section2_blocks(table)


@register.filter
def section3_rows(table):
    return report_layout.section3_rows(table)


@register.filter
def light_label(light):
    return LIGHT_LABELS.get(light, "")
