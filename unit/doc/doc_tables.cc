/*
 * doc_tables.cc -- the documentation's tables, generated from the code's
 *
 * doc-tables BLOCK prints one block, its begin and end marker lines
 * included, that a file of doc-txt/ carries verbatim:
 *   events         the event table (EXIM_EVENT_TABLE, event_dispatch.h),
 *                  rendered by unit/event/event_doc.cc: doc-txt/events.txt
 *   reasons        DANE_REASON_LIST (dane_vocab.h) with the TLSRPT result
 *                  types: doc-txt/dane-core.txt section 6
 *   record-states  DANE_RECORD_STATE_LIST (dane_vocab.h):
 *                  doc-txt/dane-core.txt section 1
 * scripts/gen-doc-tables builds it and splices the blocks in (make doc), or
 * with --check fails when a file's block differs (make test).
 */
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "dane_vocab.h"
#include "event_doc.h"

namespace {

struct ReasonDoc {
  const char *code;
  const char *tlsrpt;
  const char *doc;
};

struct StateDoc {
  const char *code;
  const char *when;
  const char *rfc;
};

#define REASON_DOC_(abi, core, code, tlsrpt, doc) {code, tlsrpt, doc},
constexpr ReasonDoc kReasons[] = {DANE_REASON_LIST(REASON_DOC_)};
#undef REASON_DOC_

#define STATE_DOC_(abi, core, code, when, rfc) {code, when, rfc},
constexpr StateDoc kStates[] = {DANE_RECORD_STATE_LIST(STATE_DOC_)};
#undef STATE_DOC_

/* text broken at spaces into lines of at most width characters (a longer
word stays whole on a line of its own). */
std::vector<std::string> wrap(const std::string &text, size_t width)
{
  std::vector<std::string> lines;
  std::string line;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string::npos) {
      end = text.size();
    }
    const std::string word = text.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  lines.push_back(line);
  return lines;
}

/* s padded with spaces to width columns (at least one space follows). */
std::string pad(const std::string &s, size_t width)
{
  return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}

/* One row: first a column (code) of width first_w, then the wrapped text
of width text_w; the last column (tail) follows the text's last line. */
std::string row(const std::string &first, size_t first_w,
                const std::string &text, size_t text_w, const std::string &tail)
{
  const std::vector<std::string> lines = wrap(text, text_w - 1);
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    out += "  " + pad(i == 0 ? first : "", first_w);
    if (i + 1 < lines.size()) {
      out += lines[i] + "\n";
    } else if (tail.empty()) {
      out += lines[i] + "\n";
    } else {
      out += pad(lines[i], text_w) + tail + "\n";
    }
  }
  return out;
}

std::string reasons_block()
{
  std::string out =
      "-- begin: generated from DANE_REASON_LIST (gen-doc-tables) --\n\n";
  for (const ReasonDoc &r : kReasons) {
    if (std::strcmp(r.code, "ok") != 0) {
      out += row(r.code, 20, r.doc, 30, r.tlsrpt);
    }
  }
  return out + "\n-- end: generated from DANE_REASON_LIST --\n";
}

std::string states_block()
{
  std::string out =
      "-- begin: generated from DANE_RECORD_STATE_LIST (gen-doc-tables) "
      "--\n\n";
  for (const StateDoc &s : kStates) {
    if (s.when[0] == '\0') {
      continue;  // usable: the table lists why a record is not
    }
    const std::string rfc =
        s.rfc[0] != '\0' ? std::string("(") + s.rfc + ")" : std::string();
    std::string state = s.code;
    if (!rfc.empty()) {
      state = pad(state, 18) + rfc;
    }
    /* The state follows the condition's last line. */
    const std::vector<std::string> lines = wrap(s.when, 32);
    for (size_t i = 0; i + 1 < lines.size(); ++i) {
      out += "  " + lines[i] + "\n";
    }
    out += "  " + pad(lines.back(), 33) + state + "\n";
  }
  return out + "\n-- end: generated from DANE_RECORD_STATE_LIST --\n";
}

}  // namespace

int main(int argc, char **argv)
{
  const std::string block = argc == 2 ? argv[1] : "";
  std::string out;
  if (block == "events") {
    out = exim_unit::event_doc_table();
  } else if (block == "reasons") {
    out = reasons_block();
  } else if (block == "record-states") {
    out = states_block();
  } else {
    std::fprintf(stderr, "usage: doc-tables events|reasons|record-states\n");
    return 2;
  }
  std::fputs(out.c_str(), stdout);
  return 0;
}
