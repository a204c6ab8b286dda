# Model fields that the wire names after their ID: `company` is `companyId`.
_REFERENCE_FIELDS = {"team", "company", "contact"}


def to_camel(name: str) -> str:
    """`first_name` -> `firstName`: the request-side spelling of a model field."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def wire_name(field: str) -> str:
    """How a request names a model field: `do_not_call` -> `doNotCall`, `company` -> `companyId`."""
    return to_camel(f"{field}_id" if field in _REFERENCE_FIELDS else field)
