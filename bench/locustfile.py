"""Simulated municipal users for `bench/last.py` (and the Oslo-scale runs): leaders who log in,
read Mi side, the oppdrag list and the verksemdsplan, and now and then give a new oppdrag.

Each user waits 5–15 s between actions, as a person reading does. Every new oppdrag carries
a unique title; what the server answered for it is written, one line per write, to the file
named by ALVER_LAST_LOGG, so the runner can check afterwards that every write the server
confirmed is stored exactly once (no lost writes, no duplicates).

    locust -f bench/locustfile.py --headless -u 50 -r 5 -t 3m --host http://127.0.0.1:8190
"""

import itertools
import os
import random
import re
import threading
import uuid
from html.parser import HTMLParser

from locust import HttpUser, between, task

PASSORD = os.environ.get("ALVER_LAST_PASSORD", "demo")
LEIARAR = os.environ.get(
    "ALVER_LAST_BRUKARAR",
    "kommunalsjef.oppvekst@alver.example,kommunalsjef.helse@alver.example,tenesteleiar.skule@alver.example,"
    "kommunedirektor@alver.example",
).split(",")
LOGG = os.environ.get("ALVER_LAST_LOGG", "/tmp/alver-last-skriv.log")
_skrivlaas = threading.Lock()
_neste = itertools.count()


def loggfor(linje):
    with _skrivlaas, open(LOGG, "a", encoding="utf-8") as f:
        f.write(linje + "\n")


class Skjema(HTMLParser):
    """The fields of the page's main form as a browser would submit them untouched: the CSRF
    token, text defaults, and the first real choice of each select."""

    def __init__(self):
        super().__init__()
        self.felt, self.val, self._select, self._i_form = {}, {}, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "").lower() == "post":
            self._i_form = True
        if not self._i_form:
            return
        namn = a.get("name")
        if tag == "input" and namn and a.get("type") not in ("submit", "button", "checkbox", "radio", "file"):
            self.felt.setdefault(namn, a.get("value", ""))
        elif tag == "select" and namn:
            self._select = namn
            self.val.setdefault(namn, [])
        elif tag == "option" and self._select:
            if a.get("value"):
                self.val[self._select].append(a["value"])
            if "selected" in a and a.get("value"):
                self.felt[self._select] = a["value"]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._i_form = False


class Leiar(HttpUser):
    wait_time = between(5, 15)

    def on_start(self):
        self.epost = LEIARAR[next(_neste) % len(LEIARAR)]
        side = self.client.get("/logg-inn/", name="/logg-inn/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', side.text)
        self.client.post(
            "/logg-inn/",
            {
                "username": self.epost,
                "password": PASSORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": self.host + "/logg-inn/"},
            name="/logg-inn/ (POST)",
        )

    @task(4)
    def mi_side(self):
        self.client.get("/mi-side/", name="/mi-side/")

    @task(2)
    def oppdragsliste(self):
        self.client.get("/oppdrag/", name="/oppdrag/")

    @task(1)
    def verksemdsplan(self):
        self.client.get("/verksemdsplan/", name="/verksemdsplan/")

    @task(2)
    def nytt_oppdrag(self):
        side = self.client.get("/oppdrag/ny/", name="/oppdrag/ny/")
        if side.status_code != 200:
            return
        p = Skjema()
        p.feed(side.text)
        data = dict(p.felt)
        for namn in ("eining", "kategori", "tema"):
            if not data.get(namn) and p.val.get(namn):
                data[namn] = random.choice(p.val[namn])
        tittel = f"Lasttest {uuid.uuid4().hex[:12]}"
        data.update(tittel=tittel, skildring="Laga av lasttesten.")
        with self.client.post(
            "/oppdrag/ny/",
            data,
            headers={"Referer": self.host + "/oppdrag/ny/"},
            allow_redirects=False,
            name="/oppdrag/ny/ (POST)",
            catch_response=True,
        ) as svar:
            ok = svar.status_code == 302 and re.search(r"/oppdrag/\d+/$", svar.headers.get("Location", ""))
            loggfor(f"{tittel}\t{'ok' if ok else 'feil'}\t{svar.status_code}")
            if ok:
                svar.success()
            else:
                svar.failure(f"no oppdrag made ({svar.status_code})")
