"""Response headers that keep data and pages safe in browsers and caches."""

from django.conf import settings


class ApiNoStoreMiddleware:
    """`Cache-Control: no-store` on every response under /api/, errors included.

    API responses carry personal data (names, phones, emails): no browser or shared cache
    may keep a copy. The OpenAPI document and the docs page are under /api/ too and are not
    cached either: they are small, and change with each release. Swagger UI's own files are
    static files (/static/), cached as usual.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            response["Cache-Control"] = "no-store"
        return response


class ContentSecurityPolicyMiddleware:
    """The Content-Security-Policy header, from settings.SECURE_CSP, on every response.

    The policy allows scripts and styles from this site's files only, so an injected inline
    script does not run; the admin and Swagger UI keep none inline. Django 6.0 ships this
    middleware with the same setting (django.middleware.csp.ContentSecurityPolicyMiddleware):
    upgrading replaces this class and keeps the policy.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "SECURE_CSP", None)
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = "; ".join(
                " ".join([directive, *([values] if isinstance(values, str) else values)])
                for directive, values in policy.items()
            )
        return response
