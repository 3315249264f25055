/* event-table-names: print the event table's names, one a line, for
scripts/check-event-names (the EventCallSites test). */
#include <cstdio>

#include "event_dispatch.h"

int main()
{
  for (size_t i = 0; i < exim_event_count(); ++i) {
    std::printf("%s\n", exim_event_at(i)->name);
  }
  return 0;
}
