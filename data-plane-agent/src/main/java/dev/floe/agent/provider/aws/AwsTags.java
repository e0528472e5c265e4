package dev.floe.agent.provider.aws;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Tags are how the aws provider finds its resources again: every resource carries the cluster id. */
final class AwsTags {

    static final String CLUSTER_ID = "floe:cluster-id";
    static final String NODE_ID = "floe:node-id";
    static final String LISTENER_PORT = "floe:listener-port";
    static final String ZONE = "floe:zone";

    private AwsTags() {
    }

    static List<Tag> ec2(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    static TagSpecification spec(ResourceType type, Map<String, String> tags) {
        return TagSpecification.builder().resourceType(type).tags(ec2(tags)).build();
    }

    static Filter cluster(String clusterId) {
        return Filter.builder().name("tag:" + CLUSTER_ID).values(clusterId).build();
    }

    static String value(List<Tag> tags, String key) {
        return tags.stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst().orElse(null);
    }
}
