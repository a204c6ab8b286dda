"""What the tests share: API and admin clients, the answers' shapes, command runners, files to
import, one full contact, the contract every team-owned entity's API keeps, and PostgreSQL
clusters of their own (a primary and its streaming replica).

Factories stay in `tests/factories.py`; the fixtures built on them (`team`, `company`, `api`...)
in `tests/conftest.py`.
"""
