"""The PWA over real HTTP: what is served at ``/`` and the headers that make it safe and installable."""

from __future__ import annotations

import gzip
import json
import re
import struct

import httpx
import pytest

from tests.integration.conftest import PASSWORD, new_user
from tests.support.device import Device
from tests.support.server import ServerProcess

PWA_HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy")


def version_of(client: httpx.Client) -> str:
    match = re.search(r"/v/([0-9a-f]{12})/js/main\.js", client.get("/").text)
    assert match is not None
    return match.group(1)


def assert_strict_csp(policy: str) -> None:
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_index_is_revalidated_and_has_a_strict_policy(client: httpx.Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache"
    assert_strict_csp(response.headers["content-security-policy"])
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_index_has_no_inline_script_or_style(client: httpx.Client) -> None:
    html = client.get("/").text
    for tag in re.findall(r"<script\b[^>]*>(.*?)</script>", html, flags=re.S):
        assert tag.strip() == "", "inline script"
    assert re.search(r"<script\b(?![^>]*\bsrc=)[^>]*>", html) is None
    assert "<style" not in html
    assert re.search(r"\sstyle=", html) is None
    assert re.search(r"\son[a-z]+=", html) is None, "inline event handler"


def test_service_worker_is_never_cached_long_and_lists_the_versioned_shell(client: httpx.Client) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache"
    version = version_of(client)
    assert f'const VERSION = "{version}"' in response.text
    shell = json.loads(re.search(r"const SHELL = (\[.*?\]);", response.text).group(1))  # type: ignore[union-attr]
    assert "/" in shell
    assert f"/v/{version}/js/main.js" in shell
    assert f"/v/{version}/css/app.css" in shell
    assert f"/v/{version}/program.json" in shell
    for url in shell:
        assert client.get(url).status_code == 200, url


def test_versioned_assets_are_cached_for_a_year(client: httpx.Client) -> None:
    version = version_of(client)
    for path, kind in [
        ("js/main.js", "text/javascript"),
        ("css/app.css", "text/css"),
        ("program.json", "application/json"),
    ]:
        response = client.get(f"/v/{version}/{path}")
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith(kind)
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert_strict_csp(response.headers["content-security-policy"])
        assert response.headers["x-content-type-options"] == "nosniff"


def test_the_program_in_the_shell_is_the_api_program(client: httpx.Client) -> None:
    version = version_of(client)
    assert client.get(f"/v/{version}/program.json").json() == client.get("/api/v1/program").json()


def test_an_old_version_gets_the_current_file_but_must_revalidate(client: httpx.Client) -> None:
    response = client.get("/v/000000000000/js/main.js")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-cache"


def test_unknown_files_are_404(client: httpx.Client) -> None:
    version = version_of(client)
    assert client.get(f"/v/{version}/js/nope.js").status_code == 404
    assert client.get("/icons/nope.png").status_code == 404
    assert client.get(f"/v/{version}/../server/app.py").status_code == 404


def test_text_is_served_gzipped_and_revalidates_with_an_etag(server: ServerProcess) -> None:
    with httpx.Client(base_url=server.url, headers={"accept-encoding": "gzip"}) as client:
        version = version_of(client)
        raw = client.stream("GET", f"/v/{version}/js/progression.js")
        with raw as response:
            assert response.headers["content-encoding"] == "gzip"
            body = b"".join(response.iter_raw())
        assert b"export function" in gzip.decompress(body)
        etag = client.get("/sw.js").headers["etag"]
        again = client.get("/sw.js", headers={"if-none-match": etag})
        assert again.status_code == 304


def test_manifest_makes_the_app_installable(client: httpx.Client) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = response.json()
    for key in ("name", "short_name", "start_url", "scope", "theme_color", "background_color"):
        assert manifest[key], key
    assert manifest["display"] == "standalone"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        png = client.get(icon["src"])
        assert png.status_code == 200
        assert png.headers["content-type"] == "image/png"
        assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
        width, height = struct.unpack(">II", png.content[16:24])
        assert f"{width}x{height}" == icon["sizes"]


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/api/v1/health"), ("GET", "/api/v1/program"), ("GET", "/api/v1/sessions"), ("POST", "/api/v1/sync")],
)
def test_api_responses_carry_the_security_headers(client: httpx.Client, method: str, path: str) -> None:
    response = client.request(method, path)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/api/v1/nowhere", 404),
        ("GET", "/nowhere", 404),
        ("PUT", "/api/v1/sync", 405),
        ("DELETE", "/api/v1/sessions", 405),
    ],
)
def test_unmatched_routes_carry_the_same_security_headers(
    client: httpx.Client, method: str, path: str, status: int
) -> None:
    response = client.request(method, path)
    assert response.status_code == status
    assert "detail" in response.json()
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "content-security-policy" in response.headers


@pytest.mark.parametrize("path", ["/api/v1/sessions", "/api/v1/devices", "/api/v1/progression", "/api/v1/exercises"])
def test_private_api_answers_are_never_stored_by_a_cache(client: httpx.Client, path: str) -> None:
    device = Device.sign_in(client, new_user(client), PASSWORD, "phone")
    response = client.get(path, headers=device.headers)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    refused = client.get(path)
    assert refused.status_code == 401
    assert refused.headers["cache-control"] == "no-store"


def test_the_schema_is_only_the_openapi_document_under_the_strict_policy(client: httpx.Client) -> None:
    for path in ("/schema", "/schema/openapi.json"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("application/"), path
        assert response.json()["openapi"].startswith("3."), path
        assert response.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    sync = client.get("/schema/openapi.json").json()["paths"]["/api/v1/sync"]["post"]["requestBody"]
    op = sync["content"]["application/json"]["schema"]["properties"]["ops"]["items"]
    assert op["properties"]["entity"]["enum"] == ["exercise", "profile", "session", "set"]
    for viewer in ("/schema/swagger", "/schema/redoc", "/schema/elements", "/schema/rapidoc", "/schema/scalar"):
        assert client.get(viewer).status_code == 404, viewer


def test_the_openapi_document_shows_a_pulls_ops_and_the_session_pages_query(client: httpx.Client) -> None:
    document = client.get("/schema/openapi.json").json()
    reply = document["components"]["schemas"]["SyncResponse"]["properties"]["ops"]
    assert reply["type"] == "array"
    assert reply["items"]["required"] == ["hlc", "entity", "entity_id", "field", "value"]
    sessions = document["paths"]["/api/v1/sessions"]["get"]
    assert {(p["name"], p["in"]) for p in sessions["parameters"]} == {("limit", "query"), ("cursor", "query")}
    page = sessions["responses"]["200"]["content"]["application/json"]["schema"]
    assert page["properties"]["sessions"]["items"] == {"$ref": "#/components/schemas/SessionView"}
    assert "SessionView" in document["components"]["schemas"]
