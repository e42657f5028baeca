// meetintent adapt: a base model adapted to a user's corrections.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "command.h"
#include "labelled_input.h"
#include "meetintent/adapt.h"

namespace meetintent {
namespace cli {
namespace {

struct AdaptArgs {
  std::string model;
  std::string output;
  std::string overlay;
  int passes = 1;  // more forget more of the base (Adapter::UpdateBatch)
  AdaptOptions adapt;
  LabelledInput input;
  bool quiet = false;
};

void Bind(AdaptArgs* a, OptionTable* t) {
  AddModelOption(t, &a->model);
  t->Text("--output", "PATH", "where to write the adapted stand-alone model", &a->output);
  t->Text("--overlay", "PATH", "where to write the overlay alone (.mio)", &a->overlay);
  t->Number("--passes", "N", "passes over the corrections, in file order", &a->passes, 1, 1000);
  AdaptOptions* o = &a->adapt;
  t->Number("--alpha", "X", "FTRL learning rate", &o->alpha, 1e-6f, 1e4f);
  t->Number("--beta", "X", "FTRL learning-rate smoothing", &o->beta, 0.0f, 1e4f);
  t->Number("--l1", "X", "L1 penalty on the deltas (sparsity)", &o->l1, 0.0f, 1e4f);
  t->Number("--l2", "X", "L2 penalty on the deltas", &o->l2, 0.0f, 1e4f);
  t->Number("--bias-l2", "X", "L2 penalty on the bias deltas", &o->bias_l2, 0.0f, 1e4f);
  t->Flag("--bias", "also learn a bias delta", &o->learn_bias, true);
  t->Flag("--all-features", "also learn deltas of character n-grams and word clusters",
          &o->words_only, false);
  t->Flag("--balance", "weigh corrections by their label's rarity", &o->balance_labels, true);
  t->Number("--skip-above", "P", "skip corrections already given this probability",
            &o->skip_above, 0.5f, 1.0f);
  t->Number<size_t>("--max-entries", "N", "most features the overlay tracks", &o->max_entries,
                    1, size_t{1} << 24);
  AddLabelledInputOptions(t, &a->input);
  t->Flag("--quiet", "no summary on stderr", &a->quiet, true);
}

int Run(const Command& self, const AdaptArgs& a, const std::vector<std::string>& files) {
  if (a.output.empty() && a.overlay.empty()) {
    return UsageError(self, "give --output PATH, --overlay PATH or both");
  }
  if (files.empty()) return UsageError(self, "give at least one corrections FILE ('-' for stdin)");
  std::unique_ptr<Model> base;
  if (Status s = LoadModel(a.model, &base); !s.ok()) return Fail(s);
  std::vector<Example> corrections;
  if (Status s = ReadLabelled(a.input, files, &corrections); !s.ok()) return Fail(s);
  std::unique_ptr<Adapter> adapter;
  if (Status s = Adapter::Create(*base, a.adapt, &adapter); !s.ok()) return Fail(s);
  if (Status s = adapter->UpdateBatch(corrections, a.passes); !s.ok()) return Fail(s);
  if (!a.overlay.empty()) {
    if (Status s = adapter->Save(a.overlay); !s.ok()) return Fail(s);
  }
  if (!a.output.empty()) {
    std::unique_ptr<Model> merged;
    if (Status s = adapter->Merge(&merged); !s.ok()) return Fail(s);
    if (Status s = merged->Save(a.output); !s.ok()) return Fail(s);
  }
  if (!a.quiet) {
    std::fprintf(stderr, "meetintent: %zu corrections, %d pass(es): %zu deltas (%zu bytes)\n",
                 corrections.size(), a.passes, adapter->entries(), adapter->bytes());
  }
  return kExitOk;
}

}  // namespace

const Command kAdaptCommand = {
    "adapt", "[--output PATH] [--overlay PATH] FILE...",
    "adapt a model to a user's corrections",
    "Learns a user's corrections (TSV or JSON Lines, as train reads them: the label\n"
    "each message should have had) on top of a base model, --model or the\n"
    "embedded default, which stays as it is: sparse deltas of the weights of the\n"
    "corrections' features, learned with FTRL-proximal and an L1 penalty so that\n"
    "decisions the corrections say nothing about stay. --output writes base +\n"
    "deltas as a stand-alone model (float32 weights) that --model accepts;\n"
    "--overlay writes the deltas alone (src/overlay_file.md), which the library\n"
    "loads on the same base (Adapter::Load, mi_overlay_load).\n",
    RunCommand<AdaptArgs, Bind, Run>};

}  // namespace cli
}  // namespace meetintent
