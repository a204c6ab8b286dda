import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.calls_list_fields_item import CallsListFieldsItem
from ...models.calls_list_outcome_item import CallsListOutcomeItem
from ...models.error import Error
from ...models.partial_call_list_response import PartialCallListResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    campaign_id: str | Unset = UNSET,
    contact_id: str | Unset = UNSET,
    count: bool | Unset = True,
    cursor: str | Unset = UNSET,
    fields: list[CallsListFieldsItem] | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    outcome: list[CallsListOutcomeItem] | Unset = UNSET,
    started_after: datetime.datetime | Unset = UNSET,
    started_before: datetime.datetime | Unset = UNSET,
    team_id: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["campaignId"] = campaign_id

    params["contactId"] = contact_id

    params["count"] = count

    params["cursor"] = cursor

    json_fields: list[str] | Unset = UNSET
    if not isinstance(fields, Unset):
        json_fields = []
        for fields_item_data in fields:
            fields_item = fields_item_data.value
            json_fields.append(fields_item)

    params["fields"] = json_fields

    params["limit"] = limit

    params["offset"] = offset

    json_outcome: list[str] | Unset = UNSET
    if not isinstance(outcome, Unset):
        json_outcome = []
        for outcome_item_data in outcome:
            outcome_item = outcome_item_data.value
            json_outcome.append(outcome_item)

    params["outcome"] = json_outcome

    json_started_after: str | Unset = UNSET
    if not isinstance(started_after, Unset):
        json_started_after = started_after.isoformat()
    params["startedAfter"] = json_started_after

    json_started_before: str | Unset = UNSET
    if not isinstance(started_before, Unset):
        json_started_before = started_before.isoformat()
    params["startedBefore"] = json_started_before

    params["teamId"] = team_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/crm/calls",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PartialCallListResponse | None:
    if response.status_code == 200:
        response_200 = PartialCallListResponse.from_dict(response.json())

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
) -> Response[Error | PartialCallListResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    campaign_id: str | Unset = UNSET,
    contact_id: str | Unset = UNSET,
    count: bool | Unset = True,
    cursor: str | Unset = UNSET,
    fields: list[CallsListFieldsItem] | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    outcome: list[CallsListOutcomeItem] | Unset = UNSET,
    started_after: datetime.datetime | Unset = UNSET,
    started_before: datetime.datetime | Unset = UNSET,
    team_id: str,
) -> Response[Error | PartialCallListResponse]:
    """List calls

     The parameters of `GET /api/crm/calls`: the team's calls, newest first. Every value is
    validated; `startedAfter` and `startedBefore` together select `[after, before)`, so
    consecutive periods neither overlap nor leave a gap.

    Args:
        campaign_id (str | Unset):
        contact_id (str | Unset):  Example: cont_01h455vb4pex5vsknk084sn02q.
        count (bool | Unset):  Default: True.
        cursor (str | Unset):
        fields (list[CallsListFieldsItem] | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.
        outcome (list[CallsListOutcomeItem] | Unset):
        started_after (datetime.datetime | Unset):
        started_before (datetime.datetime | Unset):
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PartialCallListResponse]
    """

    kwargs = _get_kwargs(
        campaign_id=campaign_id,
        contact_id=contact_id,
        count=count,
        cursor=cursor,
        fields=fields,
        limit=limit,
        offset=offset,
        outcome=outcome,
        started_after=started_after,
        started_before=started_before,
        team_id=team_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    campaign_id: str | Unset = UNSET,
    contact_id: str | Unset = UNSET,
    count: bool | Unset = True,
    cursor: str | Unset = UNSET,
    fields: list[CallsListFieldsItem] | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    outcome: list[CallsListOutcomeItem] | Unset = UNSET,
    started_after: datetime.datetime | Unset = UNSET,
    started_before: datetime.datetime | Unset = UNSET,
    team_id: str,
) -> Error | PartialCallListResponse | None:
    """List calls

     The parameters of `GET /api/crm/calls`: the team's calls, newest first. Every value is
    validated; `startedAfter` and `startedBefore` together select `[after, before)`, so
    consecutive periods neither overlap nor leave a gap.

    Args:
        campaign_id (str | Unset):
        contact_id (str | Unset):  Example: cont_01h455vb4pex5vsknk084sn02q.
        count (bool | Unset):  Default: True.
        cursor (str | Unset):
        fields (list[CallsListFieldsItem] | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.
        outcome (list[CallsListOutcomeItem] | Unset):
        started_after (datetime.datetime | Unset):
        started_before (datetime.datetime | Unset):
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PartialCallListResponse
    """

    return sync_detailed(
        client=client,
        campaign_id=campaign_id,
        contact_id=contact_id,
        count=count,
        cursor=cursor,
        fields=fields,
        limit=limit,
        offset=offset,
        outcome=outcome,
        started_after=started_after,
        started_before=started_before,
        team_id=team_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    campaign_id: str | Unset = UNSET,
    contact_id: str | Unset = UNSET,
    count: bool | Unset = True,
    cursor: str | Unset = UNSET,
    fields: list[CallsListFieldsItem] | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    outcome: list[CallsListOutcomeItem] | Unset = UNSET,
    started_after: datetime.datetime | Unset = UNSET,
    started_before: datetime.datetime | Unset = UNSET,
    team_id: str,
) -> Response[Error | PartialCallListResponse]:
    """List calls

     The parameters of `GET /api/crm/calls`: the team's calls, newest first. Every value is
    validated; `startedAfter` and `startedBefore` together select `[after, before)`, so
    consecutive periods neither overlap nor leave a gap.

    Args:
        campaign_id (str | Unset):
        contact_id (str | Unset):  Example: cont_01h455vb4pex5vsknk084sn02q.
        count (bool | Unset):  Default: True.
        cursor (str | Unset):
        fields (list[CallsListFieldsItem] | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.
        outcome (list[CallsListOutcomeItem] | Unset):
        started_after (datetime.datetime | Unset):
        started_before (datetime.datetime | Unset):
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PartialCallListResponse]
    """

    kwargs = _get_kwargs(
        campaign_id=campaign_id,
        contact_id=contact_id,
        count=count,
        cursor=cursor,
        fields=fields,
        limit=limit,
        offset=offset,
        outcome=outcome,
        started_after=started_after,
        started_before=started_before,
        team_id=team_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    campaign_id: str | Unset = UNSET,
    contact_id: str | Unset = UNSET,
    count: bool | Unset = True,
    cursor: str | Unset = UNSET,
    fields: list[CallsListFieldsItem] | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    outcome: list[CallsListOutcomeItem] | Unset = UNSET,
    started_after: datetime.datetime | Unset = UNSET,
    started_before: datetime.datetime | Unset = UNSET,
    team_id: str,
) -> Error | PartialCallListResponse | None:
    """List calls

     The parameters of `GET /api/crm/calls`: the team's calls, newest first. Every value is
    validated; `startedAfter` and `startedBefore` together select `[after, before)`, so
    consecutive periods neither overlap nor leave a gap.

    Args:
        campaign_id (str | Unset):
        contact_id (str | Unset):  Example: cont_01h455vb4pex5vsknk084sn02q.
        count (bool | Unset):  Default: True.
        cursor (str | Unset):
        fields (list[CallsListFieldsItem] | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.
        outcome (list[CallsListOutcomeItem] | Unset):
        started_after (datetime.datetime | Unset):
        started_before (datetime.datetime | Unset):
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PartialCallListResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            campaign_id=campaign_id,
            contact_id=contact_id,
            count=count,
            cursor=cursor,
            fields=fields,
            limit=limit,
            offset=offset,
            outcome=outcome,
            started_after=started_after,
            started_before=started_before,
            team_id=team_id,
        )
    ).parsed
