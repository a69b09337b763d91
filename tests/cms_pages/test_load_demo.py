"""README command 1 loads demo users for every role, including the review roles of the
三审 + 保密审查 workflow, and can be run again without changing anything."""
import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_load_demo_creates_a_user_per_role_who_can_sign_in(client):
    from django.contrib.auth.models import User

    call_command("load_demo", records=0, stdout=open("/dev/null", "w"))
    call_command("load_demo", records=0, stdout=open("/dev/null", "w"))  # idempotent
    groups = {u.username: set(u.groups.values_list("name", flat=True)) for u in User.objects.all()}
    assert groups["editor"] == {"编辑"}
    assert groups["reviewer"] == groups["reviewer2"] == {"审核人"}
    assert groups["secrecy"] == {"保密审查员"}
    assert groups["signer"] == {"签发人"}
    assert User.objects.get(username="admin").is_superuser
    assert client.login(username="signer", password="gongkai-demo")
    assert client.get("/admin/governance/inbox/").status_code == 200
