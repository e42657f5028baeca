// Test hook for the C API: makes the next C API call fail inside, to prove
// that no C++ exception crosses the boundary. Not exported from the shared
// library; tests reach it through the static library.
#ifndef MEETINTENT_SRC_C_API_TESTING_H_
#define MEETINTENT_SRC_C_API_TESTING_H_

namespace meetintent {
namespace testing_hooks {

enum class Fault { kNone, kBadAlloc, kRuntimeError, kUnknownException };

// The fault to raise inside the next C API entry point on this thread.
void InjectFault(Fault fault);

}  // namespace testing_hooks
}  // namespace meetintent

#endif  // MEETINTENT_SRC_C_API_TESTING_H_
