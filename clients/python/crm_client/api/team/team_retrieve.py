from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.partial_team_response import PartialTeamResponse
from ...models.team_retrieve_fields_item import TeamRetrieveFieldsItem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    fields: list[TeamRetrieveFieldsItem] | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_fields: list[str] | Unset = UNSET
    if not isinstance(fields, Unset):
        json_fields = []
        for fields_item_data in fields:
            fields_item = fields_item_data.value
            json_fields.append(fields_item)

    params["fields"] = json_fields

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/crm/team",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PartialTeamResponse | None:
    if response.status_code == 200:
        response_200 = PartialTeamResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

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
) -> Response[Error | PartialTeamResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    fields: list[TeamRetrieveFieldsItem] | Unset = UNSET,
) -> Response[Error | PartialTeamResponse]:
    """Your team and its calling rules

     `/api/crm/team`: the token's team, whose calling rules every contact's
    `next_callable_at` and the `callableNow` filter follow.

    Args:
        fields (list[TeamRetrieveFieldsItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PartialTeamResponse]
    """

    kwargs = _get_kwargs(
        fields=fields,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    fields: list[TeamRetrieveFieldsItem] | Unset = UNSET,
) -> Error | PartialTeamResponse | None:
    """Your team and its calling rules

     `/api/crm/team`: the token's team, whose calling rules every contact's
    `next_callable_at` and the `callableNow` filter follow.

    Args:
        fields (list[TeamRetrieveFieldsItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PartialTeamResponse
    """

    return sync_detailed(
        client=client,
        fields=fields,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    fields: list[TeamRetrieveFieldsItem] | Unset = UNSET,
) -> Response[Error | PartialTeamResponse]:
    """Your team and its calling rules

     `/api/crm/team`: the token's team, whose calling rules every contact's
    `next_callable_at` and the `callableNow` filter follow.

    Args:
        fields (list[TeamRetrieveFieldsItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PartialTeamResponse]
    """

    kwargs = _get_kwargs(
        fields=fields,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    fields: list[TeamRetrieveFieldsItem] | Unset = UNSET,
) -> Error | PartialTeamResponse | None:
    """Your team and its calling rules

     `/api/crm/team`: the token's team, whose calling rules every contact's
    `next_callable_at` and the `callableNow` filter follow.

    Args:
        fields (list[TeamRetrieveFieldsItem] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PartialTeamResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            fields=fields,
        )
    ).parsed
