/// The offsets of one input partition between intake and commit.
///
/// Offsets are registered in increasing order as messages are taken in and
/// acknowledged in any order as their outputs are delivered. The commit
/// position only moves over a contiguous prefix of acknowledged offsets, so a
/// crash never skips an unanswered request (at-least-once).
struct PartitionProgress {
    private var offsets: [Int64] = []
    private var acknowledged: [Bool] = []
    private var head = 0
    /// The next offset to commit once everything before it is acknowledged (last acknowledged prefix + 1).
    private(set) var committablePosition: Int64?
    /// The position last handed out for committing.
    var committedPosition: Int64?

    /// Registered offsets whose outputs are not yet acknowledged.
    var pendingCount: Int { offsets.count - head - acknowledgedInWindow }
    private var acknowledgedInWindow = 0

    /// `true` when the commit position moved past what was last committed.
    var hasNewProgress: Bool {
        guard let committablePosition else { return false }
        return committedPosition.map { committablePosition > $0 } ?? true
    }

    init() {}

    /// Progress of a partition that starts at `position`, a position already answered but maybe
    /// not committed: it counts as new progress, so the committer commits it.
    init(resumingAt position: Int64) {
        committablePosition = position
    }

    mutating func register(_ offset: Int64) {
        offsets.append(offset)
        acknowledged.append(false)
    }

    /// Marks `offset` delivered; returns `true` when the commit position advanced.
    mutating func acknowledge(_ offset: Int64) -> Bool {
        guard let index = find(offset), !acknowledged[index] else { return false }
        acknowledged[index] = true
        acknowledgedInWindow += 1
        guard index == head else { return false }
        while head < offsets.count, acknowledged[head] {
            committablePosition = offsets[head] + 1
            head += 1
            acknowledgedInWindow -= 1
        }
        compact()
        return true
    }

    private func find(_ offset: Int64) -> Int? {
        var low = head, high = offsets.count
        while low < high {
            let middle = (low + high) / 2
            if offsets[middle] < offset { low = middle + 1 } else { high = middle }
        }
        return low < offsets.count && offsets[low] == offset ? low : nil
    }

    private mutating func compact() {
        guard head > 1024, head * 2 > offsets.count else { return }
        offsets.removeFirst(head)
        acknowledged.removeFirst(head)
        head = 0
    }
}
