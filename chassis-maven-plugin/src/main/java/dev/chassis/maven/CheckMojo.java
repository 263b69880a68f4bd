package dev.chassis.maven;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * {@code ./mvnw chassis:check}: a service's conformance to the chassis. Compiles the service
 * first (so the chassis' enforcer rules have run in the same build), then reports the chassis
 * version it is on, the rules it meets, and, from the service itself ({@code --conformance},
 * run on the compiled classes with the project's configuration and the command line's
 * {@code -D} keys), its endpoints and each standard feature on or off. Fails when the project is no chassis service, when a rule fails, or when
 * the service cannot report.
 */
@Mojo(name = "check", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
@Execute(phase = LifecyclePhase.COMPILE)
public final class CheckMojo extends AbstractMojo {
    static final String RULES_EXECUTION = "chassis-rules";

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    /** The service's main class; chassis-service-parent's {@code main.class}. */
    @Parameter(property = "main.class")
    private String mainClass;

    /** Whether the chassis' rules were switched off ({@code chassis.enforcer.skip}). */
    @Parameter(property = "chassis.enforcer.skip", defaultValue = "false")
    private boolean rulesSkipped;

    /** How long the service may take to report. */
    @Parameter(property = "chassis.check.timeout-seconds", defaultValue = "60")
    private int timeoutSeconds;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Artifact core = null;
        for (Artifact a : project.getArtifacts()) {
            if (a.getGroupId().equals("dev.chassis") && a.getArtifactId().equals("chassis-core")) {
                core = a;
            }
        }
        if (core == null) {
            throw new MojoFailureException(project.getId()
                    + " is not a service on dev.chassis: dev.chassis:chassis-core is not among its dependencies");
        }
        String parent = parentVersion(project);
        getLog().info("dev.chassis conformance of " + project.getId());
        getLog().info("chassis version: " + core.getVersion() + " (chassis-core)"
                + (parent == null
                        ? "; parent: not chassis-service-parent"
                        : "; parent: chassis-service-parent " + parent));
        if (parent != null && !parent.equals(core.getVersion())) {
            getLog().warn("chassis-core " + core.getVersion() + " differs from the parent's " + parent
                    + ": remove the version set on chassis-core (the parent's BOM manages it)");
        }
        getLog().info("build rules: " + rules());
        for (String line : report()) {
            getLog().info(line);
        }
    }

    private static String parentVersion(MavenProject p) {
        for (MavenProject at = p.getParent(); at != null; at = at.getParent()) {
            if ("dev.chassis".equals(at.getGroupId()) && "chassis-service-parent".equals(at.getArtifactId())) {
                return at.getVersion();
            }
        }
        return null;
    }

    /** The chassis' rules the build ran (this build's validate phase ran them before the check). */
    String rules() {
        Plugin enforcer = project.getPlugin("org.apache.maven.plugins:maven-enforcer-plugin");
        PluginExecution execution =
                enforcer == null ? null : enforcer.getExecutionsAsMap().get(RULES_EXECUTION);
        if (execution == null) {
            return "not checked: the project does not inherit chassis-service-parent, whose enforcer execution '"
                    + RULES_EXECUTION + "' holds them";
        }
        if (rulesSkipped) {
            return "skipped (chassis.enforcer.skip=true): none is checked";
        }
        List<String> names = new ArrayList<>();
        Object configuration = execution.getConfiguration();
        Xpp3Dom rules = configuration instanceof Xpp3Dom dom ? dom.getChild("rules") : null;
        if (rules != null) {
            for (Xpp3Dom rule : rules.getChildren()) {
                String message = rule.getChild("message") == null
                        ? ""
                        : rule.getChild("message").getValue();
                names.add(rule.getName()
                        + (rule.getName().equals("bannedDependencies") ? " (" + banned(message) + ")" : ""));
            }
        }
        return "met, " + names.size() + " of " + names.size() + ": " + String.join(", ", names);
    }

    private static String banned(String message) {
        if (message.contains("Netty")) {
            return "Netty floor";
        }
        if (message.contains("HTTP server")) {
            return "one HTTP server";
        }
        if (message.contains("logging")) {
            return "one logging backend";
        }
        return "banned libraries";
    }

    /** The service's own report: {@code java -cp <compiled classes and runtime dependencies> main --conformance}. */
    private List<String> report() throws MojoExecutionException, MojoFailureException {
        if (mainClass == null || mainClass.isBlank()) {
            throw new MojoFailureException("main.class is not set: set the property to the service's main class");
        }
        List<String> classpath;
        try {
            classpath = project.getRuntimeClasspathElements();
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("cannot resolve the runtime class path", e);
        }
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        // The command line's -D keys reach the service, as they would reach it started with them.
        List<String> command = new ArrayList<>(List.of(java, "-cp", String.join(File.pathSeparator, classpath)));
        session.getUserProperties().forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add(mainClass);
        command.add("--conformance");
        getLog().debug("running " + command);
        try {
            Process process = new ProcessBuilder(command)
                    .directory(project.getBasedir())
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new MojoFailureException(mainClass + " --conformance did not answer in " + timeoutSeconds + " s");
            }
            if (process.exitValue() != 0) {
                throw new MojoFailureException(
                        mainClass + " --conformance failed (exit " + process.exitValue() + "):\n" + output);
            }
            return output.lines().toList();
        } catch (IOException e) {
            throw new MojoExecutionException("cannot run " + mainClass + " --conformance: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("interrupted while " + mainClass + " reported", e);
        }
    }
}
