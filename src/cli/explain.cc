// meetintent explain: the features that drove each decision, with byte spans.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "command.h"
#include "json.h"
#include "meetintent/dataset.h"
#include "meetintent/model.h"
#include "message_reader.h"
#include "output.h"

namespace meetintent {
namespace cli {
namespace {

enum class Format { kPlain, kJsonl };

struct ExplainArgs {
  std::string model_path;
  size_t k = 5;  // the CLI's own default: the library's Explain takes k from its caller
  Format format = Format::kPlain;
  PredictOptions predict;
  InputOptions input;
  int threads = 1;
};

void Bind(ExplainArgs* a, OptionTable* t) {
  AddModelOption(t, &a->model_path);
  t->Number<size_t>("-k", "N", "features shown on each side", &a->k, 1, 1000);
  t->Choice("--format", "output, see above", &a->format,
            {{"plain", Format::kPlain}, {"jsonl", Format::kJsonl}});
  AddReadOption(t, &a->predict.email);
  AddInputOptions(t, &a->input);
  AddThreadsOption(t, &a->threads);
}

const char* KindName(FeatureKind kind) {
  switch (kind) {
    case FeatureKind::kWord: return "word";
    case FeatureKind::kBigram: return "bigram";
    case FeatureKind::kCharNgram: return "char";
    case FeatureKind::kCluster: return "cluster";
  }
  return "?";
}

void WriteContributions(const char* key, const std::vector<Contribution>& cs, json::Writer* w) {
  w->Key(key).BeginArray();
  for (const Contribution& c : cs) {
    w->BeginObject().Key("feature").String(c.feature).Key("kind").String(KindName(c.kind));
    w->Key("weight").Number(c.weight).Key("begin").Int(c.span.begin).Key("end").Int(c.span.end);
    w->EndObject();
  }
  w->EndArray();
}

void AppendContributionsText(const std::string& title, const std::vector<Contribution>& cs,
                             std::string_view message, std::string* out) {
  *out += "  " + title + ":\n";
  for (const Contribution& c : cs) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "    %+.3f  [%u, %u)  ", c.weight, c.span.begin, c.span.end);
    *out += buf;
    json::AppendString(c.feature, out);
    *out += "  ";
    json::AppendString(message.substr(c.span.begin, c.span.end - c.span.begin), out);
    out->push_back('\n');
  }
}

void Write(Format format, const std::vector<std::string>& labels, bool ids, const Message& m,
           const Explanation& e, std::string* out) {
  const std::string& label = labels[static_cast<size_t>(e.label)];
  const float probability = e.probabilities[static_cast<size_t>(e.label)];
  if (format == Format::kJsonl) {
    json::Writer w(out);
    w.BeginObject();
    WriteId(m, &w);
    w.Key("label").String(label).Key("probability").Number(probability);
    if (e.deciding_part != DecidingPart::kWholeMessage) {
      w.Key("part").String(DecidingPartName(e.deciding_part));
    }
    WriteContributions("supporting", e.supporting, &w);
    WriteContributions("opposing", e.opposing, &w);
    w.EndObject();
    out->push_back('\n');
    return;
  }
  if (ids) AppendIdColumn(m, out);
  *out += label + " ";
  json::AppendNumber(probability, out);
  if (e.deciding_part != DecidingPart::kWholeMessage) {
    *out += std::string("  (decided by: ") + DecidingPartName(e.deciding_part) + ")";
  }
  out->push_back('\n');
  AppendContributionsText("toward " + label, e.supporting, m.text, out);
  AppendContributionsText("against", e.opposing, m.text, out);
}

int Run(const Command&, const ExplainArgs& a, const std::vector<std::string>& args) {
  std::unique_ptr<Model> model;
  if (Status s = LoadModel(a.model_path, &model); !s.ok()) return Fail(s);
  Output output;
  const bool ids = a.input.format != InputFormat::kLines;
  // One per thread: a workspace and an explanation hold scratch of their own.
  auto make_explainer = [&] {
    return [&, ws = std::make_shared<Workspace>(),
            e = Explanation()](const Message& m, std::string* out) mutable {
      model->Explain(m.text, a.k, a.predict, ws.get(), &e);
      Write(a.format, model->labels(), ids, m, e, out);
    };
  };
  return ForEachMessageInParallel(*model, a.input, args, &output, a.threads, make_explainer);
}

}  // namespace

const Command kExplainCommand = {
    "explain", "[MESSAGE...]", "show the words that drove each decision, with byte spans",
    "Shows each message's label and the N features pushing most toward it and most\n"
    "away from it, each with its weight (logit units) and its byte span [begin, end)\n"
    "in the message. Features are words, word bigrams and character n-grams (with <\n"
    "and > marking a word's edges). Messages are read as by 'meetintent classify'\n"
    "(arguments, or stdin in --input-format lines, tsv or jsonl).\n"
    "\n"
    "Output (--format):\n"
    "  plain   [ID<TAB>]LABEL PROBABILITY, then one line per feature:\n"
    "          weight, [begin, end), the feature and the text it came from (quoted)\n"
    "  jsonl   {[\"id\":..,]\"label\":..,\"probability\":..,\"supporting\":[..],\n"
    "          \"opposing\":[..]}, each feature {\"feature\",\"kind\",\"weight\",\"begin\",\n"
    "          \"end\"}\n",
    RunCommand<ExplainArgs, Bind, Run>};

}  // namespace cli
}  // namespace meetintent
