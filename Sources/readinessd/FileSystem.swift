#if canImport(Glibc)
import Glibc
#endif

enum FileSystem {
    static func isReadable(_ path: String) -> Bool { access(path, R_OK) == 0 }
}
