"""The names of Django's default permissions in Dutch.

Django stores a permission's name when `migrate` creates it, in English ("Can add user"), and
the admin shows that stored name on the user and group pages; the audit trail writes it too.
After every `migrate` (post_migrate, after Django's own create_permissions) the default
permissions get their Dutch name: "Mag gebruiker toevoegen".
"""

from django.apps import AppConfig
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

ACTIONS = {
    "add": "Mag {} toevoegen",
    "change": "Mag {} wijzigen",
    "delete": "Mag {} verwijderen",
    "view": "Mag {} bekijken",
}
MAX_LENGTH = Permission._meta.get_field("name").max_length


def dutch_names(app_config: AppConfig) -> dict[tuple[int, str], str]:
    """(content type id, codename) → the Dutch name of each default permission of the app."""
    models = list(app_config.get_models())
    content_types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    names = {}
    # migrate runs without an active language; the names are those the portal shows.
    with translation.override(settings.LANGUAGE_CODE):
        for model in models:
            opts = model._meta
            for action in opts.default_permissions:
                if action in ACTIONS:
                    name = ACTIONS[action].format(opts.verbose_name)[:MAX_LENGTH]
                    key = (content_types[model].pk, f"{action}_{opts.model_name}")
                    names[key] = name
    return names


def name_permissions_in_dutch(sender: AppConfig, **kwargs: object) -> None:
    """post_migrate receiver: rename the app's default permissions whose name is not Dutch."""
    if not sender.models_module:
        return
    names = dutch_names(sender)
    content_types = {content_type for content_type, _ in names}
    renamed = []
    for permission in Permission.objects.filter(content_type__in=content_types):
        name = names.get((permission.content_type_id, permission.codename))
        if name is not None and permission.name != name:
            permission.name = name
            renamed.append(permission)
    Permission.objects.bulk_update(renamed, ["name"])
