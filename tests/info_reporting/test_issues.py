"""Periodical issue numbering (plain) and compiling 《政务信息》 from adopted items."""
import pytest

from info_reporting.issues import IssueNumberError, check_number, check_removal, issue_title, next_number


def test_numbers_run_without_gaps():
    assert next_number([]) == 1
    assert next_number({1, 2, 3}) == 4
    assert check_number({1, 2, 3}, 4, year=2026) == 4
    assert issue_title("政务信息", 2018, 49) == "《政务信息》2018年第49期"


def test_a_number_that_would_leave_a_gap_is_refused():
    with pytest.raises(IssueNumberError, match="期号不能跳号：填写第6期会空出第4期、第5期，下一期应为第4期"):
        check_number({1, 2, 3}, 6, year=2026)


def test_a_repeated_number_is_refused():
    with pytest.raises(IssueNumberError, match="《政务信息》2026年第2期已存在，期号不能重复；下一期应为第4期"):
        check_number({1, 2, 3}, 2, year=2026)


def test_renumbering_must_not_open_a_gap():
    with pytest.raises(IssueNumberError, match="把第2期改为第4期会空出第2期"):
        check_number({1, 2, 3}, 4, year=2026, current=2)
    with pytest.raises(IssueNumberError, match="把第3期改为第4期会空出第3期"):
        check_number({1, 2, 3}, 4, year=2026, current=3)
    assert check_number({1, 2, 3}, 3, year=2026, current=3) == 3


def test_a_year_may_start_mid_run_when_the_office_begins_using_the_system():
    assert check_number(set(), 49, year=2018) == 49
    assert check_number({49}, 50, year=2018) == 50


def test_only_the_last_issue_can_be_removed():
    check_removal({1, 2, 3}, 3)
    with pytest.raises(IssueNumberError, match="不能删除《政务信息》2026年第2期：其后已有第3期"):
        check_removal({1, 2, 3}, 2, year=2026)


@pytest.mark.django_db
class TestCompiling:
    @pytest.fixture
    def adopted(self, submitted_item, users):
        from info_reporting import services

        def make(title, levels=("own_regular", "own_special")):
            item = submitted_item(title)
            return services.adopt(item, users["editor"], list(levels))

        return make

    def test_compile_in_editor_order_numbers_automatically_and_prints(self, adopted, client_for, users):
        from info_reporting.models import AdoptionRecord, PeriodicalIssue

        first = adopted("一、春耕生产有序推进")
        second = adopted("二、重点项目开工率提高")
        adopted("只在本级采用、未编入刊物", levels=("own_regular",))
        editor = client_for("editor")
        page = editor.get("/admin/info-reporting/issues/compile/").content.decode()
        assert "一、春耕生产有序推进" in page and "只在本级采用、未编入刊物" not in page
        response = editor.post("/admin/info-reporting/issues/compile/", {
            "publication": "政务信息", "year": 2026, "number": "",
            f"include-{first.pk}": "1", f"order-{first.pk}": "2",
            f"include-{second.pk}": "1", f"order-{second.pk}": "1", f"title-{second.pk}": "重点项目开工率同比提高",
        })
        assert response.status_code == 302
        issue = PeriodicalIssue.objects.get()
        assert issue.title == "《政务信息》2026年第1期"
        assert [e.display_title for e in issue.entries.order_by("sort_order")] == ["重点项目开工率同比提高", "一、春耕生产有序推进"]
        assert AdoptionRecord.objects.get(item=first, level__code="own_special").issue == issue
        printed = editor.get(response["Location"]).content.decode()
        assert "2026年第1期" in printed and "目　录" in printed and "@media print" in printed
        assert printed.index("重点项目开工率同比提高") < printed.index("一、春耕生产有序推进")
        # the unit sees the issue on its item
        assert "《政务信息》2026年第1期" in client_for("reporter").get(f"/admin/info-reporting/items/{first.pk}/").content.decode()
        # second issue gets the next number; a gap is refused with the reason
        third = adopted("三、营商环境持续优化")
        response = editor.post("/admin/info-reporting/issues/compile/", {
            "publication": "政务信息", "year": 2026, "number": "5", f"include-{third.pk}": "1", f"order-{third.pk}": "1",
        })
        assert response.status_code == 400
        assert "期号不能跳号：填写第5期会空出第2期、第3期、第4期，下一期应为第2期" in response.content.decode()
        editor.post("/admin/info-reporting/issues/compile/", {
            "publication": "政务信息", "year": 2026, f"include-{third.pk}": "1", f"order-{third.pk}": "1",
        })
        assert sorted(PeriodicalIssue.objects.values_list("number", flat=True)) == [1, 2]

    def test_only_adopted_items_can_be_compiled(self, submitted_item, users):
        from info_reporting import services

        item = submitted_item("尚未处理的信息")
        with pytest.raises(services.TransitionError, match="“尚未处理的信息”尚未采用，只有已采用的信息才能编入刊物"):
            services.compile_issue(users["editor"], [item.pk], year=2026)

    def test_sign_off_freezes_the_issue_and_deleting_cannot_leave_a_gap(self, adopted, users, client_for):
        from info_reporting import services
        from info_reporting.models import PeriodicalIssue

        one = services.compile_issue(users["editor"], [adopted("甲").pk], year=2026)
        two = services.compile_issue(users["editor"], [adopted("乙").pk], year=2026)
        with pytest.raises(services.TransitionError, match="不能删除《政务信息》2026年第1期：其后已有第2期"):
            services.delete_issue(one, users["editor"])
        services.sign_off_issue(two, users["editor"])
        with pytest.raises(services.TransitionError, match="已签发，不能删除"):
            services.delete_issue(two, users["editor"])
        # the admin snippet edit of an issued issue is refused
        response = client_for("admin").get(f"/admin/snippets/info_reporting/periodicalissue/edit/{two.pk}/", follow=True)
        assert "已签发，不能再修改" in response.content.decode()
        # the model form refuses a gap too
        from django.core.exceptions import ValidationError

        bad = PeriodicalIssue(publication="政务信息", year=2026, number=9)
        with pytest.raises(ValidationError, match="会空出第3期"):
            bad.full_clean()


@pytest.mark.django_db
def test_admin_snippet_delete_cannot_leave_a_gap(submitted_item, users, client_for):
    from info_reporting import services
    from info_reporting.models import PeriodicalIssue

    def adopted(title):
        return services.adopt(submitted_item(title), users["editor"], ["own_special"])

    one = services.compile_issue(users["editor"], [adopted("甲").pk], year=2026)
    services.compile_issue(users["editor"], [adopted("乙").pk], year=2026)
    response = client_for("admin").post(f"/admin/snippets/info_reporting/periodicalissue/delete/{one.pk}/", follow=True)
    assert "不能删除《政务信息》2026年第1期：其后已有第2期" in response.content.decode()
    assert PeriodicalIssue.objects.count() == 2
