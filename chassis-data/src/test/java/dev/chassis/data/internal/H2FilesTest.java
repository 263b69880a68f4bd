package dev.chassis.data.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class H2FilesTest {
    @Test
    void filesOfThisProcessAreEmbeddedFiles() {
        assertThat(H2Files.isEmbeddedFile("jdbc:h2:file:./target/orders")).isTrue();
        assertThat(H2Files.isEmbeddedFile("jdbc:h2:./target/orders;MODE=PostgreSQL"))
                .isTrue();
        assertThat(H2Files.isEmbeddedFile("jdbc:h2:~/orders")).isTrue();
        assertThat(H2Files.isEmbeddedFile("JDBC:H2:/var/lib/orders")).isTrue();
        assertThat(H2Files.isEmbeddedFile("jdbc:h2:nio:/var/lib/orders")).isTrue();
    }

    @Test
    void memoryServersAndOtherDatabasesAreNot() {
        assertThat(H2Files.isEmbeddedFile("jdbc:h2:mem:main;DB_CLOSE_DELAY=-1")).isFalse();
        assertThat(H2Files.isEmbeddedFile("jdbc:h2:MEM:main")).isFalse();
        assertThat(H2Files.isEmbeddedFile("jdbc:h2:tcp://db:9092/orders")).isFalse();
        assertThat(H2Files.isEmbeddedFile("jdbc:h2:ssl://db/orders")).isFalse();
        assertThat(H2Files.isEmbeddedFile("jdbc:h2:zip:~/orders.zip!/orders")).isFalse();
        assertThat(H2Files.isEmbeddedFile("jdbc:postgresql://db:5432/orders")).isFalse();
    }

    @Test
    void anEmbeddedFileWritesEachCommitOutUnlessItSaysOtherwise() {
        assertThat(H2Files.durable("jdbc:h2:file:./orders;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:file:./orders;MODE=PostgreSQL;WRITE_DELAY=0");
        assertThat(H2Files.durable("jdbc:h2:file:./orders;write_delay=100"))
                .isEqualTo("jdbc:h2:file:./orders;write_delay=100");
        assertThat(H2Files.durable("jdbc:h2:mem:main;DB_CLOSE_DELAY=-1"))
                .isEqualTo("jdbc:h2:mem:main;DB_CLOSE_DELAY=-1");
        assertThat(H2Files.durable("jdbc:postgresql://db/orders")).isEqualTo("jdbc:postgresql://db/orders");
    }

    @Test
    void onlyADelayOtherThanZeroDelaysWrites() {
        assertThat(H2Files.delaysWrites("jdbc:h2:file:./orders;WRITE_DELAY=500"))
                .isTrue();
        assertThat(H2Files.delaysWrites("jdbc:h2:file:./orders;WRITE_DELAY=0;MODE=PostgreSQL"))
                .isFalse();
        assertThat(H2Files.delaysWrites("jdbc:h2:file:./orders")).isFalse();
    }
}
