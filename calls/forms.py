from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.utils import timezone
from phonenumber_field.modelfields import PhoneNumberField

from calls import services
from calls.models import CALL_FIELDS, Call
from contacts import rules
from contacts.admin_widgets import CustomFieldsField
from contacts.models import Contact
from crm.exceptions import ConflictError

# The rule each call field passes, the same functions the API's call body
# (calls.api.serializers.CallInputSerializer) applies; a phone number field passes
# rules.normalize_phone (see CallForm).
CALL_RULES = {
    "started_at": rules.check_call_started_at,
    "outcome": rules.normalize_call_outcome,
    "extracted_fields": rules.validate_custom_fields,
    "lead_status": rules.normalize_lead_status,
}


class CallForm(forms.ModelForm):
    """A call logged by staff from the contact's page: the API's call fields (CALL_FIELDS),
    checked by the same rules, and recorded by the same service, calls.services.record_call.
    """

    duration_seconds = forms.IntegerField(
        label="Duration (seconds)", min_value=0, max_value=rules.CALL_MAX_SECONDS
    )
    extracted_fields = CustomFieldsField(
        required=False,
        help_text="What the call taught: merged into the contact's custom fields.",
    )

    class Meta:
        model = Call
        fields = CALL_FIELDS
        field_classes = {"started_at": forms.SplitDateTimeField}
        widgets = {"started_at": AdminSplitDateTime}
        help_texts = {
            "campaign_id": "The campaign, or 'manual' for a call made by hand.",
            "started_at": "In your time zone.",
            "lead_status": "Leave empty to keep the contact's lead status.",
        }

    def __init__(self, *args, contact: Contact, **kwargs):
        super().__init__(*args, **kwargs)
        self.contact = contact
        self.initial.setdefault("campaign_id", "manual")
        self.initial.setdefault("started_at", timezone.localtime().replace(second=0, microsecond=0))
        for name in CALL_FIELDS:
            if isinstance(Call._meta.get_field(name), PhoneNumberField):
                # A text box: contacts.rules parses the number, as on the contact form;
                # left empty, it is not given (None), and the service decides.
                self.fields[name] = forms.CharField(
                    label=self.fields[name].label,
                    required=False,
                    max_length=rules.PHONE_INPUT_MAX_LENGTH,
                    empty_value=None,
                )

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            rule = CALL_RULES.get(name)
            if isinstance(Call._meta.get_field(name), PhoneNumberField):
                rule = rules.normalize_phone
            if rule is None or value in (None, ""):
                continue
            try:
                cleaned[name] = rule(value)
            except ValidationError as error:
                self.add_error(name, error)
        return cleaned

    def record(self, *, user=None) -> Call | None:
        """Record the call through calls.services.record_call, as `user` (who goes on the
        do-not-call entry of an opt-out), or None when the service refuses it (the contact
        was archived meanwhile, the merged custom fields would be too large, a do-not-call
        signal that is not yes or no): its reasons are then the form's errors."""
        try:
            return services.record_call(self.contact, user=user, **self.cleaned_data)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                self.add_error(None, error)
            for name, errors in getattr(error, "error_dict", {}).items():
                # `extracted_fields.doNotCall`: the form's field is `extracted_fields`.
                field = name.partition(".")[0]
                self.add_error(field if field in self.fields else None, errors)
        except ConflictError as conflict:
            self.add_error(None, conflict.message)
        return None
