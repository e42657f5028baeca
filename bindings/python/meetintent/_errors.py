"""Exceptions raised for failing C calls, and the _check() helper."""

import enum

from ._lib import lib

__all__ = ["Status", "MeetintentError", "IOFailureError", "CorruptModelError",
           "ParseError", "ClosedModelError", "_check"]


class Status(enum.IntEnum):
    """The mi_status codes of meetintent.h (never renumbered)."""

    OK = 0
    ERR_INVALID_ARGUMENT = 1
    ERR_IO = 2
    ERR_CORRUPT_MODEL = 3
    ERR_UNSUPPORTED_VERSION = 4
    ERR_PARSE = 5
    ERR_OUT_OF_MEMORY = 6
    ERR_INTERNAL = 7
    ERR_NULL_ARGUMENT = 8
    ERR_BUFFER_TOO_SMALL = 9
    ERR_UNKNOWN_LABEL = 10
    ERR_ABI_MISMATCH = 11


class MeetintentError(Exception):
    """A meetintent C function failed.

    Attributes:
      status: the mi_status code (int; compare with meetintent.Status).
      status_name: its C name, e.g. "MI_ERR_CORRUPT_MODEL".
      message: the reason given by mi_last_error_message().
    """

    def __init__(self, status, message="", status_name=None):
        self.status = int(status)
        if status_name is None:
            status_name = lib.mi_status_name(self.status).decode("ascii", "replace")
        self.status_name = status_name
        self.message = message
        super().__init__(status, message, status_name)

    def __str__(self):
        return "%s: %s" % (self.status_name, self.message) if self.message else self.status_name


class IOFailureError(MeetintentError):
    """MI_ERR_IO: a file could not be opened, read or written."""


class CorruptModelError(MeetintentError):
    """MI_ERR_CORRUPT_MODEL: a model file or buffer is malformed."""


class ParseError(MeetintentError):
    """MI_ERR_PARSE: training data could not be parsed."""


class ClosedModelError(ValueError):
    """A Model was used after close()."""


_CLASSES = {
    Status.ERR_IO: IOFailureError,
    Status.ERR_CORRUPT_MODEL: CorruptModelError,
    Status.ERR_PARSE: ParseError,
}


def _check(rc):
    """Raises the MeetintentError for a failing mi_status; returns None for MI_OK.

    Must be called on the thread that made the failing call, right after it:
    the C library keeps the last error message per thread.
    """
    if rc == 0:
        return
    message = lib.mi_last_error_message()
    message = message.decode("utf-8", "replace") if message else ""
    raise _CLASSES.get(rc, MeetintentError)(rc, message)
