"""Controlled vocabularies of the disclosure app (disclosure.md §3.1, §4.1, §6.1)."""

GENRES = ["规章", "行政规范性文件", "其他文件"]
GENRE_CHOICES = [(k, k) for k in GENRES]

# [unverified: label set from a third-party description] (disclosure.md §4.1)
DISCLOSURE_MODES = ["主动公开", "依申请公开", "不予公开"]
DISCLOSURE_MODE_CHOICES = [(k, k) for k in DISCLOSURE_MODES]
DISCLOSURE_SCOPES = ["面向社会", "面向特定对象"]
DISCLOSURE_SCOPE_CHOICES = [(k, k) for k in DISCLOSURE_SCOPES]
VALIDITIES = ["有效", "失效", "废止", "尚未生效"]
VALIDITY_CHOICES = [(k, k) for k in VALIDITIES]

#: Art. 20 (15 items) and Art. 21 (by level): the 法定主动公开内容 sub-columns.
ART20_ITEMS = [
    "行政法规、规章和规范性文件",
    "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    "国民经济和社会发展规划、专项规划、区域规划及相关政策",
    "国民经济和社会发展统计信息",
    "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    "财政预算、决算信息",
    "行政事业性收费项目及其依据、标准",
    "政府集中采购项目的目录、标准及实施情况",
    "重大建设项目的批准和实施情况",
    "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    "突发公共事件的应急预案、预警信息及应对情况",
    "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    "公务员招考的职位、名额、报考条件等事项以及录用结果",
    "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
]
ART21_CITY_COUNTY = ["市政建设", "公共服务", "公益事业", "土地征收", "房屋征收", "治安管理", "社会救助"]
ART20_CHOICES = [(f"20-{i}", f"第二十条第（{'一二三四五六七八九十'[i - 1] if i <= 10 else '十' + '一二三四五'[i - 11]}）项 {label}")
                 for i, label in enumerate(ART20_ITEMS, start=1)] + [
    (f"21-{i}", f"第二十一条 {label}") for i, label in enumerate(ART21_CITY_COUNTY, start=1)
]

# Application form (disclosure.md §6.1)
ID_TYPE_CHOICES = [("resident_id", "居民身份证"), ("passport", "护照"), ("hk_mo_tw", "港澳台居民证件"), ("other", "其他证件")]
PROVISION_CHOICES = [("paper", "纸面"), ("email", "电子邮件"), ("cd", "光盘"), ("disk", "磁盘")]
DELIVERY_CHOICES = [("online", "网络"), ("in_person", "当面"), ("post", "邮寄"), ("fax", "传真")]
