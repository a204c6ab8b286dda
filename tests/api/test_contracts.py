"""The API contract of each team-owned entity, declared as data (see `tests/kit/contract.py`)."""

from calls.models import Call
from companies.models import Company
from contacts.models import Contact
from tests.factories import CallFactory, CompanyFactory, ContactFactory
from tests.kit.api import CALLS, COMPANIES, CONTACTS
from tests.kit.contract import EntityAPIContract, ReadOnlyEntityAPIContract, TeamsCompany
from tests.kit.payloads import FULL_CONTACT


class TestContactContract(EntityAPIContract):
    model = Contact
    url = CONTACTS
    key, list_key = "contact", "contacts"
    id_prefix = "cont"
    create_data = {"companyId": TeamsCompany, **FULL_CONTACT}
    update_data = {"jobTitle": "CTO", "leadStatus": "qualified", "tags": ["vip"]}

    def make(self, team, company, **fields):
        return ContactFactory(company=company, **fields)


class TestCompanyContract(EntityAPIContract):
    model = Company
    url = COMPANIES
    key, list_key = "company", "companies"
    id_prefix = "comp"
    create_data = {"name": "Globex", "domain": "globex.example"}
    update_data = {"name": "Globex Corporation", "domain": "globex.example.com"}

    def make(self, team, company, **fields):
        return CompanyFactory(team=team, **fields)


class TestCallContract(ReadOnlyEntityAPIContract):
    model = Call
    url = CALLS
    key, list_key = "call", "calls"
    id_prefix = "call"

    def make(self, team, company, **fields):
        return CallFactory(contact=ContactFactory(company=company), **fields)
