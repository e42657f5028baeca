// Forces failures inside C API entry points and checks that each becomes a
// status code: no exception crosses the C boundary.
#include <gtest/gtest.h>

#include <cstring>

#include "c_api_testing.h"
#include "meetintent/meetintent.h"

namespace meetintent {
namespace {

using testing_hooks::Fault;
using testing_hooks::InjectFault;

TEST(CApiFaultTest, AllocationFailureBecomesOutOfMemory) {
  mi_model* m = nullptr;
  InjectFault(Fault::kBadAlloc);
  EXPECT_EQ(mi_model_load_default(&m), MI_ERR_OUT_OF_MEMORY);
  EXPECT_EQ(m, nullptr);
  EXPECT_NE(std::strstr(mi_last_error_message(), "out of memory"), nullptr);
  ASSERT_EQ(mi_model_load_default(&m), MI_OK);  // the fault fires once
  InjectFault(Fault::kBadAlloc);
  int32_t label;
  EXPECT_EQ(mi_classify(m, "hi", 2, &label, nullptr, 0), MI_ERR_OUT_OF_MEMORY);
  mi_model_free(m);
}

TEST(CApiFaultTest, AnyExceptionBecomesInternalError) {
  mi_model* m = nullptr;
  ASSERT_EQ(mi_model_load_default(&m), MI_OK);
  InjectFault(Fault::kRuntimeError);
  mi_explanation* e = nullptr;
  EXPECT_EQ(mi_explain(m, "hi", 2, 3, &e), MI_ERR_INTERNAL);
  EXPECT_NE(std::strstr(mi_last_error_message(), "injected fault"), nullptr);
  InjectFault(Fault::kUnknownException);
  const char* texts[] = {"a"};
  size_t lengths[] = {1};
  EXPECT_EQ(mi_classify_batch(m, texts, lengths, 1, nullptr, nullptr, 0), MI_ERR_INTERNAL);
  InjectFault(Fault::kBadAlloc);
  mi_model* t = nullptr;
  EXPECT_EQ(mi_train_file("/nonexistent.tsv", nullptr, &t), MI_ERR_OUT_OF_MEMORY);
  mi_model_free(m);
}

// Every 1.1 entry point that can fail: each fault becomes a status.
TEST(CApiFaultTest, FunctionsOfOneOneTurnFaultsIntoStatuses) {
  mi_model* m = nullptr;
  ASSERT_EQ(mi_model_load_default(&m), MI_OK);
  const Fault faults[] = {Fault::kBadAlloc, Fault::kRuntimeError, Fault::kUnknownException};
  for (Fault fault : faults) {
    const mi_status want = fault == Fault::kBadAlloc ? MI_ERR_OUT_OF_MEMORY : MI_ERR_INTERNAL;
    SCOPED_TRACE(static_cast<int>(fault));
    size_t size = 0;
    InjectFault(fault);
    EXPECT_EQ(mi_model_serialize(m, nullptr, 0, &size), want);

    const char* texts[] = {"dinner?", "budget meeting"};
    size_t lengths[] = {7, 14};
    mi_result results[2];
    results[0].struct_size = results[1].struct_size = sizeof(mi_result);
    InjectFault(fault);
    EXPECT_EQ(mi_classify_ex(m, texts[0], lengths[0], &results[0], nullptr, 0), want);
    InjectFault(fault);
    EXPECT_EQ(mi_classify_batch_ex(m, texts, lengths, 2, results, nullptr, 0), want);

    const char* labels[] = {"personal", "professional"};
    mi_model* trained = nullptr;
    InjectFault(fault);
    EXPECT_EQ(mi_train(texts, lengths, labels, 2, nullptr, &trained), want);
    EXPECT_EQ(trained, nullptr);

    mi_train_options train_options;
    InjectFault(fault);
    EXPECT_EQ(mi_train_options_init_sized(&train_options, sizeof(train_options)), want);
    mi_thread_options thread_options;
    InjectFault(fault);
    EXPECT_EQ(mi_thread_options_init(&thread_options, sizeof(thread_options)), want);

    mi_thread_message message{sizeof(mi_thread_message), "a", "hi", 2, -1};
    mi_thread_analysis* a = nullptr;
    InjectFault(fault);
    EXPECT_EQ(mi_thread_analyze_ex(m, &message, 1, nullptr, &a), want);
    ASSERT_EQ(mi_thread_analyze_ex(m, &message, 1, nullptr, &a), MI_OK);
    InjectFault(fault);
    EXPECT_EQ(mi_thread_sender_count(a, &size), want);
    InjectFault(fault);
    EXPECT_EQ(mi_thread_sender_get(a, 0, nullptr, nullptr), want);
    InjectFault(fault);
    EXPECT_EQ(mi_thread_sender_point(a, 0, 0, nullptr, nullptr), want);
    mi_thread_analysis_free(a);
  }
  mi_model_free(m);
}

// The overlay functions (adapting to a user) turn faults into statuses too,
// and a faulted update leaves the overlay as it was.
TEST(CApiFaultTest, OverlayFunctionsTurnFaultsIntoStatuses) {
  mi_model* m = nullptr;
  ASSERT_EQ(mi_model_load_default(&m), MI_OK);
  for (Fault fault : {Fault::kBadAlloc, Fault::kRuntimeError, Fault::kUnknownException}) {
    const mi_status want = fault == Fault::kBadAlloc ? MI_ERR_OUT_OF_MEMORY : MI_ERR_INTERNAL;
    mi_overlay* o = nullptr;
    InjectFault(fault);
    EXPECT_EQ(mi_overlay_create(m, &o), want);
    EXPECT_EQ(o, nullptr);
    mi_adapt_options options;
    InjectFault(fault);
    EXPECT_EQ(mi_adapt_options_init(&options, sizeof options), want);
    ASSERT_EQ(mi_adapt_options_init(&options, sizeof options), MI_OK);
    InjectFault(fault);
    EXPECT_EQ(mi_overlay_create_with_options(m, &options, &o), want);
    EXPECT_EQ(o, nullptr);
    ASSERT_EQ(mi_overlay_create(m, &o), MI_OK);
    InjectFault(fault);
    EXPECT_EQ(mi_overlay_get_options(o, &options), want);
    InjectFault(fault);
    EXPECT_EQ(mi_overlay_update(o, "drinks?", 7, "personal"), want);
    size_t entries = 1;
    uint64_t updates = 1;
    ASSERT_EQ(mi_overlay_stats(o, &entries, &updates), MI_OK);
    EXPECT_EQ(updates, 0u);
    const char* texts[] = {"drinks?"};
    const size_t lengths[] = {7};
    const char* labels[] = {"personal"};
    InjectFault(fault);
    EXPECT_EQ(mi_overlay_update_batch(o, texts, lengths, labels, 1, 1), want);
    int32_t label = -1;
    InjectFault(fault);
    EXPECT_EQ(mi_overlay_classify(o, "hi", 2, &label, nullptr, 0), want);
    mi_model* merged = nullptr;
    InjectFault(fault);
    EXPECT_EQ(mi_overlay_merge(o, &merged), want);
    EXPECT_EQ(merged, nullptr);
    mi_overlay_free(o);
  }
  mi_model_free(m);
}

}  // namespace
}  // namespace meetintent
