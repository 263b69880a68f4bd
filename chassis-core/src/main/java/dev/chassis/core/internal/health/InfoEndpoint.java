package dev.chassis.core.internal.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.chassis.core.config.AdminConfig;
import dev.chassis.core.config.ServiceConfig;
import dev.chassis.core.http.Routes;
import dev.chassis.core.http.Routing;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * {@code /info}: who is running, since when, on which Java. The commit comes from a
 * {@code git.properties} on the class path (as git-commit-id-maven-plugin writes it), when there
 * is one. Answered on the event loop: nothing here blocks.
 */
public final class InfoEndpoint implements Routes {
    private final AdminConfig admin;
    private final Info info;

    public InfoEndpoint(AdminConfig admin, ServiceConfig service, Instant startTime) {
        this.admin = admin;
        this.info = new Info(
                service.name(),
                service.version(),
                commit(),
                startTime.toString(),
                Runtime.version().toString(),
                System.getProperty("java.vendor", "unknown"));
    }

    @Override
    public void register(Routing routing) {
        routing.admin().onEventLoop().get(admin.infoPath(), request -> info);
    }

    /** The info document. */
    public Info info() {
        return info;
    }

    private static @Nullable String commit() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in =
                (loader != null ? loader : InfoEndpoint.class.getClassLoader()).getResourceAsStream("git.properties")) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            String id = p.getProperty("git.commit.id.abbrev", p.getProperty("git.commit.id"));
            return id == null || id.isBlank() ? null : id.strip();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The JSON document.
     *
     * @param name the service name
     * @param version its version
     * @param commit the git commit it was built from, when known
     * @param startTime when it started, ISO-8601
     * @param javaVersion the running Java version
     * @param javaVendor the running Java's vendor
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Info(
            String name,
            String version,
            @Nullable String commit,
            String startTime,
            String javaVersion,
            String javaVendor) {}
}
