// meetintent info: what a model file holds.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "command.h"
#include "json.h"
#include "meetintent/model.h"
#include "output.h"

namespace meetintent {
namespace cli {
namespace {

struct InfoArgs {
  std::string model_path;
  bool json = false;
};

void Bind(InfoArgs* a, OptionTable* t) {
  AddModelOption(t, &a->model_path);
  t->Flag("--json", "print the description as one JSON object", &a->json, true);
}

const char* WeightTypeName(const Model& model) {
  return model.weight_type() == WeightType::kInt8 ? "int8" : "float32";
}

void WriteJson(const Model& model, const std::string& source, std::string* out) {
  const FeatureOptions& f = model.feature_options();
  json::Writer w(out);
  w.BeginObject().Key("source").String(source);
  w.Key("format_version").Int(model.format_version()).Key("labels").BeginArray();
  for (const std::string& l : model.labels()) w.String(l);
  w.EndArray().Key("hash_bits").Int(f.hash_bits).Key("max_word_ngram").Int(f.max_word_ngram);
  w.Key("char_ngrams").BeginArray().Int(f.min_char_ngram).Int(f.max_char_ngram).EndArray();
  w.Key("sublinear_tf").Bool(f.sublinear_tf).Key("l2_normalize").Bool(f.l2_normalize);
  w.Key("weights").String(WeightTypeName(model));
  w.Key("weight_bytes").Int(static_cast<int64_t>(model.weight_bytes()));
  w.Key("calibration_scale").Number(model.calibration().scale);
  w.Key("max_input_bytes").Int(static_cast<int64_t>(model.normalize_options().max_input_bytes));
  w.EndObject();
  out->push_back('\n');
}

void WriteText(const Model& model, const std::string& source, std::string* out) {
  const FeatureOptions& f = model.feature_options();
  const NormalizeOptions& n = model.normalize_options();
  *out += "model           " + source + "\nformat version  " +
          std::to_string(model.format_version()) + "\nlabels         ";
  for (const std::string& l : model.labels()) *out += " " + l;
  *out += "\nfeatures        2^" + std::to_string(f.hash_bits) + " buckets; word n-grams 1-" +
          std::to_string(f.max_word_ngram) + "; char n-grams ";
  *out += f.min_char_ngram ? std::to_string(f.min_char_ngram) + "-" +
                                 std::to_string(f.max_char_ngram)
                           : std::string("off");
  if (f.sublinear_tf) *out += "; sublinear tf";
  if (f.l2_normalize) *out += "; L2-normalized";
  *out += std::string("\nweights         ") + WeightTypeName(model) + ", " +
          std::to_string(model.weight_bytes()) + " bytes\n";
  char buf[96];
  std::snprintf(buf, sizeof(buf), "calibration     scale %.4f", model.calibration().scale);
  *out += buf;
  for (float b : model.calibration().bias) {
    std::snprintf(buf, sizeof(buf), ", bias %.4f", b);
    *out += buf;
  }
  *out += std::string("\nnormalizer      quotes ") + (n.strip_email_quotes ? "stripped" : "kept") +
          ", signatures " + (n.strip_signature ? "stripped" : "kept") + ", placeholders " +
          (n.placeholders ? "on" : "off") + ", reads the first " +
          std::to_string(n.max_input_bytes) + " bytes\n";
}

int Run(const Command& self, const InfoArgs& a, const std::vector<std::string>& args) {
  if (args.size() > 1) return UsageError(self, "give at most one model PATH");
  std::string path = a.model_path;
  if (!args.empty()) {
    if (!path.empty() && path != args[0]) {
      return UsageError(self, "two models given: --model " + path + " and " + args[0]);
    }
    path = args[0];
  }
  std::unique_ptr<Model> model;
  if (Status s = LoadModel(path, &model); !s.ok()) return Fail(s);
  const std::string source = path.empty() ? "embedded default" : path;
  Output output;
  if (a.json) {
    WriteJson(*model, source, output.buffer());
  } else {
    WriteText(*model, source, output.buffer());
  }
  return FinishOutput(&output);
}

}  // namespace

const Command kInfoCommand = {
    "info", "[PATH]", "show what a model file holds",
    "Shows a model's format version, labels, feature configuration, calibration,\n"
    "weight type and size, and normalizer settings. The model is PATH, or --model\n"
    "PATH, or the embedded default model when neither is given.\n",
    RunCommand<InfoArgs, Bind, Run>};

}  // namespace cli
}  // namespace meetintent
