@testable import ReadinessRegistry
import Testing

/// The response cache's admission filter: a question is admitted at its second asking.
@Suite("Cache admission")
struct CacheAdmissionTests {
    @Test("a hash is refused the first time and admitted the second")
    func secondAskingIsAdmitted() {
        var admission = CacheAdmission(slots: 4_096)
        let hashes: [UInt64] = (1...1_000).map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 }
        for hash in hashes { #expect(admission.admits(hash) == false) }
        // 1,000 distinct low bits in 4,096 slots may share slots; asked twice in a row, each is admitted.
        for hash in hashes {
            _ = admission.admits(hash)
            #expect(admission.admits(hash) == true)
        }
    }

    @Test("hashes sharing a slot displace each other; a zero hash is not mistaken for an empty slot")
    func sharedSlotsAndZero() {
        var admission = CacheAdmission(slots: 1)  // rounded up to 1,024 slots
        let first: UInt64 = 0x0000_0001_0000_0007
        let second: UInt64 = 0x0000_0002_0000_0007  // same slot (low bits), another fingerprint
        #expect(admission.admits(first) == false)
        #expect(admission.admits(second) == false)
        #expect(admission.admits(first) == false)  // displaced by `second`
        #expect(admission.admits(first) == true)
        #expect(admission.admits(0) == false)
        #expect(admission.admits(0) == true)
    }
}
