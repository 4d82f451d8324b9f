"""What every call on a Client's channel gets, raw stubs included: the API
key, a default deadline, retries of UNAVAILABLE, a request_id on Create*
requests (so a retried create is safe) and decoded errors."""

from __future__ import annotations

import collections
import time
import uuid
from typing import Any, Callable, Optional, Sequence, Tuple

import grpc

from cordon.errors import CordonError
from cordon.retry import RetryPolicy

Metadata = Sequence[Tuple[str, str]]


class _Details(
        collections.namedtuple("_Details",
                               ("method", "timeout", "metadata", "credentials",
                                "wait_for_ready", "compression")),
        grpc.ClientCallDetails):
    pass


def with_request_id(method: str, request: Any) -> Any:
    """A copy of a Create* request with a fresh request_id if it has none."""
    rpc = method.rsplit("/", 1)[-1]
    fields = getattr(getattr(request, "DESCRIPTOR", None), "fields_by_name",
                     {})
    if not rpc.startswith("Create") or "request_id" not in fields:
        return request
    if request.request_id:
        return request
    copy = type(request)()
    copy.CopyFrom(request)
    copy.request_id = str(uuid.uuid4())
    return copy


class CordonInterceptor(grpc.UnaryUnaryClientInterceptor,
                        grpc.UnaryStreamClientInterceptor):

    def __init__(self,
                 metadata: Metadata,
                 default_timeout: Optional[float],
                 policy: RetryPolicy,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._metadata = list(metadata)
        self._timeout = default_timeout
        self._policy = policy
        self._clock = clock

    def _details(self, details: grpc.ClientCallDetails,
                 timeout: Optional[float]) -> _Details:
        metadata = list(details.metadata or []) + self._metadata
        return _Details(details.method, timeout, metadata,
                        details.credentials, details.wait_for_ready,
                        details.compression)

    def intercept_unary_unary(self, continuation: Any,
                              details: grpc.ClientCallDetails,
                              request: Any) -> Any:
        request = with_request_id(details.method, request)
        timeout = details.timeout if details.timeout is not None \
            else self._timeout
        deadline = None if timeout is None else self._clock() + timeout
        attempt = 0
        while True:
            remaining = None if deadline is None else max(
                0.0, deadline - self._clock())
            outcome = continuation(self._details(details, remaining), request)
            error = outcome.exception()
            if error is None:
                return outcome
            if not isinstance(error, grpc.RpcError):
                raise error
            wait = self._policy.backoff(attempt)
            if not self._policy.should_retry(error.code(), attempt) or (
                    deadline is not None and
                    self._clock() + wait >= deadline):
                raise CordonError.from_rpc_error(error) from None
            self._policy.sleep(wait)
            attempt += 1

    def intercept_unary_stream(self, continuation: Any,
                               details: grpc.ClientCallDetails,
                               request: Any) -> Any:
        # Streams have no default deadline (a watch runs for hours) and are
        # resumed by their callers (cordon.watch), not replayed here.
        return continuation(self._details(details, details.timeout), request)
