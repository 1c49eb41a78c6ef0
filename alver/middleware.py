from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

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
