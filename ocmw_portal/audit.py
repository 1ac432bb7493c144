"""The audit trail: one place for logins, imports, exports and every change of the reference
data, users and consultation records, with who, when, the client's address and the values.

`record()` writes one event. Changes of the models in TRACKED are recorded by the model signals
below, with their old and new values, many-to-many changes and deletions: signals are the one
hook that sees a write whichever way it comes (the admin, a service, a command, the shell), so
no service can forget it. The handlers only record; they decide nothing. A write outside a
request (a command) is recorded without a user, as the system's.
"""

# Field and ManyToManyField are generic only in django-stubs: annotations stay unevaluated.
from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeAlias

from django.apps import apps
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.db.models import Field, ManyToManyField, Model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone

from ocmw_portal.models import AuditEvent
from ocmw_portal.network import client_ip

Action = AuditEvent.Action

# One changed field: {"field", "before", "after"}, or {"field", "added", "removed"} with the
# names of the members added and removed.
Change: TypeAlias = dict[str, str | list[str]]
# A field's values before or after a save, by attname.
Values: TypeAlias = dict[str, object]

# model label → fields left out (besides auto_now fields): they change without anyone
# changing the object, e.g. a user's last login.
TRACKED = {
    "auth.user": {"last_login"},
    "auth.group": set(),
    "ocmw_portal.userscope": set(),
    "ocmw_portal.acmorganisation": set(),
    "ocmw_portal.acmrole": set(),
    "activation.localgovernment": set(),
    "activation.merger": set(),
    "activation.benchmarkgroup": set(),
    "activation.cooperationagreement": set(),
    "activation.activationpactproject": set(),
    "activation.activationpactparticipation": set(),
    "consultations.consultationbody": set(),
    "consultations.meeting": set(),
    "consultations.theme": set(),
    # A second answer for the same person replaces the first: the trail keeps the first.
    "consultations.attendancereply": set(),
    "consultations.agendaproposal": set(),
    # An attachment removed, put back, or deleted for good (under Verwijderde bijlagen).
    "consultations.attachment": set(),
    "consultations.removedattachment": set(),
}
# Values never written to the trail, only that they changed.
SECRET_FIELDS = {("auth.user", "password")}

_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)


def request_context(
    get_response: Callable[[HttpRequest], HttpResponseBase],
) -> Callable[[HttpRequest], HttpResponseBase]:
    """Middleware: makes the request's user and client address known to the model signals."""

    def middleware(request: HttpRequest) -> HttpResponseBase:
        token = _request.set(request)
        try:
            return get_response(request)
        finally:
            _request.reset(token)

    return middleware


def _ip(request: HttpRequest | None) -> str | None:
    return None if request is None else client_ip(request)


def record(
    action: str,
    *,
    request: HttpRequest | None = None,
    user: User | AnonymousUser | None = None,
    subject: object = "",
    obj: Model | None = None,
    **details: Any,  # stored as JSON
) -> AuditEvent:
    """Record that `user` (or the request's user) did `action` on `subject` (or `obj`)."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if isinstance(user, AnonymousUser):
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


def _record_change(action: str, obj: Model, changes: list[Change]) -> None:
    request = _request.get()
    record(action, request=request, obj=obj, changes=changes)


# Values as a reader of the trail reads them -----------------------------------------------------


def _fields(model: type[Model]) -> list[Field[Any, Any]]:
    skip = TRACKED[model._meta.label_lower]
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in skip
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
    ]


def _display(model: type[Model], field: Field[Any, Any], value: object) -> str:
    if (model._meta.label_lower, field.name) in SECRET_FIELDS:
        return "(verborgen)" if value else ""
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    # A concrete relation always knows its model (only a generic relation does not).
    if field.is_relation and field.related_model is not None:
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


def _values(model: type[Model], instance: Model) -> Values:
    return {field.attname: getattr(instance, field.attname) for field in _fields(model)}


def _changes(model: type[Model], before: Values | None, after: Values | None) -> list[Change]:
    changes: list[Change] = []
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


def _tracked(sender: type[Model]) -> bool:
    return sender._meta.label_lower in TRACKED


@receiver(pre_save)
def _before_save(sender: type[Model], instance: Model, raw: bool = False, **kwargs: object) -> None:
    if raw or not _tracked(sender) or instance._state.adding:
        return
    names = [field.attname for field in _fields(sender)]
    before = sender._base_manager.filter(pk=instance.pk).values(*names).first()
    instance.__dict__["_audit_before"] = before


@receiver(post_save)
def _after_save(
    sender: type[Model], instance: Model, created: bool, raw: bool = False, **kwargs: object
) -> None:
    if raw or not _tracked(sender):
        return
    before = instance.__dict__.pop("_audit_before", None)
    changes = _changes(sender, None if created else before, _values(sender, instance))
    if changes:
        _record_change(Action.CREATE if created else Action.CHANGE, instance, changes)


@receiver(post_delete)
def _after_delete(sender: type[Model], instance: Model, **kwargs: object) -> None:
    if _tracked(sender):
        _record_change(Action.DELETE, instance, _changes(sender, _values(sender, instance), None))


@receiver(m2m_changed)
def _members_changed(
    sender: type[Model],
    instance: Model,
    action: str,
    reverse: bool,
    model: type[Model],
    pk_set: set[object] | None,
    **kwargs: object,
) -> None:
    """An added or removed member, group, local government or theme of a tracked object."""
    field = _m2m_fields().get(sender)
    if field is None:
        return
    if action == "pre_clear" and not reverse:
        # clear() names no members: they are read before they go.
        cleared = set(getattr(instance, field.name).values_list("pk", flat=True))
        instance.__dict__["_audit_cleared"] = cleared
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


_M2M: dict[type[Model], ManyToManyField[Any, Any]] | None = None


def _m2m_fields() -> dict[type[Model], ManyToManyField[Any, Any]]:
    """{through model: the many-to-many field of a tracked model it belongs to}."""
    global _M2M
    if _M2M is None:
        _M2M = {}
        for label in TRACKED:
            for field in apps.get_model(label)._meta.local_many_to_many:
                if field.remote_field.through._meta.auto_created:
                    _M2M[field.remote_field.through] = field
    return _M2M


def change_rows(event: AuditEvent) -> list[tuple[str, str, str]]:
    """The event's changes as (field, old, new) rows; a many-to-many change as − and + lists."""
    rows: list[tuple[str, str, str]] = []
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
def _logged_in(sender: type[User], request: HttpRequest, user: User, **kwargs: object) -> None:
    record(Action.LOGIN, request=request, user=user)


@receiver(user_logged_out)
def _logged_out(
    sender: type[User], request: HttpRequest, user: User | None, **kwargs: object
) -> None:
    if user is not None:
        record(Action.LOGOUT, request=request, user=user)


@receiver(user_login_failed)
def _login_failed(
    sender: str,
    credentials: dict[str, object],
    request: HttpRequest | None = None,
    **kwargs: object,
) -> None:
    record(
        Action.LOGIN_FAILED, request=request, username=str(credentials.get("username", ""))[:150]
    )
