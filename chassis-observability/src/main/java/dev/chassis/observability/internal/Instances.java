package dev.chassis.observability.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The instance name when none is configured: the host name, found without a DNS lookup. */
public final class Instances {
    private Instances() {}

    /**
     * @param environment the process environment, where {@code HOSTNAME} is looked for first
     */
    public static String resolve(String configured, Map<String, String> environment) {
        if (!configured.isBlank()) {
            return configured;
        }
        String env = environment.get("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII)
                    .strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or not readable: fall through.
        }
        return "localhost";
    }
}
