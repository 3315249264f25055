/*************************************************
 *     Exim - DANE outcome rules: C ABI           *
 *************************************************/

/* NAME
     dane_policy_abi.cc - the C entry points of dane_policy_abi.h over
     exim_dane::policy::Rules (dane_policy.cc).

   DESCRIPTION
     Every entry point is noexcept: a C++ exception becomes a status
     (std::bad_alloc: DANE_STATUS_NO_MEMORY, anything else:
     DANE_STATUS_INTERNAL).  Enum values from C are checked before they are
     converted.
*/

#include "dane_policy_abi.h"

#include <cstring>
#include <memory>
#include <new>
#include <string>

#include "dane_policy.h"

namespace pol = exim_dane::policy;

static_assert(DANE_RULES_MAX_CNAME_HOPS == pol::kMaxCnameHops, "bounds");
static_assert(DANE_RULES_MAX_NAMES == pol::kMaxNames, "bounds");
static_assert(DANE_MAX_RECORDS == pol::kMaxRecords, "bounds");
static_assert(DANE_MAX_NAME_LEN == pol::kMaxNameLen, "bounds");

struct dane_rules_ctx {
  explicit dane_rules_ctx(const pol::Host &h) : rules(h) {}
  pol::Rules rules;
};

namespace {

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

// A C string as a bounded name; false when over the limit.
bool take_name(const char *s, std::string &out)
{
  const std::size_t n = strnlen(s, pol::kMaxNameLen + 1);
  if (n > pol::kMaxNameLen) {
    return false;
  }
  out.assign(s, n);
  return true;
}

dane_status make_host(const dane_rules_host &h, pol::Host &out)
{
  if (h.name == nullptr || h.port < 0 || h.port > 65535 ||
      h.addr_dnssec < DANE_RULES_DNSSEC_UNKNOWN ||
      h.addr_dnssec > DANE_RULES_DNSSEC_YES) {
    return DANE_STATUS_INVALID_ARGUMENT;
  }
  if (!take_name(h.name, out.name) ||
      (h.nexthop != nullptr && !take_name(h.nexthop, out.nexthop))) {
    return DANE_STATUS_LIMIT;
  }
  out.port = h.port;
  out.is_mx = h.is_mx != 0;
  out.ip_literal = h.ip_literal != 0;
  out.addr_dnssec = h.addr_dnssec == DANE_RULES_DNSSEC_YES ? pol::Dnssec::kYes
                    : h.addr_dnssec == DANE_RULES_DNSSEC_NO
                        ? pol::Dnssec::kNo
                        : pol::Dnssec::kUnknown;
  out.required = h.required != 0;
  return DANE_STATUS_OK;
}

pol::TlsaRecord make_record(const dane_rules_tlsa &t)
{
  pol::TlsaRecord r;
  r.usage = t.usage;
  r.selector = t.selector;
  r.mtype = t.mtype;
  r.data_len = t.data_len;
  r.usable = t.state == DANE_RECORD_USABLE;
  const char *text = dane_record_state_text(t.state);
  r.state = text != nullptr ? text : "?";
  return r;
}

// Names from the DNS: an over-long one is kept cut to one byte over the
// limit, so the rules see it as too long without holding it all.
dane_status make_answer(const dane_rules_answer &a, pol::Answer &out)
{
  if (a.rcode < DANE_RULES_RC_OK || a.rcode > DANE_RULES_RC_MALFORMED ||
      (a.names == nullptr && a.num_names > 0) ||
      (a.records == nullptr && a.num_records > 0) ||
      a.num_records > pol::kMaxRecords) {
    return DANE_STATUS_INVALID_ARGUMENT;
  }
  out.rcode = static_cast<pol::Rcode>(a.rcode);
  out.secure = a.secure != 0;
  for (std::size_t i = 0; i < a.num_names; i++) {
    if (a.names[i] == nullptr) {
      return DANE_STATUS_INVALID_ARGUMENT;
    }
    out.names.emplace_back(a.names[i],
                           strnlen(a.names[i], pol::kMaxNameLen + 1));
  }
  for (std::size_t i = 0; i < a.num_records; i++) {
    out.records.push_back(make_record(a.records[i]));
  }
  out.total_records = a.total_records;
  out.unclassified = a.unclassified != 0;
  return DANE_STATUS_OK;
}

const char *opt(const std::string &s)
{
  return s.empty() ? nullptr : s.c_str();
}

}  // namespace

// The C enums mirror the core's, value for value.
static_assert(static_cast<int>(pol::Rcode::kMalformed) ==
                  DANE_RULES_RC_MALFORMED,
              "rcode order");
static_assert(static_cast<int>(pol::Query::kTlsa) == DANE_RULES_QUERY_TLSA,
              "query order");
static_assert(static_cast<int>(pol::Outcome::kNotUsed) == DANE_RULES_NOT_USED,
              "outcome order");
static_assert(static_cast<int>(pol::Scope::kDomain) == DANE_RULES_SCOPE_DOMAIN,
              "scope order");

extern "C" {

dane_status dane_rules_new(const dane_rules_host *host,
                           dane_rules_ctx **out_ctx)
{
  if (out_ctx == nullptr) {
    return DANE_STATUS_INVALID_ARGUMENT;
  }
  *out_ctx = nullptr;
  if (host == nullptr) {
    return DANE_STATUS_INVALID_ARGUMENT;
  }
  return guard([&]() {
    pol::Host h;
    const dane_status st = make_host(*host, h);
    if (st == DANE_STATUS_OK) {
      *out_ctx = new dane_rules_ctx(h);
    }
    return st;
  });
}

void dane_rules_free(dane_rules_ctx *ctx)
{
  delete ctx;
}

dane_status dane_rules_next(const dane_rules_ctx *ctx,
                            dane_rules_query *out_query, const char **out_qname)
{
  if (ctx == nullptr || out_query == nullptr) {
    return DANE_STATUS_INVALID_ARGUMENT;
  }
  const pol::Step &s = ctx->rules.step();
  *out_query = static_cast<dane_rules_query>(s.query);
  if (out_qname != nullptr) {
    *out_qname = s.query == pol::Query::kNone ? nullptr : s.qname.c_str();
  }
  return DANE_STATUS_OK;
}

dane_status dane_rules_set_answer(dane_rules_ctx *ctx,
                                  const dane_rules_answer *answer)
{
  if (ctx == nullptr || answer == nullptr || ctx->rules.done()) {
    return DANE_STATUS_INVALID_ARGUMENT;
  }
  return guard([&]() {
    pol::Answer a;
    const dane_status st = make_answer(*answer, a);
    if (st == DANE_STATUS_OK) {
      ctx->rules.answer(a);
    }
    return st;
  });
}

dane_status dane_rules_get_decision(const dane_rules_ctx *ctx,
                                    dane_rules_decision *out)
{
  if (ctx == nullptr || out == nullptr) {
    return DANE_STATUS_INVALID_ARGUMENT;
  }
  if (!ctx->rules.done()) {
    return DANE_STATUS_NOT_VERIFIED_YET;
  }
  const pol::Decision &d = ctx->rules.decision();
  out->outcome = static_cast<dane_rules_outcome>(d.outcome);
  out->scope = static_cast<dane_rules_scope>(d.scope);
  out->domain_dependent = d.domain_dependent ? 1 : 0;
  out->reason = opt(d.reason);
  out->tlsrpt = opt(d.tlsrpt);
  out->base = opt(d.base);
  out->num_bases = d.bases.size();
  out->num_names = d.names.size();
  out->usage_bits = d.usage_bits;
  out->num_records = d.num_records;
  out->num_usable = d.num_usable;
  return DANE_STATUS_OK;
}

const char *dane_rules_base(const dane_rules_ctx *ctx, size_t i)
{
  if (ctx == nullptr || i >= ctx->rules.decision().bases.size()) {
    return nullptr;
  }
  return ctx->rules.decision().bases[i].c_str();
}

const char *dane_rules_name(const dane_rules_ctx *ctx, size_t i)
{
  if (ctx == nullptr || i >= ctx->rules.decision().names.size()) {
    return nullptr;
  }
  return ctx->rules.decision().names[i].c_str();
}

const char *dane_rules_outcome_text(dane_rules_outcome outcome)
{
  if (outcome < DANE_RULES_NO_DANE || outcome > DANE_RULES_NOT_USED) {
    return "?";
  }
  return pol::outcome_text(static_cast<pol::Outcome>(outcome));
}

const char *dane_rules_query_text(dane_rules_query query)
{
  if (query < DANE_RULES_QUERY_NONE || query > DANE_RULES_QUERY_TLSA) {
    return "?";
  }
  return pol::query_text(static_cast<pol::Query>(query));
}

}  // extern "C"
