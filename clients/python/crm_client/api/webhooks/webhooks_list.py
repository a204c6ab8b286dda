from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.partial_webhook_endpoint_list_response import PartialWebhookEndpointListResponse
from ...models.webhooks_list_fields_item import WebhooksListFieldsItem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    active: bool | Unset = UNSET,
    count: bool | Unset = True,
    cursor: str | Unset = UNSET,
    fields: list[WebhooksListFieldsItem] | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    team_id: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["active"] = active

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

    params["teamId"] = team_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/crm/webhooks",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PartialWebhookEndpointListResponse | None:
    if response.status_code == 200:
        response_200 = PartialWebhookEndpointListResponse.from_dict(response.json())

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
) -> Response[Error | PartialWebhookEndpointListResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    active: bool | Unset = UNSET,
    count: bool | Unset = True,
    cursor: str | Unset = UNSET,
    fields: list[WebhooksListFieldsItem] | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    team_id: str,
) -> Response[Error | PartialWebhookEndpointListResponse]:
    """List webhooks

     `GET /api/crm/webhooks`: teamId (required), and `active` to list only the enabled or
    only the disabled endpoints.

    Args:
        active (bool | Unset):
        count (bool | Unset):  Default: True.
        cursor (str | Unset):
        fields (list[WebhooksListFieldsItem] | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PartialWebhookEndpointListResponse]
    """

    kwargs = _get_kwargs(
        active=active,
        count=count,
        cursor=cursor,
        fields=fields,
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
    active: bool | Unset = UNSET,
    count: bool | Unset = True,
    cursor: str | Unset = UNSET,
    fields: list[WebhooksListFieldsItem] | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    team_id: str,
) -> Error | PartialWebhookEndpointListResponse | None:
    """List webhooks

     `GET /api/crm/webhooks`: teamId (required), and `active` to list only the enabled or
    only the disabled endpoints.

    Args:
        active (bool | Unset):
        count (bool | Unset):  Default: True.
        cursor (str | Unset):
        fields (list[WebhooksListFieldsItem] | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PartialWebhookEndpointListResponse
    """

    return sync_detailed(
        client=client,
        active=active,
        count=count,
        cursor=cursor,
        fields=fields,
        limit=limit,
        offset=offset,
        team_id=team_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    active: bool | Unset = UNSET,
    count: bool | Unset = True,
    cursor: str | Unset = UNSET,
    fields: list[WebhooksListFieldsItem] | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    team_id: str,
) -> Response[Error | PartialWebhookEndpointListResponse]:
    """List webhooks

     `GET /api/crm/webhooks`: teamId (required), and `active` to list only the enabled or
    only the disabled endpoints.

    Args:
        active (bool | Unset):
        count (bool | Unset):  Default: True.
        cursor (str | Unset):
        fields (list[WebhooksListFieldsItem] | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PartialWebhookEndpointListResponse]
    """

    kwargs = _get_kwargs(
        active=active,
        count=count,
        cursor=cursor,
        fields=fields,
        limit=limit,
        offset=offset,
        team_id=team_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    active: bool | Unset = UNSET,
    count: bool | Unset = True,
    cursor: str | Unset = UNSET,
    fields: list[WebhooksListFieldsItem] | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    team_id: str,
) -> Error | PartialWebhookEndpointListResponse | None:
    """List webhooks

     `GET /api/crm/webhooks`: teamId (required), and `active` to list only the enabled or
    only the disabled endpoints.

    Args:
        active (bool | Unset):
        count (bool | Unset):  Default: True.
        cursor (str | Unset):
        fields (list[WebhooksListFieldsItem] | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.
        team_id (str):  Example: team_01h455vb4pex5vsknk084sn02q.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PartialWebhookEndpointListResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            active=active,
            count=count,
            cursor=cursor,
            fields=fields,
            limit=limit,
            offset=offset,
            team_id=team_id,
        )
    ).parsed
