"""Reading a unit's prioritised indicators («prioriterte indikatorar», the seed's «Aktivitet»):
for its verksemdsplan page, for the take-on form, and for Mi side. Writes are in services.py."""

from django.db.models import Q

from alver.lib import tre
from alver.lib.sortering import norsk
from budget.models import Maaloppfolging, Okonomiplan
from plans.models import Indikator, MaalIndikator

from .models import Oppdrag, PrioritertIndikator

RELASJONAR = ("indikator", "ansvarleg_eining__leiar", "ansvarleg", "verksemdsplan__eining")


def _forfedrar(eining):
    return tre.over(eining, med_seg=True)


def maal_for_eining(eining, aar):
    """The goals the unit works towards in the year: those the newest adopted økonomiplan gives
    its sector (and the units above), directly or through a strategy, and those its oppdrag are
    linked to (directly or through a strategy). A set of goal ids; three queries."""
    oppfolging = list(
        Maaloppfolging.objects.filter(
            eining__path__in=_forfedrar(eining),
            okonomiplan__forste_aar__lte=aar,
            okonomiplan__forste_aar__gt=aar - Okonomiplan.AAR,
            okonomiplan__status=Okonomiplan.Status.VEDTATT,
        )
        .order_by("-okonomiplan__forste_aar", "pk")
        .values_list("okonomiplan_id", "maal_id", "strategi__maal_id")
    )
    nyaste = oppfolging[0][0] if oppfolging else None
    maal = {m for plan, a, b in oppfolging if plan == nyaste for m in (a, b) if m}
    oppdrag = Oppdrag.objects.aktive().filter(eining=eining).i_aar(aar)
    maal |= set(Oppdrag.maal.through.objects.filter(oppdrag__in=oppdrag).values_list("maal_id", flat=True))
    maal |= {
        m
        for m in Oppdrag.strategiar.through.objects.filter(oppdrag__in=oppdrag).values_list(
            "strategi__maal_id", flat=True
        )
        if m
    }
    return maal


def tilbod(eining, aar, med=None):
    """The indicators the unit may take on for the year, as grouped choices: first those on the
    goals it works towards, then the rest of the register; those already taken on are left out
    (except `med`, the one a bound form names). Lists of (id, name)."""
    teke = PrioritertIndikator.objects.filter(verksemdsplan__eining=eining, verksemdsplan__aar=aar)
    if med is not None:
        teke = teke.exclude(indikator_id=med)
    teke = teke.values("indikator_id")
    alle = list(
        Indikator.objects.exclude(pk__in=teke).order_by(norsk("namn"), "pk").values_list("pk", "namn")
    )
    paa_maal = set(
        MaalIndikator.objects.filter(maal_id__in=maal_for_eining(eining, aar)).values_list(
            "indikator_id", flat=True
        )
    )
    fyrst = [(pk, namn) for pk, namn in alle if pk in paa_maal]
    resten = [(pk, namn) for pk, namn in alle if pk not in paa_maal]
    return fyrst, resten


def maal_per_indikator(indikator_ids):
    """{indicator id: [goal, …]} with each goal's plan, in one query."""
    ut = {}
    for k in (
        MaalIndikator.objects.filter(indikator_id__in=indikator_ids)
        .select_related("maal__plan")
        .order_by("maal__plan__tittel", "maal__rekkjefolgje", "maal_id")
    ):
        ut.setdefault(k.indikator_id, []).append(k.maal)
    return ut


def for_side(eining, aar):
    """(the unit's own prioritised indicators, those units above delegated to it), each row with
    `maal_liste` (the goals its indicator is attached to). Two queries whatever the count."""
    rader = list(
        PrioritertIndikator.objects.filter(verksemdsplan__aar=aar)
        .filter(Q(verksemdsplan__eining=eining) | Q(ansvarleg_eining=eining))
        .select_related(*RELASJONAR)
        .order_by("indikator__namn", "pk")
    )
    eigne = [pi for pi in rader if pi.verksemdsplan.eining_id == eining.pk]
    delegerte = sorted(
        (pi for pi in rader if pi.verksemdsplan.eining_id != eining.pk),
        key=lambda pi: pi.verksemdsplan.eining.path,  # stable: by name and pk within a unit
    )
    maal = maal_per_indikator({pi.indikator_id for pi in eigne + delegerte})
    for pi in eigne + delegerte:
        pi.maal_liste = maal.get(pi.indikator_id, [])
    return eigne, delegerte


def mine(user, aar):
    """The prioritised indicators this user follows up in the year: delegated to them, delegated
    to a unit they lead, or not delegated and taken on by a unit they lead. One query."""
    if not user.is_authenticated:
        return PrioritertIndikator.objects.none()
    return (
        PrioritertIndikator.objects.filter(verksemdsplan__aar=aar)
        .filter(
            Q(ansvarleg=user)
            | Q(ansvarleg_eining__leiar=user)
            | Q(ansvarleg__isnull=True, ansvarleg_eining__isnull=True, verksemdsplan__eining__leiar=user)
        )
        .select_related(*RELASJONAR)
        .order_by("verksemdsplan__eining__path", "indikator__namn", "pk")
    )
