from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

GYLDIGE = {kode for kode, _namn in settings.LANGUAGES}


class SpraakMiddleware:
    """Activate the language: a logged-in user's saved choice, else the choice made with
    the switcher (cookie), else the kommune's own (LANGUAGE_CODE, Nynorsk by default).

    The browser's Accept-Language is not consulted: a kommune writes in its målform, and
    users switch explicitly. Replaces Django's LocaleMiddleware, which runs before the
    user is known."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        spraak = user.spraak if user is not None and user.is_authenticated else ""
        if not spraak:
            spraak = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if spraak not in GYLDIGE:
            spraak = settings.LANGUAGE_CODE
        translation.activate(spraak)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


ADMIN_PREFIKS = "/admin/"  # where alver/urls.py mounts the Django admin


def _csp(direktiv):
    return "; ".join(f"{k} {' '.join(v)}" for k, v in direktiv.items())


class SikkerheitshovudMiddleware:
    """Security headers Django's own middleware does not set (docs/ARCHITECTURE.md «Headers»).

    - Content-Security-Policy: our pages load scripts and styles only from our own static
      files; no inline script or style, no plugins, no framing, forms post only to us. The
      Django admin (and the libraries' admin templates: treebeard, guardian, simple-history)
      still has inline scripts and styles, so /admin/ alone gets a policy that allows them;
      it is staff-only and outside the product's own pages.
    - Permissions-Policy: the product uses no camera, microphone, location or the like.
    - Cache-Control: nothing a logged-in user is shown (pages, PDFs, exports) is kept by the
      browser or a shared cache; anonymous responses (public innsyn pages) and static files
      (served before this middleware, by WhiteNoise) keep their own caching, and a response
      that a view marked `public` keeps it.
    SecurityMiddleware already sets X-Content-Type-Options (nosniff), Referrer-Policy
    (same-origin) and Cross-Origin-Opener-Policy; XFrameOptionsMiddleware sets DENY."""

    def __init__(self, get_response):
        self.get_response = get_response
        streng = {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "img-src": ["'self'", "data:"],
            "font-src": ["'self'"],
            "connect-src": ["'self'"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            # a login form that redirects to the identity provider needs its origin here
            # (Chromium checks form-action on the redirects after a POST too)
            "form-action": ["'self'", *settings.CSP_FORM_ACTION_EKSTRA],
            "frame-ancestors": ["'none'"],
        }
        self.csp = _csp(streng)
        self.csp_admin = _csp(
            streng
            | {
                "script-src": ["'self'", "'unsafe-inline'"],
                "style-src": ["'self'", "'unsafe-inline'"],
            }
        )
        self.permissions_policy = ", ".join(
            f"{f}=()"
            for f in (
                "accelerometer",
                "autoplay",
                "camera",
                "display-capture",
                "geolocation",
                "gyroscope",
                "magnetometer",
                "microphone",
                "midi",
                "payment",
                "publickey-credentials-get",
                "screen-wake-lock",
                "usb",
                "xr-spatial-tracking",
            )
        )

    def __call__(self, request):
        response = self.get_response(request)
        admin = request.path_info.startswith(ADMIN_PREFIKS)
        response.headers.setdefault("Content-Security-Policy", self.csp_admin if admin else self.csp)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "public" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)
        return response
