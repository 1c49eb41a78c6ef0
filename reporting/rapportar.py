"""The månadsrapport and the tertialrapport: what they hold (for the page and the PDF alike),
and the background job that prints a kommune-wide one."""

import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alver.lib import klokke, oppgaver
from alver.lib.historikk import grunnkode
from alver.lib.oppgaver import etter_commit
from alver.lib.pdf import lag_pdf
from alver.lib.profil import kommune_namn
from alver.lib.tre import i_subtre
from alver.models import Eining
from checklists import aarsrapport as sjekklisterapport
from checklists import oversikt as sjekklisteoversikt
from checklists.models import Sjekkliste

from . import indikatorar, services
from .models import Frekvens, Periode, Rapportutskrift

log = logging.getLogger(__name__)


def kommunen():
    return Eining.objects.aktive().filter(depth=1).order_by("path").first()


def maanadsrapport(periode, rot, qs):
    """A unit's (or, from the root, the kommune's) month: economy, then oppdrag by category."""
    qs = qs.filter(i_subtre(rot, "eining"))
    okonomi, okonomi_sum = services.okonomi_under(periode, rot)
    kategoriar = services.maanadsrapport(periode, qs)
    return {
        "p": periode,
        "rot": rot,
        "okonomi": okonomi,
        "okonomi_sum": okonomi_sum,
        "kategoriar": kategoriar,
        "tal": _sum([k["tal"] for k in kategoriar]),
        "internkontroll": internkontroll(periode, rot),
        "indikatorar": indikatorar.utanfor_maalet(periode, rot),
    }


def internkontroll(periode, rot):
    """The internal-control checklist's numbers for the month under `rot`: in total, and per unit
    just below it (each with everything under it; `rot` itself first when it answers). None when
    the year has no published checklist. A fixed number of queries: at most six."""
    if not Sjekkliste.objects.filter(aar=periode.aar, status=Sjekkliste.Status.PUBLISERT).exists():
        return None
    tal = sjekklisteoversikt.oppsummering(periode.aar, periode.kode, rot)
    born = {
        b.path: {"eining": b, "eigen": False, "forfalne": 0, "svart": 0, "nei": 0, "manglar": 0}
        for b in Eining.objects.aktive().filter(i_subtre(rot), depth=rot.depth + 1).order_by("path")
    }
    eigen = {"eining": rot, "eigen": True, "forfalne": 0, "svart": 0, "nei": 0, "manglar": 0}
    for r in tal["per_eining"]:
        e = r["eining"]
        if e.pk == rot.pk:
            rad = eigen
        else:
            # the child of `rot` the unit is in; a unit under a closed child stands on its own
            rad = born.get(e.path[: len(rot.path) + Eining.steplen]) or born.setdefault(
                e.path, {"eining": e, "eigen": False, "forfalne": 0, "svart": 0, "nei": 0, "manglar": 0}
            )
        for k in ("forfalne", "svart", "nei", "manglar"):
            rad[k] += r[k]
    if not any(r["eining"].pk == rot.pk for r in tal["per_eining"]):
        # the totals cover `rot`'s whole subtree; what its children do not hold is its own
        for k in ("forfalne", "svart", "nei", "manglar"):
            eigen[k] = tal[k] - sum(r[k] for r in born.values())
    rader = [r for r in [eigen, *sorted(born.values(), key=lambda r: r["eining"].path)] if r["forfalne"]]
    return {**{k: tal[k] for k in ("forfalne", "svart", "nei", "delvis", "manglar")}, "rader": rader}


def tertialrapport(periode):
    """For the politicians: the political categories' oppdrag with their latest status, and
    the economy per sector at the end of the period."""
    rot = kommunen()
    okperiode = services.okonomiperiode_for(periode)
    okonomi, okonomi_sum = (
        services.okonomi_per_eining_under(okperiode, rot) if okperiode and rot else ([], None)
    )
    grupper = services.politiske_oppdrag(periode)
    tal = {k: sum(g["tal"][k] for g in grupper) for k in ("gron", "gul", "raud", "manglar")}
    return {
        "p": periode,
        "rot": rot,
        "okperiode": okperiode,
        "okonomi": okonomi,
        "okonomi_sum": okonomi_sum,
        "grupper": grupper,
        "tal": tal,
        "totalt": sum(tal.values()),
        "internkontroll": internkontroll_i_aaret(periode),
        "indikatorar": indikatorar.politiske(periode),
    }


def internkontroll_i_aaret(periode):
    """Internal control in the year up to the end of a tertial (or the whole year, for the
    årsmelding): the checklist's results per purpose, and the statlege tilsyn by then. None when
    the year has no published checklist and no tilsyn. A fixed number of queries."""
    liste = Sjekkliste.objects.filter(aar=periode.aar, status=Sjekkliste.Status.PUBLISERT).first()
    tilsyn = [t for t in sjekklisterapport.tilsyn_i_aar(periode.aar) if t.dato <= periode.til]
    if liste is None and not tilsyn:
        return None
    foremaal, total = sjekklisterapport.resultat(liste, til=periode.til)
    return {
        "aar": periode.aar,
        "liste": liste,
        "foremaal": foremaal,
        "total": total,
        "tilsyn": len(tilsyn),
        "avvik": sum(t.tal_avvik for t in tilsyn),
        "merknad": sum(t.tal_merknad for t in tilsyn),
        "opne": sum(1 for t in tilsyn for f in t.alle_funn if f.er_ope),
    }


def _sum(rader):
    ut = dict.fromkeys(("alle", "rapportert", "manglar", "gron", "gul", "raud"), 0)
    for r in rader:
        for k in ut:
            ut[k] += r[k]
    return ut


def tittel(utskrift_type, periode, rot=None):
    if utskrift_type == Rapportutskrift.Type.TERTIAL:
        return _("Tertial report: %(p)s") % {"p": periode}
    return _("Monthly report %(p)s – %(eining)s") % {"p": periode, "eining": rot or kommune_namn()}


def pdf(utskrift_type, periode, ctx, med_sider=False):
    mal = (
        "reporting/tertialrapport_pdf.html"
        if utskrift_type == "tertial"
        else "reporting/maanadsrapport_pdf.html"
    )
    ctx = {
        **ctx,
        "KOMMUNE_NAMN": kommune_namn(),
        "LANGUAGE_CODE": translation.get_language(),
        "laga": timezone.localtime(klokke.no()),
    }
    return lag_pdf(None, mal, ctx, tittel=tittel(utskrift_type, periode, ctx.get("rot")), med_sider=med_sider)


@transaction.atomic
def frigje(periode, *, user):
    """Release the period's political report, and have its PDF made once in every language
    for everyone who reads it (`bestill` hands readers that one)."""
    services.frigje(periode, user=user)
    for spraak, _namn in settings.LANGUAGES:
        bestill(periode, Rapportutskrift.Type.TERTIAL, spraak=spraak, user=user)
    return periode


@transaction.atomic
def bestill(periode, utskrift_type, *, spraak, user):
    """Order a kommune-wide report PDF: the job is made, and its task queued when the transaction
    commits. A released report has one PDF per language, made once for all its readers: that
    is the one to wait for (one that failed is tried again). Otherwise one this user is having
    made already for the same report and language is the one to wait for (unless it has died:
    see TIDSGRENSE)."""
    if utskrift_type == Rapportutskrift.Type.TERTIAL and periode.frigitt_at is not None:
        return _frigjeven(periode, spraak, user)
    underveg = periode.utskrifter.filter(
        type=utskrift_type,
        spraak=spraak,
        status__in=Rapportutskrift.UNDERVEGS,
        created_by=user,
        created_at__gte=klokke.no() - Rapportutskrift.TIDSGRENSE,
    ).first()
    if underveg is not None:
        return underveg
    u = Rapportutskrift(periode=periode, type=utskrift_type, spraak=spraak, created_by=user)
    u._change_reason = grunnkode("Created")
    u.save()
    # by name: the task calls this module, so this module does not import the task
    etter_commit(UTSKRIFT_OPPGAVE, u.pk)
    return u


UTSKRIFT_OPPGAVE = "reporting.tasks.lag_utskrift"


def _frigjeven(periode, spraak, user):
    # the row lock makes two first readers at once order it once
    Periode.objects.select_for_update().filter(pk=periode.pk).first()
    u = periode.utskrifter.filter(type=Rapportutskrift.Type.TERTIAL, spraak=spraak, frigjeven=True).first()
    if u is None:
        u = Rapportutskrift(
            periode=periode, type=Rapportutskrift.Type.TERTIAL, spraak=spraak, frigjeven=True, created_by=user
        )
        u._change_reason = grunnkode("Created")
        u.save()
        etter_commit(UTSKRIFT_OPPGAVE, u.pk)
    elif utskrift_tilstand(u, utskrift_jobb(u)) in ("feila", "fast"):
        prov_igjen(u)
    return u


def frigjeven_utskrift(periode, spraak):
    """The released report's PDF in this language, or None (not released, or not ordered)."""
    if periode.frigitt_at is None:
        return None
    return periode.utskrifter.filter(type=Rapportutskrift.Type.TERTIAL, spraak=spraak, frigjeven=True).first()


def utskrift_jobb(u):
    """The job making this report PDF (the newest), or None."""
    return oppgaver.siste(UTSKRIFT_OPPGAVE, u.pk)


def utskrift_tilstand(u, jobb):
    """What the page says, from the job's record: «ventar», «koyrer», «ferdig», «feila», or
    «fast» (its worker stopped beating, nobody took it, or it ended without the PDF)."""
    if u.status in (Rapportutskrift.Status.FERDIG, Rapportutskrift.Status.FEILA):
        return u.status
    if jobb is None:  # ordered before jobs were recorded
        return (
            "fast" if u.fastlaast else ("ventar" if u.status == Rapportutskrift.Status.VENTAR else "koyrer")
        )
    tilstand = jobb.tilstand()
    return "fast" if tilstand == "ferdig" else tilstand


@transaction.atomic
def prov_igjen(u):
    """Order a failed or stuck report PDF again (the same row and job; the task is idempotent)."""
    jobb = utskrift_jobb(u)
    if utskrift_tilstand(u, jobb) not in ("feila", "fast"):
        return
    Rapportutskrift.objects.filter(pk=u.pk).update(status=Rapportutskrift.Status.VENTAR, feil="")
    if jobb is not None and jobb.status != jobb.Status.FERDIG:
        oppgaver.prov_igjen(jobb)
    else:
        etter_commit(UTSKRIFT_OPPGAVE, u.pk)


def lag(utskrift_pk):
    """Gather, lay out and store a kommune-wide report; a failure is shown on the page. Safe to
    run twice: only the run that claims the waiting job does the work."""
    gammal = klokke.no() - Rapportutskrift.TIDSGRENSE
    ledig = Q(status=Rapportutskrift.Status.VENTAR) | Q(
        status__in=Rapportutskrift.UNDERVEGS, created_at__lt=gammal
    )
    jobb = oppgaver.siste(UTSKRIFT_OPPGAVE, utskrift_pk)
    if jobb is not None and jobb.status == jobb.Status.KOYRER and jobb.forsok > 1:
        # this run is the job's next attempt (its worker died on the way): the job's record
        # makes it the only run, so what the dead one left «in progress» is this one's to finish
        ledig |= Q(status__in=Rapportutskrift.UNDERVEGS)
    if not Rapportutskrift.objects.filter(ledig, pk=utskrift_pk).update(status=Rapportutskrift.Status.HENTAR):
        return  # done, failed or being made by another run
    u = Rapportutskrift.objects.select_related("periode").get(pk=utskrift_pk)
    try:
        with translation.override(u.spraak):
            if u.type == Rapportutskrift.Type.TERTIAL:
                ctx = tertialrapport(u.periode)
            else:
                ctx = maanadsrapport(u.periode, kommunen(), services.oppdrag_i_perioden(u.periode))
            _steg(u, Rapportutskrift.Status.SET_OPP)
            innhald, u.sider = pdf(u.type, u.periode, ctx, med_sider=True)
        u.fil.save(f"{u.type}-{u.periode.kode}-{uuid.uuid4().hex}.pdf", ContentFile(innhald), save=False)
        u.status, u.ferdig_at = Rapportutskrift.Status.FERDIG, klokke.no()
        u.save()
    except OperationalError:
        # the database was away: give the job back (on a fresh connection) so the retry makes it
        connection.close()
        Rapportutskrift.objects.filter(pk=u.pk).update(status=Rapportutskrift.Status.VENTAR)
        raise
    except Exception as exc:  # the user must see that it failed, whatever the cause
        log.exception("Report PDF %s failed", utskrift_pk)
        Rapportutskrift.objects.filter(pk=u.pk).update(
            status=Rapportutskrift.Status.FEILA, feil=str(exc)[:2000]
        )


def _steg(u, status):
    u.status = status
    Rapportutskrift.objects.filter(pk=u.pk).update(status=status)


def kan_ha_tertialrapport(periode):
    return periode.type in (Frekvens.TERTIAL, Frekvens.AAR)
