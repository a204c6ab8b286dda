"""The contact admin pages, one module per part of them."""
