// System library shim: exposes Debian's librdkafka-dev (2.0.2) headers to Swift.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
