"""Every form a demo user is shown, filled with bad values, never answers 500 (issue 18): empty
values, NUL, numbers no database holds, very long text, markup, and redirects that are not a
path on this site. Run on PostgreSQL in CI (.ci/run), where NUL and out-of-range numbers fail
in the database, not only in forms; SQLite hides some of it.

The crawl (tests/kryp.py) finds the forms; each distinct form (action, method, field names) is
sent a few times: once per kind of bad value with every field bad, and once with a single field
bad and the others as the page filled them, so a view's path past a valid form is reached too.
Kinds are taken in turn across forms, not the full cross product, to keep the run to minutes.
Besides the status, a reflected script tag and a redirect off the site are failures."""

import itertools
from urllib.parse import urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from alver.demo import DOMENE
from alver.models import User
from tests.kryp import Krypar, _url_namn

SKRIPT = '<script>alert("alver")</script>'
DAARLEGE = {
    "tom": "",
    "nul": "a\x00b",
    "stort_tal": "9" * 30,
    "negativt": "-" + "9" * 20,
    "lang_tekst": "Lang tekst utan ende. " * 1500,  # 33,000 characters: past every text limit
    "markup": SKRIPT + "<img src=x onerror=alert(1)>\"'&",
    "omdiriger": None,  # per field: a redirect field gets an off-site or non-path target
}
OMDIRIGERINGAR = [
    "https://evil.example/",
    "//evil.example/x",
    "javascript:alert(1)",
    "mi-side",
    "\\\\evil.example",
]
OMDIRIGERINGSFELT = ("neste", "next", "tilbake", "return", "url", "redirect")
# kinds each distinct form gets with every field bad; the rest are taken in turn across forms
ALLTID = ("nul", "stort_tal")
I_TUR = ("tom", "negativt", "lang_tekst", "markup", "omdiriger")
PER_SKJEMA_I_TUR = 2


def _verdi(felt, kind, nr):
    if kind == "omdiriger":
        if any(o in felt.namn.lower() for o in OMDIRIGERINGSFELT) or felt.type == "hidden":
            return OMDIRIGERINGAR[nr % len(OMDIRIGERINGAR)]
        return felt.verdi
    return DAARLEGE[kind]


def _fil(kind):
    if kind == "tom":
        return SimpleUploadedFile("tom.xlsx", b"")
    # a workbook in name only, or text with the bad value in it
    return SimpleUploadedFile("fil.xlsx" if kind == "stort_tal" else "fil.csv", b"PK\x03\x04" + kind.encode())


def _data(skjema, bad, kind, nr):
    """The form's fields as the page filled them, with the fields in `bad` given `kind`."""
    data = {}
    for felt in skjema.felt:
        if felt.type in ("checkbox", "radio") and not felt.merka and felt.namn not in bad:
            continue
        if felt.type == "file":
            verdi = _fil(kind) if felt.namn in bad else None
            if verdi is None:
                continue
        elif felt.namn in bad and not (felt.type == "hidden" and felt.namn == "csrfmiddlewaretoken"):
            verdi = _verdi(felt, kind, nr)
        else:
            verdi = felt.verdi
        data.setdefault(felt.namn, []).append(verdi)
    return data


def _send(c, skjema, data):
    if skjema.metode == "post":
        return c.post(skjema.action, data)
    return c.get(skjema.action.split("?")[0], {k: v for k, v in data.items() if not hasattr(v[0], "read")})


def _sjekk(svar, kind, skildring):
    feil = []
    if svar.status_code >= 500:
        exc = getattr(svar, "exc_info", None)
        feil.append(
            f"{skildring} → {svar.status_code}: {exc[1]!r}" if exc else f"{skildring} → {svar.status_code}"
        )
    elif svar.status_code in (301, 302, 303, 307, 308):
        stad = urlsplit(svar["Location"])
        if stad.netloc not in ("", "testserver") or stad.scheme not in ("", "http", "https"):
            feil.append(f"{skildring} → redirect off the site: {svar['Location']}")
    elif kind == "markup" and SKRIPT in svar.content.decode(errors="replace"):
        feil.append(f"{skildring} → the script tag is shown unescaped")
    return feil


def _prov(c, sider):
    """Send each distinct form its bad values; the failures, and how many forms were tried."""
    sett, feil, i_tur = set(), [], itertools.cycle(I_TUR)
    skjema = [(side, s) for side in sider for s in side.skjema]
    for side, s in skjema:
        namn = tuple(sorted({f.namn for f in s.felt}))
        nokkel = (_url_namn(s.action), s.metode, namn)
        if nokkel in sett:
            continue
        sett.add(nokkel)
        alle = {f.namn for f in s.felt}
        kinds = [*ALLTID, *(next(i_tur) for _ in range(PER_SKJEMA_I_TUR))]
        for nr, kind in enumerate(kinds):
            skildring = f"{s.metode.upper()} {s.action} (form on {side.url}) with every field {kind}"
            feil += _sjekk(_send(c, s, _data(s, alle, kind, nr)), kind, skildring)
        endrelege = [
            f for f in s.felt if f.type not in ("hidden", "submit") and f.namn != "csrfmiddlewaretoken"
        ]
        if endrelege:
            felt = endrelege[len(sett) % len(endrelege)]
            kind = ("stort_tal", "lang_tekst", "markup")[len(sett) % 3]
            skildring = f"{s.metode.upper()} {s.action} (form on {side.url}) with {felt.namn} {kind}"
            feil += _sjekk(_send(c, s, _data(s, {felt.namn}, kind, 0)), kind, skildring)
    return feil, len(sett)


def _prov_som(c):
    sider = list(Krypar(c).kryp("/"))
    return _prov(c, sider)


def test_no_form_an_administrator_is_shown_answers_500_to_bad_values(demo):
    """The administrator reaches nearly every form; the other roles' forms are the same forms
    with fewer choices, and each demo build costs more than the probing itself."""
    c = Client(raise_request_exception=False)
    c.force_login(User.objects.get(email=f"admin@{DOMENE}"))
    feil, tal = _prov_som(c)
    assert tal >= 15, f"the crawl found only {tal} forms: too little to prove anything"
    assert not feil, f"{len(feil)} bad submissions failed:\n" + "\n".join(feil)


def test_no_form_an_anonymous_visitor_is_shown_answers_500_to_bad_values(db):
    feil, tal = _prov_som(Client(raise_request_exception=False))
    assert tal >= 2, f"the crawl found only {tal} forms (the login and the language switch)"
    assert not feil, f"{len(feil)} bad submissions failed:\n" + "\n".join(feil)
