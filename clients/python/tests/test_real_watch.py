"""WatchEvents against the real server."""

from __future__ import annotations

from typing import List

import grpc
import pytest

import cordon
from cordon import v1

REFLECTION = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"


def _fields(blob: bytes) -> List[tuple]:
    """(number, bytes) of the length-delimited fields of a message."""
    out, at = [], 0
    while at < len(blob):
        key, at = _varint(blob, at)
        if key & 7 != 2:
            value, at = _varint(blob, at)
            continue
        size, at = _varint(blob, at)
        out.append((key >> 3, blob[at:at + size]))
        at += size
    return out


def _varint(blob: bytes, at: int) -> tuple:
    value, shift = 0, 0
    while True:
        byte = blob[at]
        value |= (byte & 0x7F) << shift
        at, shift = at + 1, shift + 7
        if byte < 0x80:
            return value, at


def served_services(address: str) -> List[str]:
    """ServerReflection list_services (field 7 of the request; services at
    6 -> 1 -> 1 of the response), read from the wire: grpcio-reflection is
    not packaged for Debian."""
    with grpc.insecure_channel(address) as channel:
        call = channel.stream_stream(REFLECTION, lambda b: b, lambda b: b)
        response = next(call(iter([b"\x3a\x01*"]), timeout=10))
    names = []
    for number, listing in _fields(response):
        if number == 6:
            for _, service in _fields(listing):
                names += [v.decode() for n, v in _fields(service) if n == 1]
    return names


def test_reflection_lists_the_event_service(server):
    assert "cordon.v1.EventService" in served_services(server.address)


def test_real_watch_sees_an_isolation_and_resumes(client,
                                                  organization):
    made = client.create_identity(
        organization,
        v1.Identity(upn="dee@contoso.com", display_name="Dee",
                    source=v1.Identity.CLOUD_ONLY, usage_location="NL"))
    account = cordon.names.parent_of(organization)
    events = client.watch_events(account, organization=organization,
                                 types=[v1.Event.IDENTITY_STATE_CHANGED],
                                 timeout=10)
    bookmark = next(events)
    assert bookmark.type == v1.Event.BOOKMARK
    client.stubs.identity.IsolateIdentity(
        v1.IsolateIdentityRequest(name=made.name, reason="python sdk test"))
    changed = next(e for e in events if e.resource == made.name)
    events.close()
    assert changed.type == v1.Event.IDENTITY_STATE_CHANGED
    assert changed.cursor > bookmark.cursor
    # Resuming from the bookmark replays the same event (nothing is missed).
    again = client.watch_events(account, after_cursor=bookmark.cursor,
                                organization=organization,
                                types=[v1.Event.IDENTITY_STATE_CHANGED],
                                timeout=10)
    replayed = next(e for e in again if e.type != v1.Event.BOOKMARK)
    again.close()
    assert replayed.cursor == changed.cursor
