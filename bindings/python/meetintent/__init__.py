"""meetintent: tells whether a meeting message is personal or professional.

A ctypes binding of libmeetintent's C API (meetintent.h), standard library only
(numpy only for Predictions.to_numpy() and meetintent.sklearn).

    import meetintent
    with meetintent.Model.default() as model:
        p = model.classify("Coffee next week to talk about the role?")
        print(p.label, p.probability)      # professional 0.9...

The shared library is looked for, in order: $MEETINTENT_LIBRARY (a path), then
libmeetintent.so.1 / libmeetintent.so inside this package, then the system
loader. Importing fails with LibraryNotFoundError (an ImportError) listing every
place tried, or LibraryVersionError when the library is not a 1.x release with
x >= 1.
"""

from ._lib import LibraryNotFoundError, LibraryVersionError, library_path
from ._lib import lib as _library
from ._errors import (ClosedModelError, CorruptModelError, InvalidArgumentError, IOFailureError,
                      MeetintentError, MissingFileError, ParseError, Status)
from ._adapt import Adapter
from ._model import (Contribution, Explanation, FeatureKind, Model, ModelInfo, Prediction,
                     Predictions)
from ._thread import (Drift, Highlight, QuidProQuo, SenderTrajectory, ThreadAnalysis,
                      ThreadMessage, ThreadOptions)
from ._train import (OPTIMIZERS, TrainOptions, TrainProgress, default_train_options, train,
                     train_texts)

__version__ = "1.1.0"

__all__ = [
    "__version__", "library_version", "library_path",
    "Model", "ModelInfo", "Adapter", "Prediction", "Predictions", "Explanation", "Contribution",
    "FeatureKind",
    "ThreadMessage", "ThreadOptions", "ThreadAnalysis", "Drift", "SenderTrajectory",
    "QuidProQuo", "Highlight",
    "train", "train_texts", "TrainOptions", "TrainProgress", "default_train_options",
    "OPTIMIZERS",
    "Status", "MeetintentError", "InvalidArgumentError", "IOFailureError", "MissingFileError",
    "CorruptModelError", "ParseError", "ClosedModelError", "LibraryNotFoundError",
    "LibraryVersionError",
]

# Public classes show (and pickle) as meetintent.X rather than meetintent._module.X.
# Their annotations name only objects, never strings, so typing.get_type_hints()
# resolves them wherever __module__ points.
for _cls in (Model, ModelInfo, Adapter, Prediction, Predictions, Explanation, Contribution, FeatureKind,
             ThreadMessage, ThreadOptions, ThreadAnalysis, Drift, SenderTrajectory, QuidProQuo,
             Highlight, TrainOptions, TrainProgress, Status, MeetintentError,
             InvalidArgumentError, IOFailureError, MissingFileError, CorruptModelError,
             ParseError, ClosedModelError):
    _cls.__module__ = __name__
del _cls


def library_version() -> str:
    """The loaded libmeetintent's version, "MAJOR.MINOR.PATCH" (mi_version_string)."""
    return _library.mi_version_string().decode("ascii", "replace")
