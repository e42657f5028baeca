// meetintent thread: conversations, their drift to personal, quid pro quo.
#include <memory>
#include <string>
#include <vector>

#include "command.h"
#include "line_reader.h"
#include "meetintent/thread.h"
#include "output.h"
#include "thread_input.h"
#include "thread_output.h"

namespace meetintent {
namespace cli {
namespace {

enum class Format { kJsonl, kPlain };

struct ThreadArgs {
  std::string model_path;
  Format format = Format::kJsonl;
  std::string encoding;
  ThreadOptions options;
};

void Bind(ThreadArgs* a, OptionTable* t) {
  ThreadOptions* o = &a->options;
  AddModelOption(t, &a->model_path);
  t->Choice("--format", "output, see above", &a->format,
            {{"jsonl", Format::kJsonl}, {"plain", Format::kPlain}});
  AddEncodingOption(t, &a->encoding);
  t->Number("--smoothing", "X", "weight of a new message in the smoothed trajectories",
            &o->smoothing, 0.001, 1.0);
  t->Number("--short-message-tokens", "K",
            "short messages are weak evidence: n tokens count n / (n + K) of a message's "
            "distance from 0.5",
            &o->short_message_tokens, 0.0, 1e6);
  t->Number("--message-threshold", "P", "evidence of its own a turning message needs",
            &o->message_threshold, 0.0, 1.0);
  t->Number("--thread-threshold", "P", "smoothed thread value a turning message must reach",
            &o->thread_threshold, 0.0, 1.0);
  t->Number("--pair-window-messages", "N",
            "most messages of others between a quid-pro-quo benefit and its ask",
            &o->pair_window_messages, 0, 1000000);
  t->Number<int64_t>("--pair-window-seconds", "S",
                     "most seconds between a quid-pro-quo benefit and its ask (with times)",
                     &o->pair_window_seconds, 0, int64_t{1} << 40);
}

// A whole thread may be on one line: allow many messages' worth.
constexpr size_t kThreadLineFactor = 16;

int Run(const Command& self, const ThreadArgs& a, const std::vector<std::string>& args) {
  if (args.size() > 1) return UsageError(self, "give at most one FILE ('-' for stdin)");
  std::unique_ptr<Model> model;
  if (Status s = LoadModel(a.model_path, &model); !s.ok()) return Fail(s);
  std::unique_ptr<LineReader> reader;
  const size_t max_line = kThreadLineFactor * model->normalize_options().max_input_bytes;
  if (Status s = LineReader::Open(args.empty() ? "-" : args[0], max_line, &reader); !s.ok()) {
    return Fail(s);
  }
  std::vector<InputThread> threads;
  if (Status s = ReadThreads(reader.get(), a.encoding, &threads); !s.ok()) return Fail(s);
  Output output;
  Workspace ws;
  ThreadAnalysis analysis;
  for (const InputThread& thread : threads) {
    const Status s = AnalyzeThread(*model, ToLibraryMessages(thread), a.options, &ws, &analysis);
    if (!s.ok()) return Fail(Status(s.code(), "thread '" + thread.id + "': " + s.message()));
    if (a.format == Format::kJsonl) {
      AppendThreadJson(thread, *model, analysis, output.buffer());
    } else {
      AppendThreadText(thread, *model, analysis, output.buffer());
    }
    output.RecordDone();
  }
  return FinishOutput(&output);
}

}  // namespace

const Command kThreadCommand = {
    "thread", "[FILE]", "analyze conversations: drift to personal, quid pro quo",
    "Reads JSON Lines (FILE, or stdin when FILE is absent or '-'), one message per\n"
    "line,\n"
    "  {\"thread_id\":..,\"sender\":..,\"time\":\"2025-03-04T10:15:00Z\",\"text\":..}\n"
    "or one whole thread per line,\n"
    "  {\"thread_id\":..,\"messages\":[{\"sender\":..,\"time\":..,\"text\":..},..]}\n"
    "\"sender\" and \"time\" are optional. A time is RFC 3339: YYYY-MM-DDTHH:MM:SS,\n"
    "optional fractional seconds, then Z or an offset such as +02:00 (applied);\n"
    "anything else is an error naming the line. Messages of a thread keep their\n"
    "input order.\n"
    "\n"
    "Writes one record per thread, in order of first appearance: the thread's label\n"
    "and p(personal), each message's p(personal) and smoothed trajectory, per-sender\n"
    "trajectories, the drift event (the message where a professional thread turned\n"
    "personal, and who drove it), quid-pro-quo offers with the byte spans of the\n"
    "benefit and the ask, and highlights.\n"
    "  jsonl   one JSON object per thread\n"
    "  plain   a readable block per thread\n",
    RunCommand<ThreadArgs, Bind, Run>};

}  // namespace cli
}  // namespace meetintent
