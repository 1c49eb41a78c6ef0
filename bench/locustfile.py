"""Simulated municipal users for `bench/last.py` (and the Oslo-scale runs): leaders who log in,
read Mi side, the oppdrag list (also filtered), an oppdrag, the verksemdsplan and the
organisation, now and then give a new oppdrag or delegate one of theirs; and the other roles
(employee, sekretariat, økonomi, HR, politician) reading their start page and their pages; and
citizens with no login following links through the public pages (/innsyn/).

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


def logg_inn(user, epost):
    side = user.client.get("/logg-inn/", name="/logg-inn/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', side.text)
    user.client.post(
        "/logg-inn/",
        {"username": epost, "password": PASSORD, "csrfmiddlewaretoken": token.group(1) if token else ""},
        headers={"Referer": user.host + "/logg-inn/"},
        name="/logg-inn/ (POST)",
    )


# the other roles of the demo and what each reads
LESARAR = {
    "medarbeidar@alver.example": ["/mi-side/", "/oppdrag/?eigar=meg", "/verksemdsplan/", "/aarshjul/"],
    "sekretariat@alver.example": ["/mi-side/", "/politisk-oppfolging/", "/aarshjul/", "/oppdrag/"],
    "okonomi@alver.example": ["/mi-side/", "/rapportering/", "/oppdrag/?status=forseinka"],
    "hr@alver.example": ["/mi-side/", "/organisasjon/", "/organisasjon/?q=skule"],
    "politikar@alver.example": ["/mi-side/", "/politisk-oppfolging/"],
}
_neste_lesar = itertools.count()


class Lesar(HttpUser):
    weight = 2
    wait_time = between(5, 15)

    def on_start(self):
        self.epost = list(LESARAR)[next(_neste_lesar) % len(LESARAR)]
        logg_inn(self, self.epost)

    @task
    def les(self):
        url = random.choice(LESARAR[self.epost])
        self.client.get(url, name=url)


class Innbyggjar(HttpUser):
    """A citizen with no login on the public pages (/innsyn/): the start page, then a link found
    there or on the page before — a plan, a goal, a public oppdrag, the follow-up, the adopted
    økonomiplan, a published verksemdsplan, a released report — and now and then the public
    search. Requests are named by their pattern (digits as <id>) so the report groups them."""

    weight = 1
    wait_time = between(5, 15)

    def on_start(self):
        self.lenkjer = []

    def _hent(self, url):
        svar = self.client.get(url, name=re.sub(r"\d+", "<id>", url.split("?")[0]))
        if svar.status_code == 200:
            self.lenkjer = [
                u for u in re.findall(r'href="(/innsyn/[^"#]+)"', svar.text) if not u.endswith(".pdf")
            ] or self.lenkjer

    @task(4)
    def folg_lenkje(self):
        self._hent(random.choice(self.lenkjer) if self.lenkjer else "/innsyn/")

    @task(1)
    def startside(self):
        self._hent("/innsyn/")

    @task(1)
    def sok(self):
        self.client.get(
            f"/innsyn/sok/?q={random.choice(['skule', 'barnehage', 'klima', 'helse'])}", name="/innsyn/sok/"
        )


class Leiar(HttpUser):
    weight = 3
    wait_time = between(5, 15)

    @task(2)
    def filtrert_liste(self):
        url = random.choice(
            ["/oppdrag/?status=forseinka", "/oppdrag/?einingsok=skule", "/oppdrag/?eigar=meg"]
        )
        self.client.get(url, name=url)

    @task(2)
    def eitt_oppdrag(self):
        liste = self.client.get("/oppdrag/?eigar=meg", name="/oppdrag/?eigar=meg")
        ids = re.findall(r'href="/oppdrag/(\d+)/"', liste.text)
        if ids:
            self.client.get(f"/oppdrag/{random.choice(ids)}/", name="/oppdrag/<id>/")

    @task(1)
    def organisasjon(self):
        self.client.get("/organisasjon/", name="/organisasjon/")

    @task(1)
    def deleger(self):
        """Delegate one of my oppdrag to the first person the picker offers (refused, and so
        not counted a failure, when that one has it already)."""
        liste = self.client.get("/oppdrag/?eigar=meg", name="/oppdrag/?eigar=meg")
        ids = re.findall(r'href="/oppdrag/(\d+)/"', liste.text)
        if not ids:
            return
        pk = random.choice(ids)
        side = self.client.get(f"/oppdrag/{pk}/", name="/oppdrag/<id>/")
        form = re.search(r'action="/oppdrag/\d+/deleger/"(.*?)</form>', side.text, re.S)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', side.text)
        til = (
            re.findall(
                r'<option value="(\d+)"', re.search(r'name="til".*?</select>', form.group(1), re.S).group(0)
            )
            if form
            else []
        )
        if not til or not token:
            return
        with self.client.post(
            f"/oppdrag/{pk}/deleger/",
            {"til": random.choice(til), "csrfmiddlewaretoken": token.group(1), "notat": "Frå lasttesten."},
            headers={"Referer": f"{self.host}/oppdrag/{pk}/"},
            allow_redirects=False,
            name="/oppdrag/<id>/deleger/ (POST)",
            catch_response=True,
        ) as svar:
            if svar.status_code in (200, 302):  # 200: refused with a message by the field
                svar.success()
            else:
                svar.failure(f"delegation answered {svar.status_code}")

    def on_start(self):
        self.epost = LEIARAR[next(_neste) % len(LEIARAR)]
        logg_inn(self, self.epost)

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
