"""python -m tests.acm_provider PORT FOLDER [PORTAL_URL ...]: sets up and serves the local
OpenID Provider on 127.0.0.1:PORT, with the client `ocmw-portaal` (secret `acm-test-geheim`)
whose redirect and logout addresses are those of the portals at PORTAL_URL."""

import json
import os
import sys
from pathlib import Path

CLIENT_ID = "ocmw-portaal"
CLIENT_SECRET = "acm-test-geheim"
PASSWORD = "acm-test-wachtwoord"


def setup(folder, portal_urls):
    import django
    from django.core.management import call_command

    django.setup()
    from django.contrib.auth.models import User
    from oidc_provider.models import Client, ResponseType, RSAKey

    Path(folder).mkdir(parents=True, exist_ok=True)
    users_file = Path(folder) / "users.json"
    if not users_file.exists():
        from tests.acm_provider.running import USERS

        users_file.write_text(json.dumps({"users": USERS, "verberg_sleutel": False}))
    call_command("migrate", verbosity=0)
    if RSAKey.objects.count() < 2:
        call_command("creatersakey")
        call_command("creatersakey")
    for username in json.loads((Path(folder) / "users.json").read_text())["users"]:
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(PASSWORD)
        user.save()
    client, _ = Client.objects.get_or_create(client_id=CLIENT_ID)
    client.name = "OCMW–VDAB samenwerkingsportaal"
    client.client_secret = CLIENT_SECRET
    client.client_type = "confidential"
    client.jwt_alg = "RS256"
    client.require_consent = False
    client.reuse_consent = True
    client.redirect_uris = [f"{url.rstrip('/')}/accounts/acm/terug/" for url in portal_urls]
    client.post_logout_redirect_uris = [f"{url.rstrip('/')}/accounts/login/" for url in portal_urls]
    client.scope = ["openid", "profile", "email"]
    client.save()
    client.response_types.set([ResponseType.objects.get(value="code")])


def main():
    port, folder, *portal_urls = sys.argv[1:]
    os.environ["ACM_PROVIDER_FOLDER"] = folder
    os.environ["ACM_PROVIDER_URL"] = f"http://127.0.0.1:{port}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.acm_provider.settings"
    setup(folder, portal_urls)
    from django.core.management import call_command

    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, verbosity=0)


if __name__ == "__main__":
    main()
