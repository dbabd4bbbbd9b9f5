import ReadinessContract

/// Evaluates validated requests and writes their response JSON, reusing
/// earlier answers to the same question.
///
/// A response depends on the snapshot, the tenant, the scope, the refs, the
/// required checks and — only through a few time comparisons — the evaluation
/// time. The responder keeps each answer's encoded body (everything but the
/// correlation id and `checked_at`) together with the window of times over
/// which it holds (``ValidityWindow``), and splices the two per-request values
/// into it on a repeat. Fleets re-checked over and over mostly hit this cache;
/// a cached answer is byte-for-byte what a fresh evaluation would write.
///
/// What it costs: only answers to questions asked at least twice recently are
/// kept (``CacheAdmission``), so a stream of one-off questions pays a key and a
/// hash per request, not a cache entry. Kept answers live in a two-way
/// set-associative table indexed by the key's hash: a lookup reads two slots,
/// a new answer replaces the older of its set, and each answer is one
/// allocation (key and body together). A `Dictionary` of buckets cost a
/// SipHash, an array per bucket and a wholesale clear when full, about a fifth
/// of a request's instructions on diverse traffic. When hits are too rare to
/// pay for the lookups, the cache rests for a while (``CacheRest``).
///
/// One responder per worker thread (it holds scratch state); not thread-safe.
public final class ReadinessResponder {
    /// One kept answer: `bytes` holds the question's key, then the response body.
    struct Entry {
        var hash: UInt64
        var bytes: [UInt8]
        var keyCount: Int
        /// Where the correlation id and the timestamp are spliced in (offsets into `bytes`).
        var middle: Int
        var tail: Int
        var validity: ValidityWindow
        var status: ReadinessStatus
    }

    /// The scratch response a miss is evaluated into.
    public let response = ReadinessResponse()
    /// At most this many answers are kept (rounded up to an even number; 0 disables caching).
    public let capacity: Int
    /// Answers served from the cache.
    public private(set) var hits = 0
    /// Answers evaluated afresh.
    public private(set) var misses = 0
    /// Answers looked up in the cache (``hits`` among them); requests answered while the cache
    /// is off or resting are not looked up.
    public private(set) var lookups = 0
    /// Answers kept now.
    public private(set) var count = 0
    /// Times the cache went to rest because too few lookups hit.
    public var rests: Int { rest.rests }

    /// `sets` pairs of slots. Manually allocated: a stored array would be checked for uniqueness
    /// and exclusive access on every read and write of the hot path.
    private let slots: UnsafeMutablePointer<Entry?>
    private let sets: Int
    private var admission: CacheAdmission
    private var rest = CacheRest()
    /// The snapshot the kept answers were evaluated against. Held strongly: an identity that did not
    /// keep its snapshot alive could be taken by a new snapshot allocated at the freed one's address,
    /// which would then be served the old snapshot's answers.
    private var snapshot: RegistrySnapshot?
    private let key = ByteBuffer(capacity: 512)
    private let scratch = JSONWriter(capacity: 4096)

    /// Creates a responder keeping at most `capacity` answers.
    public init(capacity: Int = 20_000) {
        self.capacity = max(capacity, 0)
        sets = (self.capacity + 1) / 2
        slots = .allocate(capacity: 2 * sets)
        slots.initialize(repeating: nil, count: 2 * sets)
        admission = CacheAdmission(slots: 2 * self.capacity)
    }

    deinit {
        slots.deinitialize(count: 2 * sets)
        slots.deallocate()
    }

    /// Writes the response value for `request` at `now` into `writer`; returns its readiness status.
    @discardableResult
    public func respond(to request: ReadinessRequest, evaluator: ReadinessEvaluator, now: Timestamp,
                        into writer: JSONWriter) -> ReadinessStatus {
        guard sets > 0, !rest.isResting() else { return evaluate(request, evaluator: evaluator, now: now, into: writer) }
        if snapshot !== evaluator.snapshot {
            clear()
            snapshot = evaluator.snapshot
        }
        lookups += 1
        buildKey(request)
        let hash = key.withBytes { ByteHash.hash($0) }
        let first = 2 * Int(truncatingIfNeeded: hash.multipliedFullWidth(by: UInt64(sets)).high)
        let found = find(hash, from: first)
        if let slot = found, slots[slot]!.validity.contains(now) {
            hits += 1
            rest.record(hit: true)
            let status = slots[slot]!.status
            write(slots[slot]!, correlationID: request.correlationID, now: now, into: writer)
            return status
        }
        rest.record(hit: false)
        guard admission.admits(hash) else { return evaluate(request, evaluator: evaluator, now: now, into: writer) }
        misses += 1
        evaluator.evaluate(request, at: now, into: response)
        let entry = encodeEntry(hash: hash)
        write(entry, correlationID: request.correlationID, now: now, into: writer)
        store(entry, replacing: found, from: first)
        return entry.status
    }

    /// Evaluates and encodes without the cache.
    private func evaluate(_ request: ReadinessRequest, evaluator: ReadinessEvaluator, now: Timestamp,
                          into writer: JSONWriter) -> ReadinessStatus {
        misses += 1
        evaluator.evaluate(request, at: now, into: response)
        response.encode(into: writer)
        return response.readinessStatus
    }

    /// Tenant, scope, refs and checks, separated by bytes that never occur in UTF-8.
    private func buildKey(_ request: ReadinessRequest) {
        key.removeAll()
        key.append(request.tenantID)
        key.append(0xFF)
        key.append(request.catalogScope)
        for ref in request.policyPackRefs {
            key.append(0xFF)
            key.append(ref)
        }
        key.append(0xFE)
        withUnsafeBytes(of: request.requiredChecks.packedValue.littleEndian) {
            key.append($0.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// The slot of set `first` holding the current key, if any.
    private func find(_ hash: UInt64, from first: Int) -> Int? {
        key.withBytes { current in
            for slot in first..<first + 2 {
                guard let entry = slots[slot], entry.hash == hash, entry.keyCount == current.count else { continue }
                let equal = entry.bytes.withUnsafeBufferPointer {
                    current.isEmpty || memcmpEqual($0.baseAddress!, current.baseAddress!, current.count)
                }
                if equal { return slot }
            }
            return nil
        }
    }

    /// The key and the just-evaluated ``response``'s body as one entry.
    private func encodeEntry(hash: UInt64) -> Entry {
        scratch.reset()
        key.withBytes { scratch.buffer.append($0) }
        response.encodeHead(into: scratch)
        let middle = scratch.count
        response.encodeMiddle(into: scratch)
        let tail = scratch.count
        response.encodeTail(into: scratch)
        return Entry(hash: hash, bytes: scratch.bytes, keyCount: key.count, middle: middle, tail: tail,
                     validity: response.validity, status: response.readinessStatus)
    }

    /// Writes `entry`'s body with this request's correlation id and time spliced in.
    private func write(_ entry: borrowing Entry, correlationID: String, now: Timestamp, into writer: JSONWriter) {
        entry.bytes.withUnsafeBufferPointer { bytes in
            writer.raw(UnsafeBufferPointer(rebasing: bytes[entry.keyCount..<entry.middle]))
            writer.string(correlationID)
            writer.raw(UnsafeBufferPointer(rebasing: bytes[entry.middle..<entry.tail]))
            writer.timestamp(now)
            writer.raw(UnsafeBufferPointer(rebasing: bytes[entry.tail...]))
        }
    }

    /// Keeps `entry` in set `first`: in place of `stale` (the slot of an outdated answer to the same
    /// question, as found by the lookup), else in the first slot, the set's older answer moving to
    /// the second (and the second dropped).
    private func store(_ entry: Entry, replacing stale: Int?, from first: Int) {
        if let slot = stale {
            slots[slot] = entry
            return
        }
        if slots[first + 1] == nil { count += 1 }
        slots[first + 1] = slots[first].take()
        slots[first] = entry
    }

    private func clear() {
        for slot in 0..<2 * sets { slots[slot] = nil }
        count = 0
    }
}

