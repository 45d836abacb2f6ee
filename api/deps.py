"""FastAPI dependencies: the one `Application` and its read side, and access: the API key a write needs
(`IngestKey`, `EditorKey`: 401 without an active key, 403 with a weaker role, 415 for a non-JSON body),
and the key reads need when `Settings.read_requires_key` closes them. Async where they only look things
up in memory, so resolving them costs no threadpool hop; the key checks read the database (threadpool)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from api.schemas import ErrorOut
from timeline.application import Application
from timeline.domain.access import Author, Role
from timeline.query.service import QueryContext
from timeline.services.keys import Forbidden, Unauthenticated


async def get_application(request: Request) -> Application:
    return request.app.state.application  # type: ignore[no-any-return]


async def get_queries(request: Request) -> QueryContext:
    return request.app.state.application.queries  # type: ignore[no-any-return]


ApplicationDep = Annotated[Application, Depends(get_application)]
QueriesDep = Annotated[QueryContext, Depends(get_queries)]

# Declared in OpenAPI as the `ApiKey` HTTP bearer scheme on every operation that uses it (the writes).
_bearer = HTTPBearer(
    scheme_name="ApiKey",
    description="An API key from `timeline keys create --role ingest|editor|admin --name NAME`.",
    auto_error=False,  # a missing key is answered below, as JSON with WWW-Authenticate
)
_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


def _authorized(app: Application, token: str | None, needed: Role) -> Author:
    try:
        return app.authorize(token, needed)
    except Unauthenticated as exc:
        raise HTTPException(401, str(exc), headers=_CHALLENGE) from None
    except Forbidden as exc:
        raise HTTPException(403, str(exc)) from None


def _writer(needed: Role) -> Callable[..., Author]:
    def writer(
        request: Request,
        app: ApplicationDep,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
    ) -> Author:
        """Who is writing: an active key whose role allows `needed`. A write's body must be JSON: the
        content types a cross-site HTML form can send (form-urlencoded, multipart, text/plain) are a 415
        even with no body, so a forged form post never reaches a route."""
        author = _authorized(app, credentials.credentials if credentials else None, needed)
        content_type = request.headers.get("content-type")
        if content_type is not None and not _is_json(content_type):
            raise HTTPException(415, f"a write takes a JSON body (Content-Type: application/json), "
                                     f"not {content_type.split(';', 1)[0].strip()!r}")  # fmt: skip
        return author

    return writer


IngestKey = Annotated[Author, Depends(_writer(Role.INGEST))]
EditorKey = Annotated[Author, Depends(_writer(Role.EDITOR))]


async def read_access(request: Request, app: ApplicationDep) -> None:
    """Reads are open unless `Settings.read_requires_key`; then a GET needs an active key of any role
    (every route but the open ones, `api.routes.OPEN_ROUTERS`). Async because it runs on every request:
    an open read costs no threadpool hop; only a key check, which reads the database, takes one."""
    if not app.settings.read_requires_key or request.method not in ("GET", "HEAD"):
        return
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    await run_in_threadpool(
        _authorized, app, token.strip() if scheme.lower() == "bearer" else None, Role.INGEST
    )


WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "no API key, or an unknown or revoked one"},
    403: {"model": ErrorOut, "description": "the key's role may not do this"},
    415: {"model": ErrorOut, "description": "the body is not JSON (e.g. a form post)"},
}
