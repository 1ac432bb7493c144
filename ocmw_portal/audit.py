"""The audit trail: one place for logins, imports, exports and every change of the reference
data, users and consultation records, with who, when, the client's address and the values.

`record()` writes one event. Changes of the models in TRACKED are recorded by the model signals
below, with their old and new values, many-to-many changes and deletions: signals are the one
hook that sees a write whichever way it comes (the admin, a service, a command, the shell), so
no service can forget it. The handlers only record; they decide nothing. A write outside a
request (a command) is recorded without a user, as the system's.
"""

import datetime
import json
from contextvars import ContextVar

from django.apps import apps
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from ocmw_portal.models import AuditEvent
from ocmw_portal.network import client_ip

Action = AuditEvent.Action

# model label → fields left out (besides auto_now fields): they change without anyone
# changing the object, e.g. a user's last login.
TRACKED = {
    "auth.user": {"last_login"},
    "auth.group": set(),
    "ocmw_portal.userscope": set(),
    "activation.localgovernment": set(),
    "activation.merger": set(),
    "activation.benchmarkgroup": set(),
    "activation.cooperationagreement": set(),
    "activation.activationpactproject": set(),
    "activation.activationpactparticipation": set(),
    "consultations.consultationbody": set(),
    "consultations.meeting": set(),
}
# Values never written to the trail, only that they changed.
SECRET_FIELDS = {("auth.user", "password")}

_request = ContextVar("audit_request", default=None)


def request_context(get_response):
    """Middleware: makes the request's user and client address known to the model signals."""

    def middleware(request):
        token = _request.set(request)
        try:
            return get_response(request)
        finally:
            _request.reset(token)

    return middleware


def _ip(request):
    return None if request is None else client_ip(request)


def record(action, *, request=None, user=None, subject="", obj=None, **details):
    """Record that `user` (or the request's user) did `action` on `subject` (or `obj`)."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    if obj is not None:
        subject = subject or str(obj)
    return AuditEvent.objects.create(
        user=user,
        username=user.get_username() if user else details.pop("username", ""),
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk)[:64] if obj is not None else "",
        subject=str(subject)[:255],
        details=details,
        ip_address=_ip(request),
    )


def _record_change(action, obj, changes):
    request = _request.get()
    record(action, request=request, obj=obj, changes=changes)


# Values as a reader of the trail reads them -----------------------------------------------------


def _fields(model):
    skip = TRACKED[model._meta.label_lower]
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in skip
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
    ]


def _display(model, field, value):
    if (model._meta.label_lower, field.name) in SECRET_FIELDS:
        return "(verborgen)" if value else ""
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%d-%m-%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d-%m-%Y}"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _values(model, instance):
    return {field.attname: getattr(instance, field.attname) for field in _fields(model)}


def _changes(model, before, after):
    changes = []
    for field in _fields(model):
        old = before.get(field.attname) if before else None
        new = after.get(field.attname) if after else None
        if old == new:
            continue
        shown_before = _display(model, field, old) if before else ""
        shown_after = _display(model, field, new) if after else ""
        # A time sent back by a form without its seconds reads the same: no change.
        if shown_before != shown_after:
            changes.append(
                {"field": str(field.verbose_name), "before": shown_before, "after": shown_after}
            )
    return changes


def _tracked(sender):
    return sender._meta.label_lower in TRACKED


@receiver(pre_save)
def _before_save(sender, instance, raw=False, **kwargs):
    if raw or not _tracked(sender) or instance._state.adding:
        return
    names = [field.attname for field in _fields(sender)]
    instance._audit_before = sender._base_manager.filter(pk=instance.pk).values(*names).first()


@receiver(post_save)
def _after_save(sender, instance, created, raw=False, **kwargs):
    if raw or not _tracked(sender):
        return
    before = instance.__dict__.pop("_audit_before", None)
    changes = _changes(sender, None if created else before, _values(sender, instance))
    if changes:
        _record_change(Action.CREATE if created else Action.CHANGE, instance, changes)


@receiver(post_delete)
def _after_delete(sender, instance, **kwargs):
    if _tracked(sender):
        _record_change(Action.DELETE, instance, _changes(sender, _values(sender, instance), None))


@receiver(m2m_changed)
def _members_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """An added or removed member, group, local government or theme of a tracked object."""
    field = _m2m_fields().get(sender)
    if field is None:
        return
    if action == "pre_clear" and not reverse:
        # clear() names no members: they are read before they go.
        instance._audit_cleared = set(getattr(instance, field.name).values_list("pk", flat=True))
        return
    if action == "post_clear" and not reverse:
        action, pk_set = "post_remove", instance.__dict__.pop("_audit_cleared", set())
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    key, other = ("added", "removed") if action == "post_add" else ("removed", "added")
    label = str(field.verbose_name)
    if not reverse:
        names = sorted(str(obj) for obj in model._base_manager.filter(pk__in=pk_set))
        _record_change(Action.CHANGE, instance, [{"field": label, key: names, other: []}])
        return
    # Changed from the other side (lg.benchmark_groups.add(group)): recorded on each owner.
    for owner in field.model._base_manager.filter(pk__in=pk_set):
        _record_change(Action.CHANGE, owner, [{"field": label, key: [str(instance)], other: []}])


def _m2m_fields():
    """{through model: the many-to-many field of a tracked model it belongs to}."""
    global _M2M
    if _M2M is None:
        _M2M = {}
        for label in TRACKED:
            for field in apps.get_model(label)._meta.local_many_to_many:
                if field.remote_field.through._meta.auto_created:
                    _M2M[field.remote_field.through] = field
    return _M2M


_M2M = None


def change_rows(event):
    """The event's changes as (field, old, new) rows; a many-to-many change as − and + lists."""
    rows = []
    for change in (event.details or {}).get("changes", []):
        if "added" in change or "removed" in change:
            removed = "; ".join(change.get("removed") or [])
            added = "; ".join(change.get("added") or [])
            rows.append((change["field"], removed and f"− {removed}", added and f"+ {added}"))
        else:
            rows.append((change["field"], change.get("before", ""), change.get("after", "")))
    return rows


# Authentication signals: logins, logouts and failed logins ---------------------------------------
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
