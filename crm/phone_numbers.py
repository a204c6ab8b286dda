"""Phone numbers read from the database without parsing them again.

phonenumber_field turns every stored string into a `PhoneNumber` with `phonenumbers.parse`,
which reads the number against its country's metadata: a third of the time a page of contacts
spends reading its rows. Stored numbers are E.164 text written by the shared rules, and a
list answers that text as it is; so a stored number keeps its text and is parsed only when
something asks for more (its country, a format, a comparison).
"""

import phonenumbers
from phonenumber_field.modelfields import PhoneNumberField
from phonenumber_field.phonenumber import PhoneNumber


class StoredPhoneNumber(PhoneNumber):
    """A `PhoneNumber` holding its stored text, parsed as the library would on first use of
    any other attribute: the same object, the same answers, minus the parse nobody needed."""

    @classmethod
    def from_stored(cls, text: str) -> "StoredPhoneNumber":
        number = cls.__new__(cls)
        number.__dict__["raw_input"] = text  # the library keeps the text it parsed here too
        return number

    def __getattr__(self, name):
        # Only reached for attributes not set yet: everything but `raw_input` until parsed.
        if name.startswith("__") or "raw_input" not in self.__dict__:
            raise AttributeError(name)
        self._parse()
        return object.__getattribute__(self, name)

    def _parse(self) -> None:
        text = self.__dict__["raw_input"]
        try:
            parsed = PhoneNumber.from_string(text)
        except phonenumbers.NumberParseException:
            parsed = PhoneNumber(raw_input=text)  # as phonenumber_field.to_python does
        self.__dict__.update(vars(parsed))


class StoredPhoneNumberField(PhoneNumberField):
    """phonenumber_field's model field, reading stored numbers as `StoredPhoneNumber`s."""

    # What from_db_value gives (None, "" or a StoredPhoneNumber) is what the library's
    # attribute stores on assignment, so a record read from the database stores it as it is
    # (crm.models.TeamOwnedModel.from_db).
    stores_read_values = True

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return StoredPhoneNumber.from_stored(value)

    def deconstruct(self):
        # The column and every write are the library's: migrations need not know this class.
        name, _, args, kwargs = super().deconstruct()
        return name, "phonenumber_field.modelfields.PhoneNumberField", args, kwargs
