"""Passwords are argon2id at the recommended cost unless an operator says otherwise; tokens are stored as hashes."""

from __future__ import annotations

import pytest

from server.auth import Passwords, hash_token, new_token
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
