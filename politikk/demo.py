"""The demo's political groups and their proposals to next year's draft: two submitted in balance,
one still a private draft of its group."""

from alver.demo import DOMENE
from alver.models import Eining, User
from budget import hovudoversikt
from budget.models import Budsjettlinje, BudsjettTiltak, Okonomiplan

from . import services
from .models import Budsjettforslag, Forslagsverbalpunkt, Gruppe

GRUPPER = [
    ("Arbeidarpartiet og Senterpartiet", "politikar"),
    ("Høgre", "politikar2"),
    ("Framstegspartiet", "politikar3"),
]


def _tett(plan, endringar, art):
    """Close what is left undisposed with a change to the lines of `art`, as a group would."""
    o = services.rekn(plan, endringar)
    teikn = -1 if art == Budsjettlinje.Art.AVSETJING else 1
    for aar, kr in o["udisponert"].items():
        if kr:
            per_aar = endringar["linjer"].setdefault(art, {})
            per_aar[aar] = per_aar.get(aar, 0) - teikn * kr
    assert services.rekn(plan, endringar)["i_balanse"]
    return endringar


def bygg(stdout=None, **_):
    if Gruppe.objects.exists():
        return
    grupper = {}
    for namn, prefiks in GRUPPER:
        g = Gruppe.objects.create(namn=namn)
        g.medlemmer.set([User.objects.get(email=f"{prefiks}@{DOMENE}")])
        grupper[namn] = g
    plan = (
        Okonomiplan.objects.exclude(status=Okonomiplan.Status.VEDTATT)
        .filter(vedtakingar=None)
        .order_by("forste_aar")
        .first()
    )
    if plan is None:  # after the December meeting the draft is adopted: groups, no proposals
        return
    tiltak = list(
        plan.tiltak.filter(type=BudsjettTiltak.Type.DRIFT).select_related("ansvarleg_eining").order_by("pk")
    )
    prioriterte = [t for t in tiltak if t.vedtak == BudsjettTiltak.Vedtak.PRIORITERT]
    sektor = {s.kode: s for s in Eining.objects.aktive().filter(type=Eining.Type.SEKTOR)}

    def lag(gruppe, tittel, endringar, verbalpunkt, *, lever):
        medlem = gruppe.medlemmer.get()
        f = services.lag_forslag(plan, gruppe, tittel, user=medlem)
        services.lagre_endringar(f, f.versjon, endringar, user=medlem)
        for nr, overskrift, tekst, kode in verbalpunkt:
            services.legg_til_verbalpunkt(
                f,
                Forslagsverbalpunkt(
                    nummer=nr, overskrift=overskrift, tekst=tekst, ansvarleg_sektor=sektor[kode]
                ),
            )
        if lever:
            services.lever(f, user=medlem)
        return f

    # the majority: two tiltak the draft left out are prioritised, one is moved out; the gap closed
    # from the disposal reserve
    posisjon = _tett(
        plan,
        {
            "tiltak": {
                prioriterte[0].pk: ("ikkje_prioritert", None),
                prioriterte[1].pk: (
                    "prioritert",
                    {a: 0 for a in plan.periode if a > plan.forste_aar} | {plan.forste_aar: 1_000_000},
                ),
            },
            "nye": [
                (
                    "drift",
                    "prioritert",
                    dict.fromkeys(plan.periode, 2_500_000),
                    "Gratis kjernetid i SFO",
                    sektor["2000"].pk,
                )
            ],
            "rammer": {},
            "linjer": {},
        },
        Budsjettlinje.Art.AVSETJING,
    )
    lag(
        grupper["Arbeidarpartiet og Senterpartiet"],
        f"Budsjettforslag frå posisjonen {plan.forste_aar}",
        posisjon,
        [
            (
                "1",
                "Gratis kjernetid i SFO",
                "Kommunedirektøren greier ut gratis kjernetid i SFO for 1.–4. trinn.",
                "2000",
            )
        ],
        lever=True,
    )
    # the opposition: lower property tax, a smaller frame for administration, the rest from reserves
    forste = plan.periode[0]
    hogre = _tett(
        plan,
        {
            "tiltak": {prioriterte[2].pk: ("ikkje_prioritert", None)},
            "nye": [
                (
                    "drift",
                    "prioritert",
                    dict.fromkeys(plan.periode, 1500000),
                    "Fleire lærlingar i kommunen",
                    sektor["6000"].pk,
                )
            ]
            if "6000" in sektor
            else [],
            "rammer": {sektor["6000"].pk: dict.fromkeys(plan.periode, -3000000)} if "6000" in sektor else {},
            "linjer": {Budsjettlinje.Art.ANDRE_INNTEKTER: dict.fromkeys(plan.periode, -8000000)},
        },
        Budsjettlinje.Art.BRUK_FOND,
    )
    lag(
        grupper["Høgre"],
        f"Alternativt budsjett {forste}",
        hogre,
        [
            (
                "H1",
                "Lågare eigedomsskatt",
                "Eigedomsskatten på bustader blir sett ned med 1 promille frå neste år.",
                "6000",
            )
        ]
        if "6000" in sektor
        else [],
        lever=True,
    )
    # a group still at work: out of balance, seen only by its own members
    lag(
        grupper["Framstegspartiet"],
        "Utkast: kutt i eigedomsskatten",
        {
            "tiltak": {},
            "nye": [],
            "rammer": {},
            "linjer": {Budsjettlinje.Art.ANDRE_INNTEKTER: dict.fromkeys(plan.periode, -38000000)},
        },
        [],
        lever=False,
    )
    if stdout:
        stdout.write(
            f"Politikarmodul: {len(grupper)} grupper, {Budsjettforslag.objects.count()} budsjettforslag til {plan} "
            f"(utkastet manglar {hovudoversikt.for_plan(plan)['manglar_tekst'] or 'ingenting'})."
        )
