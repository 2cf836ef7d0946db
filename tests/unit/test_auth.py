"""Passwords are argon2id at the recommended cost unless an operator says otherwise; tokens are stored as hashes."""

from __future__ import annotations

import asyncio
import threading

import pytest
from argon2 import PasswordHasher

from server.auth import (
    SIGN_IN,
    SIGN_UP,
    KnownTokens,
    Passwords,
    PasswordsBusy,
    PriorityPool,
    SignUpLimit,
    hash_token,
    new_token,
)
from server.settings import Settings, SettingsError, load_settings


def default_passwords() -> Passwords:
    settings = Settings()
    return Passwords(time_cost=settings.password_time_cost, memory_kib=settings.password_memory_kib)


def test_the_default_hash_is_argon2id_over_64_mib_with_3_passes() -> None:
    assert default_passwords().hash("correct horse battery").startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_a_hash_verifies_its_password_only() -> None:
    passwords = Passwords(time_cost=1, memory_kib=1024)
    stored = passwords.hash("correct horse battery")
    assert passwords.verify(stored, "correct horse battery")
    assert not passwords.verify(stored, "correct horse battery!")
    assert not passwords.verify("not a hash", "correct horse battery")


def test_an_unknown_user_is_never_verified_even_with_the_dummy_password() -> None:
    assert not Passwords(time_cost=1, memory_kib=1024).verify(None, "not-a-real-password")


def test_a_hash_made_at_another_cost_still_verifies() -> None:
    stored = Passwords(time_cost=1, memory_kib=1024).hash("correct horse battery")
    assert default_passwords().verify(stored, "correct horse battery")


def test_the_cost_comes_from_the_environment() -> None:
    settings = load_settings({"HINGE_PASSWORD_TIME_COST": "4", "HINGE_PASSWORD_MEMORY_KIB": "131072"})
    assert (settings.password_time_cost, settings.password_memory_kib) == (4, 131072)


@pytest.mark.parametrize(
    ("name", "value"),
    [("HINGE_PASSWORD_TIME_COST", "0"), ("HINGE_PASSWORD_MEMORY_KIB", "lots"), ("HINGE_PASSWORD_TIME_COST", "٣")],
)
def test_a_cost_that_is_no_whole_number_names_its_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        load_settings({name: value})


def test_a_token_is_stored_as_its_sha256_only() -> None:
    token = new_token()
    assert len(token) >= 43
    assert hash_token(token) != token
    assert len(hash_token(token)) == 64


def test_a_password_is_hashed_in_nfc_so_both_spellings_of_an_accent_verify() -> None:
    passwords = Passwords(time_cost=1, memory_kib=1024)
    composed, decomposed = "cr\u00e8me br\u00fbl\u00e9e", "cre\u0300me bru\u0302le\u0301e"
    stored = passwords.hash(decomposed)
    assert passwords.verify(stored, composed)
    assert passwords.verify(stored, decomposed)
    assert not passwords.verify(stored, "creme brulee")


def test_a_hash_made_before_normalising_still_verifies_the_password_as_it_was_typed() -> None:
    passwords = Passwords(time_cost=1, memory_kib=1024)
    decomposed = "cre\u0300me bru\u0302le\u0301e"
    legacy = PasswordHasher(time_cost=1, memory_cost=1024).hash(decomposed)  # hashed as typed
    assert passwords.verify(legacy, decomposed)
    assert not passwords.verify(legacy, "something else")


def test_the_pool_refuses_at_once_when_its_queue_is_full() -> None:
    passwords = Passwords(time_cost=1, memory_kib=1024, workers=1)

    async def flood() -> list[object]:
        work = [passwords.hashed("correct horse battery", max_queued=3) for _ in range(5)]
        return await asyncio.gather(*work, return_exceptions=True)

    answers = asyncio.run(flood())
    passwords.close()
    assert sum(isinstance(answer, str) for answer in answers) == 3
    assert sum(isinstance(answer, PasswordsBusy) for answer in answers) == 2


def test_sign_ups_from_one_address_are_limited_per_window_and_the_wait_is_told() -> None:
    now = [1000.0]
    limit = SignUpLimit(2, 3600, clock=lambda: now[0])
    assert limit.wait_s("198.51.100.7") == 0
    now[0] += 10
    assert limit.wait_s("198.51.100.7") == 0
    assert limit.wait_s("198.51.100.7") == 3590  # the first sign-up leaves the window then
    assert limit.wait_s("203.0.113.9") == 0  # another address has its own count
    now[0] += 3590
    assert limit.wait_s("198.51.100.7") == 0


def test_loopback_is_never_limited() -> None:
    limit = SignUpLimit(1, 3600, clock=lambda: 0.0)
    for _ in range(5):
        assert limit.wait_s("127.0.0.1") == 0
        assert limit.wait_s("::1") == 0


def test_the_sign_up_limit_forgets_the_least_recent_addresses_beyond_its_bound() -> None:
    limit = SignUpLimit(1, 3600, max_addresses=2, clock=lambda: 0.0)
    for address in ("a", "b", "c"):
        assert limit.wait_s(address) == 0
    assert limit.wait_s("a") == 0  # forgotten, so it counts afresh
    assert limit.wait_s("c") == 3600


def test_a_sign_in_goes_ahead_of_every_waiting_sign_up() -> None:
    pool = PriorityPool(1, "test-pool")
    release = threading.Event()
    done: list[str] = []

    def job(name: str) -> str:
        if name == "running":
            release.wait()
        done.append(name)
        return name

    async def scenario() -> list[str]:
        running = asyncio.ensure_future(pool.run(SIGN_UP, 10, job, "running"))
        await asyncio.sleep(0.05)  # the one worker is busy now
        waiting = [asyncio.ensure_future(pool.run(SIGN_UP, 10, job, f"sign-up {n}")) for n in range(3)]
        signing_in = asyncio.ensure_future(pool.run(SIGN_IN, 10, job, "sign-in"))
        await asyncio.sleep(0.05)
        release.set()
        await asyncio.gather(running, signing_in, *waiting)
        return done

    assert asyncio.run(scenario()) == ["running", "sign-in", "sign-up 0", "sign-up 1", "sign-up 2"]
    pool.close()


def test_known_tokens_keeps_the_most_recently_used() -> None:
    known: KnownTokens[str] = KnownTokens(max_tokens=2)
    known.remember("hash-a", "phone")
    known.remember("hash-b", "laptop")
    assert known.get("hash-a") == "phone"  # now the most recently used
    known.remember("hash-c", "tablet")
    assert known.get("hash-b") is None
    assert (known.get("hash-a"), known.get("hash-c")) == ("phone", "tablet")


def test_known_tokens_forgets_every_token_of_a_revoked_device() -> None:
    known: KnownTokens[str] = KnownTokens()
    for token_hash, device in [("hash-a", "phone"), ("hash-b", "tablet"), ("hash-c", "phone")]:
        known.remember(token_hash, device)
    known.forget_device("phone")
    assert [known.get(h) for h in ("hash-a", "hash-b", "hash-c")] == [None, "tablet", None]
