from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import Combinable

from activation.quarters import InvalidQuarter, Quarter


class QuarterField(models.PositiveIntegerField):
    """Stores a Quarter as its index (year * 4 + number - 1), so it orders and compares in SQL."""

    description = "Kwartaal"
    # For django-stubs (annotations only): a model's quarter is set as a Quarter or one of its
    # notations, read as a Quarter, and looked up by either.
    _pyi_private_set_type: "Quarter | int | str | Combinable"
    _pyi_private_get_type: Quarter
    _pyi_lookup_exact_type: "Quarter | int | str"

    def from_db_value(self, value, expression, connection):
        return None if value is None else Quarter.from_index(value)

    def to_python(self, value):
        if value is None or isinstance(value, Quarter):
            return value
        if isinstance(value, int):
            return Quarter.from_index(value)
        try:
            return Quarter.parse(value)
        except InvalidQuarter as error:
            raise ValidationError(str(error), code="invalid") from None

    def get_prep_value(self, value):
        value = self.to_python(value)
        return None if value is None else value.index

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else str(value)

    def formfield(self, **kwargs):
        from django import forms

        return forms.CharField(
            max_length=7,
            **{k: v for k, v in kwargs.items() if k in ("label", "required", "help_text")},
        )
