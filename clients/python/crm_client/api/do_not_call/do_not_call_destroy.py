from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.do_not_call_entry_response import DoNotCallEntryResponse
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    number: str,
    *,
    team_id: str,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    params: dict[str, Any] = {}

    params["teamId"] = team_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/crm/do-not-call/{number}".format(
            number=quote(str(number), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DoNotCallEntryResponse | Error | None:
    if response.status_code == 200:
        response_200 = DoNotCallEntryResponse.from_dict(response.json())

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

    if response.status_code == 412:
        response_412 = Error.from_dict(response.json())

        return response_412

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
) -> Response[DoNotCallEntryResponse | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    number: str,
    *,
    client: AuthenticatedClient,
    team_id: str,
    if_match: str | Unset = UNSET,
) -> Response[DoNotCallEntryResponse | Error]:
    """Take a number off the do-not-call registry

     A deliberate, recorded act: the entry is kept, marked removed by this token, now; the number can be
    registered again later. Contacts flagged do-not-call stay so. Takes no body. A number not on the
    registry is a 404; with `If-Match`, an entry whose ETag is not one of those listed is a 412 and
    stays.

    Args:
        number (str):
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.
        if_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DoNotCallEntryResponse | Error]
    """

    kwargs = _get_kwargs(
        number=number,
        team_id=team_id,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    number: str,
    *,
    client: AuthenticatedClient,
    team_id: str,
    if_match: str | Unset = UNSET,
) -> DoNotCallEntryResponse | Error | None:
    """Take a number off the do-not-call registry

     A deliberate, recorded act: the entry is kept, marked removed by this token, now; the number can be
    registered again later. Contacts flagged do-not-call stay so. Takes no body. A number not on the
    registry is a 404; with `If-Match`, an entry whose ETag is not one of those listed is a 412 and
    stays.

    Args:
        number (str):
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.
        if_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DoNotCallEntryResponse | Error
    """

    return sync_detailed(
        number=number,
        client=client,
        team_id=team_id,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    number: str,
    *,
    client: AuthenticatedClient,
    team_id: str,
    if_match: str | Unset = UNSET,
) -> Response[DoNotCallEntryResponse | Error]:
    """Take a number off the do-not-call registry

     A deliberate, recorded act: the entry is kept, marked removed by this token, now; the number can be
    registered again later. Contacts flagged do-not-call stay so. Takes no body. A number not on the
    registry is a 404; with `If-Match`, an entry whose ETag is not one of those listed is a 412 and
    stays.

    Args:
        number (str):
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.
        if_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DoNotCallEntryResponse | Error]
    """

    kwargs = _get_kwargs(
        number=number,
        team_id=team_id,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    number: str,
    *,
    client: AuthenticatedClient,
    team_id: str,
    if_match: str | Unset = UNSET,
) -> DoNotCallEntryResponse | Error | None:
    """Take a number off the do-not-call registry

     A deliberate, recorded act: the entry is kept, marked removed by this token, now; the number can be
    registered again later. Contacts flagged do-not-call stay so. Takes no body. A number not on the
    registry is a 404; with `If-Match`, an entry whose ETag is not one of those listed is a 412 and
    stays.

    Args:
        number (str):
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.
        if_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DoNotCallEntryResponse | Error
    """

    return (
        await asyncio_detailed(
            number=number,
            client=client,
            team_id=team_id,
            if_match=if_match,
        )
    ).parsed
