"""Counted nouns in templates, through the one plural rule of ocmw_portal.dutch.

{{ n|counted:"lokaal bestuur,lokale besturen" }} → "1 lokaal bestuur", "2 lokale besturen"
{{ n|word:"blijft,blijven" }}                     → the word alone, for a count shown apart
"""

from django import template

from ocmw_portal.dutch import plural, word_for

register = template.Library()


def _forms(forms: str) -> tuple[str, str]:
    singular, _, plural_form = forms.partition(",")
    return singular, plural_form


@register.filter
def counted(number: int | None, forms: str) -> str:
    return plural(number or 0, *_forms(forms))


@register.filter
def word(number: int | None, forms: str) -> str:
    return word_for(number or 0, *_forms(forms))
