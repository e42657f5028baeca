"""How Python values become the bytes the C API reads, and back.

Messages: str is encoded as UTF-8; a lone surrogate (which UTF-8 cannot encode,
e.g. from json.loads('"\\ud800"')) becomes U+FFFD in that message only, so one
bad string never fails a batch. bytes-like messages are passed as they are.
Paths, senders and labels are C strings: a NUL byte would cut them short, so
it is a ValueError.
"""

import os
import re
from typing import Union

Text = Union[str, bytes, bytearray, memoryview]
PathType = Union[str, bytes, os.PathLike]

_SURROGATES = re.compile("[\ud800-\udfff]")


def _encode_str(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", text).encode("utf-8")


def text_bytes(text: Text) -> bytes:
    """A message as UTF-8 bytes: str encoded (lone surrogates as U+FFFD),
    bytes-like objects as they are. TypeError for anything else."""
    if isinstance(text, str):
        return _encode_str(text)
    if isinstance(text, bytes):
        return text
    if isinstance(text, (bytearray, memoryview)):
        return bytes(text)
    raise TypeError("meetintent: a message must be str or bytes, not %s" % type(text).__name__)


def _no_nul(data: bytes, what: str) -> bytes:
    if b"\0" in data:
        raise ValueError("meetintent: %s contains a NUL character, which would cut it short"
                         % what)
    return data


def path_bytes(path: PathType) -> bytes:
    """A file system path for the C API (str, bytes or os.PathLike)."""
    return _no_nul(os.fsencode(path), "the path %r" % (path,))


def c_string(value: Union[str, bytes], what: str) -> bytes:
    """A sender id or label name as a NUL-terminated UTF-8 C string.

    A lone surrogate in a str is kept distinct (encoded as it is, with
    'surrogatepass'), so two different str ids never become one."""
    if isinstance(value, str):
        data = value.encode("utf-8", "surrogatepass")
    elif isinstance(value, bytes):
        data = value
    else:
        raise TypeError("meetintent: %s must be str or bytes, not %s"
                        % (what, type(value).__name__))
    return _no_nul(data, "%s %r" % (what, value))


def decode(raw: bytes) -> str:
    """UTF-8 from the C API (always valid) as str; None and b"" as ""."""
    return raw.decode("utf-8", "replace") if raw else ""


def span_text(message: Text, begin: int, end: int) -> Union[str, bytes]:
    """The part of `message` at UTF-8 byte offsets [begin, end).

    A bytes message gives bytes; a str message gives the str of those bytes,
    widened to whole characters if the span cuts one."""
    data = text_bytes(message)
    if not isinstance(message, str):
        return data[begin:end]
    begin, end = min(begin, len(data)), min(end, len(data))
    while 0 < begin < len(data) and data[begin] & 0xC0 == 0x80:
        begin -= 1
    while end < len(data) and data[end] & 0xC0 == 0x80:
        end += 1
    return data[begin:end].decode("utf-8", "replace")
