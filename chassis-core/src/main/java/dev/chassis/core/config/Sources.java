package dev.chassis.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the text of file and class-path sources. */
final class Sources {
    private Sources() {}

    static String readFile(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(
                    "cannot read configuration file " + path + ": "
                            + e.getClass().getSimpleName() + " " + e.getMessage(),
                    e);
        }
    }

    static String readResource(String resource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = Sources.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration resource " + resource + ": " + e.getMessage(), e);
        }
    }
}
