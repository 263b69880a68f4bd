package dev.chassis.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptEncodingTest {
    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "null",
            value = {
                "null|false",
                "''|false",
                "gzip|true",
                "GZIP|true",
                "x-gzip|true",
                "deflate, gzip, br|true",
                "br|false",
                "gzip;q=0|false",
                "gzip; q=0.000|false",
                "gzip;q=0.001|true",
                "*|true",
                "*;q=0.5|true",
                "*;q=0|false",
                "br, *;q=0|false",
                "identity;q=1, gzip;q=0.5|false",
                "gzip;q=0.8, identity;q=0.5|true",
                "gzip;q=0.5, *;q=0.9|false",
                "gzip;q=0.5|true",
                "identity|false",
                "identity, *;q=0.5|false",
                "gzip;q=abc|false",
                "gzip;q=1.5|false",
                "gzip;level=1;q=0.7|true",
            })
    void weighsGzipAgainstIdentity(String header, boolean gzip) {
        assertThat(AcceptEncoding.acceptsGzip(header)).isEqualTo(gzip);
    }
}
