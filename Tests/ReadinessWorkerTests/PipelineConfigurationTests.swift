import Testing
@testable import ReadinessWorker

/// The pipeline's named constants and the retry pause derived from them.
@Suite struct PipelineConfigurationTests {
    let configuration = PipelineConfiguration(requestsTopic: "requests", responsesTopic: "responses",
                                              rejectionsTopic: "rejections")

    @Test func retryPauseDoublesFromTheBackoffUpToTheCeiling() {
        #expect(configuration.retryPause(attempts: 2) == .milliseconds(100))
        #expect(configuration.retryPause(attempts: 3) == .milliseconds(200))
        #expect(configuration.retryPause(attempts: 6) == .milliseconds(1600))
        #expect(configuration.retryPause(attempts: 7) == .milliseconds(3200))
        #expect(configuration.retryPause(attempts: 8) == .seconds(5), "6.4 s is capped at the ceiling")
        #expect(configuration.retryPause(attempts: 1_000) == .seconds(5))
    }

    @Test func namedDefaults() {
        #expect(PipelineConfiguration.defaultCachedResponses == 20_000)
        #expect(configuration.cachedResponses == PipelineConfiguration.defaultCachedResponses)
        #expect(PipelineConfiguration.stopFlushTimeout == .seconds(5))
        #expect(PipelineConfiguration.lostDrainBound == .seconds(3))
        #expect(CommitPolicy.defaultMaximumHold == PipelineConfiguration.commitHoldMaximum)
    }
}
