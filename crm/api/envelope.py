from rest_framework import status as http_status
from rest_framework.response import Response


def success(status: int = http_status.HTTP_200_OK, **payload) -> Response:
    """The success envelope: {"success": true, ...payload}."""
    return Response({"success": True, **payload}, status=status)
