"""A crawler through the test client: what a user can reach from the menu, and whether every
link the pages show them opens. Reusable: a test gives it a logged-in client and checks each
page it yields (`Side`), e.g. for content a role must not see, or for forms to fill with bad
values later.

Links are followed within the site only, without JavaScript, after same-site redirects, at most
`per_namn` distinct URLs per URL name (a page of 50 oppdrag links needs one or two of them
tried, not 50), so a crawl stays bounded however large the kommune is."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.urls import Resolver404, resolve

IKKJE_SIDER = ("/static/", "/media/", "/admin/", "/logg-ut", "/i18n/")


@dataclass
class Felt:
    namn: str
    type: str  # the input's type, or "select", "select-multiple", "textarea"
    verdi: str = ""  # what the page filled in (a select's selected option, a checked box's value)
    val: list = field(default_factory=list)  # a select's options
    merka: bool = True  # a checkbox or radio: whether it is checked


@dataclass
class Skjema:
    action: str
    metode: str
    felt: list = field(default_factory=list)
    fleirdelt: bool = False  # multipart: a file upload


class _Lenkjer(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lenkjer, self.meny, self._i_meny = [], [], 0
        self.skjema, self._skjema, self._felt = [], None, None

    def handle_data(self, data):
        if self._felt is not None and self._felt.type == "textarea":
            self._felt.verdi += data

    def _skjemadel(self, tag, a):
        if tag == "form":
            self._skjema = Skjema(
                action=a.get("action") or "",
                metode=(a.get("method") or "get").lower(),
                fleirdelt="multipart" in (a.get("enctype") or ""),
            )
            self.skjema.append(self._skjema)
            return
        if self._skjema is None or not a.get("name") or "disabled" in a:
            return
        if tag == "input":
            type_ = (a.get("type") or "text").lower()
            if type_ in ("submit", "button", "image", "reset"):
                return
            self._skjema.felt.append(
                Felt(a["name"], type_, a.get("value") or ("on" if type_ in ("checkbox", "radio") else ""),
                     merka="checked" in a if type_ in ("checkbox", "radio") else True)
            )  # fmt: skip
        elif tag == "select":
            self._felt = Felt(a["name"], "select-multiple" if "multiple" in a else "select")
            self._skjema.felt.append(self._felt)
        elif tag == "option" and self._felt is not None:
            verdi = a.get("value", "")
            self._felt.val.append(verdi)
            if "selected" in a or not self._felt.verdi:
                self._felt.verdi = verdi
        elif tag == "textarea":
            self._felt = Felt(a["name"], "textarea")
            self._skjema.felt.append(self._felt)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self._skjemadel(tag, a)
        if tag == "nav" and "hovudmeny" in (a.get("class") or ""):
            self._i_meny = 1
        elif tag == "nav" and self._i_meny:
            self._i_meny += 1
        if tag == "a" and a.get("href"):
            self.lenkjer.append(a["href"])
            if self._i_meny:
                self.meny.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "nav" and self._i_meny:
            self._i_meny -= 1
        if tag in ("select", "textarea"):
            self._felt = None
        if tag == "form":
            self._skjema = None


@dataclass
class Side:
    url: str
    status: int
    url_namn: str
    innhald: str = ""
    lenkjer: list = field(default_factory=list)
    meny: list = field(default_factory=list)
    fraa: str = ""  # the page that linked here
    skjema: list = field(default_factory=list)  # its forms (Skjema), actions made absolute


def _intern(href, base):
    href = urldefrag(href)[0]
    if not href or href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    delar = urlsplit(href)
    if delar.scheme or delar.netloc:
        return None  # another site
    if not href.startswith("/"):
        href = base.rsplit("/", 1)[0] + "/" + href if not href.startswith("?") else base.split("?")[0] + href
    return None if href.startswith(IKKJE_SIDER) else href


def _url_namn(url):
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return ""


class Krypar:
    def __init__(self, client, *, per_namn=2):
        self.client, self.per_namn = client, per_namn
        self.sett = {}  # url → Side
        self._per_namn = {}

    def hent(self, url, fraa=""):
        if url in self.sett:
            return self.sett[url]
        svar = self.client.get(url, follow=True)
        side = Side(url=url, status=svar.status_code, url_namn=_url_namn(url), fraa=fraa)
        if svar.status_code == 200 and "text/html" in svar.get("Content-Type", ""):
            side.innhald = svar.content.decode()
            p = _Lenkjer()
            p.feed(side.innhald)
            endeleg = svar.redirect_chain[-1][0] if svar.redirect_chain else url
            side.lenkjer = [u for h in p.lenkjer if (u := _intern(h, endeleg))]
            side.meny = [u for h in p.meny if (u := _intern(h, endeleg))]
            for skjema in p.skjema:
                skjema.action = _intern(skjema.action or endeleg, endeleg)
                if skjema.action:
                    side.skjema.append(skjema)
        self.sett[url] = side
        return side

    def _ta_med(self, url):
        """At most `per_namn` URLs per URL name are visited; the rest of a list is alike."""
        namn = _url_namn(url)
        sett = self._per_namn.setdefault(namn, set())
        if url in sett or len(sett) < self.per_namn:
            sett.add(url)
            return True
        return False

    def kryp(self, start="/"):
        """The start page, the menu's pages and the pages they link to (one link deep); then every
        link those show is opened too (its status checked, its own links not followed). Yields
        each page visited, with the page linking to it."""
        forside = self.hent(start)
        yield forside
        nivaa = [(u, start) for u in dict.fromkeys([*forside.meny, *forside.lenkjer])]
        for djupn in range(3):
            neste = []
            for url, fraa in nivaa:
                if url in self.sett or not self._ta_med(url):
                    continue
                side = self.hent(url, fraa)
                yield side
                if djupn < 2:
                    neste.extend((u, url) for u in side.lenkjer)
            nivaa = neste
