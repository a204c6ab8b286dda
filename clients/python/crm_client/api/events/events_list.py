from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.event_list_response import EventListResponse
from ...models.events_list_types_item import EventsListTypesItem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    after: str | Unset = UNSET,
    limit: int | Unset = 50,
    team_id: str,
    types: list[EventsListTypesItem] | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["after"] = after

    params["limit"] = limit

    params["teamId"] = team_id

    json_types: list[str] | Unset = UNSET
    if not isinstance(types, Unset):
        json_types = []
        for types_item_data in types:
            types_item = types_item_data.value
            json_types.append(types_item)

    params["types"] = json_types

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/crm/events",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | EventListResponse | None:
    if response.status_code == 200:
        response_200 = EventListResponse.from_dict(response.json())

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

    if response.status_code == 410:
        response_410 = Error.from_dict(response.json())

        return response_410

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
) -> Response[Error | EventListResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    limit: int | Unset = 50,
    team_id: str,
    types: list[EventsListTypesItem] | Unset = UNSET,
) -> Response[Error | EventListResponse]:
    """The change feed: the team's changes in commit order

     The parameters of `GET /api/crm/events`: the team's changes to contacts, companies and
    do-not-call entries, in the order their transactions committed. Start without `after`
    (the oldest event kept) and pass each answer's `next_cursor` as `after` to read on; an
    empty page still gives one, to poll from. A cursor older than the retention period is a
    410 (`cursor_expired`).

    Args:
        after (str | Unset):
        limit (int | Unset):  Default: 50.
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.
        types (list[EventsListTypesItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | EventListResponse]
    """

    kwargs = _get_kwargs(
        after=after,
        limit=limit,
        team_id=team_id,
        types=types,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    limit: int | Unset = 50,
    team_id: str,
    types: list[EventsListTypesItem] | Unset = UNSET,
) -> Error | EventListResponse | None:
    """The change feed: the team's changes in commit order

     The parameters of `GET /api/crm/events`: the team's changes to contacts, companies and
    do-not-call entries, in the order their transactions committed. Start without `after`
    (the oldest event kept) and pass each answer's `next_cursor` as `after` to read on; an
    empty page still gives one, to poll from. A cursor older than the retention period is a
    410 (`cursor_expired`).

    Args:
        after (str | Unset):
        limit (int | Unset):  Default: 50.
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.
        types (list[EventsListTypesItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | EventListResponse
    """

    return sync_detailed(
        client=client,
        after=after,
        limit=limit,
        team_id=team_id,
        types=types,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    limit: int | Unset = 50,
    team_id: str,
    types: list[EventsListTypesItem] | Unset = UNSET,
) -> Response[Error | EventListResponse]:
    """The change feed: the team's changes in commit order

     The parameters of `GET /api/crm/events`: the team's changes to contacts, companies and
    do-not-call entries, in the order their transactions committed. Start without `after`
    (the oldest event kept) and pass each answer's `next_cursor` as `after` to read on; an
    empty page still gives one, to poll from. A cursor older than the retention period is a
    410 (`cursor_expired`).

    Args:
        after (str | Unset):
        limit (int | Unset):  Default: 50.
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.
        types (list[EventsListTypesItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | EventListResponse]
    """

    kwargs = _get_kwargs(
        after=after,
        limit=limit,
        team_id=team_id,
        types=types,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    limit: int | Unset = 50,
    team_id: str,
    types: list[EventsListTypesItem] | Unset = UNSET,
) -> Error | EventListResponse | None:
    """The change feed: the team's changes in commit order

     The parameters of `GET /api/crm/events`: the team's changes to contacts, companies and
    do-not-call entries, in the order their transactions committed. Start without `after`
    (the oldest event kept) and pass each answer's `next_cursor` as `after` to read on; an
    empty page still gives one, to poll from. A cursor older than the retention period is a
    410 (`cursor_expired`).

    Args:
        after (str | Unset):
        limit (int | Unset):  Default: 50.
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.
        types (list[EventsListTypesItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | EventListResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            after=after,
            limit=limit,
            team_id=team_id,
            types=types,
        )
    ).parsed
