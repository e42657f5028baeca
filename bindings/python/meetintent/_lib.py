"""Finds and loads libmeetintent, and declares the ctypes prototypes of its C API.

The C API is include/meetintent/meetintent.h. This module is written for the
1.1 API: the library must have major version 1 and minor version >= 1, which
mi_abi_check() verifies when the package is imported.
"""

import ctypes
import ctypes.util
import os
import warnings
from ctypes import (CFUNCTYPE, POINTER, c_char_p, c_double, c_float, c_int, c_int32, c_int64,
                    c_size_t, c_uint32, c_uint64, c_void_p)

__all__ = ["LibraryNotFoundError", "LibraryVersionError", "lib", "library_path"]

# The C API version this package was written for (MI_VERSION_NUMBER without
# the patch level: the header 1.1).
API_MAJOR = 1
API_MINOR = 1
API_VERSION_NUMBER = API_MAJOR * 10000 + API_MINOR * 100

ENV_LIBRARY = "MEETINTENT_LIBRARY"
PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
BUNDLED_NAMES = ("libmeetintent.so.1", "libmeetintent.so")
SYSTEM_NAME = "libmeetintent.so.1"


class LibraryNotFoundError(ImportError):
    """libmeetintent could not be found or loaded; the message lists every place tried."""

    __module__ = "meetintent"


class LibraryVersionError(ImportError):
    """The libmeetintent found cannot serve this package (incompatible version)."""

    __module__ = "meetintent"


# ----------------------------- C types -------------------------------------


class mi_model(ctypes.Structure):
    """Opaque model handle."""


class mi_explanation(ctypes.Structure):
    """Opaque explanation handle."""


class mi_thread_analysis(ctypes.Structure):
    """Opaque thread analysis handle."""


class mi_overlay(ctypes.Structure):
    """Opaque overlay (adapter) handle."""


ModelPtr = POINTER(mi_model)
ExplanationPtr = POINTER(mi_explanation)
ThreadAnalysisPtr = POINTER(mi_thread_analysis)
OverlayPtr = POINTER(mi_overlay)


class ThreadMessageStruct(ctypes.Structure):
    _fields_ = [
        ("struct_size", c_size_t),
        ("sender", c_char_p),
        ("text", c_char_p),
        ("text_length", c_size_t),
        ("timestamp", c_int64),
    ]


class QuidProQuoStruct(ctypes.Structure):
    _fields_ = [
        ("struct_size", c_size_t),
        ("benefit_message", c_size_t),
        ("benefit_begin", c_size_t),
        ("benefit_end", c_size_t),
        ("ask_message", c_size_t),
        ("ask_begin", c_size_t),
        ("ask_end", c_size_t),
        ("conditional", c_int32),
        ("confidence", c_float),
    ]


class HighlightStruct(ctypes.Structure):
    _fields_ = [
        ("struct_size", c_size_t),
        ("message", c_size_t),
        ("begin", c_size_t),
        ("end", c_size_t),
        ("role", c_char_p),
        ("weight", c_float),
    ]


class ModelInfoStruct(ctypes.Structure):
    _fields_ = [
        ("struct_size", c_size_t),
        ("format_version", c_uint32),
        ("num_labels", c_uint32),
        ("hash_bits", c_uint32),
        ("max_word_ngram", c_uint32),
        ("min_char_ngram", c_uint32),
        ("max_char_ngram", c_uint32),
        ("weight_type", c_uint32),
        ("weight_bytes", c_uint64),
        ("calibration_scale", c_float),
    ]


class ContributionStruct(ctypes.Structure):
    _fields_ = [
        ("struct_size", c_size_t),
        ("feature", c_char_p),
        ("kind", c_int32),
        ("supports", c_int32),
        ("weight", c_float),
        ("begin", c_size_t),
        ("end", c_size_t),
    ]


class TrainProgressStruct(ctypes.Structure):
    _fields_ = [
        ("struct_size", c_size_t),
        ("epoch", c_int32),
        ("epochs", c_int32),
        ("train_loss", c_double),
        ("validation_loss", c_double),
        ("validation_accuracy", c_double),
        ("seconds", c_double),
    ]


# int (*mi_train_callback)(const mi_train_progress*, void* user_data)
TrainCallback = CFUNCTYPE(c_int, POINTER(TrainProgressStruct), c_void_p)


class TrainOptionsStruct(ctypes.Structure):
    _fields_ = [
        ("struct_size", c_size_t),
        ("epochs", c_int32),
        ("learning_rate", c_float),
        ("l2", c_float),
        ("seed", c_uint64),
        ("validation_fraction", c_double),
        ("hash_bits", c_int32),
        ("max_word_ngram", c_int32),
        ("min_char_ngram", c_int32),
        ("max_char_ngram", c_int32),
        ("balance_classes", c_int32),
        ("calibrate", c_int32),
        ("quantize", c_int32),
        # Since 1.1
        ("on_epoch", TrainCallback),
        ("user_data", c_void_p),
        ("optimizer", c_int32),
        ("patience", c_int32),
        ("threads", c_int32),
        ("keep_quotes", c_int32),
        ("keep_signatures", c_int32),
        ("no_placeholders", c_int32),
        ("no_deobfuscate", c_int32),
        ("no_neutral_words", c_int32),
        ("no_block_norm", c_int32),
        ("average", c_int32),
    ]


class ResultStruct(ctypes.Structure):
    _fields_ = [
        ("struct_size", c_size_t),
        ("label", c_int32),
        ("probability", c_float),
        ("flags", c_uint32),
        ("reason", c_char_p),
    ]


RESULT_TRUNCATED = 1
RESULT_UNSUPPORTED = 2


class ThreadOptionsStruct(ctypes.Structure):
    _fields_ = [
        ("struct_size", c_size_t),
        ("smoothing", c_double),
        ("short_message_tokens", c_double),
        ("message_threshold", c_double),
        ("thread_threshold", c_double),
        ("pair_window_messages", c_int32),
        ("pair_window_seconds", c_int64),
    ]


class AdaptOptionsStruct(ctypes.Structure):
    _fields_ = [
        ("struct_size", c_size_t),
        ("alpha", c_float),
        ("beta", c_float),
        ("l1", c_float),
        ("l2", c_float),
        ("learn_bias", c_int32),
        ("bias_l2", c_float),
        ("balance_labels", c_int32),
        ("skip_above", c_float),
        ("words_only", c_int32),
        ("max_entries", c_uint64),
    ]


def assign_field(struct: ctypes.Structure, name: str, value, what: str) -> None:
    """struct.name = value, refusing what ctypes would silently wrap or
    coerce: an int outside the C field's range (OverflowError), a bool or
    str where a number goes (TypeError). `what` names the value in errors."""
    ctype = dict(struct._fields_)[name]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError("meetintent: %s must be a number, not %s" % (what, type(value).__name__))
    if ctype in _INT_RANGES:
        if not isinstance(value, int):
            raise TypeError("meetintent: %s must be an int, not %s" % (what, type(value).__name__))
        low, high = _INT_RANGES[ctype]
        if not low <= value <= high:
            raise OverflowError("meetintent: %s = %d is out of range [%d, %d]"
                                % (what, value, low, high))
    else:
        value = float(value)
    setattr(struct, name, value)


_INT_RANGES = {c_int32: (-2**31, 2**31 - 1), c_int64: (-2**63, 2**63 - 1), c_uint64: (0, 2**64 - 1)}

status = c_int  # mi_status is a C enum: int-sized.

# Every function of meetintent.h: (name, restype, argtypes).
PROTOTYPES = (
    ("mi_version", c_uint32, ()),
    ("mi_version_string", c_char_p, ()),
    ("mi_abi_check", status, (c_uint32,)),
    ("mi_last_error_message", c_char_p, ()),
    ("mi_status_name", c_char_p, (c_int,)),
    ("mi_model_load_default", status, (POINTER(ModelPtr),)),
    ("mi_model_load_file", status, (c_char_p, POINTER(ModelPtr))),
    ("mi_model_load_buffer", status, (c_char_p, c_size_t, POINTER(ModelPtr))),
    ("mi_model_save", status, (ModelPtr, c_char_p)),
    ("mi_model_serialize", status, (ModelPtr, c_void_p, c_size_t, POINTER(c_size_t))),
    ("mi_model_free", None, (ModelPtr,)),
    ("mi_model_get_info", status, (ModelPtr, POINTER(ModelInfoStruct))),
    ("mi_model_num_labels", status, (ModelPtr, POINTER(c_size_t))),
    ("mi_model_label", status, (ModelPtr, c_size_t, POINTER(c_char_p))),
    ("mi_model_label_index", status, (ModelPtr, c_char_p, POINTER(c_size_t))),
    ("mi_classify", status,
     (ModelPtr, c_char_p, c_size_t, POINTER(c_int32), POINTER(c_float), c_size_t)),
    ("mi_classify_batch", status,
     (ModelPtr, POINTER(c_char_p), POINTER(c_size_t), c_size_t, POINTER(c_int32),
      POINTER(c_float), c_size_t)),
    ("mi_classify_ex", status,
     (ModelPtr, c_char_p, c_size_t, POINTER(ResultStruct), POINTER(c_float), c_size_t)),
    ("mi_classify_batch_ex", status,
     (ModelPtr, c_void_p, c_void_p, c_size_t, c_void_p, c_void_p, c_size_t)),
    ("mi_explain", status, (ModelPtr, c_char_p, c_size_t, c_size_t, POINTER(ExplanationPtr))),
    ("mi_explanation_label", status, (ExplanationPtr, POINTER(c_int32), POINTER(c_float))),
    ("mi_explanation_count", status, (ExplanationPtr, POINTER(c_size_t))),
    ("mi_explanation_get", status, (ExplanationPtr, c_size_t, POINTER(ContributionStruct))),
    ("mi_explanation_free", None, (ExplanationPtr,)),
    ("mi_train_options_init", None, (POINTER(TrainOptionsStruct),)),
    ("mi_train_options_init_sized", status, (POINTER(TrainOptionsStruct), c_size_t)),
    ("mi_train_file", status, (c_char_p, POINTER(TrainOptionsStruct), POINTER(ModelPtr))),
    ("mi_train", status,
     (c_void_p, c_void_p, POINTER(c_char_p), c_size_t, POINTER(TrainOptionsStruct),
      POINTER(ModelPtr))),
    ("mi_thread_options_init", status, (POINTER(ThreadOptionsStruct), c_size_t)),
    ("mi_thread_analyze", status,
     (ModelPtr, POINTER(ThreadMessageStruct), c_size_t, POINTER(ThreadAnalysisPtr))),
    ("mi_thread_analyze_ex", status,
     (ModelPtr, POINTER(ThreadMessageStruct), c_size_t, POINTER(ThreadOptionsStruct),
      POINTER(ThreadAnalysisPtr))),
    ("mi_thread_label", status, (ThreadAnalysisPtr, POINTER(c_int32), POINTER(c_float))),
    ("mi_thread_message_score", status,
     (ThreadAnalysisPtr, c_size_t, POINTER(c_float), POINTER(c_float))),
    ("mi_thread_drift", status,
     (ThreadAnalysisPtr, POINTER(c_int32), POINTER(c_size_t), POINTER(c_char_p), POINTER(c_float))),
    ("mi_thread_sender_count", status, (ThreadAnalysisPtr, POINTER(c_size_t))),
    ("mi_thread_sender_get", status,
     (ThreadAnalysisPtr, c_size_t, POINTER(c_char_p), POINTER(c_size_t))),
    ("mi_thread_sender_point", status,
     (ThreadAnalysisPtr, c_size_t, c_size_t, POINTER(c_size_t), POINTER(c_float))),
    ("mi_thread_quid_pro_quo_count", status, (ThreadAnalysisPtr, POINTER(c_size_t))),
    ("mi_thread_quid_pro_quo_get", status,
     (ThreadAnalysisPtr, c_size_t, POINTER(QuidProQuoStruct))),
    ("mi_thread_highlight_count", status, (ThreadAnalysisPtr, POINTER(c_size_t))),
    ("mi_thread_highlight_get", status, (ThreadAnalysisPtr, c_size_t, POINTER(HighlightStruct))),
    ("mi_thread_analysis_free", None, (ThreadAnalysisPtr,)),
    # Since 1.1: adapting to a user's corrections.
    ("mi_adapt_options_init", status, (POINTER(AdaptOptionsStruct), c_size_t)),
    ("mi_overlay_create", status, (ModelPtr, POINTER(OverlayPtr))),
    ("mi_overlay_create_with_options", status,
     (ModelPtr, POINTER(AdaptOptionsStruct), POINTER(OverlayPtr))),
    ("mi_overlay_get_options", status, (OverlayPtr, POINTER(AdaptOptionsStruct))),
    ("mi_overlay_update", status, (OverlayPtr, c_char_p, c_size_t, c_char_p)),
    ("mi_overlay_update_batch", status,
     (OverlayPtr, POINTER(c_char_p), POINTER(c_size_t), POINTER(c_char_p), c_size_t, c_uint32)),
    ("mi_overlay_classify", status,
     (OverlayPtr, c_char_p, c_size_t, POINTER(c_int32), POINTER(c_float), c_size_t)),
    ("mi_overlay_stats", status, (OverlayPtr, POINTER(c_size_t), POINTER(c_uint64))),
    ("mi_overlay_save", status, (OverlayPtr, c_char_p)),
    ("mi_overlay_load", status, (ModelPtr, c_char_p, POINTER(OverlayPtr))),
    ("mi_overlay_merge", status, (OverlayPtr, POINTER(ModelPtr))),
    ("mi_overlay_free", None, (OverlayPtr,)),
)


def _declare(cdll):
    """Sets restype/argtypes of every C function; AttributeError if one is missing."""
    for name, restype, argtypes in PROTOTYPES:
        fn = getattr(cdll, name)
        fn.restype = restype
        fn.argtypes = argtypes


# ----------------------------- Discovery ------------------------------------


def _candidates():
    """Yields (description, what to pass to dlopen or None, reason when None)."""
    env = os.environ.get(ENV_LIBRARY)
    if env:
        where = "$%s=%s" % (ENV_LIBRARY, env)
        if os.path.exists(env):
            yield where, env, None
        else:
            yield where, None, "no such file"
    else:
        yield "$%s" % ENV_LIBRARY, None, "not set"
    for name in BUNDLED_NAMES:
        path = os.path.join(PACKAGE_DIR, name)
        where = "%s (beside the package)" % path
        if os.path.exists(path):
            yield where, path, None
        else:
            yield where, None, "no such file"
    where = "ctypes.util.find_library('meetintent')"
    try:
        found = ctypes.util.find_library("meetintent")
    except Exception as e:  # find_library runs ldconfig/gcc; never fatal.
        found, reason = None, "failed: %s" % e
    else:
        reason = "found nothing"
    if found:
        yield "%s -> %s" % (where, found), found, None
    else:
        yield where, None, reason
    yield "the system loader (dlopen %r)" % SYSTEM_NAME, SYSTEM_NAME, None


def _load():
    tried = []
    env_failed = False
    for where, target, reason in _candidates():
        if target is not None:
            try:
                cdll = ctypes.CDLL(target)
            except OSError as e:
                reason = "cannot load: %s" % e
            else:
                try:
                    _declare(cdll)
                except AttributeError as e:
                    reason = "not a meetintent library: %s" % e
                else:
                    _abi_check(cdll, where)
                    if env_failed:
                        warnings.warn(
                            "meetintent: $%s is set but unusable (%s); using %s instead"
                            % (ENV_LIBRARY, tried[0], where),
                            RuntimeWarning, stacklevel=3)
                    return cdll, target
        if where.startswith("$" + ENV_LIBRARY + "="):
            env_failed = True
        tried.append("%s: %s" % (where, reason))
    raise LibraryNotFoundError(
        "meetintent: cannot find the shared library libmeetintent.so.1. Looked in:\n"
        + "".join("  - %s\n" % t for t in tried)
        + "Set %s to the path of libmeetintent.so.1, install this package with "
          "MEETINTENT_BUNDLE_LIB pointing at it (it is then copied into the package), "
          "or install the library where the system loader finds it "
          "(ldconfig or LD_LIBRARY_PATH)." % ENV_LIBRARY)


def _abi_check(cdll, where):
    rc = cdll.mi_abi_check(API_VERSION_NUMBER)
    if rc != 0:
        reason = (cdll.mi_last_error_message() or b"").decode("utf-8", "replace")
        version = (cdll.mi_version_string() or b"?").decode("utf-8", "replace")
        raise LibraryVersionError(
            "meetintent: the library found at %s is version %s, but this Python package "
            "was written for the C API %d.%d (it needs a library %d.x with x >= %d): %s"
            % (where, version, API_MAJOR, API_MINOR, API_MAJOR, API_MINOR, reason))


lib, library_path = _load()
