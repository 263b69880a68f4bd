package dev.chassis.data.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chassis.data.config.JdbcUrls;
import org.junit.jupiter.api.Test;

class JdbcUrlsTest {
    @Test
    void passwordParametersAreMasked() {
        assertThat(JdbcUrls.redact("jdbc:postgresql://db:5432/orders?user=o&password=s3cr3t&sslmode=require"))
                .isEqualTo("jdbc:postgresql://db:5432/orders?user=o&password=******&sslmode=require");
        assertThat(JdbcUrls.redact("jdbc:postgresql://db/orders?PASSWORD=x"))
                .isEqualTo("jdbc:postgresql://db/orders?PASSWORD=******");
        assertThat(JdbcUrls.redact("jdbc:h2:tcp://db/mem:x;USER=sa;PASSWORD=s3cr3t;DB_CLOSE_DELAY=-1"))
                .isEqualTo("jdbc:h2:tcp://db/mem:x;USER=sa;PASSWORD=******;DB_CLOSE_DELAY=-1");
        assertThat(JdbcUrls.redact("jdbc:sqlserver://db;user=sa;pwd=s3cr3t"))
                .isEqualTo("jdbc:sqlserver://db;user=sa;pwd=******");
        assertThat(JdbcUrls.redact("jdbc:postgresql://db/orders?sslpassword=k"))
                .isEqualTo("jdbc:postgresql://db/orders?sslpassword=******");
    }

    @Test
    void userInfoPasswordIsMasked() {
        assertThat(JdbcUrls.redact("jdbc:mysql://app:s3cr3t@db:3306/orders"))
                .isEqualTo("jdbc:mysql://app:******@db:3306/orders");
    }

    @Test
    void urlsWithoutSecretsAreKept() {
        assertThat(JdbcUrls.redact("jdbc:postgresql://db:5432/orders?currentSchema=a"))
                .isEqualTo("jdbc:postgresql://db:5432/orders?currentSchema=a");
        assertThat(JdbcUrls.redact("jdbc:h2:mem:main;DB_CLOSE_DELAY=-1"))
                .isEqualTo("jdbc:h2:mem:main;DB_CLOSE_DELAY=-1");
    }
}
