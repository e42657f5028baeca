// meetintent eval: a model's quality on labelled files.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "command.h"
#include "json.h"
#include "labelled_input.h"
#include "meetintent/metrics.h"
#include "meetintent/model.h"
#include "output.h"

namespace meetintent {
namespace cli {
namespace {

struct EvalArgs {
  std::string model_path;
  bool json = false;
  PredictOptions predict;
  LabelledInput input;
};

void Bind(EvalArgs* a, OptionTable* t) {
  AddModelOption(t, &a->model_path);
  t->Flag("--json", "print the report as one JSON object", &a->json, true);
  AddReadOption(t, &a->predict.email);
  AddLabelledInputOptions(t, &a->input);
}

void WriteJson(const Metrics& m, const std::vector<std::string>& labels, std::string* out) {
  json::Writer w(out);
  w.BeginObject().Key("count").Int(static_cast<int64_t>(m.count));
  w.Key("accuracy").Number(m.accuracy).Key("macro_f1").Number(m.macro_f1).Key("roc_auc");
  if (m.roc_auc >= 0) {
    w.Number(m.roc_auc);
  } else {
    w.Null();  // more than two labels
  }
  w.Key("ece").Number(m.ece).Key("log_loss").Number(m.log_loss).Key("classes").BeginObject();
  for (size_t c = 0; c < labels.size(); ++c) {
    const ClassMetrics& k = m.per_class[c];
    w.Key(labels[c]).BeginObject().Key("precision").Number(k.precision);
    w.Key("recall").Number(k.recall).Key("f1").Number(k.f1);
    w.Key("support").Int(static_cast<int64_t>(k.support)).EndObject();
  }
  w.EndObject().Key("confusion").BeginArray();
  for (const std::vector<size_t>& row : m.confusion) {
    w.BeginArray();
    for (size_t n : row) w.Int(static_cast<int64_t>(n));
    w.EndArray();
  }
  w.EndArray().EndObject();
  out->push_back('\n');
}

void WriteText(const Metrics& m, const std::vector<std::string>& labels, std::string* out) {
  char buf[256];
  std::snprintf(buf, sizeof(buf), "examples  %zu\naccuracy  %.4f\nmacro-F1  %.4f\n", m.count,
                m.accuracy, m.macro_f1);
  *out += buf;
  if (m.roc_auc >= 0) {  // two labels only
    std::snprintf(buf, sizeof(buf), "ROC AUC   %.4f\n", m.roc_auc);
    *out += buf;
  }
  std::snprintf(buf, sizeof(buf), "ECE       %.4f\nlog loss  %.4f\n\n%-16s %9s %9s %9s %9s\n",
                m.ece, m.log_loss, "class", "precision", "recall", "F1", "support");
  *out += buf;
  for (size_t c = 0; c < labels.size(); ++c) {
    const ClassMetrics& k = m.per_class[c];
    std::snprintf(buf, sizeof(buf), "%-16s %9.4f %9.4f %9.4f %9zu\n", labels[c].c_str(),
                  k.precision, k.recall, k.f1, k.support);
    *out += buf;
  }
  *out += "\nconfusion (rows: true, columns: predicted)\n";
  for (size_t t = 0; t < labels.size(); ++t) {
    std::snprintf(buf, sizeof(buf), "%-16s", labels[t].c_str());
    *out += buf;
    for (size_t n : m.confusion[t]) {
      std::snprintf(buf, sizeof(buf), " %9zu", n);
      *out += buf;
    }
    *out += "\n";
  }
}

Status UnknownLabel(const std::string& label, const Model& model) {
  std::string known;
  for (const std::string& l : model.labels()) known += (known.empty() ? "'" : ", '") + l + "'";
  return Status::InvalidArgument("label '" + label + "' is not one of the model's labels (" +
                                 known + ")");
}

int Run(const Command& self, const EvalArgs& a, const std::vector<std::string>& files) {
  if (files.empty()) return UsageError(self, "give at least one input FILE ('-' for stdin)");
  std::unique_ptr<Model> model;
  if (Status s = LoadModel(a.model_path, &model); !s.ok()) return Fail(s);
  std::vector<Example> examples;
  if (Status s = ReadLabelled(a.input, files, &examples); !s.ok()) return Fail(s);
  if (examples.empty()) return Fail(Status::InvalidArgument("no examples to evaluate"));
  std::vector<int> truth;
  std::vector<float> probs;
  Workspace ws;
  Prediction p;
  for (const Example& e : examples) {
    const int y = model->LabelIndex(e.label);
    if (y < 0) return Fail(UnknownLabel(e.label, *model));
    model->Predict(e.text, a.predict, &ws, &p);
    truth.push_back(y);
    probs.insert(probs.end(), p.probabilities.begin(), p.probabilities.end());
  }
  const Metrics m = ComputeMetrics(truth, probs, model->labels().size());
  Output output;
  if (a.json) {
    WriteJson(m, model->labels(), output.buffer());
  } else {
    WriteText(m, model->labels(), output.buffer());
  }
  return FinishOutput(&output);
}

}  // namespace

const Command kEvalCommand = {
    "eval", "FILE...", "measure a model on labelled TSV or JSON Lines files",
    "Prints accuracy, per-class precision, recall and F1, macro-F1, ROC AUC (two\n"
    "labels only), expected calibration error, log loss and the confusion matrix.\n"
    "FILEs are read as by 'meetintent train' ('-' reads stdin). An example whose\n"
    "label the model does not know is an error.\n",
    RunCommand<EvalArgs, Bind, Run>};

}  // namespace cli
}  // namespace meetintent
