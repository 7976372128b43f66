"""Settings come from the environment, with defaults that run on one machine."""

import pytest

from service import config


def test_defaults_need_no_environment(tmp_path, monkeypatch):
    for name in config.ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    settings = config.load(str(tmp_path))
    assert settings["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'tebiki.sqlite3'}"
    assert settings["SMS_PROVIDER"] == "console"
    assert settings["LINK_TTL_MINUTES"] == 30
    assert settings["PUBLIC_URL"] == "http://localhost:5000"
    # A generated key, kept so every process on the machine agrees on it.
    assert settings["SECRET_KEY"] == config.load(str(tmp_path))["SECRET_KEY"]
    assert len(settings["SECRET_KEY"]) >= 32


def test_environment_overrides_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("LINK_TTL_MINUTES", "10")
    monkeypatch.setenv("PUBLIC_URL", "https://guide.example.jp/")
    monkeypatch.setenv("SECRET_KEY", "from-env")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db/tebiki")
    settings = config.load(str(tmp_path))
    assert settings["LINK_TTL_MINUTES"] == 10
    assert settings["PUBLIC_URL"] == "https://guide.example.jp"
    assert settings["SECRET_KEY"] == "from-env"
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/tebiki"


@pytest.mark.parametrize("value", ["soon", "0", "-5"])
def test_bad_ttl_is_refused_with_its_name(tmp_path, monkeypatch, value):
    monkeypatch.setenv("LINK_TTL_MINUTES", value)
    with pytest.raises(config.ConfigError, match="LINK_TTL_MINUTES"):
        config.load(str(tmp_path))


def test_a_required_secret_key_must_be_given(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("REQUIRE_SECRET_KEY", "1")
    with pytest.raises(config.ConfigError, match="SECRET_KEY"):
        config.load(str(tmp_path))


def test_cookies_are_secure_when_served_over_https(tmp_path, monkeypatch):
    monkeypatch.setenv("PUBLIC_URL", "https://guide.example.jp")
    assert config.load(str(tmp_path))["SESSION_COOKIE_SECURE"] is True
    monkeypatch.setenv("PUBLIC_URL", "http://localhost:5000")
    assert config.load(str(tmp_path))["SESSION_COOKIE_SECURE"] is False


def test_create_app_shows_every_surface(app):
    assert {"customer", "auth", "console", "media", "api"} <= set(app.blueprints)


def test_a_negative_sweep_interval_is_refused(tmp_path):
    with pytest.raises(config.ConfigError, match="EXPIRY_SWEEP_SECONDS"):
        config.load(str(tmp_path), {"SECRET_KEY": "x", "EXPIRY_SWEEP_SECONDS": -1})


def test_a_pool_of_no_connections_is_refused(tmp_path):
    with pytest.raises(config.ConfigError, match="DATABASE_POOL_SIZE"):
        config.load(str(tmp_path), {"SECRET_KEY": "x", "DATABASE_POOL_SIZE": 0})


def test_redis_url_alone_switches_events_and_limits_to_redis(tmp_path, monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert config.load(str(tmp_path), {"SECRET_KEY": "x"})["LIVE_BACKEND"] == "memory"
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/0")
    settings = config.load(str(tmp_path), {"SECRET_KEY": "x"})
    assert (settings["LIVE_BACKEND"], settings["REDIS_URL"]) == ("redis", "redis://cache:6379/0")
    # A test may still keep one process's events with Redis configured.
    assert config.load(str(tmp_path), {"LIVE_BACKEND": "memory"})["LIVE_BACKEND"] == "memory"


def test_redis_backend_without_an_address_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    with pytest.raises(config.ConfigError, match="REDIS_URL"):
        config.load(str(tmp_path), {"SECRET_KEY": "x", "LIVE_BACKEND": "redis"})


def test_the_old_live_backend_variable_is_refused_naming_redis_url(tmp_path, monkeypatch):
    monkeypatch.setenv("LIVE_BACKEND", "redis")
    with pytest.raises(config.ConfigError, match="REDIS_URL"):
        config.load(str(tmp_path), {"SECRET_KEY": "x"})
