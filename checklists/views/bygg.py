"""Building the year's checklist (HR and administrators): make or copy it, add purposes, types and
points, edit and remove points (versioned once published), set the deadline, publish, export and
import. Every employee reads a published checklist; drafts only those who build them and the
kommunedirektør."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alver.lib.historikk import endringslogg
from alver.lib.importering import Importfeil
from alver.lib.samtidig import Konflikt, vis_konflikt

from .. import permissions, services, xlsx
from ..forms import (
    ForemaalForm,
    ImportForm,
    NySjekklisteForm,
    PunktForm,
    SjekklisteForm,
    SjekktypeForm,
    neste_aar,
)
from ..models import Sjekkliste, Sjekkpunkt, Sjekktype


def _for_bygging(request, aar):
    """The checklist to change: 404 for who may not read it, 403 for who reads but does not build."""
    liste = permissions.sjekkliste_for(request.user, aar)
    permissions.krev_bygging(request.user, liste)
    return liste


def _punkt(liste, pk):
    return get_object_or_404(
        Sjekkpunkt.objects.select_related("sjekktype__foremaal", "sektor"),
        pk=pk,
        sjekktype__foremaal__sjekkliste=liste,
    )


def _smular(liste):
    return [(reverse("checklists:index"), _("Checklists")), (liste.get_absolute_url(), str(liste))]


def _punkt_i_kraft(liste):
    return (
        Sjekkpunkt.objects.filter(sjekktype__foremaal__sjekkliste=liste)
        .gjeldande(services.gjeldande_dag(liste))
        .select_related("sektor")
        .prefetch_related("einingar")
        .order_by("rekkjefolgje", "pk")
    )


def _tre(liste):
    """Purposes → types → points in force, in four queries whatever their number."""
    foremaal = list(liste.foremaal.all())
    typar = list(Sjekktype.objects.filter(foremaal__sjekkliste=liste))
    punkt = {}
    for p in _punkt_i_kraft(liste):
        punkt.setdefault(p.sjekktype_id, []).append(p)
    per_foremaal = {}
    for t in typar:
        t.punktliste = punkt.get(t.pk, [])
        per_foremaal.setdefault(t.foremaal_id, []).append(t)
    for f in foremaal:
        f.typeliste = per_foremaal.get(f.pk, [])
        f.tal_punkt = sum(len(t.punktliste) for t in f.typeliste)
    return foremaal, sum(len(v) for v in punkt.values())


# --- making a checklist -------------------------------------------------------------------


@login_required
def ny(request):
    """GET: the form (year, empty or copied); POST: make the year's checklist. The index page
    may show the same form (`checklists/partials/ny_skjema.html`)."""
    permissions.krev_bygging(request.user)
    if request.method == "POST":
        form = NySjekklisteForm(request.POST)
        if form.is_valid():
            aar = form.cleaned_data["aar"]
            if finst := Sjekkliste.objects.filter(aar=aar).first():
                # a double submit, or a year that has one: there is one checklist a year
                messages.info(request, _("%(aar)s has its checklist already.") % {"aar": aar})
                return redirect(finst)
            liste = services.lag_sjekkliste(
                aar, user=request.user, kopier_fra=form.cleaned_data["kopier_fra"]
            )
            if liste.kopiert_fra_id:
                messages.success(
                    request,
                    _("The checklist for %(aar)s is made as a draft, copied from %(fra)s.")
                    % {"aar": aar, "fra": liste.kopiert_fra.aar},
                )
            else:
                messages.success(
                    request, _("The checklist for %(aar)s is made as an empty draft.") % {"aar": aar}
                )
            return redirect(liste)
    else:
        form = NySjekklisteForm(aar=neste_aar())
    return render(
        request,
        "skjema.html",
        {
            "form": form,
            "tittel": _("New checklist"),
            "avbryt": reverse("checklists:index"),
            "smular": [(reverse("checklists:index"), _("Checklists"))],
            "merknad": _(
                "A draft is seen only by HR, administrators and the kommunedirektør until it is published."
            ),
        },
    )


# --- the checklist ------------------------------------------------------------------------


def _vis_liste(request, liste, *, foremaal_form=None, type_form=None, status=200):
    kan_byggje = permissions.kan_byggje(request.user)
    foremaal, tal_punkt = _tre(liste)
    ctx = {
        "liste": liste,
        "foremaal": foremaal,
        "tal_punkt": tal_punkt,
        "kan_byggje": kan_byggje,
        "kan_importere": kan_byggje and not liste.publisert,
        "kan_publisere": kan_byggje and not liste.publisert and tal_punkt > 0,
    }
    if kan_byggje:
        ctx["foremaal_form"] = foremaal_form or ForemaalForm(auto_id="foremaal_%s")
        if foremaal:
            ctx["type_form"] = type_form or SjekktypeForm(sjekkliste=liste, auto_id="type_%s")
            # the purposes are on the page already: no second query for the choice
            ctx["type_form"].fields["foremaal"].choices = [("", "---------")] + [
                (f.pk, f.namn) for f in foremaal
            ]
    return render(request, "checklists/liste.html", ctx, status=status)


@login_required
def liste(request, aar):
    return _vis_liste(request, permissions.sjekkliste_for(request.user, aar))


@login_required
def endre(request, aar):
    """The checklist's publish deadline."""
    liste = _for_bygging(request, aar)
    form = SjekklisteForm(request.POST if request.method == "POST" else None, instance=liste)
    if form.is_bound and form.is_valid():
        try:
            services.lagre_sjekkliste(
                form.instance,
                form.cleaned_data["versjon"],
                frist=form.cleaned_data["frist"],
                user=request.user,
            )
        except Konflikt as k:
            vis_konflikt(form, k)
        else:
            messages.success(request, _("The deadline is saved."))
            return redirect(liste)
    return render(
        request,
        "skjema.html",
        {
            "form": form,
            "tittel": _("Edit the checklist"),
            "avbryt": liste.get_absolute_url(),
            "smular": _smular(liste),
        },
    )


@require_POST
@login_required
def publiser(request, aar):
    liste = _for_bygging(request, aar)
    if liste.publisert:
        messages.info(request, _("The checklist is published already."))
        return redirect(liste)
    try:
        versjon = int(request.POST.get("versjon", ""))
    except ValueError:
        versjon = None
    try:
        services.publiser(liste, versjon, user=request.user)
    except services.Ugyldig as exc:
        messages.error(request, exc.melding)
    except Konflikt:
        messages.error(
            request,
            _(
                "Someone else changed the checklist while you were looking at it. Check it, then publish again."
            ),
        )
    else:
        messages.success(
            request,
            _(
                "The checklist is published. From now on a change to a point makes a new version of it, "
                "and earlier answers keep the wording they answered."
            ),
        )
    return redirect(liste)


@require_POST
@login_required
def foremaal_ny(request, aar):
    liste = _for_bygging(request, aar)
    form = ForemaalForm(request.POST, auto_id="foremaal_%s")
    if form.is_valid():
        try:
            f = services.lag_foremaal(liste, namn=form.cleaned_data["namn"], user=request.user)
        except services.Ugyldig as exc:
            form.add_error("namn", exc.feil.get("namn", exc.melding))
        else:
            messages.success(request, _("The purpose «%(namn)s» is added.") % {"namn": f.namn})
            return redirect(f"{liste.get_absolute_url()}#foremaal-{f.pk}")
    return _vis_liste(request, liste, foremaal_form=form)


@require_POST
@login_required
def type_ny(request, aar):
    liste = _for_bygging(request, aar)
    form = SjekktypeForm(request.POST, sjekkliste=liste, auto_id="type_%s")
    if form.is_valid():
        try:
            t = services.lag_sjekktype(
                form.cleaned_data["foremaal"], namn=form.cleaned_data["namn"], user=request.user
            )
        except services.Ugyldig as exc:
            form.add_error("namn", exc.feil.get("namn", exc.melding))
        else:
            messages.success(request, _("The type «%(namn)s» is added.") % {"namn": t.namn})
            return redirect(f"{liste.get_absolute_url()}#type-{t.pk}")
    return _vis_liste(request, liste, type_form=form)


# --- check points -------------------------------------------------------------------------


def _punkt_skjema(request, liste, form, tittel, punkt=None):
    merknad = ""
    if liste.publisert:
        merknad = (
            _(
                "The checklist is published: saving makes a new version of the point that applies from "
                "today's period. Earlier answers keep the old wording."
            )
            if punkt
            else _("The checklist is published: the new point applies from today's period.")
        )
    smular = _smular(liste)
    if punkt is not None:
        smular.append((reverse("checklists:punkt", args=[liste.aar, punkt.pk]), punkt.sporsmaal))
    return render(
        request,
        "skjema.html",
        {
            "form": form,
            "tittel": tittel,
            "merknad": merknad,
            "avbryt": smular[-1][0],
            "smular": smular,
        },
    )


@login_required
def punkt_ny(request, aar):
    liste = _for_bygging(request, aar)
    if request.method == "POST":
        form = PunktForm(request.POST, sjekkliste=liste)
    else:
        form = PunktForm(sjekkliste=liste, initial={"sjekktype": request.GET.get("type")})
    if form.is_bound and form.is_valid():
        felt = form.felt()
        try:
            p, ny = services.legg_til_punkt(felt.pop("sjekktype"), user=request.user, **felt)
        except services.Ugyldig as exc:
            form.add_error(None, exc.melding)
        else:
            if ny:
                messages.success(request, _("The check point is added."))
            else:
                messages.info(request, _("This check point is in the type already; nothing was added."))
            return redirect(f"{liste.get_absolute_url()}#punkt-{p.pk}")
    if not form.fields["sjekktype"].queryset.exists():
        messages.info(request, _("Add a purpose and a type under it first."))
        return redirect(liste)
    return _punkt_skjema(request, liste, form, _("New check point"))


@login_required
def punkt(request, aar, pk):
    liste = permissions.sjekkliste_for(request.user, aar)
    p = _punkt(liste, pk)
    # the versions: back through `forrige`, forward through `neste` (a handful at most)
    versjonar = [p]
    while versjonar[0].forrige_id:
        versjonar.insert(0, Sjekkpunkt.objects.get(pk=versjonar[0].forrige_id))
    neste = p
    while (neste := Sjekkpunkt.objects.filter(forrige=neste).first()) is not None:
        versjonar.append(neste)
    kan_byggje = permissions.kan_byggje(request.user)
    return render(
        request,
        "checklists/punkt.html",
        {
            "liste": liste,
            "p": p,
            "einingar": list(p.einingar.all()),
            "versjonar": versjonar if len(versjonar) > 1 else [],
            "gjeldande": versjonar[-1],
            "kan_endre": kan_byggje and p.gyldig_til is None,
            "logg": endringslogg(p.history),
        },
    )


@login_required
def punkt_endre(request, aar, pk):
    liste = _for_bygging(request, aar)
    p = _punkt(liste, pk)
    if p.gyldig_til is not None:
        messages.info(request, _("This version is closed; edit the version in force."))
        return redirect("checklists:punkt", aar=liste.aar, pk=p.pk)
    form = PunktForm(request.POST if request.method == "POST" else None, sjekkliste=liste, punkt=p)
    if form.is_bound and form.is_valid():
        felt = form.felt()
        try:
            ny = services.endre_punkt(p, form.cleaned_data["versjon"], user=request.user, **felt)
        except Konflikt as k:
            vis_konflikt(form, k)
        except services.Ugyldig as exc:
            form.add_error(None, exc.melding)
        else:
            if ny.pk != p.pk:
                messages.success(
                    request,
                    _(
                        "A new version of the point applies from today's period. Earlier answers keep the "
                        "old wording."
                    ),
                )
            else:
                messages.success(request, _("The check point is saved."))
            return redirect("checklists:punkt", aar=liste.aar, pk=ny.pk)
    return _punkt_skjema(request, liste, form, _("Edit check point"), punkt=p)


@require_POST
@login_required
def punkt_fjern(request, aar, pk):
    liste = _for_bygging(request, aar)
    p = _punkt(liste, pk)
    try:
        versjon = int(request.POST.get("versjon", ""))
    except ValueError:
        versjon = None
    try:
        fjerna = services.fjern_punkt(p, versjon, user=request.user)
    except Konflikt:
        messages.error(
            request,
            _("Someone else changed the point while you were looking at it. Check it, then remove again."),
        )
        return redirect("checklists:punkt", aar=liste.aar, pk=p.pk)
    if fjerna is None:
        messages.success(request, _("The check point is removed."))
    else:
        messages.success(
            request,
            _("The check point no longer applies from today. Its earlier answers are kept."),
        )
    return redirect(liste)


# --- the spreadsheet ----------------------------------------------------------------------


@login_required
def eksport(request, aar):
    liste = _for_bygging(request, aar)
    punkt = (
        _punkt_i_kraft(liste)
        .select_related("sjekktype__foremaal")
        .order_by(
            "sjekktype__foremaal__rekkjefolgje",
            "sjekktype__foremaal",
            "sjekktype__rekkjefolgje",
            "sjekktype",
            "rekkjefolgje",
            "pk",
        )
    )
    svar = HttpResponse(
        xlsx.skriv(liste, punkt),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    svar["Content-Disposition"] = f'attachment; filename="sjekkliste-{liste.aar}.xlsx"'
    return svar


def _importnokkel(liste):
    return f"sjekklisteimport:{liste.pk}"


@login_required
def importer(request, aar):
    """Upload (GET: the form) → preview with every error by row, nothing saved → apply
    (POST with `bruk`). Only into a draft."""
    liste = _for_bygging(request, aar)
    ctx = {"liste": liste}
    if liste.publisert:
        return render(request, "checklists/import.html", ctx, status=403)
    if request.method == "POST" and "bruk" in request.POST:
        return _bruk_import(request, liste)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    ctx["form"] = form
    if form.is_bound and form.is_valid():
        fil = form.cleaned_data["fil"]
        try:
            rader = xlsx.les(fil.name, fil.read())
        except Importfeil as exc:
            form.add_error("fil", str(exc))
        else:
            plan = services.planlegg_import(liste, rader)
            ctx["plan"] = plan
            if not plan.feil and not plan.tom:
                request.session[_importnokkel(liste)] = rader
    return render(request, "checklists/import.html", ctx)


def _bruk_import(request, liste):
    rader = request.session.pop(_importnokkel(liste), None)
    if rader is None:
        messages.error(request, _("The preview has expired. Upload the file again."))
        return redirect("checklists:import", aar=liste.aar)
    try:
        plan = services.importer(liste, rader, user=request.user)
    except services.Ugyldig as exc:
        # changed since the preview: show what is wrong now; nothing was saved
        return render(
            request,
            "checklists/import.html",
            {
                "liste": liste,
                "form": ImportForm(),
                "plan": services.Importplan(feil=list(exc.feil)),
                "melding": exc.melding,
            },
        )
    messages.success(
        request,
        _("Imported: %(f)s new purposes, %(t)s new types, %(n)s new and %(e)s changed check points.")
        % {
            "f": len(plan.nye_foremaal),
            "t": len(plan.nye_typar),
            "n": len(plan.nye_punkt),
            "e": len(plan.endra_punkt),
        },
    )
    return redirect(liste)
