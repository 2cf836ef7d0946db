"""The deployment files agree with the lock, the command line and each other (no container engine runs here).

Each file is parsed, not grepped: the systemd units as INI sections, the Caddyfiles as nested
blocks, compose.yaml as YAML, and every ``hinge`` command found in them (and in docs/deploy.md) is
parsed by the real ``hinge`` argument parser.
"""

from __future__ import annotations

import argparse
import ipaddress
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from server.cli import build_parser
from server.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
CONTAINERFILE = (DEPLOY / "Containerfile").read_text()
DOCS = (ROOT / "docs" / "deploy.md").read_text()
SCHEMA = (ROOT / "server" / "store" / "migrations" / "postgresql" / "0001_schema.sql").read_text()
HEALTH = "/api/v1/health"


# --- the hinge command line -------------------------------------------------------------------


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser({})
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def hinge_commands(words: list[str]) -> list[list[str]]:
    """Every ``hinge SUBCOMMAND ...`` in a command line, as the words after the program.

    The program is ``hinge`` or a path ending in ``/hinge``; a ``sh -c 'SCRIPT'`` is looked into.
    """
    names = subcommands()
    found = []
    for i, word in enumerate(words[:-1]):
        if word.endswith("sh") and words[i + 1] == "-c" and i + 2 < len(words):
            found += hinge_commands(shlex.split(words[i + 2]))
        elif (word == "hinge" or word.endswith("/hinge")) and words[i + 1] in names:
            found.append(words[i + 1 :])
    return found


def parse(arguments: list[str]) -> argparse.Namespace:
    """``arguments`` (SUBCOMMAND and its options) parsed by ``hinge``, every option spelled in full.

    argparse accepts an unambiguous prefix of an option; a deployment file must not rely on that.
    """
    known = {option for action in subcommands()[arguments[0]]._actions for option in action.option_strings}
    for word in arguments[1:]:
        option = word.split("=", 1)[0]
        if option.startswith("--"):
            assert option in known, f"hinge {arguments[0]} has no option {option} (it has {sorted(known)})"
    try:
        return build_parser({}).parse_args(arguments)
    except SystemExit:
        pytest.fail(f"hinge refuses: hinge {shlex.join(arguments)}")


# --- systemd units ----------------------------------------------------------------------------


def unit(name: str) -> dict[str, dict[str, list[str]]]:
    """A unit file's sections, each key with every value it is given (a key may repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    text = re.sub(r"\\\n", " ", (DEPLOY / name).read_text())
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def expand(command: str, instance: str = "8001") -> list[str]:
    """A unit's command line as systemd runs it: specifiers and ``$$`` expanded, then split."""
    command = command.lstrip("-@:+!")
    command = command.replace("%i", instance).replace("%%", "%").replace("$$", "$")
    return shlex.split(command)


def unit_hinge_commands(name: str, instance: str = "8001") -> list[list[str]]:
    service = unit(name)["Service"]
    commands = [
        expand(value, instance) for key in ["ExecStartPre", "ExecStart"] for value in service.get(key, []) if value
    ]
    return [found for command in commands for found in hinge_commands(command)]


def single(section: dict[str, list[str]], key: str) -> str:
    values = section.get(key, [])
    assert len(values) == 1, f"{key} is set {len(values)} times"
    return values[0]


TEMPLATE = "hinge@.service"


def serve_args(instance: str = "8001") -> argparse.Namespace:
    (serve,) = [command for command in unit_hinge_commands(TEMPLATE, instance) if command[0] == "serve"]
    return parse(serve)


def test_the_old_single_unit_is_replaced_by_the_template() -> None:
    assert not (DEPLOY / "hinge.service").exists()
    assert (DEPLOY / TEMPLATE).exists()


def test_the_unit_is_a_template_whose_instance_is_the_port() -> None:
    (start,) = unit(TEMPLATE)["Service"]["ExecStart"]
    words = shlex.split(start)
    assert words[words.index("--port") + 1] == "%i"
    for instance in ["8000", "8001", "8002"]:
        assert serve_args(instance).port == int(instance)


def test_every_hinge_command_in_the_units_uses_options_its_subcommand_has() -> None:
    for name in [TEMPLATE, "hinge-backup.service"]:
        commands = unit_hinge_commands(name)
        assert commands, f"{name} runs no hinge command"
        for command in commands:
            parse(command)


def test_the_unit_migrates_then_serves_the_same_data() -> None:
    commands = {command[0]: parse(command) for command in unit_hinge_commands(TEMPLATE)}
    assert set(commands) == {"migrate", "serve"}
    service = unit(TEMPLATE)["Service"]
    assert "migrate" in service["ExecStartPre"][0]
    assert commands["migrate"].data_dir == commands["serve"].data_dir
    # The PostgreSQL URL comes from the env file, never the command line, where ps would show it.
    assert commands["migrate"].database_url == commands["serve"].database_url == ""


def test_the_unit_listens_on_loopback_and_trusts_only_the_proxy_there() -> None:
    args = serve_args()
    assert args.host == "127.0.0.1"
    assert args.forwarded_allow_ips == "127.0.0.1"


def test_the_unit_runs_as_hinge_from_a_venv_outside_root_and_home() -> None:
    service = unit(TEMPLATE)["Service"]
    assert single(service, "User") == "hinge"
    assert single(service, "Group") == "hinge"
    programs = [expand(value)[0] for key in ["ExecStartPre", "ExecStart"] for value in service[key]]
    for program in [*programs, single(service, "WorkingDirectory")]:
        assert program.startswith("/opt/hinge"), program
        assert not program.startswith(("/root", "/home")), program
    assert all(program == "/opt/hinge/.venv/bin/hinge" for program in programs)


def test_the_unit_can_write_only_its_data_dir() -> None:
    service = unit(TEMPLATE)["Service"]
    data_dir = str(serve_args().data_dir)
    writable = [path.lstrip("-") for value in service["ReadWritePaths"] for path in value.split()]
    assert data_dir in writable
    assert data_dir == "/var/lib/" + single(service, "StateDirectory")
    assert single(service, "ProtectSystem") == "strict"
    for key in ["ProtectHome", "PrivateTmp", "NoNewPrivileges", "PrivateDevices"]:
        assert single(service, key) in {"yes", "true"}, key
    assert single(service, "CapabilityBoundingSet") == ""


def test_the_unit_raises_the_open_file_limit() -> None:
    limit = single(unit(TEMPLATE)["Service"], "LimitNOFILE")
    soft = limit.split(":")[0]
    assert soft == "infinity" or int(soft) >= 65536


def test_the_unit_restarts_on_failure_and_reads_the_postgres_url_from_the_env_file() -> None:
    service = unit(TEMPLATE)["Service"]
    assert single(service, "Restart") == "on-failure"
    assert single(service, "EnvironmentFile").lstrip("-") == "/etc/hinge/hinge.env"
    assert "HINGE_DATABASE_URL" in (DEPLOY / TEMPLATE).read_text()
    assert single(unit(TEMPLATE)["Install"], "WantedBy") == "multi-user.target"


def test_the_backup_timer_backs_up_the_units_data_dir_nightly_as_hinge() -> None:
    timer = unit("hinge-backup.timer")
    assert single(timer["Timer"], "OnCalendar")
    assert single(timer["Timer"], "Persistent") == "true"
    service = unit("hinge-backup.service")["Service"]
    assert single(service, "User") == "hinge"
    (command,) = unit_hinge_commands("hinge-backup.service")
    backup = parse(command)
    assert backup.command == "backup"
    assert backup.data_dir == serve_args().data_dir
    writable = [path for value in service["ReadWritePaths"] for path in value.split()]
    assert str(backup.data_dir) in writable, "reading a WAL database writes its -shm file"
    assert str(backup.path.parent) in writable


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    # verify checks that each program exists: stand in an existing one for the /opt/hinge install.
    stand_in = shutil.which("true")
    assert stand_in is not None
    for name in [TEMPLATE, "hinge-backup.service", "hinge-backup.timer"]:
        text = (DEPLOY / name).read_text().replace("/opt/hinge/.venv/bin/hinge", stand_in)
        (tmp_path / name).write_text(text)
    checked = [str(tmp_path / "hinge@8001.service"), str(tmp_path / "hinge-backup.service")]
    checked.append(str(tmp_path / "hinge-backup.timer"))
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *checked], capture_output=True, text=True, timeout=60, check=False
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


# --- Caddy ------------------------------------------------------------------------------------


@dataclass
class Block:
    """One Caddyfile directive (or site address): its words and its nested block."""

    words: list[str]
    children: list[Block] = field(default_factory=list)

    def find(self, name: str) -> list[Block]:
        return [child for child in self.children if child.words and child.words[0] == name]

    def one(self, name: str) -> Block:
        (found,) = self.find(name)
        return found


def caddyfile(name: str) -> Block:
    top = Block([])
    stack = [top]
    for line in (DEPLOY / name).read_text().splitlines():
        words = shlex.split(line, comments=True)
        if not words:
            continue
        if words == ["}"]:
            stack.pop()
            continue
        opens = words[-1] == "{"
        block = Block(words[:-1] if opens else words)
        stack[-1].children.append(block)
        if opens:
            stack.append(block)
    assert stack == [top], f"{name}: unbalanced braces"
    return top


def site(name: str) -> Block:
    (block,) = caddyfile(name).children
    return block


def size_in_bytes(text: str) -> int:
    """A Caddy size: SI units (MB = 10^6) or binary ones (MiB = 2^20)."""
    match = re.fullmatch(r"(\d+)\s*([KMG])(i?)B", text)
    assert match is not None, f"not a size: {text!r}"
    number, prefix, binary = match.groups()
    base = 1024 if binary else 1000
    return int(number) * base ** ("KMG".index(prefix) + 1)


def docs_instance_ports() -> set[int]:
    """The PostgreSQL instances docs/deploy.md starts: ``systemctl enable --now hinge@A hinge@B``."""
    lines = [line for line in DOCS.splitlines() if line.startswith("systemctl enable --now hinge@")]
    ports = [{int(port) for port in re.findall(r"hinge@(\d+)", line)} for line in lines]
    return max(ports, key=len)


def test_the_caddyfile_serves_one_https_site_named_by_a_placeholder_to_replace() -> None:
    block = site("Caddyfile")
    assert block.words == ["hinge.example.org"], "a bare host name: Caddy serves it over HTTPS"
    assert re.search(r"^#.*[Rr]eplace hinge\.example\.org", (DEPLOY / "Caddyfile").read_text(), re.M)


@pytest.mark.parametrize("name", ["Caddyfile", "Caddyfile.compose"])
def test_caddy_health_checks_the_instances_and_balances_them(name: str) -> None:
    proxy = site(name).one("reverse_proxy")
    assert len(proxy.words) == 3, "two upstreams"
    assert proxy.one("health_uri").words[1] == HEALTH
    assert proxy.one("health_interval").words[1]
    assert proxy.one("fail_duration").words[1], "passive checks too"
    assert proxy.one("lb_policy").words[1]


def test_caddy_on_the_host_proxies_to_the_instances_the_docs_start() -> None:
    upstreams = site("Caddyfile").one("reverse_proxy").words[1:]
    assert {urlsplit(f"//{upstream}").hostname for upstream in upstreams} == {"127.0.0.1"}
    assert {urlsplit(f"//{upstream}").port for upstream in upstreams} == docs_instance_ports() == {8001, 8002}
    assert {serve_args(str(port)).host for port in docs_instance_ports()} == {"127.0.0.1"}


def test_the_docs_say_how_a_single_sqlite_instance_uses_hinge_at_8000() -> None:
    assert "systemctl enable --now hinge@8000" in DOCS
    assert "reverse_proxy 127.0.0.1:8000" in DOCS
    assert serve_args("8000").port == 8000


@pytest.mark.parametrize("name", ["Caddyfile", "Caddyfile.compose"])
def test_caddy_compresses_and_caps_bodies_just_above_the_apis_own_limit(name: str) -> None:
    block = site(name)
    assert {"gzip", "zstd"} <= set(block.one("encode").words[1:])
    limit = size_in_bytes(block.one("request_body").one("max_size").words[1])
    assert Settings().max_body_bytes < limit <= 2 * Settings().max_body_bytes


@pytest.mark.skipif(shutil.which("caddy") is None, reason="caddy is not installed")
@pytest.mark.parametrize("name", ["Caddyfile", "Caddyfile.compose"])
def test_caddy_accepts_the_caddyfile(name: str) -> None:
    result = subprocess.run(
        ["caddy", "adapt", "--config", str(DEPLOY / name), "--adapter", "caddyfile"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"HINGE_SITE": "hinge.example.org", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "not formatted" not in result.stderr


# --- compose ----------------------------------------------------------------------------------

COMPOSE = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
APIS = ["api1", "api2"]


def interpolated(value: str) -> str:
    """A compose value with each ``${NAME...}`` replaced by ``<NAME>``."""
    return re.sub(r"\$\{(\w+)[^}]*\}", r"<\1>", value)


def caddy_address() -> str:
    return str(SERVICES["caddy"]["networks"]["edge"]["ipv4_address"])


def test_compose_runs_postgres_two_api_instances_and_caddy() -> None:
    assert set(SERVICES) == {"db", *APIS, "caddy"}
    assert SERVICES["db"]["image"].split(":") == ["postgres", "15"]
    assert SERVICES["caddy"]["image"].split(":")[0] == "caddy"
    assert "pg_isready" in SERVICES["db"]["healthcheck"]["test"]
    volume, target = SERVICES["db"]["volumes"][0].split(":")
    assert (volume in COMPOSE["volumes"], target) == (True, "/var/lib/postgresql/data")


@pytest.mark.parametrize("api", APIS)
def test_the_api_instances_are_built_from_the_containerfile(api: str) -> None:
    build = SERVICES[api]["build"]
    assert (DEPLOY / build["context"]).resolve() == ROOT
    assert (DEPLOY / build["context"] / build["dockerfile"]).resolve() == DEPLOY / "Containerfile"


@pytest.mark.parametrize("api", APIS)
def test_the_api_commands_use_options_hinge_serve_has(api: str) -> None:
    command = SERVICES[api]["command"]
    assert command[:2] == ["hinge", "serve"]
    args = parse(command[1:])
    assert (args.host, args.port) == ("0.0.0.0", 8000)


@pytest.mark.parametrize("api", APIS)
def test_the_api_instances_find_the_database_at_the_db_service(api: str) -> None:
    url = urlsplit(interpolated(SERVICES[api]["environment"]["HINGE_DATABASE_URL"]))
    db = SERVICES["db"]["environment"]
    assert (url.scheme, url.hostname, url.port) == ("postgresql", "db", 5432)
    assert url.username == db["POSTGRES_USER"]
    assert url.path == "/" + db["POSTGRES_DB"]
    assert url.password == interpolated(db["POSTGRES_PASSWORD"]) == "<POSTGRES_PASSWORD>"
    assert SERVICES[api]["depends_on"]["db"]["condition"] == "service_healthy"


@pytest.mark.parametrize("api", APIS)
def test_the_api_instances_are_health_checked_on_the_health_endpoint(api: str) -> None:
    test = " ".join(SERVICES[api]["healthcheck"]["test"])
    port = parse(SERVICES[api]["command"][1:]).port
    assert f"http://127.0.0.1:{port}{HEALTH}" in test
    assert f"127.0.0.1:8000{HEALTH}" in dict(instructions(CONTAINERFILE))["HEALTHCHECK"]


def test_caddy_in_compose_balances_the_api_services_on_their_port() -> None:
    upstreams = site("Caddyfile.compose").one("reverse_proxy").words[1:]
    expected = {f"{api}:{parse(SERVICES[api]['command'][1:]).port}" for api in APIS}
    assert set(upstreams) == expected


@pytest.mark.parametrize("api", APIS)
def test_the_api_instances_trust_only_caddys_fixed_address_and_publish_no_ports(api: str) -> None:
    assert "ports" not in SERVICES[api], "only Caddy may reach an instance"
    assert parse(SERVICES[api]["command"][1:]).forwarded_allow_ips == caddy_address()
    (config,) = COMPOSE["networks"]["edge"]["ipam"]["config"]
    address = ipaddress.ip_address(caddy_address())
    assert address in ipaddress.ip_network(config["subnet"])
    assert address not in ipaddress.ip_network(config["ip_range"]), "no other container may be given it"
    assert "edge" in SERVICES[api]["networks"]


def test_caddy_publishes_https_and_reads_the_compose_caddyfile() -> None:
    caddy = SERVICES["caddy"]
    published = {str(port).split(":")[0] for port in caddy["ports"]}
    assert {"80", "443"} <= published
    mounts = dict(volume.split(":")[:2] for volume in caddy["volumes"])
    assert mounts["./Caddyfile.compose"] == "/etc/caddy/Caddyfile"
    assert (DEPLOY / "Caddyfile.compose").exists()
    assert "{$HINGE_SITE}" in (DEPLOY / "Caddyfile.compose").read_text()
    assert "HINGE_SITE" in caddy["environment"]


def test_the_database_is_reachable_only_from_the_api_instances() -> None:
    assert SERVICES["db"]["networks"] == ["backend"]
    assert COMPOSE["networks"]["backend"]["internal"] is True
    assert "backend" not in SERVICES["caddy"]["networks"]
    assert "ports" not in SERVICES["db"]


# --- the container file -----------------------------------------------------------------------


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Containerfile, continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n\s*", " ", "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")))
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in joined.splitlines() if line.strip()]


def test_the_container_installs_exactly_the_lock_before_the_code() -> None:
    steps = instructions(CONTAINERFILE)
    copies = [i for i, (kind, args) in enumerate(steps) if kind == "COPY" and "requirements.txt" in args.split()]
    installs = [i for i, (kind, args) in enumerate(steps) if kind == "RUN" and "-r requirements.txt" in args]
    assert copies, "the lock is not copied into the image"
    assert installs, "the image does not install from the lock"
    assert copies[0] < installs[0]
    assert "--require-hashes" in steps[installs[0]][1]
    code = [i for i, (kind, args) in enumerate(steps) if kind == "COPY" and args.startswith("server")]
    assert installs[0] < code[0], "install the lock before copying the code, so the layer is reused"
    hinge = [args for kind, args in steps if kind == "RUN" and "-e ." in args]
    assert hinge
    assert "--no-deps" in hinge[0]
    assert "--no-build-isolation" in hinge[0]


def test_the_container_runs_as_its_own_user_with_a_health_check() -> None:
    steps = dict(instructions(CONTAINERFILE))
    assert steps["USER"] == "hinge"
    assert "/api/v1/health" in steps["HEALTHCHECK"]


def test_the_container_command_uses_options_hinge_serve_has() -> None:
    command = dict(instructions(CONTAINERFILE))["CMD"]
    words = re.findall(r'"([^"]*)"', command)
    assert words[:2] == ["hinge", "serve"]
    args = parse(words[1:])
    assert (args.host, args.port, str(args.data_dir)) == ("0.0.0.0", 8000, "/data")


def test_the_build_context_leaves_local_state_and_secrets_out() -> None:
    ignored = (ROOT / ".dockerignore").read_text().split()
    for path in [".venv", "node_modules", "data", ".git", ".env", "**/.env"]:
        assert path in ignored


# --- docs/deploy.md ---------------------------------------------------------------------------


def code_blocks(text: str) -> list[str]:
    return re.findall(r"^```[a-z]*\n(.*?)^```", text, re.M | re.S)


def test_the_docs_mention_every_deploy_file() -> None:
    names = [f"deploy/{path.name}" for path in DEPLOY.iterdir() if path.name != "README.md"]
    missing = [name for name in [*names, ".dockerignore"] if f"`{name}`" not in DOCS]
    assert missing == [], f"docs/deploy.md does not mention {missing}"
    assert "docs/deploy.md" in (DEPLOY / "README.md").read_text()


def test_the_docs_mention_every_hinge_subcommand() -> None:
    missing = [name for name in subcommands() if f"hinge {name}" not in DOCS]
    assert missing == [], f"docs/deploy.md does not mention {missing}"
    assert "hinge --version" in DOCS


def test_every_hinge_command_in_the_docs_uses_options_its_subcommand_has() -> None:
    seen = set()
    for block in code_blocks(DOCS):
        for line in re.sub(r"\\\n\s*", " ", block).splitlines():
            line = re.sub(r"\$\([^)]*\)", "STAMP", line).replace("\\%", "%")
            if "hinge" not in line or line.lstrip().startswith(("#", "ExecStart")):
                continue
            for command in hinge_commands(shlex.split(line, comments=True)):
                seen.add(parse(command).command)
    assert seen >= {"backup", "restore", "migrate"}


def test_the_docs_back_up_and_restore_both_databases() -> None:
    for command in ["hinge backup", "hinge restore", "pg_dump --format=custom", "pg_restore --no-owner"]:
        assert command in DOCS, command
    assert "systemctl stop hinge@8000" in DOCS, "a restore needs the server stopped"


def test_the_docs_explain_the_trusted_proxy_for_each_route() -> None:
    assert "--forwarded-allow-ips" in DOCS
    assert f"`{serve_args().forwarded_allow_ips}`" in DOCS
    assert f"`{caddy_address()}`" in DOCS


def test_every_per_user_table_key_starts_with_uid_as_the_sharding_section_says() -> None:
    tables = dict(re.findall(r"CREATE TABLE (\w+) \((.*?)\n\);", SCHEMA, re.S))
    per_user = {name for name, body in tables.items() if re.search(r"^\s+uid BIGINT NOT NULL", body, re.M)}
    assert per_user == {"devices", "ops", "state"}
    for name in per_user:
        (key,) = re.findall(r"PRIMARY KEY \(([^)]*)\)", tables[name])
        assert key.split(",")[0].strip() == "uid", name
    for name in ["ops", "state"]:
        assert f"create_distributed_table('{name}', 'uid'" in DOCS
    for name in ["users", "devices"]:
        assert f"create_reference_table('{name}')" in DOCS
    assert "token_hash" in DOCS, "the docs say the token lookup is not keyed by user"
