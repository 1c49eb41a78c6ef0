from django.utils import translation
from django.utils.cache import patch_vary_headers


class SpraakMiddleware:
    """Activate the user's language: the saved choice when logged in, else the language
    cookie or the browser's wish, else Nynorsk. Replaces Django's LocaleMiddleware, which
    runs before the user is known."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            spraak = user.spraak
        else:
            spraak = translation.get_language_from_request(request)
        translation.activate(spraak)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
