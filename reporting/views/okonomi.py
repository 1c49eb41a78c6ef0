"""The economy per unit and month: the figures, the leader's comment, and the ledger import."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alver.lib.belop import Eining as BelopEining
from alver.lib.historikk import endringslogg
from alver.lib.importering import Importfeil
from alver.lib.kroner import vis_kroner
from alver.lib.samtidig import Konflikt, vis_konflikt
from alver.models import Eining

from .. import permissions as rapport_tilgang
from .. import services as tenester
from ..forms import OkonomiImportForm, OkonomiKommentarForm
from ._felles import maanad_for, maanad_og_rot


@login_required
def okonomi(request, kode):
    """The month's economy per unit: budget, actual, forecast, deviation and comment."""
    p, rot = maanad_og_rot(request, kode)
    rader, sum_ = tenester.okonomi_under(p, rot)
    kan_kommentere = rapport_tilgang.okonomikommentar_test(request.user)
    for r in rader:
        r.kan_kommentere = kan_kommentere(r.eining)
    return render(
        request,
        "reporting/okonomi.html",
        {
            "p": p,
            "rot": rot,
            "rader": rader,
            "sum": sum_,
            "kan_importere": rapport_tilgang.kan_importere_okonomi(request.user),
        },
    )


@login_required
def okonomi_kommentar(request, kode, eining):
    """The unit's leader writes the comment on the month's figures."""
    p = maanad_for(request.user, kode)
    e = get_object_or_404(Eining.objects.aktive(), kode=eining)
    rapport_tilgang.krev_lesing_av_eining(request.user, e)
    if not rapport_tilgang.kan_kommentere_okonomi(request.user, e):
        raise PermissionDenied
    rad = get_object_or_404(p.okonomirapportar.select_related("eining", "periode"), eining=e)
    form = OkonomiKommentarForm(request.POST or None, instance=rad)
    if form.is_bound and form.is_valid():
        try:
            tenester.kommenter_okonomi(
                rad, form.cleaned_data["kommentar"], form.cleaned_data["versjon"] or 0, user=request.user
            )
        except Konflikt as exc:
            vis_konflikt(form, exc)
        except tenester.Rapportfeil as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The comment is saved."))
            return redirect(f"{reverse('reporting:okonomi', args=[p.kode])}?eining={e.kode}")
    return render(
        request,
        "skjema.html",
        {
            "form": form,
            "tittel": _("Comment on the economy: %(eining)s, %(p)s") % {"eining": e.namn, "p": p},
            "merknad": _("Forecast %(prognose)s, deviation %(avvik)s kroner.")
            % {"prognose": vis_kroner(rad.prognose), "avvik": vis_kroner(rad.avvik)},
            # the imports and comments of this unit's month, each change in words
            "logg": endringslogg(rad.history),
            "avbryt": f"{reverse('reporting:okonomi', args=[p.kode])}?eining={e.kode}",
            "smular": [
                (reverse("reporting:index"), _("Reporting")),
                (p.get_absolute_url(), str(p)),
                (reverse("reporting:okonomi", args=[p.kode]), _("Economy")),
            ],
        },
    )


def _importnokkel(p, token):
    # one key per preview: a second tab's upload never becomes what the first tab confirms
    return f"okonomiimport:{p.pk}:{token}"


@login_required
def okonomi_import(request, kode):
    """Upload the ledger export for the month → a preview of every row as read, in kroner, with
    the sums → save. Any error saves nothing and names its row; nothing is saved unseen."""
    rapport_tilgang.krev_okonomiimport(request.user)
    p = maanad_for(request.user, kode)
    if request.method == "POST" and request.POST.get("stadfest"):
        lagra = request.session.pop(_importnokkel(p, request.POST.get("token", "")), None)
        einingar = (
            {e.pk: e for e in Eining.objects.aktive().filter(pk__in=[r["eining"] for r in lagra["rader"]])}
            if lagra
            else {}
        )
        # a unit closed since the preview: the preview no longer holds
        if lagra is None or len(einingar) != len(lagra["rader"]):
            messages.error(request, _("The preview has expired. Upload the file again."))
            return redirect("reporting:okonomi_import", p.kode)
        rader = [{**r, "eining": einingar[r["eining"]]} for r in lagra["rader"]]
        try:
            n = tenester.lagre_okonomi(p, rader, user=request.user)
        except tenester.Rapportfeil as exc:
            messages.error(request, str(exc))
            return redirect("reporting:okonomi_import", p.kode)
        messages.success(
            request,
            ngettext("Economy for %(n)s unit imported.", "Economy for %(n)s units imported.", n) % {"n": n},
        )
        return redirect("reporting:okonomi", p.kode)
    form = OkonomiImportForm(request.POST or None, request.FILES or None)
    feil, forhandsvis = [], None
    if form.is_bound and form.is_valid():
        fil = form.cleaned_data["fil"]
        try:
            rader, feil = tenester.planlegg_okonomiimport(
                p, fil.name, fil.read(), form.cleaned_data["eining"]
            )
        except Importfeil as exc:
            form.add_error("fil", str(exc))
        else:
            if not feil and not rader:
                form.add_error("fil", _("The file has no rows."))
            elif not feil:
                token = secrets.token_urlsafe(16)
                request.session[_importnokkel(p, token)] = {
                    "rader": [{**r, "eining": r["eining"].pk} for r in rader]
                }
                forhandsvis = {
                    "fil": fil.name,
                    "eining": BelopEining(form.cleaned_data["eining"]).label,
                    "rader": rader,
                    "sum": {k: sum(r[k] for r in rader) for k in ("budsjett", "rekneskap", "prognose")},
                    "token": token,
                }
    return render(
        request,
        "reporting/okonomi_import.html",
        {"p": p, "form": form, "feil": feil, "forhandsvis": forhandsvis},
    )
