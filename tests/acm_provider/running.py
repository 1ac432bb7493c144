"""Start the local OpenID Provider for a test or `make run-acm`, and change what it says."""

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The test users, whose claims mirror ACM's: Gent's OCMW (the KBO number of Gent), a VDAB
# network manager for Oost-Vlaanderen, and someone whose organisation the portal does not know.
USERS = {
    "an.ocmw.gent": {
        "claims": {
            "given_name": "An",
            "family_name": "Peeters",
            "email": "an.peeters@gent.example",
            "vo_doelgroepcode": "LB",
            "vo_orgcode": "0207451227",
            "iv_ocmwportaal_rol": ["OCMWPortaalGebruiker:0207451227"],
        }
    },
    "bart.vdab.oost": {
        "claims": {
            "given_name": "Bart",
            "family_name": "Claes",
            "email": "bart.claes@vdab.example",
            "vo_doelgroepcode": "OV",
            "vo_orgcode": "VDAB-OVL",
            "iv_ocmwportaal_rol": ["OCMWPortaalNetwerkmanager:VDAB-OVL"],
        }
    },
    "zonder.rol": {
        "claims": {
            "given_name": "Zonder",
            "family_name": "Rol",
            "vo_doelgroepcode": "LB",
            "vo_orgcode": "0999999999",
            "iv_ocmwportaal_rol": [],
        }
    },
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Provider:
    def __init__(self, folder, portal_urls, port=None):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.write(users=USERS)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.acm_provider", str(self.port), str(self.folder)]
            + list(portal_urls),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{self.url}/.well-known/openid-configuration", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the local OpenID provider did not start")

    def write(self, users=None, hide_signing_key=False):
        data = {"users": users or self.users(), "verberg_sleutel": hide_signing_key}
        (self.folder / "users.json").write_text(json.dumps(data))

    def users(self):
        return json.loads((self.folder / "users.json").read_text())["users"]

    def set_roles(self, username, roles):
        users = self.users()
        users[username]["claims"]["iv_ocmwportaal_rol"] = roles
        self.write(users=users)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
