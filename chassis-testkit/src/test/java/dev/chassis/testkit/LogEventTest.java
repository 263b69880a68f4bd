package dev.chassis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogEventTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"logger\":\"access\",\"thread\":\"io-1\",\"level\":\"INFO\",\"correlationId\":\"c-1\","
                        + "\"traceId\":\"t-1\"}",
                "{\"logger_name\":\"access\",\"thread_name\":\"io-1\",\"level\":\"INFO\",\"correlationId\":\"c-1\","
                        + "\"traceId\":\"t-1\"}",
                "{\"log.logger\":\"access\",\"process.thread.name\":\"io-1\",\"log.level\":\"INFO\","
                        + "\"http.request.id\":\"c-1\",\"trace.id\":\"t-1\"}"
            })
    void eachOfTheChassisFormatsIsRead(String line) throws Exception {
        LogEvent event = new LogEvent(new ObjectMapper().readTree(line));

        assertThat(event.logger()).isEqualTo("access");
        assertThat(event.thread()).isEqualTo("io-1");
        assertThat(event.level()).isEqualTo("INFO");
        assertThat(event.correlationId()).isEqualTo("c-1");
        assertThat(event.traceId()).isEqualTo("t-1");
    }
}
