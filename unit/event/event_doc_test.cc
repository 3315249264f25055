/* The documentation lists every row of the event table: doc-txt/events.txt
must contain the generated block verbatim. */
#include "event_doc.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "event_dispatch.h"

namespace {

std::string read_file(const char *path)
{
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(EventDoc, EventsTxtContainsGeneratedTable)
{
  const std::string doc = read_file(EVENTS_DOC);
  ASSERT_FALSE(doc.empty()) << "cannot read " << EVENTS_DOC;
  const std::string block = exim_unit::event_doc_table();
  EXPECT_NE(doc.find(block), std::string::npos)
      << EVENTS_DOC << " does not contain the table generated from the "
      << "event table; regenerate it with scripts/gen-doc-tables (make doc)";
}

TEST(EventDoc, GeneratedTableNamesEveryEvent)
{
  const std::string block = exim_unit::event_doc_table();
  for (size_t i = 0; i < exim_event_count(); ++i) {
    const std::string name = exim_event_at(i)->name;
    EXPECT_NE(block.find("\n" + name + "\n"), std::string::npos) << name;
    EXPECT_NE(block.find("  " + name + " "), std::string::npos) << name;
  }
}

TEST(EventDoc, LinesFitAnEightyColumnDocument)
{
  std::istringstream in(exim_unit::event_doc_table());
  std::string line;
  while (std::getline(in, line)) {
    EXPECT_LE(line.size(), 79u) << line;
  }
}

}  // namespace
