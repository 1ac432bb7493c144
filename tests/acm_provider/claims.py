"""The users' ACM claims, from FOLDER/users.json: {"users": {username: {claims}}, ...}."""

import json

from django.conf import settings


def read():
    return json.loads((settings.FOLDER / "users.json").read_text())


def add_acm_claims(id_token, user, token, request, **kwargs):
    id_token.update(read()["users"].get(user.username, {}).get("claims", {}))
    return id_token
