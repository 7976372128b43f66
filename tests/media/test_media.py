"""Images served by digest: right type, cached for good, 304 on revalidation, 404 otherwise."""

from service import catalog


def test_step_image_is_served_with_long_lived_caching(client):
    step = catalog.guide("iphone-home-button", "sms-code").current_version.steps[0]
    answer = client.get(f"/media/{step.image_digest}")

    assert answer.status_code == 200
    assert answer.mimetype == "image/png"
    assert answer.data.startswith(b"\x89PNG")
    assert "immutable" in answer.headers["Cache-Control"]
    again = client.get(
        f"/media/{step.image_digest}", headers={"If-None-Match": answer.headers["ETag"]}
    )
    assert again.status_code == 304


def test_unknown_or_malformed_digest_is_404(client):
    assert client.get("/media/" + "0" * 64).status_code == 404
    assert client.get("/media/../../etc/passwd").status_code == 404
    assert client.get("/media/abc").status_code == 404
