class ConflictError(Exception):
    """A write refused because it clashes with existing data (HTTP 409 in the API)."""

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
