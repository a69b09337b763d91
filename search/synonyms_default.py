"""Default curated abbreviation table for query-time synonym expansion.

search.md §4.6: abbreviations are expanded *in the application, at query
time*, into alternative phrases (never as an engine-side synonym filter, which
would make the backends' match sets diverge).  No ready-made public list
exists; this table seeds the editor-maintained admin table, and
:func:`search.query.parse_user_query` accepts any mapping of the same shape.

Each group is a set of equivalent surface forms (the first is the usual short
form).  Editorial rules for this table:

* List the **generic** form without 国家/省/市/区 prefixes when the body exists
  at several levels (发改委 / 发展改革委 / 发展和改革委员会).  Queries are
  expanded by substituting forms found *inside* a term, so 国家发改委 becomes
  国家发展改革委 / 国家发展和改革委员会 and 市发改委 becomes 市发展和改革委员会;
  and because phrases match as substrings, 发展和改革委员会 already finds
  国家发展和改革委员会 and 广州市发展和改革委员会.
* Do not add forms that only add a prefix to another form of the same group
  (财政部 / 中华人民共和国财政部): substring matching already covers them.
* A form may appear in only one group; all forms are written in normalised
  text (simplified, lower-case, half-width), see ``search.normalize``.
* A few former names still used colloquially for the successor body are
  included (环保部 → 生态环境部, 交通部 → 交通运输部); they widen recall to
  documents of the predecessor, which users typing the old name expect.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

__all__ = ["DEFAULT_SYNONYM_GROUPS", "DEFAULT_SYNONYMS"]

DEFAULT_SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    # --- Party and State Council offices -----------------------------------
    ("国办", "国务院办公厅"),
    ("中办", "中共中央办公厅"),
    ("国台办", "国务院台湾事务办公室"),
    ("港澳办", "港澳事务办公室"),
    ("侨办", "侨务办公室"),
    ("编办", "机构编制委员会办公室"),
    ("国资委", "国有资产监督管理委员会"),
    ("国管局", "国家机关事务管理局"),
    # --- ministries / commissions and their provincial and local forms -----
    ("发改委", "发展改革委", "发展和改革委员会"),
    ("人社部", "人力资源社会保障部", "人力资源和社会保障部"),
    ("人社厅", "人力资源社会保障厅", "人力资源和社会保障厅"),
    ("人社局", "人力资源社会保障局", "人力资源和社会保障局"),
    ("住建部", "住房城乡建设部", "住房和城乡建设部"),
    ("住建厅", "住房城乡建设厅", "住房和城乡建设厅"),
    ("住建局", "住房城乡建设局", "住房和城乡建设局"),
    ("住建委", "住房城乡建设委", "住房和城乡建设委员会"),
    ("工信部", "工业和信息化部"),
    ("工信厅", "工业和信息化厅"),
    ("工信局", "工业和信息化局"),
    ("经信委", "经济信息化委", "经济和信息化委员会"),
    ("科技部", "科学技术部"),
    ("科技厅", "科学技术厅"),
    ("科技局", "科学技术局"),
    ("教委", "教育委员会"),
    ("卫健委", "卫生健康委", "卫生健康委员会"),
    ("卫计委", "卫生计生委", "卫生和计划生育委员会"),
    ("环保部", "环境保护部", "生态环境部"),
    ("环保厅", "环境保护厅", "生态环境厅"),
    ("环保局", "环境保护局", "生态环境局"),
    ("交通部", "交通运输部"),
    ("文旅部", "文化和旅游部"),
    ("文旅厅", "文化和旅游厅"),
    ("文旅局", "文化和旅游局"),
    ("退役军人部", "退役军人事务部"),
    ("应急部", "应急管理部"),
    ("应急局", "应急管理局"),
    ("城管局", "城市管理局"),
    ("人防办", "人民防空办公室"),
    ("政数局", "政务服务数据管理局"),
    # --- administrations ----------------------------------------------------
    ("市场监管总局", "市场监督管理总局"),
    ("市场监管局", "市场监督管理局", "市监局"),
    ("医保局", "医疗保障局"),
    ("网信办", "互联网信息办公室"),
    ("药监局", "药品监督管理局"),
    ("食药监局", "食品药品监督管理局"),
    ("林草局", "林业和草原局"),
    ("广电总局", "广播电视总局"),
    ("国知局", "国家知识产权局"),
    ("民航局", "民用航空局"),
    ("外汇局", "外汇管理局"),
    ("工商总局", "工商行政管理总局"),
    ("工商局", "工商行政管理局"),
    ("质检总局", "质量监督检验检疫总局"),
    ("质监局", "质量技术监督局"),
    ("安监局", "安全生产监督管理局"),
    ("公积金中心", "住房公积金管理中心"),
    # --- financial regulators ----------------------------------------------
    ("央行", "人民银行"),
    ("证监会", "证券监督管理委员会"),
    ("银保监会", "银行保险监督管理委员会"),
    ("银监会", "银行业监督管理委员会"),
    ("保监会", "保险监督管理委员会"),
    ("金融监管总局", "金融监督管理总局"),
    # --- people's congresses and mass organisations ------------------------
    ("全国人大常委会", "全国人民代表大会常务委员会"),
    ("人大常委会", "人民代表大会常务委员会"),
    ("全国人大", "全国人民代表大会"),
    ("全国政协", "中国人民政治协商会议全国委员会"),
    ("残联", "残疾人联合会"),
    ("妇联", "妇女联合会"),
    ("科协", "科学技术协会"),
    ("工商联", "工商业联合会"),
    # --- services and policy terms users abbreviate ------------------------
    ("社保", "社会保险"),
    ("社保卡", "社会保障卡"),
    ("医保", "医疗保险"),
    ("低保", "最低生活保障"),
    ("公租房", "公共租赁住房"),
    ("廉租房", "廉租住房"),
    ("保障房", "保障性住房"),
    ("经适房", "经济适用住房", "经济适用房"),
    ("个税", "个人所得税"),
    ("新冠", "新型冠状病毒"),
)

#: The same table in the parameter shape ``Mapping[str, Sequence[str]]``
#: (first form → the other forms of its group).
DEFAULT_SYNONYMS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {group[0]: group[1:] for group in DEFAULT_SYNONYM_GROUPS}
)
