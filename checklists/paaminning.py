"""Reminders to answer: a leader whose unit still has unanswered check points for a period is
e-mailed `SJEKKLISTE_PAAMINNING_DAGAR` days before the period's deadline and on it, once per
period and day (the shared reminder log, `alver.lib.paaminning`), in the leader's language.

Who must answer what is `checklists.plikt`'s: the published checklists whose periods can fall
due now (last year's: December, the tertial's last third and the year, due in January; and this
year's), each point's periods, their deadlines, the units the point applies to. Everything is
gathered in a fixed number of queries (points, their named units, units with leaders, answers),
however many units and points there are; only the sending costs a query or two per mail.

One mail per leader and period, listing each unit the leader leads that still has something to
answer, with the count and a link to its answer page for the month that shows the period."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from alver.lib import klokke, periodar
from alver.lib.dato import lang
from alver.lib.epost import send_epost
from alver.lib.paaminning import send_ein_gong
from alver.lib.profil import kommune_namn
from alver.models import Eining
from alver.services import Varsling, varsle_mange

from . import plikt
from .models import Sjekkliste, Sjekkpunkt, Svar


@dataclass
class Paaminning:
    """One mail: a leader, a period, and per unit how many points are unanswered."""

    leiar: object
    periode: str
    frist: datetime.date
    einingar: list = field(default_factory=list)  # [(eining, tal)] in tree order

    @property
    def tal(self):
        return sum(n for _e, n in self.einingar)


def paaminning_kva(periode):
    """What the reminder log (`alver.models.Paaminning`) calls a reminder to answer for the period."""
    return f"sjekkliste:{periode}"


def periodenamn(kode):
    """«November 2026», «1. tertial 2026», «the year 2026»."""
    p = periodar.les(kode)
    if p.type == periodar.AAR:
        return _("the year %(aar)s") % {"aar": p.aar}
    return p.namn


def maanad_for(kode, dag):
    """The month whose answer page shows the period: the month of `dag` while the period runs
    (a point answered once, by a date in the year), else the period's last month."""
    p = periodar.les(kode)
    return periodar.for_dag(min(p.til, dag), periodar.MAANAD).kode


def kven_skal_minnast(dag=None):
    """[Paaminning] for the periods whose deadline is `dag` or `SJEKKLISTE_PAAMINNING_DAGAR` days
    ahead: only leaders (active, with an e-mail address) of units that still lack answers."""
    dag = dag or klokke.i_dag()
    fristar = {dag, dag + datetime.timedelta(days=settings.SJEKKLISTE_PAAMINNING_DAGAR)}
    punkt = (
        Sjekkpunkt.objects.filter(
            sjekktype__foremaal__sjekkliste__status=Sjekkliste.Status.PUBLISERT,
            sjekktype__foremaal__sjekkliste__aar__in=[dag.year - 1, dag.year],
        )
        .annotate(aar=F("sjekktype__foremaal__sjekkliste__aar"))
        .select_related("sektor")
        .prefetch_related("einingar")
    )
    forfalne = []  # (point, period code, deadline)
    for p in punkt:
        for kode in plikt.periodar_for(p, p.aar):
            frist = plikt.frist(p, kode)
            if frist in fristar and plikt.i_kraft(p, kode) and plikt.er_open(p, kode, dag):
                forfalne.append((p, kode, frist))
    if not forfalne:
        return []

    einingar = list(
        Eining.objects.aktive(dag)
        .exclude(type=Eining.Type.KOMMUNE)
        .filter(leiar__isnull=False, leiar__is_active=True)
        .exclude(leiar__email="")
        .select_related("leiar")
        .order_by("path")
    )
    svart = set(
        Svar.objects.filter(
            punkt__in={p.pk for p, _k, _f in forfalne},
            periode__in={k for _p, k, _f in forfalne},
            eining__in=[e.pk for e in einingar],
        ).values_list("punkt_id", "eining_id", "periode")
    )
    namngjevne = {p.pk: {e.pk for e in p.einingar.all()} for p, _k, _f in forfalne}

    ut = {}  # (leader, period) → Paaminning
    for e in einingar:
        manglar = defaultdict(int)
        frist_for = {}
        for p, kode, frist in forfalne:
            if (p.pk, e.pk, kode) in svart or not plikt.gjeld(p, e, namngjevne[p.pk]):
                continue
            manglar[kode] += 1
            frist_for[kode] = min(frist, frist_for.get(kode, frist))
        for kode, n in sorted(manglar.items()):
            pm = ut.setdefault((e.leiar_id, kode), Paaminning(e.leiar, kode, frist_for[kode]))
            pm.frist = min(pm.frist, frist_for[kode])
            pm.einingar.append((e, n))
    return sorted(ut.values(), key=lambda pm: (pm.frist, pm.periode, pm.leiar.pk))


def _varseltekst(pm, dag):
    def tekst(_o):
        verdiar = {"p": periodenamn(pm.periode), "n": pm.tal, "frist": lang(pm.frist)}
        if pm.frist == dag:
            return (
                ngettext(
                    "Internal control for %(p)s: %(n)s check point is not answered, and the deadline is today.",
                    "Internal control for %(p)s: %(n)s check points are not answered, and the deadline is today.",
                    pm.tal,
                )
                % verdiar
            )
        return (
            ngettext(
                "Internal control for %(p)s: %(n)s check point is not answered. The deadline is %(frist)s.",
                "Internal control for %(p)s: %(n)s check points are not answered. The deadline is %(frist)s.",
                pm.tal,
            )
            % verdiar
        )

    return tekst


def send_paaminningar(dag=None):
    """E-mail each leader with unanswered points, once per period and day, and show the
    reminder among the leader's notifications in Alver (kind «sjekkliste_frist»; its mail is
    this one, listing each unit with its link, so the notification is never mailed again).
    Returns how many mails went. A mail that fails is logged and not recorded (`send_ein_gong`),
    so the next run tries that leader again, and the others are reminded all the same."""
    dag = dag or klokke.i_dag()
    sendt = 0
    paaminningar = kven_skal_minnast(dag)
    varsle_mange(
        Varsling(
            pm.leiar,
            "sjekkliste_frist",
            None,
            reverse("checklists:svar", args=[pm.einingar[0][0].kode])
            + f"?maanad={maanad_for(pm.periode, dag)}",
            tekst=_varseltekst(pm, dag),
            noekkel=f"{paaminning_kva(pm.periode)}:{dag.isoformat()}",
            epost=False,
        )
        for pm in paaminningar
    )
    for pm in paaminningar:

        def send(pm=pm):
            u = pm.leiar
            maanad = maanad_for(pm.periode, dag)
            with translation.override(u.spraak or settings.LANGUAGE_CODE):
                tekst = render_to_string(
                    "checklists/epost_paaminning.txt",
                    {
                        "u": u,
                        "periode": periodenamn(pm.periode),
                        "frist": pm.frist,
                        "i_dag": pm.frist == dag,
                        "rader": [
                            {
                                "eining": e,
                                "n": n,
                                "url": settings.ALVER_URL
                                + reverse("checklists:svar", args=[e.kode])
                                + f"?maanad={maanad}",
                            }
                            for e, n in pm.einingar
                        ],
                        "KOMMUNE_NAMN": kommune_namn(),
                    },
                )
                emne, _s, kropp = tekst.strip().partition("\n")
            send_epost([u.email], emne.strip(), kropp.strip())

        if send_ein_gong(pm.leiar, paaminning_kva(pm.periode), dag, send, tal=pm.tal):
            sendt += 1
    return sendt
