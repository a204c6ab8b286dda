from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.contacts_duplicates_retrieve_kind import ContactsDuplicatesRetrieveKind
from ...models.duplicate_group_list_response import DuplicateGroupListResponse
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    kind: ContactsDuplicatesRetrieveKind | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    team_id: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_kind: str | Unset = UNSET
    if not isinstance(kind, Unset):
        json_kind = kind.value

    params["kind"] = json_kind

    params["limit"] = limit

    params["offset"] = offset

    params["teamId"] = team_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/crm/contacts/duplicates",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DuplicateGroupListResponse | Error | None:
    if response.status_code == 200:
        response_200 = DuplicateGroupListResponse.from_dict(response.json())

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
) -> Response[DuplicateGroupListResponse | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    kind: ContactsDuplicatesRetrieveKind | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    team_id: str,
) -> Response[DuplicateGroupListResponse | Error]:
    """Possible duplicates: contacts sharing a phone, or a name and a company

     Groups of the team's live contacts that share a phone, or a first and last name (ignoring case) and
    a company, by kind then value, each with its contacts oldest first. (Live contacts never share an
    email, ignoring case: a second one is refused with a 409.) Settle a group with `POST
    /api/crm/contacts/{id}/merge`.

    Args:
        kind (ContactsDuplicatesRetrieveKind | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DuplicateGroupListResponse | Error]
    """

    kwargs = _get_kwargs(
        kind=kind,
        limit=limit,
        offset=offset,
        team_id=team_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    kind: ContactsDuplicatesRetrieveKind | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    team_id: str,
) -> DuplicateGroupListResponse | Error | None:
    """Possible duplicates: contacts sharing a phone, or a name and a company

     Groups of the team's live contacts that share a phone, or a first and last name (ignoring case) and
    a company, by kind then value, each with its contacts oldest first. (Live contacts never share an
    email, ignoring case: a second one is refused with a 409.) Settle a group with `POST
    /api/crm/contacts/{id}/merge`.

    Args:
        kind (ContactsDuplicatesRetrieveKind | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DuplicateGroupListResponse | Error
    """

    return sync_detailed(
        client=client,
        kind=kind,
        limit=limit,
        offset=offset,
        team_id=team_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    kind: ContactsDuplicatesRetrieveKind | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    team_id: str,
) -> Response[DuplicateGroupListResponse | Error]:
    """Possible duplicates: contacts sharing a phone, or a name and a company

     Groups of the team's live contacts that share a phone, or a first and last name (ignoring case) and
    a company, by kind then value, each with its contacts oldest first. (Live contacts never share an
    email, ignoring case: a second one is refused with a 409.) Settle a group with `POST
    /api/crm/contacts/{id}/merge`.

    Args:
        kind (ContactsDuplicatesRetrieveKind | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DuplicateGroupListResponse | Error]
    """

    kwargs = _get_kwargs(
        kind=kind,
        limit=limit,
        offset=offset,
        team_id=team_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    kind: ContactsDuplicatesRetrieveKind | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    team_id: str,
) -> DuplicateGroupListResponse | Error | None:
    """Possible duplicates: contacts sharing a phone, or a name and a company

     Groups of the team's live contacts that share a phone, or a first and last name (ignoring case) and
    a company, by kind then value, each with its contacts oldest first. (Live contacts never share an
    email, ignoring case: a second one is refused with a 409.) Settle a group with `POST
    /api/crm/contacts/{id}/merge`.

    Args:
        kind (ContactsDuplicatesRetrieveKind | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DuplicateGroupListResponse | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            kind=kind,
            limit=limit,
            offset=offset,
            team_id=team_id,
        )
    ).parsed
