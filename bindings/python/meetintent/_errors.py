"""Exceptions raised for failing C calls, and the _check() helpers."""

import enum
import errno as _errno
import os
from typing import Optional

from ._lib import lib

__all__ = ["Status", "MeetintentError", "InvalidArgumentError", "IOFailureError",
           "MissingFileError", "CorruptModelError", "ParseError", "ClosedModelError", "_check",
           "_check_path"]


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

    def __init__(self, status: int, message: str = "", status_name: Optional[str] = None):
        self.status = int(status)
        if status_name is None:
            status_name = lib.mi_status_name(self.status).decode("ascii", "replace")
        self.status_name = status_name
        self.message = message
        super().__init__(status, message, status_name)

    def __str__(self) -> str:
        return "%s: %s" % (self.status_name, self.message) if self.message else self.status_name


class InvalidArgumentError(MeetintentError, ValueError):
    """MI_ERR_INVALID_ARGUMENT: a value the library refuses (an option out of
    its range, too few labels...); also a ValueError."""


class IOFailureError(MeetintentError, OSError):
    """MI_ERR_IO: a file could not be opened, read or written.

    Also an OSError: errno (e.g. errno.EACCES) and filename are set when the
    file system tells why; both are None otherwise. A file that does not exist
    raises the subclass MissingFileError, which is a FileNotFoundError.
    """

    def __init__(self, status: int, message: str = "", status_name: Optional[str] = None,
                 errno: Optional[int] = None, filename: Optional[str] = None):
        MeetintentError.__init__(self, status, message, status_name)
        self.errno = errno
        self.strerror = message
        self.filename = filename

    def __reduce__(self):
        return (type(self), (self.status, self.message, self.status_name, self.errno,
                             self.filename))


class MissingFileError(IOFailureError, FileNotFoundError):
    """MI_ERR_IO for a file that does not exist (errno ENOENT): catch it as
    FileNotFoundError, OSError or MeetintentError."""


class CorruptModelError(MeetintentError):
    """MI_ERR_CORRUPT_MODEL: a model file or buffer is malformed."""


class ParseError(MeetintentError):
    """MI_ERR_PARSE: training data could not be parsed."""


class ClosedModelError(ValueError):
    """A Model was used after close()."""


_CLASSES = {
    Status.ERR_INVALID_ARGUMENT: InvalidArgumentError,
    Status.ERR_IO: IOFailureError,
    Status.ERR_CORRUPT_MODEL: CorruptModelError,
    Status.ERR_PARSE: ParseError,
}


def _last_message() -> str:
    message = lib.mi_last_error_message()
    return message.decode("utf-8", "replace") if message else ""


def _check(rc: int) -> None:
    """Raises the MeetintentError for a failing mi_status; returns None for MI_OK.

    Must be called on the thread that made the failing call, right after it:
    the C library keeps the last error message per thread.
    """
    if rc == 0:
        return
    raise _CLASSES.get(rc, MeetintentError)(rc, _last_message())


def _errno_of(path: bytes, writing: bool) -> Optional[int]:
    """Why the file system refuses `path` (reading it, or writing into its
    folder), as an errno, or None when it does not say."""
    try:
        if writing:
            folder = os.path.dirname(path) or b"."
            if not os.path.isdir(folder):
                os.stat(folder)  # raises with the reason
                return _errno.ENOTDIR
            return None if os.access(folder, os.W_OK) else _errno.EACCES
        with open(path, "rb"):
            return None
    except OSError as e:
        return e.errno


def _check_path(rc: int, path: bytes, writing: bool = False) -> None:
    """_check() for a call on a file: MI_ERR_IO becomes an IOFailureError
    with errno and filename, or MissingFileError when the file is not there."""
    if rc != Status.ERR_IO:
        return _check(rc)
    message = _last_message()
    code = _errno_of(path, writing)
    cls = MissingFileError if code == _errno.ENOENT else IOFailureError
    raise cls(rc, message, errno=code, filename=os.fsdecode(path))
