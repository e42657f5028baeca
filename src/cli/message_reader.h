// The messages classify and explain read: command-line arguments, or the
// lines of stdin in one of three forms (--input-format):
//
//   lines  one message per line; \n, \t, \r and \\ stand for a newline, a
//          tab, a carriage return and a backslash (unless --raw)
//   tsv    ID<TAB>TEXT, both escaped as above (unless --raw)
//   jsonl  {"id":..,"text":..}: id a string or a number, text a string
//
// The id of each message is carried to the output. Lines are bounded (see
// LineReader): a text line longer than twice the model's input limit is cut
// there with a warning (the model reads only the first max_input_bytes of a
// message anyway); a JSON line longer than four times the limit plus 64 KiB
// is an error, since a cut would break it.
#ifndef MEETINTENT_CLI_MESSAGE_READER_H_
#define MEETINTENT_CLI_MESSAGE_READER_H_

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "command.h"
#include "json.h"
#include "line_reader.h"
#include "meetintent/model.h"
#include "meetintent/status.h"
#include "options.h"
#include "output.h"
#include "worker_pool.h"

namespace meetintent {
namespace cli {

enum class InputFormat { kLines, kTsv, kJsonl };

struct InputOptions {
  InputFormat format = InputFormat::kLines;
  bool raw = false;      // stdin text as it is, no escapes
  std::string encoding;  // empty: UTF-8
};

// --input-format, --raw and --encoding.
void AddInputOptions(OptionTable* table, InputOptions* input);
// --threads (ForEachMessageInParallel).
void AddThreadsOption(OptionTable* table, int* threads);

struct Message {
  std::string text;
  bool has_id = false;
  bool id_is_number = false;  // a JSON number, kept as its shortest text
  std::string id;
  size_t line = 0;  // line of stdin; 0 for a command-line argument
};

class MessageReader {
 public:
  // Reads each of `args` as one message ("-" reads stdin in its place), or
  // stdin when `args` is empty. `max_input_bytes` is the model's input limit.
  // `output` is flushed before waiting for input.
  MessageReader(const InputOptions& options, std::vector<std::string> args,
                size_t max_input_bytes, Output* output);

  // Fills *m with the next message. Returns false at the end, or on an
  // error (status() then says which line and why).
  bool Next(Message* m);
  const Status& status() const { return status_; }

  // Called before a read of stdin that may wait for more input (by default:
  // flush the output), so a program talking line by line gets its answers.
  void set_before_wait(std::function<void()> fn) { before_wait_ = std::move(fn); }

 private:
  bool NextLine(Message* m);
  bool ParseJsonLine(std::string_view line, Message* m);
  // A TSV field or a text line, with its escapes decoded unless --raw.
  void Decode(std::string_view field, std::string* out) const;
  std::string Where() const;

  InputOptions options_;
  std::vector<std::string> args_;
  size_t next_arg_ = 0;
  size_t max_input_bytes_;
  std::function<void()> before_wait_;
  std::unique_ptr<LineReader> stdin_;
  bool reading_stdin_ = false;
  std::string converted_;  // a line after --encoding
  json::Value value_;
  Status status_;
};

// Messages read but not yet written, and their records (ForEachMessageInParallel).
class MessageBatch {
 public:
  // Takes *m (leaving *m with spare capacity); true when the batch is full.
  bool Add(Message* m);
  size_t size() const { return size_; }
  const Message& message(size_t i) const { return messages_[i]; }
  std::string* record(size_t i) { return &records_[i]; }
  // Appends the first `count` records in order to `output` and empties the
  // batch.
  void AppendRecords(Output* output, size_t count = SIZE_MAX);

 private:
  std::vector<Message> messages_;
  std::vector<std::string> records_;
  size_t size_ = 0;
  size_t bytes_ = 0;  // of ids and texts
};

// The id of a message in a JSON object, a TSV column or a plain line.
void WriteId(const Message& m, json::Writer* w);
void AppendIdColumn(const Message& m, std::string* out);

// Calls write(message, out) for each message `args` and stdin give, with
// `out` the buffer of standard output; returns the command's exit code.
template <typename Fn>
int ForEachMessage(const Model& model, const InputOptions& input,
                   const std::vector<std::string>& args, Output* output, Fn write) {
  MessageReader reader(input, args, model.normalize_options().max_input_bytes, output);
  Message m;
  while (reader.Next(&m)) {
    write(m, output->buffer());
    output->RecordDone();
  }
  return FinishOutput(output, reader.status());
}

// As ForEachMessage, with `threads` threads writing records: messages are read
// here in batches, written by the workers into one buffer each, and appended
// in input order, so the output is the same bytes as with one thread.
// make_writer() is called once per thread and gives that thread's
// write(message, out), which may keep state of its own (a Workspace). A batch
// is finished before stdin is waited on, as ForEachMessage flushes. With one
// thread, this is ForEachMessage.
template <typename MakeWriter>
int ForEachMessageInParallel(const Model& model, const InputOptions& input,
                             const std::vector<std::string>& args, Output* output, int threads,
                             MakeWriter make_writer) {
  if (threads <= 1) return ForEachMessage(model, input, args, output, make_writer());
  WorkerPool pool(threads);
  std::vector<decltype(make_writer())> writers;
  for (int k = 0; k < pool.threads(); ++k) writers.push_back(make_writer());
  MessageBatch batch;
  auto finish_batch = [&] {
    // Where a write throws, the records before it still go out and its
    // exception is the one thrown, as with one thread. Items are taken in
    // order, so every item before the first that threw is done.
    size_t first_failed = SIZE_MAX;
    std::exception_ptr first_error;
    std::mutex failure_mu;
    try {
      pool.Run(batch.size(), [&](int worker, size_t i) {
        try {
          writers[static_cast<size_t>(worker)](batch.message(i), batch.record(i));
        } catch (...) {
          std::lock_guard<std::mutex> lock(failure_mu);
          if (i < first_failed) {
            first_failed = i;
            first_error = std::current_exception();
          }
          throw;
        }
      });
    } catch (...) {
      batch.AppendRecords(output, first_failed);
      if (first_error != nullptr) std::rethrow_exception(first_error);
      throw;
    }
    batch.AppendRecords(output);
  };
  MessageReader reader(input, args, model.normalize_options().max_input_bytes, output);
  reader.set_before_wait([&] {
    finish_batch();
    output->Flush();
  });
  Message m;
  while (reader.Next(&m)) {
    if (batch.Add(&m)) finish_batch();
  }
  finish_batch();
  return FinishOutput(output, reader.status());
}

}  // namespace cli
}  // namespace meetintent

#endif  // MEETINTENT_CLI_MESSAGE_READER_H_
