"""Political decisions through a year in the demo kommune; each becomes an oppdrag (through
verksemdsplan's receivers). Built once; a second run changes nothing."""

import datetime

from alver.models import Eining, User

from . import grunndata as grunndata_
from . import services
from .models import Mote, Organ

MOTE = [
    # (body, date, [(case, title, sector code, kind)])
    (
        "Kommunestyret",
        datetime.date(2026, 2, 12),
        [
            ("PS 8/2026", "Utgreie felles skulebruksplan for heile kommunen", "2000", "vedtak"),
            ("PS 9/2026", "Auka kapasitet i heimetenesta i nord", "3000", "vedtak"),
            ("PS 10/2026", "Gratis kollektivtransport for ungdom – utgreiing", "4000", "tilleggsbestilling"),
        ],
    ),
    (
        "Formannskapet",
        datetime.date(2026, 3, 5),
        [
            ("PS 21/2026", "Plan for bustadsosialt arbeid", "3000", "vedtak"),
            ("PS 22/2026", "Ny gang- og sykkelveg til Alversund skule", "5000", "vedtak"),
        ],
    ),
    (
        "Utval for oppvekst og kultur",
        datetime.date(2026, 4, 16),
        [
            ("PS 14/2026", "Tiltak mot mobbing i ungdomsskulen", "2000", "vedtak"),
            ("PS 15/2026", "Ope bibliotek i helgane", "4000", "tilleggsbestilling"),
        ],
    ),
    (
        "Kommunestyret",
        datetime.date(2026, 6, 18),
        [
            ("PS 45/2026", "Heiltidskultur: handlingsplan for fleire heile stillingar", "6000", "vedtak"),
            ("PS 46/2026", "Digital innbyggjardialog før planvedtak", "6000", "tilleggsbestilling"),
            ("PS 47/2026", "Trafikktryggleiksplan 2026–2030", "5000", "vedtak"),
        ],
    ),
]


EMNE = [
    "Utgreiing av {}",
    "Handlingsplan for {}",
    "Evaluering av {}",
    "Betre tilbod innan {}",
    "Kostnadskutt i {}",
]
OMRAADE = {
    "2000": [
        "skulefritidsordninga",
        "barnehageopptaket",
        "leirskule",
        "spesialundervisning",
        "skulehelsetenesta",
    ],
    "3000": ["velferdsteknologi", "dagtilbod for eldre", "rusomsorga", "legevakta", "bustadtilbodet"],
    "4000": [
        "sentrumsutvikling i Knarvik",
        "friluftsområde",
        "kulturhuset",
        "næringsareal",
        "reguleringsplanar",
    ],
    "5000": ["kommunale vegar", "vassforsyninga", "brannberedskap", "kommunale bygg", "vintervedlikehald"],
    "6000": ["innkjøpsrutinar", "sjukefråvær", "rekruttering", "arkivet", "digitale skjema"],
}


def _fleire_mote():
    """Thirty more decisions over the year, spread over bodies and sectors."""
    organ = [
        "Kommunestyret",
        "Formannskapet",
        "Utval for oppvekst og kultur",
        "Utval for helse og omsorg",
        "Utval for areal, plan og miljø",
    ]
    mote, nr = [], 100
    for m in range(6):
        saker = []
        for j, kode in enumerate(OMRAADE):
            nr += 1
            tittel = EMNE[(m + j) % len(EMNE)].format(OMRAADE[kode][(m + j) % 5])
            saker.append(
                (
                    f"PS {nr}/2026",
                    tittel[0].upper() + tittel[1:],
                    kode,
                    "tilleggsbestilling" if (m + j) % 4 == 0 else "vedtak",
                )
            )
        mote.append((organ[m % len(organ)], datetime.date(2026, 1 + m * 2, 20), saker))
    return mote


def grunndata():
    grunndata_.last_inn(Organ)


def bygg(stdout=None, **_):
    if Mote.objects.exists():
        return
    sekretar = User.objects.get(email="sekretariat@alver.example")
    einingar = {e.kode: e for e in Eining.objects.filter(type=Eining.Type.SEKTOR)}
    alle = MOTE + _fleire_mote()
    for organ, dato, saker in alle:
        services.registrer_mote(
            organ=Organ.objects.get(namn=organ),
            dato=dato,
            user=sekretar,
            saker=[
                {
                    "saksnummer": nr,
                    "tittel": tittel,
                    "tekst": f"{tittel}. Kommunedirektøren legg fram sak innan fristen.",
                    "type": kind,
                    "ansvarleg_sektor": einingar[kode],
                }
                for nr, tittel, kode, kind in saker
            ],
        )
    if stdout:
        stdout.write(f"Vedtak: {sum(len(s) for _o, _d, s in alle)} vedtak i {len(alle)} møte.")
