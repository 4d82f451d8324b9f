"""watch_events and send_and_wait against a fake EventService (plus fake
incident and identity services) in a real grpc.server. The real server's
WatchEvents is tested in test_real_watch.py."""

from __future__ import annotations

import random
import threading
from typing import Callable, Iterator, List

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

import cordon
from cordon import v1
from cordon._gen.cordon.v1 import (event_pb2_grpc, identity_pb2_grpc,
                                   incident_pb2_grpc)
from conftest import FakeSleep, status_details

Script = Callable[[v1.WatchEventsRequest, grpc.ServicerContext], Iterator]
REPORT = "accounts/1/organizations/2/incidentReports/3"
IDS = ["accounts/1/organizations/2/identities/4",
       "accounts/1/organizations/2/identities/5"]


def bookmark(cursor: int) -> v1.Event:
    return v1.Event(cursor=cursor, type=v1.Event.BOOKMARK)


def state(cursor: int, name: str, value: int, second: int) -> v1.Event:
    return v1.Event(cursor=cursor, type=v1.Event.IDENTITY_STATE_CHANGED,
                    resource=name,
                    identity=v1.Identity(name=name, isolation_state=value,
                                         update_time=Timestamp(seconds=second)))


def hold_open(context: grpc.ServicerContext) -> Iterator:
    """Keeps a stream open, quietly, until the client goes away."""
    done = threading.Event()
    context.add_callback(done.set)
    done.wait(30)
    return iter(())


class FakeEvents(event_pb2_grpc.EventServiceServicer):
    """Each WatchEvents call plays the next script."""

    def __init__(self, scripts: List[Script]) -> None:
        self.scripts = scripts
        self.requests: List[v1.WatchEventsRequest] = []

    def WatchEvents(self, request, context):
        self.requests.append(request)
        yield from self.scripts[len(self.requests) - 1](request, context)


def watch_client(fake, scripts: List[Script], attempts: int = 3):
    events = FakeEvents(scripts)
    fake.add(event_pb2_grpc.add_EventServiceServicer_to_server, events)
    fake.server.start()
    sleep = FakeSleep()
    policy = cordon.RetryPolicy(max_attempts=attempts, sleep=sleep,
                                rng=random.Random(1))
    return fake.client(retry=policy), events, sleep


def test_watch_resumes_from_the_last_cursor_after_a_disconnect(fake):
    def first(request, context):
        yield from [bookmark(5), state(6, IDS[0], 2, 1), bookmark(9)]
        context.abort(grpc.StatusCode.UNAVAILABLE, "server restarting")

    def second(request, context):
        yield from [bookmark(9), state(10, IDS[0], 3, 2)]
        yield from hold_open(context)

    client, served, sleep = watch_client(fake, [first, second])
    stream = client.watch_events("accounts/1", from_oldest=True,
                                 types=[v1.Event.IDENTITY_STATE_CHANGED])
    cursors = [next(stream).cursor for _ in range(5)]
    stream.close()
    assert cursors == [5, 6, 9, 9, 10]
    assert served.requests[0].from_oldest and served.requests[0].parent == \
        "accounts/1"
    resumed = served.requests[1]
    assert (resumed.after_cursor, resumed.from_oldest) == (9, False)
    assert list(resumed.types) == [v1.Event.IDENTITY_STATE_CHANGED]
    assert len(sleep.waits) == 1


def test_watch_reopens_a_stream_the_server_ended(fake):
    def ended(request, context):
        yield bookmark(3)

    def second(request, context):
        yield state(4, IDS[0], v1.Identity.ISOLATED, 1)
        yield from hold_open(context)

    client, served, _ = watch_client(fake, [ended, second])
    stream = client.watch_events("accounts/1", after_cursor=2)
    assert [next(stream).cursor, next(stream).cursor] == [3, 4]
    stream.close()
    assert [r.after_cursor for r in served.requests] == [2, 3]


def test_watch_out_of_range_raises_with_the_oldest_cursor(fake):
    def expired(request, context):
        context.set_trailing_metadata([
            ("grpc-status-details-bin",
             status_details(grpc.StatusCode.OUT_OF_RANGE, "cursor expired",
                            "CURSOR_EXPIRED", {"oldest_cursor": "42"}))
        ])
        context.abort(grpc.StatusCode.OUT_OF_RANGE, "cursor expired")
        yield  # a generator, like every WatchEvents

    client, served, sleep = watch_client(fake, [expired])
    with pytest.raises(cordon.CordonError) as raised:
        next(client.watch_events("accounts/1", after_cursor=3))
    assert raised.value.code == grpc.StatusCode.OUT_OF_RANGE
    assert raised.value.oldest_cursor == 42
    assert raised.value.reason == "CURSOR_EXPIRED"
    assert served.requests[0].after_cursor == 3 and sleep.waits == []


def test_watch_gives_up_after_repeated_failures(fake):
    def down(request, context):
        context.abort(grpc.StatusCode.UNAVAILABLE, "down")
        yield

    client, served, sleep = watch_client(fake, [down] * 3, attempts=3)
    with pytest.raises(cordon.CordonError) as raised:
        next(client.watch_events("accounts/1"))
    assert raised.value.code == grpc.StatusCode.UNAVAILABLE
    assert len(served.requests) == 3 and len(sleep.waits) == 2


class FakeIncidents(incident_pb2_grpc.IncidentServiceServicer):

    def __init__(self) -> None:
        self.sent = threading.Event()

    def SendIncidentReport(self, request, context):
        self.sent.set()
        return v1.IncidentReport(name=request.name, identities=IDS)


class FakeIdentities(identity_pb2_grpc.IdentityServiceServicer):

    def GetIdentity(self, request, context):
        return v1.Identity(name=request.name, isolation_state=v1.Identity.ACTIVE,
                           update_time=Timestamp(seconds=10))


def flow_client(fake, after_send: List[v1.Event]):
    incidents = FakeIncidents()

    def watch(request, context):
        yield bookmark(1)
        if not incidents.sent.wait(10):  # the report is sent after BOOKMARK
            return
        yield from after_send
        yield from hold_open(context)

    fake.add(incident_pb2_grpc.add_IncidentServiceServicer_to_server,
             incidents)
    fake.add(identity_pb2_grpc.add_IdentityServiceServicer_to_server,
             FakeIdentities())
    client, served, _ = watch_client(fake, [watch])
    return client, served


def test_send_and_wait_returns_once_every_identity_is_settled(fake):
    client, served = flow_client(fake, [
        state(2, IDS[0], v1.Identity.ACTIVE, 9),  # older than the Get: kept out
        state(3, IDS[0], v1.Identity.ISOLATING, 11),
        state(4, "accounts/1/organizations/2/identities/99",
              v1.Identity.ISOLATED, 11),  # not in the report
        state(5, IDS[1], v1.Identity.LIMITED, 11),
        state(6, IDS[0], v1.Identity.ISOLATED, 12),
    ])
    result = client.send_and_wait(REPORT, timeout=10)
    assert result.report.name == REPORT
    assert {n: i.isolation_state for n, i in result.identities.items()} == {
        IDS[0]: v1.Identity.ISOLATED, IDS[1]: v1.Identity.LIMITED}
    watched = served.requests[0]
    assert watched.organization == "accounts/1/organizations/2"
    assert list(watched.types) == [v1.Event.IDENTITY_STATE_CHANGED]


def test_send_and_wait_names_what_did_not_settle_by_the_deadline(fake):
    client, _ = flow_client(fake, [state(2, IDS[1], v1.Identity.ISOLATED, 11)])
    with pytest.raises(cordon.CordonError) as raised:
        client.send_and_wait(REPORT, timeout=0.5)
    error = raised.value
    assert error.code == grpc.StatusCode.DEADLINE_EXCEEDED
    assert error.reason == "WAIT_DEADLINE_EXCEEDED"
    assert error.metadata["pending"] == IDS[0]
    assert f"{IDS[0]} ACTIVE" in str(error)
