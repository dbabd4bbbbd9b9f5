import ReadinessContract
@testable import ReadinessRegistry
import Testing

/// The responder's answer cache: a repeated question is answered from the cache, and a
/// cached answer is byte for byte what a fresh evaluation writes — also when the time of
/// the repeat falls outside the window the first answer held for, and after a reload.
@Suite("Response cache")
struct ReadinessResponderTests {
    /// Catalog `c` published 2026-06-01T12:00:00Z (fresh for a day, expired after a week);
    /// tenant `t`'s entitlement expires on 2026-06-05, tenant `u`'s pin names a yanked version.
    static let registry = #"""
        "service":{"status":"available"},
        "catalogs":{"c":{"version":"v1","published_at":"2026-06-01T12:00:00Z","packs":["p","q"]},
                    "d":{"version":"v2","published_at":"2026-05-20T00:00:00Z","packs":["p"]}},
        "packs":{"p":{"latest":"1","versions":{"1":{},"0":{"yanked":true}}},"q":{"latest":"2","versions":{"2":{}}}},
        "tenants":{"t":{"catalog_scopes":["c","d"],"entitlement":{"status":"active","packs":["p","q"],"expires_at":"2026-06-05T00:00:00Z"},
                        "approvals":{"p":"approved","q":"pending"}},
                   "u":{"catalog_scopes":["c"],"pins":{"p":"0"}}}
        """#

    static let questions: [ReadinessRequest] = [
        ReadinessRequest(tenantID: "t", correlationID: "a", catalogScope: "c", policyPackRefs: [], requiredChecks: .all),
        ReadinessRequest(tenantID: "t", correlationID: "b", catalogScope: "c", policyPackRefs: ["p"], requiredChecks: .all),
        ReadinessRequest(tenantID: "t", correlationID: "c", catalogScope: "d", policyPackRefs: ["q", "x"], requiredChecks: .all),
        ReadinessRequest(tenantID: "u", correlationID: "d", catalogScope: "c", policyPackRefs: [], requiredChecks: .all),
        ReadinessRequest(tenantID: "nobody", correlationID: "e", catalogScope: "c", policyPackRefs: [],
                         requiredChecks: [.catalogFreshness, .entitlementScope]),
    ]

    /// Times that cross the freshness, expiry and entitlement-warning boundaries, in order and back.
    static let times = [
        "2026-06-01T12:00:00Z", "2026-06-02T11:59:59Z", "2026-06-02T12:00:00Z", "2026-06-02T12:00:00.000000001Z",
        "2026-06-03T00:00:00Z", "2026-06-04T23:59:59Z", "2026-06-05T00:00:00Z", "2026-06-08T12:00:00Z",
        "2026-06-08T12:00:00.5Z", "2026-06-02T00:00:00Z",
    ]

    /// The response value `responder` writes for `request` at `time`.
    static func answer(_ responder: ReadinessResponder, _ request: ReadinessRequest, _ evaluator: ReadinessEvaluator,
                       at time: String) throws -> [UInt8] {
        let writer = JSONWriter()
        responder.respond(to: request, evaluator: evaluator, now: try #require(RFC3339.parse(time)), into: writer)
        return writer.bytes
    }

    /// Expects `cached` to answer `request` at `time` exactly as a fresh evaluation does, `repeats` times in a row.
    static func expectSameAsFresh(_ cached: ReadinessResponder, _ request: ReadinessRequest, _ evaluator: ReadinessEvaluator,
                                  at time: String, repeats: Int = 1,
                                  sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = try answer(ReadinessResponder(capacity: 0), request, evaluator, at: time)
        for _ in 0..<repeats {
            #expect(try answer(cached, request, evaluator, at: time) == expected,
                    "\(request.correlationID) at \(time)", sourceLocation: sourceLocation)
        }
    }

    @Test("repeated questions are served from the cache, byte for byte as evaluated afresh, across time boundaries")
    func cachedAnswersMatchFreshOnes() throws {
        let evaluator = ReadinessEvaluator(snapshot: try snapshot(Self.registry))
        let cached = ReadinessResponder(capacity: 100)
        for round in 0..<3 {
            for time in Self.times {
                for (index, question) in Self.questions.enumerated() {
                    var request = question
                    request.correlationID = "\(question.correlationID)-\(round)-\(index)"  // differs on every repeat
                    try Self.expectSameAsFresh(cached, request, evaluator, at: time)
                }
            }
        }
        #expect(cached.hits > 0)
        #expect(cached.hits + cached.misses == 3 * Self.times.count * Self.questions.count)
    }

    @Test("a cache smaller than the set of questions evicts older answers and still answers correctly")
    func fullCacheEvicts() throws {
        let evaluator = ReadinessEvaluator(snapshot: try snapshot(Self.registry))
        let cached = ReadinessResponder(capacity: 2)
        // Each question three times in a row: the second asking is kept, the third is a hit,
        // although five questions keep displacing each other from two slots.
        for _ in 0..<4 {
            for question in Self.questions {
                try Self.expectSameAsFresh(cached, question, evaluator, at: noon, repeats: 3)
            }
        }
        #expect(cached.hits >= 4 * Self.questions.count)
        #expect(cached.hits + cached.misses == 4 * 3 * Self.questions.count)
        #expect(cached.count == 2)
    }

    @Test("a question asked once is not kept; asked again it is, and then answered from the cache")
    func onlyRepeatedQuestionsAreKept() throws {
        let evaluator = ReadinessEvaluator(snapshot: try snapshot(Self.registry))
        let cached = ReadinessResponder(capacity: 100_000)
        let questions = (0..<100).map {
            ReadinessRequest(tenantID: "t", correlationID: "q\($0)", catalogScope: "c", policyPackRefs: ["p", "r\($0)"],
                             requiredChecks: .all)
        }
        for question in questions { try Self.expectSameAsFresh(cached, question, evaluator, at: noon) }
        #expect(cached.count == 0)
        #expect(cached.hits == 0)
        // Twice in a row, so no other question can displace its fingerprint in between.
        for question in questions { try Self.expectSameAsFresh(cached, question, evaluator, at: noon, repeats: 2) }
        #expect(cached.count == questions.count)
        let hitsBefore = cached.hits
        for question in questions { try Self.expectSameAsFresh(cached, question, evaluator, at: noon) }
        #expect(cached.hits - hitsBefore == questions.count)
    }

    @Test("on one-off questions the cache rests, and answers stay exact meanwhile")
    func restsOnOneOffQuestions() throws {
        let evaluator = ReadinessEvaluator(snapshot: try snapshot(Self.registry))
        let cached = ReadinessResponder(capacity: 1_000)
        let fresh = ReadinessResponder(capacity: 0)
        let question = Self.questions[1]
        for index in 0..<CacheRest.window {  // a window of distinct questions: no hit at all
            var request = question
            request.policyPackRefs = ["p", "one-off-\(index)"]
            #expect(try Self.answer(cached, request, evaluator, at: noon) == (try Self.answer(fresh, request, evaluator, at: noon)))
        }
        #expect(cached.rests == 1)
        // Resting: a repeated question is answered afresh (no hit) and correctly.
        try Self.expectSameAsFresh(cached, question, evaluator, at: noon, repeats: 5)
        #expect(cached.hits == 0)
        // Requests answered while resting are not lookups (the bench's and metrics' hit rate).
        #expect(cached.lookups == CacheRest.window)
        #expect(cached.hits + cached.misses == CacheRest.window + 5)
    }

    @Test("the required checks' order is part of the question")
    func checkOrderIsPartOfTheKey() throws {
        let evaluator = ReadinessEvaluator(snapshot: try snapshot(Self.registry))
        let cached = ReadinessResponder(capacity: 100)
        var forward = Self.questions[1]
        forward.requiredChecks = [.catalogFreshness, .approvalState]
        var backward = forward
        backward.requiredChecks = [.approvalState, .catalogFreshness]
        try Self.expectSameAsFresh(cached, forward, evaluator, at: noon, repeats: 3)
        try Self.expectSameAsFresh(cached, backward, evaluator, at: noon, repeats: 3)
        #expect(cached.count == 2)
    }

    @Test("answers cached for one snapshot are not served for the next")
    func reloadClearsTheCache() throws {
        let before = ReadinessEvaluator(snapshot: try snapshot(Self.registry))
        let after = ReadinessEvaluator(snapshot: try snapshot(
            Self.registry.replacingOccurrences(of: #""status":"available""#, with: #""status":"unavailable""#)))
        let cached = ReadinessResponder(capacity: 100)
        let fresh = ReadinessResponder(capacity: 0)
        let question = Self.questions[0]
        try Self.expectSameAsFresh(cached, question, before, at: noon, repeats: 3)  // kept at the second asking
        let reloaded = try Self.answer(cached, question, after, at: noon)
        #expect(reloaded == (try Self.answer(fresh, question, after, at: noon)))
        #expect(reloaded != (try Self.answer(fresh, question, before, at: noon)))
        #expect(cached.hits == 1)
    }

    @Test("a snapshot loaded where a released one lived is never served the released one's answers")
    func snapshotAtAReusedAddressStartsAfresh() throws {
        let registries = [
            Self.registry,
            Self.registry.replacingOccurrences(of: #""status":"available""#, with: #""status":"unavailable""#),
        ]
        let cached = ReadinessResponder(capacity: 100)
        let fresh = ReadinessResponder(capacity: 0)
        let question = Self.questions[0]
        var stale = 0
        // Each snapshot is released before the next is loaded, so the allocator hands the next one the
        // same address again and again; the registries alternate, so a reused answer is a wrong one.
        for round in 0..<10_000 {
            let evaluator = ReadinessEvaluator(snapshot: try snapshot(registries[round % 2]))
            for _ in 0..<2 {
                let answer = try Self.answer(cached, question, evaluator, at: noon)
                if answer != (try Self.answer(fresh, question, evaluator, at: noon)) { stale += 1 }
            }
        }
        #expect(stale == 0, "answers from a released snapshot served \(stale) times")
    }
}
