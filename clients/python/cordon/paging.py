"""Iterators over every page of any List RPC (page_size / page_token /
next_page_token), raw stub methods included."""

from __future__ import annotations

from typing import Any, Callable, Iterator, Optional

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message


def _items_field(response: Message) -> str:
    """The response's one repeated message field (e.g. `identities`)."""
    found = [
        f.name for f in response.DESCRIPTOR.fields
        if f.label == FieldDescriptor.LABEL_REPEATED and f.message_type
    ]
    if len(found) != 1:
        raise TypeError(f"{response.DESCRIPTOR.full_name} is not a List "
                        f"response (repeated fields: {found})")
    return found[0]


def pages(method: Callable[..., Any],
          request: Message,
          page_size: Optional[int] = None,
          **call_options: Any) -> Iterator[Any]:
    """Each response of `method` (e.g. `client.stubs.identity.ListIdentities`)
    from `request`'s page_token on, until next_page_token is empty.

    The request is copied, never changed. `call_options` (timeout=,
    metadata=) go to every call.
    """
    current = type(request)()
    current.CopyFrom(request)
    if page_size is not None:
        current.page_size = page_size
    seen = set()
    while True:
        response = method(current, **call_options)
        yield response
        token = response.next_page_token
        if not token:
            return
        if token in seen:
            raise RuntimeError(f"the server repeated page token {token!r}")
        seen.add(token)
        current.page_token = token


def items(method: Callable[..., Any],
          request: Message,
          page_size: Optional[int] = None,
          **call_options: Any) -> Iterator[Any]:
    """Every item of every page: `for i in items(stub.ListIdentities, req)`."""
    for response in pages(method, request, page_size, **call_options):
        yield from getattr(response, _items_field(response))
