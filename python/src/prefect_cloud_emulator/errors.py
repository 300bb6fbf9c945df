"""The errors the emulator gives, as exceptions.

The control API answers every error with a status and a JSON body
``{"error": {"code", "message", "field"?}}``; :func:`control_error` turns it into the
:class:`ControlError` subclass for its code. GraphQL answers HTTP 200 with ``errors``, each with
``extensions.code``; :class:`GraphQLError` carries them.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Type


class EmulatorError(Exception):
    """Base class of every error this package raises about the emulator."""


class EmulatorUnreachable(EmulatorError):
    """Nothing answered at the emulator's URL (not started, wrong port, stopped)."""


class EmulatorStartError(EmulatorError):
    """The emulator's process exited, or did not say it was ready in time."""


class ControlError(EmulatorError):
    """An error answered by the control API (``/__emulator/...``).

    Attributes:
        status: the HTTP status.
        code: the stable error code, e.g. ``BAD_USER_INPUT``.
        message: what was wrong, as the emulator says it (never containing a key).
        field: the request field at fault, when the emulator names one.
    """

    code_name: str = ""

    def __init__(self, status: int, code: str, message: str, field: Optional[str] = None) -> None:
        super().__init__(f"{code} ({status}): {message}" + (f" [field: {field}]" if field else ""))
        self.status = status
        self.code = code
        self.message = message
        self.field = field


class BadUserInput(ControlError):
    """400 ``BAD_USER_INPUT``: a bad field (see :attr:`field`), fixture, snapshot or duration."""

    code_name = "BAD_USER_INPUT"


class BadRequest(ControlError):
    """400 ``BAD_REQUEST``: the body was not valid JSON."""

    code_name = "BAD_REQUEST"


class Unauthenticated(ControlError):
    """401 ``UNAUTHENTICATED``: the emulator has an admin token and the request lacked it."""

    code_name = "UNAUTHENTICATED"


class Forbidden(ControlError):
    """403 ``FORBIDDEN``."""

    code_name = "FORBIDDEN"


class NotFound(ControlError):
    """404 ``NOT_FOUND``: an unknown (or deleted) sandbox, or no such route."""

    code_name = "NOT_FOUND"


class PayloadTooLarge(ControlError):
    """413 ``PAYLOAD_TOO_LARGE``: the body is over the emulator's limit."""

    code_name = "PAYLOAD_TOO_LARGE"


_BY_CODE: Dict[str, Type[ControlError]] = {
    cls.code_name: cls for cls in (BadUserInput, BadRequest, Unauthenticated, Forbidden, NotFound, PayloadTooLarge)
}


def control_error(status: int, body: Any) -> ControlError:
    """The exception for a control API error response (any status >= 400)."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return ControlError(status, "HTTP_ERROR", f"HTTP {status} without an error body")
    code = str(error.get("code", "HTTP_ERROR"))
    cls = _BY_CODE.get(code, ControlError)
    field = error.get("field")
    return cls(status, code, str(error.get("message", "")), field if isinstance(field, str) else None)


class GraphQLError(EmulatorError):
    """A GraphQL response with ``errors``.

    Attributes:
        code: the first error's ``extensions.code`` (``UNAUTHENTICATED``, ``FORBIDDEN``,
            ``BAD_USER_INPUT``, ``NOT_FOUND``, ``GRAPHQL_VALIDATION_FAILED``, ...), or None.
        message: the first error's message.
        errors: every error, as the emulator sent them.
        data: the partial ``data``, if any.
    """

    def __init__(self, errors: List[Dict[str, Any]], data: Any = None) -> None:
        first = errors[0] if errors else {}
        extensions = first.get("extensions") or {}
        self.code: Optional[str] = extensions.get("code")
        self.message: str = str(first.get("message", ""))
        self.errors = errors
        self.data = data
        super().__init__(f"{self.code}: {self.message}" if self.code else self.message)
