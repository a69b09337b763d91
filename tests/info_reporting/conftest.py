"""Fixtures for 政务信息报送: the section's workflows and rules, a reporter of a second unit,
and items created the way a reporter creates them (a draft page with a revision)."""
import datetime

import pytest



@pytest.fixture
def info_site(site_tree, users):
    """The section with its workflows and permissions, but no scoring rules yet."""
    from info_reporting.setup import ensure_info_reporting

    ensure_info_reporting(site_tree["info_reporting"], rules=False)
    return site_tree["info_reporting"]


@pytest.fixture
def default_rules(info_site):
    """Adoption levels and this year's rule set from the recommended default (§7)."""
    from info_reporting.setup import ensure_default_rules

    return ensure_default_rules()


@pytest.fixture
def make_reporter(users):
    """``make_reporter(username, unit_name, *extra_groups, **user_fields)`` → a 报送员 of that unit
    (also added to ``users``)."""
    from django.contrib.auth.models import Group, User

    from cms_pages.models import OrganisationUnit, StaffProfile

    def make(username, unit_name, *groups, **fields):
        user = User.objects.create_user(username, f"{username}@example.gov.cn", "pw-for-tests-only", **fields)
        user.groups.add(*Group.objects.filter(name__in=("报送员", *groups)))
        StaffProfile.objects.create(user=user, unit=OrganisationUnit.objects.get(name=unit_name))
        users[username] = user
        return user

    return make


@pytest.fixture
def reporter2(make_reporter):
    """A reporter of another unit (示范市发展和改革委员会)."""
    return make_reporter("reporter2", "示范市发展和改革委员会")


@pytest.fixture
def login(users):
    """``login(username)`` → a fresh test client logged in as that user (any user in ``users``)."""
    from django.test import Client

    def make(username):
        c = Client()
        c.force_login(users[username])
        return c

    return make


@pytest.fixture
def unit_of():
    from cms_pages.models import OrganisationUnit

    def get(name):
        return OrganisationUnit.objects.get(name=name)

    return get


@pytest.fixture
def make_item(info_site, users):
    """``make_item(title, user='reporter', unit=None, **fields)`` → a draft item like the admin creates."""
    from info_reporting.models import InfoReportPage

    def make(title="关于做好春季防汛工作的情况报告", user="reporter", unit=None, body="<p>正文内容。</p>", **fields):
        author = users[user] if isinstance(user, str) else user
        unit = unit or author.staff_profile.unit
        item = InfoReportPage(
            title=title, body=body, reporting_unit=unit, submitter=author, owner=author,
            writer=fields.pop("writer", "张三"), contact=fields.pop("contact", "0571-87000000"), live=False, **fields,
        )
        info_site.add_child(instance=item)
        item.save_revision(user=author)
        return InfoReportPage.objects.get(pk=item.pk)

    return make


@pytest.fixture
def submitted_item(make_item, users, default_rules):
    from info_reporting import services

    def make(title="关于做好春季防汛工作的情况报告", user="reporter", **fields):
        item = make_item(title, user=user, **fields)
        return services.submit(item, users[user] if isinstance(user, str) else user)

    return make


def d(y, m, day):
    return datetime.date(y, m, day)
