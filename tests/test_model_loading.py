"""Loading a model folder: the sha256 check, and start-up that stops with one clear line."""

from __future__ import annotations

import json
import shutil

import joblib
import pytest

from service import create_app
from service.app import StartupError
from service.config import Config, ConfigError, ServerSettings
from service.features import read_article
from service.model import MANIFEST_FILE, MODEL_FILE, AttributionModel, ModelLoadError, file_sha256


@pytest.fixture()
def model_dir(tmp_path, tiny_estimator):
    folder = tmp_path / "attribution-2026.01.01"
    folder.mkdir()
    joblib.dump(tiny_estimator, folder / MODEL_FILE)
    manifest = {"name": "attribution", "version": "test", "sha256": file_sha256(folder / MODEL_FILE)}
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest))
    return folder


def test_loads_a_verified_model(model_dir, seed):
    model = AttributionModel.load(model_dir)
    assert model.identity["version"] == "test"
    assert len(model.predict_article(read_article(["Polisi mengatakan hujan turun."]), "Judul")) == 2


def test_corrupted_model_is_refused(model_dir):
    with open(model_dir / MODEL_FILE, "ab") as stream:
        stream.write(b"tampered")
    with pytest.raises(ModelLoadError, match="corrupt or was swapped"):
        AttributionModel.load(model_dir)


def test_swapped_model_is_refused(model_dir, tmp_path):
    joblib.dump({"not": "the model"}, model_dir / MODEL_FILE)
    with pytest.raises(ModelLoadError, match="sha256"):
        AttributionModel.load(model_dir)


@pytest.mark.parametrize("missing", [MODEL_FILE, MANIFEST_FILE])
def test_missing_file_is_refused(model_dir, missing):
    (model_dir / missing).unlink()
    with pytest.raises(ModelLoadError, match="no model at"):
        AttributionModel.load(model_dir)


def test_unreadable_manifest_is_refused(model_dir):
    (model_dir / MANIFEST_FILE).write_text("{not json")
    with pytest.raises(ModelLoadError, match="unreadable"):
        AttributionModel.load(model_dir)


def test_create_app_stops_with_one_line(tmp_path):
    with pytest.raises(StartupError) as stopped:
        create_app({"SERVICE_CONFIG": Config(model_dir=tmp_path / "nowhere")})
    message = str(stopped.value.code)
    assert message.startswith("sumber: cannot start:") and "\n" not in message
    assert "MODEL_DIR" in message


def test_create_app_from_environment(monkeypatch, model_dir):
    monkeypatch.setenv("MODEL_DIR", str(model_dir))
    app = create_app()
    assert app.test_client().get("/health").status_code == 200


@pytest.mark.parametrize("name,value", [
    ("MAX_BODY_BYTES", "lots"), ("MAX_BODY_BYTES", "0"), ("MAX_SENTENCES", "-3"), ("LOG_LEVEL", "LOUD"),
])
def test_bad_environment_is_refused(name, value):
    with pytest.raises(ConfigError, match=name):
        Config.from_env({name: value})


@pytest.mark.parametrize("name,value", [("PORT", "http"), ("PORT", "70000"), ("WEB_CONCURRENCY", "0")])
def test_bad_server_settings_are_refused(name, value):
    with pytest.raises(ConfigError, match=name):
        ServerSettings.from_env({name: value})


def test_committed_model_is_the_default_and_verifies(real_model):
    assert real_model.identity["name"] == "attribution"
    assert set(real_model.classes) == set(real_model.manifest["labels"])


def test_default_model_dir_picks_the_newest(tmp_path, model_dir):
    from service.config import default_model_dir

    newer = tmp_path / "attribution-2099.01.01"
    shutil.copytree(model_dir, newer)
    assert default_model_dir(tmp_path) == newer
