"""The demo kommune's organisation and people, modelled on Alver (the seed).

Built through the same import engine as the HR import, so a second run changes nothing.
`--scale N` adds N-1 further sets of service areas and units under the sectors (N=10 gives
about 1,500 units and 20,000 people), with bulk inserts.
"""

from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from . import services
from .lib import profil as kommuneprofil
from .lib.svg import rens_svg
from .models import Kommuneprofil, User
from .permissions import FUNKSJONELLE_ROLLER, Rolle

DEMO_PASSORD = "demo"
DOMENE = "alver.example"

# (code, name, leader e-mail or None, [(code, name, leader e-mail or None, [unit names])])
SEKTORAR = [
    (
        "2000",
        "Oppvekst",
        "kommunalsjef.oppvekst",
        [
            (
                "2100",
                "Skule",
                "tenesteleiar.skule",
                [
                    "Alversund skule",
                    "Knarvik skule",
                    "Lindås ungdomsskule",
                    "Manger skule",
                    "Frekhaug skule",
                    "Hjelmås skule",
                    "Ostereidet skule",
                    "Sætre skule",
                    "Leiknes skule",
                    "Seim skule",
                ],
            ),
            (
                "2200",
                "Barnehage",
                None,
                [
                    "Knarvik barnehage",
                    "Alversund barnehage",
                    "Manger barnehage",
                    "Frekhaug barnehage",
                    "Ostereidet barnehage",
                    "Seim barnehage",
                ],
            ),
            (
                "2300",
                "Barn og familie",
                None,
                ["PPT", "Barnevernstenesta", "Helsestasjon og skulehelseteneste"],
            ),
            ("2400", "Vaksenopplæring og integrering", None, ["Alver vaksenopplæring", "Flyktningtenesta"]),
        ],
    ),
    (
        "3000",
        "Helse og omsorg",
        "kommunalsjef.helse",
        [
            (
                "3100",
                "Sjukeheimar",
                None,
                ["Alversund omsorgssenter", "Lindås sjukeheim", "Radøy sjukeheim", "Meland sjukeheim"],
            ),
            (
                "3200",
                "Heimetenester",
                None,
                ["Heimesjukepleie nord", "Heimesjukepleie sør", "Heimesjukepleie vest", "Praktisk bistand"],
            ),
            (
                "3300",
                "Helse og meistring",
                None,
                ["Legetenesta", "Legevakt", "Psykisk helse og rus", "Fysio- og ergoterapi"],
            ),
            (
                "3400",
                "Bu- og miljøtenester",
                None,
                ["Bufellesskap Knarvik", "Bufellesskap Manger", "Avlastning"],
            ),
        ],
    ),
    (
        "4000",
        "Samfunnsutvikling",
        None,
        [
            ("4100", "Plan og byggesak", None, ["Arealplan", "Byggesak", "Oppmåling"]),
            ("4200", "Kultur", None, ["Kulturskulen", "Biblioteket", "Frivilligsentralen"]),
            ("4300", "Næring og landbruk", None, ["Næring", "Landbruk"]),
            ("4400", "Klima og miljø", None, ["Miljø og naturforvaltning"]),
        ],
    ),
    (
        "5000",
        "Teknisk",
        None,
        [
            ("5100", "Vatn og avløp", None, ["Vassverk", "Avløp"]),
            ("5200", "Veg og park", None, ["Vegdrift", "Park og idrett"]),
            ("5300", "Eigedom", None, ["Byggdrift", "Reinhald", "Byggeprosjekt"]),
            ("5400", "Brann og redning", None, ["Brannstasjon Knarvik", "Brannstasjon Manger"]),
        ],
    ),
    (
        "6000",
        "Organisasjon og økonomi",
        None,
        [
            ("6100", "Økonomi", None, ["Rekneskap", "Budsjett og analyse", "Innkjøp"]),
            ("6200", "HR og utvikling", None, ["HR", "Løn"]),
            ("6300", "Digitalisering", None, ["IKT-drift", "Digital utvikling"]),
            (
                "6400",
                "Politisk sekretariat og service",
                None,
                ["Politisk sekretariat", "Servicetorget", "Arkiv"],
            ),
        ],
    ),
]

# The logins the README lists: e-mail prefix → (name, title, unit name or None, roles by group)
DEMO_BRUKARAR = {
    "admin": ("Ada Brekke", "Systemansvarleg", "IKT-drift", [Rolle.ADMINISTRATOR]),
    "kommunedirektor": ("Kari Nordbø", "Kommunedirektør", None, []),
    "kommunalsjef.oppvekst": ("Ola Vikøren", "Kommunalsjef oppvekst", None, []),
    "kommunalsjef.helse": ("Ingrid Hauge", "Kommunalsjef helse og omsorg", None, []),
    "tenesteleiar.skule": ("Per Mjanger", "Tenesteleiar skule", None, []),
    "medarbeidar": ("Silje Kvamme", "Lærar", "Knarvik skule", []),
    "sekretariat": ("Tone Hopland", "Politisk sekretær", "Politisk sekretariat", [Rolle.SEKRETARIAT]),
    "okonomi": ("Lars Eikeland", "Økonomirådgjevar", "Budsjett og analyse", [Rolle.OKONOMI]),
    "hr": ("Marit Tveit", "HR-rådgjevar", "HR", [Rolle.HR]),
    "politikar": ("Nils Fjellanger", "Kommunestyrerepresentant", None, [Rolle.POLITIKAR]),
    # members of other political groups than politikar@ (the Politikarmodul's privacy shows)
    "politikar2": ("Ragnhild Sæle", "Kommunestyrerepresentant", None, [Rolle.POLITIKAR]),
    "politikar3": ("Eirik Hopsdal", "Kommunestyrerepresentant", None, [Rolle.POLITIKAR]),
}
POLITIKARAR = ("politikar", "politikar2", "politikar3")

FORNAMN = [
    "Anne",
    "Arne",
    "Astrid",
    "Bjørn",
    "Berit",
    "Dag",
    "Eirik",
    "Elin",
    "Frode",
    "Gro",
    "Geir",
    "Hilde",
    "Hans",
    "Ida",
    "Jon",
    "Johanne",
    "Knut",
    "Kristin",
    "Leif",
    "Liv",
    "Magnus",
    "Marte",
    "Nina",
    "Odd",
    "Oddny",
    "Ragnhild",
    "Rune",
    "Sigrid",
    "Stein",
    "Solveig",
    "Terje",
    "Torunn",
    "Vegard",
    "Åse",
    "Øystein",
    "Synnøve",
    "Torstein",
    "Ingvild",
    "Håkon",
    "Gunnhild",
]
ETTERNAMN = [
    "Alver",
    "Bakke",
    "Berge",
    "Dale",
    "Eide",
    "Fosse",
    "Grønås",
    "Haugland",
    "Hella",
    "Instanes",
    "Kleppe",
    "Knarvik",
    "Lie",
    "Lygre",
    "Myking",
    "Nesse",
    "Olsnes",
    "Radøy",
    "Rossland",
    "Sandvik",
    "Seim",
    "Skaar",
    "Solberg",
    "Storheim",
    "Sæbø",
    "Tangen",
    "Toft",
    "Ulvøy",
    "Vestrheim",
    "Økland",
    "Åsheim",
    "Hopsdal",
]
TITLAR = {
    "skule": ["Lærar", "Lektor", "Assistent", "Miljøarbeidar"],
    "barnehage": ["Pedagogisk leiar", "Barne- og ungdomsarbeidar", "Assistent"],
    "omsorg": ["Sjukepleiar", "Helsefagarbeidar", "Assistent", "Vernepleiar"],
    "anna": ["Rådgjevar", "Konsulent", "Fagarbeidar", "Seniorrådgjevar"],
}


def grunndata():
    """The role groups come from a data migration; a flushed test database may have lost them."""
    for r in FUNKSJONELLE_ROLLER:
        Group.objects.get_or_create(name=r)


def _titlar(eining_namn):
    n = eining_namn.lower()
    if "skule" in n:
        return TITLAR["skule"]
    if "barnehage" in n:
        return TITLAR["barnehage"]
    if any(o in n for o in ("sjukeheim", "omsorg", "heimesjuk", "bufelles", "avlast", "bistand")):
        return TITLAR["omsorg"]
    return TITLAR["anna"]


class _Namnelager:
    """Deterministic, unique, plausible names and addresses: the same on every run."""

    def __init__(self):
        self.i = 0
        self.brukt = set()

    def neste(self):
        while True:
            f = FORNAMN[self.i % len(FORNAMN)]
            e = ETTERNAMN[(self.i * 7 + self.i // len(FORNAMN)) % len(ETTERNAMN)]
            runde = self.i // (len(FORNAMN) * len(ETTERNAMN))
            self.i += 1
            epost = f"{_ascii(f)}.{_ascii(e)}{runde or ''}@{DOMENE}"
            if epost not in self.brukt:
                self.brukt.add(epost)
                return f"{f} {e}", epost


def _ascii(tekst):
    return tekst.lower().translate(str.maketrans({"æ": "ae", "ø": "o", "å": "aa", " ": "", "-": ""}))


def rader(scale=1):
    """The unit rows and person rows of the demo kommune, in the HR export's shape."""
    namn = _Namnelager()
    einingar, personar = [], []
    brukt_logins = {f"{p}@{DOMENE}" for p in DEMO_BRUKARAR}
    namn.brukt |= brukt_logins

    def person(epost, fullt, tittel, kode):
        personar.append(
            {"rad": len(personar) + 2, "epost": epost, "namn": fullt, "tittel": tittel, "eining_kode": kode}
        )

    def eining(kode, namn_, overordna, leiar):
        einingar.append(
            {
                "rad": len(einingar) + 2,
                "kode": kode,
                "namn": namn_,
                "overordna": overordna,
                "leiar_epost": leiar or "",
            }
        )

    def leiar_og_tilsette(kode, eining_namn, tal_tilsette, tittel):
        fullt, epost = namn.neste()
        person(epost, fullt, tittel, kode)
        titlar = _titlar(eining_namn)
        for j in range(tal_tilsette):
            f, e = namn.neste()
            person(e, f, titlar[j % len(titlar)], kode)
        return epost

    def login(prefiks, kode):
        fullt, tittel, _unit, _roller = DEMO_BRUKARAR[prefiks]
        epost = f"{prefiks}@{DOMENE}"
        person(epost, fullt, tittel, kode)
        return epost

    eining("1000", "Alver kommune", "", login("kommunedirektor", "1000"))
    eining_kode_for_namn = {}
    for s_kode, s_namn, s_leiar, omraade in SEKTORAR:
        leiar = (
            login(s_leiar, s_kode)
            if s_leiar
            else leiar_og_tilsette(s_kode, s_namn, 1, f"Kommunalsjef {s_namn.lower()}")
        )
        eining(s_kode, s_namn, "1000", leiar)
        for t_kode, t_namn, t_leiar, einingsnamn in omraade:
            leiar = (
                login(t_leiar, t_kode)
                if t_leiar
                else leiar_og_tilsette(t_kode, t_namn, 0, f"Tenesteleiar {t_namn.lower()}")
            )
            eining(t_kode, t_namn, s_kode, leiar)
            for i, e_namn in enumerate(einingsnamn, start=1):
                e_kode = str(int(t_kode) + i)
                eining_kode_for_namn[e_namn] = e_kode
                # a leader and, for most units, one employee: about 150 people in all
                tilsette = 0 if len(eining_kode_for_namn) % 6 == 0 else 1
                eining(e_kode, e_namn, t_kode, leiar_og_tilsette(e_kode, e_namn, tilsette, "Einingsleiar"))
    for prefiks, (_n, _t, unit, _r) in DEMO_BRUKARAR.items():
        if unit:
            login(prefiks, eining_kode_for_namn[unit])

    for k in range(2, scale + 1):
        for s_kode, s_namn, _l, _o in SEKTORAR:
            for t in range(1, 5):
                t_kode = f"{s_kode[0]}{k:03d}{t}"
                t_namn = f"{s_namn} område {k}.{t}"
                eining(
                    t_kode,
                    t_namn,
                    s_kode,
                    leiar_og_tilsette(t_kode, t_namn, 0, f"Tenesteleiar {s_namn.lower()}"),
                )
                for u in range(1, 8):
                    e_kode = f"{t_kode}{u:02d}"
                    e_namn = f"{s_namn} eining {k}.{t}.{u}"
                    eining(e_kode, e_namn, t_kode, leiar_og_tilsette(e_kode, e_namn, 15, "Einingsleiar"))
    return einingar, personar


def bygg(stdout=None, scale=1, **_):
    einingar, personar = rader(scale)
    passord = make_password(DEMO_PASSORD)
    plan = services.gjennomfoer(einingar, personar, grunn="Demo", passord_hash=passord)

    # politicians read; they are no part of the administration, so not in the HR rows
    for prefiks in POLITIKARAR:
        namn_, tittel, _u, _r = DEMO_BRUKARAR[prefiks]
        User.objects.get_or_create(
            email=f"{prefiks}@{DOMENE}", defaults={"namn": namn_, "tittel": tittel, "password": passord}
        )
    brukarar = {u.email: u for u in User.objects.filter(email__in=[f"{p}@{DOMENE}" for p in DEMO_BRUKARAR])}
    grupper = {g.name: g for g in Group.objects.filter(name__in=FUNKSJONELLE_ROLLER)}
    for prefiks, (_n, _t, _u, roller) in DEMO_BRUKARAR.items():
        u = brukarar[f"{prefiks}@{DOMENE}"]
        manglar = [grupper[r] for r in roller if not u.groups.filter(name=r).exists()]
        if manglar:
            u.groups.add(*manglar)
        if prefiks == "admin" and not (u.is_staff and u.is_superuser):
            u.is_staff = u.is_superuser = True
            u._change_reason = "Demo"
            u.save()
    _kommuneprofil()
    if stdout:
        stdout.write(
            f"Organisasjon: {len(plan.nye_einingar)} nye og {len(plan.endra_einingar)} endra einingar, "
            f"{len(plan.nye_personar)} nye og {len(plan.endra_personar)} endra personar."
        )
    return plan


# the letterhead of the demo (Alver's public contact details; the coat of arms is a
# home-made placeholder, not Alver's own)
PROFIL = {
    "stad": "Knarvik",
    "adresse": "Postboks 4\n5906 Frekhaug\nBesøksadresse: Alver rådhus, Knarvik",
    "brevfot": (
        "Alver kommune · Org.nr. 920 290 922 · Telefon 56 37 50 00 · "
        "postmottak@alver.kommune.no · www.alver.kommune.no"
    ),
}


def _kommuneprofil():
    """Set the letterhead once: a profile someone has filled in is left as it is (and a
    second run changes nothing). The name stays empty, so KOMMUNE_NAMN names the demo."""
    profil = Kommuneprofil.hent()
    if profil.stad or profil.adresse or profil.brevfot or profil.vaapen:
        return
    for felt, verdi in PROFIL.items():
        setattr(profil, felt, verdi)
    svg = (Path(__file__).parent / "demo_data" / "vaapen.svg").read_bytes()
    profil.vaapen = kommuneprofil.data_uri(rens_svg(svg), "image/svg+xml")
    profil.vaapen_namn = "vaapen.svg"
    profil._change_reason = "Demo"
    profil.save()
