"""Contains all the data models used in inputs/outputs"""

from .actor import Actor
from .actor_type_enum import ActorTypeEnum
from .batch_op_archive import BatchOpArchive
from .batch_op_create import BatchOpCreate
from .batch_op_update import BatchOpUpdate
from .batch_op_upsert import BatchOpUpsert
from .call import Call
from .call_batch_request_request import CallBatchRequestRequest
from .call_batch_response import CallBatchResponse
from .call_batch_result import CallBatchResult
from .call_blockers_enum import CallBlockersEnum
from .call_create_operation_request import CallCreateOperationRequest
from .call_extracted_fields import CallExtractedFields
from .call_input_request import CallInputRequest
from .call_input_request_extracted_fields import CallInputRequestExtractedFields
from .call_input_request_lead_status_set import CallInputRequestLeadStatusSet
from .call_lead_status_set import CallLeadStatusSet
from .call_list_response import CallListResponse
from .call_response import CallResponse
from .calling_days_enum import CallingDaysEnum
from .calls_list_fields_item import CallsListFieldsItem
from .calls_list_outcome_item import CallsListOutcomeItem
from .calls_retrieve_fields_item import CallsRetrieveFieldsItem
from .companies_destroy_contacts import CompaniesDestroyContacts
from .companies_list_fields_item import CompaniesListFieldsItem
from .companies_retrieve_fields_item import CompaniesRetrieveFieldsItem
from .company import Company
from .company_input_request import CompanyInputRequest
from .company_response import CompanyResponse
from .contact import Contact
from .contact_archive_operation_request import ContactArchiveOperationRequest
from .contact_batch_request_request import ContactBatchRequestRequest
from .contact_batch_response import ContactBatchResponse
from .contact_batch_result import ContactBatchResult
from .contact_create_operation_request import ContactCreateOperationRequest
from .contact_custom_fields import ContactCustomFields
from .contact_input_request import ContactInputRequest
from .contact_input_request_custom_fields import ContactInputRequestCustomFields
from .contact_merge_request import ContactMergeRequest
from .contact_merge_request_fields import ContactMergeRequestFields
from .contact_merge_response import ContactMergeResponse
from .contact_response import ContactResponse
from .contact_state import ContactState
from .contact_state_custom_fields import ContactStateCustomFields
from .contact_update_operation_request import ContactUpdateOperationRequest
from .contact_update_request import ContactUpdateRequest
from .contact_update_request_custom_fields import ContactUpdateRequestCustomFields
from .contact_upsert_operation_request import ContactUpsertOperationRequest
from .contact_upsert_request import ContactUpsertRequest
from .contact_upsert_request_custom_fields import ContactUpsertRequestCustomFields
from .contact_upsert_response import ContactUpsertResponse
from .contacts_duplicates_retrieve_kind import ContactsDuplicatesRetrieveKind
from .contacts_list_fields_item import ContactsListFieldsItem
from .contacts_list_lead_status_item import ContactsListLeadStatusItem
from .contacts_list_ordering import ContactsListOrdering
from .contacts_retrieve_fields_item import ContactsRetrieveFieldsItem
from .do_not_call_batch_response import DoNotCallBatchResponse
from .do_not_call_entry import DoNotCallEntry
from .do_not_call_entry_response import DoNotCallEntryResponse
from .do_not_call_input_request import DoNotCallInputRequest
from .do_not_call_list_fields_item import DoNotCallListFieldsItem
from .do_not_call_list_source import DoNotCallListSource
from .do_not_call_retrieve_fields_item import DoNotCallRetrieveFieldsItem
from .duplicate_group import DuplicateGroup
from .duplicate_group_list_response import DuplicateGroupListResponse
from .error import Error
from .error_detail import ErrorDetail
from .error_detail_fields import ErrorDetailFields
from .error_detail_results_item import ErrorDetailResultsItem
from .event_list_response import EventListResponse
from .event_type import EventType
from .events_list_types_item import EventsListTypesItem
from .feed_event import FeedEvent
from .feed_event_actor_type_0 import FeedEventActorType0
from .field_change import FieldChange
from .history_entry import HistoryEntry
from .history_entry_actor_type_0 import HistoryEntryActorType0
from .history_entry_merge_type_0 import HistoryEntryMergeType0
from .history_entry_type_enum import HistoryEntryTypeEnum
from .history_list_response import HistoryListResponse
from .kind_enum import KindEnum
from .lead_status_enum import LeadStatusEnum
from .match_on_enum import MatchOnEnum
from .merge import Merge
from .outcome_enum import OutcomeEnum
from .partial_call import PartialCall
from .partial_call_extracted_fields import PartialCallExtractedFields
from .partial_call_lead_status_set import PartialCallLeadStatusSet
from .partial_call_list_response import PartialCallListResponse
from .partial_call_response import PartialCallResponse
from .partial_company import PartialCompany
from .partial_company_list_response import PartialCompanyListResponse
from .partial_company_response import PartialCompanyResponse
from .partial_contact import PartialContact
from .partial_contact_custom_fields import PartialContactCustomFields
from .partial_contact_list_response import PartialContactListResponse
from .partial_contact_response import PartialContactResponse
from .partial_do_not_call_entry import PartialDoNotCallEntry
from .partial_do_not_call_entry_list_response import PartialDoNotCallEntryListResponse
from .partial_do_not_call_entry_response import PartialDoNotCallEntryResponse
from .partial_team import PartialTeam
from .partial_team_response import PartialTeamResponse
from .partial_webhook_endpoint import PartialWebhookEndpoint
from .partial_webhook_endpoint_list_response import PartialWebhookEndpointListResponse
from .partial_webhook_endpoint_response import PartialWebhookEndpointResponse
from .patched_company_update_request import PatchedCompanyUpdateRequest
from .patched_contact_update_request import PatchedContactUpdateRequest
from .patched_contact_update_request_custom_fields import PatchedContactUpdateRequestCustomFields
from .patched_team_update_request import PatchedTeamUpdateRequest
from .patched_webhook_endpoint_update_request import PatchedWebhookEndpointUpdateRequest
from .source_enum import SourceEnum
from .team import Team
from .team_response import TeamResponse
from .team_retrieve_fields_item import TeamRetrieveFieldsItem
from .webhook_endpoint import WebhookEndpoint
from .webhook_endpoint_input_request import WebhookEndpointInputRequest
from .webhook_endpoint_response import WebhookEndpointResponse
from .webhook_endpoint_with_secret import WebhookEndpointWithSecret
from .webhook_endpoint_with_secret_response import WebhookEndpointWithSecretResponse
from .webhooks_list_fields_item import WebhooksListFieldsItem
from .webhooks_retrieve_fields_item import WebhooksRetrieveFieldsItem

__all__ = (
    "Actor",
    "ActorTypeEnum",
    "BatchOpArchive",
    "BatchOpCreate",
    "BatchOpUpdate",
    "BatchOpUpsert",
    "Call",
    "CallBatchRequestRequest",
    "CallBatchResponse",
    "CallBatchResult",
    "CallBlockersEnum",
    "CallCreateOperationRequest",
    "CallExtractedFields",
    "CallingDaysEnum",
    "CallInputRequest",
    "CallInputRequestExtractedFields",
    "CallInputRequestLeadStatusSet",
    "CallLeadStatusSet",
    "CallListResponse",
    "CallResponse",
    "CallsListFieldsItem",
    "CallsListOutcomeItem",
    "CallsRetrieveFieldsItem",
    "CompaniesDestroyContacts",
    "CompaniesListFieldsItem",
    "CompaniesRetrieveFieldsItem",
    "Company",
    "CompanyInputRequest",
    "CompanyResponse",
    "Contact",
    "ContactArchiveOperationRequest",
    "ContactBatchRequestRequest",
    "ContactBatchResponse",
    "ContactBatchResult",
    "ContactCreateOperationRequest",
    "ContactCustomFields",
    "ContactInputRequest",
    "ContactInputRequestCustomFields",
    "ContactMergeRequest",
    "ContactMergeRequestFields",
    "ContactMergeResponse",
    "ContactResponse",
    "ContactsDuplicatesRetrieveKind",
    "ContactsListFieldsItem",
    "ContactsListLeadStatusItem",
    "ContactsListOrdering",
    "ContactsRetrieveFieldsItem",
    "ContactState",
    "ContactStateCustomFields",
    "ContactUpdateOperationRequest",
    "ContactUpdateRequest",
    "ContactUpdateRequestCustomFields",
    "ContactUpsertOperationRequest",
    "ContactUpsertRequest",
    "ContactUpsertRequestCustomFields",
    "ContactUpsertResponse",
    "DoNotCallBatchResponse",
    "DoNotCallEntry",
    "DoNotCallEntryResponse",
    "DoNotCallInputRequest",
    "DoNotCallListFieldsItem",
    "DoNotCallListSource",
    "DoNotCallRetrieveFieldsItem",
    "DuplicateGroup",
    "DuplicateGroupListResponse",
    "Error",
    "ErrorDetail",
    "ErrorDetailFields",
    "ErrorDetailResultsItem",
    "EventListResponse",
    "EventsListTypesItem",
    "EventType",
    "FeedEvent",
    "FeedEventActorType0",
    "FieldChange",
    "HistoryEntry",
    "HistoryEntryActorType0",
    "HistoryEntryMergeType0",
    "HistoryEntryTypeEnum",
    "HistoryListResponse",
    "KindEnum",
    "LeadStatusEnum",
    "MatchOnEnum",
    "Merge",
    "OutcomeEnum",
    "PartialCall",
    "PartialCallExtractedFields",
    "PartialCallLeadStatusSet",
    "PartialCallListResponse",
    "PartialCallResponse",
    "PartialCompany",
    "PartialCompanyListResponse",
    "PartialCompanyResponse",
    "PartialContact",
    "PartialContactCustomFields",
    "PartialContactListResponse",
    "PartialContactResponse",
    "PartialDoNotCallEntry",
    "PartialDoNotCallEntryListResponse",
    "PartialDoNotCallEntryResponse",
    "PartialTeam",
    "PartialTeamResponse",
    "PartialWebhookEndpoint",
    "PartialWebhookEndpointListResponse",
    "PartialWebhookEndpointResponse",
    "PatchedCompanyUpdateRequest",
    "PatchedContactUpdateRequest",
    "PatchedContactUpdateRequestCustomFields",
    "PatchedTeamUpdateRequest",
    "PatchedWebhookEndpointUpdateRequest",
    "SourceEnum",
    "Team",
    "TeamResponse",
    "TeamRetrieveFieldsItem",
    "WebhookEndpoint",
    "WebhookEndpointInputRequest",
    "WebhookEndpointResponse",
    "WebhookEndpointWithSecret",
    "WebhookEndpointWithSecretResponse",
    "WebhooksListFieldsItem",
    "WebhooksRetrieveFieldsItem",
)
