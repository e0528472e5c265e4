package dev.floe.broker.wal;

import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WriteAheadLogTest {
    private static final Uuid TOPIC = Uuid.randomUuid();
    private static final long SIZE = 4096 + 64 * 1024;

    @TempDir
    Path dir;

    private static ByteBuffer payload(int i, int size) {
        ByteBuffer b = ByteBuffer.allocate(size);
        while (b.hasRemaining()) {
            b.put((byte) i);
        }
        return b.flip();
    }

    @Test
    void everyAcknowledgedRecordIsReplayedAfterReopenInOrder() throws Exception {
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 7, SIZE)) {
            List<CompletableFuture<Long>> done = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                done.add(wal.append(3, TOPIC, i % 4, i, payload(i, 100), p -> { }));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get();
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 7, SIZE)) {
            List<WalRecord> records = wal.replayedRecords();
            assertThat(records).hasSize(50);
            for (int i = 0; i < 50; i++) {
                WalRecord r = records.get(i);
                assertThat(r.baseOffset()).isEqualTo(i);
                assertThat(r.partition()).isEqualTo(i % 4);
                assertThat(r.epoch()).isEqualTo(3);
                assertThat(r.nodeId()).isEqualTo(7);
                assertThat(r.topicId()).isEqualTo(TOPIC);
                assertThat(r.batch().get(0)).isEqualTo((byte) i);
            }
        }
    }

    @Test
    void trimmedRecordsAreNotReplayedAndTheCircularAreaIsReused() throws Exception {
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 1, SIZE)) {
            // Three laps' worth of data through a 64 KiB ring, trimming as we go.
            for (int i = 0; i < 600; i++) {
                long pos = wal.append(1, TOPIC, 0, i, payload(i, 300), p -> { }).get();
                if (i % 10 == 9) {
                    wal.trim(wal.writePosition());
                }
                assertThat(pos).isGreaterThanOrEqualTo(0);
            }
            assertThat(wal.writePosition()).isGreaterThan(3 * wal.dataSize());
            wal.trim(wal.writePosition() - 0); // nothing left
            wal.append(1, TOPIC, 0, 1000, payload(9, 50), p -> { }).get();
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 1, SIZE)) {
            assertThat(wal.replayedRecords()).extracting(WalRecord::baseOffset).containsExactly(1000L);
        }
    }

    @Test
    void aFullWalHoldsAppendsUntilItIsTrimmedAndThenTakesThem() throws Exception {
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 1, SIZE)) {
            int written = 0;
            while (wal.writePosition() + 2 * 1024 < wal.dataSize()) {
                wal.append(1, TOPIC, 0, written, payload(written, 1000), p -> { }).get();
                written++;
            }
            CompletableFuture<Long> blocked = wal.append(1, TOPIC, 0, written, payload(written, 4000), p -> { });
            Thread.sleep(300);
            assertThat(blocked).as("no room until the uploads trim").isNotDone();

            wal.trim(wal.writePosition());

            assertThat(blocked.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(wal.dataSize() - 4096);
        }
    }

    @Test
    void appendsWaitOnceTheUntrimmedLimitIsReachedThoughTheFileHasRoom() throws Exception {
        int limit = 16 * 1024;
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 1, SIZE, limit)) {
            int written = 0;
            while (wal.writePosition() + 2 * 1024 < limit) {
                wal.append(1, TOPIC, 0, written, payload(written, 1000), p -> { }).get();
                written++;
            }
            assertThat(wal.usage()).isGreaterThan(0.8);
            CompletableFuture<Long> blocked = wal.append(1, TOPIC, 0, written, payload(written, 4000), p -> { });
            Thread.sleep(300);
            assertThat(blocked).as("the file has room, the limit has not").isNotDone();

            wal.trim(wal.writePosition());

            assertThat(blocked.get(10, TimeUnit.SECONDS)).isLessThan(wal.dataSize());
            assertThat(wal.append(1, TOPIC, 0, written + 1, payload(written + 1, limit), p -> { }))
                    .as("a batch larger than half the limit is refused").isCompletedExceptionally();
        }
    }

    @Test
    void eachGroupCommitReportsItsFsyncAndTrimmingEmptiesTheUnuploadedBytes() throws Exception {
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 1, SIZE)) {
            List<Long> fsyncs = new CopyOnWriteArrayList<>();
            wal.onFsync(fsyncs::add);
            wal.append(1, TOPIC, 0, 0, payload(1, 500), p -> { }).get();
            wal.append(1, TOPIC, 0, 1, payload(2, 500), p -> { }).get();

            assertThat(fsyncs).hasSizeBetween(1, 2).allMatch(nanos -> nanos >= 0);
            assertThat(wal.untrimmedBytes()).isEqualTo(wal.writePosition()).isGreaterThan(1000);
            wal.trim(wal.writePosition());
            assertThat(wal.untrimmedBytes()).isZero();
        }
    }

    @Test
    void aTornTailStopsReplayAtTheLastIntactRecord() throws Exception {
        long thirdPosition;
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 1, SIZE)) {
            wal.append(1, TOPIC, 0, 0, payload(1, 200), p -> { }).get();
            wal.append(1, TOPIC, 0, 1, payload(2, 200), p -> { }).get();
            thirdPosition = wal.append(1, TOPIC, 0, 2, payload(3, 200), p -> { }).get();
        }
        try (FileChannel ch = FileChannel.open(dir.resolve(WriteAheadLog.FILE_NAME), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[]{0x55}), 4096 + thirdPosition + 100); // corrupt the third payload
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 1, SIZE)) {
            assertThat(wal.replayedRecords()).extracting(WalRecord::baseOffset).containsExactly(0L, 1L);
            // new appends continue right after the intact records
            assertThat(wal.append(1, TOPIC, 0, 2, payload(4, 10), p -> { }).get()).isEqualTo(thirdPosition);
        }
    }

    @Test
    void aWalBelongsToOneNode() {
        WriteAheadLog.open(dir, 1, SIZE).close();
        assertThatThrownBy(() -> WriteAheadLog.open(dir, 2, SIZE)).hasMessageContaining("belongs to node 1");
    }
}
