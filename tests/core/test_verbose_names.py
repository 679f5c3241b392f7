"""Every field of our models carries a verbose name of its own (in Vietnamese), so forms,
the admin and error messages speak the user's language rather than column names."""

from django.apps import apps

OUR_APPS_PREFIX = "cchc."


def our_models():
    for config in apps.get_app_configs():
        if config.name.startswith(OUR_APPS_PREFIX):
            yield from config.get_models()


def test_it_finds_our_models():
    assert len(list(our_models())) >= 4


def test_every_field_has_an_explicit_verbose_name():
    missing = []
    for model in our_models():
        for field in model._meta.get_fields():
            if field.auto_created or not getattr(field, "concrete", False):
                continue
            if str(field.verbose_name) == field.name.replace("_", " "):
                missing.append(f"{model._meta.label}.{field.name}")
    assert missing == []


def test_every_model_has_a_verbose_name():
    defaults = [m._meta.label for m in our_models() if str(m._meta.verbose_name) == m._meta.model_name]
    assert defaults == []
