#include "command.h"

#include <boost/locale/encoding.hpp>
#include <new>

namespace meetintent {
namespace cli {

int UsageError(const Command& command, const std::string& message) {
  std::cerr << "meetintent " << command.name << ": " << message << "\n"
            << "Run 'meetintent " << command.name << " --help' for its usage.\n";
  return kExitUsage;
}

int Fail(const Status& s) {
  std::cerr << "meetintent: " << s.ToString() << "\n";
  return kExitError;
}

int GuardedMain(int (*body)(int argc, char** argv), int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  try {
    return body(argc, argv);
  } catch (const std::bad_alloc&) {
    std::cerr << "meetintent: out of memory\n";
  } catch (const std::exception& e) {
    std::cerr << "meetintent: internal error: " << e.what() << "\n";
  }
  return kExitError;
}

const char kMailSummary[] = "label real e-mail: message files, mbox files, Maildir folders";

void Warn(const std::string& message) { std::cerr << "meetintent: warning: " << message << "\n"; }

int FinishOutput(Output* output, const Status& input) {
  const Status written = output->Finish();
  if (!input.ok()) return Fail(input);
  return written.ok() ? kExitOk : Fail(written);
}

void AddModelOption(OptionTable* table, std::string* path) {
  table->Text("--model", "PATH", "model file", path,
              "(default: the embedded model)");
}

void AddReadOption(OptionTable* table, PredictOptions::Email* email) {
  table->Choice("--read",
                "e-mail parts: 'sender' (the sender's words decide; quoted, forwarded and "
                "signature parts count only when personal by themselves; keyword stuffing "
                "is left out) or 'whole' (all as one text)",
                email, {{"sender", PredictOptions::Email::kSenderWords},
                        {"whole", PredictOptions::Email::kWholeText}});
}

const char* DecidingPartName(DecidingPart part) {
  switch (part) {
    case DecidingPart::kWholeMessage: return "whole";
    case DecidingPart::kSenderWords: return "sender";
    case DecidingPart::kQuotedOrSignature: return "quoted-or-signature";
  }
  return "whole";
}

Status LoadModel(const std::string& path, std::unique_ptr<Model>* model) {
  if (path.empty()) return Model::LoadDefault(model);
  return Model::LoadFile(path, model);
}

void AddEncodingOption(OptionTable* table, std::string* encoding) {
  Option o;
  o.name = "--encoding";
  o.value_name = "ENC";
  o.help = "input encoding, e.g. windows-1252 (any iconv name)";
  o.default_note = "(default UTF-8)";
  o.apply = [encoding](const std::string& value) -> std::string {
    std::string probe = "a";
    if (Status s = ToUtf8(value, &probe); !s.ok()) return "unknown encoding '" + value + "'";
    *encoding = value;
    return "";
  };
  table->Add(std::move(o));
}

// Boost.Locale's converters handle the legacy code pages that old mail
// archives are written in.
Status ToUtf8(const std::string& encoding, std::string* text) {
  if (encoding.empty()) return Status::Ok();
  try {
    *text = boost::locale::conv::to_utf<char>(*text, encoding, boost::locale::conv::skip);
  } catch (const std::exception& e) {
    return Status::InvalidArgument("cannot convert from '" + encoding + "': " + e.what());
  }
  return Status::Ok();
}

}  // namespace cli
}  // namespace meetintent
