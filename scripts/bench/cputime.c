/* cputime.c - CPU time of whole commands, interleaved.

   cputime ROUNDS [-i FILE] -- COMMAND_A... -- COMMAND_B...

Runs A, B, A, B, ... ROUNDS times each (the order alternates which goes
first in a round), waiting for each and reading its user+system CPU time from
wait4(), which counts the process and the children it waited for (and they
for theirs: a whole exim delivery).  Prints one line per round: "<usec A>
<usec B>".  Standard output and error of the commands go to /dev/null;
standard input is FILE (opened afresh for each run) with -i, else inherited.
Exit status 1 if any command fails to run or exits non-zero. */

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *input = NULL;

static long
run(char **argv)
{
struct rusage ru;
int status;
pid_t pid = fork();

if (pid < 0) { perror("fork"); exit(1); }
if (pid == 0)
  {
  int fd = open("/dev/null", O_RDWR);
  if (fd >= 0) { dup2(fd, 1); dup2(fd, 2); }
  if (input)
    {
    int in = open(input, O_RDONLY);
    if (in < 0) { perror(input); _exit(126); }
    dup2(in, 0);
    close(in);
    }
  execv(argv[0], argv);
  _exit(127);
  }
if (wait4(pid, &status, 0, &ru) != pid) { perror("wait4"); exit(1); }
if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
  {
  fprintf(stderr, "cputime: %s: exit status %d\n", argv[0], status);
  exit(1);
  }
return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000L
  + ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
}

int
main(int argc, char **argv)
{
int rounds, a, b = 0;

a = 2;
if (argc > 3 && strcmp(argv[2], "-i") == 0) { input = argv[3]; a = 4; }
if (argc < a + 3 || strcmp(argv[a], "--") != 0)
  {
  fprintf(stderr, "usage: cputime ROUNDS [-i FILE] -- COMMAND_A... -- COMMAND_B...\n");
  return 2;
  }
rounds = atoi(argv[1]);
a++;
for (int i = a; i < argc; i++)
  if (strcmp(argv[i], "--") == 0) { argv[i] = NULL; b = i + 1; break; }
if (b == 0 || b >= argc || rounds <= 0)
  {
  fprintf(stderr, "cputime: need ROUNDS > 0 and two commands\n");
  return 2;
  }
for (int r = 0; r < rounds; r++)
  {
  long ta, tb;
  if (r & 1) { tb = run(argv + b); ta = run(argv + a); }
  else       { ta = run(argv + a); tb = run(argv + b); }
  printf("%ld %ld\n", ta, tb);
  }
return 0;
}
