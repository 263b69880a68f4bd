package dev.chassis.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of the Prometheus text format. */
final class Prometheus {
    private Prometheus() {}

    /** The value of the one sample whose name and labels match; fails if there is not exactly one. */
    static double sample(String text, String name, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{(.*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        Double found = null;
        while (m.find()) {
            boolean all = true;
            for (String label : labels) {
                all &= m.group(1).contains(label);
            }
            if (all) {
                assertThat(found)
                        .as("more than one sample of %s with %s", name, List.of(labels))
                        .isNull();
                found = Double.parseDouble(m.group(2));
            }
        }
        assertThat(found)
                .as("a sample of %s with %s in:%n%s", name, List.of(labels), text)
                .isNotNull();
        return found;
    }
}
