"""The demo kommune's plans: an adopted samfunnsdel, two kommunedelplanar that follow it
up (one adopted, one out for consultation), and a temaplan whose handlingsplan has been
rolled once, so the comparison page has something to show. Built once; a second run
changes nothing."""

import datetime

from django.db import transaction

from alver.models import Eining

from . import grunndata as grunndata_
from . import services
from .grunndata import STANDARD_NIVAA
from .models import (
    Berekraftsmaal,
    Handlingsplan,
    Maal,
    Maalnivaa,
    Plan,
    Plantype,
    Strategi,
    Tiltak,
    TiltakKostnad,
)

SAMFUNNSDEL = "Kommuneplanen sin samfunnsdel 2023–2035"

# (goal, SDGs, [sub-goals], [strategies])
SAMFUNNSMAAL = [
    (
        "Alver skal vere ein berekraftig kommune",
        [11, 13],
        [
            "Klimagassutsleppa skal ned med 60 prosent innan 2030",
            "Naturmangfald og jordbruksareal skal takast vare på",
        ],
        ["Samordna areal- og transportplanlegging", "Fornybar energi og energisparing i kommunale bygg"],
    ),
    (
        "Gode levekår og god folkehelse for alle",
        [3, 10],
        ["Fleire skal vere i arbeid og aktivitet", "Utanforskap blant barn og unge skal førebyggjast"],
        ["Tidleg innsats", "Helsefremjande nærmiljø og møteplassar"],
    ),
    (
        "Trygg oppvekst og god læring",
        [4],
        [
            "Alle barn skal oppleve meistring i barnehage og skule",
            "Fleire skal fullføre vidaregåande opplæring",
        ],
        ["Heilskapleg oppvekstmodell", "Digital kompetanse for elevar og tilsette"],
    ),
    (
        "Eit attraktivt og skapande næringsliv",
        [8, 9],
        ["Fleire arbeidsplassar i Alver", "Levande sentrum i Knarvik og i bygdene"],
        ["Tilrettelegge næringsareal", "Samarbeid med næringslivet og regionen"],
    ),
    (
        "Ein open og effektiv kommuneorganisasjon",
        [16, 17],
        ["Innbyggjarane skal få gode digitale tenester", "Kommunen skal vere ein attraktiv arbeidsgjevar"],
        ["Openheit og innsyn i alt vi gjer", "Heiltidskultur og kompetanseutvikling"],
    ),
]

KLIMATILTAK = [
    # (title, economic, unit code, goal numbers, costs per year from the first year)
    ("Klimabudsjett som del av handlings- og økonomiplanen", False, "6100", ["1"], []),
    ("Solceller på Knarvik skule", True, "5300", ["1.1"], [1_200_000, 0, 0, 0]),
    ("Solceller på Lindås sjukeheim", True, "5300", ["1.1"], [0, 950_000, 0, 0]),
    ("Overgang til elbilar i heimetenesta", True, "3200", ["1.1"], [400_000, 400_000, 300_000, 0]),
    ("Ladepunkt ved kommunale bygg", True, "5300", ["1.1"], [600_000, 300_000, 0, 0]),
    (
        "Energioppfølgingssystem i alle formålsbygg",
        True,
        "5300",
        ["1.1"],
        [250_000, 100_000, 100_000, 100_000],
    ),
    ("Klimakrav i alle større innkjøp", False, "6100", ["1.1"], []),
    ("Sykkelparkering ved skular og barnehagar", True, "5200", ["1.1", "1.2"], [300_000, 300_000, 0, 0]),
    ("Kartlegging av naturtypar i kystsona", True, "4400", ["1.2"], [500_000, 0, 0, 0]),
    ("Rettleiar for jordvern i reguleringsplanar", False, "4100", ["1.2"], []),
    ("Tiltak mot framande artar langs vassdrag", True, "4400", ["1.2"], [150_000, 150_000, 150_000, 150_000]),
    ("Restaurering av myr ved Hope", True, "4400", ["1.2"], [0, 400_000, 0, 0]),
    ("Klimatilpassing i overvasshandtering", True, "5100", ["1"], [800_000, 800_000, 800_000, 800_000]),
    ("ROS-analyse for flaum og skred", False, "4100", ["1"], []),
    ("Matsvinn: kutt i kantinene", False, "3100", ["1"], []),
    ("Ombruk av møblar og IKT-utstyr", False, "6300", ["1"], []),
    ("Grøn skulegard-ordning", True, "2100", ["1.2"], [100_000, 100_000, 100_000, 100_000]),
    ("Klimakompetanse for leiarar", False, "6200", ["1"], []),
    ("Fossilfrie bygg- og anleggsplassar", True, "5300", ["1.1"], [200_000, 200_000, 200_000, 0]),
    ("Samarbeid med bønder om karbonbinding", False, "4300", ["1.2"], []),
    ("Betre kollektivtilbod til Knarvik", False, "4100", ["1.1"], []),
    ("Energirådgjeving for innbyggjarar", True, "4400", ["1.1"], [120_000, 120_000, 0, 0]),
    ("Klimarekneskap for kommunen", True, "6100", ["1"], [180_000, 60_000, 60_000, 60_000]),
    ("Opprydding i marin forsøpling", True, "4400", ["1.2"], [90_000, 90_000, 90_000, 90_000]),
]


def _plan(tittel, kode_type, fra, til, status, eining, overordna=None, dato=None, sak=""):
    p = Plan(
        tittel=tittel,
        type=Plantype.objects.get(kode=kode_type),
        periode_fra=fra,
        periode_til=til,
        status=status,
        ansvarleg_eining=eining,
        overordna=overordna,
        vedtatt_dato=dato,
        saksnummer=sak,
    )
    p._change_reason = "Demo"
    p.save()
    services.sett_maalnivaa(
        p, list(Maalnivaa.objects.filter(kode__in=STANDARD_NIVAA).order_by("rekkjefolgje"))
    )
    return p


def _maal(plan, tittel, parent=None, folgjer_opp=None, sdg=()):
    m = Maal(
        plan=plan,
        tittel=tittel,
        parent=parent,
        folgjer_opp=folgjer_opp,
        maalnivaa=services.nivaa_under(plan, parent),
        rekkjefolgje=services.neste_rekkjefolgje(plan.maal.filter(parent=parent)),
    )
    m._change_reason = "Demo"
    m.save()
    if sdg:
        m.berekraftsmaal.set(Berekraftsmaal.objects.filter(nummer__in=sdg))
    return m


def _strategi(maal, tittel):
    return Strategi.objects.create(
        maal=maal, tittel=tittel, rekkjefolgje=services.neste_rekkjefolgje(maal.strategiar)
    )


def grunndata():
    grunndata_.last_inn(Plantype, Berekraftsmaal, Maalnivaa)


@transaction.atomic
def bygg(stdout=None, **_):
    if Plan.objects.filter(tittel=SAMFUNNSDEL).exists():
        return
    eining = {e.kode: e for e in Eining.objects.all()}

    samf = _plan(
        SAMFUNNSDEL,
        "samfunnsdel",
        2023,
        2035,
        Plan.Status.VEDTATT,
        eining["4000"],
        dato=datetime.date(2023, 6, 15),
        sak="PS 52/2023",
    )
    samf_maal = {}
    for i, (tittel, sdg, delmaal, strategiar) in enumerate(SAMFUNNSMAAL, start=1):
        m = _maal(samf, tittel, sdg=sdg)
        samf_maal[str(i)] = m
        for j, d in enumerate(delmaal, start=1):
            samf_maal[f"{i}.{j}"] = _maal(samf, d, parent=m, sdg=sdg[:1])
        for s in strategiar:
            _strategi(m, s)

    oppvekst = _plan(
        "Kommunedelplan for oppvekst 2024–2030",
        "kommunedelplan",
        2024,
        2030,
        Plan.Status.VEDTATT,
        eining["2000"],
        overordna=samf,
        dato=datetime.date(2024, 3, 14),
        sak="PS 18/2024",
    )
    m1 = _maal(
        oppvekst, "Alle barn og unge opplever meistring og tilhøyrsle", folgjer_opp=samf_maal["3.1"], sdg=[4]
    )
    _maal(
        oppvekst, "Tidleg og tverrfagleg innsats når barn treng det", parent=m1, folgjer_opp=samf_maal["2.2"]
    )
    _maal(oppvekst, "Eit godt og inkluderande leikemiljø i alle barnehagar", parent=m1)
    m2 = _maal(
        oppvekst, "Fleire fullfører og består vidaregåande opplæring", folgjer_opp=samf_maal["3.2"], sdg=[4]
    )
    _strategi(m1, "Felles plan for overgangar barnehage–skule")
    _strategi(m2, "Betre samarbeid med fylkeskommunen om oppfølging")

    helse = _plan(
        "Kommunedelplan for helse og omsorg 2026–2036",
        "kommunedelplan",
        2026,
        2036,
        Plan.Status.PAA_HOYRING,
        eining["3000"],
        overordna=samf,
    )
    h1 = _maal(helse, "Innbyggjarane meistrar eige liv og helse lenger", folgjer_opp=samf_maal["2"], sdg=[3])
    _maal(helse, "Fleire eldre bur trygt heime", parent=h1, folgjer_opp=samf_maal["2.1"])
    _strategi(h1, "Kvardagsrehabilitering i heile kommunen")

    klima = _plan(
        "Temaplan for klima og miljø 2024–2030",
        "temaplan",
        2024,
        2030,
        Plan.Status.VEDTATT,
        eining["4400"],
        overordna=samf,
        dato=datetime.date(2024, 9, 19),
        sak="PS 77/2024",
    )
    k1 = _maal(klima, "Kommunen sine eigne utslepp skal ned", folgjer_opp=samf_maal["1.1"], sdg=[13])
    k11 = _maal(klima, "Fossilfri kommunal drift innan 2030", parent=k1)
    k2 = _maal(klima, "Naturen i Alver skal takast vare på", folgjer_opp=samf_maal["1.2"], sdg=[14, 15])
    _strategi(k1, "Klimaomsyn i alle innkjøp og investeringar")
    _strategi(k2, "Kunnskapsbasert arealforvaltning")
    nummer = {"1": k1, "1.1": k11, "1.2": k2}  # the temaplan's own goals, by the numbers used above

    hp = Handlingsplan.objects.create(plan=klima, fra_aar=2025, til_aar=2028)
    for i, (tittel, okonomisk, kode, maal_nr, kostnad) in enumerate(KLIMATILTAK, start=1):
        t = Tiltak.objects.create(
            handlingsplan=hp,
            tittel=tittel,
            okonomisk=okonomisk,
            ansvarleg_eining=eining.get(kode),
            rekkjefolgje=i,
            status=Tiltak.Status.PRIORITERT if i % 3 else Tiltak.Status.FORSLAG,
        )
        t.maal.set([nummer[n] for n in maal_nr])
        for aar, belop in zip(hp.aar, kostnad, strict=False):
            if belop:
                TiltakKostnad.objects.create(tiltak=t, aar=aar, belop=belop)
    # a year has passed: some are done, one is dropped; then the plan is rolled
    tiltak = list(hp.tiltak.order_by("rekkjefolgje"))
    for t in tiltak[:3]:
        t.status = Tiltak.Status.GJENNOMFORT
        t.save()
    tiltak[11].status = Tiltak.Status.UTGAATT
    tiltak[11].save()
    ny = services.rull_handlingsplan(hp, user=None)
    endra = ny.tiltak.get(forrige=tiltak[4])
    endra.tittel = "Ladepunkt ved alle kommunale bygg"
    endra.status = Tiltak.Status.PRIORITERT
    endra.save()
    TiltakKostnad.objects.filter(tiltak=endra, aar=2026).update(belop=450_000)
    for i, tittel in enumerate(["Varmepumper i Radøy sjukeheim", "Klimavennleg skulemat"], start=100):
        t = Tiltak.objects.create(
            handlingsplan=ny,
            tittel=tittel,
            okonomisk=i == 100,
            rekkjefolgje=i,
            ansvarleg_eining=eining["5300" if i == 100 else "2100"],
        )
        t.maal.set([k11])
        if i == 100:
            TiltakKostnad.objects.create(tiltak=t, aar=2027, belop=1_500_000)
    if stdout:
        stdout.write(
            f"Planar: {Plan.objects.count()} planar, {Maal.objects.count()} mål, "
            f"{Tiltak.objects.count()} tiltak i {Handlingsplan.objects.count()} handlingsplanar."
        )
