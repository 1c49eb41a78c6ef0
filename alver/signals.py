"""Domain signals the organisation core sends; later apps act on them in their receivers.py.

`leiar_endra`: a unit got a new leader (or lost one). Sent by `alver.services.sett_leiar` and
by the HR import for every existing unit whose leader changed, inside the transaction that
stores the change, so what a receiver records is saved with it or not at all.
Arguments: eining, gammal_leiar, ny_leiar (a User or None), user (who made the change, or
None), grunn (the change reason).
"""

from django.dispatch import Signal

leiar_endra = Signal()
