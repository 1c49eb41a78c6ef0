from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alver.lib.samtidig import lagre_versjonert

from .models import Mote, Vedtak
from .signals import vedtak_endra, vedtak_registrert, vedtak_trekt


@transaction.atomic
def registrer_mote(*, organ, dato, saker, user):
    """A meeting and its cases in one go; each decision is announced so what follows from it
    is made in the same transaction (if that fails, nothing of the meeting is saved)."""
    mote = Mote.objects.create(organ=organ, dato=dato, created_by=user)
    vedtak = []
    for sak in saker:
        maal = sak.pop("maal", [])
        v = Vedtak(mote=mote, **sak)
        v._change_reason = _("Registered")
        v.save()
        v.maal.set(maal)
        vedtak.append(v)
    for v in vedtak:
        vedtak_registrert.send(sender=Vedtak, vedtak=v, user=user)
    return mote


@transaction.atomic
def endre_vedtak(vedtak, versjon, *, user, maal=None):
    lagre_versjonert(vedtak, versjon, grunn=_("Changed"))
    if maal is not None:
        vedtak.maal.set(maal)
    vedtak_endra.send(sender=Vedtak, vedtak=vedtak, user=user)
    return vedtak


@transaction.atomic
def trekk_vedtak(vedtak, *, user, grunn):
    """A decision that has led to work is never deleted: it is withdrawn, with the reason."""
    vedtak = Vedtak.objects.select_for_update().get(pk=vedtak.pk)
    if vedtak.trekt_at:
        return vedtak
    vedtak.trekt_at, vedtak.trekt_grunn = timezone.now(), grunn
    vedtak._change_reason = _("Withdrawn: %(grunn)s") % {"grunn": grunn}
    vedtak.save()
    vedtak_trekt.send(sender=Vedtak, vedtak=vedtak, user=user, grunn=grunn)
    return vedtak
