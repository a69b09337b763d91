"""import_archive as users run it: bad records are reported by line, the rest import, re-runs change nothing."""
import gzip
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from policies.models import PolicyDocumentPage
from policies.vocabulary import Validity


def record(external_id, title="关于做好政务公开工作的通知", **extra):
    data = {"external_id": external_id, "type": "policy", "title": title, "body": "", "body_format": "text"}
    data.update(extra)
    return json.dumps(data, ensure_ascii=False)


def write(tmp_path, lines, name="archive.jsonl", gz=False):
    path = tmp_path / (name + (".gz" if gz else ""))
    text = "\n".join(lines) + "\n"
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run(*paths):
    out = io.StringIO()
    call_command("import_archive", *map(str, paths), stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_import_creates_live_pages_with_mapped_fields_and_log(site_tree, tmp_path):
    from wagtail.models import PageLogEntry

    path = write(tmp_path, [
        record("law-1", title="中华人民共和国政府信息公开条例", doc_number="中华人民共和国国务院令第711号",
               issuing_authority="国务院", level="行政法规", written_date="2019-04-03",
               published_date="2019-04-15", effective_date="2019-05-15", validity="现行有效",
               history=["2007年4月5日 中华人民共和国国务院令第492号公布", "2019年4月3日 修订"],
               body="## 第一章 总则\n\n第一条 为了保障公民<script>alert(1)</script>依法获取政府信息。", body_format="markdown",
               some_future_field={"ignored": True}),
        record("gov-2", title="广东省人民政府关于调整一批省级行政职权事项的决定", region="Guangdong Provincial Government",
               issuing_authority="广东省人民政府", written_date="2023-09-13", published_date="2023-09-25",
               validity="已失效"),
    ], gz=True)
    output = run(path)
    assert "新建 2" in output
    law = PolicyDocumentPage.objects.get(external_id="law-1")
    assert law.live and law.get_parent().specific == site_tree["policies"]
    assert law.legal_level == "行政法规" and law.effective_date.isoformat() == "2019-05-15"
    assert law.history[0].startswith("2007年4月5日")
    assert "<script>" not in law.body and "&lt;script&gt;" in law.body
    assert "<h2>第一章 总则</h2>" in law.body
    gov = PolicyDocumentPage.objects.get(external_id="gov-2")
    assert gov.region == "广东省人民政府"
    assert gov.validity == Validity.LAPSED
    assert gov.doc_kind == "决定"
    assert PageLogEntry.objects.filter(page=law, action="gongkai.import").exists()


@pytest.mark.django_db
def test_imported_pages_keep_the_page_tree_consistent_and_reachable(client, site_tree, tmp_path, make_policy):
    from wagtail.models import Page

    make_policy("编辑先建的文件")  # an existing child: imports must append after it
    run(write(tmp_path, [record(f"t-{i}", title=f"文件{i}") for i in range(450)]))  # spans 3 batches
    assert all(not problems for problems in Page.find_problems())
    library = Page.objects.get(pk=site_tree["policies"].pk)
    assert library.numchild == library.get_children().count() == 451
    page = PolicyDocumentPage.objects.get(external_id="t-449")
    assert client.get(page.url).status_code == 200


@pytest.mark.django_db
def test_rerun_changes_nothing_and_changed_record_updates(site_tree, tmp_path):
    path = write(tmp_path, [record("a-1"), record("a-2", title="第二个文件")])
    run(path)
    second = run(path)
    assert "新建 0，更新 0，未变 2" in second
    path2 = write(tmp_path, [record("a-1"), record("a-2", title="第二个文件（修订）")], name="v2.jsonl")
    third = run(path2)
    assert "新建 0，更新 1，未变 1" in third
    assert PolicyDocumentPage.objects.get(external_id="a-2").title == "第二个文件（修订）"
    assert PolicyDocumentPage.objects.count() == 2


@pytest.mark.django_db
def test_bad_records_are_reported_by_line_and_the_rest_import(site_tree, tmp_path):
    lines = [
        record("ok-1"),                                        # 1
        '{"external_id": "broken", "type": "policy", "title": ',  # 2 malformed JSON
        json.dumps({"external_id": "no-title", "type": "policy"}),  # 3 missing title
        json.dumps({"type": "policy", "title": "无编号"}, ensure_ascii=False),  # 4 missing external_id
        record("bad-date", written_date="2023-02-30"),          # 5 impossible date
        record("bad-type", type="newsletter"),                  # 6 unknown type
        record("huge", body="字" * 10_000_000),                  # 7 10M-character body
        record("ok-1", title="重复"),                            # 8 duplicate id in the same file
        "",                                                     # 9 blank line: ignored
        record("ok-2"),                                         # 10
    ]
    output = run(write(tmp_path, lines))
    assert "新建 2" in output and "跳过 7" in output
    for expected in ("第 2 行", "JSON 格式错误", "第 3 行 no-title：缺少必填字段 title", "缺少必填字段 external_id",
                     "第 5 行 bad-date：日期字段 written_date 无效", "第 6 行 bad-type：未知的内容类型 'newsletter'",
                     "第 7 行 huge：正文过长", "第 8 行 ok-1：重复的 external_id：与第 1 行相同"):
        assert expected in output
    assert set(PolicyDocumentPage.objects.values_list("external_id", flat=True)) == {"ok-1", "ok-2"}
    assert PolicyDocumentPage.objects.get(external_id="ok-1").title == "关于做好政务公开工作的通知"


@pytest.mark.django_db
def test_missing_file_and_missing_library_are_clear_errors(db, tmp_path):
    with pytest.raises(CommandError, match="文件不存在"):
        run(tmp_path / "nope.jsonl")
    # No site tree yet: the importer says what to do instead of half-writing.
    with pytest.raises(CommandError, match="setup_site"):
        run(write(tmp_path, [record("x-1")]))
    assert PolicyDocumentPage.objects.count() == 0


@pytest.mark.django_db
def test_invalid_utf8_line_is_skipped_not_fatal(site_tree, tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(record("u-1").encode() + b"\n" + b'{"title": "\xff\xfe"}\n' + record("u-2").encode() + b"\n")
    output = run(path)
    assert "新建 2" in output and "编码错误" in output


@pytest.mark.django_db
def test_corrupt_gzip_is_a_clear_error(site_tree, tmp_path):
    path = tmp_path / "broken.jsonl.gz"
    path.write_bytes(b"this is not gzip")
    with pytest.raises(CommandError, match="文件无法读取"):
        run(path)


@pytest.mark.django_db
def test_messy_date_order_imports_and_is_flagged_not_refused(site_tree, tmp_path):
    output = run(write(tmp_path, [record("law-x", written_date="2011-11-17", effective_date="2005-01-01")]))
    assert "新建 1" in output
    page = PolicyDocumentPage.objects.get(external_id="law-x")
    assert page.date_warnings() == ["施行日期早于成文日期，请核对"]


@pytest.mark.django_db
def test_record_failing_model_validation_is_skipped_with_reason(site_tree, tmp_path):
    output = run(write(tmp_path, [record("v-1", title="   ")]))
    assert "跳过 1" in output and "缺少必填字段 title" in output


@pytest.mark.django_db
def test_record_without_dates_is_not_given_a_forged_publication_date(site_tree, tmp_path):
    run(write(tmp_path, [record("nodate-1")]))
    page = PolicyDocumentPage.objects.get(external_id="nodate-1")
    assert page.published_date is None and page.formed_date is None


@pytest.mark.django_db
def test_first_publication_through_wagtail_stamps_the_publication_date(make_policy):
    from django.utils import timezone

    page = make_policy("新发布的文件")
    assert page.published_date == timezone.localdate()
