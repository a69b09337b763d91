"""The public application form (Art. 29) and the staff forms of the back office."""
import re

from django import forms

from governance.checks.pii import InvalidIdNumber, validate_id_number

from . import annual_report as ar
from . import deadlines as dl
from . import index_number as idx
from . import request_states as rs
from .models import APPLICANT_KIND_CHOICES, NATURAL, ORGANISATION
from .vocabulary import DELIVERY_CHOICES, ID_TYPE_CHOICES, PROVISION_CHOICES

MAX_DESCRIPTION = 5000
ORG_TYPE_CHOICES = [(k, label) for k, label in ar.SECTION3_COLUMNS if k in ar.ORG_COLUMNS]
_PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean_text(value, label, max_len, required=True):
    value = (value or "").strip()
    if _CONTROL_RE.search(value):
        raise forms.ValidationError(f"{label}含有不可见的控制字符，请删除后重新填写")
    if required and not value:
        raise forms.ValidationError(f"请填写{label}")
    if len(value) > max_len:
        raise forms.ValidationError(f"{label}不能超过{max_len}字，当前{len(value)}字，请精简")
    return value


class ApplicationForm(forms.Form):
    """政府信息公开申请表: 公民 and 法人或其他组织 in one form (the organisation part shown by kind)."""

    applicant_kind = forms.ChoiceField(label="申请人类别", choices=APPLICANT_KIND_CHOICES, widget=forms.RadioSelect, initial=NATURAL)
    org_type = forms.ChoiceField(label="组织类型", choices=[("", "请选择")] + ORG_TYPE_CHOICES, required=False, help_text="法人或其他组织填写")
    name = forms.CharField(label="姓名/名称", max_length=200)
    id_type = forms.ChoiceField(label="证件类型", choices=[("", "请选择")] + ID_TYPE_CHOICES, required=False, help_text="公民填写")
    id_number = forms.CharField(label="证件号码", max_length=60, required=False, help_text="公民填写")
    credit_code = forms.CharField(label="统一社会信用代码", max_length=40, required=False, help_text="法人或其他组织填写")
    legal_representative = forms.CharField(label="法定代表人", max_length=100, required=False, help_text="法人或其他组织填写")
    contact_person = forms.CharField(label="联系人", max_length=100, required=False, help_text="法人或其他组织填写")
    phone = forms.CharField(label="联系电话", max_length=40)
    email = forms.EmailField(label="电子邮箱", required=False, max_length=254, error_messages={"invalid": "电子邮箱格式不正确"})
    address = forms.CharField(label="通信地址", max_length=400, required=False)
    postcode = forms.CharField(label="邮政编码", max_length=20, required=False)
    title = forms.CharField(label="所需信息名称", max_length=400)
    doc_number_hint = forms.CharField(label="文号（如知道）", max_length=200, required=False)
    description = forms.CharField(
        label="所需信息的内容描述", widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_DESCRIPTION}),
        max_length=20000, help_text=f"请写明便于查找的特征，最多{MAX_DESCRIPTION}字",
    )
    purpose = forms.CharField(label="用途（选填，不作为受理条件）", max_length=1000, required=False)
    provision_form = forms.ChoiceField(label="提供形式", choices=PROVISION_CHOICES, widget=forms.RadioSelect)
    delivery_method = forms.ChoiceField(label="获取方式", choices=DELIVERY_CHOICES, widget=forms.RadioSelect)
    form_token = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.error_messages.setdefault("required", f"请填写{f.label}")
            f.error_messages["required"] = f"请填写{f.label}"
            if isinstance(f, forms.ChoiceField):
                f.error_messages["invalid_choice"] = f"{f.label}的选项无效，请重新选择"
            if isinstance(f, forms.CharField) and f.max_length:
                f.error_messages["max_length"] = f"{f.label}过长（最多%(limit_value)d字，当前%(show_value)d字）"

    APPLICANT_FIELDS = ("applicant_kind", "org_type", "name", "id_type", "id_number", "credit_code",
                        "legal_representative", "contact_person", "phone", "email", "address", "postcode")
    INFORMATION_FIELDS = ("title", "doc_number_hint", "description", "purpose", "provision_form", "delivery_method")

    def fieldsets(self):
        """(legend, bound fields) for the template."""
        return [("申请人信息", [self[n] for n in self.APPLICANT_FIELDS]), ("所需信息", [self[n] for n in self.INFORMATION_FIELDS])]

    def clean_name(self):
        return _clean_text(self.cleaned_data.get("name"), "姓名/名称", 100)

    def clean_title(self):
        return _clean_text(self.cleaned_data.get("title"), "所需信息名称", 200)

    def clean_description(self):
        return _clean_text(self.cleaned_data.get("description"), "所需信息的内容描述", MAX_DESCRIPTION)

    def clean_purpose(self):
        return _clean_text(self.cleaned_data.get("purpose"), "用途", 500, required=False)

    def clean_address(self):
        return _clean_text(self.cleaned_data.get("address"), "通信地址", 200, required=False)

    def clean_doc_number_hint(self):
        return _clean_text(self.cleaned_data.get("doc_number_hint"), "文号", 120, required=False)

    def clean_phone(self):
        phone = re.sub(r"[\s（）()]", "", self.cleaned_data.get("phone") or "")
        if not _PHONE_RE.match(phone):
            raise forms.ValidationError("联系电话格式不正确：请填写11位手机号码，或带区号的固定电话（如 0571-12345678）")
        return phone

    def clean_postcode(self):
        pc = (self.cleaned_data.get("postcode") or "").strip()
        if pc and not re.fullmatch(r"\d{6}", pc):
            raise forms.ValidationError("邮政编码应为6位数字")
        return pc

    def clean(self):
        data = super().clean()
        kind = data.get("applicant_kind")
        if kind == NATURAL:
            data["applicant_type"] = ar.NATURAL_PERSON
            id_type, number = data.get("id_type"), (data.get("id_number") or "").strip()
            if not id_type:
                self.add_error("id_type", "请选择证件类型")
            if not number:
                self.add_error("id_number", "请填写证件号码")
            elif id_type == "resident_id":
                try:
                    data["id_number"] = validate_id_number(number)
                except InvalidIdNumber as e:
                    self.add_error("id_number", str(e))
            elif not re.fullmatch(r"[A-Za-z0-9()（）\-]{5,30}", number):
                self.add_error("id_number", "证件号码格式不正确：只能包含字母、数字和连字符，5至30位")
            data["credit_code"] = data["legal_representative"] = data["contact_person"] = ""
        elif kind == ORGANISATION:
            if not data.get("org_type"):
                self.add_error("org_type", "请选择组织类型（商业企业、科研机构、社会公益组织、法律服务机构或其他）")
            data["applicant_type"] = data.get("org_type") or ar.OTHER_ORG
            code = (data.get("credit_code") or "").strip().upper()
            if len(code) != 18:
                self.add_error("credit_code", "统一社会信用代码应为18位")
            else:
                try:
                    data["credit_code"] = idx.check_org_code(code)
                except idx.IndexNumberError as e:
                    self.add_error("credit_code", str(e))
            for f, label in (("legal_representative", "法定代表人"), ("contact_person", "联系人")):
                try:
                    data[f] = _clean_text(data.get(f), label, 50)
                except forms.ValidationError as e:
                    self.add_error(f, e)
            data["id_type"], data["id_number"] = "", ""
        return data


class RegisterForm(ApplicationForm):
    """Staff registration of a paper / fax / in-person application."""

    channel = forms.ChoiceField(label="申请渠道", choices=[(k, v) for k, v in dl.CHANNEL_LABELS.items() if k != dl.ONLINE])
    received = forms.DateField(label="提交/签收/到达日期", help_text="当面提交为提交之日；邮寄为签收之日；平常信函和传真为到达之日（随后受理确认）")


REPLY_CHOICES = [("", "请选择")] + [(r.key, f"{r.label}（{r.report_label}）") for r in rs.REPLY_TYPES.values() if r.via_action is None]


class ActionForm(forms.Form):
    """All fields any back-office action may need; the service checks which are required."""

    action = forms.ChoiceField(choices=[(a.code, a.label) for a in rs.ACTIONS.values()])
    on = forms.DateField(label="日期", required=False)
    comment = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    reply_type = forms.ChoiceField(label="答复类型", choices=REPLY_CHOICES, required=False)
    reply_by = forms.DateField(label="补正期限", required=False)
    letter_received_on = forms.DateField(label="对方收到征求意见函日期", required=False)
    ref = forms.CharField(label="征求意见编号", required=False, max_length=10)
    fee_method = forms.ChoiceField(label="计收方式", choices=[("", "请选择")] + list(rs.FEE_METHOD_LABELS.items()), required=False)
    pages = forms.IntegerField(label="页数", required=False, min_value=1)
    prior_requests = forms.IntegerField(label="本月此前已申请件数", required=False, min_value=0)
    requests = forms.IntegerField(label="本申请件数", required=False, min_value=1)
    notice_received_on = forms.DateField(label="申请人收到收费通知日期", required=False)
    days = forms.IntegerField(label="延长工作日数", required=False)
    approver = forms.CharField(label="批准人（公开工作机构负责人）", required=False, max_length=50)
    approved_on = forms.DateField(label="批准日期", required=False)
    notified_on = forms.DateField(label="告知申请人日期", required=False)
    kind = forms.ChoiceField(label="案件类型", choices=[("", "—")] + list(ar.SECTION4_GROUPS), required=False)
