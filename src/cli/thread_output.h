// The thread command's output: one JSON object per thread (jsonl), or a
// readable block per thread (plain).
#ifndef MEETINTENT_CLI_THREAD_OUTPUT_H_
#define MEETINTENT_CLI_THREAD_OUTPUT_H_

#include <string>

#include "meetintent/model.h"
#include "meetintent/thread.h"
#include "thread_input.h"

namespace meetintent {
namespace cli {

// {"thread_id","label","personal_probability","messages":[{"index",("source",
// "message_id" when the input message has them),"sender",
// "label","personal","smoothed"}],"senders":{SENDER:[smoothed..]},"drift":
// {"message","sender","probability"} or null,"quid_pro_quo":[{"benefit_message",
// "ask_message","benefit","ask","conditional","confidence"}],"highlights":[..]}
// with each highlight {"message","begin","end","text","role","weight"}.
void AppendThreadJson(const InputThread& thread, const Model& model, const ThreadAnalysis& a,
                      std::string* out);

// The same facts as lines of text, followed by a blank line.
void AppendThreadText(const InputThread& thread, const Model& model, const ThreadAnalysis& a,
                      std::string* out);

}  // namespace cli
}  // namespace meetintent

#endif  // MEETINTENT_CLI_THREAD_OUTPUT_H_
