package dev.chassis.core.conformance;

import dev.chassis.core.common.Durations;
import dev.chassis.core.config.AdminConfig;
import dev.chassis.core.config.BoundConfig;
import dev.chassis.core.config.LifecycleConfig;
import dev.chassis.core.config.ServerConfig;
import dev.chassis.core.config.ServiceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * What {@code --conformance} prints: the chassis version the service runs on, where its
 * endpoints are, each standard feature on or off with the setting that decides it (and where
 * that was set), and the standard modules the service lacks.
 *
 * <pre>{@code
 * orders-service 1.4.0 on dev.chassis 0.2.0
 *
 * endpoints
 *   /health/live /health/ready /health /info  main port 8080 (admin.port: -1)
 *
 * standard features
 *   on   chassis-core           graceful stop            lifecycle.grace-period: 30s  (default)
 *   off  chassis-observability  access log               observability.access-log.enabled: false  (classpath:application.yaml)
 *
 * switched off: access log
 * not in the service: none
 * }</pre>
 */
public final class ConformanceReport {
    /** The modules every standard service has besides core, with what a service lacks without them. */
    private static final List<String[]> STANDARD_MODULES = List.of(
            new String[] {"chassis-observability", "JSON logs, access log, metrics, tracing"},
            new String[] {"chassis-resilience", "retries, breakers, timeouts and bulkheads on outbound calls"});

    private ConformanceReport() {}

    /** The chassis version of the chassis-core on the class path; {@code unknown} if not written in. */
    public static String chassisVersion() {
        try (InputStream in = ConformanceReport.class.getResourceAsStream("/dev/chassis/core/chassis.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The report for this configuration and these contributions. */
    public static String of(BoundConfig config, Collection<StandardFeatures> contributions) {
        ServiceConfig service = config.get(ServiceConfig.SECTION);
        ServerConfig server = config.get(ServerConfig.SECTION);
        AdminConfig admin = config.get(AdminConfig.SECTION);
        LifecycleConfig lifecycle = config.get(LifecycleConfig.SECTION);

        List<StandardFeature> features = new ArrayList<>();
        features.add(new StandardFeature(
                "chassis-core",
                "graceful stop",
                !lifecycle.gracePeriod().isZero(),
                "lifecycle.grace-period: " + Durations.format(lifecycle.gracePeriod())));
        features.add(new StandardFeature(
                "chassis-core",
                "request deadline",
                !server.requestTimeout().isZero(),
                "server.request-timeout: " + Durations.format(server.requestTimeout())));
        for (StandardFeatures contribution : contributions) {
            features.addAll(contribution.features(config));
        }

        StringBuilder out = new StringBuilder();
        out.append(service.name())
                .append(' ')
                .append(service.version())
                .append(" on dev.chassis ")
                .append(chassisVersion())
                .append("\n\nendpoints\n  ")
                .append(String.join(" ", admin.livePath(), admin.readyPath(), admin.healthPath(), admin.infoPath()))
                .append("  ")
                .append(
                        admin.port() < 0
                                ? "main port " + server.port() + " (admin.port: -1)"
                                : "admin port " + admin.port() + " (admin.port)")
                .append("\n\nstandard features\n");
        int moduleWidth =
                features.stream().mapToInt(f -> f.module().length()).max().orElse(0);
        int nameWidth = features.stream().mapToInt(f -> f.name().length()).max().orElse(0);
        List<String> off = new ArrayList<>();
        for (StandardFeature f : features) {
            String key = f.setting().split(":", 2)[0];
            out.append(String.format(
                    Locale.ROOT,
                    "  %-4s %-" + moduleWidth + "s  %-" + nameWidth + "s  %s  (%s)%n",
                    f.on() ? "on" : "off",
                    f.module(),
                    f.name(),
                    f.setting(),
                    config.sourceOf(key).orElse("default")));
            if (!f.on()) {
                off.add(f.name());
            }
        }
        out.append("\nswitched off: ")
                .append(off.isEmpty() ? "none" : String.join(", ", off))
                .append('\n');
        List<String> missing = new ArrayList<>();
        for (String[] module : STANDARD_MODULES) {
            if (features.stream().noneMatch(f -> f.module().equals(module[0]))) {
                missing.add(module[0] + " (" + module[1] + ")");
            }
        }
        out.append("not in the service: ")
                .append(missing.isEmpty() ? "none" : String.join(", ", missing))
                .append('\n');
        return out.toString();
    }
}
