import uuid
from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import Length, Substr
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from alver.lib import eksport, gjenoppretting, klokke, tal
from alver.lib.historikk import endringslogg, vis_grunn
from alver.lib.samtidig import Konflikt, vis_konflikt
from alver.lib.tre import i_subtre
from alver.models import Eining, User
from alver.permissions import Rolle, har_rolle, leia_einingar
from budget import nokkeltal, saksnummer

from . import indikatorar, panelar, permissions, services
from .forms import DelegerForm, EigarForm, MilepaelForm, NyttOppdragForm, OppdragForm
from .models import Kategori, Oppdrag, Tema, Verksemdsplan

SIDE = 50
SORTERING = {
    "frist": (F("frist").asc(nulls_last=True), "pk"),  # the same on PostgreSQL and SQLite
    "tittel": ("tittel", "pk"),
    "status": ("status", "frist", "pk"),
    "eining": ("eining__namn", "frist", "pk"),
}
SORTERINGAR = [
    ("frist", gettext_lazy("Deadline")),
    ("tittel", gettext_lazy("Title")),
    ("status", gettext_lazy("Status")),
    ("eining", gettext_lazy("Unit")),
]


@login_required
def index(request):
    """Choose a unit and year; a leader starts from the units they lead."""
    if not permissions.kan_lese(request.user):
        raise Http404
    aar = request.GET.get("aar", "")
    aar = tal.aar(aar, klokke.i_dag().year)
    if kode := request.GET.get("eining"):
        eining = Eining.objects.aktive().filter(kode=kode).first()
        if eining:
            return redirect("verksemdsplan:side", aar=aar, kode=eining.kode)
    treff = _einingtreff(request.GET.get("einingsok", ""))
    if treff and treff[1] == 1:  # the one unit asked for: straight to its plan
        return redirect("verksemdsplan:side", aar=aar, kode=treff[0][0].kode)
    return render(
        request,
        "verksemdsplan/index.html",
        {
            "aar": aar,
            "mine": leia_einingar(request.user).order_by("path"),
            "eiga": request.user.eining,
            "einingar": einingval(request.user),
            "einingtreff": treff,
            "p": request.GET,
        },
    )


# how many matching units a unit search names on the page; the filter itself takes them all
EININGSOK_VIS = 20


def einingval(user, valt=""):
    """A unit select whose length does not grow with the kommune: the kommune and its sectors,
    the user's own unit and those they lead, and the one chosen, in tree order, indented by
    depth. Any other unit is found by name or code (`einingsok`)."""
    # one table and one OR: no union of querysets and no DISTINCT to compile
    vilkaar = Q(depth__lte=2) | Q(kode=valt)
    if user.is_authenticated:
        vilkaar |= Q(pk=user.eining_id) | Q(leiar=user)
    return [
        (kode, "\u00a0\u00a0" * (depth - 1) + namn)
        for kode, namn, depth in Eining.objects.aktive()
        .filter(vilkaar)
        .order_by("path")
        .values_list("kode", "namn", "depth")
    ]


def einingsok(tekst):
    """Active units whose name holds `tekst` or whose code is it, case aside."""
    return Eining.objects.aktive().filter(Q(namn__icontains=tekst) | Q(kode__iexact=tekst))


def i_einingar(einingar, felt="eining"):
    """A filter for rows in any of `einingar` or below one of them, as one subquery however
    many units match: a unit is in a subtree when the subtree's path begins its own. The units
    are found first (an uncorrelated subquery over the units alone), so the database does not
    search the units again for each of 100,000 oppdrag."""
    under = Eining.objects.filter(Exists(einingar.filter(path=Substr(OuterRef("path"), 1, Length("path")))))
    return Q(**{f"{felt}__in": under.values("pk")})


def _statustal(oppdrag):
    """(status, count) of the page's oppdrag, counted from the list the page already holds."""
    tal = Counter(o.status for o in oppdrag)
    return [(tekst, tal[verdi]) for verdi, tekst in Oppdrag.Status.choices if tal.get(verdi)]


@login_required
def side(request, aar, kode):
    """A unit's verksemdsplan for a year: its goals and strategies (through its oppdrag), and its
    oppdrag by category. The plan row itself is made when the first oppdrag arrives."""
    if not permissions.kan_lese(request.user) or not tal.gyldig_aar(aar):
        raise Http404
    eining = get_object_or_404(Eining.objects.select_related("leiar"), kode=kode)
    oppdrag = list(
        permissions.synlege_oppdrag(request.user)
        .aktive()
        .filter(eining=eining)
        .i_aar(aar)
        .select_related("kategori", "owner", "parent__eining", "kjelde_vedtak__mote__organ")
        .order_by("kategori__rekkjefolgje", F("frist").asc(nulls_last=True), "pk")
    )
    grupper = {}
    for o in oppdrag:
        grupper.setdefault(o.kategori, []).append(o)
    maal, strategiar, fra_okonomiplan = services.maal_for_plan(eining, aar, oppdrag)
    under = (
        permissions.synlege_oppdrag(request.user)
        .aktive()
        .filter(i_subtre(eining, "eining"))
        .i_aar(aar)
        .exclude(eining=eining)
    )
    eigne_indikatorar, delegerte_indikatorar = indikatorar.for_side(eining, aar)
    return render(
        request,
        "verksemdsplan/side.html",
        {
            "eining": eining,
            "aar": aar,
            "plan": Verksemdsplan.objects.filter(eining=eining, aar=aar).first(),
            "grupper": grupper.items(),
            "tal": len(oppdrag),
            "maal": maal,
            "strategiar": strategiar,
            "fra_okonomiplan": fra_okonomiplan,
            "under": under.count(),
            "statusar": _statustal(oppdrag),
            "kan_lage": permissions.kan_lage_oppdrag(request.user, eining),
            "kan_ferdig": permissions.kan_merke_ferdig(request.user, eining),
            "leiarskifte": panelar.leiarskifte_blokk(request, eining=eining),
            # «Aktivitet»: the indicators the unit takes on, and those units above delegated to it
            "indikatorar": eigne_indikatorar,
            "delegerte_indikatorar": delegerte_indikatorar,
            "nokkeltal": nokkeltal.for_eining(eining, aar),
        },
    )


@login_required
def oppdrag_ny(request):
    if not permissions.kan_lese(request.user):
        raise Http404
    if not permissions.kan_lage_oppdrag(request.user):
        raise PermissionDenied
    einingar = permissions.einingar_for_nye_oppdrag(request.user)
    eining = einingar.filter(kode=request.GET.get("eining", "")).first()
    aar = request.GET.get("aar", "")
    form = NyttOppdragForm(
        request.POST if request.method == "POST" else None,
        einingar=einingar,
        initial={
            "kategori": Kategori.objects.filter(kode="administrativt").first()
            if har_rolle(request.user, Rolle.KOMMUNEDIREKTOR, Rolle.ADMINISTRATOR)
            else None,
            "eining": eining,
            "aar": tal.aar(aar, klokke.i_dag().year),
        },
    )
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        o = services.lag_oppdrag(
            eining=d["eining"],
            aar=d["aar"],
            user=request.user,
            maal=d["maal"],
            strategiar=d["strategiar"],
            **{k: d[k] for k in ("tittel", "skildring", "kategori", "frist", "tema")},
        )
        if o.owner:
            messages.success(request, _("The assignment is given to %(namn)s.") % {"namn": o.owner.namn})
        else:
            messages.warning(
                request, _("The unit has no leader: the assignment has no owner until one is chosen.")
            )
        return redirect(o)
    return render(
        request,
        "skjema.html",
        {
            "form": form,
            "tittel": _("New assignment"),
            "avbryt": reverse("verksemdsplan:oppdrag_liste"),
            "smular": [(reverse("verksemdsplan:oppdrag_liste"), _("Assignments"))],
        },
    )


def filtrer(qs, params, user):
    """The oppdrag list's filters, shared by the page and Mi side's links."""
    if aar := tal.aar(params.get("aar")):
        qs = qs.i_aar(aar)
    if kode := params.get("eining"):
        eining = Eining.objects.filter(kode=kode).first()
        qs = qs.filter(i_subtre(eining, "eining")) if eining else qs.none()
    if tekst := params.get("einingsok", "").strip():
        qs = qs.filter(i_einingar(einingsok(tekst)))
    if kategori := params.get("kategori"):
        qs = qs.filter(kategori__kode=kategori)
    if (status := params.get("status")) in Oppdrag.Status.values:
        qs = qs.filter(status=status)
    if tema := params.get("tema"):
        qs = qs.filter(tema__kode=tema)
    if maal := tal.heiltal(params.get("maal"), *tal.ID):
        qs = qs.filter(maal=maal)
    if eigar := tal.heiltal(params.get("eigar"), *tal.ID):
        qs = qs.filter(owner_id=eigar)
    if params.get("eigar") == "meg":
        qs = qs.filter(owner=user)
    if params.get("eigar") == "ingen":
        qs = qs.filter(owner__isnull=True)
    if namn := params.get("eigarnamn", "").strip():
        qs = qs.filter(owner__namn__icontains=namn)
    # `forseinka=1` is the filter's old name, kept so saved links still work
    if params.get("over_fristen") == "1" or params.get("forseinka") == "1":
        qs = qs.over_fristen()
    if params.get("utan_kopling") == "1":
        qs = qs.utan_kopling()
    if q := params.get("q", "").strip():
        qs = qs.filter(_sok(q))
    return qs


def _sok(q):
    """The search: the title, or the source decision's case number as written («PS 24/20»
    finds «PS 24/2020» too: the normalised key, budget.saksnummer). A number without a series
    («24/2020») matches that case number in any series."""
    vilkaar = Q(tittel__icontains=q) | Q(kjelde_vedtak__saksnummer__icontains=q)
    if (sak := saksnummer.vilkaar(q, "kjelde_vedtak__saksnokkel")) is not None:
        vilkaar |= sak
    return vilkaar


@login_required
def oppdrag_liste(request):
    if not permissions.kan_lese(request.user):
        raise Http404
    if not request.GET:
        # the bare list opens on this year's work (after some years the oldest deadlines would
        # come first); emptying the year field shows every year. Set on the request, so the
        # pages, sorting and export links carry the year too.
        request.GET = QueryDict(f"aar={klokke.i_dag().year}")
    if fmt := eksport.format_(request):
        return _oppdrag_eksport(request, fmt)
    qs = filtrer(permissions.synlege_oppdrag(request.user).aktive(), request.GET, request.user)
    sortering = request.GET.get("sorter", "frist")
    qs = qs.select_related("kategori", "eining", "owner").order_by(
        *SORTERING.get(sortering, SORTERING["frist"])
    )
    side = Paginator(qs, SIDE).get_page(request.GET.get("side"))
    return render(
        request,
        "verksemdsplan/oppdrag_liste.html",
        {
            "side": side,
            # with a year chosen, oppdrag that came into it from earlier years say so
            "aar": tal.aar(request.GET.get("aar")) or 0,
            "kategoriar": Kategori.objects.all(),
            "temaer": Tema.objects.all(),
            "statusar": Oppdrag.Status.choices,
            "p": request.GET,
            "sortering": sortering,
            "sorteringar": SORTERINGAR,
            "einingar": einingval(request.user, request.GET.get("eining", "")),
            "einingtreff": _einingtreff(request.GET.get("einingsok", "")),
            "valt_eigar": User.objects.filter(pk=eigar).first()
            if (eigar := tal.heiltal(request.GET.get("eigar"), *tal.ID))
            else None,
            "kan_lage": permissions.kan_lage_oppdrag(request.user),
        },
    )


def _einingtreff(tekst):
    """The units a unit search matched, to name them above the list: (the first few, how many)."""
    if not (tekst := tekst.strip()):
        return None
    # the first few and how many in one query: each row carries the count of all
    treff = list(einingsok(tekst).annotate(_alle=Window(Count("pk"))).order_by("path")[:EININGSOK_VIS])
    return treff, treff[0]._alle if treff else 0


def _milepaelar(oppdrag):
    return oppdrag.milepaelar.select_related("ansvarleg_person", "ansvarleg_eining", "ansvarleg_organ")


@login_required
def oppdrag(request, pk, deleger_form=None, milepael_form=None, eigar_form=None):
    o = permissions.oppdrag_for_lesing(request.user, pk)
    kan_endre = permissions.kan_endre(request.user, o)
    kan_flytte = permissions.kan_flytte_eigar(request.user, o)
    born = list(o.born.select_related("owner", "eining").order_by("trekt_at", "frist", "pk"))
    if kan_endre and (deleger_form is None or milepael_form is None):
        # the people near the oppdrag, read once for both selects: a milestone may be the
        # owner's, a delegation may not
        folk = list(services.delegeringsval(o, request.GET.get("deleger_sok", ""), med_eigar=True))
    if kan_endre and deleger_form is None:
        deleger_form = DelegerForm(
            oppdrag=o,
            mottakarar=services.delegeringsmottakarar(o),
            val=[u for u in folk if u.pk != o.owner_id],
        )
    if kan_endre and milepael_form is None:
        milepael_form = MilepaelForm(
            oppdrag=o,
            personval=folk,
            initial={"token": uuid.uuid4().hex},
            prefix="milepael",
        )
    if kan_flytte and eigar_form is None:
        eigar_form = EigarForm(oppdrag=o)
    return render(
        request,
        "verksemdsplan/oppdrag.html",
        {
            "o": o,
            "maal": o.maal.select_related("plan"),
            "strategiar": o.strategiar.select_related("maal", "plan"),
            "born": [b for b in born if not b.trekt_at],
            "trekte": [b for b in born if b.trekt_at],
            "kan_endre": kan_endre,
            "deleger_form": deleger_form if kan_endre else None,
            "deleger_sok": (sok := request.GET.get("deleger_sok", "").strip()),
            # how many the search found, so the page says what it added (or that it found no one)
            "deleger_treff": services.delegeringssok(o, sok).count() if sok and kan_endre else 0,
            "deleger_vist": services.DELEGERING_SOK,
            "milepaelar": list(_milepaelar(o)),
            "milepael_form": milepael_form if kan_endre else None,
            "i_dag": klokke.i_dag(),
            "eigar_form": eigar_form if kan_flytte else None,
            "kan_sjaa_utan_eigar": permissions.kan_sjaa_utan_eigar(request.user),
            "logg": endringslogg(o.history),
            "gjenopprett_url": reverse("verksemdsplan:oppdrag_gjenopprett", args=[o.pk])
            if permissions.kan_gjenopprette_tekst(request.user, o)
            else None,
        },
    )


@require_POST
@login_required
def oppdrag_gjenopprett(request, pk):
    """Put back an earlier text of the oppdrag from its change log (administrators)."""
    o = permissions.oppdrag_for_lesing(request.user, pk)
    if not permissions.kan_gjenopprette_tekst(request.user, o):
        raise PermissionDenied
    return gjenoppretting.svar(request, o)


@require_POST
@login_required
def flytt_eigar(request, pk):
    o = permissions.oppdrag_for_eigarskifte(request.user, pk)
    form = EigarForm(request.POST, oppdrag=o)
    if form.is_valid():
        try:
            services.flytt_eigar(
                o,
                form.cleaned_data["versjon"],
                til=form.cleaned_data["ny_eigar"],
                grunn=form.cleaned_data["grunn"],
                user=request.user,
            )
        except services.Oppdragsfeil as exc:
            felt = "ny_eigar" if exc.felt == "til" else exc.felt
            form.add_error(felt if felt in form.fields else None, str(exc))
        except Konflikt as k:
            vis_konflikt(form, k)
        else:
            messages.success(
                request, _("%(namn)s now owns the assignment.") % {"namn": form.cleaned_data["ny_eigar"].namn}
            )
            return redirect(o)
    # what was typed stays, with the message by its field
    return oppdrag(request, pk, eigar_form=form)


@login_required
def utan_eigar(request):
    """Open oppdrag nobody owns (their unit had no leader): the kommunedirektør finds owners."""
    permissions.krev_utan_eigar(request.user)
    qs = (
        permissions.synlege_oppdrag(request.user)
        .aktive()
        .opne()
        .filter(owner__isnull=True)
        .select_related("eining", "kategori")
        .order_by(F("frist").asc(nulls_last=True), "pk")
    )
    if fmt := eksport.format_(request):
        return oppdrag_tabell(fmt, qs, "oppdrag-utan-eigar")
    side = Paginator(qs, SIDE).get_page(request.GET.get("side"))
    return render(request, "verksemdsplan/utan_eigar.html", {"side": side})


@login_required
def leiarskifte(request, pk):
    skifte = permissions.leiarskifte_for(request.user, pk)
    oppdrag = (
        skifte.oppdrag().select_related("kategori", "parent").order_by(F("frist").asc(nulls_last=True), "pk")
    )
    side = Paginator(oppdrag, SIDE).get_page(request.GET.get("side"))
    return render(
        request,
        "verksemdsplan/leiarskifte.html",
        {"skifte": skifte, "side": side, "kan_ta_over": permissions.kan_ta_over(request.user, skifte)},
    )


@require_POST
@login_required
def ta_over(request, pk):
    skifte = permissions.leiarskifte_for(request.user, pk)
    if skifte.teke_over_at and skifte.ny_leiar_id == request.user.pk:
        # a second submit (or a late one) changes nothing more
        messages.info(request, _("These assignments were already taken over."))
        return redirect(skifte)
    if not permissions.kan_ta_over(request.user, skifte):
        raise PermissionDenied
    n = services.ta_over(skifte, user=request.user)
    messages.success(
        request,
        ngettext("You now own %(n)s assignment.", "You now own %(n)s assignments.", n) % {"n": n},
    )
    return redirect(skifte)


@login_required
def oppdrag_endre(request, pk):
    o = permissions.oppdrag_for_endring(request.user, pk)
    form = OppdragForm(request.POST if request.method == "POST" else None, instance=o)
    if form.is_bound and form.is_valid():
        try:
            services.endre(
                form.instance,
                form.cleaned_data["versjon"],
                overstyr=form.cleaned_data["overstyr"],
                maal=form.cleaned_data["maal"],
                strategiar=form.cleaned_data["strategiar"],
                user=request.user,
            )
        except services.Oppdragsfeil as exc:
            form.add_error(exc.felt if exc.felt in form.fields else None, str(exc))
        except Konflikt as k:
            vis_konflikt(form, k)
        else:
            messages.success(request, _("The assignment is saved."))
            return redirect(o)
    return render(
        request,
        "skjema.html",
        {
            "form": form,
            "tittel": _("Edit assignment"),
            "avbryt": o.get_absolute_url(),
            "smular": [
                (reverse("verksemdsplan:oppdrag_liste"), _("Assignments")),
                (o.get_absolute_url(), o.tittel),
            ],
            "merknad": _("The title and text come from the political decision and change with it.")
            if o.kjelde_vedtak_id
            else "",
        },
    )


@require_POST
@login_required
def deleger(request, pk):
    o = permissions.oppdrag_for_endring(request.user, pk)
    form = DelegerForm(
        request.POST, oppdrag=o, mottakarar=services.delegeringsmottakarar(o), val=services.delegeringsval(o)
    )
    if form.is_valid():
        try:
            barn = services.deleger(
                o,
                til=form.cleaned_data["til"],
                frist=form.cleaned_data["frist"],
                notat=form.cleaned_data["notat"],
                user=request.user,
            )
        except services.Oppdragsfeil as exc:
            form.add_error(exc.felt if exc.felt in form.fields else None, str(exc))
        else:
            messages.success(request, _("Delegated to %(namn)s.") % {"namn": barn.owner.namn})
            return redirect(o)
    # what was typed stays, with the message by its field (the page is shown again, not redirected)
    return oppdrag(request, pk, deleger_form=form)


@require_POST
@login_required
def milepael_ny(request, pk):
    o = permissions.oppdrag_for_endring(request.user, pk)
    form = MilepaelForm(
        request.POST, oppdrag=o, personval=services.delegeringsval(o, med_eigar=True), prefix="milepael"
    )
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("token", "versjon")}
        try:
            m, ny = services.legg_til_milepael(o, user=request.user, token=form.cleaned_data["token"], **data)
        except services.Oppdragsfeil as exc:
            form.add_error(exc.felt if exc.felt in form.fields else None, str(exc))
        else:
            if ny:
                messages.success(request, _("Milestone added: %(t)s.") % {"t": m.tittel})
            return redirect(f"{o.get_absolute_url()}#milepaelar-tittel")
    # the page again, with what was typed and the message by its field
    return oppdrag(request, pk, milepael_form=form)


@login_required
def milepael_endre(request, pk, mpk):
    m = permissions.milepael_for_endring(request.user, pk, mpk)
    o = m.oppdrag
    form = MilepaelForm(
        request.POST if request.method == "POST" else None,
        instance=m,
        oppdrag=o,
        personval=services.delegeringsval(o, med_eigar=True),
    )
    if form.is_bound and form.is_valid():
        try:
            services.endre_milepael(form.instance, form.cleaned_data["versjon"], user=request.user)
        except services.Oppdragsfeil as exc:
            form.add_error(exc.felt if exc.felt in form.fields else None, str(exc))
        except Konflikt as k:
            fersk = k.fersk
            if all(getattr(fersk, f) == getattr(form.instance, f) for f in services.MILEPAEL_FELT):
                # the same form sent twice: the first one saved exactly this
                return redirect(f"{o.get_absolute_url()}#milepaelar-tittel")
            vis_konflikt(form, k)
        else:
            messages.success(request, _("The milestone is saved."))
            return redirect(f"{o.get_absolute_url()}#milepaelar-tittel")
    return render(
        request,
        "verksemdsplan/milepael_endre.html",
        {
            "form": form,
            "m": m,
            "o": o,
            "tittel": _("Edit milestone"),
            "avbryt": o.get_absolute_url(),
            "smular": [
                (reverse("verksemdsplan:oppdrag_liste"), _("Assignments")),
                (o.get_absolute_url(), o.tittel),
            ],
        },
    )


@require_POST
@login_required
def milepael_ferdig(request, pk, mpk):
    m = permissions.milepael_for_endring(request.user, pk, mpk)
    ferdig = request.POST.get("ferdig") == "1"
    m = services.merk_milepael(m, ferdig=ferdig, user=request.user)
    if ferdig:
        messages.success(request, _("Milestone done: %(t)s.") % {"t": m.tittel})
    else:
        messages.success(request, _("Milestone not done: %(t)s.") % {"t": m.tittel})
    return redirect(f"{m.oppdrag.get_absolute_url()}#milepaelar-tittel")


@require_POST
@login_required
def milepael_slett(request, pk, mpk):
    o = permissions.oppdrag_for_endring(request.user, pk)
    m = o.milepaelar.filter(pk=mpk).first()
    if m is not None:
        # a second submit finds nothing left to delete and lands on the page like the first
        services.slett_milepael(m, user=request.user)
        messages.success(request, _("Milestone deleted: %(t)s.") % {"t": m.tittel})
    return redirect(f"{o.get_absolute_url()}#milepaelar-tittel")


@require_POST
@login_required
def trekk(request, pk):
    barn = permissions.oppdrag_for_lesing(request.user, pk)
    if barn.parent is None:
        raise Http404
    if not permissions.kan_endre(request.user, barn.parent):
        raise PermissionDenied
    services.trekk_delegering(barn, user=request.user)
    messages.success(request, _("The delegation to %(namn)s is withdrawn.") % {"namn": barn.owner or "–"})
    return redirect(barn.parent)


@login_required
def oppdrag_eksport(request):
    """The filtered list as an Excel workbook: the list page's «?eksport=xlsx», kept at this
    address for links saved before the list had its own."""
    if not permissions.kan_lese(request.user):
        raise Http404
    return _oppdrag_eksport(request, "xlsx")


def _oppdrag_eksport(request, fmt):
    qs = filtrer(permissions.synlege_oppdrag(request.user).aktive(), request.GET, request.user)
    qs = qs.order_by(*SORTERING.get(request.GET.get("sorter", "frist"), SORTERING["frist"]))
    return oppdrag_tabell(fmt, qs, "oppdrag")


def oppdrag_tabell(fmt, qs, filnamn):
    """A list of oppdrag as a file, every row (read in chunks: it may be long)."""
    qs = qs.select_related("kategori", "eining", "owner", "parent", "kjelde_vedtak")
    rader = (
        [
            o.tittel,
            str(o.kategori),
            str(o.eining),
            o.owner.namn if o.owner else "",
            o.frist,
            o.get_status_display(),
            vis_grunn(o.status_kommentar),
            o.parent.tittel if o.parent else "",
            str(o.kjelde_vedtak) if o.kjelde_vedtak else "",
            o.aar,
        ]
        for o in qs.iterator(chunk_size=2000)
    )
    kolonnar = [
        _("Title"),
        _("Category"),
        _("Unit"),
        _("Owner"),
        _("Deadline"),
        _("Status"),
        _("Comment"),
        _("Delegated from"),
        _("Source"),
        _("Year"),
    ]
    return eksport.tabell(fmt, filnamn, kolonnar, rader, arknamn=_("Assignments"))
