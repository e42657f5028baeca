// meetintent classify: the label and probability of each message.
#include <memory>
#include <string>
#include <vector>

#include "command.h"
#include "json.h"
#include "meetintent/dataset.h"
#include "meetintent/model.h"
#include "message_reader.h"
#include "output.h"
#include "prediction_json.h"

namespace meetintent {
namespace cli {
namespace {

enum class Format { kPlain, kTsv, kJsonl };

struct ClassifyArgs {
  std::string model_path;
  Format format = Format::kPlain;
  PredictOptions predict;
  InputOptions input;
  int threads = 1;
};

void Bind(ClassifyArgs* a, OptionTable* t) {
  AddModelOption(t, &a->model_path);
  t->Choice("--format", "output, see above", &a->format,
            {{"plain", Format::kPlain}, {"tsv", Format::kTsv}, {"jsonl", Format::kJsonl}});
  AddReadOption(t, &a->predict.email);
  AddInputOptions(t, &a->input);
  AddThreadsOption(t, &a->threads);
}

// Writes predictions in one of the three formats; the one place that decides
// how a prediction looks.
class PredictionWriter {
 public:
  PredictionWriter(Format format, const std::vector<std::string>& labels, bool ids)
      : format_(format), labels_(labels), ids_(ids), json_(labels) {}

  void Header(std::string* out) const {
    if (format_ != Format::kTsv) return;
    if (ids_) *out += "id\t";
    *out += "label\tprobability";
    for (const std::string& l : labels_) {
      *out += "\tp_";
      AppendEscapedTsvText(l, out);
    }
    out->push_back('\n');
  }

  // A message the model cannot judge (Prediction::supported is false) is
  // written as the label "unknown" in plain and tsv, and in jsonl with
  // "supported":false and the reason after the label; the probabilities stay.
  void Write(const Message& m, const Prediction& p, std::string* out) {
    const size_t top = static_cast<size_t>(p.label);
    if (format_ == Format::kJsonl) {
      json::Writer w(out);
      w.BeginObject();
      WriteId(m, &w);
      json_.Write(p, &w);
      w.EndObject();
    } else {
      if (ids_) AppendIdColumn(m, out);
      AppendEscapedTsvText(p.supported ? std::string_view(labels_[top]) : "unknown", out);
      out->push_back(format_ == Format::kTsv ? '\t' : ' ');
      json::AppendNumber(p.probabilities[top], out);
      if (format_ == Format::kTsv) {
        for (float prob : p.probabilities) {
          out->push_back('\t');
          json::AppendNumber(prob, out);
        }
      }
    }
    out->push_back('\n');
  }

 private:
  Format format_;
  const std::vector<std::string>& labels_;
  bool ids_;
  PredictionJson json_;
};

int Run(const Command&, const ClassifyArgs& a, const std::vector<std::string>& args) {
  std::unique_ptr<Model> model;
  if (Status s = LoadModel(a.model_path, &model); !s.ok()) return Fail(s);
  Output output;
  const bool ids = a.input.format != InputFormat::kLines;
  PredictionWriter(a.format, model->labels(), ids).Header(output.buffer());
  // One per thread: a writer and a workspace hold scratch of their own.
  auto make_classifier = [&] {
    return [&, writer = PredictionWriter(a.format, model->labels(), ids),
            ws = std::make_shared<Workspace>(),
            p = Prediction()](const Message& m, std::string* out) mutable {
      model->Predict(m.text, a.predict, ws.get(), &p);
      writer.Write(m, p, out);
    };
  };
  return ForEachMessageInParallel(*model, a.input, args, &output, a.threads, make_classifier);
}

}  // namespace

const Command kClassifyCommand = {
    "classify", "[MESSAGE...]", "label messages (arguments, or one per line on stdin)",
    "Classifies each MESSAGE, or each line of stdin when none is given ('-' reads\n"
    "stdin in its place; put messages that start with '-' after '--').\n"
    "\n"
    "Input (--input-format, for stdin):\n"
    "  lines   one message per line; the escapes \\n, \\t, \\r and \\\\ stand for a\n"
    "          newline, a tab, a carriage return and a backslash (unless --raw)\n"
    "  tsv     ID<TAB>TEXT per line, both escaped as above; the ID is carried to\n"
    "          the output (written with the same escapes in plain and tsv)\n"
    "  jsonl   {\"id\":..,\"text\":..} per line, id a string or a number\n"
    "A UTF-8 byte order mark is skipped; lines may end in LF, CRLF or CR. A text\n"
    "line longer than twice the model's input limit (1 MiB for the default model)\n"
    "is cut there, with a warning; a JSON line longer than four times the limit is\n"
    "an error.\n"
    "\n"
    "Output (--format), one record per message, in input order:\n"
    "  plain   [ID<TAB>]LABEL PROBABILITY\n"
    "  tsv     a header line, then [ID<TAB>]LABEL<TAB>PROBABILITY<TAB>P_LABEL...\n"
    "          (one column per label)\n"
    "  jsonl   {[\"id\":..,]\"label\":..,\"probability\":..,\"probabilities\":{LABEL:P}}\n"
    "          and \"truncated\":true when the message was longer than the model reads\n",
    RunCommand<ClassifyArgs, Bind, Run>};

}  // namespace cli
}  // namespace meetintent
