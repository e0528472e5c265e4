package dev.floe.controlplane.api;

/** Strong ETags made from an entity's version, and the {@code If-Match} check that guards updates. */
public final class Etags {

    private Etags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** Fails with 412 unless {@code ifMatch} is absent, {@code *}, or names {@code currentVersion}. */
    public static void requireMatch(String ifMatch, long currentVersion) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return;
        }
        String current = of(currentVersion);
        for (String candidate : ifMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(current)) {
                return;
            }
        }
        throw ApiException.staleVersion(ifMatch, current);
    }
}
