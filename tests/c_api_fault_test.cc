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

}  // namespace
}  // namespace meetintent
