"""The environment helpers fail loudly on unusable values instead of guessing."""

import pytest

from cchc.config import ConfigError, env_bool, env_int, env_list, secret_key


def test_it_reads_boolean_words(monkeypatch):
    for word, expected in [
        ("1", True),
        ("yes", True),
        ("ON", True),
        ("0", False),
        ("false", False),
        ("", False),
    ]:
        monkeypatch.setenv("CCHC_FLAG", word)
        assert env_bool("CCHC_FLAG") is expected


def test_it_refuses_a_boolean_it_cannot_read(monkeypatch):
    monkeypatch.setenv("CCHC_FLAG", "maybe")
    with pytest.raises(ConfigError, match="CCHC_FLAG"):
        env_bool("CCHC_FLAG")


def test_it_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("CCHC_FLAG", raising=False)
    assert env_bool("CCHC_FLAG", True) is True
    assert env_int("CCHC_NUMBER", 7) == 7


def test_it_refuses_a_non_integer(monkeypatch):
    monkeypatch.setenv("CCHC_NUMBER", "ten")
    with pytest.raises(ConfigError, match="CCHC_NUMBER"):
        env_int("CCHC_NUMBER", 1)


def test_it_splits_lists_on_commas(monkeypatch):
    monkeypatch.setenv("CCHC_HOSTS", " a.example , b.example,,")
    assert env_list("CCHC_HOSTS", []) == ["a.example", "b.example"]


def test_it_generates_the_secret_key_once_and_keeps_it(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = secret_key(tmp_path)
    assert len(first) >= 50
    assert secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_it_refuses_a_short_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(ConfigError, match="32"):
        secret_key(tmp_path)
