"""Demo checkout-api: one app, two environments (PARITY_ENV=staging|production) that drift.

Each environment's settings live in envs/<env>.json; its vendored package checkout-rules
(a real installed distribution, read by importlib.metadata) lives in vendor/<env>/.
Run:  PARITY_ENV=staging PYTHONPATH=examples:examples/demo/vendor/staging \
      /usr/bin/python3 -m uvicorn --app-dir examples/demo app:app --port 18001
"""
import json
import os
import pathlib
import time

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, PlainTextResponse

from parity_router import parity_router

HERE = pathlib.Path(__file__).parent
ENV = os.environ.get("PARITY_ENV", "staging")
# PARITY_SETTINGS points at another settings file (tests use it to build drifted or hostile variants).
SETTINGS = json.loads(pathlib.Path(os.environ.get("PARITY_SETTINGS") or HERE / "envs" / (ENV + ".json")).read_text())

app = FastAPI(title="checkout-api demo (%s)" % ENV, docs_url=None, redoc_url=None, openapi_url=None)

COUNTS = {}
DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0]
DURATIONS = {"count": 0, "sum": 0.0, "buckets": [0] * len(DURATION_BUCKETS)}


class HeadersAndMetrics:
    """Plain ASGI middleware. (Starlette's BaseHTTPMiddleware reads the request stream to watch
    for disconnects, which makes the server send "100 Continue" before the route decides.)"""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 500}

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control" or scope["path"] != "/"]
                for name, value in SETTINGS["headers"].items():
                    headers.append((name.lower().encode(), value.encode()))
                if scope["path"] == "/":
                    headers.append((b"cache-control", SETTINGS["cache_control"].encode()))
                message = dict(message, headers=headers)
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            elapsed = time.perf_counter() - started
            key = str(status["code"])
            COUNTS[key] = COUNTS.get(key, 0) + 1
            DURATIONS["count"] += 1
            DURATIONS["sum"] += elapsed
            for index, bound in enumerate(DURATION_BUCKETS):
                if elapsed <= bound:
                    DURATIONS["buckets"][index] += 1


app.add_middleware(HeadersAndMetrics)


@app.get("/", response_class=HTMLResponse)
def home():
    return "<!doctype html><title>checkout-api %s</title><p>checkout-api demo, %s</p>" % (ENV, ENV)


@app.get("/healthz")
def healthz():
    return {"status": "ok"}


@app.get("/metrics", response_class=PlainTextResponse)
def metrics():
    lines = ["# TYPE http_requests_total counter"]
    for status, count in sorted(COUNTS.items()):
        lines.append('http_requests_total{status="%s"} %d' % (status, count))
    lines.append("# TYPE http_request_duration_seconds histogram")
    for bound, count in zip(DURATION_BUCKETS, DURATIONS["buckets"]):
        lines.append('http_request_duration_seconds_bucket{le="%s"} %d' % (bound, count))
    lines.append('http_request_duration_seconds_bucket{le="+Inf"} %d' % DURATIONS["count"])
    lines.append("http_request_duration_seconds_sum %f" % DURATIONS["sum"])
    lines.append("http_request_duration_seconds_count %d" % DURATIONS["count"])
    return "\n".join(lines) + "\n"


app.include_router(
    parity_router(
        service="checkout-api",
        environment=ENV,
        version=SETTINGS["version"],
        packages=["fastapi", "pydantic", "starlette", "checkout-rules"],
        migrations=lambda: SETTINGS["migrations"],
        flags=lambda: SETTINGS["flags"],
        secret_names=["DATABASE_URL"],
        limits={"max_upload_bytes": SETTINGS["max_upload_bytes"]},
        checks={"database": lambda: "ok"},
    )
)
