"""What the endpoint answers: a status, a body and its type, headers (picklable: workers send them back)."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["TEXT", "Response"]

TEXT = "text/plain; charset=utf-8"


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str | None = TEXT
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def error(cls, status: int, message: str, **headers: str) -> Response:
        """A one-line plain-text answer (messages never carry a traceback)."""
        return cls(status, (message.rstrip() + "\n").encode("utf-8"), TEXT, dict(headers))
