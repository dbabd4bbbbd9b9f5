// CKafkaShim: the few librdkafka entry points Swift cannot call directly
// (C varargs, and the rd_kafka_vu_t union array used by rd_kafka_produceva).
#ifndef CKAFKASHIM_H
#define CKAFKASHIM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#ifdef __cplusplus
extern "C" {
#endif

/// One message header as passed from Swift: the name is not NUL-terminated
/// (name_len bytes); value == NULL with value_len == -1 denotes a null value.
typedef struct ckafka_header {
    const char *name;
    size_t name_len;
    const void *value;
    ssize_t value_len;
} ckafka_header_t;

/// Produces one message through rd_kafka_produceva() with RD_KAFKA_MSG_F_COPY.
///
/// Headers are copied into an rd_kafka_headers_t list owned by this function
/// and passed as RD_KAFKA_VTYPE_HEADERS (never per-header VTYPE_HEADER, which
/// librdkafka 2.0.2 double-frees on failure). On success librdkafka takes the
/// list over; on failure this function destroys it.
///
/// @param partition RD_KAFKA_PARTITION_UA (-1) lets the partitioner decide.
/// @param key NULL for no key. @param value NULL for a tombstone.
/// @param opaque passed back in the delivery report as rkmessage->_private.
/// @returns RD_KAFKA_RESP_ERR_NO_ERROR or the enqueue error; errstr receives
///          librdkafka's message (never contains payload bytes).
rd_kafka_resp_err_t ckafka_produce(rd_kafka_t *rk,
                                   const char *topic,
                                   int32_t partition,
                                   const void *key,
                                   size_t key_len,
                                   const void *value,
                                   size_t value_len,
                                   const ckafka_header_t *headers,
                                   size_t header_cnt,
                                   void *opaque,
                                   char *errstr,
                                   size_t errstr_size);

/// Pushes cnt (error, rtt_ms) tuples onto a mock broker's error stack for
/// ApiKey, in array order (wraps the varargs
/// rd_kafka_mock_broker_push_request_error_rtts()).
rd_kafka_resp_err_t
ckafka_mock_broker_push_request_error_rtts(rd_kafka_mock_cluster_t *mcluster,
                                           int32_t broker_id,
                                           int16_t api_key,
                                           size_t cnt,
                                           const rd_kafka_resp_err_t *errors,
                                           const int *rtts_ms);

#ifdef __cplusplus
}
#endif

#endif /* CKAFKASHIM_H */
