import KafkaClient

/// One input message of a fault scenario: raw key, value and headers (any bytes, tombstones included).
struct FaultRequest: Sendable {
    var key: [UInt8]?
    var value: [UInt8]?
    var headers: [KafkaHeader] = []

    init(key: [UInt8]?, value: [UInt8]?, headers: [KafkaHeader] = []) {
        self.key = key
        self.value = value
        self.headers = headers
    }

    init(key: String, text: String?) {
        self.init(key: Array(key.utf8), value: text.map { Array($0.utf8) })
    }
}
