"""What the tests share: API and admin clients, the answers' shapes, command runners, files to
import, one full contact, and the contract every team-owned entity's API keeps.

Factories stay in `tests/factories.py`; the fixtures built on them (`team`, `company`, `api`...)
in `tests/conftest.py`.
"""
