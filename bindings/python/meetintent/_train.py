"""Training: from a file (mi_train_file) or from memory (mi_train), with every
option of mi_train_options, a progress callback and early stopping."""

import ctypes
import dataclasses
import math
from ctypes import byref, c_char_p
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterable, List, Optional, Union

from ._batch import pack
from ._errors import _check, _check_path
from ._lib import ModelPtr, TrainCallback, TrainOptionsStruct, assign_field, lib
from ._model import Model
from ._text import PathType, Text, c_string, path_bytes

__all__ = ["TrainOptions", "TrainProgress", "train", "train_texts", "default_train_options",
           "OPTIMIZERS"]

# mi_train_options.optimizer
OPTIMIZERS = {"adagrad": 0, "lbfgs": 1}
# The int32 fields of mi_train_options that are on/off switches.
_SWITCHES = ("balance_classes", "calibrate", "quantize", "keep_quotes", "keep_signatures",
             "no_placeholders", "no_deobfuscate", "no_neutral_words", "no_block_norm")


def _library_train_defaults() -> TrainOptionsStruct:
    raw = TrainOptionsStruct()
    _check(lib.mi_train_options_init_sized(byref(raw), ctypes.sizeof(raw)))
    return raw


_D = _library_train_defaults()


def _float32(x: float) -> float:
    """A float32 default as the short decimal it was written as (1e-3, not 0.0010000000474)."""
    return float("%.7g" % x)


_OPTIMIZER_NAMES = {v: k for k, v in OPTIMIZERS.items()}


@dataclass(frozen=True)
class TrainOptions:
    """Every option of the trainer (mi_train_options), with the library's
    defaults. The switches are named like the CLI's train flags. The library
    checks every value before training: out of range raises
    InvalidArgumentError (a ValueError) naming the option.

    epochs: most passes over the data (L-BFGS: iterations), 1..10000.
    learning_rate: AdaGrad rate, 1e-9..1e6. l2: L2 penalty, 0..1000.
    seed: shuffling and split seed. validation_fraction: share held out for
      early stopping and calibration, [0, 1).
    hash_bits: 2**hash_bits feature buckets, 10..24. max_word_ngram: 1 or 2.
    min_char_ngram, max_char_ngram: character n-gram lengths (0, 0: none).
    balance_classes, calibrate, quantize: class weights, probability
      calibration, int8 weights.
    optimizer: "adagrad" or "lbfgs". patience: epochs without improvement
      before stopping, 1..10000. threads: threads extracting features, 1..256.
    keep_quotes, keep_signatures, no_placeholders, no_deobfuscate,
      no_neutral_words, no_block_norm: the normalizer and feature switches.
    average: train this many models (seeds seed, seed+1, ...) and average their
      calibrated weights into one model of the same size, 1..64.
    """

    epochs: int = _D.epochs
    learning_rate: float = _float32(_D.learning_rate)
    l2: float = _float32(_D.l2)
    seed: int = _D.seed
    validation_fraction: float = _D.validation_fraction
    hash_bits: int = _D.hash_bits
    max_word_ngram: int = _D.max_word_ngram
    min_char_ngram: int = _D.min_char_ngram
    max_char_ngram: int = _D.max_char_ngram
    balance_classes: bool = bool(_D.balance_classes)
    calibrate: bool = bool(_D.calibrate)
    quantize: bool = bool(_D.quantize)
    optimizer: str = _OPTIMIZER_NAMES[_D.optimizer]
    patience: int = _D.patience
    threads: int = _D.threads
    keep_quotes: bool = bool(_D.keep_quotes)
    keep_signatures: bool = bool(_D.keep_signatures)
    no_placeholders: bool = bool(_D.no_placeholders)
    no_deobfuscate: bool = bool(_D.no_deobfuscate)
    no_neutral_words: bool = bool(_D.no_neutral_words)
    no_block_norm: bool = bool(_D.no_block_norm)
    average: int = _D.average

    def _struct(self) -> TrainOptionsStruct:
        raw = _library_train_defaults()
        for f in dataclasses.fields(self):
            value, what = getattr(self, f.name), "option %s" % f.name
            if f.name == "optimizer":
                if value not in OPTIMIZERS:
                    raise ValueError("meetintent: optimizer must be one of %s, not %r"
                                     % (", ".join(sorted(OPTIMIZERS)), value))
                raw.optimizer = OPTIMIZERS[value]
            elif f.name in _SWITCHES:
                if not isinstance(value, (bool, int)) or value not in (0, 1):
                    raise TypeError("meetintent: %s must be True or False, not %r" % (what, value))
                setattr(raw, f.name, int(value))
            else:
                assign_field(raw, f.name, value, what)
        return raw


OPTION_NAMES = tuple(f.name for f in dataclasses.fields(TrainOptions))


def default_train_options() -> Dict[str, Any]:
    """The library's defaults of every training option, by name."""
    return dataclasses.asdict(TrainOptions())


@dataclass(frozen=True)
class TrainProgress:
    """Where training stands after an epoch. validation_loss and
    validation_accuracy are NaN when there is no validation share."""

    epoch: int  # 1-based
    epochs: int  # the most there will be
    train_loss: float
    validation_loss: float
    validation_accuracy: float
    seconds: float  # since training started

    @property
    def validated(self) -> bool:
        return not math.isnan(self.validation_loss)


ProgressCallback = Callable[[TrainProgress], Any]


def _options(options: Optional[TrainOptions], overrides: Dict[str, Any]) -> TrainOptions:
    if options is not None and not isinstance(options, TrainOptions):
        raise TypeError("meetintent: options must be a TrainOptions, not %s"
                        % type(options).__name__)
    unknown = sorted(set(overrides) - set(OPTION_NAMES))
    if unknown:
        raise TypeError("meetintent: unknown training option%s %s; the options are: %s"
                        % ("s" if len(unknown) > 1 else "", ", ".join(unknown),
                           ", ".join(OPTION_NAMES)))
    given = {k: v for k, v in overrides.items() if v is not None}
    return dataclasses.replace(options or TrainOptions(), **given)


def _run(train_call: Callable[[TrainOptionsStruct, Any], int], options: TrainOptions,
         on_epoch: Optional[ProgressCallback], check: Callable[[int], None]):
    """Calls the C trainer with the options and the callback; returns the
    model handle. An exception raised by on_epoch stops training and is
    raised here."""
    raw = options._struct()
    raised: List[BaseException] = []
    if on_epoch is not None:
        if not callable(on_epoch):
            raise TypeError("meetintent: on_epoch must be callable")

        def trampoline(progress, _user_data):
            try:
                p = progress.contents
                return 1 if on_epoch(TrainProgress(p.epoch, p.epochs, p.train_loss,
                                                   p.validation_loss, p.validation_accuracy,
                                                   p.seconds)) else 0
            except BaseException as e:  # noqa: B902 - re-raised once training returns
                raised.append(e)
                return 1

        callback = TrainCallback(trampoline)  # alive until train_call returns
        raw.on_epoch = callback
    handle = ModelPtr()
    rc = train_call(raw, byref(handle))
    if raised:
        lib.mi_model_free(handle)
        raise raised[0]
    check(rc)
    return handle


def train_file(path: PathType, options: Optional[TrainOptions],
               on_epoch: Optional[ProgressCallback], overrides: Dict[str, Any]):
    data = path_bytes(path)
    return _run(lambda raw, out: lib.mi_train_file(data, byref(raw), out),
                _options(options, overrides), on_epoch, lambda rc: _check_path(rc, data))


def train_memory(texts: Iterable[Text], labels: Iterable[Union[str, bytes]],
                 options: Optional[TrainOptions], on_epoch: Optional[ProgressCallback],
                 overrides: Dict[str, Any]):
    packed = pack(texts)
    if isinstance(labels, (str, bytes)):
        raise TypeError("meetintent: labels must be an iterable of label names, one per text")
    names = [c_string(label, "label %d" % i) for i, label in enumerate(labels)]
    if len(names) != packed.count:
        raise ValueError("meetintent: %d texts but %d labels" % (packed.count, len(names)))
    c_labels = (c_char_p * len(names))(*names)
    return _run(lambda raw, out: lib.mi_train(packed.pointers.buffer_info()[0],
                                              packed.lengths.buffer_info()[0], c_labels,
                                              packed.count, byref(raw), out),
                _options(options, overrides), on_epoch, _check)


def train(path: PathType, options: Optional[TrainOptions] = None, *,
          on_epoch: Optional[ProgressCallback] = None, **overrides: Any) -> Model:
    """Trains a model from a TSV file (label<TAB>text, \\n escapes) or, for
    names ending in .jsonl/.json, JSON Lines ({"label": .., "text": ..}).

    options: a TrainOptions (default: the library's defaults); keyword
    arguments named like its fields override it, e.g. train(path, epochs=5,
    optimizer="lbfgs"). on_epoch(progress: TrainProgress) is called after
    every epoch; returning a true value stops training there and keeps the
    best model so far; an exception it raises stops training and propagates.
    Raises MissingFileError / IOFailureError (OSError), ParseError,
    InvalidArgumentError (bad options, fewer than two labels).
    """
    return Model._adopt(train_file(path, options, on_epoch, overrides))


def train_texts(texts: Iterable[Text], labels: Iterable[Union[str, bytes]],
                options: Optional[TrainOptions] = None, *,
                on_epoch: Optional[ProgressCallback] = None, **overrides: Any) -> Model:
    """Trains a model from memory: texts[i] (str or bytes) has label labels[i]
    (str). Options and on_epoch as for train(). Labels are sorted by their
    UTF-8 bytes to give the model's label order."""
    return Model._adopt(train_memory(texts, labels, options, on_epoch, overrides))
