package dev.chassis.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributeKeyTest {
    @Test
    void acceptsValuesOfItsTypeOnlyWhateverWasAcceptedBefore() {
        AttributeKey<List> key = AttributeKey.of("list", List.class);
        assertThat(key.accepts(new ArrayList<>())).isTrue();
        assertThat(key.accepts(new ArrayList<>())).isTrue();
        assertThat(key.accepts("not a list")).isFalse();
        assertThat(key.accepts(new LinkedList<>())).isTrue();
        assertThat(key.accepts(new ArrayList<>())).isTrue();
        assertThat(key.accepts(42)).isFalse();
    }

    @Test
    void aClassAcceptedByOneKeyIsNotAcceptedByAnother() {
        AttributeKey<CharSequence> text = AttributeKey.of("text", CharSequence.class);
        AttributeKey<Number> number = AttributeKey.of("number", Number.class);
        assertThat(text.accepts("a")).isTrue();
        assertThat(number.accepts("a")).isFalse();
        assertThat(number.accepts(1L)).isTrue();
        assertThat(text.accepts(1L)).isFalse();
    }
}
