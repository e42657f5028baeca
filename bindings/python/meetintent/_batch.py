"""Classifying many messages with few Python steps per message.

classify_many used to spend most of its Python time building ctypes objects
message by message (an array of c_char_p from a list of bytes, a c_size_t
array from a list of lengths) and then a Prediction, a dict and a list slice
per message. Here the messages go into one bytes blob with two flat arrays
(pointers into the blob, lengths) built by C-level loops, the results land in
preallocated buffers (an mi_result array and a float array), and Prediction
objects are made only for the results someone reads (Predictions in
_model.py). benchmarks/bench_batch.py measures each step.

ctypes releases the GIL around every C call, so n_jobs threads each classify
their own slice of the arrays at the same time.
"""

import ctypes
import itertools
import threading
from array import array
from typing import Iterable, List, Optional

from ._errors import _check
from ._lib import ResultStruct, lib
from ._text import Text, text_bytes

__all__ = ["Packed", "Results", "pack", "encode_all", "classify", "classify_packed"]


def _typecode(size: int) -> str:
    """The array typecode of an unsigned integer of `size` bytes."""
    for code in "LQ":
        if array(code).itemsize == size:
            return code
    raise ImportError("meetintent: no array typecode for %d-byte integers" % size)


_SIZE_T = _typecode(ctypes.sizeof(ctypes.c_size_t))
_POINTER = _typecode(ctypes.sizeof(ctypes.c_void_p))
_RESULT_SIZE = ctypes.sizeof(ResultStruct)
_RESULT_TEMPLATE = bytes(ResultStruct(struct_size=_RESULT_SIZE))
# mi_result's fields in 4-byte words, to read them from all results at once.
_WORDS = _RESULT_SIZE // 4
_LABEL_AT = ResultStruct.label.offset // 4
_FLAGS_AT = ResultStruct.flags.offset // 4
# Fewer messages than this per thread are not worth a thread.
_MIN_PER_JOB = 256
_ONE_MESSAGE = (str, bytes, bytearray, memoryview)


def _refuse_one_message(texts) -> None:
    if isinstance(texts, _ONE_MESSAGE):
        raise TypeError("meetintent: expected an iterable of messages, got one %s; wrap it in "
                        "a list, or use classify() for one message" % type(texts).__name__)


def encode_all(texts: Iterable[Text]) -> List[bytes]:
    """Every message as UTF-8 bytes (see _text.text_bytes)."""
    _refuse_one_message(texts)
    return [text_bytes(t) for t in texts]


class Packed:
    """Messages in one bytes blob, with C arrays of pointers into it and of lengths."""

    __slots__ = ("blob", "pointers", "lengths", "count")

    def __init__(self, blob: bytes, lengths: array):
        self.blob = blob  # kept alive: the pointers point into it
        self.lengths = lengths
        self.count = len(lengths)
        base = ctypes.cast(ctypes.c_char_p(blob), ctypes.c_void_p).value or 0
        self.pointers = array(_POINTER, itertools.accumulate(lengths, initial=base))
        self.pointers.pop()


def pack(texts: Iterable[Text]) -> Packed:
    """Packs messages for mi_classify_batch_ex. A list of ASCII str takes one
    join (str.isascii() is O(1) in CPython); anything else is encoded message
    by message, which beats joining wide strings."""
    _refuse_one_message(texts)
    if not isinstance(texts, (list, tuple)):
        texts = list(texts)
    try:
        ascii_only = all(map(str.isascii, texts))
    except TypeError:  # a message is not a str
        ascii_only = False
    if ascii_only:
        return Packed("".join(texts).encode("ascii"), array(_SIZE_T, map(len, texts)))
    datas = encode_all(texts)
    return Packed(b"".join(datas), array(_SIZE_T, map(len, datas)))


class Results:
    """Preallocated outputs for `count` messages of a model with `labels` labels:
    mi_result structs (struct_size set in each) and the probabilities."""

    __slots__ = ("count", "labels", "raw", "probabilities", "_view")

    def __init__(self, count: int, labels: int):
        self.count = count
        self.labels = labels
        self.raw = bytearray(_RESULT_TEMPLATE * count)
        self._view = (ctypes.c_char * len(self.raw)).from_buffer(self.raw)
        self.probabilities = array("f", bytes(4 * count * labels))

    def label_indices(self) -> List[int]:
        return memoryview(self.raw).cast("i")[_LABEL_AT::_WORDS].tolist()

    def flags(self) -> List[int]:
        return memoryview(self.raw).cast("I")[_FLAGS_AT::_WORDS].tolist()

    def reason(self, index: int) -> Optional[str]:
        raw = ResultStruct.from_buffer(self.raw, index * _RESULT_SIZE).reason
        return raw.decode("utf-8", "replace") if raw else None


def classify_packed(handle, packed: Packed, results: Results, start: int, stop: int) -> None:
    """One mi_classify_batch_ex call for messages [start, stop)."""
    n = stop - start
    if n <= 0:
        return
    k = results.labels
    _check(lib.mi_classify_batch_ex(
        handle,
        packed.pointers.buffer_info()[0] + start * packed.pointers.itemsize,
        packed.lengths.buffer_info()[0] + start * packed.lengths.itemsize,
        n,
        ctypes.addressof(results._view) + start * _RESULT_SIZE,
        results.probabilities.buffer_info()[0] + start * k * results.probabilities.itemsize,
        n * k))


def classify(handle, packed: Packed, results: Results, n_jobs: int) -> None:
    """Classifies every packed message into `results`, on n_jobs threads."""
    count = packed.count
    jobs = max(1, min(n_jobs, count // _MIN_PER_JOB))
    if jobs == 1:
        classify_packed(handle, packed, results, 0, count)
        return
    bounds = [count * j // jobs for j in range(jobs + 1)]
    errors: List[Optional[BaseException]] = [None] * jobs

    def work(j: int) -> None:
        try:  # _check() must run on the thread whose call failed
            classify_packed(handle, packed, results, bounds[j], bounds[j + 1])
        except BaseException as e:  # noqa: B902 - handed to the calling thread
            errors[j] = e

    threads = [threading.Thread(target=work, args=(j,), daemon=True) for j in range(1, jobs)]
    for t in threads:
        t.start()
    work(0)
    for t in threads:
        t.join()
    for e in errors:
        if e is not None:
            raise e
