"""The audit trail: one function to record an event, and the login hooks that use it."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from ocmw_portal.models import AuditEvent
from ocmw_portal.network import client_ip

Action = AuditEvent.Action


def _ip(request):
    return None if request is None else client_ip(request)


def record(action, *, request=None, user=None, subject="", **details):
    """Record that `user` (or the request's user) did `action` on `subject`."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    return AuditEvent.objects.create(
        user=user,
        username=user.get_username() if user else details.pop("username", ""),
        action=action,
        subject=str(subject)[:255],
        details=details,
        ip_address=_ip(request),
    )


# Authentication signals are the hook Django offers for logins; nothing else uses signals.
@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(Action.LOGIN, request=request, user=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(Action.LOGOUT, request=request, user=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    record(
        Action.LOGIN_FAILED, request=request, username=str(credentials.get("username", ""))[:150]
    )
