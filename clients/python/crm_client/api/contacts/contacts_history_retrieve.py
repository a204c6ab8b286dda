from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.history_list_response import HistoryListResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    count: bool | Unset = True,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["count"] = count

    params["cursor"] = cursor

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/crm/contacts/{id}/history".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | HistoryListResponse | None:
    if response.status_code == 200:
        response_200 = HistoryListResponse.from_dict(response.json())

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
) -> Response[Error | HistoryListResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    count: bool | Unset = True,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Response[Error | HistoryListResponse]:
    """The record's history of changes, newest first

     Every create, update, archive, restore and purge, by any path (the API, the admin, imports, recorded
    calls, commands), with who made it, through what, and each field's value before and after.

    Args:
        id (str):  Example: cont_01h455vb4pex5vsknk084sn02q.
        count (bool | Unset):  Default: True.
        cursor (str | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | HistoryListResponse]
    """

    kwargs = _get_kwargs(
        id=id,
        count=count,
        cursor=cursor,
        limit=limit,
        offset=offset,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    count: bool | Unset = True,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Error | HistoryListResponse | None:
    """The record's history of changes, newest first

     Every create, update, archive, restore and purge, by any path (the API, the admin, imports, recorded
    calls, commands), with who made it, through what, and each field's value before and after.

    Args:
        id (str):  Example: cont_01h455vb4pex5vsknk084sn02q.
        count (bool | Unset):  Default: True.
        cursor (str | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | HistoryListResponse
    """

    return sync_detailed(
        id=id,
        client=client,
        count=count,
        cursor=cursor,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    count: bool | Unset = True,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Response[Error | HistoryListResponse]:
    """The record's history of changes, newest first

     Every create, update, archive, restore and purge, by any path (the API, the admin, imports, recorded
    calls, commands), with who made it, through what, and each field's value before and after.

    Args:
        id (str):  Example: cont_01h455vb4pex5vsknk084sn02q.
        count (bool | Unset):  Default: True.
        cursor (str | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | HistoryListResponse]
    """

    kwargs = _get_kwargs(
        id=id,
        count=count,
        cursor=cursor,
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    count: bool | Unset = True,
    cursor: str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Error | HistoryListResponse | None:
    """The record's history of changes, newest first

     Every create, update, archive, restore and purge, by any path (the API, the admin, imports, recorded
    calls, commands), with who made it, through what, and each field's value before and after.

    Args:
        id (str):  Example: cont_01h455vb4pex5vsknk084sn02q.
        count (bool | Unset):  Default: True.
        cursor (str | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | HistoryListResponse
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            count=count,
            cursor=cursor,
            limit=limit,
            offset=offset,
        )
    ).parsed
