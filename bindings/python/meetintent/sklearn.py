"""meetintent as a scikit-learn classifier of texts.

    from meetintent.sklearn import MeetintentClassifier
    clf = MeetintentClassifier(epochs=5).fit(texts, labels)   # trained in memory
    clf.predict(["Dinner tonight, just us?"]), clf.predict_proba(texts)

X is a sequence of messages (str or bytes; a 1-D array or a pandas Series of them
works too), y their labels (any values whose str() differ: the model's labels are
str(label)). Every training option of meetintent.TrainOptions is a constructor
parameter, so get_params/set_params, clone, Pipeline, cross_val_score and
GridSearchCV work; a fitted classifier pickles (the model travels as its bytes).
Needs numpy and scikit-learn (Debian: python3-numpy, python3-sklearn); the rest of
meetintent does not.
"""

from typing import Any, List, Optional, Sequence

import numpy
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from ._model import Predictions
from ._train import OPTION_NAMES, TrainOptions, TrainProgress, train_texts

__all__ = ["MeetintentClassifier"]

# Probabilities are clipped to [_EPS, 1 - _EPS] before taking logs.
_EPS = 1e-7


class MeetintentClassifier(ClassifierMixin, BaseEstimator):
    """A meetintent model trained by fit() from texts and labels.

    Parameters are meetintent.TrainOptions' fields, with the same defaults
    (the library's), plus n_jobs (threads classifying in predict and
    predict_proba; -1: one per core) and verbose (print each epoch's
    progress). Fitted attributes: classes_ (sorted, as numpy.unique gives
    them) and model_ (a meetintent.Model).
    """

    def __init__(self, epochs: int = 10, learning_rate: float = 0.5, l2: float = 1e-3,
                 seed: int = 1, validation_fraction: float = 0.1, hash_bits: int = 20,
                 max_word_ngram: int = 2, min_char_ngram: int = 3, max_char_ngram: int = 5,
                 balance_classes: bool = True, calibrate: bool = True, quantize: bool = False,
                 optimizer: str = "adagrad", patience: int = 2, threads: int = 2,
                 keep_quotes: bool = False, keep_signatures: bool = False,
                 no_placeholders: bool = False, no_deobfuscate: bool = False,
                 no_neutral_words: bool = False, no_block_norm: bool = False,
                 average: int = 1, n_jobs: Optional[int] = 1, verbose: bool = False):
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.l2 = l2
        self.seed = seed
        self.validation_fraction = validation_fraction
        self.hash_bits = hash_bits
        self.max_word_ngram = max_word_ngram
        self.min_char_ngram = min_char_ngram
        self.max_char_ngram = max_char_ngram
        self.balance_classes = balance_classes
        self.calibrate = calibrate
        self.quantize = quantize
        self.optimizer = optimizer
        self.patience = patience
        self.threads = threads
        self.keep_quotes = keep_quotes
        self.keep_signatures = keep_signatures
        self.no_placeholders = no_placeholders
        self.no_deobfuscate = no_deobfuscate
        self.no_neutral_words = no_neutral_words
        self.no_block_norm = no_block_norm
        self.average = average
        self.n_jobs = n_jobs
        self.verbose = verbose

    def _more_tags(self):
        return {"X_types": ["string"], "requires_y": True}

    @staticmethod
    def _texts(X: Any) -> List[Any]:
        if isinstance(X, (str, bytes)):
            raise TypeError("meetintent: X must be a sequence of messages, not one %s"
                            % type(X).__name__)
        if isinstance(X, numpy.ndarray) and X.ndim != 1:
            raise ValueError("meetintent: X must be one-dimensional (one message per row), "
                             "not of shape %s" % (X.shape,))
        return list(X)

    def fit(self, X: Sequence[Any], y: Sequence[Any]) -> "MeetintentClassifier":
        """Trains a model on messages X with labels y (at least two distinct)."""
        texts = self._texts(X)
        y = numpy.asarray(y)
        if y.ndim != 1 or len(y) != len(texts):
            raise ValueError("meetintent: y must hold one label per message: %d messages, "
                             "y of shape %s" % (len(texts), y.shape))
        classes = numpy.unique(y)
        names = [str(c) for c in classes]
        if len(set(names)) != len(names):
            raise ValueError("meetintent: labels %r are different values with the same str(); "
                             "the model names labels by str()" % (list(classes),))
        options = TrainOptions(**{name: getattr(self, name) for name in OPTION_NAMES})
        on_epoch = self._print_progress if self.verbose else None
        model = train_texts(texts, [str(v) for v in y], options, on_epoch=on_epoch)
        self.model_ = model
        self.classes_ = classes
        # The model orders labels by their UTF-8 bytes: its column for each class.
        self._columns = [model.label_index(name) for name in names]
        return self

    @staticmethod
    def _print_progress(p: TrainProgress) -> None:
        print("epoch %d/%d: train loss %.4f, validation loss %.4f, accuracy %.4f (%.1f s)"
              % (p.epoch, p.epochs, p.train_loss, p.validation_loss, p.validation_accuracy,
                 p.seconds))

    def _predictions(self, X: Sequence[Any]) -> Predictions:
        check_is_fitted(self, ("model_", "classes_"))
        return self.model_.classify_many(self._texts(X), n_jobs=self.n_jobs)

    def predict_proba(self, X: Sequence[Any]) -> numpy.ndarray:
        """Calibrated probabilities, shape (n, len(classes_)), columns in classes_ order."""
        _, probs = self._predictions(X).to_numpy()
        return probs[:, self._columns].astype(numpy.float64)

    def predict(self, X: Sequence[Any]) -> numpy.ndarray:
        """The most probable class of each message (values from classes_)."""
        proba = self.predict_proba(X)  # first: it checks that the classifier is fitted
        return self.classes_[numpy.argmax(proba, axis=1)]

    def decision_function(self, X: Sequence[Any]) -> numpy.ndarray:
        """Log-odds: for two classes, log(p1 / p0) of classes_[1], shape (n,); for more,
        log(p) per class, shape (n, len(classes_))."""
        probs = numpy.clip(self.predict_proba(X), _EPS, 1 - _EPS)
        if len(self.classes_) == 2:
            return numpy.log(probs[:, 1]) - numpy.log(probs[:, 0])
        return numpy.log(probs)
