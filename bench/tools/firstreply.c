/*
 * firstreply: time from exec of a server to its first 2xx reply to a real request.
 *
 *   firstreply PORT REQUEST_FILE TIMEOUT_MS -- COMMAND [ARGS...]
 *
 * Takes CLOCK_MONOTONIC, forks and execs COMMAND (stdout and stderr to /dev/null), then in a
 * tight loop connects to 127.0.0.1:PORT, writes REQUEST_FILE (a raw HTTP/1.1 request with
 * "Connection: close") and reads the status line. Refused connections and non-2xx replies
 * (a host that is up but not ready) are retried after 100 microseconds. Prints the elapsed
 * milliseconds of the first 2xx, then stops the server with SIGTERM (SIGKILL after 2 s).
 * With KEEP=1 in the environment it leaves the server running and prints its pid as well.
 * A C helper rather than a curl loop: forking curl costs milliseconds per try, which would
 * blur a start-up measured in tens of milliseconds.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static char *read_file(const char *path, size_t *length) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buffer = malloc(size);
    if (fread(buffer, 1, size, f) != (size_t)size) { perror(path); exit(2); }
    fclose(f);
    *length = (size_t)size;
    return buffer;
}

/* Returns the HTTP status of one request, or -1 when the server is not accepting yet. */
static int try_once(int port, const char *request, size_t length) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons(port) };
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) { close(fd); return -1; }
    size_t sent = 0;
    while (sent < length) {
        ssize_t n = write(fd, request + sent, length - sent);
        if (n <= 0) { close(fd); return -1; }
        sent += (size_t)n;
    }
    char reply[64];
    size_t got = 0;
    while (got < 12) {
        ssize_t n = read(fd, reply + got, sizeof reply - 1 - got);
        if (n <= 0) { close(fd); return -1; }
        got += (size_t)n;
    }
    reply[got] = 0;
    close(fd);
    int status = 0;
    return sscanf(reply, "HTTP/1.%*d %d", &status) == 1 ? status : -1;
}

int main(int argc, char **argv) {
    if (argc < 6 || strcmp(argv[4], "--") != 0) {
        fprintf(stderr, "usage: firstreply PORT REQUEST_FILE TIMEOUT_MS -- COMMAND [ARGS...]\n");
        return 2;
    }
    int port = atoi(argv[1]);
    size_t length;
    char *request = read_file(argv[2], &length);
    double timeout = atof(argv[3]);
    signal(SIGPIPE, SIG_IGN);

    double start = now_ms();
    pid_t child = fork();
    if (child == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execvp(argv[5], argv + 5);
        _exit(127);
    }
    int status = -1;
    double elapsed = 0;
    struct timespec pause = { 0, 100000 };
    for (;;) {
        status = try_once(port, request, length);
        elapsed = now_ms() - start;
        if (status >= 200 && status < 300) break;
        if (elapsed > timeout || waitpid(child, NULL, WNOHANG) == child) { status = -2; break; }
        nanosleep(&pause, NULL);
    }
    if (status == -2) {
        fprintf(stderr, "firstreply: no 2xx from port %d within %.0f ms\n", port, timeout);
    } else if (getenv("KEEP")) {
        printf("%.3f %d\n", elapsed, (int)child);
        return 0;
    } else {
        printf("%.3f\n", elapsed);
    }
    kill(child, SIGTERM);
    for (int i = 0; i < 200 && waitpid(child, NULL, WNOHANG) == 0; i++) usleep(10000);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    return status == -2 ? 1 : 0;
}
