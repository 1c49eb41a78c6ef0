"""What budget announces; it knows nothing of who listens (verksemdsplan does)."""

from django.dispatch import Signal

vedtak_registrert = Signal()  # kwargs: vedtak, user — a new decision; sent inside its transaction
vedtak_endra = Signal()  # kwargs: vedtak, user — its text or title changed
vedtak_trekt = Signal()  # kwargs: vedtak, user, grunn — withdrawn; what followed from it stops
okonomiplan_vedteken = Signal()  # kwargs: okonomiplan, user, grunn — adopted or changed; receivers
# make what follows (idempotently) and return how many oppdrag they made
