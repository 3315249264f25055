/*************************************************
 *     Exim - exim_dane_verify: DANE checker      *
 *************************************************/

/* NAME
     exim_dane_verify - check a live domain's DANE as exim would deliver to
     it; check TLSA records against a certificate chain with Exim's own
     DANE verifier, offline; make TLSA records from a chain.

   SYNOPSIS
     exim_dane_verify --domain D [--host H] [--port P] [--require] [--json]
                      [--timeout S]
     exim_dane_verify --host H [--port P] [--require] [--json]
     exim_dane_verify --tlsa 'U S M HEX' [--tlsa ...] --chain FILE
                      --name BASE [--name ID ...] [--time T]
     exim_dane_verify --make-tlsa FILE [--usage 3|2] [--selector 1|0]
                      [--mtype 1|2|0] [--host H] [--port P]
     exim_dane_verify --help | --version

   DESCRIPTION
     Verify mode.
     --tlsa   one TLSA record, "U S M HEX" or a zone-file line ending in
              "TLSA U S M HEX" (repeatable, in order; parentheses and a
              ";" comment allowed)
     --chain  the certificates, leaf first, as the server presented them:
              PEM (text around the blocks ignored) or concatenated DER;
              "-" reads standard input
     --name   first: the TLSA base domain; further: more reference ids
     --time   seconds since the epoch, or "YYYY-MM-DDTHH:MM:SSZ" (UTC);
              default: now (this tool reads the clock, the core never does)

     stdout (the contract unit/dane/run-vectors checks): one line
     "unusable N U S M: <code>" per unusable record (N = 1-based position
     of its --tlsa), then one verdict line:
       verified U S M depth=D name=<matched reference id, or ->
       not-verified <reason> depth=D tlsrpt=<RFC 8460 result type>
     then detail lines, each starting with two spaces: the matched record
     (or the one a failure concerns) with its data in full, at most 64 hex
     digits a line; on name-mismatch the leaf's names (bounded).  More than
     DANE_MAX_RECORDS records give "not-verified too-many-records depth=-1
     tlsrpt=tlsa-invalid", as Exim's smtp transport decides for such an
     RRset (dane_policy_exim.c, dane_exim.c).

     --make-tlsa prints zone-file TLSA records for the chain in FILE:
     DANE-EE(3) for the leaf, DANE-TA(2) for each issuer (default: both),
     selector 1 and matching type 1 unless given; owner _P._tcp.H. (default
     port 25, host: the leaf's first DNS name).  "3 1 1" for the leaf and
     "2 1 1" for its issuer are marked "; recommended".

     Exit: 0 verified (or records printed); 1 a verdict other than
     The online mode is described in dane_tool_online.cc, the parts of the
     program in tool/dane_tool.h.
*/

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "dane_tool.h"

namespace exim_dane::tool {

const char kProg[] = "exim_dane_verify";

// Parse a decimal number in [lo, hi] that is one of the allowed values.
bool parse_small(const std::string &s, long lo, long hi, int &out)
{
  if (s.empty() || s.size() > 5 ||
      s.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  const long v = std::strtol(s.c_str(), nullptr, 10);
  if (v < lo || v > hi) {
    return false;
  }
  out = static_cast<int>(v);
  return true;
}

namespace {

const char kVersion[] = "4.96 (exim-overlay)";

const char kHelp[] =
    "usage: exim_dane_verify --domain D [--host H] [--port P] [--require]\n"
    "                        [--json] [--timeout S]\n"
    "       exim_dane_verify --host H [--port P] [--require] [--json]\n"
    "       exim_dane_verify --tlsa 'U S M HEX' [--tlsa ...] --chain FILE\n"
    "                        --name BASE [--name ID ...] [--time T]\n"
    "       exim_dane_verify --make-tlsa FILE [--usage 3|2] [--selector 1|0]\n"
    "                        [--mtype 1|2|0] [--host H] [--port P]\n"
    "       exim_dane_verify --help | --version\n"
    "\n"
    "Online: check a live domain as exim would deliver to it.  It models a\n"
    "dnslookup router and an smtp transport with hosts_try_dane = * (with\n"
    "--require: hosts_require_dane = *) and otherwise default options; it\n"
    "cannot see your own routers and transport options.  The MX RRset, each\n"
    "host's addresses, CNAMEs and TLSA RRset are looked up through the system\n"
    "resolver as exim does (DNSSEC status = the AD bit: resolv.conf needs\n"
    "\"options trust-ad\"), exim's RFC 7672 outcome rules decide, then each\n"
    "address gets EHLO, STARTTLS (SNI: the TLSA base domain) and exim's DANE\n"
    "verifier.  Printed per host: each lookup's DNSSEC status, the TLSA\n"
    "records and their usability, the presented chain, the verdict, the\n"
    "matched record, the TLSRPT result type on failure.\n"
    "  --domain D     the mail domain (its MX hosts; no MX: D itself)\n"
    "  --host H       only this host (with --domain: as an MX host of D;\n"
    "                 alone: a host of its own, as route_list or hosts=)\n"
    "  --port P       default 25\n"
    "  --require      as hosts_require_dane = * (default: hosts_try_dane)\n"
    "  --json         one JSON object, for monitoring\n"
    "  --timeout S    connect and SMTP reply timeout, default 30 seconds\n"
    "Exit status: 0 every host would get a DANE-verified delivery; 1 DANE\n"
    "applies and a host would fail it or cannot be reached (mail would be\n"
    "deferred); 3 DANE does not apply to a host (no secure usable TLSA\n"
    "records, insecure zone); 2 usage, I/O or resolver error (NXDOMAIN, a\n"
    "failed MX lookup, a resolver that sets the AD bit on nothing).\n"
    "\n"
    "Offline: check TLSA records against a certificate chain with exim's own\n"
    "DANE verifier (RFC 7672 policy: DANE-TA(2) and DANE-EE(3) only).\n"
    "  --tlsa R       a TLSA record: \"U S M HEX\", or a zone-file line\n"
    "                 \"... TLSA U S M HEX\"; one --tlsa per record\n"
    "  --chain FILE   the server's certificates, leaf first, PEM or DER;\n"
    "                 - reads standard input\n"
    "  --name N       first: the TLSA base domain (the MX host name);\n"
    "                 further: more reference identifiers (DANE-TA only)\n"
    "  --time T       seconds since the epoch or YYYY-MM-DDTHH:MM:SSZ\n"
    "                 (default: now)\n"
    "Output: \"unusable N U S M: why\" lines, one verdict line\n"
    "(\"verified U S M depth=D name=ID\" or \"not-verified REASON depth=D\n"
    "tlsrpt=TYPE\"), then indented details: the matched record in full, and\n"
    "on name-mismatch the certificate's names.\n"
    "Exit status: 0 verified, 1 not verified, 2 usage or input error.\n"
    "\n"
    "--make-tlsa FILE prints zone-file TLSA records for the chain in FILE:\n"
    "  --usage 3|2    3: the leaf (DANE-EE), 2: each issuer (DANE-TA);\n"
    "                 default both\n"
    "  --selector 1|0 1: the public key (default), 0: the whole certificate\n"
    "  --mtype 1|2|0  1: SHA2-256 (default), 2: SHA2-512, 0: full value\n"
    "  --host H       owner _P._tcp.H. (default: the leaf's first DNS name)\n"
    "  --port P       default 25\n"
    "Publish \"3 1 1\" for the server's key and a \"2 1 1\" for its issuer\n"
    "as a rollover backup (marked \"; recommended\").\n"
    "Exit status: 0 records printed, 2 usage or input error.\n";

/*************************************************
 *     Options                                    *
 *************************************************/

// The modes an option belongs to.
constexpr unsigned kV = 1;  // verify
constexpr unsigned kM = 2;  // --make-tlsa
constexpr unsigned kO = 4;  // online (--domain / --host without a chain)

struct OptSpec {
  const char *name;
  bool repeatable;
  unsigned modes;
  bool flag;  // takes no value
};

const OptSpec kOpts[] = {
    {"--tlsa", true, kV, false},       {"--chain", false, kV, false},
    {"--name", true, kV, false},       {"--time", false, kV, false},
    {"--make-tlsa", false, kM, false}, {"--usage", false, kM, false},
    {"--selector", false, kM, false},  {"--mtype", false, kM, false},
    {"--host", false, kM | kO, false}, {"--port", false, kM | kO, false},
    {"--domain", false, kO, false},    {"--require", false, kO, true},
    {"--json", false, kO, true},       {"--timeout", false, kO, false},
};

const OptSpec *find_opt(const std::string &name)
{
  for (const OptSpec &o : kOpts) {
    if (name == o.name) {
      return &o;
    }
  }
  return nullptr;
}

// Store one option's value; false with err set when the value is bad.
bool set_option(Options &o, const std::string &name, const std::string &val,
                std::string &err)
{
  int n = 0;
  if (name == "--tlsa") {
    o.tlsa.push_back(val);
  } else if (name == "--name") {
    o.names.push_back(val);
  } else if (name == "--chain" || name == "--make-tlsa") {
    o.chain = val;
  } else if (name == "--time") {
    o.time = val;
  } else if (name == "--usage") {
    if (!parse_small(val, 2, 3, n)) {
      err = "--usage '" + shown(val) + "': must be 3 (DANE-EE) or 2 (DANE-TA)";
      return false;
    }
    o.usage = n;
  } else if (name == "--selector") {
    if (!parse_small(val, 0, 1, n)) {
      err = "--selector '" + shown(val) + "': must be 1 (key) or 0 (cert)";
      return false;
    }
    o.selector = n;
  } else if (name == "--mtype") {
    if (!parse_small(val, 0, 2, n)) {
      err = "--mtype '" + shown(val) + "': must be 1, 2 or 0";
      return false;
    }
    o.mtype = n;
  } else if (name == "--host") {
    if (!is_dns_name(val) || val.find('*') != std::string::npos) {
      err = "--host '" + shown(val) + "': not a host name";
      return false;
    }
    o.host = val;
  } else if (name == "--domain") {
    if (!is_dns_name(val) || val.find('*') != std::string::npos) {
      err = "--domain '" + shown(val) + "': not a domain name";
      return false;
    }
    o.domain = val;
  } else if (name == "--require") {
    o.require = true;
  } else if (name == "--json") {
    o.json = true;
  } else if (name == "--timeout") {
    if (!parse_small(val, 1, 3600, n)) {
      err = "--timeout '" + shown(val) + "': must be 1 to 3600 seconds";
      return false;
    }
    o.timeout = n;
  } else if (name == "--port") {
    if (!parse_small(val, 1, 65535, n)) {
      err = "--port '" + shown(val) + "': must be a number from 1 to 65535";
      return false;
    }
    o.port = n;
  }
  return true;
}

// Check the combination of options; false with err set.
bool check_mode(Options &o, std::string &err)
{
  const bool make = o.has("--make-tlsa");
  const bool online =
      !make && (o.has("--domain") || (o.has("--host") && !o.has("--chain")));
  const unsigned mode = make ? kM : online ? kO : kV;
  const char *mname = make     ? "--make-tlsa"
                      : online ? "--domain/--host"
                               : "--chain";
  for (const std::string &g : o.given) {
    const OptSpec *s = find_opt(g);
    if ((s->modes & mode) == 0) {
      err = mode == kV && s->modes == kM ? g + " is an option of --make-tlsa"
            : mode == kV && s->modes == kO
                ? g + " is an option of the online mode (--domain)"
                : g + " cannot be used with " + mname;
      return false;
    }
  }
  o.mode = make ? Mode::make_tlsa : online ? Mode::online : Mode::verify;
  if (online) {
    return true;
  }
  if (!make && !o.has("--chain")) {
    err = o.given.empty() ? "no options (see --help)" : "--chain is required";
    return false;
  }
  if (!make && o.names.empty()) {
    err = "--name is required (the TLSA base domain)";
    return false;
  }
  return true;
}

// Parse the command line into o; 0 to go on, else the exit status.
int parse_options(int argc, char **argv, Options &o)
{
  for (int i = 1; i < argc; i++) {
    std::string name = argv[i];
    if (name == "--help" || name == "-h") {
      o.mode = Mode::help;
      return 0;
    }
    if (name == "--version" || name == "-V") {
      o.mode = Mode::version;
      return 0;
    }
  }
  for (int i = 1; i < argc; i++) {
    std::string name = argv[i];
    std::string val;
    bool have_val = false;
    const std::size_t eq = name.find('=');
    if (name.compare(0, 2, "--") == 0 && eq != std::string::npos) {
      val = name.substr(eq + 1);
      name.erase(eq);
      have_val = true;
    }
    const OptSpec *spec = find_opt(name);
    if (spec == nullptr) {
      return fail((name.compare(0, 1, "-") == 0 ? "unknown option "
                                                : "unexpected argument ") +
                  shown(name, 40) + " (see --help)");
    }
    if (spec->flag) {
      if (have_val) {
        return fail(name + " takes no value");
      }
    } else if (!have_val) {
      if (i + 1 >= argc) {
        return fail(name + " needs a value (see --help)");
      }
      val = argv[++i];
    }
    for (const std::string &g : o.given) {
      if (g == name && !spec->repeatable) {
        return fail(name + " given twice");
      }
    }
    o.given.push_back(name);
    std::string err;
    if (!set_option(o, name, val, err)) {
      return fail(err);
    }
  }
  std::string err;
  return check_mode(o, err) ? 0 : fail(err);
}

int run(int argc, char **argv)
{
  Options o;
  const int rc = parse_options(argc, argv, o);
  if (rc != 0) {
    return rc;
  }
  switch (o.mode) {
    case Mode::help:
      std::fputs(kHelp, stdout);
      return 0;
    case Mode::version: {
      const char *be = dane_backend_name(DANE_BACKEND_DEFAULT);
      std::printf("exim_dane_verify %s, DANE verifier backend %s\n", kVersion,
                  be != nullptr ? be : "(none)");
      return 0;
    }
    case Mode::make_tlsa:
      return run_make_tlsa(o);
    case Mode::online:
      return run_online(o);
    case Mode::verify:
      break;
  }
  return run_verify(o);
}

}  // namespace
}  // namespace exim_dane::tool

int main(int argc, char **argv)
{
  using exim_dane::tool::fail;
  try {
    const int rc = exim_dane::tool::run(argc, argv);
    if (std::fflush(stdout) != 0) {
      return fail(std::string("writing standard output: ") +
                  std::strerror(errno));
    }
    return rc;
  } catch (const std::bad_alloc &) {
    return fail("out of memory");
  }
}
