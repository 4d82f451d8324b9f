"""Following WatchEvents across disconnects without missing an event."""

from __future__ import annotations

import time
from typing import Any, Callable, Iterator, Optional

import grpc

from cordon._gen import messages as m
from cordon.errors import CordonError
from cordon.retry import RetryPolicy

# Codes after which the stream is reopened from the last cursor.
_RESUMABLE = frozenset({grpc.StatusCode.UNAVAILABLE})


def _resume_request(first: Any, last_cursor: int) -> Any:
    request = m.WatchEventsRequest()
    request.CopyFrom(first)
    if last_cursor:
        # Cursors increase strictly along a stream (event.proto), so every
        # later event has a larger one: BOOKMARKs count too.
        request.after_cursor = last_cursor
        request.from_oldest = False
    return request


def follow(open_stream: Callable[..., Any],
           request: Any,
           policy: RetryPolicy,
           timeout: Optional[float] = None,
           clock: Callable[[], float] = time.monotonic) -> Iterator[Any]:
    """Events of `open_stream` (the raw WatchEvents method) from `request`
    on, forever or until `timeout` seconds pass (then CordonError
    DEADLINE_EXCEEDED). After a disconnect (UNAVAILABLE, or a stream the
    server ended) it reopens with after_cursor = the last cursor seen,
    backing off as `policy` says; after `policy.max_attempts` streams in a
    row that fail without an event, the last error is raised. OUT_OF_RANGE (the cursor is older
    than the retention) raises a CordonError whose oldest_cursor says where
    the log now starts. Closing the iterator cancels the stream."""
    deadline = None if timeout is None else clock() + timeout
    last_cursor, failures = request.after_cursor, 0
    while True:
        remaining = None if deadline is None else max(0.0, deadline - clock())
        call = open_stream(_resume_request(request, last_cursor),
                           timeout=remaining)
        error: Optional[CordonError] = None
        try:
            for event in call:
                last_cursor, failures = max(last_cursor, event.cursor), 0
                yield event
        except grpc.RpcError as raw:
            error = CordonError.from_rpc_error(raw)
            if error.code not in _RESUMABLE:
                raise error from None
        finally:
            call.cancel()
        wait = policy.backoff(failures)
        if (failures + 1 >= policy.max_attempts or
                deadline is not None and clock() + wait >= deadline):
            raise error or CordonError(grpc.StatusCode.UNAVAILABLE,
                                       "the event stream kept ending")
        policy.sleep(wait)
        failures += 1
