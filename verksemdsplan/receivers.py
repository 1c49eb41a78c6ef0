"""What verksemdsplan does when budget announces a decision (propagation: docs/ARCHITECTURE.md),
and when alver announces a unit's new leader (the old leader's open oppdrag are offered)."""

from django.dispatch import receiver

from alver.signals import leiar_endra
from budget.signals import (
    okonomiplan_vedteken,
    punkt_fjerna,
    sak_gir_ikkje_oppdrag,
    saker_gir_oppdrag,
    vedtak_endra,
    vedtak_trekt,
)

from . import services
from .models import Oppdrag


@receiver(saker_gir_oppdrag)
def lag_oppdrag(sender, vedtak, user, slege_paa=False, **kwargs):
    services.lag_oppdrag_fra_saker(vedtak, user=user, opne_igjen=slege_paa)


@receiver(sak_gir_ikkje_oppdrag)
def sak_utan_oppdrag(sender, vedtak, user, grunn, **kwargs):
    services.gir_ikkje_oppdrag(Oppdrag.objects.filter(kjelde_vedtak=vedtak), grunn)


@receiver(punkt_fjerna)
def punkt_utan_oppdrag(sender, punkt, user, grunn, **kwargs):
    services.gir_ikkje_oppdrag(Oppdrag.objects.filter(kjelde_vedtakspunkt=punkt), grunn)


@receiver(vedtak_endra)
def oppdater_oppdrag(sender, vedtak, user, **kwargs):
    services.oppdater_fra_vedtak(vedtak)


@receiver(vedtak_trekt)
def avbryt_oppdrag(sender, vedtak, user, grunn, **kwargs):
    services.avbryt_fra_vedtak(vedtak, grunn)


@receiver(okonomiplan_vedteken)
def lag_oppdrag_fra_okonomiplan(sender, okonomiplan, user, grunn, **kwargs):
    services.lag_oppdrag_fra_okonomiplan(okonomiplan, grunn=grunn)


@receiver(leiar_endra)
def tilby_overtaking(sender, eining, gammal_leiar, ny_leiar, **kwargs):
    services.registrer_leiarskifte(eining, gammal_leiar, ny_leiar)
