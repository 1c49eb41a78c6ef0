"""Single sign-on with OpenID Connect: the authorization code flow with PKCE (Authlib).

The provider is found by discovery (`<OIDC_ISSUER>/.well-known/openid-configuration`, whose
`issuer` must be OIDC_ISSUER itself). The ID token's signature is verified against the
provider's JWKS and its `iss` (exactly OIDC_ISSUER), `aud` (OIDC_CLIENT_ID), `exp` and
`nonce` are checked; `state` ties the answer to the browser that asked. Entra ID signs every
tenant's tokens with the same keys, so the `iss` check is what keeps other tenants out.
Who the token is, and the linking rule, is `services.kople_sso`.
"""

import logging
import threading

from authlib.integrations.base_client import OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from joserfc.errors import JoseError

log = logging.getLogger("alver.sso")

BACKEND = "alver.sso.Backend"
_klientar = {}
_laas = threading.Lock()


class SsoFeil(Exception):
    """The provider's answer cannot be trusted or used; `grunn` is for the log."""

    def __init__(self, grunn):
        super().__init__(grunn)
        self.grunn = grunn


class Backend(ModelBackend):
    """Django's ModelBackend, with passwords refused while LOKALT_PASSORD is false, except a
    superuser's on the admin site's login (the way in when the provider is down). Sessions
    made by single sign-on carry this backend too (`login(..., backend=BACKEND)`)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.LOKALT_PASSORD:
            user = super().authenticate(request, username=username, password=password, **kwargs)
            admin = request is not None and request.path_info.startswith("/admin/")
            if user is not None and user.is_superuser and admin:
                return user
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def paa():
    return bool(settings.OIDC_ISSUER)


def _metadata_url(issuer):
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def klient():
    """The registered client for the current settings (one per process, its discovery and
    keys cached with it; a key the cache lacks makes Authlib fetch the JWKS again)."""
    nokkel = (
        settings.OIDC_ISSUER,
        settings.OIDC_CLIENT_ID,
        settings.OIDC_CLIENT_SECRET,
        tuple(settings.OIDC_SCOPES),
    )
    with _laas:
        if nokkel not in _klientar:
            oauth = OAuth()
            _klientar[nokkel] = oauth.register(
                "alver",
                client_id=settings.OIDC_CLIENT_ID,
                client_secret=settings.OIDC_CLIENT_SECRET,
                server_metadata_url=_metadata_url(settings.OIDC_ISSUER),
                client_kwargs={
                    "scope": " ".join(settings.OIDC_SCOPES),
                    "code_challenge_method": "S256",
                    "timeout": 10,
                },
            )
        return _klientar[nokkel]


def _sjekk_metadata(k):
    try:
        metadata = k.load_server_metadata()
    except Exception as exc:  # network, HTTP status or JSON: the provider cannot be reached
        raise SsoFeil(f"discovery: {exc.__class__.__name__}") from exc
    if metadata.get("issuer") != settings.OIDC_ISSUER:
        raise SsoFeil(f"discovery names another issuer: {metadata.get('issuer')!r}")
    return metadata


def start(request, redirect_uri):
    """The redirect to the provider's login; state, nonce and the PKCE verifier are kept in
    the session for `svar`."""
    k = klient()
    _sjekk_metadata(k)
    return k.authorize_redirect(request, redirect_uri)


def claims_options():
    return {
        "iss": {"essential": True, "value": settings.OIDC_ISSUER},
        "aud": {"essential": True, "value": settings.OIDC_CLIENT_ID},
    }


def verifiser_id_token(token, nonce):
    """The verified claims of the token endpoint's answer `token` (a dict with `id_token`)."""
    k = klient()
    _sjekk_metadata(k)
    if "id_token" not in token:
        raise SsoFeil("no id_token")
    try:
        claims = dict(k.parse_id_token(token, nonce, claims_options=claims_options()))
    except (JoseError, ValueError) as exc:
        raise SsoFeil(f"id_token: {exc.__class__.__name__}: {exc}") from exc
    return _sjekk_claims(claims)


def _sjekk_claims(claims):
    # Authlib checked these through the claims options; a second look costs nothing and keeps
    # the rule readable here
    aud = claims.get("aud")
    aud = aud if isinstance(aud, list) else [aud]
    if claims.get("iss") != settings.OIDC_ISSUER or settings.OIDC_CLIENT_ID not in aud:
        raise SsoFeil("iss or aud")
    if not claims.get("sub"):
        raise SsoFeil("no sub")
    return claims


def svar(request):
    """The provider's answer at the redirect URI: the verified ID token's claims."""
    k = klient()
    _sjekk_metadata(k)
    state = request.GET.get("state") or ""
    data = k.framework.get_state_data(request.session, state) if state else None
    if not data or "nonce" not in data:
        raise SsoFeil("unknown state")
    try:
        token = k.authorize_access_token(request, claims_options=claims_options())
    except OAuthError as exc:
        raise SsoFeil(f"provider: {exc.error}") from exc
    except (JoseError, ValueError) as exc:
        raise SsoFeil(f"id_token: {exc.__class__.__name__}: {exc}") from exc
    except Exception as exc:  # the token endpoint unreachable or answering nonsense
        raise SsoFeil(f"token endpoint: {exc.__class__.__name__}") from exc
    if "userinfo" not in token:
        raise SsoFeil("no id_token")
    return _sjekk_claims(dict(token["userinfo"]))
