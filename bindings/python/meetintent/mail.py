"""meetintent.mail: real e-mail in, through libmeetintent_mail's C API (mail_c.h).

RFC 5322 messages (.eml bytes), mbox files and Maildir folders become the text
the classifier's e-mail reading expects: headers decoded, MIME walked
(attachments skipped), every charset as UTF-8, HTML as text with its quoted
reply as "> " lines, so that the sender's own words decide.

    import meetintent, meetintent.mail
    with meetintent.Model.default() as model:
        for m in meetintent.mail.read("inbox.mbox"):
            print(m.subject, meetintent.mail.classify(model, m).label)

The library is looked for, in order: $MEETINTENT_MAIL_LIBRARY (a path),
libmeetintent_mail.so.1 beside the loaded libmeetintent, inside this package,
then the system loader. It is optional (it needs GMime and gumbo): importing
this module raises MailLibraryNotFoundError (an ImportError) without it;
`import meetintent` works either way.
"""

import ctypes
import os
import warnings
from ctypes import POINTER, byref, c_char_p, c_float, c_int, c_int64, c_size_t, c_void_p
from dataclasses import dataclass
from typing import Iterator, Optional, Tuple, Union

from ._errors import _CLASSES, MeetintentError
from ._lib import PACKAGE_DIR, ResultStruct, library_path
from ._model import Model, Prediction, _prediction
from ._text import PathType, decode, path_bytes, text_bytes

__all__ = ["MailMessage", "MailLibraryNotFoundError", "parse", "classify", "read",
           "mail_library_path"]

ENV_LIBRARY = "MEETINTENT_MAIL_LIBRARY"
NAME = "libmeetintent_mail.so.1"


class MailLibraryNotFoundError(ImportError):
    """libmeetintent_mail could not be loaded; the message lists every place tried."""


_status = c_int
_PROTOTYPES = (
    ("mi_mail_last_error_message", c_char_p, ()),
    ("mi_mail_parse", _status, (c_char_p, c_size_t, POINTER(c_void_p))),
    ("mi_mail_message_free", None, (c_void_p,)),
    ("mi_mail_message_field", _status, (c_void_p, c_int, POINTER(c_char_p), POINTER(c_size_t))),
    ("mi_mail_message_time", _status, (c_void_p, POINTER(c_int64))),
    ("mi_mail_classify", _status,
     (c_void_p, c_void_p, POINTER(ResultStruct), POINTER(c_float), c_size_t)),
    ("mi_mail_classify_bytes", _status,
     (c_void_p, c_char_p, c_size_t, POINTER(ResultStruct), POINTER(c_float), c_size_t)),
    ("mi_mail_reader_open", _status, (c_char_p, POINTER(c_void_p))),
    ("mi_mail_reader_next", _status, (c_void_p, POINTER(c_void_p))),
    ("mi_mail_reader_free", None, (c_void_p,)),
)


def _load():
    tried = []
    env = os.environ.get(ENV_LIBRARY)
    candidates = [("$%s" % ENV_LIBRARY, env)] if env else []
    # Beside the libmeetintent already loaded: the build tree, an install prefix.
    candidates.append(("beside %s" % library_path,
                       os.path.join(os.path.dirname(os.path.abspath(library_path)), NAME)))
    candidates.append(("inside the package", os.path.join(PACKAGE_DIR, NAME)))
    candidates.append(("the system loader", NAME))
    for where, target in candidates:
        if os.sep in target and not os.path.exists(target):
            tried.append("%s (%s): no such file" % (where, target))
            continue
        try:
            cdll = ctypes.CDLL(target)
            for name, restype, argtypes in _PROTOTYPES:
                fn = getattr(cdll, name)
                fn.restype, fn.argtypes = restype, argtypes
        except (OSError, AttributeError) as e:
            tried.append("%s (%s): %s" % (where, target, e))
            continue
        return cdll, target
    raise MailLibraryNotFoundError(
        "meetintent.mail: cannot load %s (built with -DMEETINTENT_BUILD_MAIL=ON, it needs "
        "GMime 3 and gumbo). Looked in:\n%s" % (NAME, "".join("  - %s\n" % t for t in tried)))


_lib, mail_library_path = _load()

# mi_mail_field, in the order of mail_c.h (never renumbered).
_SOURCE, _MESSAGE_ID, _FROM, _FROM_ADDRESS, _TO, _SUBJECT, _DATE, _IN_REPLY_TO, \
    _REFERENCES, _BODY, _TEXT = range(11)
_RESULT_SIZE = ctypes.sizeof(ResultStruct)
_PARSE = 5  # MI_ERR_PARSE


def _check(rc: int) -> None:
    """Raises the MeetintentError of a failing mi_mail_* call (its reason is
    the mail library's per-thread message)."""
    if rc == 0:
        return
    message = decode(_lib.mi_mail_last_error_message())
    raise _CLASSES.get(rc, MeetintentError)(rc, message)


@dataclass(frozen=True)
class MailMessage:
    """One message, decoded; header values are str, "" when missing."""

    source: str          # a path, or "PATH#N" for the N-th of an mbox; "" from parse()
    message_id: str      # without angle brackets
    sender: str          # the From header, "Name <addr>"
    sender_address: str  # the first sender's address alone, lower case
    to: str
    subject: str
    date: str            # the Date header as written
    time: Optional[int]  # Date as seconds since 1970, None when unreadable
    in_reply_to: str
    references: Tuple[str, ...]
    body: str            # quoted parts as "> " lines
    text: str            # what the model reads: "Subject: SUBJECT\n" and the body


def _message(handle: int) -> MailMessage:
    def field(which: int) -> str:
        value, length = c_char_p(), c_size_t()
        _check(_lib.mi_mail_message_field(handle, which, byref(value), byref(length)))
        return decode(ctypes.string_at(value, length.value))

    seconds = c_int64()
    time = seconds.value if _lib.mi_mail_message_time(handle, byref(seconds)) == 0 else None
    return MailMessage(
        source=field(_SOURCE), message_id=field(_MESSAGE_ID), sender=field(_FROM),
        sender_address=field(_FROM_ADDRESS), to=field(_TO), subject=field(_SUBJECT),
        date=field(_DATE), time=time, in_reply_to=field(_IN_REPLY_TO),
        references=tuple(field(_REFERENCES).split()), body=field(_BODY), text=field(_TEXT))


def parse(data: Union[bytes, bytearray, memoryview]) -> MailMessage:
    """Decodes one RFC 5322 message (any bytes; malformed MIME is read as well
    as it can be). ParseError when the bytes hold no message at all."""
    if isinstance(data, str):
        raise TypeError("meetintent.mail.parse: a message is bytes (its charsets are "
                        "its own), not str")
    raw = text_bytes(data)
    handle = c_void_p()
    _check(_lib.mi_mail_parse(raw, len(raw), byref(handle)))
    try:
        return _message(handle)
    finally:
        _lib.mi_mail_message_free(handle)


def classify(model: Model, message: Union[MailMessage, bytes]) -> Prediction:
    """Classifies a message with the e-mail reading: a MailMessage (its text),
    or the raw bytes of one (parsed first; ParseError when there is none)."""
    if isinstance(message, MailMessage):
        return model.classify(message.text)
    raw = text_bytes(message)
    labels = model.labels
    n = len(labels)
    result = ResultStruct(_RESULT_SIZE)
    probs = (c_float * n)()
    handle = model._acquire()
    try:
        _check(_lib.mi_mail_classify_bytes(ctypes.cast(handle, c_void_p), raw, len(raw),
                                           byref(result), probs, n))
    finally:
        model._release()
    flags = result.flags
    return _prediction(labels, result.label, probs[:], flags,
                       decode(result.reason) if flags else None)


def read(path: PathType) -> Iterator[MailMessage]:
    """The messages of a message file, an mbox file or a Maildir folder, one
    at a time (constant memory). IOFailureError when the path cannot be
    opened; a message that cannot be read is skipped with a RuntimeWarning."""
    reader = c_void_p()
    _check(_lib.mi_mail_reader_open(path_bytes(path), byref(reader)))
    try:
        while True:
            handle = c_void_p()
            rc = _lib.mi_mail_reader_next(reader, byref(handle))
            if rc == _PARSE:  # this message only: the reader has moved past it
                warnings.warn("meetintent.mail: %s" % decode(_lib.mi_mail_last_error_message()),
                              RuntimeWarning, stacklevel=2)
                continue
            _check(rc)  # anything else (a read error) may not go away: stop
            if not handle.value:
                return
            yield _message(handle)  # the reader owns it: copied out before the next call
    finally:
        _lib.mi_mail_reader_free(reader)
