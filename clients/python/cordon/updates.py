"""Etag-aware updates for any resource with an Update RPC (AIP-134/154)."""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Tuple

from google.protobuf import descriptor_pool
from google.protobuf.field_mask_pb2 import FieldMask
from google.protobuf.message import Message

from cordon._gen import messages


def _update_method(stubs: Mapping[str, Any],
                   resource: Message) -> Tuple[Any, Message]:
    """The raw stub method Update<Type> and a fresh request for it."""
    rpc = "Update" + resource.DESCRIPTOR.name
    pool = descriptor_pool.Default()
    for service, stub in stubs.items():
        method = getattr(stub, rpc, None)
        if method is None:
            continue
        request_type = pool.FindServiceByName(service).FindMethodByName(
            rpc).input_type
        return method, getattr(messages, request_type.name)()
    raise TypeError(f"no {rpc} RPC for {resource.DESCRIPTOR.full_name}")


def build_update(stubs: Mapping[str, Any], resource: Message,
                 paths: Iterable[str],
                 require_etag: bool) -> Tuple[Any, Message]:
    """The method and request that change `paths` of `resource` if its etag
    is still the current one (else the server answers ABORTED)."""
    paths = list(paths)
    if not paths:
        raise ValueError("an update needs at least one field path")
    if require_etag and not getattr(resource, "etag", ""):
        raise ValueError(
            f"{resource.DESCRIPTOR.name} has no etag: read it first, or pass "
            "require_etag=False to overwrite whatever is stored")
    method, request = _update_method(stubs, resource)
    for field in request.DESCRIPTOR.fields:
        if field.message_type is resource.DESCRIPTOR:
            getattr(request, field.name).CopyFrom(resource)
    request.update_mask.CopyFrom(FieldMask(paths=paths))
    return method, request
