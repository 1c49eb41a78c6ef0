"""What budget announces; it knows nothing of who listens (verksemdsplan does). Each is sent
inside the transaction of the change, so what follows from it commits or fails with it."""

from django.dispatch import Signal

saker_gir_oppdrag = Signal()  # kwargs: vedtak (a list), user, slege_paa (optional) — cases that give
# work: new, given a sector or new points, or switched on again (slege_paa=True); receivers make
# what is missing (idempotently)
sak_gir_ikkje_oppdrag = Signal()  # kwargs: vedtak, user, grunn — switched off or entered by mistake
punkt_fjerna = Signal()  # kwargs: punkt, user, grunn — a decision point removed (sent before delete)
vedtak_endra = Signal()  # kwargs: vedtak, user — its text, title or deadline changed
vedtak_trekt = Signal()  # kwargs: vedtak, user, grunn — withdrawn; what followed from it stops
okonomiplan_vedteken = Signal()  # kwargs: okonomiplan, user, grunn — adopted or changed
