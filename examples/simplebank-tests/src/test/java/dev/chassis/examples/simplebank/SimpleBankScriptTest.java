package dev.chassis.examples.simplebank;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * examples/simplebank as an operator runs it: every service it starts that keeps data (its
 * application.yaml reads {@code DATABASE_URL}) gets a database in a file, so that a service killed
 * with -9 and started again still has its rows: transfers-service its transfers and the events in
 * its outbox, statements-service its inbox, accounts-service its ledger; and killing one does not
 * stop the rest.
 */
class SimpleBankScriptTest {
    private static final Path EXAMPLES = Path.of("..");
    private static final Pattern JAR = Pattern.compile("-jar examples/([a-z-]+)/target/\\1\\.jar");

    @Test
    void everyServiceWithADatabaseIsStartedOnAFileThatOutlivesItsProcess() throws IOException {
        List<String> commands = commands(Files.readString(EXAMPLES.resolve("simplebank")));
        List<String> started = new ArrayList<>();
        for (String command : commands) {
            Matcher jar = JAR.matcher(command);
            if (!jar.find() || command.trim().startsWith("java ")) {
                continue; // the lines the script prints for the operator start with plain java
            }
            String service = jar.group(1);
            started.add(service);
            String yaml = Files.readString(EXAMPLES.resolve(service).resolve("src/main/resources/application.yaml"));
            if (yaml.contains("${DATABASE_URL")) {
                assertThat(command)
                        .as("the command that starts %s", service)
                        .containsPattern(
                                "DATABASE_URL=\"jdbc:h2:file:[^\"]*/" + service.replace("-service", "") + "\"");
            }
        }
        assertThat(started).contains("accounts-service", "transfers-service", "statements-service");
    }

    @Test
    void aServiceKilledOnPurposeDoesNotStopTheOthers() throws IOException {
        List<String> commands = commands(Files.readString(EXAMPLES.resolve("simplebank")));
        // The script waits until Ctrl-C, not for one service's process: the demo kills and restarts them.
        assertThat(commands).noneMatch(c -> c.trim().matches("wait \"\\$\\{pids\\[[0-9]+]}\".*"));
        assertThat(commands).anyMatch(c -> c.trim().startsWith("sleep infinity &"));
    }

    /** The script's commands, continuation lines joined. */
    private static List<String> commands(String script) {
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            current.append(line.strip()).append(' ');
            if (!line.endsWith("\\")) {
                commands.add(current.toString());
                current.setLength(0);
            }
        }
        return commands;
    }
}
