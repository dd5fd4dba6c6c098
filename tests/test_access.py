"""API keys on the scoring endpoints, /health left open, CORS for the configured origins only."""

from __future__ import annotations

import pytest

from service.auth import is_known_key

KEY, OTHER_KEY = "kunci-redaksi-0001", "kunci-redaksi-0002"
ARTICLE = {"text": "Polisi menyatakan jalan ditutup."}
CMS = "https://cms.example.id"


@pytest.fixture()
def keyed(make_app):
    return make_app(api_keys=(KEY, OTHER_KEY)).test_client()


@pytest.mark.parametrize("headers", [
    {"Authorization": f"Bearer {KEY}"},
    {"Authorization": f"bearer {OTHER_KEY}"},
    {"X-API-Key": KEY},
    {"Authorization": "Basic abc", "X-API-Key": OTHER_KEY},
])
def test_a_configured_key_opens_scoring(keyed, headers):
    assert keyed.post("/score", json=ARTICLE, headers=headers).status_code == 200


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Bearer"},
    {"Authorization": "Bearer "},
    {"Authorization": f"Basic {KEY}"},
    {"Authorization": f"Bearer {KEY}x"},
    {"Authorization": f"Bearer {KEY[:-1]}"},
    {"X-API-Key": ""},
    {"X-API-Key": KEY.upper()},
    {"X-API-Key": "kunci-ñ-redaksi-0001"},
    {"Authorization": "Bearer ", "X-API-Key": KEY},
    {"Authorization": "Bearer wrong-key-000000", "X-API-Key": KEY},
])
def test_missing_or_wrong_key_is_a_json_401(keyed, headers):
    response = keyed.post("/score", json=ARTICLE, headers=headers)
    assert response.status_code == 401
    assert response.mimetype == "application/json"
    assert set(response.get_json()) == {"error", "message"}
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert KEY not in response.get_data(as_text=True)


def test_key_is_checked_before_the_body(keyed):
    response = keyed.post("/score", data=b"{", content_type="application/json")
    assert response.status_code == 401


@pytest.mark.parametrize("path", ["/health", "/model"])
def test_metadata_endpoints_stay_open(keyed, path):
    assert keyed.get(path).status_code == 200


def test_without_keys_scoring_is_open(client):
    assert client.post("/score", json=ARTICLE).status_code == 200


def test_is_known_key_compares_whole_keys():
    assert is_known_key(KEY, (OTHER_KEY, KEY))
    assert not is_known_key(KEY + " ", (KEY,))
    assert not is_known_key("", (KEY,))
    assert not is_known_key("\udcff", (KEY,))


def test_preflight_from_a_configured_origin(make_app):
    client = make_app(cors_origins=(CMS,), api_keys=(KEY,)).test_client()
    response = client.options("/score", headers={
        "Origin": CMS,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    })
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == CMS
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "authorization" in response.headers["Access-Control-Allow-Headers"].lower()


def test_cors_headers_on_answers_to_a_configured_origin(make_app):
    client = make_app(cors_origins=(CMS,), api_keys=(KEY,)).test_client()
    ok = client.post("/score", json=ARTICLE, headers={"Origin": CMS, "X-API-Key": KEY})
    refused = client.post("/score", json=ARTICLE, headers={"Origin": CMS})
    assert ok.headers["Access-Control-Allow-Origin"] == CMS
    # A browser must be able to read the 401 too, or the CMS cannot say what went wrong.
    assert refused.status_code == 401 and refused.headers["Access-Control-Allow-Origin"] == CMS


@pytest.mark.parametrize("origins,origin", [
    ((CMS,), "https://evil.example.com"),
    ((CMS,), "http://cms.example.id"),
    ((CMS,), "https://cms.example.id.evil.com"),
    ((), CMS),
])
def test_no_cors_for_other_origins(make_app, origins, origin):
    client = make_app(cors_origins=origins).test_client()
    preflight = client.options("/score", headers={"Origin": origin, "Access-Control-Request-Method": "POST"})
    answer = client.post("/score", json=ARTICLE, headers={"Origin": origin})
    assert "Access-Control-Allow-Origin" not in preflight.headers
    assert "Access-Control-Allow-Origin" not in answer.headers
