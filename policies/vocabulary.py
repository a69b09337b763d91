"""Controlled vocabularies of the policy library (policy_library.md §2, §4)."""
from django.db import models


class Validity(models.TextChoices):
    NOT_YET_EFFECTIVE = "not_yet_effective", "尚未生效"
    IN_FORCE = "in_force", "现行有效"
    AMENDED = "amended", "已修订"
    REPEALED = "repealed", "已废止"
    LAPSED = "lapsed", "已失效"

    @classmethod
    def from_label(cls, label):
        """Map a label as printed in source data (现行有效, 已失效, 失效, 有效 …) to a state."""
        if not label:
            return None
        label = str(label).strip()
        aliases = {
            "现行有效": cls.IN_FORCE, "有效": cls.IN_FORCE,
            "已修订": cls.AMENDED, "已修改": cls.AMENDED, "已被修改": cls.AMENDED,
            "已废止": cls.REPEALED, "废止": cls.REPEALED,
            "已失效": cls.LAPSED, "失效": cls.LAPSED,
            "尚未生效": cls.NOT_YET_EFFECTIVE, "尚未施行": cls.NOT_YET_EFFECTIVE,
        }
        return aliases.get(label)


# The 15 statutory 公文种类 (中办发〔2012〕14号 Art. 8), plus instrument genres used for regulations.
DOCUMENT_KINDS = [
    "决议", "决定", "命令（令）", "公报", "公告", "通告", "意见", "通知", "通报",
    "报告", "请示", "批复", "议案", "函", "纪要",
]
INSTRUMENT_KINDS = ["条例", "规定", "办法"]
DOC_KIND_CHOICES = [(k, k) for k in DOCUMENT_KINDS + INSTRUMENT_KINDS]

# 效力级别 (legal rank) as in the archive corpus.
LEGAL_LEVELS = ["宪法", "法律", "行政法规", "部门规章", "司法解释", "地方性法规", "地方政府规章", "规范性文件", "其他"]
LEGAL_LEVEL_CHOICES = [(k, k) for k in LEGAL_LEVELS]

# 文件体裁 (library genre, separate from 公文种类).
GENRES = ["规章", "行政规范性文件", "其他文件"]
GENRE_CHOICES = [(k, k) for k in GENRES]


def guess_doc_kind(title):
    """Infer the 公文种类 / instrument kind from a title's ending (…的通知, …条例). None if unsure."""
    if not title:
        return None
    text = str(title).strip().rstrip("）)").split("（")[0].split("(")[0]
    for kind in INSTRUMENT_KINDS:
        if text.endswith(kind):
            return kind
    for kind in DOCUMENT_KINDS:
        bare = kind.split("（")[0]
        if text.endswith(bare):
            return kind
    if text.endswith("令"):
        return "命令（令）"
    return None


# States an editor may record by decision (policies/validity.py OVERRIDE_STATES); blank = automatic.
OVERRIDE_CHOICES = [
    (Validity.AMENDED.value, "已修订"),
    (Validity.REPEALED.value, "已废止"),
    (Validity.LAPSED.value, "已失效"),
]

# Relations a newer document holds towards an older one (policies/validity.py RELATION_KINDS).
RELATION_KIND_CHOICES = [
    ("amends", "修订（修正）"),
    ("repeals", "废止"),
    ("replaces", "替代"),
    ("implements", "贯彻实施"),
]

# 政策解读 kinds: gov.cn's four sub-channels plus the forms policy_library.md §6 lists.
INTERPRETATION_KINDS = ["部门解读", "专家解读", "媒体解读", "图解", "音频解读", "视频解读", "新闻发布会"]
INTERPRETATION_KIND_CHOICES = [(k, k) for k in INTERPRETATION_KINDS]
