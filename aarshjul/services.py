"""Writes in the årshjul: the fixed dates and the calendar feeds."""

from django.db import IntegrityError, transaction

from alver.lib import klokke
from alver.lib.historikk import grunnkode
from alver.lib.samtidig import lagre_versjonert

from .models import Kalenderfeed, ny_token


@transaction.atomic
def lagre_hending(hending, versjon=None):
    """Save a fixed date from its form: a new one, or a change checked against the version the
    form was built from (a stale form raises `Konflikt`, nothing saved)."""
    if hending.pk is None:
        hending._change_reason = grunnkode("Added to the annual cycle")
        hending.save()
        return hending
    return lagre_versjonert(hending, versjon, grunn=grunnkode("Changed in the annual cycle"))


def feed_for(user):
    """The person's own feed, made the first time it is asked for (a double click makes one)."""
    feed = Kalenderfeed.objects.filter(user=user).first()
    if feed is not None:
        return feed
    try:
        with transaction.atomic():
            feed = Kalenderfeed(user=user)
            feed._change_reason = grunnkode("Calendar feed made")
            feed.save()
            return feed
    except IntegrityError:
        return Kalenderfeed.objects.get(user=user)


def kommunefeed():
    feed = Kalenderfeed.objects.filter(kommune=True).first()
    if feed is not None:
        return feed
    try:
        with transaction.atomic():
            feed = Kalenderfeed(kommune=True)
            feed._change_reason = grunnkode("Calendar feed made")
            feed.save()
            return feed
    except IntegrityError:
        return Kalenderfeed.objects.get(kommune=True)


@transaction.atomic
def forny(feed):
    """A new address; the old one answers 404 from now on (a lost or shared link is shut)."""
    feed = Kalenderfeed.objects.select_for_update().get(pk=feed.pk)
    feed.token = ny_token()
    feed.fornya_at = klokke.no()
    feed.versjon += 1
    feed._change_reason = grunnkode("Calendar address renewed; the old one no longer opens")
    feed.save()
    return feed


@transaction.atomic
def lagre_organ(feed, versjon, organ):
    feed = lagre_versjonert(feed, versjon, grunn=grunnkode("Changed the bodies followed"))
    feed.organ.set(organ)
    return feed
