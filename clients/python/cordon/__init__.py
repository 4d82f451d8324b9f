"""Cordon's Python SDK. See docs/sdk-python.md."""

from cordon import names, v1
from cordon.client import Client
from cordon.errors import CordonError, FieldViolation
from cordon.flows import SendResult
from cordon.paging import items, pages
from cordon.retry import NO_RETRY, RetryPolicy

__all__ = [
    "Client", "CordonError", "FieldViolation", "NO_RETRY", "RetryPolicy",
    "SendResult", "items", "names", "pages", "v1"
]
