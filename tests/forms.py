"""What a browser would send for a form on a page: the fields as they stand, for a test (or the
load test) to change one of them and post it, as a user does."""

from html.parser import HTMLParser

TEXT_INPUTS = {"text", "hidden", "number", "email", "password", "date", "url", "search", "tel"}


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data = {}
        self._select = None
        self._first_option = None
        self._textarea = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = self.form_id is None or attrs.get("id") == self.form_id
            return
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in TEXT_INPUTS:
                self._add(name, attrs.get("value") or "")
            elif kind in ("checkbox", "radio") and "checked" in attrs:
                self._add(name, attrs.get("value") or "on")
        elif tag == "select" and name:
            self._select = (name, "multiple" in attrs)
            self._first_option = None
            self.data.setdefault(name, [])
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in attrs:
                self._add(self._select[0], value)
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select" and self._select:
            name, multiple = self._select
            if not multiple and not self.data[name] and self._first_option is not None:
                self.data[name].append(self._first_option)
            self._select = None
        elif tag == "textarea" and self._textarea:
            value = self.data[self._textarea][-1]
            self.data[self._textarea][-1] = value[1:] if value.startswith("\n") else value
            self._textarea = None


def form_fields(html, form_id=None):
    """{name: [values]} of the form with id `form_id` (or of every form) on the page."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return {name: values if len(values) != 1 else values[0] for name, values in reader.data.items()}


# The client address of the administrator in the admin tests, as the audit trail records it.
ADMIN_ADDRESS = "192.0.2.44"


def admin_change(client, obj, **changes):
    """Open the object's change form in the admin, change fields, save, as an administrator's
    browser does. Returns the response."""
    opts = obj._meta
    url = f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    data = form_fields(page.content.decode(), f"{opts.model_name}_form")
    data.update(changes)
    data["_save"] = "Opslaan"
    response = client.post(url, data, REMOTE_ADDR=ADMIN_ADDRESS)
    assert response.status_code == 302, admin_form_errors(response)
    return response


def admin_delete(client, obj):
    """Delete the object in the admin, confirming as an administrator does."""
    opts = obj._meta
    url = f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/delete/"
    response = client.post(url, {"post": "yes"}, REMOTE_ADDR=ADMIN_ADDRESS)
    assert response.status_code == 302
    assert not type(obj).objects.filter(pk=obj.pk).exists()


def admin_form_errors(response):
    context = response.context
    if context is None:
        return response.status_code
    errors = [context["adminform"].form.errors]
    errors += [f.errors for inline in context["inline_admin_formsets"] for f in inline.formset]
    return errors
