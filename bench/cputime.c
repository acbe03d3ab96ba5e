/* cputime — runs a command and writes its resource usage to a file (bench/README.md, "CPU time").
 *
 *   cputime OUTFILE CMD [ARGS...]
 *
 * OUTFILE gets one line: "utime_us stime_us maxrss_kib" from wait4(2)'s rusage of the child (all its
 * threads, microsecond resolution; maxrss is the same figure as /usr/bin/time's %M). The exit status
 * is the child's (128 + signal when it was killed). stdin/stdout/stderr are the child's. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: cputime OUTFILE CMD [ARGS...]\n");
        return 125;
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("cputime: fork");
        return 125;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        perror("cputime: exec");
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("cputime: wait4");
        return 125;
    }
    FILE *f = fopen(argv[1], "w");
    if (f) {
        fprintf(f, "%lld %lld %ld\n", (long long)ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec,
                (long long)ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec, ru.ru_maxrss);
        fclose(f);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
