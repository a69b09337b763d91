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


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def field_named(form, name):
    return form[name]


@register.filter
def s3cell(table, row_key):
    return table.cells.get(row_key, {})


@register.filter
def pairs(value):
    return [tuple(p.split(":", 1)) for p in value.split(",")]


@register.filter
def split(value):
    return value.split()
