"""The Content-Security-Policy header, and templates that need nothing it refuses."""

import re
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted(
    path
    for folder in ("templates", "contacts/templates")
    for path in (ROOT / folder).rglob("*.html")
)


@pytest.mark.parametrize("url", ["/", "/admin/login/", "/api/docs/", "/api/crm/contacts"])
def test_every_page_carries_the_policy(db, url):
    policy = Client().get(url)["Content-Security-Policy"]

    directives = dict(part.split(" ", 1) for part in policy.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_templates_have_no_inline_script_or_style(template):
    text = template.read_text()

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "an inline <script>"
    assert "<style" not in text
    assert not re.search(r"\son[a-z]+=", text), "an inline event handler"
    assert not re.search(r"\sstyle=", text), "an inline style attribute"
