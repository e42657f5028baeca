#include "thread_output.h"

#include <cstdio>

#include "json.h"

namespace meetintent {
namespace cli {
namespace {

const std::string& LabelName(const Model& model, int label) {
  static const std::string kNone;
  return label >= 0 ? model.labels()[static_cast<size_t>(label)] : kNone;
}

void WriteHighlight(const Highlight& h, json::Writer* w) {
  w->BeginObject().Key("message").Int(static_cast<int64_t>(h.message));
  w->Key("begin").Int(h.span.begin).Key("end").Int(h.span.end).Key("text").String(h.text);
  w->Key("role").String(h.role).Key("weight").Number(h.weight).EndObject();
}

void WriteMessages(const InputThread& thread, const Model& model, const ThreadAnalysis& a,
                   json::Writer* w) {
  w->Key("messages").BeginArray();
  for (size_t i = 0; i < thread.messages.size(); ++i) {
    w->BeginObject().Key("index").Int(static_cast<int64_t>(i));
    const InputMessage& m = thread.messages[i];
    if (!m.source.empty()) w->Key("source").String(m.source);
    if (!m.message_id.empty()) w->Key("message_id").String(m.message_id);
    w->Key("sender").String(m.sender);
    w->Key("label").String(LabelName(model, a.predictions[i].label));
    w->Key("personal").Number(a.personal[i]).Key("smoothed").Number(a.trajectory[i]);
    w->EndObject();
  }
  w->EndArray().Key("senders").BeginObject();
  for (const SenderTrajectory& s : a.senders) {
    w->Key(s.sender).BeginArray();
    for (float v : s.smoothed) w->Number(v);
    w->EndArray();
  }
  w->EndObject();
}

void WriteFindings(const ThreadAnalysis& a, json::Writer* w) {
  w->Key("drift");
  if (a.drift.detected) {
    w->BeginObject().Key("message").Int(static_cast<int64_t>(a.drift.message));
    w->Key("sender").String(a.drift.sender).Key("probability").Number(a.drift.probability);
    w->EndObject();
  } else {
    w->Null();
  }
  w->Key("quid_pro_quo").BeginArray();
  for (const QuidProQuo& q : a.quid_pro_quo) {
    w->BeginObject().Key("benefit_message").Int(static_cast<int64_t>(q.benefit_message));
    w->Key("ask_message").Int(static_cast<int64_t>(q.ask_message)).Key("benefit");
    WriteHighlight(q.benefit, w);
    w->Key("ask");
    WriteHighlight(q.ask, w);
    w->Key("conditional").Bool(q.conditional).Key("confidence").Number(q.confidence);
    w->EndObject();
  }
  w->EndArray().Key("highlights").BeginArray();
  for (const Highlight& h : a.highlights) WriteHighlight(h, w);
  w->EndArray();
}

void AppendHighlightText(const Highlight& h, std::string* out) {
  char buf[96];
  std::snprintf(buf, sizeof(buf), "message %zu [%u, %u) ", h.message, h.span.begin, h.span.end);
  *out += buf;
  json::AppendString(h.text, out);
}

}  // namespace

void AppendThreadJson(const InputThread& thread, const Model& model, const ThreadAnalysis& a,
                      std::string* out) {
  json::Writer w(out);
  w.BeginObject().Key("thread_id").String(thread.id);
  w.Key("label").String(LabelName(model, a.label));
  w.Key("personal_probability").Number(a.personal_probability);
  WriteMessages(thread, model, a, &w);
  WriteFindings(a, &w);
  w.EndObject();
  out->push_back('\n');
}

void AppendThreadText(const InputThread& thread, const Model& model, const ThreadAnalysis& a,
                      std::string* out) {
  char buf[160];
  *out += "thread ";
  json::AppendString(thread.id, out);
  std::snprintf(buf, sizeof(buf), ": %s, p(personal) %.3f\n", LabelName(model, a.label).c_str(),
                a.personal_probability);
  *out += buf;
  for (size_t i = 0; i < thread.messages.size(); ++i) {
    std::snprintf(buf, sizeof(buf), "  %3zu  %-16s %-14s p(personal) %.3f  smoothed %.3f%s\n", i,
                  thread.messages[i].sender.c_str(),
                  LabelName(model, a.predictions[i].label).c_str(), a.personal[i],
                  a.trajectory[i], a.drift.detected && a.drift.message == i ? "  <- drift" : "");
    *out += buf;
  }
  if (a.drift.detected) {
    std::snprintf(buf, sizeof(buf), "  drift at message %zu, driven by %s (p(personal) %.3f)\n",
                  a.drift.message, a.drift.sender.c_str(), a.drift.probability);
    *out += buf;
  }
  for (const QuidProQuo& q : a.quid_pro_quo) {
    *out += "  quid pro quo: benefit ";
    AppendHighlightText(q.benefit, out);
    *out += ", ask ";
    AppendHighlightText(q.ask, out);
    std::snprintf(buf, sizeof(buf), "%s, confidence %.2f\n", q.conditional ? ", conditional" : "",
                  q.confidence);
    *out += buf;
  }
  for (const Highlight& h : a.highlights) {
    *out += "  highlight (" + h.role + ") ";
    AppendHighlightText(h, out);
    out->push_back('\n');
  }
  out->push_back('\n');
}

}  // namespace cli
}  // namespace meetintent
