"""How calls are retried: UNAVAILABLE, exponential backoff with jitter."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Callable, FrozenSet

import grpc


@dataclass
class RetryPolicy:
    """Attempts and backoff for unary calls and watch reconnects.

    Attempt n (0-based) that fails with a retryable code waits a random time
    in [b/2, b] with b = min(max_backoff, initial_backoff * multiplier**n)
    ("equal jitter": clients that failed together do not retry together,
    and the wait still grows). `sleep` and `rng` are there for tests.
    """

    max_attempts: int = 5
    initial_backoff: float = 0.1
    max_backoff: float = 5.0
    multiplier: float = 2.0
    retryable: FrozenSet[grpc.StatusCode] = frozenset(
        {grpc.StatusCode.UNAVAILABLE})
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if not 0 < self.initial_backoff <= self.max_backoff:
            raise ValueError("need 0 < initial_backoff <= max_backoff")

    def backoff(self, attempt: int) -> float:
        """The wait after failed attempt `attempt` (0-based)."""
        ceiling = min(self.max_backoff,
                      self.initial_backoff * self.multiplier**attempt)
        return self.rng.uniform(ceiling / 2, ceiling)

    def should_retry(self, code: grpc.StatusCode, attempt: int) -> bool:
        return code in self.retryable and attempt + 1 < self.max_attempts


NO_RETRY = RetryPolicy(max_attempts=1)
