@testable import KafkaClient
import Testing

@Suite("Commit metadata names the cluster of the committed offset")
struct KafkaCommitMetadataTests {
    @Test("the label round-trips; foreign or empty metadata names no cluster")
    func codec() {
        let label = KafkaCommitMetadata.encode(clusterID: "mockCluster1f")
        #expect(label == "cluster.id=mockCluster1f")
        #expect(KafkaCommitMetadata.clusterID(in: label) == "mockCluster1f")
        #expect(KafkaCommitMetadata.encode(clusterID: nil) == nil)
        #expect(KafkaCommitMetadata.clusterID(in: nil) == nil)
        #expect(KafkaCommitMetadata.clusterID(in: "") == nil)
        #expect(KafkaCommitMetadata.clusterID(in: "cluster.id=") == nil)
        #expect(KafkaCommitMetadata.clusterID(in: "written by another client") == nil)
    }

    @Test("a partition list carries each offset's metadata to librdkafka and back")
    func partitionListMetadata() {
        let offsets = [TopicPartitionOffset(topic: "t", partition: 0, offset: 5), TopicPartitionOffset(topic: "t", partition: 1, offset: 7)]
        let list = RDKafkaPartitionList(offsets) { $0.partition == 0 ? "cluster.id=a" : nil }
        #expect(list.offsets == offsets)
        #expect(list.metadata == [TopicPartition(topic: "t", partition: 0): "cluster.id=a"])
    }
}
