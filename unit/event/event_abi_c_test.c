/* The dispatcher's header is valid C and its entry points link from C. */
#include <stdio.h>
#include <string.h>

#include "event_dispatch.h"

int main(void)
{
exim_event_outcome out;
exim_event_request req;
const exim_event_info *ev = exim_event_find("tcp:connect");

if (!ev || ev->effect != EXIM_EVENT_VETO_CONNECT || exim_event_count() == 0)
  {
  fprintf(stderr, "table lookup from C failed\n");
  return 1;
  }
memset(&req, 0, sizeof(req));
req.event = "tcp:connect";        /* action NULL: no host needed */
if (exim_event_raise(NULL, &req, &out) != EXIM_EVENT_OK
   || out.verdict != EXIM_EVENT_PROCEED || out.expanded)
  {
  fprintf(stderr, "unset action from C did something\n");
  return 1;
  }
return 0;
}
