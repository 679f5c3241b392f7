"""Form helpers shared by the back-office pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.functional import lazy


def _interpolate(template, values: dict) -> str:
    return str(template) % values


# `gettext_lazy("… %(mb)s …") % {...}` translates at import time (the `%` makes a plain str),
# so a help text built at class level would stay in the language of whoever started the server.
# This one is filled in when shown, in the reader's language.
lazy_interpolate = lazy(_interpolate, str)


def attach_service_errors(form, error: ValidationError, default_field: str | None = None) -> None:
    """Show a service's ValidationError on the form that fed it: field errors on their
    fields (unknown fields go to the top of the form), plain messages on `default_field`."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(default_field, error.messages)
