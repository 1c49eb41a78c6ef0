"""What verksemdsplan does when budget announces a decision (propagation: docs/ARCHITECTURE.md)."""

from django.dispatch import receiver

from budget.signals import okonomiplan_vedteken, vedtak_endra, vedtak_registrert, vedtak_trekt

from . import services


@receiver(vedtak_registrert)
def lag_oppdrag(sender, vedtak, user, **kwargs):
    services.lag_oppdrag_fra_vedtak(vedtak, user=user)


@receiver(vedtak_endra)
def oppdater_oppdrag(sender, vedtak, user, **kwargs):
    services.oppdater_fra_vedtak(vedtak)


@receiver(vedtak_trekt)
def avbryt_oppdrag(sender, vedtak, user, grunn, **kwargs):
    services.avbryt_fra_vedtak(vedtak, grunn)


@receiver(okonomiplan_vedteken)
def lag_oppdrag_fra_okonomiplan(sender, okonomiplan, user, grunn, **kwargs):
    services.lag_oppdrag_fra_okonomiplan(okonomiplan, grunn=grunn)
