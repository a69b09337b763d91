"""Missing required metadata (no database)."""
import datetime

import pytest

from governance.checks.metadata import Requirement, RequirementError, check, is_empty


def test_missing_fields_are_reported_by_severity():
    reqs = [Requirement("summary", "内容概述"), Requirement("topic", "主题分类", "warning"),
            Requirement("formed_date", "成文日期")]
    findings = check({"summary": "  ", "topic": None, "formed_date": datetime.date(2025, 1, 1)}, reqs)
    assert [(f.field, f.severity) for f in findings] == [("summary", "error"), ("topic", "warning")]
    assert "内容概述" in findings[0].message and "必须填写" in findings[0].message


def test_empty_values():
    assert is_empty(None) and is_empty("") and is_empty([]) and not is_empty(0) and not is_empty("x")


def test_bad_requirement():
    with pytest.raises(RequirementError):
        Requirement("summary", "内容概述", "fatal")
