import Testing
@testable import readinessd

/// Parsing librdkafka's statistics JSON: only fetched partitions, unknown values as `nil`.
@Suite("librdkafka statistics parser")
struct ConsumerStatisticsTests {
    /// Shaped like librdkafka 2.0.2's consumer statistics (fields trimmed; unknown ones must be ignored).
    static let document = """
        {"name":"rdkafka#consumer-1","client_id":"rdkafka","type":"consumer","ts":5016483227792,"time":1780358400,
         "replyq":0,"msg_cnt":0,"brokers":{"127.0.0.1:9092/1":{"name":"127.0.0.1:9092/1","nodeid":1,"state":"UP",
           "toppars":{"requests-0":{"topic":"requests","partition":0}}}},
         "topics":{"requests":{"topic":"requests","age":9002,"metadata_age":8001,
           "batchsize":{"min":0,"max":0,"avg":0},
           "partitions":{
             "0":{"partition":0,"broker":1,"leader":1,"desired":true,"unknown":false,"msgq_cnt":0,
                  "fetch_state":"active","query_offset":-1001,"next_offset":1200,"app_offset":1200,
                  "stored_offset":-1001,"committed_offset":1150,"eof_offset":1200,"lo_offset":0,"hi_offset":1480,
                  "ls_offset":1480,"consumer_lag":330,"consumer_lag_stored":1480,"txmsgs":0,"rxmsgs":1200},
             "1":{"partition":1,"broker":1,"leader":1,"desired":true,"fetch_state":"active",
                  "committed_offset":-1001,"hi_offset":-1,"consumer_lag":-1},
             "2":{"partition":2,"broker":1,"leader":1,"desired":false,"fetch_state":"none",
                  "committed_offset":-1001,"hi_offset":900,"consumer_lag":-1},
             "-1":{"partition":-1,"broker":-1,"leader":-1,"desired":false,"fetch_state":"none",
                  "committed_offset":-1001,"consumer_lag":-1}}}},
         "cgrp":{"state":"up","stateage":8003,"join_state":"steady","rebalance_age":8001,"rebalance_cnt":1,
                 "rebalance_reason":"","assignment_size":2}}
        """

    @Test func keepsFetchedPartitionsWithTheirLagAndCommittedOffset() throws {
        let statistics = try ConsumerStatistics.parse(Self.document)
        #expect(statistics.partitions == [
            .init(topic: "requests", partition: 0, committedOffset: 1150, lag: 330),
            .init(topic: "requests", partition: 1, committedOffset: nil, lag: nil),
        ])
    }

    @Test func aDocumentWithoutTopicsHasNoPartitions() throws {
        let statistics = try ConsumerStatistics.parse(#"{"name":"rdkafka#consumer-1","type":"consumer","ts":1}"#)
        #expect(statistics.partitions.isEmpty)
    }

    @Test func notJSONIsAnError() {
        #expect(throws: ConsumerStatistics.ParseError.self) { try ConsumerStatistics.parse("{\"topics\": [") }
        #expect(throws: ConsumerStatistics.ParseError.self) {
            try ConsumerStatistics.parse(#"{"topics":{"t":{"partitions":{"0":{"partition":"zero"}}}}}"#)
        }
    }
}
