package dev.chassis.core.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadlineTest {
    @Test
    void aClosedScopeLeavesNoDeadlineForTheThreadsNextTask() {
        Deadline deadline = Deadline.after(Duration.ofSeconds(1));
        for (int request = 0; request < 3; request++) {
            try (ContextPropagator.Scope ignored = Deadline.attach(deadline)) {
                assertThat(Deadline.current()).containsSame(deadline);
            }
            assertThat(Deadline.current()).isEmpty();
        }
    }

    @Test
    void aNestedScopeGivesBackTheOuterDeadline() {
        Deadline outer = Deadline.after(Duration.ofSeconds(2));
        Deadline inner = Deadline.after(Duration.ofSeconds(1));
        try (ContextPropagator.Scope o = Deadline.attach(outer)) {
            try (ContextPropagator.Scope i = Deadline.attach(inner)) {
                assertThat(Deadline.current()).containsSame(inner);
            }
            assertThat(Deadline.current()).containsSame(outer);
            try (ContextPropagator.Scope none = Deadline.attach(null)) {
                assertThat(Deadline.current()).isEmpty();
            }
            assertThat(Deadline.current()).containsSame(outer);
        }
        assertThat(Deadline.current()).isEmpty();
    }
}
