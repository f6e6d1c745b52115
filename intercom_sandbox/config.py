"""Knobs of the Intercom sandbox, gathered in one dataclass so the CLI, tests and demo share them."""

from __future__ import annotations

from dataclasses import dataclass

# The shapes the sandbox answers with, whatever version a request asks for.
SANDBOX_API_VERSION = "2.10"

# What `Intercom-Version` may say: Intercom's published 2.x versions and Unstable (extend when
# Intercom ships one). A request for any of them gets 2.10 shapes, and the answer says so in
# `X-Sandbox-Api-Version`; anything else is refused the way Intercom refuses an unknown version.
ACCEPTED_API_VERSIONS = (*(f"2.{minor}" for minor in range(17)), "Unstable")

# Intercom spreads its per-minute quota over 10-second windows.
RATE_LIMIT_WINDOW_SECONDS = 10

# Advertised when no limit is configured: large enough that no client ever decides to back off.
UNLIMITED_RATE_LIMIT = 1_000_000


@dataclass
class SandboxConfig:
    """Behaviour of one sandbox instance.

    Attributes:
        seed: how many contacts, companies and conversations to create at start-up.
        rate_limit: requests allowed per 10-second window; ``None`` means unlimited.
        client_secret: OAuth client secret, also the HMAC key for webhook signatures.
        client_id: the only OAuth client id the authorize endpoint accepts.
        webhook_url: where signed notifications are POSTed; ``None`` disables delivery.
        fault_rate: share (0..1) of API requests answered with a 500/503 instead.
        latency_ms: delay added before every API response.
        drop_webhook_rate: share of notifications silently never delivered.
        duplicate_webhook_rate: share of notifications delivered twice with the same id.
        random_seed: makes seeded data, ids and injected faults reproducible.
        access_token: if set, the only static bearer token accepted (OAuth-issued tokens
            still work); if ``None`` any non-empty token is accepted.
        now: freeze the sandbox clock at this unix time (tests of day-granular search);
            ``None`` follows the wall clock.
        webhook_timeout: seconds the sandbox waits for the receiver of a notification.
        webhook_retry_delay: pause before the single retry of a failed delivery (Intercom
            waits about a minute; the sandbox default keeps demos fast).
        default_version: the app's API version setting, used when a request sends no
            `Intercom-Version` header (Intercom falls back to the Developer Hub setting).
    """

    seed: int = 0
    rate_limit: int | None = None
    client_secret: str = "sandbox-client-secret"
    client_id: str = "sandbox-client-id"
    webhook_url: str | None = None
    fault_rate: float = 0.0
    latency_ms: int = 0
    drop_webhook_rate: float = 0.0
    duplicate_webhook_rate: float = 0.0
    random_seed: int = 1234
    access_token: str | None = None
    now: int | None = None
    webhook_timeout: float = 5.0
    webhook_retry_delay: float = 0.5
    default_version: str = SANDBOX_API_VERSION

    def __post_init__(self) -> None:
        if self.seed < 0:
            raise ValueError("seed must be >= 0")
        if self.rate_limit is not None and self.rate_limit < 1:
            raise ValueError("rate_limit must be a positive integer or None")
        for name in ("fault_rate", "drop_webhook_rate", "duplicate_webhook_rate"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
        if self.latency_ms < 0:
            raise ValueError("latency_ms must be >= 0")
        if self.webhook_timeout <= 0 or self.webhook_retry_delay < 0:
            raise ValueError("webhook_timeout must be > 0 and webhook_retry_delay >= 0")
        if self.default_version not in ACCEPTED_API_VERSIONS:
            accepted = ", ".join(ACCEPTED_API_VERSIONS)
            raise ValueError(f"default_version must be one of {accepted}, not {self.default_version!r}")

    def __repr__(self) -> str:
        # Keep secrets out of any log line or traceback that prints the config.
        return (
            f"SandboxConfig(seed={self.seed}, rate_limit={self.rate_limit}, client_id={self.client_id!r}, "
            f"client_secret='***', webhook_url={self.webhook_url!r}, fault_rate={self.fault_rate}, "
            f"latency_ms={self.latency_ms}, drop_webhook_rate={self.drop_webhook_rate}, "
            f"duplicate_webhook_rate={self.duplicate_webhook_rate}, random_seed={self.random_seed}, "
            f"access_token={'***' if self.access_token else None}, now={self.now}, "
            f"default_version={self.default_version!r})"
        )
