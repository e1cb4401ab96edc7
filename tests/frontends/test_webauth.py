"""With QA_AUTH, every route of the app refuses a visitor who has not logged in."""

from __future__ import annotations

import re

import pytest

from helpers import free_port

pytestmark = pytest.mark.slow


def _paths(routes, prefix: str = "") -> list[tuple[str, set[str]]]:
    """Every (path, methods) of the app, mounted sub-apps included."""
    found = []
    for route in routes:
        if hasattr(route, "original_router"):  # an included router: the Gradio API under /gradio_api
            found += _paths(route.original_router.routes, prefix + route.include_context.prefix)
        elif hasattr(route, "routes"):  # a Mount
            found += _paths(route.routes, prefix + getattr(route, "path", ""))
        else:
            found.append((prefix + getattr(route, "path", ""), set(getattr(route, "methods", None) or {"GET"})))
    return found


def test_every_route_refuses_an_unauthenticated_request(seed_store):
    import httpx

    from qa.settings import Settings
    from qa.frontends.web import build_app, launch
    from qa.frontends.webauth import is_open

    settings = Settings.from_env().with_(store_dir=seed_store)
    app = build_app(settings)
    port = free_port()
    launch(app, "127.0.0.1", port, settings, auth=("reader", "s3cret"))
    try:
        paths = _paths(app.app.routes)
        assert len(paths) > 20 and any("/gradio_api/cancel" in p for p, _ in paths)
        checked = 0
        for path, methods in paths:
            concrete = re.sub(r"\{[^}]+\}", "x", path)  # every parameter filled in
            if is_open(concrete):
                continue
            method = "POST" if "POST" in methods else "GET"
            response = httpx.request(method, f"http://127.0.0.1:{port}{concrete}", json={}, timeout=30)
            assert response.status_code in (401, 403), (method, concrete, response.status_code, response.text[:200])
            checked += 1
        assert checked > 15
        login_page = httpx.get(f"http://127.0.0.1:{port}/", timeout=30).text
        assert "gradio_api_info" not in login_page and "named_endpoints" not in login_page
        from gradio_client import Client  # a logged-in client still gets answers

        data = Client(f"http://127.0.0.1:{port}/", auth=("reader", "s3cret"), verbose=False).predict(
            "How much was the JF-17 deal worth?", api_name="/ask")
        assert data["short_answer"] == "$1.6 billion"
    finally:
        app.close()
        app.pool.close()
