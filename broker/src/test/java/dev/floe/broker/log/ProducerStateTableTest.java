package dev.floe.broker.log;

import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProducerStateTableTest {

    private static ProducerStateTable.BatchMeta batch(int first, int last, long base) {
        return new ProducerStateTable.BatchMeta(first, last, base, base + (last - first));
    }

    @Test
    void aRetriedBatchIsRecognisedWithItsOriginalOffsets() {
        ProducerStateTable t = new ProducerStateTable();
        t.update(5, (short) 0, batch(0, 9, 100));
        t.update(5, (short) 0, batch(10, 19, 110));
        ProducerStateTable.Check check = t.check(5, (short) 0, 0, 9);
        assertThat(check.error()).isEqualTo(Errors.NONE);
        assertThat(check.duplicateOf().baseOffset()).isEqualTo(100);
    }

    @Test
    void aGapInSequencesIsOutOfOrder() {
        ProducerStateTable t = new ProducerStateTable();
        t.update(5, (short) 0, batch(0, 9, 0));
        assertThat(t.check(5, (short) 0, 11, 12).error()).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertThat(t.check(5, (short) 0, 10, 12).duplicateOf()).isNull();
        assertThat(t.check(5, (short) 0, 10, 12).error()).isEqualTo(Errors.NONE);
    }

    @Test
    void anOlderEpochIsFencedAndANewerOneMustStartAtZero() {
        ProducerStateTable t = new ProducerStateTable();
        t.update(5, (short) 2, batch(0, 0, 0));
        assertThat(t.check(5, (short) 1, 1, 1).error()).isEqualTo(Errors.INVALID_PRODUCER_EPOCH);
        assertThat(t.check(5, (short) 3, 4, 4).error()).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertThat(t.check(5, (short) 3, 0, 4).error()).isEqualTo(Errors.NONE);
    }

    @Test
    void onlyTheLastFiveBatchesAreRememberedAndTheyRoundTripThroughTheCatalogForm() {
        ProducerStateTable t = new ProducerStateTable();
        for (int i = 0; i < 8; i++) {
            t.update(9, (short) 1, batch(i * 2, i * 2 + 1, i * 2L));
        }
        ProducerStateTable copy = ProducerStateTable.fromRows(java.util.Map.of(9L, t.row(9)));
        assertThat(copy.check(9, (short) 1, 0, 1).error()).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertThat(copy.check(9, (short) 1, 6, 7).duplicateOf().baseOffset()).isEqualTo(6);
        assertThat(copy.check(9, (short) 1, 16, 20).error()).isEqualTo(Errors.NONE);
    }
}
