#include "meetintent/model_builder.h"
#include "meetintent/thread.h"
#include "meetintent/train.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <thread>

#include "json.h"
#include "model_internals.h"
#include "test_util.h"

namespace meetintent {
namespace {

// Measured on the held-out threads when the learned quid-pro-quo detector's
// thresholds were frozen: 11 of 14 offers found, 11 of 14 reported offers
// right (read here without timestamps; scripts/thread_eval.py, with them,
// reports 11 of 13). The target, 0.9 for both, is not met: see the
// README.
constexpr double kQpqRecallFloor = 0.75;
constexpr double kQpqPrecisionFloor = 0.75;

std::unique_ptr<Model> Default() { return testing::DefaultModel(); }

std::vector<ThreadMessage> Thread(std::vector<std::pair<std::string, std::string>> msgs) {
  return testing::MakeThread(std::move(msgs));
}

TEST(ThreadTest, DetectsDriftAndWhoDroveIt) {
  auto model = Default();
  const auto thread = Thread({
      {"ana", "Hi Ben, great meeting you at the fintech summit. Could we set up a call next week "
              "about your payments API?"},
      {"ben", "Sure, Tuesday 3pm works. I'll send the integration docs before the call."},
      {"ana", "Thanks, the docs were very helpful. Our team will review them on Friday."},
      {"ben", "Honestly I can't stop thinking about you since the summit. Are you seeing "
              "anyone? Dinner at my place Saturday, just the two of us?"},
  });
  Workspace ws;
  ThreadAnalysis a;
  ASSERT_TRUE(AnalyzeThread(*model, thread, ThreadOptions(), &ws, &a).ok());
  ASSERT_EQ(a.personal.size(), 4u);
  ASSERT_EQ(a.trajectory.size(), 4u);
  EXPECT_LT(a.personal[0], 0.5f);
  ASSERT_TRUE(a.drift.detected);
  EXPECT_EQ(a.drift.message, 3u);
  EXPECT_EQ(a.drift.sender, "ben");
  EXPECT_EQ(model->labels()[static_cast<size_t>(a.label)], "personal");
  ASSERT_EQ(a.senders.size(), 2u);
  EXPECT_EQ(a.senders[0].sender, "ana");
  EXPECT_EQ(a.senders[1].messages, (std::vector<size_t>{1, 3}));
  // Highlights point into the turning message and come in thread order.
  ASSERT_FALSE(a.highlights.empty());
  for (size_t i = 0; i < a.highlights.size(); ++i) {
    const Highlight& h = a.highlights[i];
    ASSERT_LT(h.message, thread.size());
    ASSERT_LE(h.span.end, thread[h.message].text.size());
    EXPECT_EQ(thread[h.message].text.substr(h.span.begin, h.span.end - h.span.begin), h.text);
    if (i) {
      EXPECT_LE(a.highlights[i - 1].message, h.message);
    }
  }
}

TEST(ThreadTest, ProfessionalThreadDoesNotDrift) {
  auto model = Default();
  const auto thread = Thread({
      {"a", "Following up on our chat at the career fair about the data analyst opening."},
      {"b", "Thanks for reaching out! Could you send your CV and a short cover letter?"},
      {"a", "Attached both. Happy to do an interview any day next week."},
      {"b", "Great, I've forwarded them to the hiring manager. Expect an invite by Friday."},
      {"a", "Thank you!"},
  });
  Workspace ws;
  ThreadAnalysis a;
  ASSERT_TRUE(AnalyzeThread(*model, thread, ThreadOptions(), &ws, &a).ok());
  EXPECT_FALSE(a.drift.detected);
  EXPECT_TRUE(a.quid_pro_quo.empty());
  EXPECT_EQ(model->labels()[static_cast<size_t>(a.label)], "professional");
}

TEST(ThreadTest, FindsQuidProQuoInOneMessageWithSpans) {
  auto model = Default();
  const std::string offer =
      "I could put in a good word with the hiring manager, but only if we get to know each "
      "other better first. Dinner at my place, just the two of us?";
  const auto thread = Thread({{"x", "Thanks for the chat about the analyst role."}, {"y", offer}});
  Workspace ws;
  ThreadAnalysis a;
  ASSERT_TRUE(AnalyzeThread(*model, thread, ThreadOptions(), &ws, &a).ok());
  ASSERT_EQ(a.quid_pro_quo.size(), 1u);
  const QuidProQuo& q = a.quid_pro_quo[0];
  EXPECT_EQ(q.benefit_message, 1u);
  EXPECT_EQ(q.ask_message, 1u);
  EXPECT_TRUE(q.conditional);
  EXPECT_EQ(q.benefit.text, "put in a good word");
  EXPECT_EQ(offer.substr(q.benefit.span.begin, q.benefit.span.end - q.benefit.span.begin),
            q.benefit.text);
  EXPECT_EQ(q.ask.role, "ask");
}

// One shared model, several threads analysing at once, each with its own
// Workspace: every analysis equals the one made alone. The first analyses
// run in the threads, so the lazily built parts (the quid-pro-quo scorers'
// lexicon) are built under contention too. Run under TSan by
// scripts/sanitizers.sh.
TEST(ThreadTest, ConcurrentAnalysesAgree) {
  auto model = Default();
  const std::vector<std::vector<ThreadMessage>> threads = {
      Thread({{"a", "Thanks for the meeting about the Q3 roadmap."},
              {"b", "Sure, I will send the slides tomorrow."},
              {"a", "You looked lovely today. Dinner at my place on Saturday, just us?"}}),
      Thread({{"x", "Could you introduce me to the people from the Lisbon fund?"},
              {"y", "Sure, but introductions are a favour. Come up to my room after the "
                    "conference dinner and we'll talk about it."}}),
      Thread({{"p", "The contract draft is attached."}, {"q", "Thanks, I will review it."}})};
  auto summary = [](const ThreadAnalysis& a) {
    std::string s = std::to_string(a.label) + "/" + std::to_string(a.drift.detected) + "/" +
                    std::to_string(a.drift.message) + "/" +
                    std::to_string(a.quid_pro_quo.size());
    for (float p : a.personal) s += "/" + std::to_string(p);
    return s;
  };
  constexpr int kThreads = 4, kRounds = 10;
  std::vector<std::vector<std::string>> seen(kThreads);
  std::vector<std::thread> workers;
  for (int t = 0; t < kThreads; ++t) {
    workers.emplace_back([&, t] {
      Workspace ws;
      ThreadAnalysis a;
      for (int r = 0; r < kRounds; ++r) {
        for (const auto& thread : threads) {
          if (!AnalyzeThread(*model, thread, ThreadOptions(), &ws, &a).ok()) {
            seen[t].push_back("error");
          } else {
            seen[t].push_back(summary(a));
          }
        }
      }
    });
  }
  for (std::thread& w : workers) w.join();
  Workspace ws;
  std::vector<ThreadAnalysis> analyses(threads.size());
  std::vector<std::string> alone;
  for (size_t i = 0; i < threads.size(); ++i) {
    ASSERT_TRUE(AnalyzeThread(*model, threads[i], ThreadOptions(), &ws, &analyses[i]).ok());
    alone.push_back(summary(analyses[i]));
  }
  // Not trivial: the first thread turns, the second holds an offer.
  EXPECT_TRUE(analyses[0].drift.detected);
  EXPECT_EQ(analyses[1].quid_pro_quo.size(), 1u);
  EXPECT_TRUE(analyses[2].quid_pro_quo.empty());
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_EQ(seen[t].size(), static_cast<size_t>(kRounds) * threads.size());
    for (size_t i = 0; i < seen[t].size(); ++i) {
      EXPECT_EQ(seen[t][i], alone[i % threads.size()]) << "thread " << t << ", analysis " << i;
    }
  }
}

// Everything an analysis says, as text.
std::string Describe(const ThreadAnalysis& a) {
  std::string s = std::to_string(a.label) + " " + std::to_string(a.personal_probability) + "\n";
  for (size_t i = 0; i < a.personal.size(); ++i) {
    s += std::to_string(a.personal[i]) + " " + std::to_string(a.evidence[i]) + " " +
         std::to_string(a.trajectory[i]) + "\n";
  }
  for (const SenderTrajectory& t : a.senders) {
    s += "sender " + t.sender;
    for (size_t i = 0; i < t.messages.size(); ++i) {
      s += " " + std::to_string(t.messages[i]) + ":" + std::to_string(t.smoothed[i]);
    }
    s += "\n";
  }
  s += "drift " + std::to_string(a.drift.detected) + " " + std::to_string(a.drift.message) + " " +
       a.drift.sender + " " + std::to_string(a.drift.probability) + "\n";
  auto highlight = [](const Highlight& h) {
    return std::to_string(h.message) + "[" + std::to_string(h.span.begin) + "," +
           std::to_string(h.span.end) + ")" + h.role + "=" + h.text + "/" + std::to_string(h.weight);
  };
  for (const QuidProQuo& q : a.quid_pro_quo) {
    s += "offer " + std::to_string(q.benefit_message) + " " + std::to_string(q.ask_message) + " " +
         highlight(q.benefit) + " " + highlight(q.ask) + " " + std::to_string(q.conditional) +
         " " + std::to_string(q.confidence) + "\n";
  }
  for (const Highlight& h : a.highlights) s += highlight(h) + "\n";
  return s;
}

// Calls f(json, thread) for each line of `file` (JSON Lines of threads, a
// path from the source folder), read without timestamps.
template <class F>
void ForEachThreadIn(const std::string& file, F f) {
  std::ifstream in(std::string(MEETINTENT_SOURCE_DIR) + file);
  ASSERT_TRUE(in) << file << " is missing";
  std::string line;
  while (std::getline(in, line)) {
    json::Value v;
    std::string error;
    ASSERT_TRUE(json::Parse(line, &v, &error)) << error;
    std::vector<ThreadMessage> thread;
    for (const json::Value& m : v.Find("messages")->array) {
      thread.push_back({m.Find("sender")->string, -1, m.Find("text")->string});
    }
    f(v, thread);
  }
}

// The held-out threads of data/threads/test.jsonl.
template <class F>
void ForEachHeldOutThread(F f) {
  ForEachThreadIn("/data/threads/test.jsonl", f);
}

// Thread analysis keeps its buffers in the workspace: a warm workspace (and
// a reused ThreadAnalysis) give exactly what fresh ones give, also after a
// thread long enough for the buffers to be given back.
TEST(ThreadTest, AWarmWorkspaceGivesWhatAFreshOneGives) {
  auto model = Default();
  std::vector<std::vector<ThreadMessage>> threads;
  for (const char* file : {"/data/threads/test.jsonl", "/data/qpq/threads_en.jsonl",
                           "/data/qpq/threads_zh.jsonl", "/data/qpq/round6/threads_de.jsonl"}) {
    ASSERT_NO_FATAL_FAILURE(ForEachThreadIn(
        file,
        [&](const json::Value&, const std::vector<ThreadMessage>& t) { threads.push_back(t); }));
  }
  std::vector<ThreadMessage> long_thread;
  for (int i = 0; i < 60000; ++i) long_thread.push_back({i % 2 ? "a" : "b", -1, "ok, thanks"});
  threads.insert(threads.begin() + static_cast<long>(threads.size() / 2), long_thread);
  Workspace warm;
  ThreadAnalysis reused;
  size_t offers = 0;
  for (const std::vector<ThreadMessage>& thread : threads) {
    ASSERT_TRUE(AnalyzeThread(*model, thread, ThreadOptions(), &warm, &reused).ok());
    // Kept, unless the thread was long enough to leave them too large.
    EXPECT_EQ(ModelInternals::GetThreadScratch(warm) == nullptr, thread.size() == long_thread.size());
    Workspace fresh;
    ThreadAnalysis alone;
    ASSERT_TRUE(AnalyzeThread(*model, thread, ThreadOptions(), &fresh, &alone).ok());
    ASSERT_EQ(Describe(reused), Describe(alone)) << thread.front().text;
    offers += alone.quid_pro_quo.size();
  }
  EXPECT_GT(offers, 20u);  // not trivial: many offers, spans and highlights compared
}

TEST(ThreadTest, FindsQuidProQuoAcrossTwoMessagesOfOneSender) {
  auto model = Default();
  const auto thread = Thread({
      {"b", "Ich kann ein gutes Wort für dich bei der Geschäftsführung einlegen."},
      {"a", "Das wäre toll, danke!"},
      {"b", "Aber vorher sollten wir uns näher kennenlernen. Abendessen bei mir, nur wir zwei?"},
  });
  Workspace ws;
  ThreadAnalysis a;
  ASSERT_TRUE(AnalyzeThread(*model, thread, ThreadOptions(), &ws, &a).ok());
  ASSERT_EQ(a.quid_pro_quo.size(), 1u);
  EXPECT_EQ(a.quid_pro_quo[0].benefit_message, 0u);
  EXPECT_EQ(a.quid_pro_quo[0].ask_message, 2u);
}

TEST(ThreadTest, ConditionalProfessionalOfferIsNotQuidProQuo) {
  auto model = Default();
  const auto thread = Thread({
      {"a", "Could you refer me for the backend role?"},
      {"b", "Happy to refer you if you send me your CV first. Let's talk it through over "
            "coffee with the team on Monday."},
  });
  Workspace ws;
  ThreadAnalysis a;
  ASSERT_TRUE(AnalyzeThread(*model, thread, ThreadOptions(), &ws, &a).ok());
  EXPECT_TRUE(a.quid_pro_quo.empty());
}

TEST(ThreadTest, EdgeCasesAndErrors) {
  auto model = Default();
  Workspace ws;
  ThreadAnalysis a;
  ASSERT_TRUE(AnalyzeThread(*model, {}, ThreadOptions(), &ws, &a).ok());
  EXPECT_EQ(a.label, -1);
  ASSERT_TRUE(AnalyzeThread(*model, Thread({{"a", ""}, {"b", "\xff\xfe"}}), ThreadOptions(), &ws,
                            &a).ok());
  EXPECT_EQ(a.personal.size(), 2u);
  ThreadOptions bad;
  bad.smoothing = 0;
  EXPECT_EQ(AnalyzeThread(*model, {}, bad, &ws, &a).code(), StatusCode::kInvalidArgument);
  // A model without a "personal" label cannot analyze threads.
  std::unique_ptr<ModelBuilder> builder;
  ASSERT_TRUE(ModelBuilder::Create({"a", "b"}, {}, testing::TinyFeatures(), &builder).ok());
  std::unique_ptr<Model> other;
  ASSERT_TRUE(builder->Build(false, &other).ok());
  EXPECT_EQ(AnalyzeThread(*other, {}, ThreadOptions(), &ws, &a).code(),
            StatusCode::kInvalidArgument);
}

// The held-out threads (data/threads/test.jsonl, never used in design or
// tuning). Floors at the figures measured when the design was frozen, so a
// change that makes thread analysis worse fails here; the figures and the
// issue's targets are in the README.
// The thread's label is found by name: with labels other/personal/
// professional, a professional thread is "professional", not index 0.
TEST(ThreadTest, ThreadLabelIsChosenByNameAndProbability) {
  TrainOptions o;
  o.features.hash_bits = 12;
  o.validation_fraction = 0;
  std::vector<Example> examples = testing::ToyExamples();
  examples.push_back({"other", "the weather is nice today"});
  examples.push_back({"other", "it rained all week"});
  std::unique_ptr<Model> model;
  ASSERT_TRUE(Train(o, examples, &model, nullptr).ok());
  ASSERT_EQ(model->labels(), (std::vector<std::string>{"other", "personal", "professional"}));
  Workspace ws;
  ThreadAnalysis a;
  ASSERT_TRUE(AnalyzeThread(*model,
                            Thread({{"a", "Can we move the quarterly review to Tuesday?"},
                                    {"b", "Tuesday works, I'll update the agenda."}}),
                            ThreadOptions(), &ws, &a)
                  .ok());
  EXPECT_EQ(model->labels()[static_cast<size_t>(a.label)], "professional");
}

// Quid-pro-quo offers over threads with marked messages: a reported offer is
// right when it touches a marked message, and a thread's offer is found when
// one is right.
struct OfferCounts {
  size_t threads = 0, found = 0, reported = 0, right = 0;

  void Add(const ThreadAnalysis& a, const std::vector<size_t>& marked) {
    const auto is_marked = [&](size_t i) {
      return std::find(marked.begin(), marked.end(), i) != marked.end();
    };
    size_t hits = 0;
    for (const QuidProQuo& q : a.quid_pro_quo) {
      hits += is_marked(q.benefit_message) || is_marked(q.ask_message);
    }
    reported += a.quid_pro_quo.size();
    right += hits;
    if (!marked.empty()) {
      ++threads;
      found += hits > 0;
    }
  }
  double Recall() const { return static_cast<double>(found) / static_cast<double>(threads); }
  double Precision() const {
    return reported ? static_cast<double>(right) / static_cast<double>(reported) : 0;
  }
};

TEST(ThreadTest, HeldOutThreadsRegressionFloor) {
  auto model = Default();
  size_t drift_total = 0, drift_found = 0, drift_close = 0, prof_total = 0, prof_false = 0;
  OfferCounts offers;
  Workspace ws;
  ThreadAnalysis a;
  ForEachHeldOutThread([&](const json::Value& v, const std::vector<ThreadMessage>& thread) {
    ASSERT_TRUE(AnalyzeThread(*model, thread, ThreadOptions(), &ws, &a).ok());
    const std::string kind = v.Find("kind")->string;
    std::vector<size_t> marked;
    for (const json::Value& i : v.Find("qpq_indices")->array)
      marked.push_back(static_cast<size_t>(i.number));
    if (kind == "drift") {
      ++drift_total;
      if (a.drift.detected) {
        ++drift_found;
        const double turn = v.Find("turn_index")->number;
        drift_close += std::fabs(static_cast<double>(a.drift.message) - turn) <= 1;
      }
    }
    if (kind == "professional") {
      ++prof_total;
      prof_false += a.drift.detected;
    }
    offers.Add(a, marked);
  });
  const double drift_recall = static_cast<double>(drift_found) / static_cast<double>(drift_total);
  const double close = static_cast<double>(drift_close) / static_cast<double>(drift_total);
  const double false_drift = static_cast<double>(prof_false) / static_cast<double>(prof_total);
  const double qpq_recall = offers.Recall();
  const double qpq_precision = offers.Precision();
  std::printf("drift recall %.3f, turn within one %.3f, false drift %.3f, qpq recall %.3f, "
              "qpq precision %.3f\n", drift_recall, close, false_drift, qpq_recall, qpq_precision);
  EXPECT_GE(drift_recall, 0.90);
  EXPECT_GE(close, 0.80);
  EXPECT_LT(false_drift, 0.05);
  EXPECT_GE(qpq_recall, kQpqRecallFloor);
  EXPECT_GE(qpq_precision, kQpqPrecisionFloor);
}

// Counts the offers found and reported right over data/qpq/<round>/, whose
// threads mark the benefit and ask messages of each offer. A reported offer
// is right when it touches a marked message of a thread with an offer.
OfferCounts CountFreshOffers(const std::string& round) {
  auto model = Default();
  OfferCounts offers;
  Workspace ws;
  ThreadAnalysis a;
  for (const char* lang : {"de", "en", "es", "fr", "it", "ja", "pt", "zh"}) {
    const std::string file = "/data/qpq/" + round + "/threads_" + lang + ".jsonl";
    EXPECT_NO_FATAL_FAILURE(
        ForEachThreadIn(file, [&](const json::Value& v, const std::vector<ThreadMessage>& thread) {
          ASSERT_TRUE(AnalyzeThread(*model, thread, ThreadOptions(), &ws, &a).ok());
          std::vector<size_t> marked;
          if (v.Find("qpq")->boolean) {
            for (const char* key : {"benefit_msg", "ask_msg"}) {
              marked.push_back(static_cast<size_t>(v.Find(key)->number));
            }
          }
          offers.Add(a, marked);
        }));
  }
  std::printf("%s: %zu of %zu offers found (%.3f), %zu of %zu reported right (%.3f)\n",
              round.c_str(), offers.found, offers.threads, offers.Recall(), offers.right,
              offers.reported, offers.Precision());
  return offers;
}

// data/qpq/round6/: 192 short threads (24 a language, half with an offer)
// written on 2026-12-07 by writers who saw none of the project's data; never
// trained or tuned on. Measured when they were written: 84 of 96 offers found,
// 84 of 98 reported offers right (scripts/thread_eval.py --split qpq-fresh);
// the 0.9 is reached in German only. Since the untying cue phrases
// (written after the false reports had been read): 84 of 94 right.
TEST(ThreadTest, FreshQuidProQuoThreadsRegressionFloor) {
  const OfferCounts offers = CountFreshOffers("round6");
  ASSERT_EQ(offers.threads, 96u);
  EXPECT_GE(offers.Recall(), 0.80);
  EXPECT_GE(offers.Precision(), 0.80);
}

// data/qpq/round8/: a second such set, written the same way later that day;
// measured once, before anyone read its errors: 93 of 96 offers found, 93 of
// 97 reported offers right (scripts/thread_eval.py --split qpq-fresh2).
TEST(ThreadTest, SecondFreshQuidProQuoThreadsRegressionFloor) {
  const OfferCounts offers = CountFreshOffers("round8");
  ASSERT_EQ(offers.threads, 96u);
  EXPECT_GE(offers.Recall(), 0.90);
  EXPECT_GE(offers.Precision(), 0.90);
}

// The drift message's words are those Model::ExplainWords gives for it, also
// where thread analysis explains them from what its own reading kept (the
// word hashes of the classifier's pass).
TEST(ThreadTest, DriftWordsAreTheTurningMessagesOwnExplanation) {
  auto model = Default();
  const int personal = model->LabelIndex("personal");
  Workspace ws, alone;
  ThreadAnalysis a;
  std::vector<Contribution> words;
  size_t compared = 0;
  ForEachHeldOutThread([&](const json::Value& v, const std::vector<ThreadMessage>& thread) {
    ASSERT_TRUE(AnalyzeThread(*model, thread, ThreadOptions(), &ws, &a).ok());
    if (!a.drift.detected) return;
    const size_t m = a.drift.message;
    std::vector<std::pair<uint32_t, uint32_t>> shown, expected;
    for (const Highlight& h : a.highlights) {
      if (h.message == m && h.role == "personal") shown.emplace_back(h.span.begin, h.span.end);
    }
    model->ExplainWords(thread[m].text, personal, 3, &alone, &words);
    for (const Contribution& c : words) expected.emplace_back(c.span.begin, c.span.end);
    std::sort(shown.begin(), shown.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(shown, expected) << v.Find("thread_id")->string;
    ++compared;
  });
  EXPECT_GE(compared, 40u);
}

}  // namespace
}  // namespace meetintent
