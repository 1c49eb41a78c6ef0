from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from guardian.shortcuts import get_users_with_perms

from alver.lib import eksport, gjenoppretting, klokke
from alver.lib.belop import Eining as BelopEining
from alver.lib.historikk import endringslogg, grunnkode
from alver.lib.importering import Importfeil
from alver.lib.samtidig import Konflikt, vis_konflikt
from alver.lib.sortering import norsk
from alver.models import Eining, User

from . import permissions, services
from .forms import (
    HandlingsplanForm,
    IndikatorForm,
    KoplingForm,
    MaalForm,
    MaalverdiForm,
    PlanForm,
    PlanImportForm,
    RedaktorForm,
    StrategiForm,
    TiltakForm,
    TiltakImportForm,
    VedleggForm,
)
from .models import Handlingsplan, Indikator, Maal, Plan, Plantype, Strategi, Tiltak

SIDE = 25


# --- access helpers: every view starts with one -----------------------------------------


def _maal(user, pk, endre=False):
    maal = get_object_or_404(
        Maal.objects.filter(plan__in=permissions.synlege_planar(user)).select_related("plan", "parent"), pk=pk
    )
    if endre and not permissions.kan_endre(user, maal.plan):
        raise PermissionDenied
    return maal


def _strategi(user, pk, endre=False):
    s = get_object_or_404(
        Strategi.objects.filter(plan__in=permissions.synlege_planar(user)).select_related("plan", "maal"),
        pk=pk,
    )
    if endre and not permissions.kan_endre(user, s.plan):
        raise PermissionDenied
    return s


def _handlingsplan(user, pk, endre=False):
    hp = get_object_or_404(
        Handlingsplan.objects.filter(plan__in=permissions.synlege_planar(user)).select_related("plan"), pk=pk
    )
    if endre and not permissions.kan_endre_handlingsplan(user, hp):
        raise PermissionDenied
    return hp


def _heiltal(tekst):
    """A primary key from the query string; anything else is a page that does not exist."""
    if not str(tekst).isdigit():
        raise Http404
    return int(tekst)


def _tiltak(user, pk, endre=False):
    t = get_object_or_404(
        Tiltak.objects.filter(handlingsplan__plan__in=permissions.synlege_planar(user)).select_related(
            "handlingsplan__plan", "ansvarleg_eining", "forrige__handlingsplan"
        ),
        pk=pk,
    )
    if endre and not permissions.kan_endre_handlingsplan(user, t.handlingsplan):
        raise PermissionDenied
    return t


def _lagre(request, form, grunn, teneste=None, **meir):
    """Save a valid model form through the service (`services.lagre` unless another is given);
    a stale version gives a conflict instead of an overwrite.

    Returns the saved object, or None after putting the conflict on the form."""
    koplingar = {
        f.name: form.cleaned_data[f.name]
        for f in form.instance._meta.many_to_many
        if f.name in form.cleaned_data
    }
    try:
        return (teneste or services.lagre)(
            form.instance,
            grunn=grunn,
            versjon=form.cleaned_data.get("versjon") or 0,
            koplingar=koplingar,
            **meir,
        )
    except Konflikt as k:
        vis_konflikt(form, k)
        return None


def _skjema(request, form, *, tittel, avbryt, smular):
    return render(
        request, "skjema.html", {"form": form, "tittel": tittel, "avbryt": avbryt, "smular": smular}
    )


# --- plans ------------------------------------------------------------------------------


@login_required
def index(request):
    qs = permissions.synlege_planar(request.user).select_related("type", "ansvarleg_eining")
    typ, status = request.GET.get("type", ""), request.GET.get("status", "")
    if typ:
        qs = qs.filter(type__kode=typ)
    if status in Plan.Status.values:
        qs = qs.filter(status=status)
    if fmt := eksport.format_(request):
        return eksport.tabell(
            fmt,
            "planar",
            [
                _("Title"),
                _("Type"),
                _("Status"),
                _("period from (year)"),
                _("period to (year)"),
                _("adopted on"),
                _("case number"),
                _("Responsible unit"),
            ],
            (
                [
                    p.tittel,
                    str(p.type),
                    p.get_status_display(),
                    p.periode_fra,
                    p.periode_til,
                    p.vedtatt_dato,
                    p.saksnummer,
                    p.ansvarleg_eining.namn if p.ansvarleg_eining else "",
                ]
                for p in qs.order_by("type__rekkjefolgje", "tittel", "pk").iterator(chunk_size=2000)
            ),
            arknamn=_("Plans"),
        )
    side = Paginator(qs, SIDE).get_page(request.GET.get("side"))
    return render(
        request,
        "plans/plan_liste.html",
        {
            "side": side,
            "typar": Plantype.objects.all(),
            "statusar": Plan.Status.choices,
            "valt_type": typ,
            "valt_status": status,
            "kan_opprette": permissions.kan_opprette(request.user),
        },
    )


@login_required
def plan_ny(request):
    if not permissions.kan_opprette(request.user):
        raise PermissionDenied
    einingar = permissions.einingar_for_nye_planar(request.user)
    form = PlanForm(
        request.POST if request.method == "POST" else None,
        einingar=einingar,
        planar=permissions.synlege_planar(request.user),
    )
    if form.is_bound and form.is_valid():
        plan = _lagre(request, form, _("Created"), services.lagre_plan, nivaa=form.nivaa())
        messages.success(request, _("The plan is created. Add its goals and strategies."))
        return redirect(plan)
    return _skjema(
        request,
        form,
        tittel=_("New plan"),
        avbryt=reverse("plans:index"),
        smular=[(reverse("plans:index"), _("Plans"))],
    )


@login_required
def plan(request, pk):
    return _plan_side(request, pk)


def _plan_side(request, pk, redaktor_form=None, vedlegg_form=None):
    """The plan page; after a refused editor or attachment form, with that form as it was sent."""
    plan = permissions.plan_for_lesing(request.user, pk)
    maal = list(plan.maal.prefetch_related("berekraftsmaal").select_related("folgjer_opp__plan", "maalnivaa"))
    strategiar = {}
    for s in Strategi.objects.filter(plan=plan).order_by("rekkjefolgje", "pk"):
        strategiar.setdefault(s.maal_id, []).append(s)
    tre = services.maaltre(plan, maal)
    synlege = set(permissions.synlege_planar(request.user).values_list("pk", flat=True))
    for m in tre:
        m.strategi_liste = strategiar.get(m.pk, [])
        # a link up the thread is shown only where the reader may follow it
        m.synleg_folgjer_opp = m.folgjer_opp if m.folgjer_opp and m.folgjer_opp.plan_id in synlege else None
    kan_endre = permissions.kan_endre(request.user, plan)
    return render(
        request,
        "plans/plan.html",
        {
            "plan": plan,
            "overordna": plan.overordna if plan.overordna_id in synlege else None,
            "tre": tre,
            "plan_strategiar": strategiar.get(None, []),
            "nivaaliste": plan.nivaaliste(),
            "handlingsplanar": plan.handlingsplanar.all(),
            "vedlegg": plan.vedlegg.all(),
            "underplanar": permissions.synlege_planar(request.user).filter(overordna=plan),
            "redaktorar": get_users_with_perms(
                plan, only_with_perms_in=["endre_plan"], with_group_users=False
            )
            if kan_endre
            else [],
            "kan_endre": kan_endre,
            "logg": endringslogg(plan.history),
            "gjenopprett_url": reverse("plans:plan_gjenopprett", args=[plan.pk])
            if permissions.kan_gjenopprette_tekst(request.user, plan)
            else None,
            "redaktor_form": redaktor_form or RedaktorForm(),
            "vedlegg_form": vedlegg_form or VedleggForm(),
        },
    )


@login_required
def plan_endre(request, pk):
    plan = permissions.plan_for_endring(request.user, pk)
    einingar = permissions.einingar_for_nye_planar(request.user) | Eining.objects.filter(
        pk=plan.ansvarleg_eining_id
    )
    form = PlanForm(
        request.POST if request.method == "POST" else None,
        instance=plan,
        einingar=einingar.distinct(),
        planar=permissions.synlege_planar(request.user),
    )
    if (
        form.is_bound
        and form.is_valid()
        and _lagre(request, form, _("Changed"), services.lagre_plan, nivaa=form.nivaa())
    ):
        messages.success(request, _("The plan is saved."))
        return redirect(plan)
    return _skjema(
        request,
        form,
        tittel=_("Edit %(plan)s") % {"plan": plan},
        avbryt=plan.get_absolute_url(),
        smular=[(reverse("plans:index"), _("Plans")), (plan.get_absolute_url(), plan.tittel)],
    )


@require_POST
@login_required
def redaktor_legg_til(request, pk):
    plan = permissions.plan_for_endring(request.user, pk)
    form = RedaktorForm(request.POST)
    if form.is_valid():
        services.legg_til_redaktor(plan, form.person)
        messages.success(request, _("%(namn)s may now edit the plan.") % {"namn": form.person.namn})
        return redirect(plan)
    # the page again with the address as typed and the message by its field
    return _plan_side(request, pk, redaktor_form=form)


@require_POST
@login_required
def redaktor_fjern(request, pk, user_pk):
    plan = permissions.plan_for_endring(request.user, pk)
    person = get_object_or_404(User, pk=user_pk)
    services.fjern_redaktor(plan, person)
    messages.success(request, _("%(namn)s may no longer edit the plan.") % {"namn": person.namn})
    return redirect(plan)


@require_POST
@login_required
def vedlegg_last_opp(request, pk):
    plan = permissions.plan_for_endring(request.user, pk)
    form = VedleggForm(request.POST, request.FILES)
    if form.is_valid():
        services.last_opp_vedlegg(
            plan, tittel=form.cleaned_data["tittel"], fil=form.cleaned_data["fil"], user=request.user
        )
        messages.success(request, _("The attachment is uploaded."))
        return redirect(plan)
    return _plan_side(request, pk, vedlegg_form=form)


@login_required
def vedlegg_last_ned(request, pk, vedlegg_pk):
    plan = permissions.plan_for_lesing(request.user, pk)
    v = get_object_or_404(plan.vedlegg, pk=vedlegg_pk)
    try:
        return FileResponse(
            v.fil.open("rb"),
            as_attachment=False,
            filename=v.fil.name.rsplit("/", 1)[-1],
            content_type="application/pdf",
        )
    except FileNotFoundError:
        raise Http404 from None


# --- goals and strategies ---------------------------------------------------------------


@login_required
def maal(request, pk):
    maal = _maal(request.user, pk)
    plan = maal.plan
    tre = services.maaltre(plan, list(plan.maal.select_related("maalnivaa")))
    meg = next(m for m in tre if m.pk == maal.pk)
    maal.nummer, maal.nivaa, maal.sti, maal.maalnivaa = meg.nummer, meg.nivaa, meg.sti, meg.maalnivaa
    synlege = permissions.synlege_planar(request.user)
    return render(
        request,
        "plans/maal.html",
        {
            "maal": maal,
            "plan": plan,
            "forfedrar": [m for m in tre if maal.sti.startswith(m.sti + ".")],
            "delmaal": [m for m in tre if m.parent_id == maal.pk],
            "strategiar": maal.strategiar.all(),
            "berekraftsmaal": maal.berekraftsmaal.all(),
            "tiltak": maal.tiltak.select_related("handlingsplan", "ansvarleg_eining").order_by(
                "-handlingsplan__fra_aar", "rekkjefolgje"
            ),
            "folgjer_opp": maal.folgjer_opp
            if maal.folgjer_opp and maal.folgjer_opp.plan in synlege
            else None,
            "oppfolgt_av": maal.oppfolgt_av.filter(plan__in=synlege).select_related("plan"),
            "kan_endre": permissions.kan_endre(request.user, plan),
            "koplingar": _koplingar(maal),
            "logg": endringslogg(maal.history),
            "gjenopprett_url": reverse("plans:maal_gjenopprett", args=[maal.pk])
            if permissions.kan_gjenopprette_tekst(request.user, plan)
            else None,
        },
    )


def _koplingar(maal):
    """The goal's indicators with their targets per year, in two queries however many."""
    koplingar = list(
        maal.indikatorar.select_related("indikator__eigar")
        .prefetch_related("maalverdiar")
        .order_by("rekkjefolgje", "pk")
    )
    for k in koplingar:
        k.maal = maal
        k.maalverdi_liste = list(k.maalverdiar.all())
    return koplingar


@login_required
def maal_ny(request, pk):
    plan = permissions.plan_for_endring(request.user, pk)
    parent = None
    if request.GET.get("parent"):
        parent = get_object_or_404(plan.maal, pk=_heiltal(request.GET["parent"]))
    alle = request.GET.get("alle_maal") == "1"
    form = MaalForm(
        request.POST if request.method == "POST" else None,
        plan=plan,
        synlege_planar=permissions.synlege_planar(request.user),
        alle_maal=alle,
        initial={"parent": parent},
    )
    form.instance.plan = plan
    if form.is_bound and form.is_valid():
        form.instance.rekkjefolgje = services.neste_rekkjefolgje(
            plan.maal.filter(parent=form.cleaned_data["parent"])
        )
        m = _lagre(request, form, _("Created"))
        messages.success(request, _("The goal is added."))
        return redirect(m)
    return _skjema(
        request,
        form,
        tittel=_("New goal in %(plan)s") % {"plan": plan},
        avbryt=plan.get_absolute_url(),
        smular=[(reverse("plans:index"), _("Plans")), (plan.get_absolute_url(), plan.tittel)],
    )


@login_required
def maal_endre(request, pk):
    maal = _maal(request.user, pk, endre=True)
    form = MaalForm(
        request.POST if request.method == "POST" else None,
        instance=maal,
        plan=maal.plan,
        synlege_planar=permissions.synlege_planar(request.user),
        alle_maal=request.GET.get("alle_maal") == "1",
    )
    if form.is_bound and form.is_valid():
        if "parent" in form.changed_data:
            form.instance.rekkjefolgje = services.neste_rekkjefolgje(
                maal.plan.maal.filter(parent=form.cleaned_data["parent"])
            )
        if _lagre(request, form, _("Changed")):
            messages.success(request, _("The goal is saved."))
            return redirect(maal)
    return _skjema(
        request,
        form,
        tittel=_("Edit goal"),
        avbryt=maal.get_absolute_url(),
        smular=[
            (reverse("plans:index"), _("Plans")),
            (maal.plan.get_absolute_url(), maal.plan.tittel),
            (maal.get_absolute_url(), maal.tittel),
        ],
    )


@require_POST
@login_required
def maal_flytt(request, pk):
    maal = _maal(request.user, pk, endre=True)
    services.flytt(
        maal,
        -1 if request.POST.get("retning") == "opp" else 1,
        syskin=maal.plan.maal.filter(parent=maal.parent_id),
    )
    return redirect(maal.plan.get_absolute_url() + f"#maal-{maal.pk}")


def _strategi_skjema(request, plan, strategi, *, tittel, maal=None):
    form = StrategiForm(
        request.POST if request.method == "POST" else None,
        instance=strategi,
        plan=plan,
        initial={"maal": maal} if strategi.pk is None else None,
    )
    form.instance.plan = plan
    if form.is_bound and form.is_valid():
        ny = strategi.pk is None
        if ny or "maal" in form.changed_data:
            form.instance.rekkjefolgje = services.neste_rekkjefolgje(
                plan.strategiar.filter(maal=form.cleaned_data["maal"])
            )
        s = _lagre(request, form, _("Created") if ny else _("Changed"))
        if s:
            messages.success(request, _("The strategy is added.") if ny else _("The strategy is saved."))
            return redirect(s.get_absolute_url())
    smular = [(reverse("plans:index"), _("Plans")), (plan.get_absolute_url(), plan.tittel)]
    tilbake = maal or strategi.maal
    if tilbake is not None:
        smular.append((tilbake.get_absolute_url(), tilbake.tittel))
    return _skjema(
        request,
        form,
        tittel=tittel,
        avbryt=tilbake.get_absolute_url() if tilbake else plan.get_absolute_url(),
        smular=smular,
    )


@login_required
def strategi_ny(request, pk):
    maal = _maal(request.user, pk, endre=True)
    return _strategi_skjema(
        request,
        maal.plan,
        Strategi(plan=maal.plan),
        tittel=_("New strategy for «%(maal)s»") % {"maal": maal.tittel},
        maal=maal,
    )


@login_required
def plan_strategi_ny(request, pk):
    plan = permissions.plan_for_endring(request.user, pk)
    return _strategi_skjema(request, plan, Strategi(plan=plan), tittel=_("New strategy for the whole plan"))


@login_required
def strategi_endre(request, pk):
    s = _strategi(request.user, pk, endre=True)
    return _strategi_skjema(request, s.plan, s, tittel=_("Edit strategy"))


@require_POST
@login_required
def strategi_flytt(request, pk):
    s = _strategi(request.user, pk, endre=True)
    services.flytt(
        s, -1 if request.POST.get("retning") == "opp" else 1, syskin=s.plan.strategiar.filter(maal=s.maal_id)
    )
    return redirect(s.get_absolute_url())


# --- handlingsplanar and tiltak ---------------------------------------------------------


def _handlingsplan_periode(plan):
    """Four years from the plan's start (this year when the plan states none), within its end."""
    fra = plan.periode_fra or klokke.i_dag().year
    til = fra + 3 if plan.periode_til is None else max(fra, min(fra + 3, plan.periode_til))
    return {"fra_aar": fra, "til_aar": til}


@login_required
def handlingsplan_ny(request, pk):
    plan = permissions.plan_for_endring(request.user, pk)
    form = HandlingsplanForm(
        request.POST if request.method == "POST" else None,
        initial=_handlingsplan_periode(plan),
    )
    form.instance.plan = plan
    if form.is_bound and form.is_valid():
        try:
            hp = services.lag_handlingsplan(form.instance)
        except services.Planfeil as exc:
            form.add_error("fra_aar", str(exc))
        else:
            messages.success(request, _("The action plan is created. Add its measures."))
            return redirect(hp)
    return _skjema(
        request,
        form,
        tittel=_("New action plan for %(plan)s") % {"plan": plan},
        avbryt=plan.get_absolute_url(),
        smular=[(reverse("plans:index"), _("Plans")), (plan.get_absolute_url(), plan.tittel)],
    )


@login_required
def handlingsplan(request, pk):
    hp = _handlingsplan(request.user, pk)
    tiltak = list(
        hp.tiltak.select_related("ansvarleg_eining").prefetch_related("maal", "strategiar", "kostnader")
    )
    nummer = {m.pk: m.nummer for m in services.maaltre(hp.plan)}
    for t in tiltak:
        t.kostnad_per_aar = {k.aar: k.belop for k in t.kostnader.all()}
        t.kostnad_rad = [t.kostnad_per_aar.get(a) for a in hp.aar]
        t.maal_nummer = sorted(nummer.get(m.pk, "") for m in t.maal.all())
        t.manglar_kopling = not t.maal.all() and not t.strategiar.all()
    summar = [sum(t.kostnad_per_aar.get(a, 0) for t in tiltak if t.status in Tiltak.OPNE) for a in hp.aar]
    return render(
        request,
        "plans/handlingsplan.html",
        {
            "hp": hp,
            "plan": hp.plan,
            "tiltak": tiltak,
            "summar": summar,
            "versjonar": hp.plan.handlingsplanar.exclude(pk=hp.pk),
            "kan_endre": permissions.kan_endre_handlingsplan(request.user, hp),
            "kan_rullast": not Handlingsplan.objects.filter(forrige=hp).exists(),
            "tal_opne": sum(1 for t in tiltak if t.status in Tiltak.OPNE),
        },
    )


@require_POST
@login_required
def handlingsplan_rull(request, pk):
    hp = _handlingsplan(request.user, pk, endre=True)
    try:
        ny = services.rull_handlingsplan(hp, user=request.user)
    except services.Planfeil as exc:
        messages.error(request, str(exc))
        return redirect(hp)
    messages.success(
        request,
        _("%(ny)s is made: %(n)s open measures were carried over.") % {"ny": ny, "n": ny.tiltak.count()},
    )
    return redirect(reverse("plans:samanlikn", args=[ny.pk]) + f"?med={hp.pk}")


@login_required
def samanlikn(request, pk):
    hp = _handlingsplan(request.user, pk)
    andre = hp.plan.handlingsplanar.exclude(pk=hp.pk)
    med = request.GET.get("med") or (hp.forrige_id and str(hp.forrige_id))
    gammal = get_object_or_404(andre, pk=_heiltal(med)) if med else None
    if gammal is not None and gammal.fra_aar > hp.fra_aar:
        return redirect(reverse("plans:samanlikn", args=[gammal.pk]) + f"?med={hp.pk}")
    return render(
        request,
        "plans/samanlikn.html",
        {
            "hp": hp,
            "plan": hp.plan,
            "gammal": gammal,
            "andre": andre,
            "res": services.samanlikn(gammal, hp) if gammal else None,
        },
    )


@login_required
def tiltak_ny(request, pk):
    hp = _handlingsplan(request.user, pk, endre=True)
    return _tiltak_skjema(request, hp, Tiltak(handlingsplan=hp))


@login_required
def tiltak_endre(request, pk):
    t = _tiltak(request.user, pk, endre=True)
    return _tiltak_skjema(request, t.handlingsplan, t)


def _tiltak_skjema(request, hp, tiltak):
    form = TiltakForm(
        request.POST if request.method == "POST" else None,
        instance=tiltak,
        handlingsplan=hp,
        einingar=Eining.objects.aktive(),
    )
    if form.is_bound and form.is_valid():
        ny = tiltak.pk is None
        if ny:
            form.instance.rekkjefolgje = services.neste_rekkjefolgje(hp.tiltak.all())
        grunn = grunnkode("Created") if ny else grunnkode("Changed")
        # the tiltak, its links and its costs, or none of them
        t = _lagre(request, form, grunn, services.lagre_tiltak, kostnader=form.kostnader())
        if t:
            messages.success(request, _("The measure is saved."))
            return redirect(t)
    smular = [
        (reverse("plans:index"), _("Plans")),
        (hp.plan.get_absolute_url(), hp.plan.tittel),
        (hp.get_absolute_url(), str(hp)),
    ]
    return _skjema(
        request,
        form,
        tittel=_("New measure") if tiltak.pk is None else _("Edit measure"),
        avbryt=tiltak.get_absolute_url() if tiltak.pk else hp.get_absolute_url(),
        smular=smular,
    )


@login_required
def tiltak(request, pk):
    t = _tiltak(request.user, pk)
    nummer = {m.pk: m.nummer for m in services.maaltre(t.handlingsplan.plan)}
    maal = list(t.maal.all())
    for m in maal:
        m.nummer = nummer.get(m.pk, "")
    neste = Tiltak.objects.filter(forrige=t).select_related("handlingsplan").first()
    return render(
        request,
        "plans/tiltak.html",
        {
            "t": t,
            "hp": t.handlingsplan,
            "plan": t.handlingsplan.plan,
            "maal": maal,
            "strategiar": t.strategiar.select_related("maal"),
            "kostnader": t.kostnader.all(),
            "neste": neste,
            "kan_endre": permissions.kan_endre_handlingsplan(request.user, t.handlingsplan),
            "logg": endringslogg(t.history),
            "gjenopprett_url": reverse("plans:tiltak_gjenopprett", args=[t.pk])
            if permissions.kan_gjenopprette_tekst(request.user, t.handlingsplan.plan, t.handlingsplan)
            else None,
        },
    )


# --- restoring an earlier text from the change log (administrators) -----------------------


@require_POST
@login_required
def plan_gjenopprett(request, pk):
    plan = permissions.plan_for_lesing(request.user, pk)
    if not permissions.kan_gjenopprette_tekst(request.user, plan):
        raise PermissionDenied
    return gjenoppretting.svar(request, plan)


@require_POST
@login_required
def maal_gjenopprett(request, pk):
    maal = _maal(request.user, pk)
    if not permissions.kan_gjenopprette_tekst(request.user, maal.plan):
        raise PermissionDenied
    return gjenoppretting.svar(request, maal)


@require_POST
@login_required
def tiltak_gjenopprett(request, pk):
    t = _tiltak(request.user, pk)
    if not permissions.kan_gjenopprette_tekst(request.user, t.handlingsplan.plan, t.handlingsplan):
        raise PermissionDenied
    return gjenoppretting.svar(request, t)


# --- imports ----------------------------------------------------------------------------


VIS_RADER = 200  # rows the preview lists; the sums cover them all


def _import(request, *, kind, plan, hp=None):
    """One page for both imports: upload → preview with row-numbered errors → apply."""
    nokkel = f"planimport:{kind}:{(hp or plan).pk}"
    Form = TiltakImportForm if kind == "tiltak" else PlanImportForm
    form = Form(request.POST, request.FILES) if request.method == "POST" else Form()
    feil, rader, eining = None, None, None
    if form.is_bound and form.is_valid():
        try:
            rader = services.les_importfil(form.cleaned_data["fil"], kind, hp)
        except Importfeil as exc:
            form.add_error("fil", str(exc))
        else:
            if kind == "maal":
                res = services.planlegg_maalimport(plan, rader)
                feil = res.feil
                oversikt = {
                    "maal": len(res.maal),
                    "strategiar": len(res.strategiar),
                    "nivaa": res.nivaa,
                    "eiga": res.eiga,
                }
            else:
                eining = form.cleaned_data["eining"]
                feil, ok = services.planlegg_tiltakimport(hp, rader, eining)
                # the rows as read, in kroner, with the sums per year to check against the document
                oversikt = {
                    "tiltak": len(ok),
                    "rader": [(r["tittel"], [r["kostnader"].get(a) for a in hp.aar]) for r in ok[:VIS_RADER]],
                    "aar": hp.aar,
                    "sum": [sum(r["kostnader"].get(a, 0) for r in ok) for a in hp.aar],
                    "eining": BelopEining(eining).label,
                }
            if not feil:
                request.session[nokkel] = {"rader": rader, "eining": eining}
            return render(
                request,
                "plans/import.html",
                {
                    "plan": plan,
                    "hp": hp,
                    "kind": kind,
                    "feil": feil,
                    "oversikt": oversikt,
                    "form": form,
                },
            )
    return render(request, "plans/import.html", {"plan": plan, "hp": hp, "kind": kind, "form": form})


def _import_stadfest(request, *, kind, plan, hp=None):
    lagra = request.session.pop(f"planimport:{kind}:{(hp or plan).pk}", None)
    rader, eining = (lagra["rader"], lagra["eining"]) if lagra else (None, None)
    maal_url = reverse("plans:maal_import", args=[plan.pk]) if kind == "maal" else None
    tilbake = maal_url or reverse("plans:tiltak_import", args=[hp.pk])
    if rader is None:
        messages.error(request, _("The preview has expired. Upload the file again."))
        return redirect(tilbake)
    try:
        if kind == "maal":
            n_maal, n_strategiar = services.importer_maal(plan, rader, user=request.user)
            messages.success(
                request, _("Imported %(m)s goals and %(s)s strategies.") % {"m": n_maal, "s": n_strategiar}
            )
        else:
            n = services.importer_tiltak(hp, rader, user=request.user, eining=eining)
            messages.success(request, _("Imported %(n)s measures.") % {"n": n})
    except Importfeil as exc:
        messages.error(request, str(exc))
        return redirect(tilbake)
    return redirect(hp or plan)


@login_required
def maal_import(request, pk):
    return _import(request, kind="maal", plan=permissions.plan_for_endring(request.user, pk))


@require_POST
@login_required
def maal_import_stadfest(request, pk):
    return _import_stadfest(request, kind="maal", plan=permissions.plan_for_endring(request.user, pk))


@login_required
def tiltak_import(request, pk):
    hp = _handlingsplan(request.user, pk, endre=True)
    return _import(request, kind="tiltak", plan=hp.plan, hp=hp)


@require_POST
@login_required
def tiltak_import_stadfest(request, pk):
    hp = _handlingsplan(request.user, pk, endre=True)
    return _import_stadfest(request, kind="tiltak", plan=hp.plan, hp=hp)


# --- the indicator register ---------------------------------------------------------------


def _indikator_smular(*meir):
    return [(reverse("plans:index"), _("Plans")), (reverse("plans:indikator_liste"), _("Indicators")), *meir]


@login_required
def indikator_liste(request):
    if not permissions.kan_lese_indikatorar(request.user):
        raise Http404
    synlege = permissions.synlege_planar(request.user)
    qs = (
        permissions.synlege_indikatorar(request.user)
        .select_related("eigar")
        .order_by(norsk("namn"), "pk")
        .annotate(
            tal_maal=Count("maalkoplingar", filter=Q(maalkoplingar__maal__plan__in=synlege.values("pk")))
        )
    )
    sok = " ".join(request.GET.get("q", "").split())[:100]
    val = {
        "kjelde": (Indikator.Kjelde, request.GET.get("kjelde", "")),
        "frekvens": (Indikator.Frekvens, request.GET.get("frekvens", "")),
        "maaleeining": (Indikator.Maaleeining, request.GET.get("maaleeining", "")),
    }
    if sok:
        qs = qs.filter(namn__icontains=sok)
    for felt, (valg, verdi) in val.items():
        if verdi in valg.values:
            qs = qs.filter(**{felt: verdi})
    if fmt := eksport.format_(request):
        return eksport.tabell(
            fmt,
            "indikatorar",
            [_("Name"), _("Source"), _("Frequency"), _("Unit of measure"), _("Owner"), _("Goals")],
            (
                [
                    i.namn,
                    i.get_kjelde_display(),
                    i.get_frekvens_display(),
                    i.get_maaleeining_display(),
                    i.eigar.namn if i.eigar else "",
                    i.tal_maal,
                ]
                for i in qs.iterator(chunk_size=2000)
            ),
            arknamn=_("Indicators"),
        )
    side = Paginator(qs, SIDE).get_page(request.GET.get("side"))
    return render(
        request,
        "plans/indikator_liste.html",
        {
            "side": side,
            "sok": sok,
            "filter": [
                (felt, label, valg.choices, verdi if verdi in valg.values else "")
                for (felt, (valg, verdi)), label in zip(
                    val.items(), [_("Source"), _("Frequency"), _("Unit of measure")], strict=True
                )
            ],
            "kan_endre": permissions.kan_endre_indikatorar(request.user),
        },
    )


@login_required
def indikator(request, pk):
    ind = permissions.indikator_for_lesing(request.user, pk)
    koplingar = list(
        ind.maalkoplingar.filter(maal__plan__in=permissions.synlege_planar(request.user).values("pk"))
        .select_related("maal__plan")
        .prefetch_related("maalverdiar")
        .order_by("maal__plan__tittel", "maal__rekkjefolgje", "maal__pk")
    )
    # the goals' numbers as their plans show them: one query per plan with the indicator
    nummer = {}
    for plan in {k.maal.plan for k in koplingar}:
        nummer.update({m.pk: m.nummer for m in services.maaltre(plan)})
    for k in koplingar:
        k.maal.nummer = nummer.get(k.maal_id, "")
    return render(
        request,
        "plans/indikator.html",
        {
            "indikator": ind,
            "koplingar": koplingar,
            "kan_endre": permissions.kan_endre_indikatorar(request.user),
            "logg": endringslogg(ind.history),
        },
    )


def _indikator_skjema(request, ind):
    ny = ind.pk is None
    form = IndikatorForm(request.POST if request.method == "POST" else None, instance=ind)
    if form.is_bound and form.is_valid():
        try:
            lagra, _lagra_no = services.lagre_indikator(
                form.instance, versjon=form.cleaned_data.get("versjon") or 0, user=request.user
            )
        except Konflikt as k:
            vis_konflikt(form, k)
        except services.Ugyldig as u:
            for felt, melding in u.feil.items():
                form.add_error(felt if felt in form.fields else None, melding)
        else:
            messages.success(request, _("The indicator is saved."))
            return redirect(lagra)
    return _skjema(
        request,
        form,
        tittel=_("New indicator") if ny else _("Edit %(namn)s") % {"namn": ind.namn},
        avbryt=reverse("plans:indikator_liste") if ny else ind.get_absolute_url(),
        smular=_indikator_smular() if ny else _indikator_smular((ind.get_absolute_url(), ind.namn)),
    )


@login_required
def indikator_ny(request):
    permissions.krev_endring_av_indikatorar(request.user)
    return _indikator_skjema(request, Indikator())


@login_required
def indikator_endre(request, pk):
    return _indikator_skjema(request, permissions.indikator_for_endring(request.user, pk))


# --- indicators on goals ----------------------------------------------------------------------


def _maal_smular(maal):
    return [
        (reverse("plans:index"), _("Plans")),
        (maal.plan.get_absolute_url(), maal.plan.tittel),
        (maal.get_absolute_url(), maal.tittel),
    ]


def _kopling(user, maal_pk, pk):
    """The goal first (404 / 403 as for editing it), then its link; None when the link is gone
    (detached meanwhile, or a second click on «detach»)."""
    maal = _maal(user, maal_pk, endre=True)
    kopling = maal.indikatorar.select_related("indikator").filter(pk=pk).first()
    if kopling is not None:
        kopling.maal = maal
    return maal, kopling


@login_required
def maal_indikator_ny(request, pk):
    maal = _maal(request.user, pk, endre=True)
    form = KoplingForm(
        request.POST if request.method == "POST" else None, maal=maal, aar_liste=services.maalaar(maal.plan)
    )
    if form.is_bound and form.is_valid():
        try:
            kopling, _ny = services.kople_indikator(
                maal, form.cleaned_data["indikator"], form.maalverdiar(), user=request.user
            )
        except services.Ugyldig as u:
            for felt, melding in u.feil.items():
                form.add_error(felt if felt in form.fields else None, melding)
        else:
            messages.success(
                request, _("«%(namn)s» is attached to the goal.") % {"namn": kopling.indikator.namn}
            )
            return redirect(maal.get_absolute_url() + f"#indikator-{kopling.pk}")
    return _skjema(
        request,
        form,
        tittel=_("Attach an indicator to «%(maal)s»") % {"maal": maal.tittel},
        avbryt=maal.get_absolute_url() + "#indikatorar-tittel",
        smular=_maal_smular(maal),
    )


@login_required
def maal_indikator_endre(request, pk, kopling_pk):
    maal, kopling = _kopling(request.user, pk, kopling_pk)
    if kopling is None:
        raise Http404
    form = MaalverdiForm(
        request.POST if request.method == "POST" else None,
        kopling=kopling,
        aar_liste=services.maalaar(maal.plan),
    )
    if form.is_bound and form.is_valid():
        try:
            services.endre_maalverdiar(
                kopling, form.maalverdiar(), versjon=form.cleaned_data.get("versjon") or 0, user=request.user
            )
        except Konflikt as k:
            vis_konflikt(form, k)
        except services.Ugyldig as u:
            for felt, melding in u.feil.items():
                form.add_error(felt if felt in form.fields else None, melding)
        else:
            messages.success(request, _("The targets are saved."))
            return redirect(maal.get_absolute_url() + f"#indikator-{kopling.pk}")
    return _skjema(
        request,
        form,
        tittel=_("Targets for «%(namn)s»") % {"namn": kopling.indikator.namn},
        avbryt=maal.get_absolute_url() + f"#indikator-{kopling.pk}",
        smular=_maal_smular(maal),
    )


@require_POST
@login_required
def maal_indikator_fjern(request, pk, kopling_pk):
    maal, kopling = _kopling(request.user, pk, kopling_pk)
    if kopling is None:
        messages.info(request, _("The indicator was already detached from the goal."))
    else:
        services.fjern_kopling(kopling, user=request.user)
        messages.success(
            request, _("«%(namn)s» is detached from the goal.") % {"namn": kopling.indikator.namn}
        )
    return redirect(maal.get_absolute_url() + "#indikatorar-tittel")
