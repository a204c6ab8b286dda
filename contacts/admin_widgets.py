"""Admin widgets that let sales staff edit tags and custom fields without seeing JSON."""

import json

from django import forms
from django.core.exceptions import ValidationError

from contacts import rules

VALUE_TYPES = [
    ("text", "Text"),
    ("number", "Number"),
    ("yes_no", "Yes / No"),
    ("json", "List or group (JSON)"),
]


def _row(key, value) -> dict:
    if isinstance(value, bool):
        return {"key": key, "type": "yes_no", "value": "yes" if value else "no"}
    if isinstance(value, int | float):
        return {"key": key, "type": "number", "value": str(value)}
    if isinstance(value, str):
        return {"key": key, "type": "text", "value": value}
    return {"key": key, "type": "json", "value": json.dumps(value, ensure_ascii=False)}


class CustomFieldsWidget(forms.Widget):
    """One row per custom field: name, kind of value, value; blank rows to add more."""

    template_name = (
        "contacts/widgets/custom_fields.html"  # app templates: the form renderer finds it
    )
    blank_rows = 2

    class Media:
        js = ["contacts/admin/custom_fields.js"]  # "Add a field"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if isinstance(value, str):  # an unbound form's initial JSON text
            try:
                value = json.loads(value or "{}")
            except ValueError:
                value = {}
        rows = [_row(k, v) for k, v in value.items()] if isinstance(value, dict) else value or []
        # A form shown again after an error gets back the rows it posted, blank ones included:
        # those are dropped, or each failed save would add `blank_rows` more.
        rows = [row for row in rows if row["key"].strip() or row["value"].strip()]
        rows = rows + [{"key": "", "type": "text", "value": ""}] * self.blank_rows
        context["widget"].update(rows=rows, value_types=VALUE_TYPES)
        return context

    def value_from_datadict(self, data, files, name):
        keys = data.getlist(f"{name}-key")
        types = data.getlist(f"{name}-type")
        values = data.getlist(f"{name}-value")
        return [
            {"key": key, "type": kind, "value": value}
            for key, kind, value in zip(keys, types, values, strict=False)
        ]


class CustomFieldsField(forms.Field):
    """Rows from CustomFieldsWidget back to a dict; the shared rule checks the limits later."""

    widget = CustomFieldsWidget

    def to_python(self, rows):
        if isinstance(rows, dict):
            return rows
        result, errors = {}, []
        for row in rows or []:
            key, kind, text = row["key"].strip(), row["type"], row["value"].strip()
            if not key and not text:
                continue
            if not key:
                errors.append(f"The value '{text[:20]}' needs a field name.")
                continue
            if key in result:
                errors.append(f"The field '{key}' is given twice.")
                continue
            try:
                result[key] = _typed(kind, text)
            except ValueError as error:
                errors.append(f"{key}: {error}")
        if errors:
            raise forms.ValidationError(errors)
        return result

    def prepare_value(self, value):
        return value


def _typed(kind: str, text: str):
    if kind == "number":
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"'{text}' is not a number.") from None
        return int(number) if number.is_integer() and "." not in text else number
    if kind == "yes_no":
        try:
            return rules.parse_yes_no(text)
        except ValidationError:
            raise ValueError("answer yes or no.") from None
    if kind == "json":
        try:
            return json.loads(text)
        except ValueError:
            raise ValueError("this is not valid JSON.") from None
    return text


class DatalistInput(forms.TextInput):
    """A text box that suggests values as you type (a zone picker that also takes typing)."""

    template_name = "contacts/widgets/datalist.html"

    def __init__(self, options, attrs=None):
        super().__init__(attrs)
        self.options = options

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["options"] = self.options()
        context["widget"]["list_id"] = f"{context['widget']['attrs'].get('id', name)}-options"
        return context
