class ConflictError(Exception):
    """A write refused because it clashes with existing data (HTTP 409 in the API).

    `fields` maps model field names to messages; `details` are extra facts for the
    client, such as `existing_id`, added to the error object as they are.
    """

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None, **details):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        self.details = details
