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
def reporter2(users):
    """A reporter of another unit (示范市发展和改革委员会)."""
    from django.contrib.auth.models import Group, User

    from cms_pages.models import OrganisationUnit, StaffProfile

    user = User.objects.create_user("reporter2", "reporter2@example.gov.cn", "pw-for-tests-only")
    user.groups.add(Group.objects.get(name="报送员"))
    StaffProfile.objects.create(user=user, unit=OrganisationUnit.objects.get(name="示范市发展和改革委员会"))
    users["reporter2"] = user
    return user


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
