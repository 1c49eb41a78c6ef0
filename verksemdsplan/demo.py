"""Oppdrag in the demo kommune: deadlines, statuses, goal links and delegation chains on top
of the oppdrag the decisions made. Built once; a second run changes nothing."""

import datetime

from django.utils import timezone

from alver.lib import klokke
from alver.lib.tre import i_subtre
from alver.models import Eining, User
from budget.models import Organ
from plans.models import Maal

from . import brev, services
from . import grunndata as grunndata_
from .models import Brevmal, Kategori, Oppdrag, Oppdragsbrev, Tema

ADMINISTRATIVE = [
    "Redusere sjukefråværet med to prosentpoeng",
    "Ta i bruk felles kvalitetssystem",
    "Gjennomføre leiarsamtalar",
    "Revidere delegeringsreglementet",
    "Innføre digital signering",
    "Betre svartid på innbyggjarførespurnader",
    "Kartleggje kompetansebehov",
    "Rydde i tilgangar til fagsystem",
    "Gjennomføre ROS-analyse",
    "Heiltidskultur i praksis",
]


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


def grunndata():
    grunndata_.last_inn(Kategori, Tema)
    for kode, tekst in MAL.items():
        tema = Tema.objects.filter(kode=kode).first()
        if tema:
            Brevmal.objects.get_or_create(tema=tema, defaults={"tekst": tekst})


def bygg(stdout=None, **_):
    if Oppdrag.objects.filter(parent__isnull=False).exists():
        return
    statusar = [
        Oppdrag.Status.I_GANG,
        Oppdrag.Status.IKKJE_STARTA,
        Oppdrag.Status.FORSEINKA,
        Oppdrag.Status.FULLFORT,
    ]
    maal = list(Maal.objects.til_kopling().filter(parent__isnull=True)[:5])
    tema = list(Tema.objects.all())
    for i, o in enumerate(Oppdrag.objects.filter(parent__isnull=True).select_related("owner").order_by("pk")):
        o.frist = datetime.date(2026, 3 + i % 9, 28 if i % 2 else 15)
        o.status = statusar[i % len(statusar)]
        o.status_kommentar = "Venter på avklaring av økonomi." if o.status == Oppdrag.Status.FORSEINKA else ""
        if i % 13 == 12:
            o.status, o.status_kommentar = Oppdrag.Status.AVBROTE, "Avløyst av eit nyare vedtak."
        o.tema = tema[1 + i % (len(tema) - 1)]
        o._change_reason = "Demo"
        o.save()
        if maal and i % 3:  # every third is left without a goal link, for the owner to link
            o.maal.set([maal[i % len(maal)]])
    # administrative oppdrag from the kommunedirektør, ten per sector
    direktor = User.objects.get(email="kommunedirektor@alver.example")
    adm = Kategori.objects.get(kode="administrativt")
    for s_i, sektor in enumerate(Eining.objects.filter(type=Eining.Type.SEKTOR).select_related("leiar")):
        for j, tittel in enumerate(ADMINISTRATIVE):
            o = Oppdrag(
                verksemdsplan=services.verksemdsplan_for(sektor, 2026),
                aar=2026,
                tittel=tittel,
                kategori=adm,
                eining=sektor,
                owner=sektor.leiar,
                tema=tema[(s_i + j) % len(tema)],
                frist=datetime.date(2026, 2 + (s_i + j) % 10, 1),
                status=statusar[(s_i + j) % len(statusar)],
                status_kommentar="Avklarast i leiargruppa." if (s_i + j) % len(statusar) == 2 else "",
            )
            o._change_reason = f"Demo: oppdrag frå {direktor.namn}"
            o.save()
            if maal and (s_i + j) % 4:
                o.maal.set([maal[(s_i + j) % len(maal)]])
    # delegation chains: sector → service area → unit, two or three levels deep
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
        barn.status = statusar[(i + 1) % len(statusar)]
        barn.status_kommentar = (
            "Manglar kapasitet i haust." if barn.status == Oppdrag.Status.FORSEINKA else ""
        )
        barn.save()
        einingar = Eining.objects.filter(i_subtre(to), depth=to.depth + 1, leiar__isnull=False)
        if i % 2 == 0 and einingar.exists():
            eining = einingar.order_by("path")[i % einingar.count()]
            services.deleger(
                barn, til=eining.leiar, frist=barn.frist, notat="Kan du følgje opp?", user=to.leiar
            )
    _bygg_milepaelar(direktor)
    _bygg_brev()
    # the oppdrag were given when the demo's year began (the plan was adopted in December): nothing
    # in it is «new to you» on Mi side, and every oppdrag was there for every period reported on
    Oppdrag.objects.update(created_at=timezone.make_aware(datetime.datetime(klokke.i_dag().year, 1, 2, 12)))
    if stdout:
        stdout.write(
            f"Oppdrag: {Oppdrag.objects.count()} oppdrag, {Oppdrag.objects.filter(parent__isnull=False).count()}"
            " av dei delegerte."
        )


def _bygg_milepaelar(direktor):
    """Each sector's first administrative oppdrag gets a plan of milestones: one done, one for
    the sector, one for the politicians on the deadline."""
    kommunestyret = Organ.objects.filter(type=Organ.Type.KOMMUNESTYRE).first()
    for o in Oppdrag.objects.filter(
        parent__isnull=True, tittel=ADMINISTRATIVE[0], frist__isnull=False
    ).select_related("eining"):
        for tittel, dagar, felt in (
            ("Kartlegging ferdig", 60, {"ferdig_dato": o.frist - datetime.timedelta(days=62)}),
            ("Tiltaksplan handsama i leiargruppa", 20, {"ansvarleg_eining": o.eining}),
            ("Orientering til kommunestyret", 0, {"ansvarleg_organ": kommunestyret}),
        ):
            services.legg_til_milepael(
                o, user=direktor, tittel=tittel, dato=o.frist - datetime.timedelta(days=dagar), **felt
            )


def _bygg_brev():
    """The overordna letter and Oppvekst's published (the overordna one public), Skule's a
    draft from the mal, two oppdrag exempt from public access, some plans marked done."""
    if Oppdragsbrev.objects.exists():
        return
    direktor = User.objects.get(email="kommunedirektor@alver.example")
    kommune = Eining.objects.get(kode="1000")
    oppvekst = Eining.objects.get(kode="2000")
    skule = Eining.objects.get(kode="2100")
    for eining, user in ((kommune, direktor), (oppvekst, oppvekst.leiar)):
        b = brev.lag_brev(eining, 2026, user=user)
        for s in b.seksjonar.select_related("tema"):
            tekst = BREV.get(s.tema.kode, "").format(aar=2026)
            s.tekst, s.html, s.med_underordna = tekst, brev.til_html(tekst), s.tema.kode != "innleiing"
            s.save()
        b.offentleg = eining == kommune
        b.save()
        for steg in ("send", "godkjenn", "publiser"):
            brev.steg(b, steg, user=direktor)
    brev.lag_brev(skule, 2026, user=skule.leiar)
    for o in Oppdrag.objects.filter(
        parent__isnull=True, eining__in=[oppvekst, Eining.objects.get(kode="3000")]
    ).order_by("pk")[:2]:
        o.unnateke, o.heimel = True, "offentleglova § 14 (organinternt dokument)"
        o.save()
    for kode, dag in (
        ("2000", datetime.date(2026, 1, 28)),
        ("2100", datetime.date(2026, 1, 30)),
        ("3000", datetime.date(2026, 2, 6)),
    ):
        plan = services.verksemdsplan_for(Eining.objects.get(kode=kode), 2026)
        plan.ferdig_at = timezone.make_aware(datetime.datetime.combine(dag, datetime.time(12)))
        plan.save()
