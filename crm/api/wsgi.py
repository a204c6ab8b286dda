"""The WSGI application's reading of request bodies sent without a Content-Length."""

import io

from django.conf import settings

from crm.api.middleware import is_chunked


class ChunkedBodies:
    """Wraps the WSGI application so that Django reads a `Transfer-Encoding: chunked` body.

    Django reads exactly CONTENT_LENGTH bytes of a body, so without that header a chunked
    body looks empty. A server that decodes chunked input says so with
    `wsgi.input_terminated` (gunicorn does); then the body is read here, at most
    DATA_UPLOAD_MAX_MEMORY_SIZE + 1 bytes so that a larger one still gets the 413, and is
    handed on as if it had come with a Content-Length. Without that flag the input cannot be
    read safely, and the API answers 411 (crm.api.middleware.RequestLimitsMiddleware).
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if is_chunked(environ) and environ.get("wsgi.input_terminated"):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            stream = environ["wsgi.input"]
            body = stream.read() if limit is None else stream.read(limit + 1)
            environ = {**environ, "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}
            del environ["HTTP_TRANSFER_ENCODING"]
        return self.application(environ, start_response)
