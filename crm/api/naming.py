def to_camel(name: str) -> str:
    """`first_name` -> `firstName`: the request-side spelling of a model field."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)
