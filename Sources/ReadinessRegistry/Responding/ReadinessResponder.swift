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
/// One responder per worker thread (it holds scratch state); not thread-safe.
public final class ReadinessResponder {
    struct Entry {
        var key: [UInt8]
        var body: [UInt8]
        var middle: Int
        var tail: Int
        var validity: ValidityWindow
        var status: ReadinessStatus
        /// The next entry whose key has the same hash, or -1.
        var next: Int = -1
    }

    /// The scratch response a miss is evaluated into.
    public let response = ReadinessResponse()
    /// At most this many answers are kept (0 disables caching); the cache starts over when full.
    public let capacity: Int
    /// Answers served from the cache.
    public private(set) var hits = 0
    /// Answers evaluated afresh.
    public private(set) var misses = 0

    /// The answers, in the order they were stored. A hit is read in place (no copy of the
    /// entry's arrays, no reference counting on the hot path).
    private var entries: [Entry] = []
    /// The first entry of each key hash (entries with equal hashes are chained by `next`).
    private var firstEntry: [UInt64: Int] = [:]
    private var snapshot: ObjectIdentifier?
    private let key = ByteBuffer(capacity: 512)
    private let scratch = JSONWriter(capacity: 4096)

    /// Creates a responder keeping at most `capacity` answers.
    public init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    /// Writes the response value for `request` at `now` into `writer`; returns its readiness status.
    @discardableResult
    public func respond(to request: ReadinessRequest, evaluator: ReadinessEvaluator, now: Timestamp,
                        into writer: JSONWriter) -> ReadinessStatus {
        guard capacity > 0 else {
            evaluator.evaluate(request, at: now, into: response)
            response.encode(into: writer)
            misses += 1
            return response.readinessStatus
        }
        let identity = ObjectIdentifier(evaluator.snapshot)
        if snapshot != identity {
            removeAllEntries()
            snapshot = identity
        }
        buildKey(request)
        let hash = key.withBytes { ByteHash.hash($0) }
        let found = lookup(hash)
        if found >= 0, entries[found].validity.contains(now) {
            hits += 1
            let middle = entries[found].middle, tail = entries[found].tail
            entries[found].body.withUnsafeBufferPointer { body in
                writer.raw(UnsafeBufferPointer(rebasing: body[..<middle]))
                writer.string(request.correlationID)
                writer.raw(UnsafeBufferPointer(rebasing: body[middle..<tail]))
                now.appendUTC(to: writer.buffer)
                writer.raw(UnsafeBufferPointer(rebasing: body[tail...]))
            }
            return entries[found].status
        }
        misses += 1
        evaluator.evaluate(request, at: now, into: response)
        scratch.reset()
        response.encodeHead(into: scratch)
        let middle = scratch.count
        response.encodeMiddle(into: scratch)
        let tail = scratch.count
        response.encodeTail(into: scratch)
        scratch.buffer.withBytes { body in
            writer.raw(UnsafeBufferPointer(rebasing: body[..<middle]))
            writer.string(request.correlationID)
            writer.raw(UnsafeBufferPointer(rebasing: body[middle..<tail]))
            now.appendUTC(to: writer.buffer)
            writer.raw(UnsafeBufferPointer(rebasing: body[tail...]))
        }
        let entry = Entry(key: key.bytes, body: scratch.bytes, middle: middle, tail: tail,
                          validity: response.validity, status: response.readinessStatus)
        if found >= 0 {
            entries[found].replaceAnswer(with: entry)  // same question, answer outside its old window
        } else {
            store(entry, hash: hash)
        }
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
        for check in request.requiredChecks { key.append(check.rawValue) }
    }

    /// The index of the entry whose key is the current ``key``, or -1.
    private func lookup(_ hash: UInt64) -> Int {
        guard var candidate = firstEntry[hash] else { return -1 }
        return key.withBytes { current in
            while candidate >= 0 {
                let matches = entries[candidate].key.withUnsafeBufferPointer { stored in
                    stored.count == current.count
                        && (current.count == 0 || memcmp(stored.baseAddress!, current.baseAddress!, current.count) == 0)
                }
                if matches { return candidate }
                candidate = entries[candidate].next
            }
            return -1
        }
    }

    /// Adds the answer to a question not cached yet; starts over when the cache is full.
    private func store(_ entry: Entry, hash: UInt64) {
        if entries.count >= capacity { removeAllEntries() }
        var entry = entry
        entry.next = firstEntry[hash] ?? -1
        firstEntry[hash] = entries.count
        entries.append(entry)
    }

    private func removeAllEntries() {
        entries.removeAll(keepingCapacity: true)
        firstEntry.removeAll(keepingCapacity: true)
    }
}

extension ReadinessResponder.Entry {
    /// Takes `other`'s answer (body, window, status), keeping this entry's place in its hash chain.
    mutating func replaceAnswer(with other: Self) {
        body = other.body
        middle = other.middle
        tail = other.tail
        validity = other.validity
        status = other.status
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
