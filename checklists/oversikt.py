"""The checklist's numbers for a month, for a unit and those below it (or the whole kommune):
how many answers the month asks for, how many are given, how many say «nei» or «delvis», how
many are missing — in total and per answering unit. Reporting's månadsrapport shows them.

A month asks, of each unit that answers (an active unit below the kommune with a leader), one
answer per point that applies to it, for the period the point is answered for in that month
(`plikt.periode`: the month, the tertial or the year). Four queries whatever the size: the
units, the points, their named units, and the answers."""

from alver.lib import periodar
from alver.lib.tre import i_subtre
from alver.models import Eining

from . import plikt
from .models import Sjekkliste, Sjekkpunkt, Svar


def oppsummering(aar, maanad_kode, eining=None):
    """{"forfalne", "svart", "nei", "delvis", "manglar", "per_eining": [{"eining", "forfalne",
    "svart", "nei", "manglar"}]} for the published checklist of `aar` in the month, under
    `eining` (the whole kommune when None); units in tree order, only those asked something."""
    maanad = periodar.les(maanad_kode, (periodar.MAANAD,))
    einingar = Eining.objects.aktive().exclude(type=Eining.Type.KOMMUNE).filter(leiar__isnull=False)
    if eining is not None:
        einingar = einingar.filter(i_subtre(eining))
    einingar = list(einingar.order_by("path"))
    punkt = list(
        Sjekkpunkt.objects.filter(
            sjekktype__foremaal__sjekkliste__aar=aar,
            sjekktype__foremaal__sjekkliste__status=Sjekkliste.Status.PUBLISERT,
        )
        .select_related("sektor")
        .prefetch_related("einingar")
    )
    plikter = []  # (point, period code, its named units)
    for p in punkt:
        kode = plikt.periode(p, maanad)
        if plikt.i_kraft(p, kode):
            plikter.append((p, kode, {e.pk for e in p.einingar.all()}))
    verdiar = {}
    if plikter and einingar:
        verdiar = {
            (punkt_id, eining_id, periode): verdi
            for punkt_id, eining_id, periode, verdi in Svar.objects.filter(
                punkt__in=[p.pk for p, _k, _n in plikter],
                periode__in={k for _p, k, _n in plikter},
                eining__in=[e.pk for e in einingar],
            ).values_list("punkt_id", "eining_id", "periode", "verdi")
        }

    sum_ = dict.fromkeys(("forfalne", "svart", "nei", "delvis", "manglar"), 0)
    per_eining = []
    for e in einingar:
        rad = {"eining": e, "forfalne": 0, "svart": 0, "nei": 0, "manglar": 0}
        delvis = 0
        for p, kode, namngjevne in plikter:
            if not plikt.gjeld(p, e, namngjevne):
                continue
            rad["forfalne"] += 1
            verdi = verdiar.get((p.pk, e.pk, kode))
            if verdi is None:
                rad["manglar"] += 1
                continue
            rad["svart"] += 1
            rad["nei"] += verdi == Svar.Verdi.NEI
            delvis += verdi == Svar.Verdi.DELVIS
        if rad["forfalne"]:
            per_eining.append(rad)
            for k in ("forfalne", "svart", "nei", "manglar"):
                sum_[k] += rad[k]
            sum_["delvis"] += delvis
    return {**sum_, "per_eining": per_eining}
