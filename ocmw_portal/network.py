"""The client's address, as the lockout (django-axes) and the audit trail both see it."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The address of the client that sent `request`, or None.

    Behind PORTAL_PROXY_COUNT trusted proxies, each proxy appends the address it received the
    request from to X-Forwarded-For, so the client is the entry that many places from the end.
    Whatever a client writes into the header itself stands before that entry and is ignored;
    a request with fewer entries did not come through the proxies, and its own peer counts.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.PORTAL_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
