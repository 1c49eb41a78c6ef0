"""Adding a meeting's cases from a pasted list or a spreadsheet: paste or upload → preview of
every row with its errors → confirm; all or nothing (`services.legg_til_saker`).

The confirm step reads the same list again (carried in the preview form as base64, so a
spreadsheet needs no second upload and no server-side storage) with the preview's per-row
choices of case type and «gives assignments»; it saves only when that reading has no errors.
"""

import base64
import binascii
import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from alver.lib.forms import DsFormMixin
from alver.models import Eining

from . import permissions, saksliste, services
from .models import Mote, Sakstype, Vedtak
from .saksnummer import nokkel

MAKS_FIL = 1024 * 1024  # a case list is a few kilobytes; base64 of this stays under Django's POST limit


class SakslisteForm(DsFormMixin, forms.Form):
    tekst = forms.CharField(
        label=gettext_lazy("Paste the case list"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text=gettext_lazy(
            "One case per line, as copied from the sakskart or the minutes: «PS 24/26 Title», or "
            "columns separated by tabs or semicolons: case number, title, archive case, marker."
        ),
    )
    fil = forms.FileField(
        label=gettext_lazy("Or upload a file"),
        required=False,
        help_text=gettext_lazy(
            "XLSX or CSV with a header row (saksnummer, tittel; optional arkivsak, sakstype, skjerming, "
            "heimel), or a text file like the pasted list."
        ),
    )

    def clean_fil(self):
        fil = self.cleaned_data.get("fil")
        if fil and fil.size > MAKS_FIL:
            raise forms.ValidationError(_("The file is larger than 1 MB; a case list is much smaller."))
        if fil and not fil.name.lower().endswith((".xlsx", ".csv", ".txt")):
            raise forms.ValidationError(_("Use an .xlsx, .csv or .txt file."))
        return fil

    def clean(self):
        data = super().clean()
        if not (data.get("tekst") or "").strip() and not data.get("fil") and not self.errors:
            self.add_error("tekst", _("Paste the case list or choose a file."))
        return data


def _les(filnamn, innhald, sakstypar, aar):
    """(rows, errors) of the list; `filnamn` "" for pasted text."""
    if filnamn.lower().endswith((".xlsx", ".csv")):
        return saksliste.les_fil_(filnamn, innhald, sakstypar, aar)
    return saksliste.les_tekst(saksliste.dekod(innhald), sakstypar, aar, kjelde=filnamn or None)


def _overstyr(rader, post, sakstypar, sektorar):
    """The preview's choices per row (keyed by the row number, which reading again keeps). A
    changed case type brings its own «gives assignments» unless that box was changed too.
    Returns the errors of the chosen deadlines."""
    etter_pk = {str(s.pk): s for s in sakstypar}
    sektor_pk = {str(e.pk): e for e in sektorar}
    feil = []
    for r in rader:
        r.ansvarleg_sektor = sektor_pk.get(post.get(f"sektor-{r.rad}", ""))
        frist = post.get(f"frist-{r.rad}", "").strip()
        if frist:
            try:
                r.frist = datetime.date.fromisoformat(frist)
            except ValueError:
                feil.append(
                    saksliste.Feil("", r.rad, _("The deadline «%(frist)s» is not a date.") % {"frist": frist})
                )
        ny = etter_pk.get(post.get(f"sakstype-{r.rad}"))
        forrige = etter_pk.get(post.get(f"forrige-sakstype-{r.rad}"))
        kryssa = f"gir_oppdrag-{r.rad}" in post
        kryssa_for = post.get(f"forrige-gir_oppdrag-{r.rad}") == "1"
        if ny is not None:
            r.sakstype = ny
        if ny is not None and forrige is not None and ny != forrige and kryssa == kryssa_for:
            r.gir_oppdrag = ny.gir_oppdrag
        elif f"forrige-gir_oppdrag-{r.rad}" in post:
            r.gir_oppdrag = kryssa
    return feil


def _gjentatt(mote, rader, exc):
    """True when every case of the list is already in this meeting, exactly these: the same
    confirmation sent twice (a double click, a retry), not a conflict."""
    eksisterande = list(getattr(exc, "eksisterande", []))
    aar = mote.dato.year
    return bool(eksisterande) and (
        all(v.mote_id == mote.pk for v in eksisterande)
        and {v.saksnokkel for v in eksisterande} == {nokkel(r.saksnummer, aar) for r in rader}
    )


@login_required
def lim_inn(request, pk):
    permissions.krev_registrering(request.user)
    mote = get_object_or_404(Mote.objects.select_related("organ"), pk=pk)
    sakstypar = list(Sakstype.objects.filter(aktiv=True))
    sektorar = list(Eining.objects.aktive().filter(type=Eining.Type.SEKTOR))
    aar = mote.dato.year
    steg = request.POST.get("steg") if request.method == "POST" else None
    form = SakslisteForm(request.POST if steg == "vis" else None, request.FILES if steg == "vis" else None)
    rader, feil, sakfeil, filnamn, innhald = [], [], None, "", b""

    if steg == "vis" and form.is_valid():
        fil = form.cleaned_data["fil"]
        if fil:
            filnamn, innhald = fil.name, fil.read()
        else:
            innhald = form.cleaned_data["tekst"].encode("utf-8")
    elif steg in ("oppdater", "lagre"):
        filnamn = request.POST.get("filnamn", "")
        try:
            innhald = base64.b64decode(request.POST.get("innhald", ""), validate=True)
        except (binascii.Error, ValueError):
            innhald = b""
        if not innhald:
            form.add_error(None, _("The list was lost on the way. Paste it or choose the file again."))

    if innhald:
        try:
            rader, feil = _les(filnamn, innhald, sakstypar, aar)
        except saksliste.Importfeil as exc:
            if steg == "vis":
                form.add_error("fil", str(exc))
            else:
                form.add_error(None, str(exc))
        if steg in ("oppdater", "lagre"):
            feil += _overstyr(rader, request.POST, sakstypar, sektorar)
        if not filnamn and steg != "vis":
            # a list with errors comes back in the text box to be put right
            form = SakslisteForm(initial={"tekst": saksliste.dekod(innhald)})

    if steg == "lagre" and rader and not feil:
        try:
            services.legg_til_saker(mote, [r.som_sak() for r in rader], user=request.user)
        except services.Sakfeil as exc:
            if not _gjentatt(mote, rader, exc):
                sakfeil = exc
            else:
                messages.info(request, _("These cases were already added to the meeting."))
                return redirect(reverse("budget:mote", args=[mote.pk]))
        else:
            n, med_arbeid = len(rader), sum(r.gir_oppdrag and not r.ansvarleg_sektor for r in rader)
            melding = ngettext(
                "%(n)s case was added to the meeting.", "%(n)s cases were added to the meeting.", n
            ) % {"n": n}
            if med_arbeid:
                melding += " " + ngettext(
                    "%(n)s of them gives work but has no sector yet: choose it below, then it becomes an assignment.",
                    "%(n)s of them give work but have no sector yet: choose it below, then they become assignments.",
                    med_arbeid,
                ) % {"n": med_arbeid}
            messages.success(request, melding)
            return redirect(reverse("budget:mote", args=[mote.pk]))

    med_rad = {r.rad for r in rader}
    feil_per_rad = {}
    for f in feil:
        feil_per_rad.setdefault(f.rad, []).append(f.melding)
    skjerming = dict(Vedtak.Skjerming.choices)
    for r in rader:
        r.feil = feil_per_rad.get(r.rad, [])
        r.skjerming_tekst = skjerming.get(r.skjerming, r.skjerming) if r.skjerming else ""
    return render(
        request,
        "budget/mote_lim_inn.html",
        {
            "mote": mote,
            "form": form,
            "rader": rader,
            "feil": [(f, f"rad-{f.rad}" if f.rad in med_rad else form["tekst"].id_for_label) for f in feil],
            "sakfeil": sakfeil,
            "eksisterande": list(getattr(sakfeil, "eksisterande", []) or []),
            "filnamn": filnamn,
            "innhald": base64.b64encode(innhald).decode("ascii") if rader and not feil else "",
            "overstyr": steg in ("oppdater", "lagre"),
            "sakstypar": sakstypar,
            "sektorar": sektorar,
            "standard": saksliste.standard_sakstype(sakstypar),
            "kan_lagre": bool(rader) and not feil and sakfeil is None,
            "vis_skjema": not rader or bool(feil) or bool(form.errors) or sakfeil is not None,
            "med_arbeid": sum(r.gir_oppdrag for r in rader),
        },
    )
