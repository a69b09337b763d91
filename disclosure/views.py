"""Public views: the application form, the receipt, the applicant's status page, the catalogue
feed and the annual report exports. Applicant data is only ever shown back to the applicant
(status page after tracking code + password), never on pages, feeds or the sitemap."""
import datetime as _dt
import secrets

from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from wagtail.models import Site

from . import services
from .forms import ApplicationForm
from .models import AnnualReportPage, DisclosureItemPage, DisclosureSettings, InformationRequest

SESSION_RECEIPT = "disclosure_receipt"
SESSION_ACCESS = "disclosure_access"
CODE_FAILURES_PER_HOUR = 10  # wrong passwords for one tracking code, from any address


def _private(response):
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _client_ip(request):
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _settings(request):
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    return DisclosureSettings.for_site(site) if site else DisclosureSettings()


@never_cache
def apply(request):
    conf = _settings(request)
    status = 200
    error = ""
    if request.method == "POST":
        form = ApplicationForm(request.POST)
        token = (request.POST.get("form_token") or "").strip()
        existing = InformationRequest.objects.filter(form_token=token).first() if token else None
        if existing is not None:
            # the same form sent twice (double click, refresh): one application, same receipt
            return redirect("disclosure:receipt")
        if not token:
            error = "表单已失效，请刷新页面后重新填写提交"
            status = 400
        elif form.is_valid():
            since = timezone.now() - _dt.timedelta(hours=1)
            recent = InformationRequest.objects.filter(
                ip_hash=services.hash_ip(_client_ip(request)), submitted_at__gte=since
            ).count()
            if recent >= conf.submissions_per_hour:
                error = (
                    f"提交过于频繁：同一网络每小时最多在线提交{conf.submissions_per_hour}件申请，请1小时后再试。"
                    "如需提交较多申请，请联系政府信息公开工作机构或通过信函提交。"
                )
                status = 429
            else:
                req, raw, created = services.submit_online(form.cleaned_data, form_token=token, ip=_client_ip(request))
                if created:
                    request.session[SESSION_RECEIPT] = {"code": req.tracking_code, "password": raw}
                return redirect("disclosure:receipt")
        else:
            status = 400
    else:
        form = ApplicationForm(initial={"form_token": secrets.token_urlsafe(24)})
    return _private(render(request, "disclosure/apply.html", {"form": form, "error": error}, status=status))


@never_cache
def receipt(request):
    data = request.session.get(SESSION_RECEIPT)
    return _private(render(request, "disclosure/receipt.html", {"receipt": data}))


def _lookup_limited(request, conf):
    key = f"disclosure-lookup-fail:{services.hash_ip(_client_ip(request))}"
    return key, (cache.get(key) or 0) >= conf.status_lookups_per_hour


@never_cache
def status(request):
    conf = _settings(request)
    req = None
    error = ""
    code = ""
    http_status = 200
    if request.method == "POST":
        code = (request.POST.get("code") or "").strip().upper()[:20]
        password = (request.POST.get("password") or "").strip()[:20]
        key, limited = _lookup_limited(request, conf)
        code_key = f"disclosure-lookup-fail-code:{code}"
        if not limited and (cache.get(code_key) or 0) >= CODE_FAILURES_PER_HOUR:
            limited = True
        if limited:
            error = "查询失败次数过多，请1小时后再试"
            http_status = 429
        else:
            found = InformationRequest.objects.filter(tracking_code=code).first() if code else None
            if found is not None and found.check_query_password(password):
                access = set(request.session.get(SESSION_ACCESS, []))
                access.add(found.tracking_code)
                request.session[SESSION_ACCESS] = sorted(access)
                return redirect("disclosure:status_detail", code=found.tracking_code)
            cache.set(key, (cache.get(key) or 0) + 1, 3600)
            if found is not None:  # guessing one code's password from many addresses
                cache.set(code_key, (cache.get(code_key) or 0) + 1, 3600)
            error = "申请编号或查询密码不正确，请核对后重试"
            http_status = 400
    return _private(render(request, "disclosure/status.html", {"error": error, "code": code, "req": req}, status=http_status))


def _authorised(request, code):
    if code not in request.session.get(SESSION_ACCESS, []):
        return None
    return InformationRequest.objects.filter(tracking_code=code).first()


@never_cache
def status_detail(request, code):
    req = _authorised(request, code)
    if req is None:
        return redirect("disclosure:status")
    deadline = services.compute(req) if req.received_on or req.state == "pending_confirmation" else None
    events = req.events.filter(applicant_visible=True)
    steps = services.applicant_steps(req, deadline) if deadline else []
    return _private(render(request, "disclosure/status.html", {"req": req, "steps": steps, "events": events}))


@never_cache
def status_letter(request, code):
    from . import letters

    req = _authorised(request, code)
    if req is None or not req.reply_type or req.state != "replied":
        raise Http404("没有可下载的答复书")
    conf_site = Site.find_for_request(request)
    office = ""
    if conf_site:
        from cms_pages.models import GovSiteSettings

        office = GovSiteSettings.for_site(conf_site).sponsor
    data = letters.reply_letter(req, office_name=office)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = f'attachment; filename="reply-{req.tracking_code}.docx"'
    return _private(response)


class CatalogueFeed(Feed):
    title = "政府信息公开目录"
    description = "最新主动公开的政府信息"

    def link(self):
        return "/"

    def items(self):
        return DisclosureItemPage.objects.live().public().order_by("-published_date", "-pk")[:50]

    def item_title(self, item):
        return f"{item.title}（{item.index_number}）" if item.index_number else item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url or "/"

    def item_pubdate(self, item):
        return item.first_published_at


catalogue_feed = CatalogueFeed()


def annual_report_export(request, year, fmt):
    from .exports import CONTENT_TYPES, to_docx, to_xlsx

    if fmt not in CONTENT_TYPES:
        raise Http404
    page = AnnualReportPage.objects.live().public().filter(year=year).first()
    data = page.data() if page else None
    if data is None:
        raise Http404("该年度报告尚未发布")
    tables = data.tables()
    body = to_xlsx(year, tables) if fmt == "xlsx" else to_docx(page, tables)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="annual-report-{year}.{fmt}"'
    return response
