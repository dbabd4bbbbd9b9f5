import ReadinessWorker

extension DaemonConfiguration {
    /// The pipeline's settings (`processing.*`, the topics). `uncommittedStartsAtEarliest` is left
    /// to ``WorkerAssembly``, which reads it from the consumer's properties.
    var pipeline: PipelineConfiguration {
        PipelineConfiguration(
            requestsTopic: requestsTopic, responsesTopic: responsesTopic, rejectionsTopic: rejectionsTopic,
            maximumMessageBytes: maximumMessageBytes, maximumInFlight: maximumInFlight, lanes: lanes,
            cachedResponses: responseCacheEntries,
            commitInterval: .milliseconds(commitIntervalMilliseconds),
            drainTimeout: .seconds(drainTimeoutSeconds),
            produceFailureExitAfter: .seconds(produceFailureExitAfterSeconds),
            intakeStallAfter: intakeStallSeconds > 0 ? .seconds(intakeStallSeconds) : nil)
    }
}
