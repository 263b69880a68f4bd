package dev.chassis.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlockingIndexTest {
    private final BlockingIndex index = new BlockingIndex();

    @Test
    void theFirstReadCarriesNoIndex() {
        assertThat(index.next()).isZero();
        assertThat(index.observe(42)).isEqualTo(BlockingIndex.Change.FIRST);
        assertThat(index.next()).isEqualTo(42);
    }

    @Test
    void aHigherIndexMovesOnAndTheSameOneIsAWaitThatRanOut() {
        index.observe(42);

        assertThat(index.observe(42)).isEqualTo(BlockingIndex.Change.SAME);
        assertThat(index.observe(50)).isEqualTo(BlockingIndex.Change.MOVED);
        assertThat(index.next()).isEqualTo(50);
    }

    @Test
    void anIndexThatGoesBackwardsResetsToAReadThatDoesNotBlock() {
        index.observe(42);

        assertThat(index.observe(21)).isEqualTo(BlockingIndex.Change.BACKWARDS);
        assertThat(index.next()).isZero();
        assertThat(index.observe(21)).isEqualTo(BlockingIndex.Change.FIRST);
        assertThat(index.next()).isEqualTo(21);
    }

    @Test
    void indexZeroIsTakenAsOneSoZeroIsNeverSent() {
        assertThat(index.observe(0)).isEqualTo(BlockingIndex.Change.FIRST);
        assertThat(index.next()).isEqualTo(1);
        assertThat(index.observe(0)).isEqualTo(BlockingIndex.Change.SAME);
        assertThat(index.next()).isEqualTo(1);
    }

    @Test
    void zeroAfterARealIndexIsAStepBackwards() {
        index.observe(42);

        assertThat(index.observe(0)).isEqualTo(BlockingIndex.Change.BACKWARDS);
        assertThat(index.next()).isZero();
    }
}
