"""One-time links to set a password: «Forgot your password?» and an invitation.

Django's token machinery (`PasswordResetTokenGenerator`): the token is a keyed hash of the
user's id, password hash, last login and e-mail with a timestamp, so it stops working once
the password is set or the person logs in, and after its time (PASSORD_LENKJE_TIMAR for a
reset, INVITASJON_GYLDIG_DAGAR for an invitation). The two kinds have their own salt: a
reset token does not open the invitation page, nor the reverse. The time is read from the
app's clock (`klokke`), so tests can move past the expiry.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from .lib import klokke


class _Lenkjer(PasswordResetTokenGenerator):
    def __init__(self, salt, gyldig):
        super().__init__()
        self.key_salt = salt
        self._gyldig = gyldig

    def _now(self):
        # Django compares naive local times; the app's clock may be set (tests, ALVER_DATO)
        return timezone.make_naive(klokke.no())

    def check_token(self, user, token):
        """Django's check, with this kind's own lifetime instead of PASSWORD_RESET_TIMEOUT."""
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return self._num_seconds(self._now()) - ts <= self._gyldig()


reset = _Lenkjer("alver.lenkjer.reset", lambda: settings.PASSWORD_RESET_TIMEOUT)
invitasjon = _Lenkjer("alver.lenkjer.invitasjon", lambda: settings.INVITASJON_GYLDIG_DAGAR * 24 * 60 * 60)

_URL = {"reset": "alver:nytt_passord", "invitasjon": "alver:invitasjon"}
_GENERATOR = {"reset": reset, "invitasjon": invitasjon}


def lenkje(user, kind):
    """The absolute link (ALVER_URL) for `kind` ("reset" or "invitasjon") for this user."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return settings.ALVER_URL + reverse(_URL[kind], args=[uid, _GENERATOR[kind].make_token(user)])
