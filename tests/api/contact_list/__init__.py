"""`GET /api/crm/contacts`, one module per part of a list request."""
