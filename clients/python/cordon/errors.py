"""CordonError: a failed call with its google.rpc.Status details decoded."""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import grpc

from cordon._gen.google.rpc import error_details_pb2, status_pb2

_DETAILS_KEY = "grpc-status-details-bin"


class FieldViolation:
    """One bad field of a request (google.rpc.BadRequest)."""

    __slots__ = ("field", "description")

    def __init__(self, field: str, description: str) -> None:
        self.field = field
        self.description = description

    def __repr__(self) -> str:
        return f"FieldViolation({self.field!r}, {self.description!r})"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, FieldViolation) and
                (self.field, self.description) == (other.field,
                                                   other.description))


class CordonError(grpc.RpcError, Exception):
    """A call Cordon (or the transport) answered with an error.

    It is also a grpc.RpcError, so `except grpc.RpcError` still catches it;
    `code` is an attribute (a grpc.StatusCode), not grpc.Call's method.
    """

    def __init__(self,
                 code: grpc.StatusCode,
                 message: str,
                 reason: str = "",
                 domain: str = "",
                 metadata: Optional[Dict[str, str]] = None,
                 field_violations: Optional[List[FieldViolation]] = None,
                 trailers: Tuple[Tuple[str, object], ...] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        # ErrorInfo: a stable UPPER_SNAKE_CASE reason, e.g. ETAG_MISMATCH.
        self.reason = reason
        self.domain = domain
        self.metadata: Dict[str, str] = dict(metadata or {})
        self.field_violations: List[FieldViolation] = list(field_violations
                                                           or [])
        self._trailers = trailers

    @classmethod
    def from_rpc_error(cls, error: grpc.RpcError) -> "CordonError":
        """Decodes a raw stub's error (a grpc.Call); a CordonError is kept."""
        if isinstance(error, CordonError):
            return error
        code = _call(error, "code", grpc.StatusCode.UNKNOWN)
        message = _call(error, "details", "") or ""
        trailers = tuple(_call(error, "trailing_metadata", ()) or ())
        decoded = cls(code, message, trailers=trailers)
        for key, value in trailers:
            if key == _DETAILS_KEY and isinstance(value, bytes):
                decoded._decode_status(value)
        return decoded

    def _decode_status(self, blob: bytes) -> None:
        status = status_pb2.Status.FromString(blob)
        if status.message:
            self.message = status.message
        for detail in status.details:
            info = error_details_pb2.ErrorInfo()
            bad_request = error_details_pb2.BadRequest()
            if detail.Unpack(info):
                self.reason, self.domain = info.reason, info.domain
                self.metadata.update(info.metadata)
            elif detail.Unpack(bad_request):
                self.field_violations += [
                    FieldViolation(v.field, v.description)
                    for v in bad_request.field_violations
                ]

    @property
    def field(self) -> str:
        """The first bad field, or "" when the error names none."""
        return self.field_violations[0].field if self.field_violations else ""

    @property
    def oldest_cursor(self) -> Optional[int]:
        """OUT_OF_RANGE from WatchEvents: the oldest cursor still kept."""
        value = self.metadata.get("oldest_cursor")
        return int(value) if value is not None and value.isdigit() else None

    # grpc.Call's accessors, so the error reads like the raw one.
    def details(self) -> str:
        return self.message

    def trailing_metadata(self) -> Tuple[Tuple[str, object], ...]:
        return self._trailers

    def __str__(self) -> str:
        """One line: `INVALID_ARGUMENT (FIELD_INVALID, field identity.upn):
        the message`."""
        extra = [self.reason] if self.reason else []
        extra += [f"field {v.field}" for v in self.field_violations]
        suffix = f" ({', '.join(extra)})" if extra else ""
        text = f"{self.code.name}{suffix}"
        if self.message:
            text += f": {self.message}"
        return " ".join(text.split())

    def __repr__(self) -> str:
        return f"CordonError({self})"


def _call(error: object, method: str, default: object) -> object:
    accessor = getattr(error, method, None)
    if not callable(accessor):
        return default
    try:
        return accessor()
    except Exception:  # a half-formed error object must not mask the first
        return default
