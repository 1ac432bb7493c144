"""Form rendering shared by every app's templates (partials/field.html)."""

from django import template

register = template.Library()


@register.filter
def choice_groups(field):
    """The checkboxes (or radio buttons) of a bound field under their headings, in order:
    [(heading, [choice, ...]), ...], heading "" for choices outside any group.

    Groups come from choices set as a list (ocmw_portal.forms.grouped_choices); the choices of a
    queryset are never grouped, and reading them here would query again.
    """
    choices = field.subwidgets
    declared = field.field.widget.choices
    if not isinstance(declared, (list, tuple)):
        return [("", choices)]
    groups, start = [], 0
    for value, label in declared:
        if isinstance(label, (list, tuple)):
            groups.append((str(value), choices[start : start + len(label)]))
            start += len(label)
        elif groups and groups[-1][0] == "":
            groups[-1][1].append(choices[start])
            start += 1
        else:
            groups.append(("", [choices[start]]))
            start += 1
    return groups
