"""Adapter: learning one user's corrections on top of a shared model (mi_overlay_*)."""

import threading
from ctypes import byref, c_char_p, c_float, c_int32, c_size_t, c_uint64
from typing import Any, Sequence

from ._errors import ClosedModelError, _check, _check_path
from ._lib import ModelPtr, OverlayPtr, lib
from ._model import Model, Prediction, _prediction
from ._text import PathType, Text, path_bytes, text_bytes

__all__ = ["Adapter"]


class Adapter:
    """One user's corrections over a base Model, which it keeps open and never
    changes (one base serves any number of adapters).

    update() and update_many() learn (sparse weight deltas, FTRL-proximal with
    L1); classify() uses them. save()/Adapter.load() keep the deltas alone (a
    .mio file, refused on another base); merge() gives a stand-alone Model.
    Thread-safe: classify from any thread while another updates. Close with
    close() or a `with` block.

        with meetintent.Model.default() as base, meetintent.Adapter(base) as user:
            user.update("Drinks after work on Friday?", "personal")
            user.classify("Drinks after work on Thursday?")
    """

    def __init__(self, model: Model, *, _handle: Any = None) -> None:
        if not isinstance(model, Model):
            raise TypeError("meetintent: Adapter needs a Model, not %s" % type(model).__name__)
        self._model = model  # keeps the base alive as long as the adapter
        self._base = model._acquire()  # released in close()
        self._labels = model.labels
        self._lock = threading.Lock()
        self._handle = None
        try:
            if _handle is None:
                _handle = OverlayPtr()
                _check(lib.mi_overlay_create(self._base, byref(_handle)))
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

    def update_many(self, texts: Sequence[Text], labels: Sequence[str], passes: int = 3) -> None:
        """Learns many corrections (`passes` passes in order), like partial_fit."""
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
