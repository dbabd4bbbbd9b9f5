import Foundation
import ReadinessContract

/// What the service answered to one fleet request, decoded from the
/// responses or rejections topic (only the fields a report needs).
public enum FleetAnswer: Sendable, Hashable {
    /// A contract §4 response.
    case response(Response)
    /// A contract §3.3 rejection event.
    case rejection(Rejection)

    /// The parts of a response a fleet report shows.
    public struct Response: Sendable, Hashable {
        /// `payload.summary.readiness_status`.
        public var readinessStatus: ReadinessStatus
        /// `payload.summary.catalog_status`.
        public var catalogStatus: ReadinessStatus
        /// `payload.summary.latest_catalog_version`.
        public var latestCatalogVersion: String?
        /// `payload.summary.blockers`, in response order.
        public var blockers: [String]
        /// `payload.registry_revision`.
        public var registryRevision: String

        /// Creates a response summary.
        public init(readinessStatus: ReadinessStatus, catalogStatus: ReadinessStatus, latestCatalogVersion: String?,
                    blockers: [String], registryRevision: String) {
            self.readinessStatus = readinessStatus
            self.catalogStatus = catalogStatus
            self.latestCatalogVersion = latestCatalogVersion
            self.blockers = blockers
            self.registryRevision = registryRevision
        }
    }

    /// The parts of a rejection a fleet report shows.
    public struct Rejection: Sendable, Hashable {
        /// `reason`, e.g. `invalid_field`.
        public var reason: String
        /// `field`, the JSON path of the offending member, if any.
        public var field: String?
        /// `message`, the service's explanation.
        public var message: String

        /// Creates a rejection summary.
        public init(reason: String, field: String?, message: String) {
            self.reason = reason
            self.field = field
            self.message = message
        }
    }

    /// Why an output message could not be read as an answer.
    public enum DecodingError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The value is not the JSON shape the topic carries.
        case malformed(topic: String, detail: String)

        /// One line naming the topic.
        public var description: String {
            switch self {
            case .malformed(let topic, let detail):
                "an answer on \(topic) is not a readinessd \(topic.contains("rejection") ? "rejection" : "response") (\(detail)); is another producer writing to that topic?"
            }
        }
    }

    /// Decodes a response value (contract §4).
    public static func response(from value: UnsafeRawBufferPointer, topic: String) throws(DecodingError) -> FleetAnswer {
        do {
            let wire = try JSONDecoder().decode(ResponseWire.self, from: Data(value))
            guard let readiness = ReadinessStatus(named: wire.payload.summary.readiness_status),
                  let catalog = ReadinessStatus(named: wire.payload.summary.catalog_status)
            else { throw DecodingError.malformed(topic: topic, detail: "unknown status") }
            return .response(Response(
                readinessStatus: readiness, catalogStatus: catalog,
                latestCatalogVersion: wire.payload.summary.latest_catalog_version,
                blockers: wire.payload.summary.blockers, registryRevision: wire.payload.registry_revision))
        } catch let error as DecodingError {
            throw error
        } catch {
            throw .malformed(topic: topic, detail: "\(type(of: error))")
        }
    }

    /// Decodes a rejection value (contract §3.3).
    public static func rejection(from value: UnsafeRawBufferPointer, topic: String) throws(DecodingError) -> FleetAnswer {
        do {
            let wire = try JSONDecoder().decode(RejectionWire.self, from: Data(value))
            return .rejection(Rejection(reason: wire.reason, field: wire.field, message: wire.message))
        } catch {
            throw .malformed(topic: topic, detail: "\(type(of: error))")
        }
    }

    private struct ResponseWire: Decodable {
        struct Payload: Decodable {
            var summary: Summary
            var registry_revision: String
        }
        struct Summary: Decodable {
            var readiness_status: String
            var catalog_status: String
            var latest_catalog_version: String?
            var blockers: [String]
        }
        var payload: Payload
    }

    private struct RejectionWire: Decodable {
        var reason: String
        var field: String?
        var message: String
    }
}

extension ReadinessStatus {
    /// The status whose wire name is `name` (`ready`, `degraded`, `blocked`, `unknown`).
    public init?(named name: String) {
        guard let status = ReadinessStatus.allCases.first(where: { $0.description == name }) else { return nil }
        self = status
    }
}
