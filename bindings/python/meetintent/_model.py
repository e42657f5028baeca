"""The Pythonic surface: Model, Prediction, Explanation, train()."""

from __future__ import annotations

import ctypes
import enum
import os
import threading
from ctypes import byref, c_char_p, c_float, c_int32, c_size_t
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Tuple, Union

from ._errors import ClosedModelError, _check
from ._lib import (ContributionStruct, ExplanationPtr, HighlightStruct, ModelInfoStruct,
                   ModelPtr, QuidProQuoStruct, ThreadAnalysisPtr, ThreadMessageStruct,
                   TrainOptionsStruct, lib)

__all__ = ["Model", "ModelInfo", "Prediction", "Explanation", "Contribution", "FeatureKind",
           "ThreadMessage", "ThreadAnalysis", "QuidProQuo", "Highlight",
           "train", "default_train_options"]

Text = Union[str, bytes, bytearray, memoryview]
PathType = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]


def _text_bytes(text: Text) -> bytes:
    """str is encoded as UTF-8; bytes-like objects are passed as they are."""
    if isinstance(text, str):
        return text.encode("utf-8")
    if isinstance(text, bytes):
        return text
    if isinstance(text, (bytearray, memoryview)):
        return bytes(text)
    raise TypeError("meetintent: a message must be str or bytes, not %s" % type(text).__name__)


def _path_bytes(path: PathType) -> bytes:
    return os.fsencode(path)  # str, bytes or os.PathLike


def _decode(raw: Optional[bytes]) -> str:
    return raw.decode("utf-8", "replace") if raw else ""


class FeatureKind(enum.IntEnum):
    """mi_contribution.kind."""

    WORD = 0
    WORD_BIGRAM = 1
    CHAR_NGRAM = 2


@dataclass(frozen=True)
class ModelInfo:
    """mi_model_info: how a model was built."""

    format_version: int
    num_labels: int
    hash_bits: int  # 2**hash_bits feature buckets
    max_word_ngram: int  # 1 or 2
    min_char_ngram: int  # 0 when character n-grams are off
    max_char_ngram: int
    weight_type: int  # 0: float32, 1: int8
    weight_bytes: int
    calibration_scale: float

    @property
    def quantized(self) -> bool:
        return self.weight_type == 1


@dataclass(frozen=True)
class Prediction:
    """The decision on one message: the label, its probability, and every label's."""

    label: str
    probability: float
    probabilities: Dict[str, float]


@dataclass(frozen=True)
class Contribution:
    """One feature's share in a decision.

    weight is in logit units: positive pushes toward the predicted label,
    negative against it. begin and end are BYTE offsets into the UTF-8 encoding
    of the message ([begin, end) of message.encode("utf-8") for a str, or of
    the bytes given); use substring() to get that part of the message.
    """

    feature: str
    kind: Union[FeatureKind, int]
    weight: float
    begin: int
    end: int

    @property
    def supports(self) -> bool:
        return self.weight > 0

    def substring(self, message: Text) -> Union[str, bytes]:
        """The part of `message` (the one that was explained) this feature came from.

        A bytes message gives the bytes [begin, end). A str message gives the
        str decoded from the UTF-8 bytes [begin, end), widened to whole
        characters if the span cuts one.
        """
        data = _text_bytes(message)
        if not isinstance(message, str):
            return data[self.begin:self.end]
        # A str holds whole characters: widen the span to code point
        # boundaries should it cut a UTF-8 sequence.
        begin, end = min(self.begin, len(data)), min(self.end, len(data))
        while 0 < begin < len(data) and data[begin] & 0xC0 == 0x80:
            begin -= 1
        while end < len(data) and data[end] & 0xC0 == 0x80:
            end += 1
        return data[begin:end].decode("utf-8", "replace")


@dataclass(frozen=True)
class Explanation:
    """Why a message got its label: the strongest features for and against it."""

    label: str
    probability: float
    supporting: List[Contribution] = field(default_factory=list)
    opposing: List[Contribution] = field(default_factory=list)


class Model:
    """A meetintent model. Thread-safe: any number of threads may classify and
    explain with one model at the same time.

    Get one with Model.default(), Model.load(path), Model.from_bytes(data) or
    meetintent.train(path). Free it with close() or a `with` block (it is also
    freed when garbage collected). close() waits for calls in progress on
    other threads: the model is freed when the last one returns.
    """

    def __init__(self, *args, **kwargs):
        raise TypeError("use Model.default(), Model.load(path), Model.from_bytes(data) "
                        "or meetintent.train(path)")

    # ------------------------------------------------------------ creation
    @classmethod
    def _adopt(cls, handle) -> "Model":
        """Wraps an owned mi_model* (freed if wrapping fails)."""
        self = object.__new__(cls)
        self._free = lib.mi_model_free  # kept on the instance: safe in __del__ at shutdown
        self._handle = handle
        self._lock = threading.Lock()
        self._busy = 0
        self._closed = False
        try:
            n = c_size_t()
            _check(lib.mi_model_num_labels(handle, byref(n)))
            name = c_char_p()
            labels = []
            for i in range(n.value):
                _check(lib.mi_model_label(handle, i, byref(name)))
                labels.append(_decode(name.value))
            self._labels = labels
        except BaseException:
            self.close()
            raise
        return self

    @classmethod
    def _open(cls, loader, *args) -> "Model":
        handle = ModelPtr()
        _check(loader(*args, byref(handle)))
        return cls._adopt(handle)

    @classmethod
    def default(cls) -> "Model":
        """The model embedded in the library."""
        return cls._open(lib.mi_model_load_default)

    @classmethod
    def load(cls, path: PathType) -> "Model":
        """Loads a model file (.mim). Raises MeetintentError (MI_ERR_IO,
        MI_ERR_CORRUPT_MODEL, MI_ERR_UNSUPPORTED_VERSION)."""
        return cls._open(lib.mi_model_load_file, _path_bytes(path))

    @classmethod
    def from_bytes(cls, data: Union[bytes, bytearray, memoryview]) -> "Model":
        """Loads a model from the bytes of a model file (they are copied)."""
        data = bytes(data)
        return cls._open(lib.mi_model_load_buffer, data, len(data))

    # ------------------------------------------------------------ lifetime
    def _acquire(self):
        with self._lock:
            if self._closed:
                raise ClosedModelError("meetintent: this Model is closed")
            self._busy += 1
            return self._handle

    def _release(self):
        with self._lock:
            self._busy -= 1
            if self._busy or not self._closed or self._handle is None:
                return
            handle, self._handle = self._handle, None
        self._free(handle)

    def close(self) -> None:
        """Frees the model. Calling it again does nothing; any other use raises
        ClosedModelError."""
        lock = getattr(self, "_lock", None)
        if lock is None:
            return
        with lock:
            if self._closed:
                return
            self._closed = True
            if self._busy:
                return  # the last call in progress frees it
            handle, self._handle = self._handle, None
        if handle:
            self._free(handle)

    @property
    def closed(self) -> bool:
        return getattr(self, "_closed", True)

    def __enter__(self) -> "Model":
        if self.closed:
            raise ClosedModelError("meetintent: this Model is closed")
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self):
        # No other reference exists, so no call is in progress: free directly.
        handle = getattr(self, "_handle", None)
        if handle:
            self._handle = None
            self._closed = True
            try:
                self._free(handle)
            except Exception:
                pass

    def __repr__(self) -> str:
        if self.closed:
            return "<meetintent.Model (closed)>"
        return "<meetintent.Model labels=%r>" % (self._labels,)

    # ------------------------------------------------------------ metadata
    @property
    def labels(self) -> List[str]:
        """The label names, in index order (e.g. ['personal', 'professional'])."""
        if self.closed:
            raise ClosedModelError("meetintent: this Model is closed")
        return list(self._labels)

    def label_index(self, name: str) -> int:
        """The index of label `name`; MeetintentError (MI_ERR_UNKNOWN_LABEL) if none."""
        if not isinstance(name, str):
            raise TypeError("meetintent: a label name must be str, not %s" % type(name).__name__)
        handle = self._acquire()
        try:
            index = c_size_t()
            _check(lib.mi_model_label_index(handle, name.encode("utf-8"), byref(index)))
            return index.value
        finally:
            self._release()

    @property
    def info(self) -> ModelInfo:
        handle = self._acquire()
        try:
            raw = ModelInfoStruct()
            raw.struct_size = ctypes.sizeof(ModelInfoStruct)
            _check(lib.mi_model_get_info(handle, byref(raw)))
        finally:
            self._release()
        return ModelInfo(**{name: getattr(raw, name) for name, _ in ModelInfoStruct._fields_
                            if name != "struct_size"})

    def save(self, path: PathType) -> None:
        """Writes the model to a file (atomically)."""
        handle = self._acquire()
        try:
            _check(lib.mi_model_save(handle, _path_bytes(path)))
        finally:
            self._release()

    # ------------------------------------------------------------ classifying
    def _prediction(self, index: int, probs) -> Prediction:
        labels = self._labels
        return Prediction(labels[index], probs[index], dict(zip(labels, probs)))

    def classify(self, text: Text) -> Prediction:
        """Classifies one message (str: encoded as UTF-8; bytes: passed as is)."""
        data = _text_bytes(text)
        n = len(self._labels)
        label = c_int32()
        probs = (c_float * n)()
        handle = self._acquire()
        try:
            _check(lib.mi_classify(handle, data, len(data), byref(label), probs, n))
        finally:
            self._release()
        return self._prediction(label.value, probs[:])

    def classify_many(self, texts: Iterable[Text]) -> List[Prediction]:
        """Classifies many messages with one C call; same results as classify()."""
        datas = [_text_bytes(t) for t in texts]
        count = len(datas)
        n = len(self._labels)
        pointers = (c_char_p * count)(*datas)  # keeps references to `datas`
        lengths = (c_size_t * count)(*map(len, datas))
        labels = (c_int32 * count)()
        probs = (c_float * (count * n))()
        handle = self._acquire()
        try:
            _check(lib.mi_classify_batch(handle, pointers, lengths, count, labels, probs,
                                         count * n))
        finally:
            self._release()
        flat = probs[:]
        return [self._prediction(labels[i], flat[i * n:(i + 1) * n]) for i in range(count)]

    def explain(self, text: Text, k: int = 5) -> Explanation:
        """The k features pushing most toward the predicted label, and the k
        pushing most against it, strongest first. k is 1..1000.

        Contribution.begin/end are byte offsets into the UTF-8 message."""
        data = _text_bytes(text)
        if not isinstance(k, int) or isinstance(k, bool):
            raise TypeError("meetintent: k must be an int")
        if not 1 <= k <= 1000:
            raise ValueError("meetintent: k must be in 1..1000, not %d" % k)
        handle = self._acquire()
        try:
            e = ExplanationPtr()
            _check(lib.mi_explain(handle, data, len(data), k, byref(e)))
        finally:
            self._release()
        try:
            label = c_int32()
            probability = c_float()
            _check(lib.mi_explanation_label(e, byref(label), byref(probability)))
            count = c_size_t()
            _check(lib.mi_explanation_count(e, byref(count)))
            supporting, opposing = [], []
            raw = ContributionStruct()
            for i in range(count.value):
                raw.struct_size = ctypes.sizeof(ContributionStruct)
                _check(lib.mi_explanation_get(e, i, byref(raw)))
                try:
                    kind = FeatureKind(raw.kind)
                except ValueError:
                    kind = raw.kind
                c = Contribution(_decode(raw.feature), kind, raw.weight, raw.begin, raw.end)
                (supporting if raw.supports else opposing).append(c)
        finally:
            lib.mi_explanation_free(e)
        return Explanation(self._labels[label.value], probability.value, supporting, opposing)

    def analyze_thread(self, messages: Iterable[Union[ThreadMessage, Tuple[str, Text]]]
                       ) -> ThreadAnalysis:
        """Analyzes a conversation: messages in order, as ThreadMessage or
        (sender, text) pairs. Reports drift (where a professional thread turned
        personal, and who drove it), quid-pro-quo offers and highlights."""
        items = [m if isinstance(m, ThreadMessage) else ThreadMessage(m[0], m[1])
                 for m in messages]
        count = len(items)
        datas = [_text_bytes(m.text) for m in items]
        senders = [str(m.sender).encode("utf-8") for m in items]
        array = (ThreadMessageStruct * count)()
        for i, m in enumerate(items):
            array[i].struct_size = ctypes.sizeof(ThreadMessageStruct)
            array[i].sender = senders[i]
            array[i].text = datas[i]
            array[i].text_length = len(datas[i])
            array[i].timestamp = -1 if m.timestamp is None else int(m.timestamp)
        handle = self._acquire()
        try:
            a = ThreadAnalysisPtr()
            _check(lib.mi_thread_analyze(handle, array, count, byref(a)))
        finally:
            self._release()
        try:
            label, p = c_int32(), c_float()
            _check(lib.mi_thread_label(a, byref(label), byref(p)))
            personal, smoothed = [], []
            for i in range(count):
                x, s = c_float(), c_float()
                _check(lib.mi_thread_message_score(a, i, byref(x), byref(s)))
                personal.append(x.value)
                smoothed.append(s.value)
            detected, turn, who, dp = c_int32(), c_size_t(), c_char_p(), c_float()
            _check(lib.mi_thread_drift(a, byref(detected), byref(turn), byref(who), byref(dp)))
            drift = (turn.value, _decode(who.value), dp.value) if detected.value else None
            n = c_size_t()
            _check(lib.mi_thread_quid_pro_quo_count(a, byref(n)))
            qpq = []
            for i in range(n.value):
                q = QuidProQuoStruct()
                q.struct_size = ctypes.sizeof(QuidProQuoStruct)
                _check(lib.mi_thread_quid_pro_quo_get(a, i, byref(q)))
                qpq.append(QuidProQuo(q.benefit_message, (q.benefit_begin, q.benefit_end),
                                      q.ask_message, (q.ask_begin, q.ask_end),
                                      bool(q.conditional), q.confidence))
            _check(lib.mi_thread_highlight_count(a, byref(n)))
            highlights = []
            for i in range(n.value):
                h = HighlightStruct()
                h.struct_size = ctypes.sizeof(HighlightStruct)
                _check(lib.mi_thread_highlight_get(a, i, byref(h)))
                highlights.append(Highlight(h.message, h.begin, h.end, _decode(h.role), h.weight))
        finally:
            lib.mi_thread_analysis_free(a)
        name = self._labels[label.value] if label.value >= 0 else ""
        return ThreadAnalysis(name, p.value, personal, smoothed, drift, qpq, highlights)


@dataclass(frozen=True)
class ThreadMessage:
    """One message of a conversation: text (str or bytes), sender id, and an
    optional timestamp (seconds since the epoch)."""
    sender: str
    text: Text
    timestamp: Optional[int] = None


@dataclass(frozen=True)
class Highlight:
    """A phrase that drove the analysis: message index, byte span in that
    message's UTF-8 text, and its role ("personal", "professional",
    "benefit", "ask" or "link")."""
    message: int
    begin: int
    end: int
    role: str
    weight: float


@dataclass(frozen=True)
class QuidProQuo:
    """A professional benefit offered on condition of a personal favour."""
    benefit_message: int
    benefit: Tuple[int, int]   # byte span in the benefit message
    ask_message: int
    ask: Tuple[int, int]       # byte span in the ask message
    conditional: bool
    confidence: float


@dataclass(frozen=True)
class ThreadAnalysis:
    label: str
    personal_probability: float
    personal: List[float]      # each message's probability of "personal"
    smoothed: List[float]      # the thread's smoothed trajectory
    drift: Optional[Tuple[int, str, float]]  # (message, sender, probability) or None
    quid_pro_quo: List[QuidProQuo]
    highlights: List[Highlight]


def default_train_options() -> Dict[str, Union[int, float]]:
    """The library's defaults for train()'s options (mi_train_options_init)."""
    raw = TrainOptionsStruct()
    lib.mi_train_options_init(byref(raw))
    return {name: getattr(raw, name) for name, _ in TrainOptionsStruct._fields_
            if name != "struct_size"}


def train(path: PathType, *, epochs: Optional[int] = None,
          learning_rate: Optional[float] = None, l2: Optional[float] = None,
          seed: Optional[int] = None, validation_fraction: Optional[float] = None,
          hash_bits: Optional[int] = None, max_word_ngram: Optional[int] = None,
          min_char_ngram: Optional[int] = None, max_char_ngram: Optional[int] = None,
          balance_classes: Optional[bool] = None, calibrate: Optional[bool] = None,
          quantize: Optional[bool] = None) -> Model:
    """Trains a model from a TSV file (label<TAB>text, \\n escapes) or, for names
    ending in .jsonl/.json, JSON Lines ({"label": .., "text": ..}).

    Options left at None keep the library's defaults (see
    default_train_options()). Raises MeetintentError: MI_ERR_IO, MI_ERR_PARSE,
    MI_ERR_INVALID_ARGUMENT (bad options, fewer than two labels).
    """
    raw = TrainOptionsStruct()
    lib.mi_train_options_init(byref(raw))
    given = dict(epochs=epochs, learning_rate=learning_rate, l2=l2, seed=seed,
                 validation_fraction=validation_fraction, hash_bits=hash_bits,
                 max_word_ngram=max_word_ngram, min_char_ngram=min_char_ngram,
                 max_char_ngram=max_char_ngram, balance_classes=balance_classes,
                 calibrate=calibrate, quantize=quantize)
    for name, value in given.items():
        if value is not None:
            setattr(raw, name, int(value) if isinstance(value, bool) else value)
    return Model._open(lib.mi_train_file, _path_bytes(path), byref(raw))
