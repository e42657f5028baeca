"""The Pythonic surface: Model, Prediction, Predictions, Explanation."""

import ctypes
import enum
import os
import threading
from ctypes import byref, c_char_p, c_float, c_int32, c_size_t
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from . import _batch, _thread
from ._errors import ClosedModelError, Status, _check, _check_path
from ._lib import (RESULT_TRUNCATED, RESULT_UNSUPPORTED, ContributionStruct, ExplanationPtr,
                   ModelInfoStruct, ModelPtr, ResultStruct, lib)
from ._text import PathType, Text, decode, path_bytes, span_text, text_bytes

__all__ = ["Model", "ModelInfo", "Prediction", "Predictions", "Explanation", "Contribution",
           "FeatureKind"]


class FeatureKind(enum.IntEnum):
    """mi_contribution.kind."""

    WORD = 0
    WORD_BIGRAM = 1
    CHAR_NGRAM = 2
    CLUSTER = 3  # the word cluster of a known word ("cl256:dinner"); since 1.1


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
    """The decision on one message: the label, its probability, and every label's.

    truncated: the message was longer than the model's read limit (1 MiB by
    default) and was judged on its first part. supported: False when the
    model abstains (an empty message, a language it does not support); label
    and probability are then its best guess, not a judgement. reason says why
    when either is set, else None: "empty" or "unsupported-script" when the
    model abstains.
    """

    label: str
    probability: float
    probabilities: Dict[str, float]
    truncated: bool = False
    supported: bool = True
    reason: Optional[str] = None


def _prediction(labels: Sequence[str], index: int, probs: Sequence[float], flags: int,
                reason: Optional[str]) -> Prediction:
    # The frozen dataclass's __init__ sets each field through object.__setattr__; filling
    # __dict__ at once makes the same object in a third of the time (classify's hot path).
    p = object.__new__(Prediction)
    p.__dict__.update(label=labels[index], probability=probs[index],
                      probabilities=dict(zip(labels, probs)),
                      truncated=bool(flags & RESULT_TRUNCATED),
                      supported=not flags & RESULT_UNSUPPORTED, reason=reason)
    return p


class Predictions(Sequence[Prediction]):
    """The results of classify_many: a read-only sequence of Prediction,
    made only when read. The columns are there without making any:
    labels, label_indices, probability (each message's top probability),
    truncated, supported; to_numpy() gives arrays (numpy is imported then)."""

    __slots__ = ("_names", "_results", "_indices", "_flags")

    def __init__(self, names: Sequence[str], results: _batch.Results):
        self._names = list(names)
        self._results = results
        self._indices = results.label_indices()
        self._flags = results.flags()

    def __len__(self) -> int:
        return len(self._indices)

    def _one(self, i: int) -> Prediction:
        k = len(self._names)
        flags = self._flags[i]
        return _prediction(self._names, self._indices[i],
                           self._results.probabilities[i * k:(i + 1) * k].tolist(), flags,
                           self._results.reason(i) if flags else None)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._one(i) for i in range(*index.indices(len(self)))]
        i = index.__index__()
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError("Predictions index out of range")
        return self._one(i)

    def __iter__(self) -> Iterator[Prediction]:
        return (self._one(i) for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Predictions, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # compares like a list: no hash

    def __reduce__(self) -> Tuple[type, Tuple[List[Prediction]]]:
        return (list, (list(self),))  # pickles (for other processes) as a list

    def __repr__(self) -> str:
        head = ", ".join(repr(p) for p in self[:3])
        more = ", ..." if len(self) > 3 else ""
        return "Predictions(%d: [%s%s])" % (len(self), head, more)

    @property
    def labels(self) -> List[str]:
        """Each message's label."""
        names = self._names
        return [names[i] for i in self._indices]

    @property
    def label_indices(self) -> List[int]:
        """Each message's label, as an index into Model.labels."""
        return list(self._indices)

    @property
    def probability(self) -> List[float]:
        """Each message's probability of its label."""
        k, probs = len(self._names), self._results.probabilities
        return [probs[i * k + j] for i, j in enumerate(self._indices)]

    @property
    def truncated(self) -> List[bool]:
        return [bool(f & RESULT_TRUNCATED) for f in self._flags]

    @property
    def supported(self) -> List[bool]:
        return [not f & RESULT_UNSUPPORTED for f in self._flags]

    def to_numpy(self) -> Tuple[Any, Any]:
        """(label indices, shape (n,) int32; probabilities, shape (n, labels)
        float32, columns in Model.labels order). Needs numpy."""
        import numpy
        k = len(self._names)
        probs = numpy.frombuffer(self._results.probabilities, dtype=numpy.float32)
        return numpy.asarray(self._indices, dtype=numpy.int32), probs.reshape(len(self), k)


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
        return span_text(message, self.begin, self.end)


@dataclass(frozen=True)
class Explanation:
    """Why a message got its label: the strongest features for and against it."""

    label: str
    probability: float
    supporting: List[Contribution] = field(default_factory=list)
    opposing: List[Contribution] = field(default_factory=list)


_RESULT_SIZE = ctypes.sizeof(ResultStruct)


def _n_jobs(n_jobs: Optional[int]) -> int:
    if n_jobs is None:
        return 1
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int):
        raise TypeError("meetintent: n_jobs must be an int, not %s" % type(n_jobs).__name__)
    if n_jobs == -1:
        return os.cpu_count() or 1
    if n_jobs < 1:
        raise ValueError("meetintent: n_jobs must be >= 1, or -1 for every core; got %d" % n_jobs)
    return n_jobs


def _top(names: Sequence[str], probs: Sequence[float], k: int,
         threshold: float) -> Tuple[Tuple[str, ...], Tuple[float, ...]]:
    order = sorted(range(len(names)), key=probs.__getitem__, reverse=True)
    picked = [j for j in order[:k] if probs[j] >= threshold]
    return tuple(names[j] for j in picked), tuple(probs[j] for j in picked)


def _restore(data: bytes) -> "Model":
    """Unpickles a Model (see Model.__reduce__)."""
    return Model.from_bytes(data)


class Model:
    """A meetintent model. Thread-safe: any number of threads may classify and
    explain with one model at the same time.

    Get one with Model.default(), Model.load(path), Model.from_bytes(data),
    meetintent.train(path) or meetintent.train_texts(texts, labels). Free it
    with close() or a `with` block (it is also freed when garbage collected).
    close() waits for calls in progress on other threads: the model is freed
    when the last one returns. A Model pickles (and copies) through its bytes,
    so it can be sent to other processes (multiprocessing, Dask).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("use Model.default(), Model.load(path), Model.from_bytes(data), "
                        "meetintent.train(path) or meetintent.train_texts(texts, labels)")

    # ------------------------------------------------------------ creation
    @classmethod
    def _adopt(cls, handle: Any) -> "Model":
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
                labels.append(decode(name.value))
            self._labels = labels
        except BaseException:
            self.close()
            raise
        return self

    @classmethod
    def _open(cls, loader: Callable[..., int], *args: Any,
              check: Callable[[int], None] = _check) -> "Model":
        handle = ModelPtr()
        check(loader(*args, byref(handle)))
        return cls._adopt(handle)

    @classmethod
    def default(cls) -> "Model":
        """The model embedded in the library."""
        return cls._open(lib.mi_model_load_default)

    @classmethod
    def load(cls, path: PathType) -> "Model":
        """Loads a model file (.mim). Raises MissingFileError (a
        FileNotFoundError) or IOFailureError (an OSError), CorruptModelError,
        MeetintentError (MI_ERR_UNSUPPORTED_VERSION); ValueError for a path
        with a NUL character."""
        data = path_bytes(path)
        return cls._open(lib.mi_model_load_file, data, check=lambda rc: _check_path(rc, data))

    @classmethod
    def from_bytes(cls, data: Union[bytes, bytearray, memoryview]) -> "Model":
        """Loads a model from the bytes of a model file (they are copied):
        what to_bytes() or a model file gives. TypeError unless data is
        bytes-like."""
        if isinstance(data, str):
            raise TypeError("meetintent: from_bytes needs the bytes of a model file, not str")
        try:
            view = memoryview(data)
        except TypeError:
            raise TypeError("meetintent: from_bytes needs a bytes-like object (bytes, bytearray, "
                            "memoryview), not %s" % type(data).__name__) from None
        raw = view.tobytes()
        return cls._open(lib.mi_model_load_buffer, raw, len(raw))

    def to_bytes(self) -> bytes:
        """The model file's bytes (what save() writes; Model.from_bytes reads them)."""
        handle = self._acquire()
        try:
            size = c_size_t()
            rc = lib.mi_model_serialize(handle, None, 0, byref(size))
            if rc != Status.ERR_BUFFER_TOO_SMALL:  # the expected answer to the size query
                _check(rc)
            buffer = ctypes.create_string_buffer(size.value)
            _check(lib.mi_model_serialize(handle, buffer, size.value, byref(size)))
        finally:
            self._release()
        return buffer.raw[:size.value]

    def __reduce__(self) -> Tuple[Callable[[bytes], "Model"], Tuple[bytes]]:
        return (_restore, (self.to_bytes(),))

    # ------------------------------------------------------------ lifetime
    def _acquire(self) -> Any:
        with self._lock:
            if self._closed:
                raise ClosedModelError("meetintent: this Model is closed")
            self._busy += 1
            return self._handle

    def _release(self) -> None:
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

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
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
            _check(lib.mi_model_label_index(handle, name.encode("utf-8", "surrogatepass"),
                                            byref(index)))
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
        """Writes the model to a file (atomically). Errors as for load()."""
        data = path_bytes(path)
        handle = self._acquire()
        try:
            _check_path(lib.mi_model_save(handle, data), data, writing=True)
        finally:
            self._release()

    # ------------------------------------------------------------ classifying
    def classify(self, text: Text) -> Prediction:
        """Classifies one message (str: encoded as UTF-8, a lone surrogate read
        as U+FFFD; bytes: passed as they are)."""
        data = text_bytes(text)
        n = len(self._labels)
        result = ResultStruct(_RESULT_SIZE)
        probs = (c_float * n)()
        handle = self._acquire()
        try:
            _check(lib.mi_classify_ex(handle, data, len(data), byref(result), probs, n))
        finally:
            self._release()
        flags = result.flags
        return _prediction(self._labels, result.label, probs[:], flags,
                           decode(result.reason) if flags else None)

    def _classify_all(self, texts: Iterable[Text], n_jobs: Optional[int]) -> _batch.Results:
        jobs = _n_jobs(n_jobs)
        packed = _batch.pack(texts)
        results = _batch.Results(packed.count, len(self._labels))
        handle = self._acquire()
        try:
            _batch.classify(handle, packed, results, jobs)
        finally:
            self._release()
        return results

    def classify_many(self, texts: Iterable[Text], n_jobs: Optional[int] = 1) -> Predictions:
        """Classifies many messages: the same results as classify(), in order.

        texts is an iterable of messages (a single str or bytes is a
        TypeError). n_jobs threads classify at once (-1: one per core); the
        C library runs without the GIL. A lone surrogate in one message reads
        as U+FFFD in that message and fails nothing. Returns Predictions, a
        sequence whose Prediction objects are made when read."""
        return Predictions(self._labels, self._classify_all(texts, n_jobs))

    def predict(self, texts: Union[Text, Iterable[Text]], k: int = 1, threshold: float = 0.0,
                n_jobs: Optional[int] = 1) -> Tuple[Any, Any]:
        """fastText-style: the k most probable labels with probability >= threshold
        (k=-1: all), most probable first.

        One message (str or bytes) gives (labels, probabilities), two tuples;
        an iterable of messages gives two lists of such tuples."""
        if isinstance(k, bool) or not isinstance(k, int) or not (k >= 1 or k == -1):
            raise ValueError("meetintent: k must be an int >= 1, or -1 for every label")
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
            raise TypeError("meetintent: threshold must be a number")
        names = self._labels
        k = len(names) if k == -1 else min(k, len(names))
        single = isinstance(texts, (str, bytes, bytearray, memoryview))
        results = self._classify_all([texts] if single else texts, n_jobs)
        probs, n = results.probabilities, len(names)
        labels_out, probs_out = [], []
        if k == 1:  # the predicted label is the top one: no sorting
            for i, j in enumerate(results.label_indices()):
                p = probs[i * n + j]
                labels_out.append((names[j],) if p >= threshold else ())
                probs_out.append((p,) if p >= threshold else ())
        else:
            for i in range(results.count):
                top = _top(names, probs[i * n:(i + 1) * n].tolist(), k, threshold)
                labels_out.append(top[0])
                probs_out.append(top[1])
        if single:
            return labels_out[0], probs_out[0]
        return labels_out, probs_out

    def explain(self, text: Text, k: int = 5) -> Explanation:
        """The k features pushing most toward the predicted label, and the k
        pushing most against it, strongest first. k is 1..1000.

        Contribution.begin/end are byte offsets into the UTF-8 message."""
        data = text_bytes(text)
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
                    kind: Union[FeatureKind, int] = FeatureKind(raw.kind)
                except ValueError:
                    kind = raw.kind
                c = Contribution(decode(raw.feature), kind, raw.weight, raw.begin, raw.end)
                (supporting if raw.supports else opposing).append(c)
        finally:
            lib.mi_explanation_free(e)
        return Explanation(self._labels[label.value], probability.value, supporting, opposing)

    def analyze_thread(self, messages: Iterable[_thread.MessageLike],
                       options: Optional[_thread.ThreadOptions] = None
                       ) -> _thread.ThreadAnalysis:
        """Analyzes a conversation: messages in order, as ThreadMessage or
        (sender, text[, timestamp]) tuples; senders str or bytes, timestamps
        int seconds since the epoch (>= 0) or None. Reports each message's
        probability of "personal", the thread's and each sender's smoothed
        trajectory, drift (where a professional thread turned personal, and
        who drove it), quid-pro-quo offers and highlights (with their text).

        An empty thread is a ValueError; a message of the wrong shape is a
        TypeError or ValueError naming its index. options: ThreadOptions."""
        handle = self._acquire()
        try:
            return _thread.analyze(handle, self._labels, messages, options)
        finally:
            self._release()
