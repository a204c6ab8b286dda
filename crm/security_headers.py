"""Response headers that keep data and pages safe in browsers and caches."""


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
