/*************************************************
 *     Exim - DANE verifier: C ABI                *
 *************************************************/

/* NAME
     dane_verify.cc - the C entry points of dane_verify.h over the policy
     core (dane_core.cc) and the compiled-in backends.

   DESCRIPTION
     Every entry point is noexcept and goes through guard(), which turns a
     C++ exception into a status (std::bad_alloc: DANE_STATUS_NO_MEMORY,
     anything else: DANE_STATUS_INTERNAL).  The reason and record-state
     texts are the one table of the verifier contract.
*/

#include "dane_verify.h"

#include <algorithm>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <string>

#include "dane_core.h"
#include "dane_der.h"
#include "dane_name.h"

struct dane_ctx {
  std::unique_ptr<exim_dane::Backend> backend;
  std::unique_ptr<exim_dane::Verifier> verifier;
  bool time_set = false;
  bool have_result = false;
  dane_result result{};
};

namespace {

struct ReasonRow {
  const char *code;
  const char *tlsrpt;  // RFC 8460 s4.3
};

// Indexed by dane_reason; both come from DANE_REASON_LIST (dane_vocab.h).
#define DANE_REASON_ROW_(abi, core, code, tlsrpt, doc) {code, tlsrpt},
constexpr ReasonRow kReasons[DANE_REASON__COUNT] = {
    DANE_REASON_LIST(DANE_REASON_ROW_)};
#undef DANE_REASON_ROW_

#define DANE_RECORD_TEXT_(abi, core, code, when, rfc) code,
constexpr const char *kRecordStates[DANE_RECORD__COUNT] = {
    DANE_RECORD_STATE_LIST(DANE_RECORD_TEXT_)};
#undef DANE_RECORD_TEXT_

/* The core's vocabulary (dane_core.h) in the ABI's: the reasons and record
states by name (a switch over an enum class: -Wswitch names any the ABI
lacks), the bounds checked equal at compile time. */
static_assert(exim_dane::kMaxRdata == DANE_MAX_RDATA, "bounds differ");
static_assert(exim_dane::kMaxChain == DANE_MAX_CHAIN, "bounds differ");
static_assert(exim_dane::kMaxDepth == DANE_MAX_DEPTH, "bounds differ");
static_assert(exim_dane::kMaxCertDer == DANE_MAX_CERT_DER, "bounds differ");

/* Both enums come from the same lists, so each mapping is one case per
row; -Wswitch still names a core value without a case. */
dane_reason abi_reason(exim_dane::Reason r)
{
  switch (r) {
#define DANE_REASON_CASE_(abi, core, ...) \
  case exim_dane::Reason::core:           \
    return DANE_REASON_##abi;
    DANE_REASON_LIST(DANE_REASON_CASE_)
#undef DANE_REASON_CASE_
  }
  return DANE_REASON_INTERNAL_ERROR;
}

dane_record_state abi_state(exim_dane::RecordState st)
{
  switch (st) {
#define DANE_RECORD_CASE_(abi, core, ...) \
  case exim_dane::RecordState::core:      \
    return DANE_RECORD_##abi;
    DANE_RECORD_STATE_LIST(DANE_RECORD_CASE_)
#undef DANE_RECORD_CASE_
  }
  return DANE_RECORD_RDATA_SHORT;
}

dane_result abi_result(const exim_dane::Verdict &v)
{
  dane_result r{};
  r.verified = v.verified ? 1 : 0;
  r.reason = abi_reason(v.reason);
  r.depth = v.depth;
  r.usage = v.usage;
  r.selector = v.selector;
  r.mtype = v.mtype;
  r.record_index = v.record_index;
  r.usage_bits = v.usage_bits;
  r.matched_name = v.matched_name;
  r.num_records = v.num_records;
  r.num_usable = v.num_usable;
  return r;
}

template <typename F>
dane_status guard(F &&f) noexcept
{
  try {
    return f();
  } catch (const std::bad_alloc &) {
    return DANE_STATUS_NO_MEMORY;
  } catch (...) {
    return DANE_STATUS_INTERNAL;
  }
}

// The registry's ids are the ABI's (dane_backend.h).
static_assert(static_cast<int>(exim_dane::BackendId::openssl) ==
                  DANE_BACKEND_OPENSSL,
              "backend ids differ");
static_assert(static_cast<int>(exim_dane::BackendId::gnutls) ==
                  DANE_BACKEND_GNUTLS,
              "backend ids differ");

// A backend through the registry; DANE_BACKEND_DEFAULT: its first row
// compiled in.
std::unique_ptr<exim_dane::Backend> make_backend(dane_backend_id id)
{
  if (id == DANE_BACKEND_DEFAULT) {
    return exim_dane::make_default_backend();
  }
  return exim_dane::make_backend(static_cast<exim_dane::BackendId>(id));
}

bool valid_backend_id(dane_backend_id id)
{
  return id == DANE_BACKEND_DEFAULT || exim_dane::backend_known(id);
}

}  // namespace

extern "C" {

int dane_backend_available(dane_backend_id backend)
{
  try {
    return valid_backend_id(backend) && make_backend(backend) != nullptr ? 1
                                                                         : 0;
  } catch (...) {
    return 0;
  }
}

const char *dane_backend_name(dane_backend_id backend)
{
  try {
    if (!valid_backend_id(backend)) {
      return nullptr;
    }
    const std::unique_ptr<exim_dane::Backend> b = make_backend(backend);
    return b ? b->name() : nullptr;
  } catch (...) {
    return nullptr;
  }
}

dane_status dane_ctx_new(dane_backend_id backend, dane_ctx **out_ctx)
{
  if (out_ctx == nullptr) {
    return DANE_STATUS_INVALID_ARGUMENT;
  }
  *out_ctx = nullptr;
  if (!valid_backend_id(backend)) {
    return DANE_STATUS_INVALID_ARGUMENT;
  }
  return guard([&]() {
    std::unique_ptr<dane_ctx> ctx(new dane_ctx);
    ctx->backend = make_backend(backend);
    if (!ctx->backend) {
      return DANE_STATUS_NO_BACKEND;
    }
    ctx->verifier.reset(new exim_dane::Verifier(*ctx->backend));
    *out_ctx = ctx.release();
    return DANE_STATUS_OK;
  });
}

void dane_ctx_free(dane_ctx *ctx)
{
  if (ctx != nullptr) {
    ctx->verifier.reset();  // before the backend it refers to
    delete ctx;
  }
}

dane_status dane_add_tlsa_rdata(dane_ctx *ctx, const unsigned char *rdata,
                                size_t rdata_len)
{
  if (ctx == nullptr || (rdata == nullptr && rdata_len > 0)) {
    return DANE_STATUS_INVALID_ARGUMENT;
  }
  if (rdata_len > DANE_MAX_RDATA ||
      ctx->verifier->records.size() >= DANE_MAX_RECORDS) {
    return DANE_STATUS_LIMIT;
  }
  return guard([&]() {
    exim_dane::Record rec;
    if (rdata_len > 0) {
      rec.rdata.assign(rdata, rdata + rdata_len);
    }
    exim_dane::classify_record(rec);
    ctx->verifier->records.push_back(std::move(rec));
    ctx->have_result = false;
    return DANE_STATUS_OK;
  });
}

dane_status dane_add_tlsa_text(dane_ctx *ctx, const char *text)
{
  if (ctx == nullptr || text == nullptr) {
    return DANE_STATUS_INVALID_ARGUMENT;
  }
  return guard([&]() {
    exim_dane::Bytes rdata;
    if (!exim_dane::parse_presentation(text, rdata)) {
      return DANE_STATUS_SYNTAX;
    }
    return dane_add_tlsa_rdata(ctx, rdata.data(), rdata.size());
  });
}

dane_status dane_add_reference_name(dane_ctx *ctx, const char *name)
{
  if (ctx == nullptr || name == nullptr || name[0] == '\0') {
    return DANE_STATUS_INVALID_ARGUMENT;
  }
  if (strnlen(name, DANE_MAX_NAME_LEN + 1) > DANE_MAX_NAME_LEN ||
      ctx->verifier->names.size() >= DANE_MAX_NAMES) {
    return DANE_STATUS_LIMIT;
  }
  return guard([&]() {
    ctx->verifier->names.emplace_back(name);
    ctx->have_result = false;
    return DANE_STATUS_OK;
  });
}

dane_status dane_set_time(dane_ctx *ctx, time_t now)
{
  if (ctx == nullptr) {
    return DANE_STATUS_INVALID_ARGUMENT;
  }
  ctx->verifier->now = static_cast<std::int64_t>(now);
  ctx->time_set = true;
  ctx->have_result = false;
  return DANE_STATUS_OK;
}

dane_status dane_add_chain_der(dane_ctx *ctx, const unsigned char *der,
                               size_t der_len)
{
  return dane_add_chain_der_hint(ctx, der, der_len, nullptr);
}

dane_status dane_add_chain_der_hint(dane_ctx *ctx, const unsigned char *der,
                                    size_t der_len, void *hint)
{
  if (ctx == nullptr || (der == nullptr && der_len > 0)) {
    return DANE_STATUS_INVALID_ARGUMENT;
  }
  // Keep one beyond the limit so the verdict can say chain-too-long.
  if (ctx->verifier->chain.size() > DANE_MAX_CHAIN) {
    return DANE_STATUS_OK;
  }
  return guard([&]() {
    exim_dane::Bytes d;
    if (der_len > 0 && der_len <= DANE_MAX_CERT_DER) {
      d.assign(der, der + der_len);
    }
    // An oversized certificate is kept as empty, i.e. unparsable.
    // The hints stay as long as the chain (one per certificate).
    ctx->verifier->chain_hints.resize(ctx->verifier->chain.size());
    ctx->verifier->chain.push_back(std::move(d));
    ctx->verifier->chain_hints.push_back(hint);
    ctx->have_result = false;
    return DANE_STATUS_OK;
  });
}

dane_status dane_clear_chain(dane_ctx *ctx)
{
  if (ctx == nullptr) {
    return DANE_STATUS_INVALID_ARGUMENT;
  }
  ctx->verifier->chain.clear();
  ctx->verifier->chain_hints.clear();
  ctx->have_result = false;
  return DANE_STATUS_OK;
}

dane_status dane_classify_records(dane_ctx *ctx, size_t *out_num_usable)
{
  if (out_num_usable != nullptr) {
    *out_num_usable = 0;
  }
  if (ctx == nullptr) {
    return DANE_STATUS_INVALID_ARGUMENT;
  }
  return guard([&]() {
    ctx->verifier->classify_records();
    size_t n = 0;
    for (const exim_dane::Record &r : ctx->verifier->records) {
      if (r.state == exim_dane::RecordState::usable) {
        n++;
      }
    }
    if (out_num_usable != nullptr) {
      *out_num_usable = n;
    }
    return DANE_STATUS_OK;
  });
}

dane_status dane_verify(dane_ctx *ctx, dane_result *out_result)
{
  if (ctx == nullptr || !ctx->time_set) {
    return DANE_STATUS_INVALID_ARGUMENT;
  }
  const dane_status st = guard([&]() {
    ctx->have_result = false;
    exim_dane::Verdict v;
    ctx->verifier->run(v);
    ctx->result = abi_result(v);
    ctx->have_result = true;
    return DANE_STATUS_OK;
  });
  // Hints are valid for this call only (dane_verify.h), whatever it gave.
  std::fill(ctx->verifier->chain_hints.begin(),
            ctx->verifier->chain_hints.end(), nullptr);
  if (st != DANE_STATUS_OK) {
    return st;
  }
  if (out_result != nullptr) {
    *out_result = ctx->result;
  }
  return DANE_STATUS_OK;
}

dane_status dane_get_result(const dane_ctx *ctx, dane_result *out_result)
{
  if (ctx == nullptr || out_result == nullptr) {
    return DANE_STATUS_INVALID_ARGUMENT;
  }
  if (!ctx->have_result) {
    return DANE_STATUS_NOT_VERIFIED_YET;
  }
  *out_result = ctx->result;
  return DANE_STATUS_OK;
}

size_t dane_num_records(const dane_ctx *ctx)
{
  return ctx == nullptr ? 0 : ctx->verifier->records.size();
}

dane_status dane_get_record(const dane_ctx *ctx, size_t index,
                            dane_record_info *out_info)
{
  if (ctx == nullptr || out_info == nullptr ||
      index >= ctx->verifier->records.size()) {
    return DANE_STATUS_INVALID_ARGUMENT;
  }
  const exim_dane::Record &r = ctx->verifier->records[index];
  out_info->usage = r.usage;
  out_info->selector = r.selector;
  out_info->mtype = r.mtype;
  out_info->state = abi_state(r.state);
  out_info->data_len = r.data_len();
  return DANE_STATUS_OK;
}

const char *dane_reason_text(dane_reason reason)
{
  const int i = static_cast<int>(reason);
  return i >= 0 && i < DANE_REASON__COUNT ? kReasons[i].code : "unknown";
}

const char *dane_reason_tlsrpt(dane_reason reason)
{
  const int i = static_cast<int>(reason);
  return i >= 0 && i < DANE_REASON__COUNT ? kReasons[i].tlsrpt
                                          : "validation-failure";
}

const char *dane_record_state_text(dane_record_state state)
{
  const int i = static_cast<int>(state);
  return i >= 0 && i < DANE_RECORD__COUNT ? kRecordStates[i] : "unknown";
}

int dane_name_match(const char *pattern, size_t pattern_len,
                    const char *reference)
{
  try {
    return exim_dane::name_match(pattern, pattern_len, reference) ? 1 : 0;
  } catch (...) {
    return 0;
  }
}

dane_status dane_cert_name_check(dane_backend_id backend,
                                 const unsigned char *der, size_t der_len,
                                 const char *reference, int *out_match)
{
  if (out_match == nullptr) {
    return DANE_STATUS_INVALID_ARGUMENT;
  }
  *out_match = 0;
  if (der == nullptr || reference == nullptr || !valid_backend_id(backend)) {
    return DANE_STATUS_INVALID_ARGUMENT;
  }
  return guard([&]() {
    std::unique_ptr<exim_dane::Backend> b = make_backend(backend);
    if (!b) {
      return DANE_STATUS_NO_BACKEND;
    }
    exim_dane::CertInfo info;
    std::unique_ptr<exim_dane::CertHandle> handle;
    if (der_len > DANE_MAX_CERT_DER ||
        !exim_dane::der::is_well_formed(der, der_len) ||
        !(handle = b->parse_cert(der, der_len, info))) {
      return DANE_STATUS_INVALID_ARGUMENT;
    }
    b->read_names(*handle, info);
    *out_match = exim_dane::cert_names_match(info, reference) ? 1 : 0;
    return DANE_STATUS_OK;
  });
}

}  // extern "C"
