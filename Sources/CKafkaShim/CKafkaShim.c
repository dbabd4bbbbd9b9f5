#define _GNU_SOURCE  /* pthread_setname_np */
#include "CKafkaShim.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* Non-NULL address for empty, non-null keys, values and header values:
 * librdkafka treats a NULL pointer as "absent" / null. */
static const char ckafka_empty[1] = {0};

static const void *present(const void *ptr, ssize_t len) {
    if (len < 0)
        return NULL;
    return ptr ? ptr : ckafka_empty;
}

int32_t ckafka_produce(struct rd_kafka_s *rk,
                       struct rd_kafka_topic_s *rkt,
                       const char *topic,
                       int32_t partition,
                       const void *key,
                       ssize_t key_len,
                       const void *value,
                       ssize_t value_len,
                       int copy_value,
                       const ckafka_header_t *headers,
                       size_t header_cnt,
                       void *opaque,
                       char *errstr,
                       size_t errstr_size) {
    rd_kafka_headers_t *hdrs = NULL;
    rd_kafka_vu_t vus[8];
    size_t n = 0;
    size_t i;

    if (errstr && errstr_size > 0)
        errstr[0] = '\0';

    if (header_cnt > 0) {
        hdrs = rd_kafka_headers_new(header_cnt);
        for (i = 0; i < header_cnt; i++) {
            const char *name = headers[i].name ? headers[i].name : ckafka_empty;
            rd_kafka_resp_err_t herr = rd_kafka_header_add(
                hdrs, name, (ssize_t)headers[i].name_len,
                present(headers[i].value, headers[i].value_len),
                headers[i].value_len < 0 ? 0 : headers[i].value_len);
            if (herr != RD_KAFKA_RESP_ERR_NO_ERROR) {
                rd_kafka_headers_destroy(hdrs);
                if (errstr && errstr_size > 0)
                    snprintf(errstr, errstr_size, "failed to add header: %s",
                             rd_kafka_err2str(herr));
                return herr;
            }
        }
    }

    if (rkt) {
        vus[n].vtype = RD_KAFKA_VTYPE_RKT;
        vus[n++].u.rkt = rkt;
    } else {
        vus[n].vtype = RD_KAFKA_VTYPE_TOPIC;
        vus[n++].u.cstr = topic;
    }
    vus[n].vtype = RD_KAFKA_VTYPE_PARTITION;
    vus[n++].u.i32 = partition;
    vus[n].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    vus[n++].u.i = copy_value ? RD_KAFKA_MSG_F_COPY : 0;
    vus[n].vtype = RD_KAFKA_VTYPE_VALUE;
    vus[n].u.mem.ptr = (void *)present(value, value_len);
    vus[n++].u.mem.size = value_len < 0 ? 0 : (size_t)value_len;
    if (key_len >= 0) {
        vus[n].vtype = RD_KAFKA_VTYPE_KEY;
        vus[n].u.mem.ptr = (void *)present(key, key_len);
        vus[n++].u.mem.size = (size_t)key_len;
    }
    vus[n].vtype = RD_KAFKA_VTYPE_OPAQUE;
    vus[n++].u.ptr = opaque;
    if (hdrs) {
        vus[n].vtype = RD_KAFKA_VTYPE_HEADERS;
        vus[n++].u.headers = hdrs;
    }

    rd_kafka_error_t *error = rd_kafka_produceva(rk, vus, n);
    if (!error)
        return RD_KAFKA_RESP_ERR_NO_ERROR; /* librdkafka owns hdrs now */

    rd_kafka_resp_err_t err = rd_kafka_error_code(error);
    if (errstr && errstr_size > 0) {
        const char *s = rd_kafka_error_string(error);
        snprintf(errstr, errstr_size, "%s", s ? s : rd_kafka_err2str(err));
    }
    rd_kafka_error_destroy(error);
    /* With RD_KAFKA_VTYPE_HEADERS the list stays ours when produceva fails. */
    if (hdrs)
        rd_kafka_headers_destroy(hdrs);
    return err;
}

int32_t ckafka_mock_broker_push_request_error_rtts(
    struct rd_kafka_mock_cluster_s *mcluster,
    int32_t broker_id,
    int16_t api_key,
    size_t cnt,
    const int32_t *errors,
    const int *rtts_ms) {
    size_t i;
    for (i = 0; i < cnt; i++) {
        rd_kafka_resp_err_t err = rd_kafka_mock_broker_push_request_error_rtts(
            mcluster, broker_id, api_key, 1, (rd_kafka_resp_err_t)errors[i], rtts_ms[i]);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
            return err;
    }
    return RD_KAFKA_RESP_ERR_NO_ERROR;
}

int ckafka_set_current_thread_name(const char *name) {
        return pthread_setname_np(pthread_self(), name);
}

/* ---- A mock cluster at a chosen port ------------------------------------
 * librdkafka 2.0.2's mock brokers bind 127.0.0.1 port 0 (rd_kafka_mock_cluster_new
 * has no port parameter) and advertise whatever port the kernel chose. To put a
 * one-broker cluster at a known port, this file defines bind(): while the calling
 * thread is inside ckafka_mock_cluster_new_at_port(), an AF_INET bind to port 0 is
 * given the requested port; every other call goes straight to libc's bind(). The
 * mock creates its listener on the calling thread, and re-creates it after
 * set_down with the port it got, so the broker keeps the port for its lifetime. */

#include <dlfcn.h>
#include <errno.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

static __thread uint16_t ckafka_bind_port = 0;

typedef int (*ckafka_bind_fn)(int, const struct sockaddr *, socklen_t);

int bind(int fd, const struct sockaddr *addr, socklen_t len) {
    static ckafka_bind_fn libc_bind = NULL;
    if (!libc_bind)
        libc_bind = (ckafka_bind_fn)dlsym(RTLD_NEXT, "bind");
    if (ckafka_bind_port != 0 && addr && addr->sa_family == AF_INET &&
        len >= (socklen_t)sizeof(struct sockaddr_in) &&
        ((const struct sockaddr_in *)addr)->sin_port == 0) {
        struct sockaddr_in chosen = *(const struct sockaddr_in *)addr;
        chosen.sin_port = htons(ckafka_bind_port);
        return libc_bind(fd, (const struct sockaddr *)&chosen, sizeof(chosen));
    }
    return libc_bind(fd, addr, len);
}

struct rd_kafka_mock_cluster_s *ckafka_mock_cluster_new_at_port(struct rd_kafka_s *rk, uint16_t port) {
    /* librdkafka 2.0.2 asserts (aborts) when a mock broker cannot bind, so the port
     * is tried first, the same way the mock binds it (SO_REUSEADDR, 127.0.0.1). */
    struct sockaddr_in probe = {.sin_family = AF_INET, .sin_port = htons(port),
                                .sin_addr = {.s_addr = htonl(INADDR_LOOPBACK)}};
    int on = 1;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return NULL;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (bind(fd, (const struct sockaddr *)&probe, sizeof(probe)) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return NULL;
    }
    close(fd);
    ckafka_bind_port = port;
    rd_kafka_mock_cluster_t *cluster = rd_kafka_mock_cluster_new(rk, 1);
    ckafka_bind_port = 0;
    return cluster;
}
