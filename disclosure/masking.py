"""What staff who do not handle requests see of an application: masked identity and contact,
no request text (masking formats from governance.checks.pii)."""
from governance.checks.pii import PiiValueError, mask_id_number, mask_mobile

HIDDEN = "（仅办理人员可见）"


def mask_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def mask_phone(phone: str) -> str:
    try:
        return mask_mobile(phone)
    except PiiValueError:
        digits = "".join(ch for ch in phone or "" if ch.isdigit())
        return ("*" * max(len(digits) - 4, 0) + digits[-4:]) if digits else ""


def mask_id(value: str) -> str:
    if not value:
        return ""
    try:
        return mask_id_number(value)
    except PiiValueError:
        return value[:1] + "*" * max(len(value) - 2, 1) + value[-1:]


class ApplicantView:
    """Applicant fields as a given user may see them."""

    def __init__(self, req, full: bool):
        self.full = full
        self.req = req
        if full:
            self.name, self.phone, self.id_number = req.name, req.phone, req.id_number
            self.email, self.address = req.email, req.address
            self.legal_representative, self.contact_person = req.legal_representative, req.contact_person
            self.title, self.description, self.purpose = req.title, req.description, req.purpose
        else:
            self.name, self.phone, self.id_number = mask_name(req.name), mask_phone(req.phone), mask_id(req.id_number)
            self.email = HIDDEN if req.email else ""
            self.address = HIDDEN if req.address else ""
            self.legal_representative = mask_name(req.legal_representative)
            self.contact_person = mask_name(req.contact_person)
            self.title = self.description = self.purpose = HIDDEN
