package dev.floe.agent.provider.aws;

import dev.floe.agent.provider.BrokerIdentities;
import dev.floe.agent.provider.BrokerIdentity;
import dev.floe.agent.provider.IdentitySpec;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/** The broker role (least privilege: its cluster's bucket only) and the instance profile brokers run with. */
final class AwsIdentities implements BrokerIdentities {

    private final IamClient iam;

    AwsIdentities(IamClient iam) {
        this.iam = iam;
    }

    @Override
    public BrokerIdentity ensure(IdentitySpec spec) {
        Role role = AwsErrors.call("GetRole/CreateRole", () -> {
            try {
                return iam.getRole(r -> r.roleName(spec.roleName())).role();
            } catch (NoSuchEntityException missing) {
                return iam.createRole(r -> r.roleName(spec.roleName())
                        .path("/floe/")
                        .description("Floe broker role of cluster " + spec.tags().get("floe:cluster-id"))
                        .assumeRolePolicyDocument(BrokerPolicy.assumeRole())
                        .tags(spec.tags().entrySet().stream()
                                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()))
                        .role();
            }
        });
        // Always (re)written: PutRolePolicy replaces, so a drifted policy is put right on every pass.
        AwsErrors.run("PutRolePolicy", () -> iam.putRolePolicy(r -> r.roleName(spec.roleName())
                .policyName(BrokerPolicy.POLICY_NAME).policyDocument(BrokerPolicy.bucketAccess(spec.bucketName()))));
        var profile = AwsErrors.call("GetInstanceProfile/CreateInstanceProfile", () -> {
            try {
                return iam.getInstanceProfile(r -> r.instanceProfileName(spec.instanceProfileName())).instanceProfile();
            } catch (NoSuchEntityException missing) {
                try {
                    return iam.createInstanceProfile(r -> r.instanceProfileName(spec.instanceProfileName())
                            .path("/floe/")).instanceProfile();
                } catch (EntityAlreadyExistsException raced) {
                    return iam.getInstanceProfile(r -> r.instanceProfileName(spec.instanceProfileName()))
                            .instanceProfile();
                }
            }
        });
        if (profile.roles().stream().noneMatch(r -> r.roleName().equals(spec.roleName()))) {
            AwsErrors.run("AddRoleToInstanceProfile", () -> iam.addRoleToInstanceProfile(r -> r
                    .instanceProfileName(spec.instanceProfileName()).roleName(spec.roleName())));
        }
        return new BrokerIdentity(role.arn(), spec.instanceProfileName(), null, null);
    }

    @Override
    public void delete(IdentitySpec spec) {
        ignoringMissing(() -> iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName(spec.instanceProfileName())
                .roleName(spec.roleName())));
        ignoringMissing(() -> iam.deleteInstanceProfile(r -> r.instanceProfileName(spec.instanceProfileName())));
        ignoringMissing(() -> iam.deleteRolePolicy(r -> r.roleName(spec.roleName())
                .policyName(BrokerPolicy.POLICY_NAME)));
        ignoringMissing(() -> iam.deleteRole(r -> r.roleName(spec.roleName())));
    }

    private static void ignoringMissing(Runnable call) {
        AwsErrors.run("IAM delete", () -> {
            try {
                call.run();
            } catch (NoSuchEntityException gone) {
                // already deleted: the goal is reached
            }
        });
    }
}
