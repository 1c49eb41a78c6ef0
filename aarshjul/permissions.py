"""Who reads and keeps the årshjul.

Everyone logged in reads it (politicians too: the political ring is theirs); each entry links
only where its reader may go (`kjelder.Lesar`). The sekretariat and administrators keep the
fixed dates and the kommune's calendar feed. A person's own feed is their own: made, changed and
renewed only by them. A feed's address opens without login; the token in it is the key."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from alver.permissions import Rolle, har_rolle, kan_lese_organisasjon

from .models import Hending, Kalenderfeed


def kan_lese(user):
    return kan_lese_organisasjon(user)


def kan_halde(user):
    return har_rolle(user, Rolle.SEKRETARIAT, Rolle.ADMINISTRATOR)


def krev_halding(user):
    if not kan_lese(user):
        raise Http404
    if not kan_halde(user):
        raise PermissionDenied


def hending_for_endring(user, pk):
    krev_halding(user)
    return get_object_or_404(Hending, pk=pk)


def feed_for_token(token):
    """The feed an address names, whose owner may still log in; else 404 (a renewed or unknown
    token, or a person who has left)."""
    feed = Kalenderfeed.objects.select_related("user").filter(token=token).first()
    if feed is None or (feed.user_id and not (feed.user.is_active and kan_lese(feed.user))):
        raise Http404
    return feed
