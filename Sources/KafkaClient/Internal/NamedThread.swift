internal import CKafkaShim
import Foundation

/// Starts a dedicated thread whose name shows in `top -H`, `ps -L` and debuggers.
///
/// Foundation's `Thread.name` does not reach the kernel on Linux, so the thread names itself
/// with `pthread_setname_np` first (through the C shim). Linux keeps at most 15 bytes of a name.
enum NamedThread {
    static func start(_ name: String, _ body: @escaping @Sendable () -> Void) {
        precondition(name.utf8.count <= 15, "thread names are limited to 15 bytes on Linux")
        let thread = Thread {
            _ = ckafka_set_current_thread_name(name)
            body()
        }
        thread.name = name
        thread.start()
    }
}
