package dev.floe.agent.provider.aws;

/** The broker role's documents: assumable by EC2 only; S3 access to the cluster's own bucket and nothing else. */
final class BrokerPolicy {

    static final String POLICY_NAME = "floe-cluster-bucket";

    private BrokerPolicy() {
    }

    static String assumeRole() {
        return """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},\
                "Action":"sts:AssumeRole"}]}""";
    }

    static String bucketAccess(String bucket) {
        return """
                {"Version":"2012-10-17","Statement":[\
                {"Sid":"ListClusterBucket","Effect":"Allow","Action":["s3:ListBucket","s3:GetBucketLocation"],\
                "Resource":"arn:aws:s3:::%1$s"},\
                {"Sid":"ReadWriteClusterObjects","Effect":"Allow","Action":["s3:GetObject","s3:PutObject",\
                "s3:DeleteObject","s3:AbortMultipartUpload","s3:ListMultipartUploadParts"],\
                "Resource":"arn:aws:s3:::%1$s/*"}]}""".formatted(bucket);
    }
}
