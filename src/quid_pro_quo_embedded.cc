#include "quid_pro_quo_model.h"

// Bytes placed by quid_pro_quo_model.S.
extern "C" const unsigned char mi_internal_qpq_offer_begin[], mi_internal_qpq_offer_end[];
extern "C" const unsigned char mi_internal_qpq_benefit_begin[], mi_internal_qpq_benefit_end[];
extern "C" const unsigned char mi_internal_qpq_ask_begin[], mi_internal_qpq_ask_end[];
extern "C" const unsigned char mi_internal_qpq_link_begin[], mi_internal_qpq_link_end[];
extern "C" const unsigned char mi_internal_qpq_lexicon_begin[];

namespace meetintent {
namespace {

struct Bytes {
  const unsigned char* begin;
  const unsigned char* end;
};

const Bytes kHeads[kQpqHeads] = {
    {mi_internal_qpq_offer_begin, mi_internal_qpq_offer_end},
    {mi_internal_qpq_benefit_begin, mi_internal_qpq_benefit_end},
    {mi_internal_qpq_ask_begin, mi_internal_qpq_ask_end},
    {mi_internal_qpq_link_begin, mi_internal_qpq_link_end},
};

}  // namespace

const void* QpqModelData(QpqHead head) { return kHeads[static_cast<int>(head)].begin; }

size_t QpqModelSize(QpqHead head) {
  const Bytes& b = kHeads[static_cast<int>(head)];
  return static_cast<size_t>(b.end - b.begin);
}

uint64_t QpqLexiconFingerprint() {
  uint64_t f = 0;
  for (int i = 0; i < 8; ++i) f |= uint64_t{mi_internal_qpq_lexicon_begin[i]} << (8 * i);
  return f;
}

}  // namespace meetintent
