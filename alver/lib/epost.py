"""The one way the login flows send e-mail (password links, invitations).

A mail server that is down or refuses never turns into an error page: the failure is logged
and the caller gets False, so it can tell the user truthfully (or, for «Forgot your
password?», say the same as always). Kept to one function so it can be routed through a
mail outbox without touching its callers.
"""

import logging
import smtplib

from django.core.mail import send_mail

log = logging.getLogger("alver.epost")

Epostfeil = (smtplib.SMTPException, OSError)


def send_epost(til, emne, tekst):
    """Send a plain-text mail to one address. True if the mail server took it."""
    try:
        send_mail(emne, tekst, None, [til])
    except Epostfeil as exc:
        log.warning("Could not send the mail «%s»: %s", emne, exc)
        return False
    return True
