/* bench_burst_publish: a publisher as a user would write one on libmosquitto
 * (Debian's libmosquitto-dev), for bench/burst.sh. Sends N JSON messages of
 * about 200 bytes as fast as the broker takes them: at QoS 1 with at most
 * --inflight unacknowledged, each sent the moment an acknowledgement makes
 * room. Each payload carries its sequence number and send time (microseconds
 * since the epoch), which bench_sink reads back, as bench_publish's do.
 *
 *   bench_burst_publish --port P [--host H] [--topic T] [--count N] [--qos 0|1]
 *                       [--payload B] [--inflight N]
 *
 * Prints one line: sent=N refused=N seconds=S rate=R first_send_us=T last_send_us=T
 */

#include <mosquitto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct state
{
    long long acked;
    int connected; /* 1 connected, -1 refused */
};

static long long now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

static double monotonic_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void on_connect(struct mosquitto *mosq, void *data, int rc)
{
    (void)mosq;
    ((struct state *)data)->connected = rc == 0 ? 1 : -1;
}

static void on_publish(struct mosquitto *mosq, void *data, int mid)
{
    (void)mosq;
    (void)mid;
    ++((struct state *)data)->acked;
}

/* {"seq":N,"t":T,"device":"bench-sensor","value":21.5,"pad":"xx..."}, `bytes` long. */
static int make_payload(char *out, int size, long long seq, long long t, int bytes)
{
    int n = snprintf(out, (size_t)size,
                     "{\"seq\":%lld,\"t\":%lld,\"device\":\"bench-sensor\","
                     "\"value\":21.5,\"pad\":\"",
                     seq, t);
    int pad = bytes - n - 2;
    if (pad < 0)
        pad = 0;
    if (n + pad + 2 >= size)
        pad = size - n - 3;
    memset(out + n, 'x', (size_t)pad);
    n += pad;
    out[n++] = '"';
    out[n++] = '}';
    out[n] = '\0';
    return n;
}

static int usage(const char *program)
{
    fprintf(stderr,
            "usage: %s --port P [--host H] [--topic T] [--count N] [--qos 0|1] [--payload B] "
            "[--inflight N]\n",
            program);
    return 2;
}

int main(int argc, char *argv[])
{
    const char *host = "127.0.0.1";
    const char *topic = "bench/burst";
    int port = 0;
    long long count = 50000;
    int qos = 1;
    int payload_bytes = 200;
    int inflight = 20; /* libmosquitto's and mosquitto's default */
    for (int i = 1; i < argc; ++i) {
        const char *arg = argv[i];
        if (i + 1 >= argc)
            return usage(argv[0]);
        const char *value = argv[++i];
        if (strcmp(arg, "--host") == 0)
            host = value;
        else if (strcmp(arg, "--port") == 0)
            port = atoi(value);
        else if (strcmp(arg, "--topic") == 0)
            topic = value;
        else if (strcmp(arg, "--count") == 0)
            count = atoll(value);
        else if (strcmp(arg, "--qos") == 0)
            qos = atoi(value);
        else if (strcmp(arg, "--payload") == 0)
            payload_bytes = atoi(value);
        else if (strcmp(arg, "--inflight") == 0)
            inflight = atoi(value);
        else
            return usage(argv[0]);
    }
    if (port <= 0 || count <= 0 || qos < 0 || qos > 1 || inflight <= 0 || payload_bytes <= 0)
        return usage(argv[0]);

    mosquitto_lib_init();
    struct state state = {0, 0};
    char id[64];
    snprintf(id, sizeof id, "bench-burst-%d", (int)getpid());
    struct mosquitto *mosq = mosquitto_new(id, true, &state);
    if (!mosq) {
        fprintf(stderr, "bench_burst_publish: mosquitto_new failed\n");
        return 1;
    }
    mosquitto_connect_callback_set(mosq, on_connect);
    mosquitto_publish_callback_set(mosq, on_publish);
    mosquitto_max_inflight_messages_set(mosq, (unsigned int)inflight);
    int rc = mosquitto_connect(mosq, host, port, 60);
    if (rc != MOSQ_ERR_SUCCESS) {
        fprintf(stderr, "bench_burst_publish: cannot connect to %s:%d: %s\n", host, port,
                mosquitto_strerror(rc));
        return 1;
    }
    while (state.connected == 0) {
        rc = mosquitto_loop(mosq, 1000, 1);
        if (rc != MOSQ_ERR_SUCCESS) {
            fprintf(stderr, "bench_burst_publish: %s\n", mosquitto_strerror(rc));
            return 1;
        }
    }
    if (state.connected < 0) {
        fprintf(stderr, "bench_burst_publish: the broker refused the connection\n");
        return 1;
    }

    char payload[65536];
    long long sent = 0;
    long long first_us = 0;
    long long last_us = 0;
    const double start = monotonic_s();
    /* QoS 0 is "acknowledged" once written (on_publish). */
    while (state.acked < count) {
        while (sent < count && sent - state.acked < inflight) {
            const long long t = now_us();
            if (sent == 0)
                first_us = t;
            last_us = t;
            const int length = make_payload(payload, (int)sizeof payload, sent, t, payload_bytes);
            rc = mosquitto_publish(mosq, NULL, topic, length, payload, qos, false);
            if (rc != MOSQ_ERR_SUCCESS) {
                fprintf(stderr, "bench_burst_publish: publish %lld failed: %s\n", sent,
                        mosquitto_strerror(rc));
                return 1;
            }
            ++sent;
        }
        rc = mosquitto_loop(mosq, 1000, 1);
        if (rc != MOSQ_ERR_SUCCESS) {
            fprintf(stderr, "bench_burst_publish: %s after %lld sent, %lld acknowledged\n",
                    mosquitto_strerror(rc), sent, state.acked);
            return 1;
        }
    }
    const double seconds = monotonic_s() - start;
    printf("sent=%lld refused=0 seconds=%.3f rate=%.0f first_send_us=%lld last_send_us=%lld\n",
           sent, seconds, seconds > 0 ? (double)sent / seconds : 0.0, first_us, last_us);
    fflush(stdout);
    mosquitto_disconnect(mosq);
    mosquitto_loop(mosq, 100, 1);
    mosquitto_destroy(mosq);
    mosquitto_lib_cleanup();
    return 0;
}
