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
    }

    /// The scratch response a miss is evaluated into.
    public let response = ReadinessResponse()
    /// At most this many answers are kept (0 disables caching); the cache starts over when full.
    public let capacity: Int
    /// Answers served from the cache.
    public private(set) var hits = 0
    /// Answers evaluated afresh.
    public private(set) var misses = 0

    private var entries: [UInt64: [Entry]] = [:]
    private var entryCount = 0
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
            entries.removeAll(keepingCapacity: true)
            entryCount = 0
            snapshot = identity
        }
        buildKey(request)
        let hash = key.withBytes { ByteHash.hash($0) }
        if let entry = lookup(hash), entry.validity.contains(now) {
            hits += 1
            entry.body.withUnsafeBufferPointer { body in
                writer.raw(UnsafeBufferPointer(rebasing: body[..<entry.middle]))
                writer.string(request.correlationID)
                writer.raw(UnsafeBufferPointer(rebasing: body[entry.middle..<entry.tail]))
                writer.timestamp(now)
                writer.raw(UnsafeBufferPointer(rebasing: body[entry.tail...]))
            }
            return entry.status
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
            writer.timestamp(now)
            writer.raw(UnsafeBufferPointer(rebasing: body[tail...]))
        }
        store(Entry(key: key.bytes, body: scratch.bytes, middle: middle, tail: tail,
                    validity: response.validity, status: response.readinessStatus), hash: hash)
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

    private func lookup(_ hash: UInt64) -> Entry? {
        guard let bucket = entries[hash] else { return nil }
        return key.withBytes { current in
            bucket.first { entry in
                entry.key.count == current.count && entry.key.withUnsafeBufferPointer {
                    current.count == 0 || memcmp($0.baseAddress!, current.baseAddress!, current.count) == 0
                }
            }
        }
    }

    private func store(_ entry: Entry, hash: UInt64) {
        if entryCount >= capacity {
            entries.removeAll(keepingCapacity: true)
            entryCount = 0
        }
        var bucket = entries[hash] ?? []
        if let index = bucket.firstIndex(where: { $0.key == entry.key }) {
            bucket[index] = entry
        } else {
            bucket.append(entry)
            entryCount += 1
        }
        entries[hash] = bucket
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
