from django import forms

from contacts import rules, services
from contacts.admin_widgets import CustomFieldsField, DatalistInput
from contacts.models import (
    CONTACT_FIELDS,
    EDITABLE_FIELDS,
    Contact,
    EditableField,
)
from crm.admin_helpers import typed_phone


class ContactForm(forms.ModelForm):
    """The admin's contact form: the same rules as the API, errors shown by the field."""

    # Plain text boxes: contacts.rules parses and normalises the numbers.
    phone = forms.CharField(
        required=False,
        max_length=rules.PHONE_INPUT_MAX_LENGTH,
        help_text="International format, e.g. +1 415 555 1234; a national number, e.g. "
        "(415) 555-1234, when the team has a phone region.",
    )
    phone_secondary = forms.CharField(
        label="Secondary phone", required=False, max_length=rules.PHONE_INPUT_MAX_LENGTH
    )
    timezone = forms.CharField(
        label="Time zone",
        required=False,
        widget=DatalistInput(rules.timezone_names, attrs={"size": 30}),
        help_text="An IANA zone, e.g. America/Chicago: start typing a city.",
    )
    tags = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"size": 60}),
        help_text="Separate tags with commas.",
    )
    custom_fields = CustomFieldsField(
        required=False,
        help_text="Filled in by the call assistant after each call; edit or add fields here.",
    )

    # When the form was loaded: a save over a newer change (another user, a recorded call,
    # an import) is refused rather than silently undoing it.
    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Contact
        fields = ["team", "company", *EDITABLE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An empty box is no value, stored as NULL as the API and the importer store it:
        # Django does so for CharField but not TextField (notes), so an unchanged form saved
        # NULL notes as '' and recorded a change nobody made.
        for name in EDITABLE_FIELDS:
            field = self.fields.get(name)
            if isinstance(field, forms.CharField) and Contact._meta.get_field(name).null:
                field.empty_value = None
        if not self.is_bound:
            for name in ("phone", "phone_secondary"):
                if number := getattr(self.instance, name):
                    self.initial[name] = rules.readable_phone(number)
            self.initial["tags"] = ", ".join(self.instance.tags or [])
            if self.instance.updated_at:
                self.initial["loaded_version"] = self.instance.updated_at.isoformat()

    def _phone(self, text: str, rule):
        return typed_phone(text, self.cleaned_data.get("team"), rule)

    def _optional(self, name, rule):
        value = self.cleaned_data.get(name)
        if value in (None, ""):
            return None
        return rule(str(value))

    def clean(self):
        cleaned = super().clean()
        loaded_version = cleaned.get("loaded_version")
        if not self.instance._state.adding and loaded_version:
            current = Contact.objects.filter(pk=self.instance.pk).values_list(
                "updated_at", flat=True
            )
            if [moment.isoformat() for moment in current] != [loaded_version]:
                raise forms.ValidationError(
                    "This contact changed after you opened it (another user, a call or an "
                    "import). Reload the page to see the change, then edit again."
                )
        team, company = cleaned.get("team"), cleaned.get("company")
        if team and company and company.team_id != team.pk:
            self.add_error("company", "This company belongs to another team.")
        if team and not self.errors:
            # The admin form leaves archived_at out, so Django skips the live-only unique
            # constraints; ask the same question the service's conflict check asks.
            candidate = Contact(
                pk=self.instance.pk,
                team=team,
                **{field: cleaned.get(field) for field in ("email", "external_id")},
            )
            duplicate = services.live_duplicate(candidate)
            if duplicate is not None:
                field, other = duplicate
                self.add_error(field, f"Already used by {other} ({other.public_id}).")
        return cleaned


def _rule_of(field: EditableField):
    """The form's clean_<field>: the declared rule, as the API and the importer apply it."""
    rule, name = field.rule, field.name
    if field.kind == "list":  # typed in one box, comma-separated
        return lambda form: rule((form.cleaned_data.get(name) or "").split(","))
    if field.kind == "object":
        return lambda form: rule(form.cleaned_data.get(name) or {})
    if field.kind == "phone":
        return lambda form: form._optional(name, lambda text: form._phone(text, rule))
    return lambda form: form._optional(name, rule)


for _field in CONTACT_FIELDS:
    if _field.rule is not None:
        setattr(ContactForm, f"clean_{_field.name}", _rule_of(_field))
