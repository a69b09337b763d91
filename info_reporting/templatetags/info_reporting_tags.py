from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def points(value):
    """65.00 → 65, 7.50 → 7.5, -17.5 → -17.5 (points as people write them)."""
    if value is None or value == "":
        return ""
    d = Decimal(str(value))
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")
