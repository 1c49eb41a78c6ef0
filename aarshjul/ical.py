"""The årshjul as an iCalendar feed (RFC 5545), built with the `icalendar` library: one all-day
event per entry, with a stable UID so a calendar program updates rather than duplicates it."""

import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from alver.lib import klokke
from alver.lib.profil import kommune_namn

from . import kjelder
from .models import Ring

# what a feed holds: from a quarter back to fifteen months ahead
BAKOVER = datetime.timedelta(days=92)
FRAMOVER = datetime.timedelta(days=460)


def _spenn():
    i_dag = klokke.i_dag()
    return i_dag - BAKOVER, i_dag + FRAMOVER


def _faste(fra, til, lesar, **kw):
    ut = []
    hendingar = list(kjelder.Hending.objects.filter(aktiv=True))  # read once for every year
    for aar in range(fra.year, til.year + 1):
        ut += [o for o in kjelder.faste(aar, lesar, hendingar=hendingar, **kw) if fra <= o.dato <= til]
    return ut


def oppforingar(feed):
    """What the feed holds. A person's: own deadlines and milestones, the meetings of the bodies
    they follow, reporting deadlines and the fixed dates. The kommune's: political meetings, the
    økonomiplan's handling dates and the statutory dates (those with a legal reference)."""
    fra, til = _spenn()
    if feed.kommune:
        lesar = kjelder.Lesar(AnonymousUser())  # links to nothing behind a login
        ut = kjelder.moter(fra, til, lesar) + kjelder.okonomiplan(fra, til, lesar)
        ut += _faste(fra, til, lesar, berre_heimel=True)
        return kjelder.sortert(ut)
    lesar = kjelder.Lesar(feed.user)
    organ = list(feed.organ.values_list("pk", flat=True))
    ut = kjelder.moter(fra, til, lesar, organ_ids=organ) + kjelder.okonomiplan(fra, til, lesar)
    ut += _faste(fra, til, lesar) + kjelder.periodar(fra, til, lesar) + kjelder.eigne(fra, til, lesar)
    return kjelder.sortert(ut)


def lag(feed):
    """The feed's bytes, in its owner's language (the kommune's for the kommune feed)."""
    spraak = (feed.user.spraak if feed.user_id else "") or settings.LANGUAGE_CODE
    with translation.override(spraak):
        namn = kommune_namn()
        cal = Calendar()
        cal.add("prodid", f"-//Alver//{namn}//{spraak.upper()}")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        tittel = _("Annual cycle – %(namn)s") % {"namn": namn if feed.kommune else feed.user.get_full_name()}
        cal.add("x-wr-calname", tittel)
        cal.add("x-wr-timezone", settings.TIME_ZONE)
        domene = settings.ALVER_URL.split("//", 1)[-1].split("/", 1)[0] or "alver"
        stempel = klokke.no()
        ringnamn = dict(Ring.choices)
        for o in oppforingar(feed):
            e = Event()
            e.add("uid", f"{o.uid}@{domene}")
            e.add("dtstamp", stempel)
            e.add("dtstart", o.dato)
            e.add("dtend", o.dato + datetime.timedelta(days=1))
            e.add("summary", o.tittel)
            tekst = [t for t in (o.skildring, o.heimel) if t]
            if o.url:
                e.add("url", settings.ALVER_URL + o.url)
                tekst.append(settings.ALVER_URL + o.url)
            if tekst:
                e.add("description", "\n".join(tekst))
            e.add("categories", [str(ringnamn[o.ring])])
            e.add("transp", "TRANSPARENT")
            cal.add_component(e)
    return cal.to_ical()
