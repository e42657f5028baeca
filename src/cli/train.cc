// meetintent train: a model from labelled files.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "command.h"
#include "labelled_input.h"
#include "meetintent/lexicon.h"
#include "meetintent/train.h"

namespace meetintent {
namespace cli {
namespace {

// The settings the shipped default model is trained with
// (data/default_model_recipe.cmake), so that 'meetintent train' with no
// options trains as the build does: the library's defaults, but for these
// four. tests/cli_docs_test.py checks every flag of the recipe against the
// defaults 'meetintent train --help' shows.
TrainOptions DefaultModelRecipe() {
  TrainOptions o;
  o.l2 = 1e-2f;
  o.quantize = true;
  o.normalize.strip_email_quotes = false;
  o.average = 9;
  return o;
}

struct TrainArgs {
  std::string output;
  std::string lexicon;
  TrainOptions train = DefaultModelRecipe();
  LabelledInput input;
  bool quiet = false;
};

// --char-ngrams MIN,MAX, checked by FeatureOptions::Validate.
Option CharNgramsOption(FeatureOptions* f) {
  Option o;
  o.name = "--char-ngrams";
  o.value_name = "MIN,MAX";
  o.help = "character n-gram lengths, 1 <= MIN <= MAX <= 8, or 0,0 for none";
  o.default_note = "(default " + FormatDefault(f->min_char_ngram) + "," +
                   FormatDefault(f->max_char_ngram) + ")";
  o.apply = [f](const std::string& value) -> std::string {
    const size_t comma = value.find(',');
    int64_t lo = 0, hi = 0;
    if (comma == std::string::npos || !ParseWhole(value.substr(0, comma), &lo) ||
        !ParseWhole(value.substr(comma + 1), &hi) || lo < 0 || hi > 8) {
      return "expected MIN,MAX (e.g. 3,5), got '" + value + "'";
    }
    FeatureOptions candidate = *f;
    candidate.min_char_ngram = static_cast<int>(lo);
    candidate.max_char_ngram = static_cast<int>(hi);
    if (std::string_view why = candidate.Validate(); !why.empty()) return std::string(why);
    *f = candidate;
    return "";
  };
  return o;
}

// --recipe 1|2: recipe 1 also brings back its sublinear counts.
Option RecipeOption(FeatureOptions* f) {
  Option o;
  o.name = "--recipe";
  o.value_name = "N";
  o.help = "feature recipe: 2, or 1 (meetintent 1.0's, with ICU dictionaries)";
  o.default_note = "(default " + FormatDefault(f->recipe) + ")";
  o.apply = [f](const std::string& value) -> std::string {
    if (value != "1" && value != "2") return "expected 1 or 2, got '" + value + "'";
    f->recipe = value == "1" ? 1 : 2;
    f->sublinear_tf = f->recipe == 1;
    return "";
  };
  return o;
}

void BindModelOptions(TrainOptions* o, OptionTable* t) {
  t->Add(RecipeOption(&o->features));
  t->Number("--hash-bits", "B", "2^B feature buckets", &o->features.hash_bits, 10, 24);
  t->Add(CharNgramsOption(&o->features));
  t->Number("--word-ngrams", "N", "1: words; 2: words and bigrams", &o->features.max_word_ngram,
            1, 2);
  t->Flag("--no-sublinear-tf", "count repeated features linearly (recipe 1: 1 + ln tf)",
          &o->features.sublinear_tf,
          false);
  t->Flag("--no-l2-normalize", "do not scale feature vectors to unit length",
          &o->features.l2_normalize, false);
  t->Flag("--no-block-norm", "one L2 norm over all features instead of one per block",
          &o->features.block_normalize, false);
  t->Flag("--no-neutral-words", "let gendered words and first names be features",
          &o->features.neutral_words, false);
  t->Flag("--no-clusters", "no word-cluster features (recipe 2)", &o->features.word_clusters,
          false);
  t->Flag("--keep-quotes", "keep quoted replies and forwarded headers of e-mails",
          &o->normalize.strip_email_quotes, false);
  t->Flag("--strip-quotes", "drop quoted replies and forwarded headers of e-mails",
          &o->normalize.strip_email_quotes, true);
  t->Flag("--keep-signatures", "keep e-mail signatures", &o->normalize.strip_signature, false);
  t->Flag("--no-placeholders", "keep URLs, addresses, numbers, times and dates as words",
          &o->normalize.placeholders, false);
  t->Flag("--no-deobfuscate", "do not undo look-alikes, leetspeak and letter spacing",
          &o->normalize.deobfuscate, false);
  t->Flag("--no-fold-gendered-han", "keep Chinese feminine pronouns apart from masculine ones",
          &o->normalize.fold_gendered_han, false);
  t->Number<size_t>("--max-input-bytes", "N", "bytes of a message the model reads",
                    &o->normalize.max_input_bytes, 1024, size_t{1} << 30);
  t->Flag("--quantize", "store int8 weights", &o->quantize, true);
  t->Flag("--float32", "store float32 weights (4x larger)", &o->quantize, false);
}

void Bind(TrainArgs* a, OptionTable* t) {
  TrainOptions* o = &a->train;
  t->Text("--output", "PATH", "where to write the model (required)", &a->output);
  t->Text("--lexicon", "PATH",
          "word clusters and neutral stand-ins, TSV (recipe 2; data/lexicon/lexicon.tsv)",
          &a->lexicon, "(default: the embedded default model's)");
  t->Choice("--optimizer", "AdaGrad, or full-batch L-BFGS", &o->optimizer,
            {{"adagrad", Optimizer::kAdaGrad}, {"lbfgs", Optimizer::kLbfgs}});
  t->Number("--epochs", "N", "most passes over the data (L-BFGS: iterations)", &o->epochs, 1,
            10000);
  t->Number("--learning-rate", "X", "AdaGrad base rate", &o->learning_rate, 1e-9f, 1e6f);
  t->Number("--l2", "X", "L2 penalty per update", &o->l2, 0.0f, 1e3f);
  t->Number("--validation", "F", "share held out for early stopping and calibration",
            &o->validation_fraction, 0.0, 0.9);
  t->Number("--patience", "N", "epochs without improvement before stopping", &o->patience, 1,
            1000);
  t->Number<uint64_t>("--seed", "S", "shuffling and splitting seed", &o->seed, 0,
                      uint64_t{1} << 53);
  t->Number("--average", "N",
            "train N models (seeds S, S+1, ...) and average their calibrated weights "
            "into one model of the same size",
            &o->average, 1, 64);
  t->Number("--threads", "N", "threads for feature extraction", &o->threads, 1, 256);
  t->Flag("--no-balance", "do not weight classes by their frequency", &o->balance_classes,
          false);
  t->Flag("--no-calibrate", "do not fit a probability calibration", &o->calibrate, false);
  BindModelOptions(o, t);
  AddLabelledInputOptions(t, &a->input);
  t->Flag("--quiet", "no progress on stderr", &a->quiet, true);
}

void PrintProgress(const TrainProgress& p) {
  std::fprintf(stderr, "epoch %d/%d  train loss %.4f", p.epoch, p.epochs, p.train_loss);
  if (p.validation_loss >= 0) {  // -1: no held-out share
    std::fprintf(stderr, "  validation loss %.4f  accuracy %.4f", p.validation_loss,
                 p.validation_accuracy);
  }
  std::fprintf(stderr, "  (%.1fs)\n", p.seconds);
}

// One line on how training went; figures the run did not produce are left
// out rather than shown as the library's "not measured" -1.
std::string Summary(const TrainReport& r, const std::string& path) {
  char buf[160];
  std::string out = "meetintent: ";
  if (r.validation_examples > 0) {
    std::snprintf(buf, sizeof(buf), "best epoch %d of %d on %zu held-out examples", r.best_epoch,
                  r.epochs_run, r.validation_examples);
  } else {
    std::snprintf(buf, sizeof(buf), "%d epochs, no held-out share", r.epochs_run);
  }
  out += buf;
  if (r.ece_before >= 0) {
    std::snprintf(buf, sizeof(buf), "; held-out ECE %.4f -> %.4f (calibration %s)", r.ece_before,
                  r.ece_after, r.calibration_applied ? "applied" : "not applied");
    out += buf;
  } else {
    out += "; no calibration fitted";
  }
  if (r.models_averaged > 1) {
    std::snprintf(buf, sizeof(buf), " (first of %d models averaged)", r.models_averaged);
    out += buf;
  }
  std::snprintf(buf, sizeof(buf), "; %.2fs; wrote ", r.seconds);
  return out + buf + path + "\n";
}

int Run(const Command& self, const TrainArgs& a, const std::vector<std::string>& files) {
  if (a.output.empty()) return UsageError(self, "--output PATH is required");
  if (files.empty()) return UsageError(self, "give at least one input FILE ('-' for stdin)");
  std::vector<Example> examples;
  if (Status s = ReadLabelled(a.input, files, &examples); !s.ok()) return Fail(s);
  if (Status s = CheckLabelSpelling(examples); !s.ok()) return Fail(s);
  TrainOptions options = a.train;
  if (!a.lexicon.empty()) {
    if (Status s = Lexicon::LoadTsvFile(a.lexicon, &options.features.lexicon); !s.ok()) {
      return Fail(s);
    }
  }
  if (!a.quiet) {
    std::fprintf(stderr, "meetintent: training on %zu examples\n", examples.size());
    options.on_epoch = PrintProgress;
  }
  std::unique_ptr<Model> model;
  TrainReport report;
  if (Status s = Train(options, examples, &model, &report); !s.ok()) return Fail(s);
  if (Status s = model->Save(a.output); !s.ok()) return Fail(s);
  if (!a.quiet) std::fputs(Summary(report, a.output).c_str(), stderr);
  return kExitOk;
}

}  // namespace

const Command kTrainCommand = {
    "train", "--output PATH FILE...", "train a model from TSV or JSON Lines files",
    "Trains a model from labelled files ('-' reads stdin): TSV, label<TAB>text per\n"
    "line (\\n, \\t, \\r, \\\\ escapes in the text), or JSON Lines,\n"
    "{\"label\":..,\"text\":..} per line. A header line 'label<TAB>text' is skipped\n"
    "with a warning; labels that differ only in case or surrounding spaces are an\n"
    "error; a JSON array is refused (JSON Lines is expected). Training is\n"
    "deterministic for a given --seed.\n"
    "\n"
    "The defaults below are the settings of the embedded default model\n"
    "(data/default_model_recipe.cmake): 'meetintent train --output my.mim FILE'\n"
    "trains as the build does.\n",
    RunCommand<TrainArgs, Bind, Run>};

}  // namespace cli
}  // namespace meetintent
