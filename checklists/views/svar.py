"""Answering: the checklist start page, a unit's answers for a month (the leader answers; the
leaders above read and follow up in the monthly dialogue)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from alver.lib import klokke, periodar
from alver.lib.historikk import endringslogg_for_mange
from alver.lib.samtidig import Konflikt
from alver.permissions import er_tilsett, leia

from .. import permissions as tilgang
from .. import plikt, services
from ..models import Oppfolging, Sjekkliste, Sjekkpunkt, Svar


class SvarForm(forms.Form):
    verdi = forms.ChoiceField(
        label=gettext_lazy("Answer"), choices=Svar.Verdi.choices, widget=forms.RadioSelect, required=False
    )
    kommentar = forms.CharField(
        label=gettext_lazy("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    oppdrag = forms.BooleanField(label=gettext_lazy("Raise an improvement assignment"), required=False)
    versjon = forms.IntegerField(widget=forms.HiddenInput, required=False)


class OppfolgingForm(forms.Form):
    kommentar = forms.CharField(
        label=gettext_lazy("Comment from the follow-up"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    droefta = forms.BooleanField(label=gettext_lazy("Discussed in the monthly meeting"), required=False)
    versjon = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _maanad(request):
    """The month asked for (?maanad=2026-m10), else this month."""
    kode = request.GET.get("maanad")
    if kode:
        m = periodar.les(kode, (periodar.MAANAD,))
        if m is None:
            raise Http404
        return m
    return periodar.for_dag(klokke.i_dag(), periodar.MAANAD)


@login_required
def index(request):
    """Where a reader starts: the years' checklists, and for a leader the units to answer for."""
    user = request.user
    if not tilgang.kan_lese_aarsrapport(user):
        raise Http404
    aar = klokke.i_dag().year
    # politicians read the yearly reports made for them, not the checklists themselves
    lister = list(tilgang.synlege_sjekklister(user) if er_tilsett(user) else tilgang.aarsrapportar(user))
    ctx = {
        "lister": lister,
        "kan_lese_lister": er_tilsett(user),
        "aar": aar,
        "kan_byggje": tilgang.kan_byggje(user),
        "kan_sjaa_oversikt": tilgang.kan_sjaa_oversikt(user),
        "kan_lese_tilsyn": tilgang.kan_lese_tilsyn(user),
        "mine": _mine_einingar(user, klokke.i_dag()),
    }
    return render(request, "checklists/index.html", ctx)


def _mine_einingar(user, dag):
    """The units this user answers for, with what is due this month and how much is answered:
    one query for the answers however many units and points, and the year's points
    (`plikt.publisert`)."""
    einingar = [e for e in leia(user) if tilgang.kan_svare(user, e)]
    if not einingar:
        return []
    liste, punkt = plikt.publisert(dag.year)
    if liste is None:
        return []
    maanad = periodar.for_dag(dag, periodar.MAANAD)
    svart = {
        (s["eining_id"], s["punkt_id"], s["periode"])
        for s in Svar.objects.filter(eining__in=einingar, punkt__in=punkt)
        .order_by()
        .values("eining_id", "punkt_id", "periode")
    }
    # the same for every unit: worked out once
    kodar = {p.pk: plikt.periode(p, maanad) for p in punkt}
    namngitte = {p.pk: {x.pk for x in p.einingar.all()} for p in punkt}
    rader = []
    for e in einingar:
        due = [
            (p, kodar[p.pk])
            for p in punkt
            if plikt.gjeld(p, e, namngitte[p.pk]) and plikt.i_kraft(p, kodar[p.pk])
        ]
        opne = [(p, k) for p, k in due if plikt.er_open(p, k, dag)]
        manglar = sum(1 for p, k in opne if (e.pk, p.pk, k) not in svart)
        rader.append({"eining": e, "maanad": maanad, "forfalne": len(due), "manglar": manglar})
    return rader


def _punkt_for(liste, eining, maanad):
    """The points the unit answers in the month, in the checklist's order, each with its period."""
    punkt = (
        Sjekkpunkt.objects.filter(sjekktype__foremaal__sjekkliste=liste)
        .select_related("sjekktype__foremaal", "sektor")
        .prefetch_related("einingar")
        .order_by(
            "sjekktype__foremaal__rekkjefolgje",
            "sjekktype__foremaal",
            "sjekktype__rekkjefolgje",
            "sjekktype",
            "rekkjefolgje",
            "pk",
        )
    )
    ut = []
    for p in punkt:
        kode = plikt.periode(p, maanad)
        if plikt.gjeld(p, eining, {x.pk for x in p.einingar.all()}) and plikt.i_kraft(p, kode):
            ut.append((p, kode))
    return ut


@login_required
def svar(request, kode):
    user = request.user
    eining = tilgang.eining_for_svar(user, kode)
    maanad = _maanad(request)
    liste = Sjekkliste.objects.filter(aar=maanad.aar, status=Sjekkliste.Status.PUBLISERT).first()
    kan_svare = tilgang.kan_svare(user, eining)
    if request.method == "POST" and not kan_svare:
        raise PermissionDenied
    dag = klokke.i_dag()
    punkt = _punkt_for(liste, eining, maanad) if liste else []
    finst = {
        (s.punkt_id, s.periode): s
        for s in Svar.objects.filter(
            eining=eining, punkt__in=[p for p, _k in punkt], periode__in={k for _p, k in punkt}
        ).select_related("svart_av", "oppdrag")
    }
    rader = []
    for p, k in punkt:
        s = finst.get((p.pk, k))
        open_ = plikt.er_open(p, k, dag)
        initial = {"verdi": s.verdi, "kommentar": s.kommentar, "versjon": s.versjon} if s else {"versjon": 0}
        form = SvarForm(
            request.POST if request.method == "POST" and open_ else None, prefix=f"p{p.pk}", initial=initial
        )
        rader.append(
            {
                "punkt": p,
                "periode": k,
                "frist": plikt.frist(p, k),
                "open": open_ and kan_svare,
                "svar": s,
                "form": form,
            }
        )
    feil = None
    if request.method == "POST":
        lagre = []
        for r in rader:
            f = r["form"]
            if not r["open"] or not f.is_valid() or not f.cleaned_data["verdi"]:
                continue
            lagre.append(
                {
                    "punkt": r["punkt"],
                    "periode": r["periode"],
                    "verdi": f.cleaned_data["verdi"],
                    "kommentar": f.cleaned_data["kommentar"],
                    "versjon": f.cleaned_data["versjon"] or 0,
                    "oppdrag": f.cleaned_data["oppdrag"],
                    "rad": r,
                }
            )
        try:
            lagra = services.lagre_svar(eining, lagre, user=user) if lagre else []
        except services.Ugyldig as exc:
            feil = exc.melding
            for i, melding in exc.feil.items():
                lagre[i]["rad"]["form"].add_error(None, melding)
        except Konflikt as exc:
            feil = _(
                "Someone else saved answers here while you were answering. Their answers are shown below; "
                "check them, then save again to keep yours."
            )
            fersk = {(s.punkt_id, s.periode): s for s in exc.fersk if s is not None}
            for r in rader:
                s = fersk.get((r["punkt"].pk, r["periode"]))
                if s is not None:
                    r["konflikt"] = s
                    data = r["form"].data.copy()
                    data[f"p{r['punkt'].pk}-versjon"] = s.versjon
                    r["form"].data = data
        else:
            messages.success(
                request,
                ngettext("%(n)s answer saved.", "%(n)s answers saved.", len(lagra)) % {"n": len(lagra)},
            )
            return redirect(f"{reverse('checklists:svar', args=[eining.kode])}?maanad={maanad.kode}")
    grupper = []
    for r in rader:
        sjekktype = r["punkt"].sjekktype
        if not grupper or grupper[-1]["type"] != sjekktype:
            grupper.append({"type": sjekktype, "foremaal": sjekktype.foremaal, "rader": []})
        grupper[-1]["rader"].append(r)
    oppfolging = None
    kan_folgje_opp = liste is not None and tilgang.kan_folgje_opp(user, eining)
    if liste is not None:
        o = (
            Oppfolging.objects.filter(sjekkliste=liste, eining=eining, periode=maanad.kode)
            .select_related("droefta_av")
            .first()
        )
        oppfolging = {
            "o": o,
            "form": OppfolgingForm(
                initial={"kommentar": o.kommentar, "droefta": bool(o.droefta_at), "versjon": o.versjon}
                if o
                else {"versjon": 0}
            )
            if kan_folgje_opp
            else None,
        }
    maanader = [periodar.Kalenderperiode(maanad.aar, periodar.MAANAD, n) for n in range(1, 13)]
    return render(
        request,
        "checklists/svar.html",
        {
            "eining": eining,
            "liste": liste,
            "maanad": maanad,
            "maanader": [m for m in maanader if m.fra <= dag],
            "forrige_aar": maanad.aar - 1,
            "grupper": grupper,
            "kan_svare": kan_svare,
            "kan_lagre": any(r["open"] for r in rader),
            "feil": feil,
            "oppfolging": oppfolging,
            "kan_folgje_opp": kan_folgje_opp,
            "tal_svart": sum(1 for r in rader if r["svar"]),
            "tal": len(rader),
            # who answered or changed which point of the month, when, from what to what
            "logg": endringslogg_for_mange(
                Svar.history.filter(eining_id=eining.pk, punkt_id__in=[p.pk for p, _k in punkt]).filter(
                    periode__in={k for _p, k in punkt}
                ),
                lambda r, titlar={p.pk: p.sporsmaal for p, _k in punkt}: titlar.get(r.punkt_id, ""),
            )
            if punkt
            else [],
        },
    )


@require_POST
@login_required
def oppfolging(request, kode, periode):
    eining = tilgang.eining_for_svar(request.user, kode)
    maanad = periodar.les(periode, (periodar.MAANAD,))
    if maanad is None:
        raise Http404
    liste = get_object_or_404(Sjekkliste, aar=maanad.aar, status=Sjekkliste.Status.PUBLISERT)
    if not tilgang.kan_folgje_opp(request.user, eining):
        raise PermissionDenied
    form = OppfolgingForm(request.POST)
    tilbake = f"{reverse('checklists:svar', args=[eining.kode])}?maanad={maanad.kode}#oppfolging"
    if not form.is_valid():
        messages.error(request, _("The follow-up could not be saved."))
        return redirect(tilbake)
    try:
        services.folg_opp(
            liste,
            eining,
            maanad.kode,
            form.cleaned_data["versjon"] or 0,
            kommentar=form.cleaned_data["kommentar"],
            droefta=form.cleaned_data["droefta"],
            user=request.user,
        )
    except Konflikt as exc:
        messages.error(
            request,
            _("Someone else saved the follow-up meanwhile: «%(k)s». Check it and save again.")
            % {"k": exc.fersk.kommentar or "–"},
        )
    else:
        messages.success(request, _("Follow-up saved."))
    return redirect(tilbake)
