"""Language choice for the back office."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the person picked another language with the switch.

    Django's LocaleMiddleware also follows the browser's Accept-Language, and many office
    computers run an English Windows and Chrome: officers would land on an English interface
    they never asked for. Only the cookie that `set_language` writes counts here.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
