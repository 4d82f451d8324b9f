"""Send an incident report and wait, through WatchEvents, until each of its
identities is isolated (or cannot be: LIMITED, AWAITING_CONFIRMATION)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Dict, FrozenSet, Iterator, Optional

import grpc

from cordon._gen import messages as m
from cordon.errors import CordonError
from cordon.names import parent_of, parse_name

if TYPE_CHECKING:
    from cordon.client import Client

# Where an identity's isolation stops moving on its own (identity.proto).
SETTLED: FrozenSet[int] = frozenset(
    {m.Identity.ISOLATED, m.Identity.LIMITED, m.Identity.AWAITING_CONFIRMATION})


@dataclass
class SendResult:
    report: m.IncidentReport
    # Identity name -> the identity as last seen (its isolation_state).
    identities: Dict[str, m.Identity] = field(default_factory=dict)


def _settled(identity: m.Identity, settled: FrozenSet[int]) -> bool:
    # ISO-7 and ISO-12: Cordon never acts on these, nothing will change.
    return (identity.isolation_state in settled or
            identity.excluded_from_isolation or identity.deleted_in_tenant)


def _newer(event: m.Event, known: m.Identity) -> bool:
    # A Get may have read a state newer than an event still in flight.
    return event.identity.update_time.ToNanoseconds() >= \
        known.update_time.ToNanoseconds()


def _follow(events: Iterator[m.Event], result: SendResult,
            settled: FrozenSet[int]) -> None:
    pending = {n for n, i in result.identities.items()
               if not _settled(i, settled)}
    for event in events if pending else ():
        name = event.resource
        if (event.type != m.Event.IDENTITY_STATE_CHANGED or
                name not in pending or not event.HasField("identity")):
            continue
        if _newer(event, result.identities[name]):
            result.identities[name] = event.identity
            if _settled(event.identity, settled):
                pending.discard(name)
        if not pending:
            return


def send_and_wait(client: "Client",
                  report: str,
                  timeout: float = 120.0,
                  settled: FrozenSet[int] = SETTLED,
                  clock: Callable[[], float] = time.monotonic) -> SendResult:
    """Opens a watch, waits for its first BOOKMARK (so nothing after it can
    be missed), sends `report` and follows IDENTITY_STATE_CHANGED until every
    identity of the report is settled. Past `timeout` seconds: CordonError
    DEADLINE_EXCEEDED (reason WAIT_DEADLINE_EXCEEDED) naming the identities
    still moving."""
    pairs = parse_name(report)
    deadline = clock() + timeout
    events = client.watch_events("accounts/" + pairs["accounts"],
                                 organization=parent_of(report),
                                 types=[m.Event.IDENTITY_STATE_CHANGED],
                                 timeout=timeout)
    result: Optional[SendResult] = None
    try:
        next(events)  # the BOOKMARK: the stream is live from here on

        def left() -> float:
            return max(0.001, deadline - clock())

        sent = client.stubs.incident.SendIncidentReport(
            m.SendIncidentReportRequest(name=report), timeout=left())
        result = SendResult(sent)
        for name in sent.identities:
            result.identities[name] = client.stubs.identity.GetIdentity(
                m.GetIdentityRequest(name=name), timeout=left())
        _follow(events, result, settled)
        return result
    except CordonError as error:
        if error.code != grpc.StatusCode.DEADLINE_EXCEEDED:
            raise
        raise _not_settled(report, result, settled) from None
    finally:
        events.close()


def _not_settled(report: str, result: Optional[SendResult],
                 settled: FrozenSet[int]) -> CordonError:
    moving = {} if result is None else {
        n: m.Identity.IsolationState.Name(i.isolation_state)
        for n, i in result.identities.items() if not _settled(i, settled)
    }
    listed = ", ".join(f"{n} {s}" for n, s in moving.items()) or "unknown"
    return CordonError(grpc.StatusCode.DEADLINE_EXCEEDED,
                       f"{report}: not isolated by the deadline: {listed}",
                       reason="WAIT_DEADLINE_EXCEEDED",
                       metadata={"pending": ",".join(moving)})
