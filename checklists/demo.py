"""The demo's internal control: this year's checklist of fifteen points over Leiardialog,
Planlegging, HMS and Økonomi (the seed's examples among them), published by HR by the end of
January; answered by most leaders for every month begun (about one in twelve answers missing,
some «nei» and «delvis» with comments, three «nei» with an improvement oppdrag); the monthly
meeting's follow-up of Skule's last month; one tilsyn with an avvik and a merknad followed up as
oppdrag; and next year's draft copied from this year's. Built once; a second run changes nothing."""

import datetime

from django.utils import timezone

from alver.lib import klokke, periodar
from alver.models import Eining, User
from verksemdsplan.models import Kategori

from . import grunndata as grunndata_
from . import plikt, services
from .models import Frekvens, Gjeld, Sjekkliste, Sjekkpunkt, Svar

# (føremål, type, sjekkpunkt, frekvens, heimel, rettleiing)
PUNKT = [
    ("Leiardialog", "Leiardialog", "Er det gjennomført leiarsamtale med underordna leiar?", Frekvens.MAANAD, "", "Samtalen følgjer malen for leiardialog; avtalte tiltak blir skrivne ned."),
    ("Leiardialog", "Leiardialog", "Er sjukefråveret gått gjennom med HR-rådgjevar?", Frekvens.MAANAD, "Arbeidsmiljølova § 4-6", ""),
    ("Leiardialog", "Medarbeidarar", "Er medarbeidarsamtalar gjennomførte for alle tilsette?", Frekvens.AAR, "", "Gjeld fast tilsette og vikarar med meir enn seks månader."),
    ("Planlegging", "Verksemdstyring", "Er det utarbeida verksemdsplan?", Frekvens.EIN_GONG, "Kommunelova § 25-1", "Verksemdsplanen skal vere ferdig innan fristen for oppdragsbrevet."),
    ("Planlegging", "Verksemdstyring", "Er oppdraga i verksemdsplanen rapporterte denne månaden?", Frekvens.MAANAD, "", ""),
    ("Planlegging", "Risiko", "Er risikovurderinga for eininga oppdatert?", Frekvens.TERTIAL, "Kommunelova § 25-1 bokstav d", "Bruk malen for risikovurdering i kvalitetssystemet."),
    ("HMS", "HMS", "Er grunnopplæring i HMS utført?", Frekvens.AAR, "HMS-planen punkt 2.1", "Gjeld nye leiarar og verneombod."),
    ("HMS", "HMS", "Er vernerunde gjennomført?", Frekvens.TERTIAL, "HMS-planen punkt 3.2", "Vernerunden blir gjord saman med verneombodet."),
    ("HMS", "HMS", "Er nye avviksmeldingar behandla innan fristen?", Frekvens.MAANAD, "Internkontrollforskrifta § 5", ""),
    ("HMS", "Beredskap", "Er brannøving gjennomført?", Frekvens.TERTIAL, "Brann- og eksplosjonsvernlova § 6", ""),
    ("HMS", "Beredskap", "Er beredskapsplanen for institusjonen oppdatert?", Frekvens.AAR, "", ""),
    ("Økonomi", "Økonomistyring", "Er månadsrekneskapen gått gjennom og avvik kommenterte?", Frekvens.MAANAD, "Økonomireglementet kap. 4", ""),
    ("Økonomi", "Økonomistyring", "Er prognosen for året oppdatert?", Frekvens.TERTIAL, "", ""),
    ("Økonomi", "Innkjøp", "Er innkjøp over 100 000 kr gjort etter rammeavtale eller konkurranse?", Frekvens.MAANAD, "Lov om offentlege anskaffingar", ""),
    ("Økonomi", "Innkjøp", "Er attestasjon og tilvising skilde for alle fakturaer?", Frekvens.AAR, "Økonomireglementet kap. 6", ""),
]  # fmt: skip
HELSE_SEKTOR = "3000"  # the institution point applies to the leaders in Helse og omsorg only

KOMMENTAR = {
    "nei": ["Ikkje rokke over det denne månaden.", "Ventar på ny mal frå HR.", "Leiar har vore sjukmeld."],
    "delvis": ["Gjennomført for to av tre avdelingar.", "Starta, blir ferdig neste månad."],
}


def grunndata():
    grunndata_.last_inn(Kategori)


def _verdi(i):
    """A believable spread: mostly yes, some partly, a few no, now and then not applicable."""
    if i % 83 == 0:
        return "nei"
    if i % 37 == 0:
        return "delvis"
    if i % 31 == 7:
        return "ikkje_aktuelt"
    return "ja"


def bygg(stdout=None, **_):
    dag = klokke.i_dag()
    aar = dag.year
    if Sjekkliste.objects.filter(aar=aar).exists():
        return
    hr = User.objects.get(email="hr@alver.example")
    liste = services.lag_sjekkliste(aar, user=hr)
    typar = {}
    helse = Eining.objects.get(kode=HELSE_SEKTOR)
    for f_namn, t_namn, sporsmaal, frekvens, heimel, rettleiing in PUNKT:
        if f_namn not in typar:
            typar[f_namn] = {"f": services.lag_foremaal(liste, namn=f_namn, user=hr), "t": {}}
        f = typar[f_namn]
        if t_namn not in f["t"]:
            f["t"][t_namn] = services.lag_sjekktype(f["f"], namn=t_namn, user=hr)
        institusjon = "institusjon" in sporsmaal
        services.lag_punkt(
            f["t"][t_namn],
            user=hr,
            sporsmaal=sporsmaal,
            rettleiing=rettleiing,
            heimel=heimel,
            frekvens=frekvens,
            dato=datetime.date(aar, 2, 28) if frekvens == Frekvens.EIN_GONG else None,
            gjeld=Gjeld.SEKTOR if institusjon else Gjeld.ALLE,
            sektor=helse if institusjon else None,
        )
    liste = services.publiser(liste, liste.versjon, user=hr)
    n = _svar(liste, dag)
    _oppfolging(liste, dag)
    _tilsyn(dag)
    services.lag_sjekkliste(aar + 1, user=hr, kopier_fra=liste)
    if stdout:
        stdout.write(
            f"Internkontroll: sjekkliste {aar} med {len(PUNKT)} punkt, {n} svar, utkast for {aar + 1}"
        )


def _svar(liste, dag):
    """Answers for every period begun: each unit's leader answers a few days into the month
    after (this month's, by about half the units so far); a few units leave some unanswered, the others seldom."""
    einingar = list(
        Eining.objects.aktive()
        .exclude(type=Eining.Type.KOMMUNE)
        .filter(leiar__isnull=False)
        .select_related("leiar")
        .order_by("path")
    )
    punkt = list(
        Sjekkpunkt.objects.filter(sjekktype__foremaal__sjekkliste=liste)
        .select_related("sektor")
        .order_by("pk")
    )
    nye, sett = [], set()
    i = 0
    for nummer in range(1, dag.month + 1):
        maanad = periodar.Kalenderperiode(dag.year, periodar.MAANAD, nummer)
        for ei, e in enumerate(einingar):
            for pi, p in enumerate(punkt):
                kode = plikt.periode(p, maanad)
                if (p.pk, e.pk, kode) in sett or not plikt.gjeld(p, e, set()):
                    continue
                _fra, til = plikt.fraa_til(kode)
                svart = min(til + datetime.timedelta(days=3 + (ei + pi) % 5), dag)
                if (
                    kode.endswith("-aar")
                    and p.frekvens != Frekvens.EIN_GONG
                    and til > dag
                    and nummer < dag.month
                ):
                    continue  # the year's points are answered late in the year
                if p.frekvens != Frekvens.MAANAD and til > dag and (ei + pi) % 2:
                    continue  # a longer period still running: some have answered already
                if nummer == dag.month and (ei + pi) % 2:
                    continue  # this month: about half have answered so far
                if ei % 6 == 2 and (pi + nummer) % 5 == 0 or (ei * 7 + pi * 3 + nummer) % 97 == 5:
                    continue  # missing: mostly in a few units that slip, now and then elsewhere
                sett.add((p.pk, e.pk, kode))
                i += 1
                verdi = _verdi(i)
                nye.append(
                    Svar(
                        punkt=p,
                        eining=e,
                        periode=kode,
                        verdi=verdi,
                        kommentar=KOMMENTAR[verdi][i % len(KOMMENTAR[verdi])] if verdi in KOMMENTAR else "",
                        svart_av=e.leiar,
                        svart_at=timezone.make_aware(datetime.datetime.combine(svart, datetime.time(9, 30))),
                    )
                )
    lagra = services.svar_i_bulk(nye, grunn="Demo")
    # three of the «nei» became improvement work
    # (on three different points, so no letter lists two oppdrag of the same title)
    valde = {}
    for s in reversed([s for s in lagra if s.verdi == "nei"]):
        valde.setdefault(s.punkt_id, s)
    for s in list(valde.values())[:3]:
        services.lag_forbetring(s, s.svart_av)
    return len(lagra)


def _oppfolging(liste, dag):
    """Skule's last month, discussed with the kommunalsjef in the monthly meeting."""
    skule = Eining.objects.filter(kode="2100").first()
    sjef = User.objects.filter(email="kommunalsjef.oppvekst@alver.example").first()
    if skule is None or sjef is None or dag.month == 1:
        return
    forrige = periodar.Kalenderperiode(dag.year, periodar.MAANAD, dag.month - 1)
    services.folg_opp(
        liste,
        skule,
        forrige.kode,
        0,
        kommentar="Gått gjennom i månadsmøtet. Leiarsamtalane må takast att før jul.",
        droefta=True,
        user=sjef,
    )


def _tilsyn(dag):
    kd = User.objects.get(email="kommunedirektor@alver.example")
    heime = Eining.objects.filter(kode="3200").first()
    if heime is None:
        return
    dato = dag - datetime.timedelta(days=75)
    t = services.registrer_tilsyn(
        user=kd,
        myndigheit="Arbeidstilsynet",
        dato=dato,
        tema="Psykososialt arbeidsmiljø og risikovurdering i heimetenestene",
        eining=heime,
        saksnummer=f"{dato.year}/4711",
        rapport_dato=dato + datetime.timedelta(days=30),
    )
    services.legg_til_funn(
        t,
        user=kd,
        eining=heime,
        type="avvik",
        nummer="1",
        tekst="Verksemda har ikkje kartlagt og risikovurdert belastningar ved vald og truslar.",
        frist=dato + datetime.timedelta(days=120),
    )
    services.legg_til_funn(
        t,
        user=kd,
        eining=heime,
        type="merknad",
        nummer="1",
        tekst="Verneombodet bør takast med i planlegginga av turnusendringar.",
        frist=dato + datetime.timedelta(days=180),
    )
