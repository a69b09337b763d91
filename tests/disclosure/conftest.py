"""Disclosure fixtures: a request handler, application factories, a DB-calendar helper."""
import datetime as dt

import pytest

PASSWORD = "pw-for-tests-only"

APPLICANT = {
    "applicant_kind": "natural_person",
    "applicant_type": "natural_person",
    "name": "张秘密申请人",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13812345678",
    "email": "zhang.applicant@example.com",
    "address": "示范市隐私路99号",
    "title": "2025年示范市道路维修预算",
    "description": "请公开示范市2025年道路维修的预算明细（申请人私密描述文字）",
    "provision_form": "email",
    "delivery_method": "online",
}


@pytest.fixture
def handler(users):
    from django.contrib.auth.models import Group, User

    from disclosure.roles import ensure_request_roles

    group = ensure_request_roles()
    user = User.objects.create_user("handler", "handler@example.gov.cn", PASSWORD)
    user.groups.add(group)
    assert Group.objects.filter(name="依申请公开办理").exists()
    return user


@pytest.fixture
def make_request(db):
    from disclosure import services

    def make(channel="in_person", on=dt.date(2025, 9, 26), actor=None, **fields):
        data = {**APPLICANT, **fields}
        req, _ = services.register(data, channel=channel, on=on, actor=actor)
        return req

    return make
