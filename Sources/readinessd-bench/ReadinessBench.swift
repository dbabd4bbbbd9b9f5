import CAllocationCounter
import ReadinessContract
import ReadinessRegistry

#if canImport(Glibc)
import Glibc
#endif

/// `readinessd-bench`: validate + evaluate + encode throughput on one core.
///
/// Usage: `readinessd-bench [requests] [rounds]` (defaults 200000 and 5), or
/// `readinessd-bench escaped-keys [parses] [rounds]` (defaults 20 and 5) for the parser's
/// cost of escaped against plain keys (``EscapedKeyBench``).
/// Environment: `BENCH_CACHE` (response-cache entries, default 20000; 0 = off),
/// `BENCH_TENANTS` (registry size, default 10000), `BENCH_PHASES=0` (skip the
/// per-phase costs, e.g. to profile only the main loop under callgrind).
/// Prints requests/s per core (best and median round) and heap allocations per request.
@main
struct ReadinessBench {
    static func main() throws {
        let arguments = CommandLine.arguments
        if arguments.count > 1, arguments[1] == "escaped-keys" {
            EscapedKeyBench.run(parses: arguments.count > 2 ? Int(arguments[2]) ?? 20 : 20,
                                rounds: arguments.count > 3 ? Int(arguments[3]) ?? 5 : 5)
            return
        }
        let count = arguments.count > 1 ? Int(arguments[1]) ?? 200_000 : 200_000
        let rounds = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5
        let tenantCount = Int(getenv("BENCH_TENANTS").map { String(cString: $0) } ?? "") ?? 10_000
        let registry = try SyntheticRegistry(tenants: tenantCount, packs: 60, scopes: 12)
        let loadStart = monotonicNanoseconds()
        let snapshot = try SnapshotLoader.load(path: registry.snapshotPath)
        let loadSeconds = Double(monotonicNanoseconds() - loadStart) / 1e9
        let requests = RequestMix.make(count: count, tenants: registry.tenants, scopes: registry.scopes, packs: registry.packs)
        let evaluator = ReadinessEvaluator(snapshot: snapshot)
        var validator = RequestValidator()
        let cacheEntries = Int(getenv("BENCH_CACHE").map { String(cString: $0) } ?? "") ?? 20_000
        let responder = ReadinessResponder(capacity: cacheEntries)
        let writer = JSONWriter(capacity: 1 << 16)
        let now = RFC3339.parse("2026-06-02T12:00:00Z")!
        var accepted = 0, outputBytes = 0
        var rates: [Double] = []
        var allocationsPerRequest = 0.0

        print("registry: \(registry.tenants) tenants, \(registry.packs) packs, \(registry.scopes) scopes; loaded in \(format(loadSeconds * 1000)) ms")
        print("requests: \(count) per round (\(requests.filter { $0 == nil }.count) tombstones), \(rounds) rounds, one thread")
        for round in 0...rounds {
            accepted = 0; outputBytes = 0
            let allocationsBefore = readinessd_allocation_count()
            let start = monotonicNanoseconds()
            let cpuStart = threadCPUNanoseconds()
            for (index, value) in requests.enumerated() {
                writer.reset()
                let outcome: ValidationOutcome
                if let value {
                    outcome = value.withUnsafeBytes { validator.validate($0) }
                } else {
                    outcome = validator.validate(nil)
                }
                switch outcome {
                case .accepted(let request):
                    accepted += 1
                    responder.respond(to: request, evaluator: evaluator, now: now, into: writer)
                case .rejected(let rejection):
                    let source = RejectionSource.kafka(topic: "policy-registry-readiness.requests", partition: Int32(index % 6),
                                                       offset: Int64(index), timestampMilliseconds: 1_780_358_400_000)
                    if let value {
                        value.withUnsafeBytes { RejectionEncoder.encode(rejection, payload: $0, source: source, rejectedAt: now, into: writer) }
                    } else {
                        RejectionEncoder.encode(rejection, payload: nil, source: source, rejectedAt: now, into: writer)
                    }
                }
                outputBytes += writer.count
            }
            let seconds = Double(monotonicNanoseconds() - start) / 1e9
            let cpuSeconds = Double(threadCPUNanoseconds() - cpuStart) / 1e9
            let allocations = readinessd_allocation_count() - allocationsBefore
            if round == 0 { continue }  // warm-up
            rates.append(Double(count) / cpuSeconds)
            allocationsPerRequest = Double(allocations) / Double(count)
            print("round \(round): \(format(Double(count) / cpuSeconds / 1000)) k requests/s of CPU time (\(format(cpuSeconds * 1e9 / Double(count))) ns/request; wall clock \(format(Double(count) / seconds / 1000)) k/s)")
        }
        if getenv("BENCH_PHASES").map({ String(cString: $0) }) != "0" {
            phaseCosts(requests: requests, evaluator: evaluator, now: now)
        }
        rates.sort()
        let answered = responder.hits + responder.misses
        print("response cache: \(cacheEntries) entries per thread (BENCH_CACHE), \(format(Double(responder.hits) * 100 / Double(max(1, responder.lookups))))% of lookups hit; "
              + "\(format(Double(responder.lookups) * 100 / Double(max(1, answered))))% of answers looked up (the rest while it rested: \(responder.rests) rests)")
        print("accepted: \(accepted) of \(count) (\(format(Double(accepted) * 100 / Double(count)))%), output \(outputBytes / count) bytes/request")
        print("RESULT requests/s per core (CPU time): best \(Int(rates.last!)), median \(Int(rates[rates.count / 2]))")
        print("RESULT heap allocations per request: \(format(allocationsPerRequest))")
    }

    /// Prints the CPU cost of each phase on its own (parse, validate, evaluate, encode).
    static func phaseCosts(requests: [[UInt8]?], evaluator: ReadinessEvaluator, now: Timestamp) {
        var parser = StrictJSONParser()
        var validator = RequestValidator()
        let response = ReadinessResponse()
        let writer = JSONWriter(capacity: 1 << 16)
        func measure(_ name: String, _ body: () -> Void) {
            let start = threadCPUNanoseconds()
            body()
            let nanoseconds = Double(threadCPUNanoseconds() - start) / Double(requests.count)
            print("phase \(name): \(format(nanoseconds)) ns/request (averaged over all requests)")
        }
        measure("parse") {
            for case let value? in requests { _ = value.withUnsafeBytes { parser.parse($0) } }
        }
        var accepted: [ReadinessRequest] = []
        measure("parse+validate") {
            for case let value? in requests {
                if case .accepted(let request) = value.withUnsafeBytes({ validator.validate($0) }) { accepted.append(request) }
            }
        }
        accepted.removeAll(keepingCapacity: true)
        for case let value? in requests {
            if case .accepted(let request) = value.withUnsafeBytes({ validator.validate($0) }) { accepted.append(request) }
        }
        measure("evaluate") {
            for request in accepted { evaluator.evaluate(request, at: now, into: response) }
        }
        measure("evaluate+encode") {
            for request in accepted {
                writer.reset()
                evaluator.evaluate(request, at: now, into: response)
                response.encode(into: writer)
            }
        }
    }

    static func monotonicNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// CPU time consumed by this thread: the per-core cost even on a busy machine.
    static func threadCPUNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    static func format(_ value: Double) -> String {
        let scaled = (value * 10).rounded() / 10
        return String(scaled)
    }
}
