"""The seed list of notice kinds (notices.md §1, §2.2). 通知, 公告, 通告 and 公示 are fixed seed
values; administrators edit the list afterwards (通知类别). Plain data plus one idempotent helper
used by the data migration, by ``setup_site``-style commands and by tests."""

DEFAULT_KINDS = [
    # name, slug, period required, default length, unit, minimum length
    ("通知", "tongzhi", False, None, "workdays", None),
    ("公告", "gonggao", False, None, "workdays", None),
    ("通告", "tonggao", False, None, "workdays", None),
    # default for an unspecified 公示: 5 working days
    ("公示", "gongshi", True, 5, "workdays", 5),
    # 中标候选人公示: at least 3 calendar days (招标投标法实施条例)
    ("招标采购", "zhaobiao", False, 3, "calendar", 3),
    # 干部任前公示 / 拟录用人员公示: 5 working days [unverified as a legal minimum: none enforced]
    ("人事", "renshi", False, 5, "workdays", None),
    ("其他", "qita", False, None, "workdays", None),
]


def ensure_default_kinds(model=None):
    """Create the seed kinds that are missing (by name); existing rows are left as edited."""
    if model is None:
        from .models import NoticeKind as model
    for order, (name, slug, required, length, unit, minimum) in enumerate(DEFAULT_KINDS, 1):
        model.objects.get_or_create(name=name, defaults={
            "slug": slug, "period_required": required, "period_length": length, "period_unit": unit,
            "period_min_length": minimum, "sort_order": order * 10,
        })
