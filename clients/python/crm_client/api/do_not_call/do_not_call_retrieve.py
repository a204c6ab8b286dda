from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.do_not_call_retrieve_fields_item import DoNotCallRetrieveFieldsItem
from ...models.error import Error
from ...models.partial_do_not_call_entry_response import PartialDoNotCallEntryResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    number: str,
    *,
    fields: list[DoNotCallRetrieveFieldsItem] | Unset = UNSET,
    team_id: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_fields: list[str] | Unset = UNSET
    if not isinstance(fields, Unset):
        json_fields = []
        for fields_item_data in fields:
            fields_item = fields_item_data.value
            json_fields.append(fields_item)

    params["fields"] = json_fields

    params["teamId"] = team_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/crm/do-not-call/{number}".format(
            number=quote(str(number), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PartialDoNotCallEntryResponse | None:
    if response.status_code == 200:
        response_200 = PartialDoNotCallEntryResponse.from_dict(response.json())

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
) -> Response[Error | PartialDoNotCallEntryResponse]:
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
    fields: list[DoNotCallRetrieveFieldsItem] | Unset = UNSET,
    team_id: str,
) -> Response[Error | PartialDoNotCallEntryResponse]:
    """Get a number's do-not-call entry

     The number's live entry, with its `ETag` (send it in `If-Match` to take the number off only if it is
    still that entry). A number not on the registry is a 404.

    Args:
        number (str):
        fields (list[DoNotCallRetrieveFieldsItem] | Unset):
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PartialDoNotCallEntryResponse]
    """

    kwargs = _get_kwargs(
        number=number,
        fields=fields,
        team_id=team_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    number: str,
    *,
    client: AuthenticatedClient,
    fields: list[DoNotCallRetrieveFieldsItem] | Unset = UNSET,
    team_id: str,
) -> Error | PartialDoNotCallEntryResponse | None:
    """Get a number's do-not-call entry

     The number's live entry, with its `ETag` (send it in `If-Match` to take the number off only if it is
    still that entry). A number not on the registry is a 404.

    Args:
        number (str):
        fields (list[DoNotCallRetrieveFieldsItem] | Unset):
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PartialDoNotCallEntryResponse
    """

    return sync_detailed(
        number=number,
        client=client,
        fields=fields,
        team_id=team_id,
    ).parsed


async def asyncio_detailed(
    number: str,
    *,
    client: AuthenticatedClient,
    fields: list[DoNotCallRetrieveFieldsItem] | Unset = UNSET,
    team_id: str,
) -> Response[Error | PartialDoNotCallEntryResponse]:
    """Get a number's do-not-call entry

     The number's live entry, with its `ETag` (send it in `If-Match` to take the number off only if it is
    still that entry). A number not on the registry is a 404.

    Args:
        number (str):
        fields (list[DoNotCallRetrieveFieldsItem] | Unset):
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PartialDoNotCallEntryResponse]
    """

    kwargs = _get_kwargs(
        number=number,
        fields=fields,
        team_id=team_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    number: str,
    *,
    client: AuthenticatedClient,
    fields: list[DoNotCallRetrieveFieldsItem] | Unset = UNSET,
    team_id: str,
) -> Error | PartialDoNotCallEntryResponse | None:
    """Get a number's do-not-call entry

     The number's live entry, with its `ETag` (send it in `If-Match` to take the number off only if it is
    still that entry). A number not on the registry is a 404.

    Args:
        number (str):
        fields (list[DoNotCallRetrieveFieldsItem] | Unset):
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PartialDoNotCallEntryResponse
    """

    return (
        await asyncio_detailed(
            number=number,
            client=client,
            fields=fields,
            team_id=team_id,
        )
    ).parsed
