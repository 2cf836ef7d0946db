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


def test_the_program_doc_names_every_exercise_cue_and_stage_of_the_program() -> None:
    from server.progression import load_program

    doc = (Path(__file__).resolve().parents[2] / "docs" / "program.md").read_text()
    program = load_program()
    ids = [item.id for item in (*program.exercises, *program.cues, *program.stages)]
    missing = [identifier for identifier in ids if f"`{identifier}`" not in doc]
    assert missing == [], f"docs/program.md does not name {missing}"


def test_the_readme_points_into_the_repository_not_beside_it() -> None:
    assert "../shared" not in README
    for doc in ["docs/sync-protocol.md", "docs/program.md", "docs/deploy.md"]:
        assert f"({doc})" in README
