from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def home(request):
    """What this service is, and where to go next."""
    return render(request, "home.html")


@require_safe
def healthz(request):
    """For load balancers: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out admin login (AXES_LOCKOUT_CALLABLE): a 429 page."""
    cool_off = get_cool_off(request)
    context = {
        "title": "Too many failed logins",
        "username": get_client_username(request, credentials) or "",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cool_off_minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(request, "admin/login_locked_out.html", context, status=429)
