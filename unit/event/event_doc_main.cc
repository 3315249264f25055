/* event-doc-table: print the documentation block generated from the event
table, for doc-txt/events.txt. */
#include <iostream>

#include "event_doc.h"

int main()
{
  std::cout << exim_unit::event_doc_table();
  return 0;
}
