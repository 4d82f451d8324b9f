"""Retries, deadlines, the API key and request_id, against a fake
IdentityService in a real grpc.server: no sleeps (RetryPolicy.sleep is a
recorder)."""

from __future__ import annotations

import random
from typing import List

import grpc
import pytest

import cordon
from cordon import v1
from cordon._gen.cordon.v1 import identity_pb2_grpc
from conftest import FakeSleep


class FlakyIdentities(identity_pb2_grpc.IdentityServiceServicer):
    """Answers UNAVAILABLE `failures` times, then (or with `code`) for ever."""

    def __init__(self, failures: int,
                 code: grpc.StatusCode = grpc.StatusCode.UNAVAILABLE) -> None:
        self.failures = failures
        self.code = code
        self.request_ids: List[str] = []
        self.keys: List[str] = []
        self.time_left: List[float] = []

    def CreateIdentity(self, request, context):
        self.request_ids.append(request.request_id)
        self.keys.append(dict(context.invocation_metadata())["authorization"])
        self.time_left.append(context.time_remaining())
        if len(self.request_ids) <= self.failures:
            context.abort(self.code, "try again")
        return v1.Identity(name=request.parent + "/identities/1",
                           upn=request.identity.upn)

    def GetIdentity(self, request, context):
        self.request_ids.append(getattr(request, "request_id", ""))
        return v1.Identity(name=request.name)


def serve(fake, servicer, attempts: int = 5, timeout: float = 30.0):
    fake.add(identity_pb2_grpc.add_IdentityServiceServicer_to_server, servicer)
    fake.server.start()
    sleep = FakeSleep()
    policy = cordon.RetryPolicy(max_attempts=attempts, initial_backoff=0.1,
                                max_backoff=0.3, sleep=sleep,
                                rng=random.Random(7))
    return fake.client(retry=policy, timeout=timeout), sleep


def test_unavailable_is_retried_with_one_request_id(fake):
    servicer = FlakyIdentities(failures=3)
    client, sleep = serve(fake, servicer)
    request = v1.Identity(upn="a@contoso.com")
    made = client.create_identity("accounts/1/organizations/2", request)
    assert made.upn == "a@contoso.com"
    assert len(servicer.request_ids) == 4
    # Generated once, before the first attempt: the server sees one create.
    assert servicer.request_ids[0] and len(set(servicer.request_ids)) == 1
    assert servicer.keys == ["Bearer test-key"] * 4


def test_backoff_grows_with_jitter_and_a_cap(fake):
    client, sleep = serve(fake, FlakyIdentities(failures=4))
    client.create_identity("accounts/1/organizations/2", v1.Identity())
    ceilings = [0.1, 0.2, 0.3, 0.3]  # 0.1 * 2**n, capped at max_backoff
    assert len(sleep.waits) == 4
    for wait, ceiling in zip(sleep.waits, ceilings):
        assert ceiling / 2 <= wait <= ceiling
    assert len(set(sleep.waits)) == 4  # jittered, not a fixed schedule


def test_gives_up_after_max_attempts(fake):
    servicer = FlakyIdentities(failures=100)
    client, sleep = serve(fake, servicer, attempts=3)
    with pytest.raises(cordon.CordonError) as raised:
        client.create_identity("accounts/1/organizations/2", v1.Identity())
    assert raised.value.code == grpc.StatusCode.UNAVAILABLE
    assert len(servicer.request_ids) == 3 and len(sleep.waits) == 2


def test_other_codes_are_not_retried(fake):
    servicer = FlakyIdentities(failures=100,
                               code=grpc.StatusCode.FAILED_PRECONDITION)
    client, sleep = serve(fake, servicer)
    with pytest.raises(cordon.CordonError) as raised:
        client.create_identity("accounts/1/organizations/2", v1.Identity())
    assert raised.value.code == grpc.StatusCode.FAILED_PRECONDITION
    assert len(servicer.request_ids) == 1 and sleep.waits == []


def test_no_retry_past_the_deadline(fake):
    # The backoff (>= 0.05 s) does not fit in what is left of 0.04 s.
    servicer = FlakyIdentities(failures=100)
    client, sleep = serve(fake, servicer, timeout=0.04)
    with pytest.raises(cordon.CordonError):
        client.create_identity("accounts/1/organizations/2", v1.Identity())
    assert len(servicer.request_ids) == 1 and sleep.waits == []


def test_default_deadline_and_caller_request_id(fake):
    servicer = FlakyIdentities(failures=0)
    client, _ = serve(fake, servicer, timeout=7.0)
    request = v1.CreateIdentityRequest(parent="accounts/1/organizations/2",
                                       request_id="mine")
    client.stubs.identity.CreateIdentity(request)  # a raw stub: same rules
    client.stubs.identity.CreateIdentity(request, timeout=60)
    assert servicer.request_ids == ["mine", "mine"]
    # The server's clock rounds; 7 s against 60 s is what matters.
    assert 0 < servicer.time_left[0] <= 7.5 < 30 < servicer.time_left[1]


def test_reads_get_no_request_id_and_the_request_is_not_changed(fake):
    servicer = FlakyIdentities(failures=1)
    client, _ = serve(fake, servicer)
    create = v1.CreateIdentityRequest(parent="accounts/1/organizations/2")
    client.stubs.identity.CreateIdentity(create)
    assert create.request_id == ""  # the caller's message is left alone
    client.get("accounts/1/organizations/2/identities/1")
    assert servicer.request_ids[-1] == ""
