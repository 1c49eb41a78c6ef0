import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.forms.utils import ErrorDict, ErrorList
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from alver.lib import eksport
from alver.lib.historikk import endringslogg
from alver.lib.samtidig import Konflikt, vis_konflikt
from alver.models import Eining

from . import permissions, services
from .forms import (
    FeilregistrerForm,
    MoteEndreForm,
    MoteForm,
    PunktFormSet,
    SakFormSet,
    TrekkForm,
    VedtakEndreForm,
    VedtakSokForm,
)
from .models import Mote, Vedtak, Vedtakspunkt
from .saksnummer import nokkel

FLEIRE_RADER = 5
SAKER_PER_MOTE = 10


def _sok(qs, form):
    """The /vedtak/ filters; a case number matches however it is written («PS 24/20» finds
    «PS 024/2020»)."""
    if not form.is_valid():
        return qs
    d = form.cleaned_data
    if q := d.get("q", "").strip():
        qs = qs.filter(
            Q(saksnokkel__startswith=nokkel(q))
            | Q(saksnummer__icontains=q)
            | Q(arkivsak__icontains=q)
            | Q(tittel__icontains=q)
            | Q(tekst__icontains=q)
            | Q(offentleg_tittel__icontains=q)
        )
    if d.get("organ"):
        qs = qs.filter(organ=d["organ"])
    if d.get("fra"):
        qs = qs.filter(mote__dato__gte=d["fra"])
    if d.get("til"):
        qs = qs.filter(mote__dato__lte=d["til"])
    if d.get("gir_oppdrag"):
        qs = qs.filter(gir_oppdrag=d["gir_oppdrag"] == "ja")
    return qs


def _vedtak_eksport(request, fmt, saker):
    """Every case the search finds, one row each; an exempt or closed case as the reader may
    see it (its public title), as on the page."""
    kan_sjaa = permissions.skjerma_sjekk(request.user)
    saker = saker.select_related("mote__organ", "ansvarleg_sektor", "sakstype").order_by(
        "-mote__dato", "mote_id", "rekkjefolgje", "pk"
    )
    rader = (
        [
            v.mote.dato,
            v.mote.organ.namn,
            v.saksnummer,
            v.arkivsak,
            v.tittel if kan_sjaa(v) else v.offentleg_tittel,
            str(v.sakstype),
            v.get_type_display(),
            v.ansvarleg_sektor.namn if v.ansvarleg_sektor else "",
            v.frist,
            _("yes") if v.gir_oppdrag else _("no"),
            v.get_skjerming_display() if v.skjerming else "",
        ]
        for v in saker.iterator(chunk_size=2000)
    )
    kolonnar = [
        _("meeting date"),
        _("body"),
        _("case number"),
        _("archive case"),
        _("title"),
        _("case type"),
        _("kind"),
        _("Responsible sector"),
        _("deadline"),
        _("Gives assignments"),
        _("public access"),
    ]
    return eksport.tabell(fmt, "vedtak", kolonnar, rader, arknamn=_("Decisions"))


@login_required
def vedtak_liste(request):
    """Meetings with their cases, newest first; with a search, the meetings that have a match
    and only the matching cases."""
    if not permissions.kan_lese_vedtak(request.user):
        raise Http404
    sok = VedtakSokForm(request.GET or None)
    filtrert = sok.is_bound and sok.is_valid() and any(sok.cleaned_data.values())
    saker = _sok(Vedtak.objects.all(), sok)
    if fmt := eksport.format_(request):
        return _vedtak_eksport(request, fmt, saker)
    moter = Mote.objects.select_related("organ").order_by("-dato", "pk")
    if filtrert:
        moter = moter.filter(pk__in=saker.values("mote_id"))
    side = Paginator(moter, 20).get_page(request.GET.get("side"))
    # a page shows at most SAKER_PER_MOTE cases of each meeting (a meeting of 40 cases links to
    # its own page), so the page costs the same however large the meetings are
    nummerert = saker.filter(mote__in=list(side)).annotate(
        nr=Window(RowNumber(), partition_by=[F("mote_id")], order_by=[F("rekkjefolgje").asc(), F("pk").asc()])
    )
    vedtak = {}
    for v in (
        nummerert.filter(nr__lte=SAKER_PER_MOTE)
        .select_related("ansvarleg_sektor", "sakstype")
        .order_by("rekkjefolgje", "pk")
    ):
        vedtak.setdefault(v.mote_id, []).append(v)
    tal = dict(
        Vedtak.objects.filter(mote__in=list(side)).values_list("mote_id").annotate(n=Count("pk")).order_by()
    )
    kan_sjaa = permissions.skjerma_sjekk(request.user)
    for m in side:
        m.tal_saker = tal.get(m.pk, 0)
        m.vedtak_liste = vedtak.get(m.pk, [])
        for v in m.vedtak_liste:
            v.vis_full = kan_sjaa(v)
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "budget/vedtak_liste.html",
        {
            "side": side,
            "sok": sok,
            "filtrert": filtrert,
            "query": query.urlencode(),
            "vedtak": [v for liste in vedtak.values() for v in liste],
            "kan_registrere": permissions.kan_registrere_vedtak(request.user),
        },
    )


def _utan_feil(formset):
    """A formset posted back only to get more rows is shown without errors (the user has not
    asked to save yet)."""
    formset._errors, formset._non_form_errors = [], ErrorList()
    for f in formset.forms:
        f._errors = ErrorDict()
    return formset


def _saker(request, *, kreve_ei=False):
    """The case rows: empty on GET, the posted ones on POST; «more rows» adds empty rows."""
    if request.method != "POST":
        return SakFormSet(queryset=Vedtak.objects.none(), prefix="sak", kreve_ei=kreve_ei), False
    data = request.POST
    fleire = "fleire_rader" in data
    if fleire:
        data = data.copy()
        try:
            n = int(data.get("sak-TOTAL_FORMS", 0))
        except ValueError:
            n = 0
        data["sak-TOTAL_FORMS"] = str(max(0, n) + FLEIRE_RADER)
    saker = SakFormSet(data, queryset=Vedtak.objects.none(), prefix="sak", kreve_ei=kreve_ei)
    if fleire:
        # keyboard users continue where the new rows begin
        if n < len(saker.forms):
            saker.forms[n].fields["saksnummer"].widget.attrs["autofocus"] = True
        return _utan_feil(saker), True
    return saker, False


def _token(request):
    return request.POST.get("token") or uuid.uuid4().hex


def _lagra(request, mote, ny, n):
    if ny:
        messages.success(
            request,
            _("%(n)s cases are saved. Those that give assignments have become assignments for their sector.")
            % {"n": n}
            if n
            else _("The meeting is saved. Add its cases when you have them."),
        )
    else:
        messages.info(request, _("This form was already saved; here is the meeting."))
    return redirect(mote)


@login_required
def mote_ny(request):
    """A meeting with its cases (or none yet: the møteplan)."""
    permissions.krev_registrering(request.user)
    if request.method == "POST" and (m := services.innsendt(request.POST.get("token"))):
        return _lagra(request, m, False, 0)
    form = MoteForm(request.POST if request.method == "POST" else None)
    saker, fleire = _saker(request)
    if fleire:
        form._errors = ErrorDict()
    elif request.method == "POST" and form.is_valid() and saker.is_valid():
        try:
            mote, ny = services.registrer_mote(
                **form.cleaned_data, saker=saker.saker(), user=request.user, token=_token(request)
            )
        except services.Sakfeil as e:
            saker._non_form_errors = saker.error_class([str(e)])
            saker.eksisterande = e.eksisterande
        else:
            return _lagra(request, mote, ny, len(saker.saker()))
    return render(
        request, "budget/mote_ny.html", {"form": form, "saker": saker, "token": _token(request), "mote": None}
    )


def _mote(user, pk):
    if not permissions.kan_lese_vedtak(user):
        raise Http404
    return get_object_or_404(Mote.objects.select_related("organ"), pk=pk)


@login_required
def mote(request, pk):
    m = _mote(request.user, pk)
    saker = list(m.vedtak.select_related("ansvarleg_sektor", "sakstype").order_by("rekkjefolgje", "pk"))
    kan_sjaa = permissions.skjerma_sjekk(request.user)
    for v in saker:
        v.vis_full = kan_sjaa(v)
    kan_registrere = permissions.kan_registrere_vedtak(request.user)
    treng_sektor = kan_registrere and any(v.gir_oppdrag and not v.ansvarleg_sektor_id for v in saker)
    return render(
        request,
        "budget/mote.html",
        {
            "m": m,
            "saker": saker,
            "treng_sektor": treng_sektor,
            "sektorar": list(Eining.objects.aktive().filter(type=Eining.Type.SEKTOR)) if treng_sektor else [],
            "kan_registrere": permissions.kan_registrere_vedtak(request.user),
            "logg": endringslogg(m.history),
        },
    )


@login_required
def mote_endre(request, pk):
    m = _mote(request.user, pk)
    permissions.krev_registrering(request.user)
    form = MoteEndreForm(request.POST if request.method == "POST" else None, instance=m)
    if form.is_bound and form.is_valid():
        try:
            services.endre_mote(form.instance, form.cleaned_data["versjon"], user=request.user)
        except Konflikt as k:
            vis_konflikt(form, k)
        except services.Sakfeil as e:
            form.add_error("organ", str(e))
        else:
            messages.success(request, _("The meeting is corrected."))
            return redirect(m)
    return render(
        request,
        "skjema.html",
        {
            "form": form,
            "tittel": _("Correct the meeting"),
            "avbryt": m.get_absolute_url(),
            "smular": [
                (reverse("budget:vedtak_liste"), _("Political decisions")),
                (m.get_absolute_url(), str(m)),
            ],
        },
    )


@login_required
def mote_saker(request, pk):
    """Add cases to a meeting (a week later, when the minutes are approved)."""
    m = _mote(request.user, pk)
    permissions.krev_registrering(request.user)
    if request.method == "POST" and (lagra := services.innsendt(request.POST.get("token"))):
        return _lagra(request, lagra, False, 0)
    saker, fleire = _saker(request, kreve_ei=True)
    if request.method == "POST" and not fleire and saker.is_valid():
        try:

            def lagre():
                services.legg_til_saker(m, saker.saker(), user=request.user)
                return m

            mote_, ny = services.ein_gong(_token(request), lagre)
        except services.Sakfeil as e:
            saker._non_form_errors = saker.error_class([str(e)])
            saker.eksisterande = e.eksisterande
        else:
            return _lagra(request, mote_, ny, len(saker.saker()))
    return render(
        request, "budget/mote_ny.html", {"form": None, "saker": saker, "token": _token(request), "mote": m}
    )


@require_POST
@login_required
def mote_sektorar(request, pk):
    """The sectors of the cases that wait for one (a pasted list), chosen on the meeting page."""
    m = _mote(request.user, pk)
    permissions.krev_registrering(request.user)
    sektorar = {str(e.pk): e for e in Eining.objects.aktive().filter(type=Eining.Type.SEKTOR)}
    val = {}
    for k, verdi in request.POST.items():
        if k.startswith("sektor-") and verdi in sektorar and k[7:].isdigit():
            val[int(k[7:])] = sektorar[verdi]
    endra = services.sett_sektorar(m, val, user=request.user)
    if endra:
        messages.success(
            request,
            ngettext(
                "%(n)s case got its sector and became an assignment.",
                "%(n)s cases got their sector and became assignments.",
                len(endra),
            )
            % {"n": len(endra)},
        )
    else:
        messages.info(request, _("No sector was chosen."))
    return redirect(m)


@require_POST
@login_required
def mote_flytt(request, pk, vedtak_pk):
    m = _mote(request.user, pk)
    permissions.krev_registrering(request.user)
    v = get_object_or_404(m.vedtak, pk=vedtak_pk)
    services.flytt_sak(v, -1 if request.POST.get("retning") == "opp" else 1)
    return redirect(f"{m.get_absolute_url()}#sak-{v.pk}")


def _vedtak(user, pk):
    if not permissions.kan_lese_vedtak(user):
        raise Http404
    return get_object_or_404(
        Vedtak.objects.select_related("mote__organ", "ansvarleg_sektor", "sakstype").prefetch_related(
            Prefetch("punkt", queryset=Vedtakspunkt.objects.gjeldande().select_related("ansvarleg_sektor"))
        ),
        pk=pk,
    )


@login_required
def vedtak(request, pk):
    v = _vedtak(request.user, pk)
    v.vis_full = permissions.kan_sjaa_skjerma(request.user, v)
    return render(
        request,
        "budget/vedtak.html",
        {
            "v": v,
            "maal": v.maal.select_related("plan"),
            "strategiar": v.strategiar.select_related("maal"),
            "kan_registrere": permissions.kan_registrere_vedtak(request.user),
            "trekk_form": TrekkForm(),
            "feil_form": FeilregistrerForm(prefix="feil"),
            "logg": endringslogg(v.history) if v.vis_full else [],
        },
    )


@login_required
def vedtak_endre(request, pk):
    v = _vedtak(request.user, pk)
    permissions.krev_registrering(request.user)
    form = VedtakEndreForm(request.POST if request.method == "POST" else None, instance=v)
    if form.is_bound and form.is_valid():
        try:
            services.endre_vedtak(
                form.instance,
                form.cleaned_data["versjon"],
                user=request.user,
                maal=form.cleaned_data["maal"],
                strategiar=form.cleaned_data["strategiar"],
            )
        except Konflikt as k:
            vis_konflikt(form, k)
        except services.Sakfeil as e:
            form.add_error("saksnummer", str(e))
        else:
            messages.success(request, _("The case is saved, and its assignments follow."))
            return redirect(v)
    return render(
        request,
        "skjema.html",
        {
            "form": form,
            "tittel": _("Edit case"),
            "avbryt": v.get_absolute_url(),
            "smular": [
                (reverse("budget:vedtak_liste"), _("Political decisions")),
                (v.mote.get_absolute_url(), str(v.mote)),
                (v.get_absolute_url(), v.saksnummer),
            ],
        },
    )


@login_required
def vedtak_punkt(request, pk):
    """The numbered points of a decision, each its own order to a sector."""
    v = _vedtak(request.user, pk)
    permissions.krev_registrering(request.user)
    finst = [
        {"nummer": p.nummer, "tekst": p.tekst, "ansvarleg_sektor": p.ansvarleg_sektor, "frist": p.frist}
        for p in v.punkt.all()
    ]
    punkt = PunktFormSet(request.POST if request.method == "POST" else None, initial=finst, prefix="punkt")
    if punkt.is_bound and punkt.is_valid():
        try:
            services.lagre_punkt(v, punkt.punkt(), user=request.user)
        except services.Sakfeil as e:
            punkt._non_form_errors = punkt.error_class([str(e)])
        else:
            messages.success(request, _("The points are saved; each gives its own assignment."))
            return redirect(v)
    return render(request, "budget/vedtak_punkt.html", {"v": v, "punkt": punkt})


@require_POST
@login_required
def vedtak_trekk(request, pk):
    v = _vedtak(request.user, pk)
    permissions.krev_registrering(request.user)
    form = TrekkForm(request.POST)
    if form.is_valid():
        services.trekk_vedtak(v, user=request.user, grunn=form.cleaned_data["grunn"])
        messages.success(request, _("The decision is withdrawn; its open assignments are cancelled."))
    else:
        messages.error(request, _("Give the reason for withdrawing the decision."))
    return redirect(v)


@require_POST
@login_required
def vedtak_feilregistrer(request, pk):
    v = _vedtak(request.user, pk)
    permissions.krev_registrering(request.user)
    form = FeilregistrerForm(request.POST, prefix="feil")
    if form.is_valid():
        services.feilregistrer(v, user=request.user, grunn=form.cleaned_data["grunn"])
        messages.success(
            request,
            _(
                "The case is marked as entered by mistake. Its assignments are cancelled, or flagged "
                "for their owner where work has begun."
            ),
        )
    else:
        messages.error(request, _("Say why the case was entered by mistake."))
    return redirect(v)
