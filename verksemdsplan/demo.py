"""Oppdrag in the demo kommune: deadlines, statuses, goal links and delegation chains on top
of the oppdrag the decisions made. Built once; a second run changes nothing."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils import timezone

from alver.lib import klokke
from alver.lib.tre import i_subtre
from alver.models import Eining, User
from budget.models import Organ
from plans.demo import maal_for, sektorkodar
from plans.models import Indikator, Planmaalverdi

from . import brev, demovolum, services
from . import grunndata as grunndata_
from .demovolum import frist_og_status as _frist_og_status
from .models import Brevmal, Kategori, Oppdrag, Oppdragsbrev, PrioritertIndikator, Tema

# administrative oppdrag from the kommunedirektør, each sector its own (the kommune's letter
# lists them all: no title twice)
ADMINISTRATIVE = {
    "2000": [
        "Redusere sjukefråværet i barnehagane",
        "Felles kvalitetssystem for skulane",
        "Medarbeidarsamtalar med alle pedagogar",
        "Revidere rutinane for skulestart",
        "Digital signering av foreldreavtalar",
        "Kartleggje kompetansebehov i PPT",
        "ROS-analyse for skuleskyss",
        "Rydde i tilgangar til elevsystemet",
    ],
    "3000": [
        "Redusere sjukefråværet i heimetenesta",
        "Kvalitetssystem for avvik i omsorgstenestene",
        "Medarbeidarsamtalar på sjukeheimane",
        "Revidere tildelingskriteria for helse- og omsorgstenester",
        "Digital signering av vedtak om tenester",
        "Kartleggje kompetansebehov i sjukepleia",
        "ROS-analyse for pandemiberedskap",
        "Rydde i tilgangar til journalsystemet",
    ],
    "4000": [
        "Betre svartid på byggesøknader",
        "Kvalitetssystem for plansaker",
        "Medarbeidarsamtalar i kultursektoren",
        "Revidere gebyrregulativet for plan og byggesak",
        "Digital søknad om kulturtilskot",
        "Kartleggje kompetansebehov i plan og byggesak",
        "Beredskapsplan for kulturarrangement",
        "Rydde i arkivet for landbrukssaker",
    ],
    "5000": [
        "Redusere sjukefråværet i reinhaldet",
        "Internkontroll i vassverka",
        "Medarbeidarsamtalar i vegdrifta",
        "Revidere beredskapsplanen for vatn",
        "Kartleggje tilstanden på kommunale kaiar",
        "Kartleggje kompetansebehov i brannvesenet",
        "ROS-analyse for kommunale bygg",
        "Rydde i tilgangar til driftssystema",
    ],
    "6000": [
        "Redusere sjukefråværet i stabane",
        "Ta i bruk felles kvalitetssystem",
        "Revidere delegeringsreglementet",
        "Innføre digital signering",
        "Betre svartid på innbyggjarførespurnader",
        "Rydde i tilgangar til fagsystem",
        "Gjennomføre ROS-analyse for IKT",
        "Heiltidskultur i praksis",
    ],
}


MAL = {
    "innleiing": "## Kva er viktigast for eininga i år\n\nSkriv kort om dei to–tre viktigaste prioriteringane, "
    "med utgangspunkt i det overordna oppdragsbrevet.",
    "strategiske": "Kva for mål i kommuneplanen følgjer eininga opp, og korleis?",
    "okonomiske": "Korleis skal eininga halde seg innanfor ramma? Nemn tiltak for innsparing.",
    "organisatoriske": "- Nærvær og arbeidsmiljø\n- Kompetanse\n- Heiltidskultur",
}
BREV = {
    "innleiing": "## Hovudbodskap\n\nAlver kommune skal levere gode tenester innanfor økonomiske rammer som er "
    "**stramme**. I {aar} prioriterer vi tidleg innsats, nærvær og digitalisering. Oppdraga under kjem frå "
    "handlings- og økonomiplanen og frå politiske vedtak gjennom året.",
    "strategiske": "Alle einingar skal kople oppdraga sine til måla i [kommuneplanen sin samfunnsdel]"
    "(https://www.alver.kommune.no/).",
    "okonomiske": "Sektorane skal ha tiltak som gir balanse mot ramma. Meirforbruk skal meldast i "
    "månadsrapporten.",
    "organisatoriske": "- Sjukefråværet skal ned\n- Alle leiarar gjennomfører medarbeidarsamtalar\n"
    "- Heiltidskultur i alle tenester",
    "digitalisering": "Vi tek i bruk felles sakshandsamingssystem og digital signering.",
    "service": "Innbyggjarar skal få svar innan fem arbeidsdagar.",
    "saerskilte": "",
}


# The themes every unit answers in its own words (the others may stay empty and are left out)
PAAKRAVDE = {"innleiing", "strategiske", "okonomiske"}


def grunndata():
    grunndata_.last_inn(Kategori, Tema)
    for kode, tekst in MAL.items():
        tema = Tema.objects.filter(kode=kode).first()
        if tema:
            Brevmal.objects.get_or_create(
                tema=tema, defaults={"rettleiing": tekst, "paakravd": kode in PAAKRAVDE}
            )


def _anna_aar(o, i, dag):
    """An oppdrag of last year (decisions made last autumn) is mostly done, some carried on into
    this year; one of next year's (an adopted plan) is not started."""
    if o.aar > dag.year:
        return datetime.date(o.aar, 3 + i % 9, 15), Oppdrag.Status.IKKJE_STARTA, ""
    if i % 4:
        return datetime.date(o.aar, 12, 1), Oppdrag.Status.FULLFORT, ""
    return dag + datetime.timedelta(days=30 + i % 60), Oppdrag.Status.I_GANG, ""


def bygg(stdout=None, scale=1, aar=0, **_):
    _bygg(stdout)
    # `--scale`/`--aar`: a year's oppdrag in every unit, after the hand-made ones
    demovolum.bygg(scale, aar, stdout)


def _bygg(stdout=None):
    bygg_indikatorar(stdout)
    if Oppdrag.objects.filter(parent__isnull=False).exists():
        return
    dag = klokke.i_dag()
    aar = dag.year
    sektor_av = sektorkodar()
    tema = list(Tema.objects.all())
    oppdrag = (
        Oppdrag.objects.filter(parent__isnull=True)
        .select_related("owner", "eining", "kjelde_tiltak")
        .order_by("pk")
    )
    for i, o in enumerate(oppdrag):
        o.frist, o.status, o.status_kommentar = (
            _frist_og_status(i, dag) if o.aar == aar else _anna_aar(o, i, dag)
        )
        o.tema = tema[1 + i % (len(tema) - 1)]
        o._change_reason = "Demo"
        o.save()
        # every third is left as it came (some without a goal link, for the owner to link); those
        # from a plan's tiltak keep the plan's own goals
        if i % 3 and not (o.kjelde_tiltak and o.kjelde_tiltak.tiltak_id):
            o.maal.set(maal_for(o.tittel, sektor_av(o.eining)))
    # administrative oppdrag from the kommunedirektør
    direktor = User.objects.get(email="kommunedirektor@alver.example")
    adm = Kategori.objects.get(kode="administrativt")
    n = oppdrag.count()
    for s_i, sektor in enumerate(Eining.objects.filter(type=Eining.Type.SEKTOR).select_related("leiar")):
        for j, tittel in enumerate(ADMINISTRATIVE.get(sektor.kode, [])):
            frist, status, kommentar = _frist_og_status(n + s_i * 8 + j, dag)
            o = Oppdrag(
                verksemdsplan=services.verksemdsplan_for(sektor, aar),
                aar=aar,
                tittel=tittel,
                kategori=adm,
                eining=sektor,
                owner=sektor.leiar,
                tema=tema[(s_i + j) % len(tema)],
                frist=frist,
                status=status,
                status_kommentar="Avklarast i leiargruppa." if kommentar else "",
            )
            o._change_reason = f"Demo: oppdrag frå {direktor.namn}"
            o.save()
            if (s_i + j) % 4:
                o.maal.set(maal_for(tittel, sektor.kode))
    # delegation chains: sector → service area → unit, two or three levels deep; a task shares
    # its oppdrag's deadline and state
    for i, o in enumerate(
        Oppdrag.objects.filter(parent__isnull=True, owner__isnull=False)
        .select_related("eining", "owner")
        .order_by("pk")
    ):
        if i % 4 == 3 or o.status == Oppdrag.Status.AVBROTE:
            continue
        omraade = Eining.objects.filter(
            i_subtre(o.eining), depth=o.eining.depth + 1, leiar__isnull=False
        ).order_by("path")
        if not omraade:
            continue
        to = list(omraade)[i % len(omraade)]
        barn = services.deleger(
            o, til=to.leiar, frist=o.frist, notat="Ta dette med i verksemdsplanen.", user=o.owner
        )
        _same_tilstand(barn, o)
        einingar = Eining.objects.filter(i_subtre(to), depth=to.depth + 1, leiar__isnull=False)
        if i % 2 == 0 and einingar.exists():
            eining = einingar.order_by("path")[i % einingar.count()]
            barnebarn = services.deleger(
                barn, til=eining.leiar, frist=barn.frist, notat="Kan du følgje opp?", user=to.leiar
            )
            _same_tilstand(barnebarn, o)
    _bygg_milepaelar(direktor, dag)
    _bygg_brev(dag)
    # the oppdrag were given when the demo's year began (the plan was adopted in December): nothing
    # in it is «new to you» on Mi side, and every oppdrag was there for every period reported on
    Oppdrag.objects.update(created_at=timezone.make_aware(datetime.datetime(aar, 1, 2, 12)))
    if stdout:
        stdout.write(
            f"Oppdrag: {Oppdrag.objects.count()} oppdrag, {Oppdrag.objects.filter(parent__isnull=False).count()}"
            " av dei delegerte."
        )


def _bygg_milepaelar(direktor, dag):
    """Each sector's first administrative oppdrag gets a plan of milestones: one done, one for
    the sector, one for the politicians on the deadline."""
    kommunestyret = Organ.objects.filter(type=Organ.Type.KOMMUNESTYRE).first()
    for o in Oppdrag.objects.filter(
        parent__isnull=True, tittel__in=[titlar[0] for titlar in ADMINISTRATIVE.values()], frist__isnull=False
    ).select_related("eining"):
        for tittel, dagar, felt in (
            # done two days late, when that day has come
            (
                "Kartlegging ferdig",
                60,
                {"ferdig_dato": ferdig if (ferdig := o.frist - datetime.timedelta(days=58)) <= dag else None},
            ),
            ("Tiltaksplan handsama i leiargruppa", 20, {"ansvarleg_eining": o.eining}),
            ("Orientering til kommunestyret", 0, {"ansvarleg_organ": kommunestyret}),
        ):
            services.legg_til_milepael(
                o, user=direktor, tittel=tittel, dato=o.frist - datetime.timedelta(days=dagar), **felt
            )


def _same_tilstand(barn, o):
    barn.status = o.status
    barn.status_kommentar = "Manglar kapasitet no." if barn.status == Oppdrag.Status.FORSEINKA else ""
    barn._change_reason = "Demo"
    barn.save()


def _bygg_brev(dag):
    """The overordna letter and Oppvekst's published in January (the overordna one public),
    Skule's an empty draft (the guidance beside it), two oppdrag exempt from public access, some
    plans marked done (one after the deadline)."""
    if Oppdragsbrev.objects.exists():
        return
    aar = dag.year
    direktor = User.objects.get(email="kommunedirektor@alver.example")
    helse = User.objects.get(email="kommunalsjef.helse@alver.example")
    kommune = Eining.objects.get(kode="1000")
    oppvekst = Eining.objects.get(kode="2000")
    skule = Eining.objects.get(kode="2100")
    for eining, user, publisert in (
        (kommune, direktor, datetime.date(aar, 1, 8)),
        (oppvekst, oppvekst.leiar, datetime.date(aar, 1, 15)),
    ):
        # written and published on its January day (or today, on the year's first days)
        with klokke.stilt(min(publisert, dag)):
            b = brev.lag_brev(eining, aar, user=user)
            for s in b.seksjonar.select_related("tema"):
                tekst = BREV.get(s.tema.kode, "").format(aar=aar)
                s.tekst, s.html, s.med_underordna = tekst, brev.til_html(tekst), s.tema.kode != "innleiing"
                s.save()
            b.offentleg = eining == kommune
            b.save()
            # four eyes: the kommunedirektør's own letter is approved by a kommunalsjef she names
            if eining == kommune:
                brev.steg(b, "send", user=direktor, godkjennar=helse)
                brev.steg(b, "godkjenn", user=helse)
            else:
                brev.steg(b, "send", user=user)
                brev.steg(b, "godkjenn", user=direktor)
            brev.steg(b, "publiser", user=direktor)
    brev.lag_brev(skule, aar, user=skule.leiar)
    for o in Oppdrag.objects.filter(
        parent__isnull=True, aar=aar, eining__in=[oppvekst, Eining.objects.get(kode="3000")]
    ).order_by("pk")[:2]:
        o.unnateke, o.heimel = True, "offentleglova § 14 (organinternt dokument)"
        o.save()
    for kode, ferdig in (
        ("2000", datetime.date(aar, 1, 28)),
        ("2100", datetime.date(aar, 1, 30)),
        ("3000", datetime.date(aar, 2, 6)),
    ):
        if ferdig > dag:
            continue  # not done yet
        plan = services.verksemdsplan_for(Eining.objects.get(kode=kode), aar)
        plan.ferdig_at = timezone.make_aware(datetime.datetime.combine(ferdig, datetime.time(12)))
        plan.save()


# which sector takes on an indicator, by words in its name (the demo's indicators are the
# plans demo's; its owner unit decides first when it has one)
INDIKATOR_ORD = {
    "2000": ("barn", "skule", "elev", "lærar", "barnehage", "grunnskule", "oppvekst", "mobbing", "trivsel"),
    "3000": ("pleie", "omsorg", "institusjon", "sjukeheim", "heimeteneste", "80 år", "helse", "brukar"),
}


def _sektor_for(ind, sektor_av):
    if ind.eigar is not None and (kode := sektor_av(ind.eigar)) in INDIKATOR_ORD:
        return kode
    namn = ind.namn.lower()
    return next((kode for kode, ord_ in INDIKATOR_ORD.items() if any(o in namn for o in ord_)), None)


def _eige_maal(ind, planmaal):
    """The unit's own target: a step more ambitious than the plan's for the year, where that is
    still a valid value for the indicator; else the plan's; none without a plan target."""
    if planmaal is None:
        return None
    steg = Decimal(1).scaleb(-ind.desimalar) * (1 if ind.retning == Indikator.Retning.HOEGARE else -1)
    for kandidat in (planmaal + steg, planmaal):
        try:
            ind.valider(kandidat)
        except ValidationError:
            continue
        return kandidat
    return None


def bygg_indikatorar(stdout=None):
    """About half of the register's indicators taken on for this year, mostly by the units under
    oppvekst and helse (a sector or the service areas below it, in turn), with their own targets;
    some delegated to a unit below, some to a person in the unit. Nothing without indicators;
    a second run changes nothing."""
    if PrioritertIndikator.objects.exists():
        return
    indikatorar_ = list(Indikator.objects.select_related("eigar").order_by("pk"))
    if not indikatorar_:
        return
    aar = klokke.i_dag().year
    sektor_av = sektorkodar()
    sektorar = {
        e.kode: e for e in Eining.objects.aktive().filter(kode__in=INDIKATOR_ORD).select_related("leiar")
    }
    planmaal = dict(
        Planmaalverdi.objects.filter(aar=aar)
        .order_by("kopling__maal__plan_id", "kopling_id")
        .values_list("kopling__indikator_id", "verdi")
    )
    valde = [(ind, kode) for ind in indikatorar_ if (kode := _sektor_for(ind, sektor_av)) in sektorar]
    # the rest of the half from the other indicators, taken on by the sectors in turn
    andre = [ind for ind in indikatorar_ if ind not in {i for i, _k in valde}]
    koder = sorted(sektorar)
    if not koder:
        return
    halvparten = (len(indikatorar_) + 1) // 2
    valde = valde[:halvparten]
    valde += [(ind, koder[i % len(koder)]) for i, ind in enumerate(andre[: max(halvparten - len(valde), 0)])]
    teke = 0
    for i, (ind, kode) in enumerate(valde):
        sektor = sektorar[kode]
        omraade = list(
            Eining.objects.aktive()
            .filter(i_subtre(sektor), depth=sektor.depth + 1, leiar__isnull=False)
            .order_by("path")
        )
        # every third by a unit with staff of its own, the follow-up given to one of them
        med_folk = list(
            Eining.objects.aktive()
            .filter(i_subtre(sektor), leiar__isnull=False)
            .filter(
                Exists(
                    User.objects.filter(eining=OuterRef("pk"), is_active=True).exclude(
                        pk=OuterRef("leiar_id")
                    )
                )
            )
            .order_by("path")
        )
        if i % 3 == 2 and med_folk:
            eining = med_folk[i % len(med_folk)]
        else:
            eining = sektor if i % 3 == 0 or not omraade else omraade[i % len(omraade)]
        leiar = (
            eining.leiar or sektor.leiar or User.objects.filter(email="kommunedirektor@alver.example").first()
        )
        if leiar is None:
            continue
        under = list(
            Eining.objects.aktive()
            .filter(i_subtre(eining), depth=eining.depth + 1, leiar__isnull=False)
            .order_by("path")
        )
        delegering = {}
        if i % 3 == 1 and under:
            delegering = {"ansvarleg_eining": under[i % len(under)]}
        elif i % 3 == 2:
            folk = list(services.indikatormottakarar(eining)[1].exclude(pk=leiar.pk)[:5])
            if folk:
                delegering = {"ansvarleg": folk[i % len(folk)]}
        services.ta_paa_indikator(
            eining=eining,
            aar=aar,
            indikator=ind,
            user=leiar,
            maal=_eige_maal(ind, planmaal.get(ind.pk)),
            kommentar="Vert drøfta på personalmøtet kvar månad." if i % 4 == 0 else "",
            **delegering,
        )
        teke += 1
    if stdout:
        stdout.write(
            f"Prioriterte indikatorar: {teke} av {len(indikatorar_)} indikatorar tekne inn i verksemdsplanar."
        )
