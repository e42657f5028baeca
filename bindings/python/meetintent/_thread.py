"""Conversations: ThreadMessage in, ThreadAnalysis out (mi_thread_analyze_ex)."""

import ctypes
import dataclasses
import operator
from ctypes import byref, c_char_p, c_float, c_int32, c_size_t
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, NamedTuple, Optional, Sequence, Tuple, Union

from ._errors import _check
from ._lib import (HighlightStruct, QuidProQuoStruct, ThreadAnalysisPtr, ThreadMessageStruct,
                   ThreadOptionsStruct, assign_field, lib)
from ._text import Text, c_string, span_text, text_bytes

__all__ = ["ThreadMessage", "ThreadOptions", "ThreadAnalysis", "Drift", "SenderTrajectory",
           "QuidProQuo", "Highlight"]

Sender = Union[str, bytes]
_INT64_MAX = 2**63 - 1


@dataclass(frozen=True)
class ThreadMessage:
    """One message of a conversation: sender id (str or bytes), text (str or
    bytes) and an optional timestamp (int seconds since the epoch, >= 0)."""

    sender: Sender
    text: Text
    timestamp: Optional[int] = None


def _library_thread_defaults() -> ThreadOptionsStruct:
    raw = ThreadOptionsStruct()
    _check(lib.mi_thread_options_init(byref(raw), ctypes.sizeof(raw)))
    return raw


_DEFAULTS = _library_thread_defaults()


@dataclass(frozen=True)
class ThreadOptions:
    """How a thread is read (mi_thread_options; the defaults are the library's).

    smoothing: weight of a new message in the smoothed trajectories, (0, 1].
    short_message_tokens: a message of n tokens counts as evidence
      0.5 + (p - 0.5) * n / (n + short_message_tokens), so short ones say little.
    message_threshold, thread_threshold: drift is reported at the first message,
      after a professional start, whose own evidence reaches message_threshold
      and whose smoothed thread value reaches thread_threshold.
    pair_window_messages, pair_window_seconds: how far apart two messages of one
      sender may be to form a quid pro quo together.
    The library checks every value: out of range raises InvalidArgumentError
    (a ValueError) naming the option.
    """

    smoothing: float = _DEFAULTS.smoothing
    short_message_tokens: float = _DEFAULTS.short_message_tokens
    message_threshold: float = _DEFAULTS.message_threshold
    thread_threshold: float = _DEFAULTS.thread_threshold
    pair_window_messages: int = _DEFAULTS.pair_window_messages
    pair_window_seconds: int = _DEFAULTS.pair_window_seconds

    def _struct(self) -> ThreadOptionsStruct:
        raw = _library_thread_defaults()
        for f in dataclasses.fields(self):
            assign_field(raw, f.name, getattr(self, f.name), "ThreadOptions.%s" % f.name)
        return raw


@dataclass(frozen=True)
class Highlight:
    """A phrase that drove the analysis: message index, byte span [begin, end)
    in that message's UTF-8 text, its role ("personal", "professional",
    "benefit", "ask" or "link"), its weight, and the phrase itself (str for a
    str message, bytes for a bytes one)."""

    message: int
    begin: int
    end: int
    role: str
    weight: float
    text: Union[str, bytes] = ""


@dataclass(frozen=True)
class QuidProQuo:
    """A professional benefit offered on condition of a personal favour."""

    benefit_message: int
    benefit: Tuple[int, int]  # byte span in the benefit message
    ask_message: int
    ask: Tuple[int, int]  # byte span in the ask message
    conditional: bool
    confidence: float


class Drift(NamedTuple):
    """Where a thread that began professional turned personal: the turning
    message's index, who sent it (as given), and its probability of "personal".
    A tuple too: `message, sender, probability = analysis.drift`."""

    message: int
    sender: Sender
    probability: float


@dataclass(frozen=True)
class SenderTrajectory:
    """One sender's part of the thread: the indices of their messages and
    their smoothed probability of "personal" after each."""

    sender: Sender
    messages: List[int]
    smoothed: List[float]


@dataclass(frozen=True)
class ThreadAnalysis:
    """What analyze_thread found. drift is None when the thread did not turn."""

    label: str
    personal_probability: float
    personal: List[float]  # each message's probability of "personal"
    smoothed: List[float]  # the thread's smoothed trajectory
    drift: Optional[Drift]
    quid_pro_quo: List[QuidProQuo]
    highlights: List[Highlight]
    senders: List[SenderTrajectory] = field(default_factory=list)  # in order of appearance


MessageLike = Union[ThreadMessage, Tuple[Sender, Text], Tuple[Sender, Text, Optional[int]]]


def _timestamp(value, index: int) -> int:
    if value is None:
        return -1
    what = "message %d: timestamp" % index
    if isinstance(value, bool):
        raise TypeError("meetintent: %s must be an int or None, not bool" % what)
    try:
        seconds = operator.index(value)
    except TypeError:
        raise TypeError("meetintent: %s must be an int (seconds since the epoch) or None, not %s"
                        % (what, type(value).__name__)) from None
    if seconds < 0:
        raise ValueError("meetintent: %s is %d; it must be >= 0 (None when unknown)"
                         % (what, seconds))
    if seconds > _INT64_MAX:
        raise OverflowError("meetintent: %s %d does not fit in 64 bits" % (what, seconds))
    return seconds


def _message(item, index: int) -> ThreadMessage:
    if isinstance(item, ThreadMessage):
        return item
    if isinstance(item, (tuple, list)):
        if len(item) not in (2, 3):
            raise ValueError("meetintent: message %d: expected (sender, text) or (sender, text, "
                             "timestamp), got %d items" % (index, len(item)))
        return ThreadMessage(*item)
    raise TypeError("meetintent: message %d: expected a ThreadMessage or a (sender, text[, "
                    "timestamp]) tuple, not %s" % (index, type(item).__name__))


class _CThread:
    """The messages as an mi_thread_message array, with the bytes it points to."""

    def __init__(self, messages: Iterable[MessageLike]):
        if isinstance(messages, (str, bytes, bytearray, memoryview, ThreadMessage)):
            raise TypeError("meetintent: analyze_thread takes an iterable of messages, not one %s"
                            % type(messages).__name__)
        self.items = [_message(m, i) for i, m in enumerate(messages)]
        if not self.items:
            raise ValueError("meetintent: analyze_thread needs at least one message")
        self.texts = []
        self.senders: Dict[bytes, Sender] = {}  # C id -> the sender as first given
        self.array = (ThreadMessageStruct * len(self.items))()
        for i, m in enumerate(self.items):
            try:
                text = text_bytes(m.text)
            except TypeError as e:
                raise TypeError("message %d: %s" % (i, e)) from None
            sender = c_string(m.sender, "message %d: sender" % i)
            self.senders.setdefault(sender, m.sender)
            self.texts.append(text)  # kept alive while C reads it
            c = self.array[i]
            c.struct_size = ctypes.sizeof(ThreadMessageStruct)
            c.sender = sender
            c.text = text
            c.text_length = len(text)
            c.timestamp = _timestamp(m.timestamp, i)


def _read(a, thread: _CThread, labels: Sequence[str]) -> ThreadAnalysis:
    """Everything an mi_thread_analysis holds, as Python objects."""
    count = len(thread.items)
    label, p = c_int32(), c_float()
    _check(lib.mi_thread_label(a, byref(label), byref(p)))
    personal, smoothed = [], []
    x, s = c_float(), c_float()
    for i in range(count):
        _check(lib.mi_thread_message_score(a, i, byref(x), byref(s)))
        personal.append(x.value)
        smoothed.append(s.value)
    detected, turn, who, dp = c_int32(), c_size_t(), c_char_p(), c_float()
    _check(lib.mi_thread_drift(a, byref(detected), byref(turn), byref(who), byref(dp)))
    drift = Drift(turn.value, thread.senders[who.value or b""], dp.value) if detected.value else None

    n = c_size_t()
    _check(lib.mi_thread_sender_count(a, byref(n)))
    senders = []
    for j in range(n.value):
        length = c_size_t()
        _check(lib.mi_thread_sender_get(a, j, byref(who), byref(length)))
        indices, values = [], []
        index, value = c_size_t(), c_float()
        for k in range(length.value):
            _check(lib.mi_thread_sender_point(a, j, k, byref(index), byref(value)))
            indices.append(index.value)
            values.append(value.value)
        senders.append(SenderTrajectory(thread.senders[who.value or b""], indices, values))

    _check(lib.mi_thread_quid_pro_quo_count(a, byref(n)))
    offers = []
    q = QuidProQuoStruct()
    for j in range(n.value):
        q.struct_size = ctypes.sizeof(QuidProQuoStruct)
        _check(lib.mi_thread_quid_pro_quo_get(a, j, byref(q)))
        offers.append(QuidProQuo(q.benefit_message, (q.benefit_begin, q.benefit_end),
                                 q.ask_message, (q.ask_begin, q.ask_end), bool(q.conditional),
                                 q.confidence))

    _check(lib.mi_thread_highlight_count(a, byref(n)))
    highlights = []
    h = HighlightStruct()
    for j in range(n.value):
        h.struct_size = ctypes.sizeof(HighlightStruct)
        _check(lib.mi_thread_highlight_get(a, j, byref(h)))
        text = span_text(thread.items[h.message].text, h.begin, h.end)
        role = h.role.decode("utf-8", "replace") if h.role else ""
        highlights.append(Highlight(h.message, h.begin, h.end, role, h.weight, text))
    return ThreadAnalysis(labels[label.value], p.value, personal, smoothed, drift, offers,
                          highlights, senders)


def analyze(handle, labels: Sequence[str], messages: Iterable[MessageLike],
            options: Optional[ThreadOptions]) -> ThreadAnalysis:
    """Model.analyze_thread's work, on a handle the caller holds."""
    if options is not None and not isinstance(options, ThreadOptions):
        raise TypeError("meetintent: options must be a ThreadOptions, not %s"
                        % type(options).__name__)
    raw_options = options._struct() if options is not None else None
    thread = _CThread(messages)
    a = ThreadAnalysisPtr()
    _check(lib.mi_thread_analyze_ex(handle, thread.array, len(thread.items),
                                    byref(raw_options) if raw_options is not None else None,
                                    byref(a)))
    try:
        return _read(a, thread, labels)
    finally:
        lib.mi_thread_analysis_free(a)
