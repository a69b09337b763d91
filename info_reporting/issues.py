"""Periodical issue numbering (《刊名》YYYY年第N期), plain Python.

Issue numbers run per publication per year and are never left with gaps: the numbers of a
year form one unbroken run (normally starting at 1; an office that starts using the system in
mid-year may begin the run at its current number). Refusals are ``IssueNumberError`` with a
Chinese reason that says which number to use instead.
"""
from __future__ import annotations

from typing import Iterable

__all__ = ["IssueNumberError", "issue_title", "next_number", "check_number", "check_removal"]


class IssueNumberError(ValueError):
    """An issue number that would duplicate a number or leave a gap."""


def issue_title(publication: str, year: int, number: int | None) -> str:
    if number is None:
        return f"《{publication}》{year}年（期号待定）"
    return f"《{publication}》{year}年第{number}期"


def next_number(existing: Iterable[int]) -> int:
    """The number the next issue of the year gets."""
    existing = set(existing)
    return max(existing) + 1 if existing else 1


def _gaps(numbers: set[int]) -> list[int]:
    if not numbers:
        return []
    return [n for n in range(min(numbers), max(numbers) + 1) if n not in numbers]


def _fmt(numbers: list[int]) -> str:
    return "、".join(f"第{n}期" for n in numbers)


def check_number(existing: Iterable[int], number: int, *, publication: str = "政务信息", year: int | None = None,
                 current: int | None = None) -> int:
    """Check ``number`` for an issue of a year whose other issues have ``existing`` numbers.

    ``current`` is the issue's present number when it is being renumbered. Returns the number.
    """
    label = f"《{publication}》{year}年" if year else f"《{publication}》本年度"
    others = set(existing)
    if current is not None:
        others.discard(current)
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise IssueNumberError(f"期号“{number}”无效，应为正整数")
    if number in others:
        raise IssueNumberError(f"{label}第{number}期已存在，期号不能重复；下一期应为第{next_number(others)}期")
    result = others | {number}
    gaps = _gaps(result)
    if gaps:
        if current is not None and current in gaps:
            raise IssueNumberError(
                f"把第{current}期改为第{number}期会空出{_fmt(gaps)}，期号必须连续不跳号"
            )
        expected = next_number(others) if others else 1
        raise IssueNumberError(
            f"{label}期号不能跳号：填写第{number}期会空出{_fmt(gaps)}，下一期应为第{expected}期"
        )
    return number


def check_removal(existing: Iterable[int], number: int, *, publication: str = "政务信息", year: int | None = None) -> None:
    """Deleting an issue must not leave a gap: only the last issue of a year can be removed."""
    others = set(existing) - {number}
    if others and number < max(others):
        label = f"《{publication}》{year}年" if year else f"《{publication}》"
        raise IssueNumberError(
            f"不能删除{label}第{number}期：其后已有第{max(others)}期，删除会造成期号空缺，只能删除最后一期"
        )
