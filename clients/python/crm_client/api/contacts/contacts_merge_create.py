from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.contact_merge_request import ContactMergeRequest
from ...models.contact_merge_response import ContactMergeResponse
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    body: ContactMergeRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/crm/contacts/{id}/merge".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ContactMergeResponse | Error | None:
    if response.status_code == 200:
        response_200 = ContactMergeResponse.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 410:
        response_410 = Error.from_dict(response.json())

        return response_410

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 414:
        response_414 = Error.from_dict(response.json())

        return response_414

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ContactMergeResponse | Error]:
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
    body: ContactMergeRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[ContactMergeResponse | Error]:
    """Merge contacts into this one

     In one transaction: each field takes the value of the record chosen in `fields`, else this
    contact's, else the first source's that has one; tags unite; custom fields merge key by key (this
    contact's first); do-not-call is kept if any record has it; calls move here. The sources are
    archived with `merged_into_id` pointing here, and their IDs answer 410 `contact_merged`. Merging
    sources already merged here changes nothing. This contact among its sources is a 400; an archived
    one a 409; one merged elsewhere a 410.

    Args:
        id (str):  Example: cont_01h455vb4pex5vsknk084sn02q.
        idempotency_key (str | Unset):
        body (ContactMergeRequest): The body of `POST /api/crm/contacts/{id}/merge`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContactMergeResponse | Error]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    body: ContactMergeRequest,
    idempotency_key: str | Unset = UNSET,
) -> ContactMergeResponse | Error | None:
    """Merge contacts into this one

     In one transaction: each field takes the value of the record chosen in `fields`, else this
    contact's, else the first source's that has one; tags unite; custom fields merge key by key (this
    contact's first); do-not-call is kept if any record has it; calls move here. The sources are
    archived with `merged_into_id` pointing here, and their IDs answer 410 `contact_merged`. Merging
    sources already merged here changes nothing. This contact among its sources is a 400; an archived
    one a 409; one merged elsewhere a 410.

    Args:
        id (str):  Example: cont_01h455vb4pex5vsknk084sn02q.
        idempotency_key (str | Unset):
        body (ContactMergeRequest): The body of `POST /api/crm/contacts/{id}/merge`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContactMergeResponse | Error
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: ContactMergeRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[ContactMergeResponse | Error]:
    """Merge contacts into this one

     In one transaction: each field takes the value of the record chosen in `fields`, else this
    contact's, else the first source's that has one; tags unite; custom fields merge key by key (this
    contact's first); do-not-call is kept if any record has it; calls move here. The sources are
    archived with `merged_into_id` pointing here, and their IDs answer 410 `contact_merged`. Merging
    sources already merged here changes nothing. This contact among its sources is a 400; an archived
    one a 409; one merged elsewhere a 410.

    Args:
        id (str):  Example: cont_01h455vb4pex5vsknk084sn02q.
        idempotency_key (str | Unset):
        body (ContactMergeRequest): The body of `POST /api/crm/contacts/{id}/merge`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContactMergeResponse | Error]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    body: ContactMergeRequest,
    idempotency_key: str | Unset = UNSET,
) -> ContactMergeResponse | Error | None:
    """Merge contacts into this one

     In one transaction: each field takes the value of the record chosen in `fields`, else this
    contact's, else the first source's that has one; tags unite; custom fields merge key by key (this
    contact's first); do-not-call is kept if any record has it; calls move here. The sources are
    archived with `merged_into_id` pointing here, and their IDs answer 410 `contact_merged`. Merging
    sources already merged here changes nothing. This contact among its sources is a 400; an archived
    one a 409; one merged elsewhere a 410.

    Args:
        id (str):  Example: cont_01h455vb4pex5vsknk084sn02q.
        idempotency_key (str | Unset):
        body (ContactMergeRequest): The body of `POST /api/crm/contacts/{id}/merge`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContactMergeResponse | Error
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
