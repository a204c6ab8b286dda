from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.contact_batch_request_request import ContactBatchRequestRequest
from ...models.contact_batch_response import ContactBatchResponse
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ContactBatchRequestRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/crm/contacts/batch",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ContactBatchResponse | Error | None:
    if response.status_code == 200:
        response_200 = ContactBatchResponse.from_dict(response.json())

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
) -> Response[ContactBatchResponse | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ContactBatchRequestRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[ContactBatchResponse | Error]:
    """Create, update, upsert or archive up to 100 contacts

     Each operation (`create`, `update` by `id`, `upsert`, `archive` by `id`) is checked and written as
    its single endpoint would, and answered in order with that endpoint's status and record or error.
    Without `atomic`, a failed operation writes nothing and the others go on; with `"atomic": true`, any
    failure writes nothing at all and answers a 400 `batch_failed` naming every failed operation.
    `update` and `archive` take an optional `ifMatch` (an ETag). An `Idempotency-Key` covers the whole
    batch; for rate limits it counts one request per operation.

    Args:
        idempotency_key (str | Unset):
        body (ContactBatchRequestRequest): The body of a batch: the operations, and whether they
            succeed or fail together.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContactBatchResponse | Error]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: ContactBatchRequestRequest,
    idempotency_key: str | Unset = UNSET,
) -> ContactBatchResponse | Error | None:
    """Create, update, upsert or archive up to 100 contacts

     Each operation (`create`, `update` by `id`, `upsert`, `archive` by `id`) is checked and written as
    its single endpoint would, and answered in order with that endpoint's status and record or error.
    Without `atomic`, a failed operation writes nothing and the others go on; with `"atomic": true`, any
    failure writes nothing at all and answers a 400 `batch_failed` naming every failed operation.
    `update` and `archive` take an optional `ifMatch` (an ETag). An `Idempotency-Key` covers the whole
    batch; for rate limits it counts one request per operation.

    Args:
        idempotency_key (str | Unset):
        body (ContactBatchRequestRequest): The body of a batch: the operations, and whether they
            succeed or fail together.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContactBatchResponse | Error
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ContactBatchRequestRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[ContactBatchResponse | Error]:
    """Create, update, upsert or archive up to 100 contacts

     Each operation (`create`, `update` by `id`, `upsert`, `archive` by `id`) is checked and written as
    its single endpoint would, and answered in order with that endpoint's status and record or error.
    Without `atomic`, a failed operation writes nothing and the others go on; with `"atomic": true`, any
    failure writes nothing at all and answers a 400 `batch_failed` naming every failed operation.
    `update` and `archive` take an optional `ifMatch` (an ETag). An `Idempotency-Key` covers the whole
    batch; for rate limits it counts one request per operation.

    Args:
        idempotency_key (str | Unset):
        body (ContactBatchRequestRequest): The body of a batch: the operations, and whether they
            succeed or fail together.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContactBatchResponse | Error]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ContactBatchRequestRequest,
    idempotency_key: str | Unset = UNSET,
) -> ContactBatchResponse | Error | None:
    """Create, update, upsert or archive up to 100 contacts

     Each operation (`create`, `update` by `id`, `upsert`, `archive` by `id`) is checked and written as
    its single endpoint would, and answered in order with that endpoint's status and record or error.
    Without `atomic`, a failed operation writes nothing and the others go on; with `"atomic": true`, any
    failure writes nothing at all and answers a 400 `batch_failed` naming every failed operation.
    `update` and `archive` take an optional `ifMatch` (an ETag). An `Idempotency-Key` covers the whole
    batch; for rate limits it counts one request per operation.

    Args:
        idempotency_key (str | Unset):
        body (ContactBatchRequestRequest): The body of a batch: the operations, and whether they
            succeed or fail together.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContactBatchResponse | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
