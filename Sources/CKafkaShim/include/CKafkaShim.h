// CKafkaShim: the few librdkafka entry points Swift cannot call directly
// (C varargs, and the rd_kafka_vu_t union array used by rd_kafka_produceva).
#ifndef CKAFKASHIM_H
#define CKAFKASHIM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* librdkafka's opaque handles, forward-declared so this header does not pull
 * rdkafka.h into a second Clang module (Swift sees them via CRDKafka).
 * Error codes are passed as int32_t (rd_kafka_resp_err_t values). */
struct rd_kafka_s;
struct rd_kafka_topic_s;
struct rd_kafka_mock_cluster_s;

#ifdef __cplusplus
extern "C" {
#endif

/// One message header as passed from Swift: the name is not NUL-terminated
/// (name_len bytes; name may be NULL when name_len is 0); value_len == -1
/// denotes a null value, otherwise value_len bytes at value (value may be
/// NULL when value_len is 0: an empty, non-null value).
typedef struct ckafka_header {
    const char *name;
    size_t name_len;
    const void *value;
    ssize_t value_len;
} ckafka_header_t;

/// Produces one message through rd_kafka_produceva().
///
/// Headers are copied into an rd_kafka_headers_t list owned by this function
/// and passed as RD_KAFKA_VTYPE_HEADERS (never per-header VTYPE_HEADER, which
/// librdkafka 2.0.2 double-frees on failure). On success librdkafka takes the
/// list over; on failure this function destroys it.
///
/// @param rkt the topic's handle (rd_kafka_topic_new) when the caller keeps one, else NULL and
///        topic names it (librdkafka then looks the name up under its handle's write lock).
/// @param partition -1 (RD_KAFKA_PARTITION_UA) lets the partitioner decide.
/// @param key_len -1 for no key (key ignored), else key_len bytes at key
///        (key may be NULL when key_len is 0: an empty key).
/// @param value_len -1 for a null value (tombstone), else value_len bytes.
/// @param copy_value non-zero: the value is copied (RD_KAFKA_MSG_F_COPY); zero: librdkafka reads
///        it in place, so it must stay valid and unchanged until the message's delivery report
///        has been served (the key and the headers are always copied).
/// @param opaque passed back in the delivery report as rkmessage->_private.
/// @returns RD_KAFKA_RESP_ERR_NO_ERROR or the enqueue error; errstr receives
///          librdkafka's message (never contains payload bytes).
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
                       size_t errstr_size);

/// Pushes cnt (error, rtt_ms) tuples onto a mock broker's error stack for
/// ApiKey, in array order (wraps the varargs
/// rd_kafka_mock_broker_push_request_error_rtts()).
int32_t ckafka_mock_broker_push_request_error_rtts(
    struct rd_kafka_mock_cluster_s *mcluster,
    int32_t broker_id,
    int16_t api_key,
    size_t cnt,
    const int32_t *errors,
    const int *rtts_ms);

/// Starts a one-broker mock cluster whose broker listens at 127.0.0.1:port (and
/// advertises that port), instead of a kernel-chosen one. NULL when the port cannot
/// be bound (errno tells why) or the cluster cannot start. See CKafkaShim.c for how.
struct rd_kafka_mock_cluster_s *ckafka_mock_cluster_new_at_port(struct rd_kafka_s *rk, uint16_t port);

/// Names the calling thread for `top -H`, `ps -L` and debuggers (Linux keeps
/// at most 15 bytes). Swift's Glibc module does not expose
/// pthread_setname_np(), a GNU extension. Returns 0 or an errno value.
int ckafka_set_current_thread_name(const char *name);

#ifdef __cplusplus
}
#endif

#endif /* CKAFKASHIM_H */
