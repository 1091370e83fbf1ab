/*
 * The node suite's test image: one static program, no shell, no libc at run
 * time.
 *   hello serve PORT FILE  answers every HTTP request with "hello from
 *                          <hostname> <count>" and appends that line to FILE;
 *                          exits on SIGTERM
 *   hello status           prints the process' uid, gid and its security
 *                          state from /proc/self/status (for kubectl exec)
 */
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int status(void) {
  char line[256];
  FILE *f = fopen("/proc/self/status", "r");
  if (!f) return 1;
  printf("uid %d gid %d\n", (int)getuid(), (int)getgid());
  while (fgets(line, sizeof line, f))
    if (!strncmp(line, "CapEff:", 7) || !strncmp(line, "NoNewPrivs:", 11) || !strncmp(line, "Seccomp:", 8))
      fputs(line, stdout);
  return 0;
}

/* As PID 1 a process ignores SIGTERM unless it handles it: a pod's deletion
   would wait out its whole grace period. */
static void stop(int signal) { _exit(128 + signal); }

static int serve(int port, const char *file) {
  char host[64] = "", request[4096], body[160], answer[512];
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_ANY) };
  int one = 1, count = 0, s = socket(AF_INET, SOCK_STREAM, 0);
  signal(SIGTERM, stop);
  gethostname(host, sizeof host - 1);
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (s < 0 || bind(s, (struct sockaddr *)&addr, sizeof addr) || listen(s, 16)) { perror("listen"); return 1; }
  printf("serving on port %d\n", port);
  fflush(stdout);
  for (;;) {
    int c = accept(s, NULL, NULL);
    if (c < 0) continue;
    if (read(c, request, sizeof request) > 0) {
      int n = snprintf(body, sizeof body, "hello from %s %d\n", host, ++count);
      FILE *f = fopen(file, "a");
      if (f) { fputs(body, f); fclose(f); }
      else snprintf(body, sizeof body, "cannot write %s\n", file), n = strlen(body);
      int m = snprintf(answer, sizeof answer,
        "HTTP/1.1 %s\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
        f ? "200 OK" : "500 Internal Server Error", n, body);
      if (write(c, answer, m) < 0) perror("write");
    }
    close(c);
  }
}

int main(int argc, char **argv) {
  if (argc == 2 && !strcmp(argv[1], "status")) return status();
  if (argc == 4 && !strcmp(argv[1], "serve")) return serve(atoi(argv[2]), argv[3]);
  fprintf(stderr, "usage: hello serve PORT FILE | hello status\n");
  return 2;
}
