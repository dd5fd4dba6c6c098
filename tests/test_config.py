"""Configuration from the environment: defaults, the new access settings, and refusals."""

from __future__ import annotations

import pytest

from service.config import Config, ConfigError

KEY_A, KEY_B = "a" * 16, "k3y-B_with.symbols!"


def test_defaults_are_open_and_quiet():
    config = Config.from_env({})
    assert config.api_keys == ()
    assert config.cors_origins == ()
    assert config.max_batch_articles == 50
    assert config.log_text is False


def test_access_settings_are_read():
    config = Config.from_env({
        "API_KEYS": f" {KEY_A}, {KEY_B} ,{KEY_A}",
        "CORS_ORIGINS": "https://cms.example.id, http://localhost:3000/",
        "MAX_BATCH_ARTICLES": "7",
        "LOG_TEXT": "on",
    })
    assert config.api_keys == (KEY_A, KEY_B)
    assert config.cors_origins == ("https://cms.example.id", "http://localhost:3000")
    assert config.max_batch_articles == 7
    assert config.log_text is True


def test_keys_file_skips_blank_lines_and_comments(tmp_path):
    keys = tmp_path / "keys"
    keys.write_text(f"# newsroom CMS\n{KEY_A}\n\n  {KEY_B}  \n", encoding="utf-8")
    assert Config.from_env({"API_KEYS_FILE": str(keys)}).api_keys == (KEY_A, KEY_B)


@pytest.mark.parametrize("environ,message", [
    ({"API_KEYS": "short"}, "API_KEYS: key 1 must be 16-256 printable ASCII"),
    ({"API_KEYS": f"{KEY_A},with space in it ok"}, "API_KEYS: key 2 must be"),
    ({"API_KEYS": "kunci-rahasia-ñññññññ"}, "API_KEYS: key 1 must be"),
    ({"API_KEYS": " , ,"}, "API_KEYS holds no key"),
    ({"API_KEYS": KEY_A, "API_KEYS_FILE": "/etc/keys"}, "set API_KEYS or API_KEYS_FILE, not both"),
    ({"API_KEYS_FILE": "/nonexistent/keys"}, "API_KEYS_FILE='/nonexistent/keys' cannot be read"),
    ({"CORS_ORIGINS": "*"}, "CORS_ORIGINS: '*' is not an origin"),
    ({"CORS_ORIGINS": "cms.example.id"}, "CORS_ORIGINS: 'cms.example.id' is not an origin"),
    ({"CORS_ORIGINS": "https://cms.example.id/path"}, "is not an origin"),
    ({"MAX_BATCH_ARTICLES": "0"}, "MAX_BATCH_ARTICLES='0' must be greater than zero"),
    ({"MAX_BATCH_ARTICLES": "many"}, "MAX_BATCH_ARTICLES='many' is not a whole number"),
    ({"LOG_TEXT": "maybe"}, "LOG_TEXT='maybe' is not a switch"),
])
def test_bad_values_are_refused_with_the_variable_named(environ, message):
    with pytest.raises(ConfigError) as caught:
        Config.from_env(environ)
    assert str(caught.value).startswith(message) or message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_bad_key_is_not_echoed():
    with pytest.raises(ConfigError) as caught:
        Config.from_env({"API_KEYS": "secret key with spaces"})
    assert "secret" not in str(caught.value)


def test_unreadable_keys_file(tmp_path):
    keys = tmp_path / "keys"
    keys.write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(ConfigError, match="API_KEYS_FILE=.* cannot be read"):
        Config.from_env({"API_KEYS_FILE": str(keys)})
