extension Rejection {
    /// The rejection that replaces an output Kafka would refuse (contract §9.3): reason
    /// `output_too_large`, `field` null, the usual echoes, and a message naming the output's
    /// size and the limit (and, when Kafka refused it, the error it gave).
    ///
    /// - Parameters:
    ///   - outputBytes: the output's key, value and headers with their record overhead, as compared with the limit.
    ///   - limitBytes: the producer's effective `message.max.bytes`.
    ///   - refusal: the name of the produce error (e.g. `MSG_SIZE_TOO_LARGE`) when Kafka refused the
    ///     output, `nil` when the output was found too large before it was produced.
    public static func outputTooLarge(outputBytes: Int, limitBytes: Int, refusal: String? = nil,
                                      correlationID: String?, tenantID: String?, operation: String?) -> Rejection {
        let message: String
        if let refusal {
            message = "Kafka refused the output of this request (\(refusal)); it is \(outputBytes) bytes "
                + "with key, headers and record overhead, and the producer's message.max.bytes is \(limitBytes)"
        } else {
            message = "the output of this request is \(outputBytes) bytes with key, headers and record overhead, "
                + "more than the producer's message.max.bytes of \(limitBytes)"
        }
        return Rejection(reason: .outputTooLarge, field: nil, message: message,
                         correlationID: correlationID, tenantID: tenantID, operation: operation)
    }
}
