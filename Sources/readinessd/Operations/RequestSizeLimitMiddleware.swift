import Hummingbird

/// Refuses a request whose body exceeds `maximumBytes` with 413 before any route sees it.
///
/// The listener's routes take no body, but an unread body would still be received and
/// drained; this reads at most `maximumBytes` of it (a declared `Content-Length` above the cap
/// is refused without reading). Header size is capped separately, in the HTTP decoder.
struct RequestSizeLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The largest body accepted.
    let maximumBytes: Int

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > maximumBytes {
            throw HTTPError(.contentTooLarge)
        }
        var request = request
        _ = try await request.collectBody(upTo: maximumBytes)
        return try await next(request, context)
    }
}
