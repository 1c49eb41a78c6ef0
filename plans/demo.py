"""The demo kommune's plans: an adopted samfunnsdel, two kommunedelplanar that follow it
up (one adopted, one out for consultation), and a temaplan whose handlingsplan has been
rolled once, so the comparison page has something to show. Built once; a second run
changes nothing."""

import datetime
from decimal import Decimal

from django.db import transaction

from alver.lib import klokke
from alver.models import Eining

from . import grunndata as grunndata_
from . import services
from .grunndata import STANDARD_NIVAA
from .models import (
    Berekraftsmaal,
    Handlingsplan,
    Indikator,
    Maal,
    MaalIndikator,
    Maalnivaa,
    Plan,
    Plantype,
    Strategi,
    Tiltak,
    TiltakKostnad,
)

SAMFUNNSDEL = "Kommuneplanen sin samfunnsdel"

# (goal, SDGs, [sub-goals], [strategies])
SAMFUNNSMAAL = [
    (
        "Alver skal vere ein berekraftig kommune",
        [11, 13],
        [
            "Klimagassutsleppa skal ned med 60 prosent innan 2030",
            "Naturmangfald og jordbruksareal skal takast vare på",
            "Trygge vegar og robust vatn og avløp",
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
    _bygg_planar(stdout)
    bygg_indikatorar(stdout)


def _bygg_planar(stdout=None):
    if Plan.objects.filter(type__kode="samfunnsdel").exists():
        return
    eining = {e.kode: e for e in Eining.objects.all()}
    # the plans' periods follow today's year, so the demo tells the same story in any year
    aar = klokke.i_dag().year

    samf = _plan(
        f"{SAMFUNNSDEL} {aar - 3}–{aar + 9}",
        "samfunnsdel",
        aar - 3,
        aar + 9,
        Plan.Status.VEDTATT,
        eining["4000"],
        dato=datetime.date(aar - 3, 6, 15),
        sak=f"PS 52/{aar - 3}",
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
        f"Kommunedelplan for oppvekst {aar - 2}–{aar + 4}",
        "kommunedelplan",
        aar - 2,
        aar + 4,
        Plan.Status.VEDTATT,
        eining["2000"],
        overordna=samf,
        dato=datetime.date(aar - 2, 3, 14),
        sak=f"PS 18/{aar - 2}",
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
        f"Kommunedelplan for helse og omsorg {aar}–{aar + 10}",
        "kommunedelplan",
        aar,
        aar + 10,
        Plan.Status.PAA_HOYRING,
        eining["3000"],
        overordna=samf,
    )
    h1 = _maal(helse, "Innbyggjarane meistrar eige liv og helse lenger", folgjer_opp=samf_maal["2"], sdg=[3])
    _maal(helse, "Fleire eldre bur trygt heime", parent=h1, folgjer_opp=samf_maal["2.1"])
    _strategi(h1, "Kvardagsrehabilitering i heile kommunen")

    klima = _plan(
        f"Temaplan for klima og miljø {aar - 2}–{aar + 4}",
        "temaplan",
        aar - 2,
        aar + 4,
        Plan.Status.VEDTATT,
        eining["4400"],
        overordna=samf,
        dato=datetime.date(aar - 2, 9, 19),
        sak=f"PS 77/{aar - 2}",
    )
    k1 = _maal(klima, "Kommunen sine eigne utslepp skal ned", folgjer_opp=samf_maal["1.1"], sdg=[13])
    k11 = _maal(klima, "Fossilfri kommunal drift innan 2030", parent=k1)
    k2 = _maal(klima, "Naturen i Alver skal takast vare på", folgjer_opp=samf_maal["1.2"], sdg=[14, 15])
    _strategi(k1, "Klimaomsyn i alle innkjøp og investeringar")
    _strategi(k2, "Kunnskapsbasert arealforvaltning")
    nummer = {"1": k1, "1.1": k11, "1.2": k2}  # the temaplan's own goals, by the numbers used above

    hp = Handlingsplan.objects.create(plan=klima, fra_aar=aar - 1, til_aar=aar + 2)
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
    TiltakKostnad.objects.filter(tiltak=endra, aar=aar).update(belop=450_000)
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
            TiltakKostnad.objects.create(tiltak=t, aar=aar + 1, belop=1_500_000)
    if stdout:
        stdout.write(
            f"Planar: {Plan.objects.count()} planar, {Maal.objects.count()} mål, "
            f"{Tiltak.objects.count()} tiltak i {Handlingsplan.objects.count()} handlingsplanar."
        )


# Which goals belong to which field. A sector's oppdrag, budget tiltak and verbalpunkt are linked
# only to goals of its own field, chosen by what the title is about (keywords, first match wins),
# so the links read as meant («Brøyting – ny kontrakt» → roads, not schools) and stay the same on
# every run. Sector codes as in alver/demo.py; goal titles as above.
BEREKRAFT = "Alver skal vere ein berekraftig kommune"
KLIMAGASS = "Klimagassutsleppa skal ned med 60 prosent innan 2030"
NATURMANGFALD = "Naturmangfald og jordbruksareal skal takast vare på"
INFRASTRUKTUR = "Trygge vegar og robust vatn og avløp"
LEVEKAAR = "Gode levekår og god folkehelse for alle"
ARBEID = "Fleire skal vere i arbeid og aktivitet"
UTANFORSKAP = "Utanforskap blant barn og unge skal førebyggjast"
OPPVEKST = "Trygg oppvekst og god læring"
MEISTRING = "Alle barn og unge opplever meistring og tilhøyrsle"
VIDAREGAAANDE = "Fleire fullfører og består vidaregåande opplæring"
NAERING = "Eit attraktivt og skapande næringsliv"
SENTRUM = "Levande sentrum i Knarvik og i bygdene"
ORGANISASJON = "Ein open og effektiv kommuneorganisasjon"
DIGITALE = "Innbyggjarane skal få gode digitale tenester"
ARBEIDSGJEVAR = "Kommunen skal vere ein attraktiv arbeidsgjevar"
EIGNE_UTSLEPP = "Kommunen sine eigne utslepp skal ned"
NATUREN = "Naturen i Alver skal takast vare på"

FELT = {
    "2000": [OPPVEKST, MEISTRING, VIDAREGAAANDE, UTANFORSKAP, ARBEIDSGJEVAR, DIGITALE],
    "3000": [LEVEKAAR, ARBEID, ARBEIDSGJEVAR, DIGITALE],
    "4000": [NAERING, SENTRUM, LEVEKAAR, ARBEID, BEREKRAFT, NATURMANGFALD, NATUREN, ARBEIDSGJEVAR, DIGITALE],
    "5000": [INFRASTRUKTUR, BEREKRAFT, KLIMAGASS, EIGNE_UTSLEPP, NATUREN, ARBEIDSGJEVAR, DIGITALE],
    "6000": [ORGANISASJON, DIGITALE, ARBEIDSGJEVAR, EIGNE_UTSLEPP],
}

_ARBEIDSGJEVAR = "sjukefråvær nærvær heiltid heildag lærling rekrutter leiar kompetanse medarbeidar"
_DIGITALE = "digital innbyggjar sakshandsam intranett postkasse klarspråk skjema signering"
_INFRASTRUKTUR = "veg brøyt gatelys vass avløp overvass rassikring trafikk brann sykkel"
_LEVEKAAR = (
    "kultur bibliotek idrett festival folkehelse frisk helse omsorg eldre demens rus legevakt "
    "heimeteneste rehabilitering velferd pårørande sjukeheim ungdom"
)
ORD = [
    # (words in the title, goal), first match wins; a rule counts only when its goal is in the
    # sector's field (a school's traffic safety is about roads when Teknisk does it)
    (_ARBEIDSGJEVAR.split(), ARBEIDSGJEVAR),
    (("vidaregåande", "fullfør"), VIDAREGAAANDE),
    (("mobbing", "tverrfagleg", "ppt", "tidleg innsats", "låginntekt", "ungdomsklubb"), UTANFORSKAP),
    (("lese", "lærar", "leirskule", "leksehjelp", "sommarskule", "spesialundervisning"), MEISTRING),
    (("skule", "barnehage", "sfo", "elev", "frukost", "læremiddel"), OPPVEKST),
    (_DIGITALE.split(), DIGITALE),
    (_INFRASTRUKTUR.split(), INFRASTRUKTUR),
    (("kollektiv", "transport"), BEREKRAFT),
    (("energi", "solcelle", "ladepunkt", "fossil", "klima", "utslepp"), EIGNE_UTSLEPP),
    (("friluft", "tursti", "natur", "jordvern", "miljø"), NATUREN),
    (("næring", "landbruk", "arbeidsplass"), NAERING),
    (("sentrum", "regulering", "areal"), SENTRUM),
    (("frivillig", "lag og organisasjon", "aktivitet", "symje"), ARBEID),
    (_LEVEKAAR.split(), LEVEKAAR),
]


def sektorkodar():
    """A function from a unit to the code of its sector (the kommune itself: None); one query."""
    sektorar = dict(Eining.objects.filter(depth=2).values_list("path", "kode"))
    return lambda eining: sektorar.get(eining.path[: 2 * Eining.steplen])


def maal_tittel_for(tittel, sektor):
    """The goal (title) an oppdrag, tiltak or verbalpunkt of `sector` titled `tittel` is about."""
    felt = FELT.get(sektor) or [ORGANISASJON, *[t for _ord, t in ORD]]
    tekst = tittel.lower()
    for ord_, maal in ORD:
        if maal in felt and any(o in tekst for o in ord_):
            return maal
    return felt[0]


def maal_for(tittel, sektor):
    """As maal_tittel_for, the goal itself (a list: empty if the demo's plans are not there)."""
    return list(Maal.objects.til_kopling().filter(tittel=maal_tittel_for(tittel, sektor))[:1])


# --- indicators (issue 17) --------------------------------------------------------------

HELSE_MAAL = "Innbyggjarane meistrar eige liv og helse lenger"
ELDRE_HEIME = "Fleire eldre bur trygt heime"
TIDLEG_INNSATS = "Tidleg og tverrfagleg innsats når barn treng det"
LEIKEMILJO = "Eit godt og inkluderande leikemiljø i alle barnehagar"
FOSSILFRI = "Fossilfri kommunal drift innan 2030"

Ind = Indikator
# (name, definition, unit, decimals, direction, source, SSB table, SSB variable, source note,
#  frequency, owner unit code or None, minimum, maximum, goal title, target in the plan's first
#  year, change per year (towards better))
INDIKATORAR = [
    # the eight KOSTRA indicators: the ssb demo's sample files carry exactly these codes
    (
        "Del born 1–5 år med barnehageplass",
        "Del av alle born 1–5 år i kommunen som har barnehageplass.",
        Ind.Maaleeining.PROSENT,
        1,
        Ind.Retning.HOEGARE,
        Ind.Kjelde.SSB,
        "12562",
        "KOSAG210000",
        "",
        Ind.Frekvens.AAR,
        "2200",
        None,
        None,
        LEIKEMILJO,
        "92.5",
        "0.5",
    ),
    (
        "Gjennomsnittlege grunnskulepoeng",
        "Snittet av elevane sine grunnskulepoeng ved utgangen av 10. trinn.",
        Ind.Maaleeining.TAL,
        1,
        Ind.Retning.HOEGARE,
        Ind.Kjelde.SSB,
        "12916",
        "KOSGRP0000",
        "",
        Ind.Frekvens.AAR,
        "2100",
        None,
        None,
        MEISTRING,
        "41.0",
        "0.3",
    ),
    (
        "Lærartettleik 1.–10. trinn (elevar per lærar)",
        "Gjennomsnittleg tal elevar per lærar i ordinær undervisning.",
        Ind.Maaleeining.TAL,
        1,
        Ind.Retning.LAAGARE,
        Ind.Kjelde.SSB,
        "12918",
        "KOSLAERERTETTH0000",
        "",
        Ind.Frekvens.AAR,
        "2100",
        None,
        None,
        MEISTRING,
        "15.2",
        "0.2",
    ),
    (
        "Brutto driftsutgifter til grunnskule per elev",
        "Brutto driftsutgifter til grunnskule (funksjon 202) per elev.",
        Ind.Maaleeining.KRONER,
        0,
        Ind.Retning.LAAGARE,
        Ind.Kjelde.SSB,
        "12916",
        "KOSAG120000",
        "",
        Ind.Frekvens.AAR,
        None,
        None,
        None,
        OPPVEKST,
        "142000",
        "1000",
    ),
    (
        "Netto driftsutgifter pleie og omsorg per innbyggjar",
        "Netto driftsutgifter til pleie og omsorg per innbyggjar.",
        Ind.Maaleeining.KRONER,
        0,
        Ind.Retning.LAAGARE,
        Ind.Kjelde.SSB,
        "12362",
        "KOSAG310000",
        "",
        Ind.Frekvens.AAR,
        "3000",
        None,
        None,
        HELSE_MAAL,
        "31500",
        "250",
    ),
    (
        "Del innbyggjarar 80 år og over i institusjon",
        "Del av innbyggjarane 80 år og over som bur på institusjon.",
        Ind.Maaleeining.PROSENT,
        1,
        Ind.Retning.LAAGARE,
        Ind.Kjelde.SSB,
        "12209",
        "KOSAG600000",
        "",
        Ind.Frekvens.AAR,
        "3100",
        None,
        None,
        ELDRE_HEIME,
        "12.5",
        "0.3",
    ),
    (
        "Netto driftsresultat i prosent av brutto driftsinntekter",
        "Det finansielle nøkkeltalet for god økonomistyring.",
        Ind.Maaleeining.PROSENT,
        1,
        Ind.Retning.HOEGARE,
        Ind.Kjelde.SSB,
        "12134",
        "KOSNETTODRIFTSRES0000",
        "",
        Ind.Frekvens.AAR,
        None,
        None,
        None,
        ORGANISASJON,
        "1.0",
        "0.2",
    ),
    (
        "Del hushaldsavfall levert til materialattvinning",
        "Del av hushaldsavfallet som blir levert til materialattvinning.",
        Ind.Maaleeining.PROSENT,
        1,
        Ind.Retning.HOEGARE,
        Ind.Kjelde.SSB,
        "12313",
        "KOSMATGJENVINN0000",
        "",
        Ind.Frekvens.AAR,
        None,
        None,
        None,
        BEREKRAFT,
        "38.0",
        "1.5",
    ),
    # HR
    (
        "Sjukefråvær i prosent",
        "Legemeldt og eigenmeldt sjukefråvær i prosent av avtalte dagsverk.",
        Ind.Maaleeining.PROSENT,
        1,
        Ind.Retning.LAAGARE,
        Ind.Kjelde.HR,
        "",
        "",
        "Lønns- og personalsystemet",
        Ind.Frekvens.MAANAD,
        "6200",
        "0",
        "100",
        ARBEIDSGJEVAR,
        "8.5",
        "0.3",
    ),
    (
        "Medarbeidarundersøking: samla skår",
        "Snittskår i 10-FAKTOR (skala 1–5).",
        Ind.Maaleeining.SKAAR,
        1,
        Ind.Retning.HOEGARE,
        Ind.Kjelde.HR,
        "",
        "",
        "10-FAKTOR",
        Ind.Frekvens.AAR,
        "6200",
        "1",
        "5",
        ARBEIDSGJEVAR,
        "4.2",
        "0.1",
    ),
    (
        "Del tilsette i heiltidsstilling",
        "Del av dei fast tilsette som har 100 prosent stilling.",
        Ind.Maaleeining.PROSENT,
        1,
        Ind.Retning.HOEGARE,
        Ind.Kjelde.HR,
        "",
        "",
        "",
        Ind.Frekvens.TERTIAL,
        "6200",
        "0",
        "100",
        ARBEIDSGJEVAR,
        "42.0",
        "2.0",
    ),
    (
        "Del tilsette som har slutta siste tolv månader",
        "Turnover: del fast tilsette som har slutta.",
        Ind.Maaleeining.PROSENT,
        1,
        Ind.Retning.LAAGARE,
        Ind.Kjelde.HR,
        "",
        "",
        "",
        Ind.Frekvens.AAR,
        None,
        "0",
        "100",
        ARBEIDSGJEVAR,
        "9.0",
        "0.2",
    ),
    # oppvekst
    (
        "Del elevar som opplever mobbing",
        "Del elevar på 7. og 10. trinn som svarer at dei blir mobba 2–3 gonger i månaden eller oftare.",
        Ind.Maaleeining.PROSENT,
        1,
        Ind.Retning.LAAGARE,
        Ind.Kjelde.FAGSYSTEM,
        "",
        "",
        "Elevundersøkinga (Udir)",
        Ind.Frekvens.AAR,
        "2100",
        "0",
        "100",
        TIDLEG_INNSATS,
        "6.5",
        "0.5",
    ),
    (
        "Ventetid på sakkunnig vurdering frå PPT",
        "Dagar frå tilvising til sakkunnig vurdering ligg føre.",
        Ind.Maaleeining.DAGAR,
        0,
        Ind.Retning.LAAGARE,
        Ind.Kjelde.FAGSYSTEM,
        "",
        "",
        "Fagsystemet til PPT",
        Ind.Frekvens.TERTIAL,
        "2300",
        "0",
        None,
        TIDLEG_INNSATS,
        "90",
        "5",
    ),
    (
        "Foreldretilfredsheit i barnehagen",
        "Snittskår i foreldreundersøkinga i barnehagen (skala 1–5).",
        Ind.Maaleeining.SKAAR,
        1,
        Ind.Retning.HOEGARE,
        Ind.Kjelde.EIGA,
        "",
        "",
        "Foreldreundersøkinga (Udir)",
        Ind.Frekvens.AAR,
        "2200",
        "1",
        "5",
        LEIKEMILJO,
        "4.3",
        "0.1",
    ),
    (
        "Del elevar som fullfører vidaregåande innan fem år",
        "Del av elevane frå kommunen som har fullført og bestått.",
        Ind.Maaleeining.PROSENT,
        1,
        Ind.Retning.HOEGARE,
        Ind.Kjelde.EIGA,
        "",
        "",
        "Tal frå fylkeskommunen",
        Ind.Frekvens.AAR,
        None,
        "0",
        "100",
        VIDAREGAAANDE,
        "78.0",
        "1.0",
    ),
    # helse og omsorg
    (
        "Brukarar med kvardagsrehabilitering",
        "Tal brukarar som har fått kvardagsrehabilitering i perioden.",
        Ind.Maaleeining.TAL,
        0,
        Ind.Retning.HOEGARE,
        Ind.Kjelde.FAGSYSTEM,
        "",
        "",
        "Fagsystemet i helse og omsorg",
        Ind.Frekvens.TERTIAL,
        "3200",
        "0",
        None,
        HELSE_MAAL,
        "60",
        "5",
    ),
    (
        "Del innbyggjarar over 80 år som bur heime",
        "Del av innbyggjarane 80 år og over som bur i eigen heim.",
        Ind.Maaleeining.PROSENT,
        1,
        Ind.Retning.HOEGARE,
        Ind.Kjelde.EIGA,
        "",
        "",
        "",
        Ind.Frekvens.AAR,
        "3000",
        "0",
        "100",
        ELDRE_HEIME,
        "87.0",
        "0.5",
    ),
    (
        "Ventetid på langtidsplass i sjukeheim",
        "Dagar frå vedtak til innflytting.",
        Ind.Maaleeining.DAGAR,
        0,
        Ind.Retning.LAAGARE,
        Ind.Kjelde.FAGSYSTEM,
        "",
        "",
        "Fagsystemet i helse og omsorg",
        Ind.Frekvens.MAANAD,
        "3100",
        "0",
        None,
        ELDRE_HEIME,
        "45",
        "3",
    ),
    # klima og miljø
    (
        "Klimagassutslepp frå kommunal drift (tonn CO₂-ekvivalentar)",
        "Utslepp frå kommunen sine bygg, køyretøy og innkjøp, frå klimarekneskapen.",
        Ind.Maaleeining.TAL,
        0,
        Ind.Retning.LAAGARE,
        Ind.Kjelde.EIGA,
        "",
        "",
        "Klimarekneskapen",
        Ind.Frekvens.AAR,
        "4400",
        "0",
        None,
        EIGNE_UTSLEPP,
        "5200",
        "400",
    ),
    (
        "Del fossilfrie køyretøy i kommunen sin bilpark",
        "Del av kommunen sine køyretøy som går på straum, hydrogen eller biogass.",
        Ind.Maaleeining.PROSENT,
        1,
        Ind.Retning.HOEGARE,
        Ind.Kjelde.EIGA,
        "",
        "",
        "",
        Ind.Frekvens.TERTIAL,
        "5300",
        "0",
        "100",
        FOSSILFRI,
        "35.0",
        "10.0",
    ),
    (
        "Energibruk i kommunale bygg (kWh per m²)",
        "Temperaturkorrigert energibruk per kvadratmeter oppvarma areal.",
        Ind.Maaleeining.TAL,
        0,
        Ind.Retning.LAAGARE,
        Ind.Kjelde.FAGSYSTEM,
        "",
        "",
        "Energioppfølgingssystemet",
        Ind.Frekvens.MAANAD,
        "5300",
        "0",
        None,
        FOSSILFRI,
        "165",
        "5",
    ),
    (
        "Omdisponert dyrka jord (dekar)",
        "Dyrka jord omdisponert til andre føremål i reguleringsplanar og dispensasjonar.",
        Ind.Maaleeining.TAL,
        0,
        Ind.Retning.LAAGARE,
        Ind.Kjelde.EIGA,
        "",
        "",
        "",
        Ind.Frekvens.AAR,
        "4300",
        "0",
        None,
        NATUREN,
        "20",
        "2",
    ),
    # organisasjon
    (
        "Del søknader som kjem inn digitalt",
        "Del av søknader og skjema frå innbyggjarane som kjem inn digitalt.",
        Ind.Maaleeining.PROSENT,
        1,
        Ind.Retning.HOEGARE,
        Ind.Kjelde.FAGSYSTEM,
        "",
        "",
        "Sak- og arkivsystemet",
        Ind.Frekvens.TERTIAL,
        "6300",
        "0",
        "100",
        DIGITALE,
        "70.0",
        "4.0",
    ),
    (
        "Svartid på førespurnader til servicetorget (dagar)",
        "Gjennomsnittleg tal dagar frå ein førespurnad kjem inn til han er svart på.",
        Ind.Maaleeining.DAGAR,
        1,
        Ind.Retning.LAAGARE,
        Ind.Kjelde.EIGA,
        "",
        "",
        "",
        Ind.Frekvens.MAANAD,
        "6400",
        "0",
        None,
        DIGITALE,
        "4.5",
        "0.3",
    ),
]


def _maalverdiar(plan, start, steg, retning, desimalar, minimum, maksimum):
    """Targets from the plan's first year to its last, a step better each year, exact and
    within the bounds."""
    verdiar = {}
    steg = steg if retning == Indikator.Retning.HOEGARE else -steg
    for i, aar in enumerate(services.maalaar(plan)):
        v = start + steg * i
        if minimum is not None:
            v = max(v, minimum)
        if maksimum is not None:
            v = min(v, maksimum)
        verdiar[aar] = v.quantize(Decimal(1).scaleb(-desimalar))
    return verdiar


def bygg_indikatorar(stdout=None):
    """The 25 demo indicators on the demo's goals, with the plans' targets to each plan's last
    year. Through the services; what exists already (an indicator by name, a link) is left as
    it is, so a second run changes nothing."""
    einingar = {e.kode: e for e in Eining.objects.all()}
    maal = {}
    for m in Maal.objects.select_related("plan").order_by("plan__periode_fra", "pk"):
        maal.setdefault(m.tittel, m)
    finst = {i.namn: i for i in Indikator.objects.all()}
    koplingar = set(MaalIndikator.objects.values_list("maal_id", "indikator_id"))
    nye = 0
    for (
        namn,
        definisjon,
        eining_,
        desimalar,
        retning,
        kjelde,
        tabell,
        variabel,
        merknad,
        frekvens,
        eigar,
        minimum,
        maksimum,
        maal_tittel,
        start,
        steg,
    ) in INDIKATORAR:
        ind = finst.get(namn)
        if ind is None:
            ind, _ny = services.lagre_indikator(
                Indikator(
                    namn=namn,
                    definisjon=definisjon,
                    maaleeining=eining_,
                    desimalar=desimalar,
                    retning=retning,
                    kjelde=kjelde,
                    kjelde_tabell=tabell,
                    kjelde_variabel=variabel,
                    kjelde_merknad=merknad,
                    frekvens=frekvens,
                    eigar=einingar.get(eigar) if eigar else None,
                    minimum=None if minimum is None else Decimal(minimum),
                    maksimum=None if maksimum is None else Decimal(maksimum),
                )
            )
            nye += 1
        m = maal.get(maal_tittel)
        if m is None or (m.pk, ind.pk) in koplingar:
            continue
        services.kople_indikator(
            m,
            ind,
            _maalverdiar(
                m.plan, Decimal(start), Decimal(steg), retning, desimalar, ind.minimum, ind.maksimum
            ),
        )
    if stdout and nye:
        stdout.write(f"Indikatorar: {nye} nye i registeret, {MaalIndikator.objects.count()} på mål.")
