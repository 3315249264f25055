/* cxx_units_c_abi_test.c - call the C++ units' report through its C header
from a C translation unit, as exim.c does, and check the text.

Arguments: strings the report must contain, or, with a leading '!', must
not contain.  Exit 0 when all hold, 1 otherwise. */

#include <stdio.h>
#include <string.h>
#include "cxx_units.h"

int
main(int argc, char **argv)
{
const char *r = cxx_units_report();
int bad = 0;

if (!r || r != cxx_units_report())
  {
  printf("not ok - report must be one static string\n");
  return 1;
  }
for (int i = 1; i < argc; i++)
  {
  int negate = argv[i][0] == '!';
  const char *want = argv[i] + negate;
  int found = strstr(r, want) != NULL;
  if (found == negate)
    {
    printf("not ok - report \"%s\" %s \"%s\"\n", r,
      negate ? "contains" : "lacks", want);
    bad = 1;
    }
  }
if (!bad) printf("ok - report \"%s\"\n", r);
return bad;
}
