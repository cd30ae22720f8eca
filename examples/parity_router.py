"""Reference implementation of the parity/1 contract for FastAPI.

Mount it and paritybook can compare this service's staging and production:

    from parity_router import parity_router
    app.include_router(parity_router(
        service="checkout-api",
        environment=os.environ["APP_ENV"],
        version={"source": "https://git.example.com/payments/checkout-api",
                 "version": "1.8.0", "commit": os.environ.get("GIT_SHA", ""),
                 "build": os.environ.get("CI_BUILD_URL", "")},
        packages=["fastapi", "pydantic", "sqlalchemy"],
        migrations=lambda: {"tool": "alembic", "code_heads": code_heads(), "db_heads": db_heads()},
        flags=lambda: {"new_checkout": settings.new_checkout},
        secret_names=["DATABASE_URL", "STRIPE_API_KEY"],
        limits={"max_upload_bytes": 10 * 1024 * 1024},
        checks={"database": check_database},
        token_env="PARITY_TOKEN",
    ))

It exposes:
  GET  /__parity         the JSON document (Cache-Control: no-store); with token_env set,
                         it requires "Authorization: Bearer <token>".
  POST /__parity/upload  the upload-limit probe: answers 413 to a Content-Length over the
                         limit before reading anything, and otherwise lets the server send
                         "100 Continue"; the probe then hangs up without sending a body.

Only names and versions leave the service: secret values are never read into the document,
only whether each named environment variable is set. Works with pydantic 1 and 2 (it uses no
pydantic models) and with any FastAPI since 0.65.
"""
from __future__ import annotations

import datetime as _dt
import hmac
import os
import platform
from importlib import metadata
from typing import Any, Callable, Dict, Iterable, Mapping, Optional, Union

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.requests import ClientDisconnect

Check = Callable[[], str]
Value = Union[Callable[[], Any], Any]

__all__ = ["parity_router", "upload_probe", "SCHEMA"]

SCHEMA = "parity/1"


def _resolve(value: Value) -> Any:
    return value() if callable(value) else value


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _run_check(check: Union[Check, str]) -> str:
    if not callable(check):
        return str(check)
    try:
        return str(check())
    except Exception as error:  # a failing check is a result, not a crash
        return "error: %s" % type(error).__name__


def upload_probe(limit: Optional[int]) -> Callable[[Request], Any]:
    """An upload endpoint that answers the headers-only probe; mount it on your real upload route
    too (app.add_api_route("/v1/uploads", upload_probe(limit), methods=["POST"])) so the probe
    measures the limit your users meet."""

    async def endpoint(request: Request) -> Response:
        length = request.headers.get("content-length")
        if length is None or not length.isdigit():
            return Response(status_code=411)
        if limit is not None and int(length) > limit:
            # Decided from the header alone: the body is never read.
            return Response(status_code=413)
        received = 0
        try:
            # The first read makes the server send "100 Continue"; the probe hangs up then.
            async for chunk in request.stream():
                received += len(chunk)
                if limit is not None and received > limit:
                    return Response(status_code=413)
        except ClientDisconnect:
            return Response(status_code=400)
        return Response(status_code=204)

    return endpoint


def parity_router(
    *,
    service: str,
    environment: str,
    version: Optional[Mapping[str, str]] = None,
    packages: Iterable[str] = (),
    migrations: Value = None,
    flags: Value = None,
    secret_names: Iterable[str] = (),
    limits: Optional[Mapping[str, int]] = None,
    checks: Optional[Mapping[str, Union[Check, str]]] = None,
    token_env: Optional[str] = None,
    prefix: str = "/__parity",
) -> APIRouter:
    """Builds the router. Callables are evaluated on every request, so values stay live."""
    router = APIRouter()
    package_names = list(packages)
    secrets = list(secret_names)
    upload_limit = int((limits or {}).get("max_upload_bytes", 0)) or None

    def authorised(request: Request) -> bool:
        if not token_env:
            return True
        expected = os.environ.get(token_env, "")
        given = request.headers.get("authorization", "")
        return bool(expected) and hmac.compare_digest(given.encode(), ("Bearer " + expected).encode())

    @router.get(prefix, include_in_schema=False)
    def parity_document(request: Request) -> Response:
        headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
        if not authorised(request):
            return JSONResponse({"error": "unauthorised"}, status_code=401, headers=headers)
        document: Dict[str, Any] = {
            "schema": SCHEMA,
            "service": service,
            "environment": environment,
            "generated_at": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "version": dict(version or {}),
            "runtime": {
                "python": platform.python_version(),
                "implementation": platform.python_implementation(),
            },
            "packages": {name: _package_version(name) for name in package_names},
            "config": {
                "flags": dict(_resolve(flags) or {}),
                "secrets_present": {name: bool(os.environ.get(name)) for name in secrets},
            },
            "limits": dict(limits or {}),
            "checks": {name: _run_check(check) for name, check in (checks or {}).items()},
        }
        heads = _resolve(migrations)
        if heads:
            code_heads = sorted(heads.get("code_heads", []))
            db_heads = sorted(heads.get("db_heads", []))
            document["migrations"] = {
                "tool": heads.get("tool", ""),
                "code_heads": code_heads,
                "db_heads": db_heads,
                "in_sync": code_heads == db_heads,
            }
        return JSONResponse(document, headers=headers)

    router.add_api_route(prefix + "/upload", upload_probe(upload_limit), methods=["POST"], include_in_schema=False)

    return router
