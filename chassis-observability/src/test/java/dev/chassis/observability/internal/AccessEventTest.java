package dev.chassis.observability.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessEventTest {
    @ParameterizedTest
    @CsvSource({
        "0, 0.000000",
        "1, 0.000001",
        "999999, 0.999999",
        "1000000, 1.000000",
        "31159423, 31.159423",
        "1500000000000, 1500000.000000",
        "9223372036854775807, 9223372036854.775807",
        "-5, 0.000000",
    })
    void durationIsWrittenInMillisecondsWithSixDecimals(long nanos, String expected) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("durationMs");
            AccessLogListener.AccessEvent.writeMillis(g, nanos);
            g.writeEndObject();
        }
        assertThat(out).hasToString("{\"durationMs\":" + expected + "}");
        if (nanos >= 0) {
            assertThat(new BigDecimal(expected)).isEqualByComparingTo(BigDecimal.valueOf(nanos, 6));
        }
    }

    @Test
    void theLastAddressTextIsKeptAndEachAddressGetsItsOwn() throws IOException {
        InetAddress first = InetAddress.getByAddress(new byte[] {10, 0, 0, 1});
        InetAddress second = InetAddress.getByAddress(new byte[] {10, 0, 0, 2});
        InetAddress v6 = InetAddress.getByName("::1");

        String text = AccessLogListener.AccessEvent.hostText(first);
        assertThat(text).isEqualTo("10.0.0.1");
        assertThat(AccessLogListener.AccessEvent.hostText(first))
                .as("the kept text, not a new one")
                .isSameAs(text);
        assertThat(AccessLogListener.AccessEvent.hostText(second)).isEqualTo("10.0.0.2");
        assertThat(AccessLogListener.AccessEvent.hostText(v6)).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(AccessLogListener.AccessEvent.hostText(first)).isEqualTo("10.0.0.1");
        assertThat(AccessLogListener.AccessEvent.hostText(InetAddress.getByAddress(new byte[] {10, 0, 0, 1})))
                .isEqualTo("10.0.0.1");
    }
}
