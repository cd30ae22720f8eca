"""Demo service: one app, any service of the demo knowledge base, two environments that drift.

PARITY_SERVICE (default checkout-api) and PARITY_ENV (staging|production) pick the settings in
envs/<service>/<env>.json; checkout-api's vendored package checkout-rules (a real installed
distribution, read by importlib.metadata) lives in vendor/<env>/.
Run:  PARITY_ENV=staging PYTHONPATH=examples:examples/demo/vendor/staging \
      /usr/bin/python3 -m uvicorn --app-dir examples/demo app:app --port 18001
"""
import json
import os
import pathlib
import time

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, PlainTextResponse

from parity_router import parity_router, upload_probe

HERE = pathlib.Path(__file__).parent
SERVICE = os.environ.get("PARITY_SERVICE", "checkout-api")
ENV = os.environ.get("PARITY_ENV", "staging")
# PARITY_SETTINGS points at another settings file (tests use it to build drifted or hostile variants).
SETTINGS = json.loads(pathlib.Path(os.environ.get("PARITY_SETTINGS") or HERE / "envs" / SERVICE / (ENV + ".json")).read_text())

app = FastAPI(title="%s demo (%s)" % (SERVICE, ENV), docs_url=None, redoc_url=None, openapi_url=None)

COUNTS = {}
DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0]
DURATIONS = {"count": 0, "sum": 0.0, "buckets": [0] * len(DURATION_BUCKETS)}


def cache_control_for(path):
    """Cache-Control by path prefix (settings "cache_control": a string for "/", or {prefix: value})."""
    rules = SETTINGS.get("cache_control", {})
    if isinstance(rules, str):
        rules = {"/": rules}
    if path in rules:
        return rules[path]
    matches = [prefix for prefix in rules if prefix.endswith("/") and prefix != "/" and path.startswith(prefix)]
    return rules[max(matches, key=len)] if matches else None


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
                cache_control = cache_control_for(scope["path"])
                headers = [(k, v) for k, v in message.get("headers", []) if not (cache_control and k.lower() == b"cache-control")]
                for name, value in SETTINGS["headers"].items():
                    headers.append((name.lower().encode(), value.encode()))
                if cache_control:
                    headers.append((b"cache-control", cache_control.encode()))
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
    return "<!doctype html><title>%s %s</title><p>%s demo, %s</p>" % (SERVICE, ENV, SERVICE, ENV)


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
        service=SERVICE,
        environment=ENV,
        version=SETTINGS["version"],
        packages=SETTINGS.get("packages", ["fastapi", "pydantic", "starlette"]),
        migrations=lambda: SETTINGS["migrations"],
        flags=lambda: SETTINGS["flags"],
        secret_names=["DATABASE_URL"],
        limits={"max_upload_bytes": SETTINGS["max_upload_bytes"]},
        checks={"database": lambda: "ok"},
    )
)

if SETTINGS.get("upload_route"):
    app.add_api_route(SETTINGS["upload_route"], upload_probe(SETTINGS["max_upload_bytes"]), methods=["POST"])


@app.get("/{path:path}", response_class=PlainTextResponse)
def static_stub(path: str):
    """Any other route the service file compares (static files, API routes): a small fixed body."""
    return "%s %s /%s\n" % (SERVICE, ENV, path)
