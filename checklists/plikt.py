"""Who must answer which point, for which period, by when. Plain functions over rows already
loaded, so a page asks the database once for the points and once for the units, however many
there are; `publisert` loads the year's points, kept until the next change.

The point owns its frequency; the period calendar (`alver.lib.periodar`) gives the periods and
their deadlines:
- monthly: the month (2026-m03), by the 10th of the month after;
- tertial: the tertial (2026-t1, 2026-t2; the last four months are the year's third, answered
  as 2026-aar, by 31 January, as the annual report takes the last third in reporting);
- yearly: the year (2026-aar), by 31 January the year after;
- once: the year (2026-aar), by the point's own date.
A period is open for answers from its first day until its deadline; after that its answers are
read-only and what is missing stays missing.

Who answers: the leader of each active unit below the kommune (the kommunedirektør follows up,
and does not answer to herself), narrowed by the point's «applies to»."""

import datetime

from alver.lib import klokke, mellomlager, periodar
from alver.models import Eining

from .models import Frekvens, Gjeld, Sjekkliste, Sjekkpunkt


def publisert(aar):
    """(the year's published checklist, its points with their sector and named units), or
    (None, []). Every leader's Mi side and every verksemdsplan page reads them, and they change a
    few times a year: kept until the next change to the domain (none of the three queries then)."""

    def lag():
        liste = Sjekkliste.objects.filter(aar=aar, status=Sjekkliste.Status.PUBLISERT).first()
        if liste is None:
            return None, []
        punkt = list(
            Sjekkpunkt.objects.filter(sjekktype__foremaal__sjekkliste=liste)
            .select_related("sektor")
            .prefetch_related("einingar")
        )
        return liste, punkt

    return mellomlager.til_neste_endring(f"sjekkliste:publisert:{aar}", 300, lag)


def gjeld(punkt, eining, einingar_for_punkt=None):
    """Does the point apply to the unit? `einingar_for_punkt` is the set of named unit ids
    (prefetched), needed only for points that name units."""
    if eining.type == Eining.Type.KOMMUNE:
        return False
    if punkt.gjeld == Gjeld.ALLE:
        return True
    if punkt.gjeld == Gjeld.SEKTOR:
        return punkt.sektor is not None and eining.path.startswith(punkt.sektor.path)
    if punkt.gjeld == Gjeld.TYPE:
        return eining.type == punkt.einingstype
    ids = einingar_for_punkt if einingar_for_punkt is not None else {e.pk for e in punkt.einingar.all()}
    return eining.pk in ids


def periode(punkt, maanad):
    """The period code the point is answered for in the month (a `Kalenderperiode` of kind
    month, or a date in it)."""
    if isinstance(maanad, datetime.date):
        maanad = periodar.for_dag(maanad, periodar.MAANAD)
    if punkt.frekvens == Frekvens.MAANAD:
        return maanad.kode
    if punkt.frekvens == Frekvens.TERTIAL:
        t = periodar.for_dag(maanad.fra, periodar.TERTIAL)
        return t.kode if t is not None else periodar.kode(maanad.aar, periodar.AAR, 1)
    return periodar.kode(maanad.aar, periodar.AAR, 1)


def periodar_for(punkt, aar):
    """Every period code the point is answered for in the year, in order."""
    if punkt.frekvens == Frekvens.MAANAD:
        return [periodar.kode(aar, periodar.MAANAD, n) for n in range(1, 13)]
    if punkt.frekvens == Frekvens.TERTIAL:
        return [
            periodar.kode(aar, periodar.TERTIAL, 1),
            periodar.kode(aar, periodar.TERTIAL, 2),
            periodar.kode(aar, periodar.AAR, 1),
        ]
    return [periodar.kode(aar, periodar.AAR, 1)]


def fraa_til(kode):
    """The first and last day of a period code."""
    p = periodar.les(kode)
    return p.fra, p.til


def frist(punkt, kode):
    """When the answer for the period is due."""
    if punkt.frekvens == Frekvens.EIN_GONG:
        return punkt.dato
    p = periodar.les(kode)
    if punkt.frekvens == Frekvens.TERTIAL and p.type == periodar.AAR:
        return periodar.Kalenderperiode(p.aar, periodar.AAR, 1).frist
    return p.frist


def i_kraft(punkt, kode):
    """Is the point (this version of it) the one to answer for the period? A version is answered
    for the periods whose last day it was in force on; a point made after publishing applies from
    the period it was made in, a closed one up to the period it was closed in."""
    _fra, til = fraa_til(kode)
    begynt = punkt.gyldig_fra is None or punkt.gyldig_fra <= til
    return begynt and (punkt.gyldig_til is None or punkt.gyldig_til >= til)


def er_open(punkt, kode, dag=None):
    """Open for answers: begun, and its deadline not passed."""
    dag = dag or klokke.i_dag()
    fra, _til = fraa_til(kode)
    return fra <= dag <= frist(punkt, kode)


def er_begynt(kode, dag=None):
    return fraa_til(kode)[0] <= (dag or klokke.i_dag())
