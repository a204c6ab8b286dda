import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.contacts_list_fields_item import ContactsListFieldsItem
from ...models.contacts_list_lead_status_item import ContactsListLeadStatusItem
from ...models.contacts_list_ordering import ContactsListOrdering
from ...models.error import Error
from ...models.partial_contact_list_response import PartialContactListResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    callable_: bool | Unset = UNSET,
    callable_at: datetime.datetime | Unset = UNSET,
    callable_now: bool | Unset = UNSET,
    company_id: str | Unset = UNSET,
    count: bool | Unset = True,
    cursor: str | Unset = UNSET,
    custom_field: list[str] | Unset = UNSET,
    do_not_call: bool | Unset = UNSET,
    fields: list[ContactsListFieldsItem] | Unset = UNSET,
    has_phone: bool | Unset = UNSET,
    last_called_after: datetime.datetime | Unset = UNSET,
    last_called_before: datetime.datetime | Unset = UNSET,
    lead_status: list[ContactsListLeadStatusItem] | Unset = UNSET,
    limit: int | Unset = 50,
    never_called: bool | Unset = UNSET,
    offset: int | Unset = 0,
    ordering: ContactsListOrdering | Unset = UNSET,
    search: str | Unset = UNSET,
    tags: list[str] | Unset = UNSET,
    team_id: str,
    updated_since: datetime.datetime | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["callable"] = callable_

    json_callable_at: str | Unset = UNSET
    if not isinstance(callable_at, Unset):
        json_callable_at = callable_at.isoformat()
    params["callableAt"] = json_callable_at

    params["callableNow"] = callable_now

    params["companyId"] = company_id

    params["count"] = count

    params["cursor"] = cursor

    json_custom_field: list[str] | Unset = UNSET
    if not isinstance(custom_field, Unset):
        json_custom_field = custom_field

    params["customField"] = json_custom_field

    params["doNotCall"] = do_not_call

    json_fields: list[str] | Unset = UNSET
    if not isinstance(fields, Unset):
        json_fields = []
        for fields_item_data in fields:
            fields_item = fields_item_data.value
            json_fields.append(fields_item)

    params["fields"] = json_fields

    params["hasPhone"] = has_phone

    json_last_called_after: str | Unset = UNSET
    if not isinstance(last_called_after, Unset):
        json_last_called_after = last_called_after.isoformat()
    params["lastCalledAfter"] = json_last_called_after

    json_last_called_before: str | Unset = UNSET
    if not isinstance(last_called_before, Unset):
        json_last_called_before = last_called_before.isoformat()
    params["lastCalledBefore"] = json_last_called_before

    json_lead_status: list[str] | Unset = UNSET
    if not isinstance(lead_status, Unset):
        json_lead_status = []
        for lead_status_item_data in lead_status:
            lead_status_item = lead_status_item_data.value
            json_lead_status.append(lead_status_item)

    params["leadStatus"] = json_lead_status

    params["limit"] = limit

    params["neverCalled"] = never_called

    params["offset"] = offset

    json_ordering: str | Unset = UNSET
    if not isinstance(ordering, Unset):
        json_ordering = ordering.value

    params["ordering"] = json_ordering

    params["search"] = search

    json_tags: list[str] | Unset = UNSET
    if not isinstance(tags, Unset):
        json_tags = tags

    params["tags"] = json_tags

    params["teamId"] = team_id

    json_updated_since: str | Unset = UNSET
    if not isinstance(updated_since, Unset):
        json_updated_since = updated_since.isoformat()
    params["updatedSince"] = json_updated_since

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/crm/contacts",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PartialContactListResponse | None:
    if response.status_code == 200:
        response_200 = PartialContactListResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 406:
        response_406 = Error.from_dict(response.json())

        return response_406

    if response.status_code == 414:
        response_414 = Error.from_dict(response.json())

        return response_414

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | PartialContactListResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    callable_: bool | Unset = UNSET,
    callable_at: datetime.datetime | Unset = UNSET,
    callable_now: bool | Unset = UNSET,
    company_id: str | Unset = UNSET,
    count: bool | Unset = True,
    cursor: str | Unset = UNSET,
    custom_field: list[str] | Unset = UNSET,
    do_not_call: bool | Unset = UNSET,
    fields: list[ContactsListFieldsItem] | Unset = UNSET,
    has_phone: bool | Unset = UNSET,
    last_called_after: datetime.datetime | Unset = UNSET,
    last_called_before: datetime.datetime | Unset = UNSET,
    lead_status: list[ContactsListLeadStatusItem] | Unset = UNSET,
    limit: int | Unset = 50,
    never_called: bool | Unset = UNSET,
    offset: int | Unset = 0,
    ordering: ContactsListOrdering | Unset = UNSET,
    search: str | Unset = UNSET,
    tags: list[str] | Unset = UNSET,
    team_id: str,
    updated_since: datetime.datetime | Unset = UNSET,
) -> Response[Error | PartialContactListResponse]:
    """List contacts

     The parameters of `GET /api/crm/contacts`. Every value is validated.

    Custom fields are filtered in either of two forms, alike: the declared,
    repeatable `customField=<key>:<value>`, which generated clients send, or
    `customFields.<key>=<value>`, one parameter per key. Each keeps the
    contacts whose custom field `key` equals `value` (as text, or as the
    number or boolean the text spells); several must all match. The second
    form's names vary, so they are not listed as parameters
    (`x-query-parameter-patterns` names the family): send them as extra query
    parameters of your HTTP client.

    Args:
        callable_ (bool | Unset):
        callable_at (datetime.datetime | Unset):
        callable_now (bool | Unset):
        company_id (str | Unset):  Example: comp_01h455vb4pex5vsknk084sn02q.
        count (bool | Unset):  Default: True.
        cursor (str | Unset):
        custom_field (list[str] | Unset):
        do_not_call (bool | Unset):
        fields (list[ContactsListFieldsItem] | Unset):
        has_phone (bool | Unset):
        last_called_after (datetime.datetime | Unset):
        last_called_before (datetime.datetime | Unset):
        lead_status (list[ContactsListLeadStatusItem] | Unset):
        limit (int | Unset):  Default: 50.
        never_called (bool | Unset):
        offset (int | Unset):  Default: 0.
        ordering (ContactsListOrdering | Unset):
        search (str | Unset):
        tags (list[str] | Unset):
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.
        updated_since (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PartialContactListResponse]
    """

    kwargs = _get_kwargs(
        callable_=callable_,
        callable_at=callable_at,
        callable_now=callable_now,
        company_id=company_id,
        count=count,
        cursor=cursor,
        custom_field=custom_field,
        do_not_call=do_not_call,
        fields=fields,
        has_phone=has_phone,
        last_called_after=last_called_after,
        last_called_before=last_called_before,
        lead_status=lead_status,
        limit=limit,
        never_called=never_called,
        offset=offset,
        ordering=ordering,
        search=search,
        tags=tags,
        team_id=team_id,
        updated_since=updated_since,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    callable_: bool | Unset = UNSET,
    callable_at: datetime.datetime | Unset = UNSET,
    callable_now: bool | Unset = UNSET,
    company_id: str | Unset = UNSET,
    count: bool | Unset = True,
    cursor: str | Unset = UNSET,
    custom_field: list[str] | Unset = UNSET,
    do_not_call: bool | Unset = UNSET,
    fields: list[ContactsListFieldsItem] | Unset = UNSET,
    has_phone: bool | Unset = UNSET,
    last_called_after: datetime.datetime | Unset = UNSET,
    last_called_before: datetime.datetime | Unset = UNSET,
    lead_status: list[ContactsListLeadStatusItem] | Unset = UNSET,
    limit: int | Unset = 50,
    never_called: bool | Unset = UNSET,
    offset: int | Unset = 0,
    ordering: ContactsListOrdering | Unset = UNSET,
    search: str | Unset = UNSET,
    tags: list[str] | Unset = UNSET,
    team_id: str,
    updated_since: datetime.datetime | Unset = UNSET,
) -> Error | PartialContactListResponse | None:
    """List contacts

     The parameters of `GET /api/crm/contacts`. Every value is validated.

    Custom fields are filtered in either of two forms, alike: the declared,
    repeatable `customField=<key>:<value>`, which generated clients send, or
    `customFields.<key>=<value>`, one parameter per key. Each keeps the
    contacts whose custom field `key` equals `value` (as text, or as the
    number or boolean the text spells); several must all match. The second
    form's names vary, so they are not listed as parameters
    (`x-query-parameter-patterns` names the family): send them as extra query
    parameters of your HTTP client.

    Args:
        callable_ (bool | Unset):
        callable_at (datetime.datetime | Unset):
        callable_now (bool | Unset):
        company_id (str | Unset):  Example: comp_01h455vb4pex5vsknk084sn02q.
        count (bool | Unset):  Default: True.
        cursor (str | Unset):
        custom_field (list[str] | Unset):
        do_not_call (bool | Unset):
        fields (list[ContactsListFieldsItem] | Unset):
        has_phone (bool | Unset):
        last_called_after (datetime.datetime | Unset):
        last_called_before (datetime.datetime | Unset):
        lead_status (list[ContactsListLeadStatusItem] | Unset):
        limit (int | Unset):  Default: 50.
        never_called (bool | Unset):
        offset (int | Unset):  Default: 0.
        ordering (ContactsListOrdering | Unset):
        search (str | Unset):
        tags (list[str] | Unset):
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.
        updated_since (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PartialContactListResponse
    """

    return sync_detailed(
        client=client,
        callable_=callable_,
        callable_at=callable_at,
        callable_now=callable_now,
        company_id=company_id,
        count=count,
        cursor=cursor,
        custom_field=custom_field,
        do_not_call=do_not_call,
        fields=fields,
        has_phone=has_phone,
        last_called_after=last_called_after,
        last_called_before=last_called_before,
        lead_status=lead_status,
        limit=limit,
        never_called=never_called,
        offset=offset,
        ordering=ordering,
        search=search,
        tags=tags,
        team_id=team_id,
        updated_since=updated_since,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    callable_: bool | Unset = UNSET,
    callable_at: datetime.datetime | Unset = UNSET,
    callable_now: bool | Unset = UNSET,
    company_id: str | Unset = UNSET,
    count: bool | Unset = True,
    cursor: str | Unset = UNSET,
    custom_field: list[str] | Unset = UNSET,
    do_not_call: bool | Unset = UNSET,
    fields: list[ContactsListFieldsItem] | Unset = UNSET,
    has_phone: bool | Unset = UNSET,
    last_called_after: datetime.datetime | Unset = UNSET,
    last_called_before: datetime.datetime | Unset = UNSET,
    lead_status: list[ContactsListLeadStatusItem] | Unset = UNSET,
    limit: int | Unset = 50,
    never_called: bool | Unset = UNSET,
    offset: int | Unset = 0,
    ordering: ContactsListOrdering | Unset = UNSET,
    search: str | Unset = UNSET,
    tags: list[str] | Unset = UNSET,
    team_id: str,
    updated_since: datetime.datetime | Unset = UNSET,
) -> Response[Error | PartialContactListResponse]:
    """List contacts

     The parameters of `GET /api/crm/contacts`. Every value is validated.

    Custom fields are filtered in either of two forms, alike: the declared,
    repeatable `customField=<key>:<value>`, which generated clients send, or
    `customFields.<key>=<value>`, one parameter per key. Each keeps the
    contacts whose custom field `key` equals `value` (as text, or as the
    number or boolean the text spells); several must all match. The second
    form's names vary, so they are not listed as parameters
    (`x-query-parameter-patterns` names the family): send them as extra query
    parameters of your HTTP client.

    Args:
        callable_ (bool | Unset):
        callable_at (datetime.datetime | Unset):
        callable_now (bool | Unset):
        company_id (str | Unset):  Example: comp_01h455vb4pex5vsknk084sn02q.
        count (bool | Unset):  Default: True.
        cursor (str | Unset):
        custom_field (list[str] | Unset):
        do_not_call (bool | Unset):
        fields (list[ContactsListFieldsItem] | Unset):
        has_phone (bool | Unset):
        last_called_after (datetime.datetime | Unset):
        last_called_before (datetime.datetime | Unset):
        lead_status (list[ContactsListLeadStatusItem] | Unset):
        limit (int | Unset):  Default: 50.
        never_called (bool | Unset):
        offset (int | Unset):  Default: 0.
        ordering (ContactsListOrdering | Unset):
        search (str | Unset):
        tags (list[str] | Unset):
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.
        updated_since (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PartialContactListResponse]
    """

    kwargs = _get_kwargs(
        callable_=callable_,
        callable_at=callable_at,
        callable_now=callable_now,
        company_id=company_id,
        count=count,
        cursor=cursor,
        custom_field=custom_field,
        do_not_call=do_not_call,
        fields=fields,
        has_phone=has_phone,
        last_called_after=last_called_after,
        last_called_before=last_called_before,
        lead_status=lead_status,
        limit=limit,
        never_called=never_called,
        offset=offset,
        ordering=ordering,
        search=search,
        tags=tags,
        team_id=team_id,
        updated_since=updated_since,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    callable_: bool | Unset = UNSET,
    callable_at: datetime.datetime | Unset = UNSET,
    callable_now: bool | Unset = UNSET,
    company_id: str | Unset = UNSET,
    count: bool | Unset = True,
    cursor: str | Unset = UNSET,
    custom_field: list[str] | Unset = UNSET,
    do_not_call: bool | Unset = UNSET,
    fields: list[ContactsListFieldsItem] | Unset = UNSET,
    has_phone: bool | Unset = UNSET,
    last_called_after: datetime.datetime | Unset = UNSET,
    last_called_before: datetime.datetime | Unset = UNSET,
    lead_status: list[ContactsListLeadStatusItem] | Unset = UNSET,
    limit: int | Unset = 50,
    never_called: bool | Unset = UNSET,
    offset: int | Unset = 0,
    ordering: ContactsListOrdering | Unset = UNSET,
    search: str | Unset = UNSET,
    tags: list[str] | Unset = UNSET,
    team_id: str,
    updated_since: datetime.datetime | Unset = UNSET,
) -> Error | PartialContactListResponse | None:
    """List contacts

     The parameters of `GET /api/crm/contacts`. Every value is validated.

    Custom fields are filtered in either of two forms, alike: the declared,
    repeatable `customField=<key>:<value>`, which generated clients send, or
    `customFields.<key>=<value>`, one parameter per key. Each keeps the
    contacts whose custom field `key` equals `value` (as text, or as the
    number or boolean the text spells); several must all match. The second
    form's names vary, so they are not listed as parameters
    (`x-query-parameter-patterns` names the family): send them as extra query
    parameters of your HTTP client.

    Args:
        callable_ (bool | Unset):
        callable_at (datetime.datetime | Unset):
        callable_now (bool | Unset):
        company_id (str | Unset):  Example: comp_01h455vb4pex5vsknk084sn02q.
        count (bool | Unset):  Default: True.
        cursor (str | Unset):
        custom_field (list[str] | Unset):
        do_not_call (bool | Unset):
        fields (list[ContactsListFieldsItem] | Unset):
        has_phone (bool | Unset):
        last_called_after (datetime.datetime | Unset):
        last_called_before (datetime.datetime | Unset):
        lead_status (list[ContactsListLeadStatusItem] | Unset):
        limit (int | Unset):  Default: 50.
        never_called (bool | Unset):
        offset (int | Unset):  Default: 0.
        ordering (ContactsListOrdering | Unset):
        search (str | Unset):
        tags (list[str] | Unset):
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.
        updated_since (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PartialContactListResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            callable_=callable_,
            callable_at=callable_at,
            callable_now=callable_now,
            company_id=company_id,
            count=count,
            cursor=cursor,
            custom_field=custom_field,
            do_not_call=do_not_call,
            fields=fields,
            has_phone=has_phone,
            last_called_after=last_called_after,
            last_called_before=last_called_before,
            lead_status=lead_status,
            limit=limit,
            never_called=never_called,
            offset=offset,
            ordering=ordering,
            search=search,
            tags=tags,
            team_id=team_id,
            updated_since=updated_since,
        )
    ).parsed
