"""A real OpenID Connect provider on loopback for the single sign-on tests: panva's
oidc-provider (npm, pinned in package-lock.json; `make test` runs `npm ci` here), started by
`tilbydar.mjs` in a node subprocess with tenants under /<tenant>/v2.0 like Entra ID.

`Tilbydar` starts it, names each tenant's issuer, keeps its accounts (a JSON file the
provider reads at every lookup, so a test can change someone's e-mail between two logins)
and logs in at the provider's own login page over HTTP like a browser would.
"""

import json
import pathlib
import re
import shutil
import subprocess
import threading
from urllib.parse import urljoin

import pytest
import requests

MAPPE = pathlib.Path(__file__).resolve().parent
KLIENT_ID = "alver"
KLIENT_HEMMELEG = "alver-hemmeleg-for-testane"


class Tilbydar:
    def __init__(self, tmp_path, redirect_uris, tenants=("kommunen", "nabokommunen")):
        if shutil.which("node") is None:
            pytest.fail(
                "Node.js is not installed: the single sign-on tests run a real OIDC provider in node."
            )
        if not (MAPPE / "node_modules" / "oidc-provider").is_dir():
            pytest.fail(
                f"The test OIDC provider is not installed: run `npm ci` in {MAPPE} (`make test` does)."
            )
        self.kontoar_fil = tmp_path / "kontoar.json"
        self.kontoar = {t: {} for t in tenants}
        self._skriv()
        klientar = [
            {"client_id": KLIENT_ID, "client_secret": KLIENT_HEMMELEG, "redirect_uris": list(redirect_uris)},
            # another application of the same tenant, for tokens meant for someone else
            {
                "client_id": "anna-app",
                "client_secret": "anna-hemmeleg",
                "redirect_uris": ["http://127.0.0.1:9/cb"],
            },
        ]
        # the same client id in every tenant: only the issuer tells the tokens apart
        klientar[0]["redirect_uris"].append("http://127.0.0.1:9/cb")
        oppsett = tmp_path / "oppsett.json"
        oppsett.write_text(
            json.dumps(
                {
                    "port": 0,
                    "kontoar": str(self.kontoar_fil),
                    "tenants": {t: {"clients": klientar} for t in tenants},
                }
            )
        )
        self.prosess = subprocess.Popen(
            ["node", str(MAPPE / "tilbydar.mjs"), str(oppsett)],
            cwd=MAPPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.logg = []
        linje = ""
        while True:
            linje = self.prosess.stdout.readline()
            if not linje:
                raise RuntimeError("the OIDC provider stopped at start:\n" + "".join(self.logg))
            if linje.startswith("LISTENING "):
                self.port = int(linje.split()[1])
                break
            self.logg.append(linje)
        # keep reading its output so a full pipe never blocks it; shown when a test fails
        threading.Thread(target=lambda: self.logg.extend(self.prosess.stdout), daemon=True).start()

    def issuer(self, tenant="kommunen"):
        return f"http://127.0.0.1:{self.port}/{tenant}/v2.0"

    def set_konto(self, login, tenant="kommunen", **claims):
        self.kontoar[tenant][login] = claims
        self._skriv()

    def _skriv(self):
        self.kontoar_fil.write_text(json.dumps(self.kontoar))

    def stopp(self):
        self.prosess.terminate()
        try:
            self.prosess.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.prosess.kill()
            self.prosess.wait()

    def logg_inn(self, url, login, tilbake_til):
        """Follow `url` (an authorization request) through the provider's login page as
        `login`, and return the URL it sends the browser back to (starting `tilbake_til`)."""
        s = requests.Session()
        for _ in range(12):
            svar = s.get(url, allow_redirects=False, timeout=10)
            if svar.is_redirect:
                url = urljoin(url, svar.headers["Location"])
            elif svar.status_code == 200 and 'name="login"' in svar.text:
                handling = re.search(r'<form[^>]*action="([^"]+)"', svar.text).group(1)
                svar = s.post(
                    urljoin(url, handling),
                    data={"prompt": "login", "login": login, "password": "kva-som-helst"},
                    allow_redirects=False,
                    timeout=10,
                )
                assert svar.is_redirect, svar.text[:500]
                url = urljoin(url, svar.headers["Location"])
            else:
                raise AssertionError(f"the provider answered {svar.status_code}: {svar.text[:500]}")
            if url.startswith(tilbake_til):
                return url
        raise AssertionError("the provider never sent the browser back")
