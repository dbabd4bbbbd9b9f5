import Testing

/// Every integration suite runs the daemon as a separate process on an embedded broker.
/// They run one at a time: each starts brokers and daemons that need the machine's two cores.
@Suite(.serialized)
enum IntegrationTests {}
