"""Adapter: learning one user's corrections on top of a shared model (mi_overlay_*)."""

import ctypes
import threading
from ctypes import byref, c_char_p, c_float, c_int32, c_size_t, c_uint64
from typing import Any, Dict, Optional, Sequence, Union

from ._errors import ClosedModelError, _check, _check_path
from ._lib import AdaptOptionsStruct, ModelPtr, OverlayPtr, assign_field, lib
from ._model import Model, Prediction, _prediction
from ._text import PathType, Text, path_bytes, text_bytes

__all__ = ["Adapter"]

# mi_adapt_options' fields, in order; the flags are bools in Python.
_OPTIONS = ("alpha", "beta", "l1", "l2", "learn_bias", "bias_l2", "balance_labels",
            "skip_above", "words_only", "max_entries")
_FLAGS = ("learn_bias", "balance_labels", "words_only")


def _options_struct(given: Dict[str, Any]) -> AdaptOptionsStruct:
    """The library's defaults with the given options set; TypeError or
    OverflowError for a value of the wrong type or beyond the C field (the
    library checks the ranges)."""
    raw = AdaptOptionsStruct()
    _check(lib.mi_adapt_options_init(byref(raw), ctypes.sizeof(raw)))
    for name, value in given.items():
        if name in _FLAGS:
            if not isinstance(value, bool):
                raise TypeError("meetintent: Adapter option %s must be a bool, not %s"
                                % (name, type(value).__name__))
            setattr(raw, name, int(value))
        else:
            assign_field(raw, name, value, "Adapter option %s" % name)
    return raw


def _options_dict(raw: AdaptOptionsStruct) -> Dict[str, Union[float, int, bool]]:
    out: Dict[str, Union[float, int, bool]] = {}
    for name in _OPTIONS:
        value = getattr(raw, name)
        out[name] = bool(value) if name in _FLAGS else value
    return out


class Adapter:
    """One user's corrections over a base Model, which it keeps open and never
    changes (one base serves any number of adapters).

    update() and update_many() learn (sparse weight deltas, FTRL-proximal with
    L1); classify() uses them. save()/Adapter.load() keep the deltas alone (a
    .mio file, refused on another base); merge() gives a stand-alone Model.
    Thread-safe: classify from any thread while another updates. Close with
    close() or a `with` block.

    How it learns (mi_adapt_options; an option left out, or None, takes the
    library's default, shown beside it; the library checks every value and
    raises InvalidArgumentError, a ValueError, naming the one out of range):
      alpha (0.5), beta (1.0): FTRL-proximal learning rate alpha / (beta + sqrt(n)).
      l1 (0.2), l2 (0.01): penalties on the deltas; l1 keeps the overlay sparse.
      learn_bias (False), bias_l2 (1.0): also learn a bias delta, with its own L2.
      balance_labels (False): weigh corrections by how rare their label has been.
      skip_above (1.0): skip corrections already given this probability, [0.5, 1].
      words_only (True): deltas of word and word-pair features only.
      max_entries (16384): most features tracked, 1..2**24.
    Adapter.load() takes the options the file was saved with; `options` tells.

        with meetintent.Model.default() as base, meetintent.Adapter(base) as user:
            user.update("Drinks after work on Friday?", "personal")
            user.classify("Drinks after work on Thursday?")
        cautious = meetintent.Adapter(base, alpha=0.1, l2=1.0)
    """

    def __init__(self, model: Model, *, alpha: Optional[float] = None,
                 beta: Optional[float] = None, l1: Optional[float] = None,
                 l2: Optional[float] = None, learn_bias: Optional[bool] = None,
                 bias_l2: Optional[float] = None, balance_labels: Optional[bool] = None,
                 skip_above: Optional[float] = None, words_only: Optional[bool] = None,
                 max_entries: Optional[int] = None, _handle: Any = None) -> None:
        if not isinstance(model, Model):
            raise TypeError("meetintent: Adapter needs a Model, not %s" % type(model).__name__)
        given = {name: value for name, value in (
            ("alpha", alpha), ("beta", beta), ("l1", l1), ("l2", l2),
            ("learn_bias", learn_bias), ("bias_l2", bias_l2),
            ("balance_labels", balance_labels), ("skip_above", skip_above),
            ("words_only", words_only), ("max_entries", max_entries)) if value is not None}
        if given and _handle is not None:
            raise TypeError("meetintent: a loaded Adapter keeps the options of its file")
        raw = _options_struct(given) if given else None
        self._model = model  # keeps the base alive as long as the adapter
        self._base = model._acquire()  # released in close()
        self._labels = model.labels
        self._lock = threading.Lock()
        self._handle = None
        try:
            if _handle is None:
                _handle = OverlayPtr()
                if raw is None:
                    _check(lib.mi_overlay_create(self._base, byref(_handle)))
                else:
                    _check(lib.mi_overlay_create_with_options(self._base, byref(raw),
                                                              byref(_handle)))
            self._handle = _handle
        except BaseException:
            model._release()
            raise

    @classmethod
    def load(cls, model: Model, path: PathType) -> "Adapter":
        """Reads an overlay file saved on `model`. CorruptModelError for a damaged
        file, InvalidArgumentError for one saved on another base model."""
        data = path_bytes(path)
        handle = OverlayPtr()
        base = model._acquire()
        try:
            _check_path(lib.mi_overlay_load(base, data, byref(handle)), data)
        finally:
            model._release()
        return cls(model, _handle=handle)

    def _get(self) -> Any:
        if self._handle is None:
            raise ClosedModelError("meetintent: this Adapter is closed")
        return self._handle

    @property
    def labels(self):
        return list(self._labels)

    def update(self, text: Text, label: str) -> None:
        """Learns one correction: `text` should have been `label`."""
        data = text_bytes(text)
        with self._lock:
            _check(lib.mi_overlay_update(self._get(), data, len(data),
                                         label.encode("utf-8", "surrogatepass")))

    def update_many(self, texts: Sequence[Text], labels: Sequence[str], passes: int = 1) -> None:
        """Learns many corrections (`passes` passes in order; more forget more
        of the base model), like partial_fit."""
        texts, labels = list(texts), list(labels)
        if len(texts) != len(labels):
            raise ValueError("meetintent: %d texts but %d labels" % (len(texts), len(labels)))
        n = len(texts)
        data = [text_bytes(t) for t in texts]
        c_texts = (c_char_p * n)(*data)
        c_lengths = (c_size_t * n)(*[len(d) for d in data])
        c_labels = (c_char_p * n)(*[l.encode("utf-8", "surrogatepass") for l in labels])
        with self._lock:
            _check(lib.mi_overlay_update_batch(self._get(), c_texts, c_lengths, c_labels, n,
                                               passes))

    partial_fit = update_many

    def classify(self, text: Text) -> Prediction:
        """As Model.classify, with this user's corrections."""
        data = text_bytes(text)
        n = len(self._labels)
        label = c_int32()
        probs = (c_float * n)()
        _check(lib.mi_overlay_classify(self._get(), data, len(data), byref(label), probs, n))
        return _prediction(self._labels, label.value, probs[:], 0, None)

    @property
    def options(self) -> Dict[str, Union[float, int, bool]]:
        """The options it learns with, by name (those of the file when loaded)."""
        raw = AdaptOptionsStruct()
        raw.struct_size = ctypes.sizeof(raw)
        _check(lib.mi_overlay_get_options(self._get(), byref(raw)))
        return _options_dict(raw)

    @property
    def entries(self) -> int:
        """Non-zero weight deltas held."""
        entries = c_size_t()
        _check(lib.mi_overlay_stats(self._get(), byref(entries), None))
        return entries.value

    @property
    def updates(self) -> int:
        """Corrections learned (a batch counts each once per pass)."""
        updates = c_uint64()
        _check(lib.mi_overlay_stats(self._get(), None, byref(updates)))
        return updates.value

    def save(self, path: PathType) -> None:
        """Writes the overlay alone (atomically)."""
        data = path_bytes(path)
        _check_path(lib.mi_overlay_save(self._get(), data), data, writing=True)

    def merge(self) -> Model:
        """Base + deltas as a new stand-alone Model (float32 weights)."""
        handle = ModelPtr()
        _check(lib.mi_overlay_merge(self._get(), byref(handle)))
        return Model._adopt(handle)

    def close(self) -> None:
        """Frees the adapter and lets go of the base model. Calling it again does nothing."""
        handle, self._handle = getattr(self, "_handle", None), None
        if handle:
            lib.mi_overlay_free(handle)
            self._model._release()

    def __enter__(self) -> "Adapter":
        self._get()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    def __repr__(self) -> str:
        if self._handle is None:
            return "<meetintent.Adapter (closed)>"
        return "<meetintent.Adapter entries=%d>" % self.entries
