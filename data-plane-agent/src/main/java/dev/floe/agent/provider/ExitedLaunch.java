package dev.floe.agent.provider;

/**
 * One start of a broker process (its {@code FLOE_LAUNCH_ID}) that the provider has positively seen end, with what it
 * saw ({@code evidence}, for logs).
 */
public record ExitedLaunch(int nodeId, String launchId, String evidence) {
}
