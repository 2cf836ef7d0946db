"""The examples in docs/ are requests to the real app, and it answers them as the docs say.

A doc shows an exchange as two fenced ``http`` blocks: the request (method,
path, headers, a blank line, a JSON body) and then the response (``HTTP/1.1
<status>``, a blank line, a JSON body). Each doc runs top to bottom against a
fresh server, so a later example may use what an earlier one made: the token,
device id and user id the docs show are swapped for the ones the server gave.

A response body matches when every key the doc shows has the value it shows
(a doc may leave keys out), lists match item by item (a list whose last item
is ``"..."`` only has to start with the items shown), and values that differ
on every run (tokens, ids, times) only have to be there.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.server import ServerProcess

DOCS = Path(__file__).resolve().parents[2] / "docs"
VOLATILE = {"token", "device_id", "user_id", "server_time_ms", "created_at", "last_sync_at"}
LEARNED = {"token", "device_id", "user_id"}
_BLOCK = re.compile(r"^```http\n(.*?)^```", re.MULTILINE | re.DOTALL)


@dataclass
class Exchange:
    line: int
    method: str
    path: str
    headers: dict[str, str]
    body: str
    status: int = 0
    response: str = ""


def exchanges(doc: Path) -> list[Exchange]:
    """The request and response pairs of a doc, in order."""
    text = doc.read_text()
    found: list[Exchange] = []
    for match in _BLOCK.finditer(text):
        head, _, body = match.group(1).partition("\n\n")
        first, *header_lines = head.splitlines()
        line = text.count("\n", 0, match.start()) + 1
        if first.startswith("HTTP/1.1 "):
            assert found, f"{doc.name}:{line}: a response before any request"
            assert not found[-1].status, f"{doc.name}:{line}: two responses to one request"
            found[-1].status = int(first.split()[1])
            found[-1].response = body.strip()
        else:
            method, path = first.split()
            headers = dict(header.split(": ", 1) for header in header_lines)
            found.append(Exchange(line, method, path, headers, body.strip()))
    for exchange in found:
        assert exchange.status, f"{doc.name}:{exchange.line}: a request without its response"
    return found


def documented() -> list[Path]:
    return sorted(doc for doc in DOCS.glob("*.md") if "```http" in doc.read_text())


@dataclass
class Substitutions:
    """Values the doc shows for a token or id, and the ones this server gave."""

    values: dict[str, str] = field(default_factory=dict)

    def learn(self, shown: Any, actual: Any) -> None:
        if isinstance(shown, dict) and isinstance(actual, dict):
            for key, value in shown.items():
                if key in LEARNED and isinstance(value, str) and isinstance(actual.get(key), str):
                    self.values[value] = actual[key]
                else:
                    self.learn(value, actual.get(key))
        elif isinstance(shown, list) and isinstance(actual, list):
            for shown_item, actual_item in zip(shown, actual, strict=False):
                self.learn(shown_item, actual_item)

    def apply(self, text: str) -> str:
        for shown, actual in self.values.items():
            text = text.replace(shown, actual)
        return text


def mismatch(shown: Any, actual: Any, where: str = "body") -> str | None:
    """Where ``actual`` differs from what the doc shows, or None."""
    if isinstance(shown, dict):
        if not isinstance(actual, dict):
            return f"{where}: the doc shows an object, the server sent {actual!r}"
        for key, value in shown.items():
            if key not in actual:
                return f"{where}.{key}: missing from the server's answer"
            if key in VOLATILE and value is not None:
                continue
            found = mismatch(value, actual[key], f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(shown, list):
        if not isinstance(actual, list):
            return f"{where}: the doc shows a list, the server sent {actual!r}"
        prefix = bool(shown) and shown[-1] == "..."
        items = shown[:-1] if prefix else shown
        if (len(actual) < len(items)) if prefix else (len(actual) != len(items)):
            return f"{where}: the doc shows {len(items)} items, the server sent {len(actual)}"
        for index, item in enumerate(items):
            found = mismatch(item, actual[index], f"{where}[{index}]")
            if found:
                return found
        return None
    if shown != actual or type(shown) is not type(actual):
        return f"{where}: the doc shows {shown!r}, the server sent {actual!r}"
    return None


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[ServerProcess]:
    process = ServerProcess(tmp_path / "data").start()
    yield process
    process.stop()


def test_the_docs_show_examples() -> None:
    names = {doc.name for doc in documented()}
    assert {"sync-protocol.md", "program.md"} <= names


@pytest.mark.parametrize("doc", documented(), ids=lambda doc: doc.name)
def test_every_example_request_in_the_docs_gets_the_documented_answer(doc: Path, fresh_server: ServerProcess) -> None:
    learned = Substitutions()
    with httpx.Client(base_url=fresh_server.url, timeout=30) as client:
        for exchange in exchanges(doc):
            headers = {name: learned.apply(value) for name, value in exchange.headers.items()}
            body = learned.apply(exchange.body).encode() if exchange.body else None
            response = client.request(exchange.method, learned.apply(exchange.path), headers=headers, content=body)
            where = f"{doc.name}:{exchange.line} {exchange.method} {exchange.path}"
            assert response.status_code == exchange.status, f"{where}: {response.status_code} {response.text}"
            if exchange.response:
                shown = json.loads(learned.apply(exchange.response))
                actual = response.json()
                problem = mismatch(shown, actual)
                assert problem is None, f"{where}: {problem}"
                learned.learn(shown, actual)
