package dev.chassis.testkit.kafka;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one process), in the
 * foreground until SIGTERM:
 *
 * <pre>{@code
 * java -cp "$(cat chassis-testkit-kafka/target/kafka-broker.classpath):chassis-testkit-kafka/target/classes" \
 *     dev.chassis.testkit.kafka.KafkaBrokerMain --port 9092 --dir target/kafka --topic transfers:3
 * }</pre>
 *
 * <p>Options: {@code --port} (9092), {@code --controller-port} (the port plus one), {@code --dir}
 * (log directory; formatted on first use, kept on restart), {@code --topic name[:partitions]}
 * (created at start; repeatable), {@code --auto-create-topics} (off: a producer naming a topic
 * that does not exist is told so, as on a production cluster), {@code --parent-pid} (exit when
 * that process ends, so a test JVM that dies leaves no broker behind). Prints
 * {@value #READY} and the bootstrap address once clients can connect.
 */
public final class KafkaBrokerMain {
    /** The line printed once the broker takes clients. */
    public static final String READY = "kafka broker ready on ";

    private KafkaBrokerMain() {}

    /**
     * Starts the broker and blocks until it stops.
     *
     * @throws Exception if the options are wrong or the broker cannot start
     */
    public static void main(String[] args) throws Exception {
        Map<String, List<String>> options = parse(args);
        int port = Integer.parseInt(one(options, "port", "9092"));
        int controllerPort = Integer.parseInt(one(options, "controller-port", Integer.toString(port + 1)));
        Path dir = Path.of(one(options, "dir", "kafka-data")).toAbsolutePath();
        boolean autoCreate = options.containsKey("auto-create-topics");
        String parent = one(options, "parent-pid", "");
        if (!parent.isEmpty()) {
            ProcessHandle.of(Long.parseLong(parent))
                    .ifPresentOrElse(
                            p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(3)),
                            () -> Runtime.getRuntime().halt(3));
        }
        Files.createDirectories(dir);
        Path config = dir.resolve("server.properties");
        Properties properties = properties(port, controllerPort, dir.resolve("data"), autoCreate);
        try (OutputStream out = Files.newOutputStream(config)) {
            properties.store(out, "written by KafkaBrokerMain");
        }
        format(config);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties), Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "kafka-broker-shutdown"));
        server.startup();
        String bootstrap = "127.0.0.1:" + port;
        createTopics(bootstrap, options.getOrDefault("topic", List.of()));
        System.out.println(READY + bootstrap);
        System.out.flush();
        server.awaitShutdown();
    }

    static Properties properties(int port, int controllerPort, Path logDir, boolean autoCreate) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        // One node: every internal topic has one replica; few partitions keep the start quick.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "4");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", Boolean.toString(autoCreate));
        p.setProperty("num.partitions", "1");
        p.setProperty("log.retention.check.interval.ms", "300000");
        return p;
    }

    private static void format(Path config) {
        String[] args = {"format", "-t", "chassis-testkit-kafka1".substring(0, 22), "-c", config.toString(), "-g"};
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        int status = StorageTool.execute(args, quiet);
        if (status != 0) {
            throw new IllegalStateException(
                    "formatting the broker's storage in " + config.getParent() + " failed with status " + status);
        }
    }

    private static void createTopics(String bootstrap, List<String> topics)
            throws InterruptedException, ExecutionException {
        if (topics.isEmpty()) {
            return;
        }
        List<NewTopic> wanted = new ArrayList<>();
        for (String t : topics) {
            int colon = t.indexOf(':');
            String name = colon < 0 ? t : t.substring(0, colon);
            int partitions = colon < 0 ? 1 : Integer.parseInt(t.substring(colon + 1));
            wanted.add(new NewTopic(name, partitions, (short) 1));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (NewTopic topic : wanted) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    private static Map<String, List<String>> parse(String[] args) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("argument: '" + args[i] + "' (expected: --name [value])");
            }
            String name = args[i].substring(2);
            boolean flag = name.equals("auto-create-topics");
            if (!flag && i + 1 >= args.length) {
                throw new IllegalArgumentException("--" + name + ": no value (expected: --" + name + " value)");
            }
            options.computeIfAbsent(name, n -> new ArrayList<>()).add(flag ? "true" : args[++i]);
        }
        return options;
    }

    private static String one(Map<String, List<String>> options, String name, String fallback) {
        List<String> values = options.get(name);
        return values == null ? fallback : values.get(values.size() - 1);
    }
}
