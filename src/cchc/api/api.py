"""The REST API at /api/: the same services, selectors and permission rules as the pages, so a
script can never do more than its user could do in the browser.

Browsers sign in with their session (writes then need the CSRF token); scripts send
`Authorization: Bearer <key>` with a key from `cchc api-token create USER`.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Form, NinjaAPI, Query, Status, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer, SessionAuth

from cchc.accounts.permissions import require
from cchc.api import schemas
from cchc.api.services import user_for_token
from cchc.orgs.models import Unit
from cchc.plans import selectors, services
from cchc.plans.models import ImportItem, LegalDocument, Plan


class CsrfFailed(Exception):
    pass


class SessionWithCsrf(SessionAuth):
    """Django's session, with the CSRF check on writes that the pages have too."""

    def _get_key(self, request):
        if not getattr(request, "_ninja_csrf_exempt", False):
            from ninja.utils import check_csrf

            if check_csrf(request):
                raise CsrfFailed
        return request.COOKIES.get(self.param_name)


class ReadableJSONRenderer(JSONRenderer):
    # Vietnamese stays readable in the answers instead of becoming \u escapes.
    json_dumps_params = {"ensure_ascii": False}


class ApiKey(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            # Services and selectors read the actor from request.user, as for the pages.
            request.user = user
        return user


class Docs(Swagger):
    """Ninja's Swagger page in the site's own template: the page language and one <h1>."""

    template = "api/docs.html"


ERRORS = {400: schemas.ErrorOut, 401: schemas.ErrorOut, 403: schemas.ErrorOut, 404: schemas.ErrorOut}

api = NinjaAPI(
    title="CCHC – API kế hoạch tuyên truyền cải cách hành chính",
    version="1.0",
    description=(
        "Kế hoạch, nhiệm vụ, văn bản pháp lý và nhập kế hoạch. Quyền như trên giao diện web. "
        "Xác thực: phiên đăng nhập (kèm CSRF khi ghi) hoặc `Authorization: Bearer <khóa API>`."
    ),
    auth=[ApiKey(), SessionWithCsrf()],
    urls_namespace="api",
    renderer=ReadableJSONRenderer(),
    # Swagger UI from the "ninja" app's own static files; no validator badge, which would call out.
    docs=Docs(settings={"validatorUrl": None}),
)


def _error(request, status: int, message) -> object:
    return api.create_response(request, {"detail": str(message)}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, 401, _("Vui lòng đăng nhập hoặc gửi khóa API hợp lệ (Authorization: Bearer …)."))


@api.exception_handler(CsrfFailed)
def _csrf_failed(request, exc):
    return _error(
        request,
        403,
        _("Thiếu hoặc sai mã CSRF: gửi tiêu đề X-CSRFToken khi ghi dữ liệu bằng phiên đăng nhập."),
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, str(exc) or _("Bạn không có quyền thực hiện thao tác này."))


@api.exception_handler(ObjectDoesNotExist)
def _missing(request, exc):
    return _error(request, 404, _("Không tìm thấy dữ liệu được yêu cầu."))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, str(exc) or _("Không tìm thấy dữ liệu được yêu cầu."))


@api.exception_handler(DjangoValidationError)
def _invalid(request, exc):
    return _error(request, 400, " ".join(str(m) for m in exc.messages))


@api.exception_handler(ValueError)
def _bad_value(request, exc):
    return _error(request, 400, str(exc))


@api.exception_handler(NinjaValidationError)
def _bad_request(request, exc):
    problems = []
    for error in exc.errors:
        where = ".".join(
            str(part) for part in error.get("loc", ()) if part not in ("query", "path", "form", "body")
        )
        problems.append(f"{where}: {error.get('msg', '')}" if where else str(error.get("msg", "")))
    return _error(request, 400, _("Tham số không hợp lệ: %(problems)s") % {"problems": "; ".join(problems)})


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return _error(request, exc.status_code, exc.message)


# --- serialisation: plain dicts the schemas validate --------------------------------------------


def _unit(unit) -> dict | None:
    return {"id": unit.pk, "name": unit.name} if unit is not None else None


def _plan_summary(plan: Plan) -> dict:
    return {
        "id": plan.pk,
        "number": plan.number,
        "issuer": plan.issuer,
        "issuer_unit": _unit(plan.issuer_unit),
        "issue_date": plan.issue_date,
        "title": plan.title,
        "plan_year": plan.plan_year,
        "parent_id": plan.parent_id,
        "task_count": getattr(plan, "task_count", None),
    }


def _task(task) -> dict:
    return {
        "id": task.pk,
        "stt": task.stt,
        "task": task.task,
        "products": task.products,
        "timeframe": task.timeframe,
        "schedule": task.schedule,
        "note": task.note,
        "uncertain": task.uncertain,
        "agencies": [
            {
                "role": a.role,
                "raw": a.raw,
                "unit": _unit(a.unit),
                "is_group": a.is_group,
                "confidence": a.confidence,
            }
            for a in task.agencies.all()
        ],
    }


def _plan_or_404(request, plan_id: int) -> Plan:
    try:
        return selectors.plan_detail(actor=request.user, pk=plan_id)
    except Plan.DoesNotExist:
        raise Http404(_("Không có kế hoạch mã số %(id)s.") % {"id": plan_id}) from None


def _import_or_404(request, item_id: int) -> ImportItem:
    try:
        item = selectors.import_item(actor=request.user, pk=item_id)
    except ImportItem.DoesNotExist:
        raise Http404(_("Không có văn bản nhập mã số %(id)s.") % {"id": item_id}) from None
    return item


def _import_out(item: ImportItem) -> dict:
    job = item.job
    return {
        "id": item.pk,
        "original_name": item.original_name,
        "status": item.status,
        "status_label": str(item.get_status_display()),
        "progress": 100 if not item.in_progress else (job.progress if job else 0),
        "message": job.message if job and item.in_progress else item.message,
        "done": not item.in_progress,
        "job_id": item.job_id,
        "plan_id": item.plan_id,
        "warnings": item.warnings,
        "parsed": item.parsed,
    }


# --- plans -------------------------------------------------------------------------------------


@api.get(
    "/plans",
    response={200: list[schemas.PlanSummary], **ERRORS},
    tags=["Kế hoạch"],
    summary="Danh sách kế hoạch",
)
@paginate(PageNumberPagination, page_size=50)
def list_plans(request, year: int | None = None, unit: int | None = None, q: str = ""):
    """Lọc theo năm kế hoạch (`year`), đơn vị ban hành (`unit`, mã số) và từ khóa (`q`)."""
    return selectors.plan_list(actor=request.user, year=year, unit_id=unit, query=q.strip()).order_by(
        "-issue_date", "-pk"
    )


@api.get(
    "/plans/{plan_id}",
    response={200: schemas.PlanDetail, **ERRORS},
    tags=["Kế hoạch"],
    summary="Chi tiết kế hoạch",
)
def get_plan(request, plan_id: int):
    """Thông tin chung, căn cứ, các mục, nhiệm vụ (cơ quan, thời gian), trách nhiệm và các phiên bản."""
    plan = _plan_or_404(request, plan_id)
    version = selectors.plan_version(actor=request.user, plan=plan)
    history = selectors.plan_history(actor=request.user, plan=plan)
    data = _plan_summary(plan)
    data["place"] = plan.place
    data["bases"] = [
        {
            "raw": c.raw,
            "role": c.role,
            "malformed": c.malformed,
            "legal_document_id": c.legal_document_id,
            "legal_document_number": c.legal_document.number if c.legal_document else None,
        }
        for c in (version.citations.all() if version else [])
    ]
    data["sections"] = [
        {"number": s.number, "title": s.title, "level": s.level, "heading": s.heading}
        for s in (version.sections.all() if version else [])
    ]
    data["tasks"] = [_task(t) for t in (version.tasks.all() if version else [])]
    data["responsibilities"] = [
        {"agency": r.agency, "duties": r.duties} for r in (version.responsibilities.all() if version else [])
    ]
    data["versions"] = [
        {
            "number": v.number,
            "note": v.note,
            "created_at": v.created_at,
            "created_by": v.created_by.get_username() if v.created_by else None,
            "current": v.pk == plan.current_version_id,
        }
        for v in history
    ]
    return data


@api.get(
    "/plans/{plan_id}/tasks",
    response={200: list[schemas.TaskOut], **ERRORS},
    tags=["Kế hoạch"],
    summary="Nhiệm vụ của kế hoạch",
)
def list_plan_tasks(request, plan_id: int):
    """Nhiệm vụ trong phiên bản hiện hành, kèm cơ quan chủ trì, phối hợp và thời gian đã chuẩn hóa."""
    plan = _plan_or_404(request, plan_id)
    version = selectors.plan_version(actor=request.user, plan=plan)
    return [_task(t) for t in (version.tasks.all() if version else [])]


# --- legal documents ---------------------------------------------------------------------------


@api.get(
    "/legal-documents",
    response={200: list[schemas.LegalDocumentOut], **ERRORS},
    tags=["Văn bản pháp lý"],
    summary="Danh sách văn bản được trích dẫn",
)
@paginate(PageNumberPagination, page_size=50)
def list_legal_documents(request, q: str = ""):
    return selectors.legal_document_list(actor=request.user, query=q.strip()).order_by("-date", "number")


@api.get(
    "/legal-documents/{document_id}",
    response={200: schemas.LegalDocumentDetail, **ERRORS},
    tags=["Văn bản pháp lý"],
    summary="Chi tiết văn bản và các kế hoạch trích dẫn",
)
def get_legal_document(request, document_id: int):
    try:
        document = selectors.legal_document_detail(actor=request.user, pk=document_id)
    except LegalDocument.DoesNotExist:
        raise Http404(_("Không có văn bản pháp lý mã số %(id)s.") % {"id": document_id}) from None
    return {
        "id": document.pk,
        "doc_type": document.doc_type,
        "number": document.number,
        "date": document.date,
        "issuer": document.issuer,
        "cited_by": [
            {"plan": _plan_summary(c["plan"]), "role": str(c["role"]), "raw": c["raw"]}
            for c in selectors.citing_plans(actor=request.user, document=document)
        ],
    }


# --- imports -----------------------------------------------------------------------------------


@api.post(
    "/imports",
    response={201: list[schemas.ImportOut], **ERRORS},
    tags=["Nhập kế hoạch"],
    summary="Tải lên tệp kế hoạch để phân tích",
)
def create_import(request, files: File[list[UploadedFile]] = None, unit: Form[int | None] = None):
    """Mỗi tệp thành một văn bản nhập với một tác vụ phân tích; theo dõi bằng GET /api/imports/{id}."""
    # Permission before anything else, so that a leader learns "not allowed", not "no file".
    require(request.user, services.IMPORT)
    unit_obj = None
    if unit is not None:
        unit_obj = Unit.objects.filter(pk=unit).first()
        if unit_obj is None:
            raise Http404(_("Không có cơ quan, đơn vị mã số %(id)s.") % {"id": unit})
    items = services.import_create(files=files or [], actor=request.user, unit=unit_obj)
    return Status(201, [_import_out(item) for item in items])


@api.get(
    "/imports/{item_id}",
    response={200: schemas.ImportOut, **ERRORS},
    tags=["Nhập kế hoạch"],
    summary="Trạng thái, tiến độ và kết quả phân tích",
)
def get_import(request, item_id: int):
    return _import_out(_import_or_404(request, item_id))


@api.post(
    "/imports/{item_id}/confirm",
    response={200: schemas.PlanSummary, **ERRORS},
    tags=["Nhập kế hoạch"],
    summary="Xác nhận văn bản đã rà soát thành kế hoạch",
)
def confirm_import(request, item_id: int):
    item = _import_or_404(request, item_id)
    plan = services.import_confirm(item=item, actor=request.user)
    return _plan_summary(plan)


# --- the organization registry -----------------------------------------------------------------


@api.get(
    "/orgs/resolve",
    response={200: schemas.ResolutionOut, **ERRORS},
    tags=["Cơ quan, đơn vị"],
    summary="Tra tên cơ quan trong danh mục",
)
def resolve_org(request, name: Query[str] = "", on: Query[date | None] = None, issuer: Query[str] = ""):
    """Đơn vị trong danh mục mà tên `name` chỉ tới vào ngày `on`, trong văn bản do `issuer` ban hành
    (mã số, mã hoặc tên cơ quan ban hành)."""
    from cchc.orgs.resolve import resolve

    require(request.user, "orgs.view")
    issuer_arg: int | str | None = issuer.strip() or None
    if issuer_arg and issuer_arg.isdigit():
        issuer_arg = int(issuer_arg)
    return resolve(name, on=on, issuer=issuer_arg).as_dict()


# --- routers of the other apps ---------------------------------------------------------------
# Mounted last so that their modules may import the schemas and helpers above.
def _mount_app_routers() -> None:
    from cchc.feedback.api import router as feedback_router
    from cchc.reports.api import router as reports_router
    from cchc.tracking.api import router as tracking_router

    api.add_router("/tracking/", tracking_router)
    api.add_router("/reports/", reports_router)
    api.add_router("/feedback/", feedback_router)


_mount_app_routers()
