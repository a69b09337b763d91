"""Run the pre-publication checks on a page (usually a revision being submitted).

Collects the page's text (title, summary, body and every other public text field
of its type), its links and its attachments, hands plain values to the check
modules in ``governance/checks/`` and stores the result as a ``CheckRun``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models as dj_models

from governance.checks import links as link_checks
from governance.checks import metadata as metadata_checks
from governance.checks import pii, wording
from governance.checks.findings import Finding, sort_findings
from governance.checks.html_text import LinkRef, html_to_text

#: Page fields that are never scanned (technical or not shown to the public).
SKIP_FIELDS = {
    "slug", "url_path", "draft_title", "path", "external_id", "import_hash",
    "doc_number_canonical", "doc_number_key", "latest_revision_created_at",
}


@dataclass
class Source:
    field: str
    label: str
    text: str
    links: list[LinkRef] = field(default_factory=list)
    location: str = ""  # e.g. 第3页 (attachments)
    attachment: str = ""  # display name of the attachment


def _is_rich(model_field):
    from wagtail.fields import RichTextField

    return isinstance(model_field, RichTextField)


def page_sources(page) -> list[Source]:
    """Text sources of the page itself, in model field order."""
    from wagtail.fields import StreamField

    sources = []
    for f in type(page)._meta.concrete_fields:
        if f.name in SKIP_FIELDS or f.choices:
            continue
        if isinstance(f, (dj_models.URLField, dj_models.EmailField, dj_models.SlugField)):
            continue
        label = str(f.verbose_name)
        if isinstance(f, StreamField):
            value = getattr(page, f.attname, None)
            try:
                html = str(value.render_as_block()) if value else ""
            except Exception:
                html = ""
            text, found = html_to_text(html)
            sources.append(Source(f.name, label, text, found))
        elif isinstance(f, (dj_models.CharField, dj_models.TextField)):
            if not f.editable and f.name != "title":
                continue
            value = getattr(page, f.attname, "") or ""
            if _is_rich(f):
                text, found = html_to_text(value)
                sources.append(Source(f.name, label, text, found))
            else:
                sources.append(Source(f.name, label, str(value)))
    return [s for s in sources if s.text]


def attachment_sources(page):
    """(sources, findings) for the page's attachments; unreadable files give warnings."""
    from cms_pages.attachment_text import Unreadable, extract_sections, read_document

    sources, findings = [], []
    rel = getattr(page, "attachments", None)
    if rel is None:
        return sources, findings
    for index, attachment in enumerate(rel.all(), start=1):
        document = getattr(attachment, "document", None)
        name = (getattr(attachment, "label", "") or (document.title if document else "")) or f"附件{index}"
        field_name = f"attachment:{getattr(document, 'pk', index)}"
        if document is None:
            findings.append(_finding("attachments.missing", "error", f"附件“{name}”的文件不存在，请重新上传", field_name))
            continue
        try:
            data = read_document(document)
            chunks = extract_sections(document.file.name, data)
        except Unreadable as exc:
            findings.append(_finding(
                "attachments.unreadable", "warning",
                f"附件“{name}”：{exc}；请人工确认其中不含身份证号、手机号、银行卡号等个人信息", field_name,
            ))
            continue
        except (OSError, ValueError) as exc:
            findings.append(_finding("attachments.missing", "error", f"附件“{name}”无法读取（{exc.__class__.__name__}），请重新上传", field_name))
            continue
        for chunk in chunks:
            location, text = chunk.location, chunk.text
            sources.append(Source(field_name, f"附件“{name}”", text, [], location, name))
    return sources, findings


def _finding(check, severity, message, field_name):
    return Finding(check=check, severity=severity, message=message, field=field_name,
                   start=0, end=0, line=1, excerpt="", suggestion="")


def _column(text, offset):
    return offset - (text.rfind("\n", 0, offset) + 1) + 1


def _where(source: Source | None, finding: Finding, text: str = "") -> str:
    if source is None:
        return finding.field if not finding.field.startswith("attachment:") else "附件"
    place = source.label + (source.location or "")
    if finding.end > finding.start:
        if source.location:
            return f"{place}第{_column(text, finding.start)}字"
        return f"{place}第{finding.line}行第{_column(text, finding.start)}字"
    return place


def link_statuses(page, all_links):
    """Resolve the internal targets of ``all_links`` to ``LinkStatus`` values."""
    from django.urls import Resolver404, resolve
    from wagtail.documents import get_document_model
    from wagtail.models import Page, Site

    from governance.models import WithdrawnNotice

    statuses = {}
    page_ids = {int(lk.target) for lk in all_links if lk.kind == "page" and lk.target.isdigit()}
    doc_ids = {int(lk.target) for lk in all_links if lk.kind == "document" and lk.target.isdigit()}
    site = page.get_site() if page.pk else Site.objects.filter(is_default_site=True).first()
    hosts = [site.hostname] if site else []
    paths = set()
    for lk in all_links:
        if lk.kind == "url":
            path = link_checks.internal_path(lk.target, hosts)
            if path is not None:
                paths.add(path)

    def page_status(target):
        if target.live:
            if target.get_view_restrictions().exists():
                return link_checks.LinkStatus("restricted", target.title)
            return link_checks.LinkStatus("ok", target.title)
        if WithdrawnNotice.objects.filter(page_id=target.pk, active=True, kind=WithdrawnNotice.WITHDRAWN).exists():
            return link_checks.LinkStatus("withdrawn", target.title)
        if target.expired:
            return link_checks.LinkStatus("expired", target.title)
        if target.workflow_in_progress:
            return link_checks.LinkStatus("in_review", target.title)
        return link_checks.LinkStatus("unpublished", target.title)

    found = {p.pk: p for p in Page.objects.filter(pk__in=page_ids)}
    for pid in page_ids:
        target = found.get(pid)
        if target is None:
            statuses[("page", str(pid))] = link_checks.LinkStatus("missing")
        else:
            statuses[("page", str(pid))] = page_status(target)
    existing_docs = set(get_document_model().objects.filter(pk__in=doc_ids).values_list("pk", flat=True))
    for did in doc_ids:
        statuses[("document", str(did))] = link_checks.LinkStatus("ok" if did in existing_docs else "missing")
    if site and paths:
        root_path = site.root_page.url_path
        for path in paths:
            url_path = root_path + path.lstrip("/")
            if not url_path.endswith("/"):
                url_path += "/"
            target = Page.objects.filter(url_path=url_path).first()
            if target is not None:
                statuses[("url", path)] = page_status(target)
                continue
            notice = WithdrawnNotice.objects.filter(path=path if path.endswith("/") else path + "/", active=True).first()
            if notice is not None:
                kind = "expired" if notice.kind == WithdrawnNotice.EXPIRED else "withdrawn"
                statuses[("url", path)] = link_checks.LinkStatus(kind, notice.title)
                continue
            try:
                match = resolve(path)
            except Resolver404:
                statuses[("url", path)] = link_checks.LinkStatus("missing")
                continue
            if match.func.__module__.startswith("wagtail.views") or match.url_name == "wagtail_serve":
                statuses[("url", path)] = link_checks.LinkStatus("missing")
            elif match.url_name in ("wagtaildocs_serve", "wagtaildocs_serve_legacy") or "documents" in path.split("/")[1:2]:
                doc_id = match.kwargs.get("document_id")
                ok = doc_id is not None and get_document_model().objects.filter(pk=doc_id).exists()
                statuses[("url", path)] = link_checks.LinkStatus("ok" if ok else "missing")
            else:
                statuses[("url", path)] = link_checks.LinkStatus("ok")
    return statuses, hosts


def metadata_values(page, requirements):
    values = {}
    for req in requirements:
        value = getattr(page, req.field, None)
        if hasattr(value, "all") and callable(value.all):
            value = list(value.all())
        values[req.field] = value
    return values


def requirements_for(page):
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from governance.models import MetadataRequirement

    ct = ContentType.objects.get_for_model(type(page))
    entries = MetadataRequirement.objects.filter(active=True).filter(Q(page_type__isnull=True) | Q(page_type=ct))
    by_field = {}
    for entry in entries.order_by("page_type_id"):  # type-specific entries override general ones
        by_field[entry.field_name] = entry.as_requirement()
    return list(by_field.values())


def collect_findings(page):
    """(checks run, [(finding, source, text)]) for ``page``."""
    sources = page_sources(page)
    att_sources, att_findings = attachment_sources(page)
    rules = _wording_rules()
    results = []
    by_field = {}
    for source in sources + att_sources:
        by_field.setdefault(source.field, source)
        for f in pii.scan(source.text, field=source.field):
            results.append((f, source, source.text))
        for f in wording.scan(source.text, rules, field=source.field):
            results.append((f, source, source.text))
    all_links = [lk for s in sources for lk in s.links]
    if all_links:
        statuses, hosts = link_statuses(page, all_links)
        for source in sources:
            if source.links:
                for f in link_checks.check(source.text, source.links, statuses, field=source.field, site_hosts=hosts):
                    results.append((f, source, source.text))
    requirements = requirements_for(page)
    for f in metadata_checks.check(metadata_values(page, requirements), requirements):
        results.append((f, _metadata_source(page, f.field), ""))
    for f in att_findings:
        results.append((f, None, ""))
    checks_run = ["pii", "wording", "metadata", "links", "attachments"]
    return checks_run, results


def _metadata_source(page, field_name):
    try:
        label = str(type(page)._meta.get_field(field_name).verbose_name)
    except Exception:
        label = field_name
    return Source(field_name, label, "")


def _wording_rules():
    from governance.models import WordingRuleEntry

    return WordingRuleEntry.active_rules()


def apply_basis(page, results):
    """Downgrade personal-data errors to warnings when a legal basis is recorded."""
    from dataclasses import replace

    from governance.models import PersonalDataBasis

    if not page.pk:
        return results
    basis = PersonalDataBasis.objects.filter(page_id=page.pk, active=True).first()
    if basis is None:
        return results
    out = []
    for finding, source, text in results:
        if finding.check.startswith("pii.") and finding.severity == "error":
            finding = replace(
                finding, severity="warning",
                message=f"{finding.message}（已记录公开依据：{basis.get_basis_display()}——{basis.note}，请保密审查人员核实）",
            )
        out.append((finding, source, text))
    return out


def mask_personal_data(page, user):
    """Mask personal data in the page's own text fields (not attachments) as a new revision.

    Returns ``(revision, number of fields changed)``; attachments must be re-uploaded masked.
    """
    revision = page.get_latest_revision()
    target = revision.as_object() if revision else page
    count = 0
    for source in page_sources(target):
        value = getattr(target, source.field, "")
        if not isinstance(value, str):
            continue
        masked = pii.mask_all(value)
        if masked != value:
            count += 1
            setattr(target, source.field, masked)
    if not count:
        return None, 0
    new_revision = target.save_revision(user=user, log_action=True)
    return new_revision, count


def serialise(results):
    out = []
    order = {"error": 0, "warning": 1}
    for finding, source, text in results:
        d = finding.to_dict()
        d["field_label"] = source.label if source else ("附件" if finding.field.startswith("attachment:") else finding.field)
        d["location"] = source.location if source else ""
        d["where"] = _where(source, finding, text) if source else d["field_label"]
        out.append(d)
    out.sort(key=lambda d: (order.get(d["severity"], 2), d["field"], d["location"], d["start"]))
    return out


def run_checks(page, *, revision=None, user=None, context="submission", save=True):
    """Run every check on ``page`` (e.g. ``revision.as_object()``) and record a ``CheckRun``."""
    from governance.models import CheckRun

    checks_run, results = collect_findings(page)
    findings = serialise(apply_basis(page, results))
    run = CheckRun(
        page_id=page.pk, page_title=(page.title or "")[:255], revision=revision,
        run_by=user if getattr(user, "pk", None) else None, context=context, checks=checks_run,
        findings=findings,
        error_count=sum(1 for f in findings if f["severity"] == "error"),
        warning_count=sum(1 for f in findings if f["severity"] == "warning"),
    )
    if save:
        run.save()
    return run


__all__ = ["run_checks", "collect_findings", "page_sources", "attachment_sources", "sort_findings"]
