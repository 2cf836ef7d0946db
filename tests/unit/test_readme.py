"""The README documents every API route, like sqlite-utils checks its CLI docs."""

from pathlib import Path

from litestar.routes import HTTPRoute

from server.routes.api import api_router

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_every_api_route_is_in_the_readme() -> None:
    for route in api_router.routes:
        assert isinstance(route, HTTPRoute)
        path = route.path.replace(":str}", "}")
        for method in route.methods - {"HEAD", "OPTIONS"}:
            assert f"`{method} {path}" in README, f"{method} {path} is not documented"
