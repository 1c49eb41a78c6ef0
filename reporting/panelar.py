"""What reporting shows on upstream pages (alver.lib.panel): an oppdrag's latest report, and
indicators' latest values with their light and charts."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from alver.lib import klokke
from alver.lib.panel import Kolonne, kolonne, panel
from alver.permissions import er_tilsett
from plans.models import MaalIndikator
from verksemdsplan.models import Oppdrag, PrioritertIndikator, Verksemdsplan

from . import indikatorar, permissions
from .models import Indikatorverdi, Statusrapport


@panel("verksemdsplan.oppdrag.fakta")
def sist_rapportert(request, oppdrag):
    if not er_tilsett(request.user):
        return ""
    r = Statusrapport.objects.filter(oppdrag=oppdrag).select_related("periode").first()
    return render_to_string("reporting/panelar/sist_rapportert.html", {"r": r}, request=request)


def _oppfolgingskolonne(request, objekt_liste, felt, param):
    """For readers who do not see oppdrag (politicians): each row's status, linking to the
    political follow-up of that decision. Employees get verksemdsplan's column instead."""
    if er_tilsett(request.user) or not permissions.kan_sjaa_politisk_oppfolging(request.user):
        return None
    per_kjelde = {}
    for o in Oppdrag.objects.filter(
        parent__isnull=True, kategori__regel__politisk=True, **{f"{felt}__in": objekt_liste}
    ).order_by("pk"):
        per_kjelde.setdefault(getattr(o, f"{felt}_id"), []).append(o)
    return Kolonne(
        tittel=_("Follow-up"),
        celler={
            k.pk: render_to_string(
                "reporting/panelar/oppfolging_celle.html",
                {"oppdrag": per_kjelde.get(k.pk, []), "param": param, "kjelde": k.pk},
                request=request,
            )
            for k in objekt_liste
        },
    )


@kolonne("budget.vedtak_liste")
def oppfolging_av_vedtak(request, vedtak):
    return _oppfolgingskolonne(request, vedtak, "kjelde_vedtak", "vedtak")


@kolonne("budget.verbalpunkt_liste")
def oppfolging_av_verbalpunkt(request, verbalpunkt):
    return _oppfolgingskolonne(request, verbalpunkt, "kjelde_verbalpunkt", "verbalpunkt")


# --- indicators: the latest value, the target used and the light, on plans' and verksemdsplan's pages


def _hurtiglager(request, namn):
    """A per-request store, so the panels of one page share their queries (one set per goal or
    operational plan, not one per row)."""
    lager = getattr(request, "_indikatorpanel", None)
    if lager is None:
        lager = request._indikatorpanel = {}
    return lager.setdefault(namn, {})


@panel("plans.maalindikator")
def indikator_paa_maal(request, kopling):
    """A row on the goal page: the kommune's latest value, the target used, the light, a chart."""
    if not permissions.kan_lese_indikatorverdiar(request.user):
        return ""
    lager = _hurtiglager(request, "maal")
    if kopling.maal_id not in lager:
        koplingar = list(MaalIndikator.objects.filter(maal_id=kopling.maal_id).select_related("indikator"))
        rader = indikatorar.tavle(
            [k.indikator for k in koplingar], til=klokke.i_dag(), koplingar={k.pk for k in koplingar}
        )
        lager[kopling.maal_id] = {r["indikator"].pk: r for r in rader}
    r = lager[kopling.maal_id].get(kopling.indikator_id)
    if r is None:
        return ""
    return render_to_string("reporting/panelar/maalindikator.html", {"r": r}, request=request)


@panel("plans.indikator")
def indikator_side(request, indikator):
    """The indicator's page: the history chart with the target line and comparisons, the values,
    the units' latest values, and where to enter one for a reader who may."""
    if not permissions.kan_lese_indikatorverdiar(request.user):
        return ""
    i_dag = klokke.i_dag()
    (r,) = indikatorar.tavle([indikator], til=i_dag)
    einingar = indikatorar.vurder(
        indikatorar.siste(
            Indikatorverdi.objects.filter(
                indikator=indikator, eining__isnull=False, aar=i_dag.year
            ).select_related("indikator", "eining")
        ).values()
    )
    test = permissions.registrering_test(request.user)
    for v in einingar:
        v.kan_registrere = test(indikator, v.eining)
    return render_to_string(
        "reporting/panelar/indikator.html",
        {
            "r": r,
            "ind": indikator,
            "einingar": sorted(einingar, key=lambda v: v.eining.path),
            "kan_registrere": test(indikator, None),
            "regel": indikatorar.regeltekst(),
        },
        request=request,
    )


@panel("verksemdsplan.prioritert_indikator")
def prioritert_indikator(request, prioritert):
    """A unit's prioritised indicator: the unit's latest value this year and its light. The rows
    of one operational plan share one set of queries (the plan, its indicators, their values)."""
    if not permissions.kan_lese_indikatorverdiar(request.user):
        return ""
    lager = _hurtiglager(request, "verksemdsplan")
    vp_id = prioritert.verksemdsplan_id
    if vp_id not in lager:
        vp = Verksemdsplan.objects.select_related("eining").get(pk=vp_id)
        prioriterte = {
            p.indikator_id: p.indikator
            for p in PrioritertIndikator.objects.filter(verksemdsplan_id=vp_id).select_related(
                "indikator__eigar"
            )
        }
        siste = indikatorar.siste(
            Indikatorverdi.objects.filter(
                indikator_id__in=list(prioriterte), eining_id=vp.eining_id, aar=vp.aar
            ).select_related("indikator", "eining")
        )
        indikatorar.vurder(siste.values())
        lager[vp_id] = {
            "vp": vp,
            "indikatorar": prioriterte,
            "siste": siste,
            "test": permissions.registrering_test(request.user, vp.aar),
        }
    data = lager[vp_id]
    vp, ind = data["vp"], data["indikatorar"].get(prioritert.indikator_id)
    if ind is None:
        return ""
    url = f"{reverse('reporting:indikatorverdi', args=[ind.pk])}?eining={vp.eining.kode}"
    return render_to_string(
        "reporting/panelar/prioritert_indikator.html",
        {
            "v": data["siste"].get((ind.pk, vp.eining_id)),
            "ind": ind,
            "kan_registrere": data["test"](ind, vp.eining),
            "url": url,
        },
        request=request,
    )


@panel("verksemdsplan.side.lenkjer")
def verksemdsplan_dokument(request, eining):
    """The verksemdsplan page links to the whole plan as one document, for the same readers."""
    aar = request.resolver_match.kwargs["aar"]
    url = reverse("reporting:verksemdsplan", args=[aar, eining.kode])
    return format_html('<a class="ds-link" href="{}">{}</a>', url, _("As a document (page and PDF)"))


@panel("verksemdsplan.innsyn_brev")
def offentleg_verksemdsplan(request, brev):
    """A public letter's page links to the unit's public verksemdsplan: it is public exactly when
    the letter is."""
    url = reverse("reporting:innsyn_verksemdsplan", args=[brev.aar, brev.eining.kode])
    return format_html(
        '<p class="ds-paragraph"><a class="ds-link" href="{}">{}</a></p>',
        url,
        _("The unit's operational plan"),
    )
