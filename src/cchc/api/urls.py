from django.urls import include, path
from django.views.generic import RedirectView

from cchc.api.api import api


def _api_patterns():
    # Ninja's root only answers 404 (ninja needs the name to compute its paths); send people to the docs.
    ninja_patterns, ninja_app, ninja_namespace = api.urls
    patterns = [p for p in ninja_patterns if getattr(p, "name", None) != "api-root"]
    docs = RedirectView.as_view(pattern_name=f"{ninja_namespace}:openapi-view")
    patterns.append(path("", docs, name="api-root"))
    return include((patterns, ninja_app), namespace=ninja_namespace)


# No module-level app_name here: include() would take it as this module's namespace.
urlpatterns = [path("", _api_patterns())]
