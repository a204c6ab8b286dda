"""What the app's log says about requests a client got wrong: one line each."""

from django.test import Client


def test_a_host_this_service_does_not_serve_is_logged_without_a_traceback(db, caplog):
    response = Client().get("/api/crm/contacts", HTTP_HOST="evil.example")

    assert response.status_code == 400
    [record] = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert "evil.example" in record.getMessage()
    assert record.exc_info is None
