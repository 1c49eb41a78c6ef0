"""Shared pieces for the Django admin.

`TryggAutocomplete`: Django's autocomplete widgets look up the selected values as they are
posted or given in the address (`?eining=abc`); a value that is not a key of the target model
(not a number, or a number larger than the column holds) made the lookup raise, and the
admin answered 500. The mixin gives the admin widgets that drop
such values: the form then says the choice is invalid, as for any other bad input."""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError


class _Gyldige:
    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        felt = remote.model._meta.get_field(getattr(remote, "field_name", None) or remote.model._meta.pk.name)
        gyldige = []
        for v in value:
            try:
                felt.run_validators(felt.to_python(v))  # the validators know the column's range
            except ValidationError:
                continue
            gyldige.append(v)
        return super().optgroups(name, gyldige, attr)


class TryggAutocompleteSelect(_Gyldige, AutocompleteSelect):
    pass


class TryggAutocompleteSelectMultiple(_Gyldige, AutocompleteSelectMultiple):
    pass


class TryggAutocomplete:
    """Mix into every ModelAdmin and inline with `autocomplete_fields`."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = TryggAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = TryggAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
