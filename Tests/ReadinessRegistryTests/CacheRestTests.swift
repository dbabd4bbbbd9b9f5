@testable import ReadinessRegistry
import Testing

/// The response cache rests after a window of lookups that hit too rarely, and only then.
@Suite("Cache rest")
struct CacheRestTests {
    @Test("a window with too few hits starts a rest of restLength requests; then a fresh window is judged")
    func restsAfterAPoorWindow() {
        var rest = CacheRest()
        let enough = CacheRest.window / CacheRest.minimumHitShare
        for lookup in 0..<CacheRest.window {
            #expect(rest.isResting() == false)
            rest.record(hit: lookup < enough - 1)  // one hit short of paying
        }
        #expect(rest.rests == 1)
        for _ in 0..<CacheRest.restLength { #expect(rest.isResting() == true) }
        #expect(rest.isResting() == false)
    }

    @Test("a window that pays keeps the cache working")
    func keepsWorkingWhenItPays() {
        var rest = CacheRest()
        let enough = CacheRest.window / CacheRest.minimumHitShare
        for window in 0..<3 {
            for lookup in 0..<CacheRest.window {
                #expect(rest.isResting() == false, "window \(window)")
                rest.record(hit: lookup % CacheRest.window < enough)
            }
        }
        #expect(rest.rests == 0)
    }
}
