import KafkaClient
import ReadinessContract

extension ReadinessPipeline {
    /// `failed`, or — when Kafka refused it with an error no retry cures for that message
    /// (``KafkaErrorCode/refusesTheMessageItself``) and it is a large response — the
    /// `output_too_large` rejection that replaces it (contract §9.3), so that it is not produced
    /// again forever and its partition goes on. Smaller outputs are produced again as before: a
    /// record batch refused for a large neighbour's sake goes through without it, and a refusal
    /// of every small output is a cluster problem that the produce watch reports.
    func replacingRefusedResponse(_ failed: FailedOutput, limitBytes: Int) -> FailedOutput {
        guard let code = failed.error?.code, code.refusesTheMessageItself,
              let batch = failed.batch.replacement(for: failed.index, refusal: code, limitBytes: limitBytes, now: .now()),
              let replaced = ledger.replace(failed, with: batch) else { return failed }
        // Counted under readinessd_rejections_total{reason="output_too_large"}; the response it
        // replaces stays counted in readinessd_responses_total (it was evaluated).
        var tally = ProcessingTally()
        tally.countRejection(.outputTooLarge)
        metrics.add(tally)
        logger.warning("Kafka refused a response; it is replaced by an output_too_large rejection", metadata: [
            "error": "\(code.name)", "source_partition": "\(failed.source.partition)",
            "source_offset": "\(failed.sourceOffset)", "limit_bytes": "\(limitBytes)",
        ])
        return replaced
    }
}
