// meetintent: the command-line tool. Its own target; never part of the library.
#include <boost/locale/encoding.hpp>

#include <cerrno>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "../json.h"
#include "meetintent/dataset.h"
#include "meetintent/metrics.h"
#include "meetintent/model.h"
#include "meetintent/thread.h"
#include "meetintent/train.h"
#include "meetintent/version.h"

namespace mi = meetintent;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitError = 1;
constexpr int kExitUsage = 2;

const char kMainHelp[] =
    "usage: meetintent <command> [options] [arguments]\n"
    "\n"
    "Tells whether a meeting message's intent is personal or professional.\n"
    "\n"
    "commands:\n"
    "  classify   label messages (arguments, or one per line on stdin)\n"
    "  explain    show the words that drove each decision, with byte spans\n"
    "  train      train a model from TSV or JSON Lines files\n"
    "  eval       measure a model on labelled TSV or JSON Lines files\n"
    "  info       show what a model file holds\n"
    "  thread     analyze conversations: drift to personal, quid pro quo\n"
    "  version    print the library version\n"
    "\n"
    "Every command takes --model PATH; without it the embedded default model is used.\n"
    "Run 'meetintent <command> --help' for a command's options.\n";

const char kClassifyHelp[] =
    "usage: meetintent classify [--model PATH] [--format plain|tsv|jsonl] [--encoding ENC] "
    "[MESSAGE...]\n"
    "\n"
    "Classifies each MESSAGE, or each line of stdin when none is given. In stdin lines\n"
    "the escapes \\n, \\t and \\\\ stand for newline, tab and backslash.\n"
    "\n"
    "  --model PATH     model file (default: the embedded model)\n"
    "  --format plain   'LABEL PROBABILITY' per message (default)\n"
    "  --format tsv     LABEL<TAB>PROBABILITY<TAB>one column per label's probability\n"
    "  --format jsonl   one JSON object per message, in input order:\n"
    "                   {\"label\":..,\"probability\":..,\"probabilities\":{label:p,..}}\n"
    "  --encoding ENC   input encoding, e.g. windows-1252 (default: UTF-8)\n";

const char kExplainHelp[] =
    "usage: meetintent explain [--model PATH] [-k N] [--format plain|jsonl] [--encoding ENC] "
    "[MESSAGE...]\n"
    "\n"
    "Shows the label and the N features (default 5) pushing most toward it and away\n"
    "from it, each with its byte span [begin, end) in the message.\n";

const char kTrainHelp[] =
    "usage: meetintent train --output PATH [options] FILE...\n"
    "\n"
    "Trains a model from labelled files: TSV (label<TAB>text) or JSON Lines\n"
    "({\"label\":..,\"text\":..}, for names ending in .jsonl or .json).\n"
    "\n"
    "  --output PATH        where to write the model (required)\n"
    "  --optimizer NAME     adagrad (default) or lbfgs (full batch)\n"
    "  --epochs N           most passes over the data; L-BFGS iterations (default 10)\n"
    "  --learning-rate X    AdaGrad rate (default 0.5)\n"
    "  --l2 X               L2 penalty (default 1e-3)\n"
    "  --hash-bits B        2^B feature buckets, 10..24 (default 20)\n"
    "  --char-ngrams MIN,MAX  character n-gram lengths, or 0,0 for none (default 3,5)\n"
    "  --word-ngrams N      1 or 2 (default 2)\n"
    "  --validation F       share held out for early stopping and calibration (default 0.1)\n"
    "  --patience N         epochs without improvement before stopping (default 2)\n"
    "  --seed S             shuffling and splitting seed (default 1)\n"
    "  --no-balance         do not weight classes by their frequency\n"
    "  --no-calibrate       do not fit a probability calibration\n"
    "  --quantize           store int8 weights (4x smaller)\n"
    "  --keep-quotes        keep quoted replies and forwarded headers of e-mails\n"
    "  --keep-signatures    keep e-mail signatures\n"
    "  --no-placeholders    keep URLs, addresses, numbers, times and dates as words\n"
    "  --no-deobfuscate     do not undo look-alikes, leetspeak and letter spacing\n"
    "  --no-neutral-words   let gendered words and first names be features\n"
    "  --no-block-norm      one L2 norm over all features instead of one per block\n"
    "  --encoding ENC       input encoding (default UTF-8)\n"
    "  --quiet              no progress on stderr\n";

const char kEvalHelp[] =
    "usage: meetintent eval [--model PATH] [--json] [--encoding ENC] FILE...\n"
    "\n"
    "Prints accuracy, per-class precision/recall/F1, macro-F1, ROC AUC (two labels),\n"
    "expected calibration error and the confusion matrix. Examples whose label the\n"
    "model does not know are an error.\n";

const char kThreadHelp[] =
    "usage: meetintent thread [--model PATH] [FILE]\n"
    "\n"
    "Reads JSON Lines (FILE or stdin), one message per line:\n"
    "  {\"thread_id\":..,\"sender\":..,\"time\":\"2025-03-04T10:15:00Z\",\"text\":..}\n"
    "(time optional), or one whole thread per line: {\"thread_id\":..,\"messages\":[..]}.\n"
    "Messages of a thread keep their input order. Writes one JSON object per thread, in\n"
    "order of first appearance: the thread's label and p(personal), each message's\n"
    "p(personal) and smoothed trajectory, per-sender trajectories, the drift event (the\n"
    "message where a professional thread turned personal, and who drove it), quid-pro-quo\n"
    "offers with the byte spans of the benefit and the ask, and highlights.\n";

const char kInfoHelp[] =
    "usage: meetintent info [--model PATH] [--json]\n"
    "\n"
    "Shows a model's format version, labels, feature configuration, calibration and size.\n";

struct Args {
  std::vector<std::string> positional;
  std::string model_path;
  std::string format = "plain";
  std::string encoding;
  bool json = false;
  bool help = false;
  size_t k = 5;
  // train
  std::string output;
  mi::TrainOptions train;
  bool quiet = false;
};

[[noreturn]] void UsageError(const std::string& msg, const char* help) {
  std::cerr << "meetintent: " << msg << "\n\n" << help;
  std::exit(kExitUsage);
}

bool ParseNumber(const std::string& s, double* out) {
  char* end = nullptr;
  errno = 0;
  *out = std::strtod(s.c_str(), &end);
  return errno == 0 && end != s.c_str() && *end == '\0';
}

Args ParseArgs(const std::string& command, int argc, char** argv, const char* help) {
  Args a;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) UsageError(arg + " needs a value", help);
      return argv[++i];
    };
    auto number = [&](double lo, double hi) {
      const std::string v = value();
      double d;
      if (!ParseNumber(v, &d) || d < lo || d > hi) {
        UsageError(arg + ": '" + v + "' is not a number in [" + std::to_string(lo) + ", " +
                       std::to_string(hi) + "]",
                   help);
      }
      return d;
    };
    if (arg == "--help" || arg == "-h") {
      a.help = true;
    } else if (arg == "--model") {
      a.model_path = value();
    } else if (arg == "--format" && (command == "classify" || command == "explain")) {
      a.format = value();
      if (a.format != "plain" && a.format != "jsonl" && !(a.format == "tsv" && command == "classify"))
        UsageError("unknown format '" + a.format + "'", help);
    } else if (arg == "--encoding" && command != "info") {
      a.encoding = value();
    } else if (arg == "--json" && (command == "eval" || command == "info")) {
      a.json = true;
    } else if (arg == "-k" && command == "explain") {
      a.k = static_cast<size_t>(number(1, 1000));
    } else if (command == "train" && arg == "--output") {
      a.output = value();
    } else if (command == "train" && arg == "--epochs") {
      a.train.epochs = static_cast<int>(number(1, 10000));
    } else if (command == "train" && arg == "--learning-rate") {
      a.train.learning_rate = static_cast<float>(number(1e-9, 1e6));
    } else if (command == "train" && arg == "--l2") {
      a.train.l2 = static_cast<float>(number(0, 1e3));
    } else if (command == "train" && arg == "--hash-bits") {
      a.train.features.hash_bits = static_cast<int>(number(10, 24));
    } else if (command == "train" && arg == "--word-ngrams") {
      a.train.features.max_word_ngram = static_cast<int>(number(1, 2));
    } else if (command == "train" && arg == "--char-ngrams") {
      const std::string v = value();
      int lo = -1, hi = -1;
      if (std::sscanf(v.c_str(), "%d,%d", &lo, &hi) != 2) {
        UsageError("--char-ngrams wants MIN,MAX, e.g. 3,5", help);
      }
      a.train.features.min_char_ngram = lo;
      a.train.features.max_char_ngram = hi;
      if (std::string_view why = a.train.features.Validate(); !why.empty()) {
        UsageError(std::string(why), help);
      }
    } else if (command == "train" && arg == "--validation") {
      a.train.validation_fraction = number(0, 0.9);
    } else if (command == "train" && arg == "--patience") {
      a.train.patience = static_cast<int>(number(1, 1000));
    } else if (command == "train" && arg == "--seed") {
      a.train.seed = static_cast<uint64_t>(number(0, 9e15));
    } else if (command == "train" && arg == "--no-balance") {
      a.train.balance_classes = false;
    } else if (command == "train" && arg == "--no-calibrate") {
      a.train.calibrate = false;
    } else if (command == "train" && arg == "--optimizer") {
      const std::string v = value();
      if (v == "adagrad") {
        a.train.optimizer = mi::Optimizer::kAdaGrad;
      } else if (v == "lbfgs") {
        a.train.optimizer = mi::Optimizer::kLbfgs;
      } else {
        UsageError("--optimizer wants adagrad or lbfgs", help);
      }
    } else if (command == "train" && arg == "--keep-quotes") {
      a.train.normalize.strip_email_quotes = false;
    } else if (command == "train" && arg == "--keep-signatures") {
      a.train.normalize.strip_signature = false;
    } else if (command == "train" && arg == "--no-placeholders") {
      a.train.normalize.placeholders = false;
    } else if (command == "train" && arg == "--no-deobfuscate") {
      a.train.normalize.deobfuscate = false;
    } else if (command == "train" && arg == "--no-neutral-words") {
      a.train.features.neutral_words = false;
    } else if (command == "train" && arg == "--no-block-norm") {
      a.train.features.block_normalize = false;
    } else if (command == "train" && arg == "--quantize") {
      a.train.quantize = true;
    } else if (command == "train" && arg == "--quiet") {
      a.quiet = true;
    } else if (arg.size() > 1 && arg[0] == '-' && arg != "-") {
      UsageError("unknown option '" + arg + "' for '" + command + "'", help);
    } else {
      a.positional.push_back(arg);
    }
  }
  if (a.help) {
    std::cout << help;
    std::exit(kExitOk);
  }
  return a;
}

int Fail(const mi::Status& s) {
  std::cerr << "meetintent: " << s.ToString() << "\n";
  return kExitError;
}

mi::Status LoadModel(const Args& a, std::unique_ptr<mi::Model>* model) {
  if (a.model_path.empty()) return mi::Model::LoadDefault(model);
  return mi::Model::LoadFile(a.model_path, model);
}

// Converts from --encoding to UTF-8 (Boost.Locale's converters handle the
// legacy code pages old mail archives are written in).
mi::Status ToUtf8(const std::string& encoding, std::string* text) {
  if (encoding.empty()) return mi::Status::Ok();
  try {
    *text = boost::locale::conv::to_utf<char>(*text, encoding, boost::locale::conv::skip);
  } catch (const std::exception& e) {
    return mi::Status::InvalidArgument("cannot convert from '" + encoding + "': " + e.what());
  }
  return mi::Status::Ok();
}

// Calls fn(message) for each argument, or each stdin line (unescaped).
template <typename Fn>
int ForEachMessage(const Args& a, Fn fn) {
  if (!a.positional.empty()) {
    for (std::string m : a.positional) {
      if (mi::Status s = ToUtf8(a.encoding, &m); !s.ok()) return Fail(s);
      fn(m);
    }
    return kExitOk;
  }
  std::string line;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string m = mi::UnescapeTsvText(line);
    if (mi::Status s = ToUtf8(a.encoding, &m); !s.ok()) return Fail(s);
    fn(m);
  }
  return kExitOk;
}

int Classify(const Args& a) {
  std::unique_ptr<mi::Model> model;
  if (mi::Status s = LoadModel(a, &model); !s.ok()) return Fail(s);
  const auto& labels = model->labels();
  mi::Workspace ws;
  mi::Prediction p;
  std::string out;
  if (a.format == "tsv") {
    out = "label\tprobability";
    for (const std::string& l : labels) out += "\tp_" + l;
    std::cout << out << "\n";
  }
  return ForEachMessage(a, [&](const std::string& m) {
    model->Predict(m, &ws, &p);
    const std::string& label = labels[static_cast<size_t>(p.label)];
    out.clear();
    if (a.format == "jsonl") {
      out += "{\"label\":";
      mi::json::AppendString(label, &out);
      out += ",\"probability\":";
      mi::json::AppendNumber(p.probabilities[static_cast<size_t>(p.label)], &out);
      out += ",\"probabilities\":{";
      for (size_t c = 0; c < labels.size(); ++c) {
        if (c) out += ",";
        mi::json::AppendString(labels[c], &out);
        out += ":";
        mi::json::AppendNumber(p.probabilities[c], &out);
      }
      out += "}";
      if (p.truncated) out += ",\"truncated\":true";
      out += "}";
    } else if (a.format == "tsv") {
      out += label + "\t";
      mi::json::AppendNumber(p.probabilities[static_cast<size_t>(p.label)], &out);
      for (float prob : p.probabilities) {
        out += "\t";
        mi::json::AppendNumber(prob, &out);
      }
    } else {
      out += label + " ";
      mi::json::AppendNumber(p.probabilities[static_cast<size_t>(p.label)], &out);
    }
    std::cout << out << "\n";
  });
}

void AppendContributionsJson(const std::vector<mi::Contribution>& cs, std::string* out) {
  *out += "[";
  for (size_t i = 0; i < cs.size(); ++i) {
    if (i) *out += ",";
    *out += "{\"feature\":";
    mi::json::AppendString(cs[i].feature, out);
    *out += ",\"kind\":\"";
    *out += cs[i].kind == mi::FeatureKind::kWord     ? "word"
            : cs[i].kind == mi::FeatureKind::kBigram ? "bigram"
                                                     : "char";
    *out += "\",\"weight\":";
    mi::json::AppendNumber(cs[i].weight, out);
    *out += ",\"begin\":" + std::to_string(cs[i].span.begin) +
            ",\"end\":" + std::to_string(cs[i].span.end) + "}";
  }
  *out += "]";
}

int Explain(const Args& a) {
  std::unique_ptr<mi::Model> model;
  if (mi::Status s = LoadModel(a, &model); !s.ok()) return Fail(s);
  const auto& labels = model->labels();
  mi::Workspace ws;
  mi::Explanation e;
  return ForEachMessage(a, [&](const std::string& m) {
    model->Explain(m, a.k, &ws, &e);
    const std::string& label = labels[static_cast<size_t>(e.label)];
    std::string out;
    if (a.format == "jsonl") {
      out += "{\"label\":";
      mi::json::AppendString(label, &out);
      out += ",\"probability\":";
      mi::json::AppendNumber(e.probabilities[static_cast<size_t>(e.label)], &out);
      out += ",\"supporting\":";
      AppendContributionsJson(e.supporting, &out);
      out += ",\"opposing\":";
      AppendContributionsJson(e.opposing, &out);
      out += "}\n";
    } else {
      out += label + " ";
      mi::json::AppendNumber(e.probabilities[static_cast<size_t>(e.label)], &out);
      out += "\n";
      auto list = [&](const char* title, const std::vector<mi::Contribution>& cs) {
        out += std::string("  ") + title + ":\n";
        for (const mi::Contribution& c : cs) {
          char buf[64];
          std::snprintf(buf, sizeof(buf), "    %+.3f  [%u, %u)  ", c.weight, c.span.begin,
                        c.span.end);
          out += buf;
          out += "\"" + c.feature + "\"  \"" +
                 m.substr(c.span.begin, c.span.end - c.span.begin) + "\"\n";
        }
      };
      list(("toward " + label).c_str(), e.supporting);
      list("against", e.opposing);
    }
    std::cout << out;
  });
}

mi::Status ReadAll(const Args& a, std::vector<mi::Example>* examples) {
  for (const std::string& path : a.positional) {
    if (mi::Status s = mi::ReadExamples(path, examples); !s.ok()) return s;
  }
  if (!a.encoding.empty()) {
    for (mi::Example& e : *examples) {
      if (mi::Status s = ToUtf8(a.encoding, &e.text); !s.ok()) return s;
      if (mi::Status s = ToUtf8(a.encoding, &e.label); !s.ok()) return s;
    }
  }
  return mi::Status::Ok();
}

int Train(Args& a) {
  if (a.output.empty()) UsageError("train needs --output PATH", kTrainHelp);
  if (a.positional.empty()) UsageError("train needs at least one input FILE", kTrainHelp);
  std::vector<mi::Example> examples;
  if (mi::Status s = ReadAll(a, &examples); !s.ok()) return Fail(s);
  if (!a.quiet) {
    std::cerr << "meetintent: training on " << examples.size() << " examples\n";
    a.train.on_epoch = [](const mi::TrainProgress& p) {
      std::fprintf(stderr,
                   "epoch %d/%d  train loss %.4f  validation loss %.4f  accuracy %.4f  "
                   "(%.1fs)\n",
                   p.epoch, p.epochs, p.train_loss, p.validation_loss, p.validation_accuracy,
                   p.seconds);
    };
  }
  std::unique_ptr<mi::Model> model;
  mi::TrainReport report;
  if (mi::Status s = mi::Train(a.train, examples, &model, &report); !s.ok()) return Fail(s);
  if (mi::Status s = model->Save(a.output); !s.ok()) return Fail(s);
  if (!a.quiet) {
    std::fprintf(stderr,
                 "meetintent: best epoch %d of %d; held-out ECE %.4f -> %.4f (calibration %s); "
                 "%.2fs; wrote %s\n",
                 report.best_epoch, report.epochs_run, report.ece_before, report.ece_after,
                 report.calibration_applied ? "applied" : "not applied", report.seconds,
                 a.output.c_str());
  }
  return kExitOk;
}

int Eval(const Args& a) {
  if (a.positional.empty()) UsageError("eval needs at least one input FILE", kEvalHelp);
  std::unique_ptr<mi::Model> model;
  if (mi::Status s = LoadModel(a, &model); !s.ok()) return Fail(s);
  std::vector<mi::Example> examples;
  if (mi::Status s = ReadAll(a, &examples); !s.ok()) return Fail(s);
  const auto& labels = model->labels();
  std::vector<int> truth;
  std::vector<float> probs;
  mi::Workspace ws;
  mi::Prediction p;
  for (const mi::Example& e : examples) {
    const int y = model->LabelIndex(e.label);
    if (y < 0) {
      return Fail(mi::Status::InvalidArgument("label '" + e.label +
                                              "' is not one of the model's labels"));
    }
    model->Predict(e.text, &ws, &p);
    truth.push_back(y);
    probs.insert(probs.end(), p.probabilities.begin(), p.probabilities.end());
  }
  const mi::Metrics m = mi::ComputeMetrics(truth, probs, labels.size());
  std::string out;
  if (a.json) {
    out += "{\"count\":" + std::to_string(m.count) + ",\"accuracy\":";
    mi::json::AppendNumber(m.accuracy, &out);
    out += ",\"macro_f1\":";
    mi::json::AppendNumber(m.macro_f1, &out);
    out += ",\"roc_auc\":";
    if (m.roc_auc >= 0) mi::json::AppendNumber(m.roc_auc, &out); else out += "null";
    out += ",\"ece\":";
    mi::json::AppendNumber(m.ece, &out);
    out += ",\"log_loss\":";
    mi::json::AppendNumber(m.log_loss, &out);
    out += ",\"classes\":{";
    for (size_t c = 0; c < labels.size(); ++c) {
      if (c) out += ",";
      mi::json::AppendString(labels[c], &out);
      out += ":{\"precision\":";
      mi::json::AppendNumber(m.per_class[c].precision, &out);
      out += ",\"recall\":";
      mi::json::AppendNumber(m.per_class[c].recall, &out);
      out += ",\"f1\":";
      mi::json::AppendNumber(m.per_class[c].f1, &out);
      out += ",\"support\":" + std::to_string(m.per_class[c].support) + "}";
    }
    out += "},\"confusion\":[";
    for (size_t t = 0; t < labels.size(); ++t) {
      if (t) out += ",";
      out += "[";
      for (size_t q = 0; q < labels.size(); ++q) {
        if (q) out += ",";
        out += std::to_string(m.confusion[t][q]);
      }
      out += "]";
    }
    out += "]}\n";
  } else {
    char buf[256];
    std::snprintf(buf, sizeof(buf), "examples  %zu\naccuracy  %.4f\nmacro-F1  %.4f\n", m.count,
                  m.accuracy, m.macro_f1);
    out += buf;
    if (m.roc_auc >= 0) {
      std::snprintf(buf, sizeof(buf), "ROC AUC   %.4f\n", m.roc_auc);
      out += buf;
    }
    std::snprintf(buf, sizeof(buf), "ECE       %.4f\nlog loss  %.4f\n\n", m.ece, m.log_loss);
    out += buf;
    std::snprintf(buf, sizeof(buf), "%-16s %9s %9s %9s %9s\n", "class", "precision", "recall",
                  "F1", "support");
    out += buf;
    for (size_t c = 0; c < labels.size(); ++c) {
      std::snprintf(buf, sizeof(buf), "%-16s %9.4f %9.4f %9.4f %9zu\n", labels[c].c_str(),
                    m.per_class[c].precision, m.per_class[c].recall, m.per_class[c].f1,
                    m.per_class[c].support);
      out += buf;
    }
    out += "\nconfusion (rows: true, columns: predicted)\n";
    for (size_t t = 0; t < labels.size(); ++t) {
      std::snprintf(buf, sizeof(buf), "%-16s", labels[t].c_str());
      out += buf;
      for (size_t q = 0; q < labels.size(); ++q) {
        std::snprintf(buf, sizeof(buf), " %9zu", m.confusion[t][q]);
        out += buf;
      }
      out += "\n";
    }
  }
  std::cout << out;
  return kExitOk;
}

int Info(const Args& a) {
  std::unique_ptr<mi::Model> model;
  if (mi::Status s = LoadModel(a, &model); !s.ok()) return Fail(s);
  const mi::FeatureOptions& f = model->feature_options();
  const mi::NormalizeOptions& n = model->normalize_options();
  const mi::Calibration& c = model->calibration();
  std::string out;
  const char* wt = model->weight_type() == mi::WeightType::kInt8 ? "int8" : "float32";
  if (a.json) {
    out += "{\"source\":";
    mi::json::AppendString(a.model_path.empty() ? "embedded default" : a.model_path, &out);
    out += ",\"format_version\":" + std::to_string(model->format_version()) + ",\"labels\":[";
    for (size_t i = 0; i < model->labels().size(); ++i) {
      if (i) out += ",";
      mi::json::AppendString(model->labels()[i], &out);
    }
    out += "],\"hash_bits\":" + std::to_string(f.hash_bits) +
           ",\"max_word_ngram\":" + std::to_string(f.max_word_ngram) +
           ",\"char_ngrams\":[" + std::to_string(f.min_char_ngram) + "," +
           std::to_string(f.max_char_ngram) + "],\"sublinear_tf\":" +
           (f.sublinear_tf ? "true" : "false") + ",\"l2_normalize\":" +
           (f.l2_normalize ? "true" : "false") + ",\"weights\":\"" + wt +
           "\",\"weight_bytes\":" + std::to_string(model->weight_bytes()) +
           ",\"calibration_scale\":";
    mi::json::AppendNumber(c.scale, &out);
    out += ",\"max_input_bytes\":" + std::to_string(n.max_input_bytes) + "}\n";
  } else {
    out += "model           " + (a.model_path.empty() ? std::string("embedded default") : a.model_path) + "\n";
    out += "format version  " + std::to_string(model->format_version()) + "\n";
    out += "labels         ";
    for (const std::string& l : model->labels()) out += " " + l;
    out += "\nfeatures        2^" + std::to_string(f.hash_bits) + " buckets; word n-grams 1-" +
           std::to_string(f.max_word_ngram) + "; char n-grams " +
           (f.min_char_ngram ? std::to_string(f.min_char_ngram) + "-" + std::to_string(f.max_char_ngram)
                             : std::string("off")) +
           (f.sublinear_tf ? "; sublinear tf" : "") + (f.l2_normalize ? "; L2-normalized" : "") + "\n";
    out += std::string("weights         ") + wt + ", " + std::to_string(model->weight_bytes()) +
           " bytes\n";
    char buf[96];
    std::snprintf(buf, sizeof(buf), "calibration     scale %.4f", c.scale);
    out += buf;
    for (float b : c.bias) {
      std::snprintf(buf, sizeof(buf), ", bias %.4f", b);
      out += buf;
    }
    out += "\nnormalizer      quotes " + std::string(n.strip_email_quotes ? "stripped" : "kept") +
           ", signatures " + (n.strip_signature ? "stripped" : "kept") + ", placeholders " +
           (n.placeholders ? "on" : "off") + ", reads the first " +
           std::to_string(n.max_input_bytes) + " bytes\n";
  }
  std::cout << out;
  return kExitOk;
}


// "2025-03-04T10:15:00Z" -> seconds since the epoch, or -1.
int64_t ParseIsoTime(const std::string& s) {
  std::tm tm{};
  int y, mo, d, h, mi, sec;
  if (std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &sec) != 6) return -1;
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  return static_cast<int64_t>(timegm(&tm));
}

bool ReadThreadMessage(const mi::json::Value& v, mi::ThreadMessage* m, std::string* error) {
  const mi::json::Value* text = v.Find("text");
  if (text == nullptr || text->type != mi::json::Value::kString) {
    *error = "missing string member \"text\"";
    return false;
  }
  m->text = text->string;
  if (const mi::json::Value* s = v.Find("sender")) {
    m->sender = s->type == mi::json::Value::kString ? s->string : "";
  }
  if (const mi::json::Value* t = v.Find("time"); t && t->type == mi::json::Value::kString) {
    m->timestamp = ParseIsoTime(t->string);
  }
  return true;
}

void AppendHighlight(const mi::Highlight& h, std::string* out) {
  *out += "{\"message\":" + std::to_string(h.message) + ",\"begin\":" +
          std::to_string(h.span.begin) + ",\"end\":" + std::to_string(h.span.end) + ",\"text\":";
  mi::json::AppendString(h.text, out);
  *out += ",\"role\":";
  mi::json::AppendString(h.role, out);
  *out += ",\"weight\":";
  mi::json::AppendNumber(h.weight, out);
  *out += "}";
}

std::string ThreadJson(const std::string& id, const mi::Model& model,
                       const std::vector<mi::ThreadMessage>& messages,
                       const mi::ThreadAnalysis& a) {
  std::string out = "{\"thread_id\":";
  mi::json::AppendString(id, &out);
  out += ",\"label\":";
  mi::json::AppendString(a.label >= 0 ? model.labels()[static_cast<size_t>(a.label)] : "", &out);
  out += ",\"personal_probability\":";
  mi::json::AppendNumber(a.personal_probability, &out);
  out += ",\"messages\":[";
  for (size_t i = 0; i < messages.size(); ++i) {
    if (i) out += ",";
    out += "{\"index\":" + std::to_string(i) + ",\"sender\":";
    mi::json::AppendString(messages[i].sender, &out);
    out += ",\"label\":";
    mi::json::AppendString(model.labels()[static_cast<size_t>(a.predictions[i].label)], &out);
    out += ",\"personal\":";
    mi::json::AppendNumber(a.personal[i], &out);
    out += ",\"smoothed\":";
    mi::json::AppendNumber(a.trajectory[i], &out);
    out += "}";
  }
  out += "],\"senders\":{";
  for (size_t s = 0; s < a.senders.size(); ++s) {
    if (s) out += ",";
    mi::json::AppendString(a.senders[s].sender, &out);
    out += ":[";
    for (size_t k = 0; k < a.senders[s].smoothed.size(); ++k) {
      if (k) out += ",";
      mi::json::AppendNumber(a.senders[s].smoothed[k], &out);
    }
    out += "]";
  }
  out += "},\"drift\":";
  if (a.drift.detected) {
    out += "{\"message\":" + std::to_string(a.drift.message) + ",\"sender\":";
    mi::json::AppendString(a.drift.sender, &out);
    out += ",\"probability\":";
    mi::json::AppendNumber(a.drift.probability, &out);
    out += "}";
  } else {
    out += "null";
  }
  out += ",\"quid_pro_quo\":[";
  for (size_t q = 0; q < a.quid_pro_quo.size(); ++q) {
    const mi::QuidProQuo& x = a.quid_pro_quo[q];
    if (q) out += ",";
    out += "{\"benefit_message\":" + std::to_string(x.benefit_message) +
           ",\"ask_message\":" + std::to_string(x.ask_message) + ",\"benefit\":";
    AppendHighlight(x.benefit, &out);
    out += ",\"ask\":";
    AppendHighlight(x.ask, &out);
    out += std::string(",\"conditional\":") + (x.conditional ? "true" : "false") +
           ",\"confidence\":";
    mi::json::AppendNumber(x.confidence, &out);
    out += "}";
  }
  out += "],\"highlights\":[";
  for (size_t h = 0; h < a.highlights.size(); ++h) {
    if (h) out += ",";
    AppendHighlight(a.highlights[h], &out);
  }
  out += "]}\n";
  return out;
}

int Thread(const Args& a) {
  if (a.positional.size() > 1) UsageError("thread takes at most one FILE", kThreadHelp);
  std::unique_ptr<mi::Model> model;
  if (mi::Status s = LoadModel(a, &model); !s.ok()) return Fail(s);
  std::ifstream file;
  if (!a.positional.empty()) {
    file.open(a.positional[0], std::ios::binary);
    if (!file) {
      return Fail(mi::Status::IoError("cannot open '" + a.positional[0] + "': " +
                                      std::strerror(errno)));
    }
  }
  std::istream& in = a.positional.empty() ? std::cin : file;
  std::vector<std::string> order;
  std::map<std::string, std::vector<mi::ThreadMessage>> threads;
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    mi::json::Value v;
    std::string error;
    const std::string where = "line " + std::to_string(line_no) + ": ";
    if (!mi::json::Parse(line, &v, &error) || v.type != mi::json::Value::kObject) {
      return Fail(mi::Status::ParseError(where + "expected a JSON object " + error));
    }
    const mi::json::Value* id = v.Find("thread_id");
    if (id == nullptr || id->type != mi::json::Value::kString) {
      return Fail(mi::Status::ParseError(where + "missing string member \"thread_id\""));
    }
    if (threads.find(id->string) == threads.end()) order.push_back(id->string);
    auto& thread = threads[id->string];
    if (const mi::json::Value* msgs = v.Find("messages")) {
      if (msgs->type != mi::json::Value::kArray) {
        return Fail(mi::Status::ParseError(where + "\"messages\" must be an array"));
      }
      for (const mi::json::Value& m : msgs->array) {
        mi::ThreadMessage tm;
        if (m.type != mi::json::Value::kObject || !ReadThreadMessage(m, &tm, &error)) {
          return Fail(mi::Status::ParseError(where + "bad message: " + error));
        }
        thread.push_back(std::move(tm));
      }
    } else {
      mi::ThreadMessage tm;
      if (!ReadThreadMessage(v, &tm, &error)) return Fail(mi::Status::ParseError(where + error));
      thread.push_back(std::move(tm));
    }
  }
  mi::Workspace ws;
  mi::ThreadAnalysis analysis;
  for (const std::string& id : order) {
    if (mi::Status s = mi::AnalyzeThread(*model, threads[id], mi::ThreadOptions(), &ws, &analysis);
        !s.ok()) {
      return Fail(s);
    }
    std::cout << ThreadJson(id, *model, threads[id], analysis);
  }
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  if (argc < 2) {
    std::cerr << kMainHelp;
    return kExitUsage;
  }
  const std::string command = argv[1];
  try {
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << kMainHelp;
      return kExitOk;
    }
    if (command == "version" || command == "--version") {
      std::cout << "meetintent " << MEETINTENT_VERSION_STRING << "\n";
      return kExitOk;
    }
    if (command == "classify") return Classify(ParseArgs(command, argc, argv, kClassifyHelp));
    if (command == "explain") return Explain(ParseArgs(command, argc, argv, kExplainHelp));
    if (command == "train") {
      Args a = ParseArgs(command, argc, argv, kTrainHelp);
      return Train(a);
    }
    if (command == "eval") return Eval(ParseArgs(command, argc, argv, kEvalHelp));
    if (command == "thread") return Thread(ParseArgs(command, argc, argv, kThreadHelp));
    if (command == "info") {
      Args a = ParseArgs(command, argc, argv, kInfoHelp);
      if (!a.positional.empty()) UsageError("info takes no arguments", kInfoHelp);
      return Info(a);
    }
  } catch (const std::bad_alloc&) {
    std::cerr << "meetintent: out of memory\n";
    return kExitError;
  } catch (const std::exception& e) {
    std::cerr << "meetintent: internal error: " << e.what() << "\n";
    return kExitError;
  }
  std::cerr << "meetintent: unknown command '" << command << "'\n\n" << kMainHelp;
  return kExitUsage;
}
