package dev.chassis.core.conformance;

import static java.util.Objects.requireNonNull;

/**
 * One of the standard features a chassis service has, and whether this service has it switched
 * on: what {@code --conformance} lists.
 *
 * @param module the chassis module the feature belongs to ({@code chassis-observability})
 * @param name what it is, for a reader ({@code access log})
 * @param on whether it is switched on
 * @param setting the configuration that decides it, as {@code key: value}
 */
public record StandardFeature(String module, String name, boolean on, String setting) {
    public StandardFeature {
        requireNonNull(module, "module");
        requireNonNull(name, "name");
        requireNonNull(setting, "setting");
    }
}
