"""With QA_AUTH set, every route refuses a visitor who has not logged in.

Gradio's own login guards the app's pages and queue, but not every route: `/openapi.json`,
`/gradio_api/cancel`, `/gradio_api/reset` answered anyone, and the login page itself embedded the
list of API endpoints. This ASGI middleware sits in front of all of them: a request without a
valid session gets 401, except what the login page needs to show and submit itself, and that page
is served without the API list.
"""

from __future__ import annotations

import json
import re
from http.cookies import SimpleCookie

# What a browser needs before it has logged in: the login page, its scripts and styles, the login call.
_OPEN_EXACT = {"/", "/login", "/login/", "/login_check", "/login_check/", "/favicon.ico", "/theme.css",
               "/manifest.json", "/robots.txt", "/config", "/config/",
               "/gradio_api/startup-events"}  # the server calls it on itself while starting
_OPEN_PREFIXES = ("/assets/", "/static/", "/svelte/", "/pwa_icon")
_API_INFO = re.compile(rb"<script>\s*window\.gradio_api_info\s*=.*?</script>", re.DOTALL)


def is_open(path: str) -> bool:
    return path in _OPEN_EXACT or path.startswith(_OPEN_PREFIXES)


def _logged_in(scope, app) -> bool:
    cookies = SimpleCookie()
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            try:
                cookies.load(value.decode("latin-1"))
            except Exception:  # noqa: BLE001 - a malformed cookie is no session
                return False
    cookie_id = getattr(app, "cookie_id", "")
    for key in (f"access-token-{cookie_id}", f"access-token-unsecure-{cookie_id}"):
        if key in cookies and cookies[key].value in getattr(app, "tokens", {}):
            return True
    return False


class AuthGate:
    """ASGI middleware: pass logged-in requests, and the login page's own; refuse the rest."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        gradio_app = scope.get("app")
        if scope["type"] not in ("http", "websocket") or gradio_app is None or getattr(gradio_app, "auth", None) is None:
            return await self.app(scope, receive, send)
        if _logged_in(scope, gradio_app):
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        if not is_open(path):
            return await _refuse(scope, send)
        if path == "/":
            return await self.app(scope, receive, _without_api_info(send))
        return await self.app(scope, receive, send)


async def _refuse(scope, send) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 4401})
        return
    body = json.dumps({"detail": {"error": "Not authenticated", "auth_message": "log in first"}}).encode()
    await send({"type": "http.response.start", "status": 401,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _without_api_info(send):
    """Buffer the login page and send it without `window.gradio_api_info`."""
    started: dict = {}
    chunks: list[bytes] = []

    async def wrapped(message) -> None:
        if message["type"] == "http.response.start":
            started.update(message)
            return
        if message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = _API_INFO.sub(b"", b"".join(chunks))
            headers = [(k, v) for k, v in started.get("headers", []) if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**started, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await send(message)

    return wrapped
