package dev.floe.broker.wal;

import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A fixed-size circular write-ahead log with group commit: one writer thread drains every append
 * queued while the previous fsync ran, writes them all and fsyncs once, so many producers share one
 * fsync. An append's future completes only after its bytes are on disk.
 */
public final class WriteAheadLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WriteAheadLog.class);
    public static final String FILE_NAME = "floe.wal";

    private final FileChannel channel;
    private final int nodeId;
    private final long fileSize;
    private final long dataSize;
    /**
     * How much of the data area may hold records not yet trimmed: all of it, or less where the broker keeps every
     * un-uploaded batch in memory as well and its heap is smaller than the WAL.
     */
    private final long window;
    private final BlockingQueue<Append> queue = new LinkedBlockingQueue<>();
    private final Object spaceLock = new Object();
    private final Thread writer;
    /** Acknowledgements run here, in WAL order, so response work never delays the next fsync. */
    private final java.util.concurrent.ExecutorService completions = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "wal-ack");
        t.setDaemon(true);
        return t;
    });
    private volatile long writePosition;
    private volatile long trimPosition;
    private long headerGeneration;
    private volatile boolean closed;
    private volatile LongConsumer fsyncObserver = nanos -> { };
    private final WalFormat.Header openedHeader;
    private final int recordsToReplay;

    private record Append(ByteBuffer payload, int nodeId, int epoch, Uuid topicId, int partition,
                          long baseOffset, LongConsumer positioned, CompletableFuture<Long> done) {
    }

    private WriteAheadLog(FileChannel channel, int nodeId, long fileSize, WalFormat.Header header, int recordsToReplay,
                          long writePosition, long maxUntrimmedBytes) {
        this.channel = channel;
        this.nodeId = nodeId;
        this.fileSize = fileSize;
        this.dataSize = fileSize - WalFormat.DATA_START;
        this.window = Math.min(dataSize, maxUntrimmedBytes);
        this.trimPosition = header.trimPosition();
        this.headerGeneration = header.generation();
        this.openedHeader = header;
        this.recordsToReplay = recordsToReplay;
        this.writePosition = writePosition;
        this.writer = new Thread(this::writeLoop, "wal-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Opens (creating if needed) the WAL in {@code dir} and reads every record after the trim point. */
    public static WriteAheadLog open(Path dir, int nodeId, long sizeBytes) {
        return open(dir, nodeId, sizeBytes, Long.MAX_VALUE);
    }

    /** {@link #open(Path, int, long)} where appends wait once {@code maxUntrimmedBytes} are not yet trimmed. */
    public static WriteAheadLog open(Path dir, int nodeId, long sizeBytes, long maxUntrimmedBytes) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(FILE_NAME);
            boolean fresh = !Files.exists(file) || Files.size(file) < WalFormat.DATA_START;
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (fresh) {
                long size = Math.max(sizeBytes, WalFormat.DATA_START + 64 * 1024);
                ch.truncate(0);
                writeHeaderSlot(ch, 0, WalFormat.fileHeader(nodeId, size, 0, 0));
                ch.write(ByteBuffer.allocate(1), size - 1);
                ch.force(true);
            }
            WalFormat.Header header = readHeader(ch);
            if (header == null) {
                ch.close();
                throw new IllegalStateException("WAL file " + file + " has no valid header");
            }
            if (header.nodeId() != nodeId) {
                ch.close();
                throw new IllegalStateException("WAL in " + dir + " belongs to node " + header.nodeId() + ", not " + nodeId);
            }
            if (header.fileSize() != sizeBytes && !fresh) {
                log.warn("WAL {} keeps its size {} bytes; configured {} applies to new WALs only", file, header.fileSize(), sizeBytes);
            }
            // A first pass only finds the end (records are not kept: a large WAL need not fit in memory).
            Replay replay = scan(ch, header, null);
            log.info("WAL {} opened: trim={} end={} records to replay={}", file, header.trimPosition(), replay.end, replay.count);
            return new WriteAheadLog(ch, nodeId, header.fileSize(), header, replay.count, replay.end, maxUntrimmedBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open WAL in " + dir, e);
        }
    }

    public int recordsToReplay() {
        return recordsToReplay;
    }

    /**
     * Streams the records found after the trim point when the WAL was opened, oldest first. Only
     * meaningful before new appends (the broker replays before it serves).
     */
    public void replay(Consumer<WalRecord> visitor) {
        try {
            scan(channel, openedHeader, visitor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replay WAL", e);
        }
    }

    /** The records to replay as a list (small WALs, tests). */
    public List<WalRecord> replayedRecords() {
        List<WalRecord> out = new ArrayList<>();
        replay(out::add);
        return out;
    }

    public long writePosition() {
        return writePosition;
    }

    public long trimPosition() {
        return trimPosition;
    }

    public long dataSize() {
        return dataSize;
    }

    /** Learns how long each group commit's fsync took, in nanoseconds (metrics). */
    public void onFsync(LongConsumer observer) {
        this.fsyncObserver = observer;
    }

    /** Bytes of records not yet trimmed: received, durable, not yet uploaded. */
    public long untrimmedBytes() {
        return writePosition - trimPosition;
    }

    /** Fraction of the room for records not yet trimmed that they take. */
    public double usage() {
        return (double) untrimmedBytes() / window;
    }

    /**
     * Queues a batch; the future completes with its WAL position once it is fsync'd. {@code positioned}
     * learns the position before the write position moves past it, so a concurrent trim never skips it.
     */
    public CompletableFuture<Long> append(int epoch, Uuid topicId, int partition, long baseOffset, ByteBuffer batch,
                                          LongConsumer positioned) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("WAL closed"));
            return done;
        }
        if (WalFormat.RECORD_HEADER + batch.remaining() > window / 2) {
            done.completeExceptionally(new IllegalArgumentException("batch larger than half the WAL's room"));
            return done;
        }
        queue.add(new Append(batch.duplicate(), nodeId, epoch, topicId, partition, baseOffset, positioned, done));
        return done;
    }

    /** Declares everything before {@code position} uploaded; its space may be reused. */
    public synchronized void trim(long position) {
        if (position <= trimPosition) {
            return;
        }
        if (position > writePosition) {
            throw new IllegalArgumentException("trim beyond end: " + position + " > " + writePosition);
        }
        try {
            headerGeneration++;
            writeHeaderSlot(channel, (int) (headerGeneration % 2), WalFormat.fileHeader(nodeId, fileSize, position, headerGeneration));
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write WAL header", e);
        }
        trimPosition = position;
        synchronized (spaceLock) {
            spaceLock.notifyAll();
        }
    }

    private void writeLoop() {
        List<Append> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Append first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 4096);
                List<Long> positions = new ArrayList<>(batch.size());
                for (Append a : batch) {
                    positions.add(write(a));
                }
                long syncStarted = System.nanoTime();
                channel.force(false);
                fsyncObserver.accept(System.nanoTime() - syncStarted);
                List<Append> durable = List.copyOf(batch);
                completions.execute(() -> {
                    for (int i = 0; i < durable.size(); i++) {
                        durable.get(i).done().complete(positions.get(i));
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failAll(batch, e);
                return;
            } catch (Throwable e) {
                // A failed write or fsync means we can no longer promise durability: fail loudly.
                log.error("WAL write failed; failing pending appends", e);
                failAll(batch, e);
            }
            batch.clear();
        }
    }

    private void failAll(List<Append> batch, Throwable e) {
        for (Append a : batch) {
            a.done().completeExceptionally(e);
        }
    }

    private long write(Append a) throws IOException, InterruptedException {
        int size = WalFormat.RECORD_HEADER + a.payload().remaining();
        long pos = writePosition;
        long lapRemaining = dataSize - (pos % dataSize);
        if (lapRemaining < size) {
            awaitSpace(pos + lapRemaining);
            if (lapRemaining >= WalFormat.RECORD_HEADER) {
                ByteBuffer pad = WalFormat.recordHeader(WalFormat.TYPE_PAD, pos, nodeId, 0, Uuid.ZERO_UUID, 0, 0, null);
                writeFully(pad, physical(pos));
            }
            pos += lapRemaining;
        }
        awaitSpace(pos + size);
        ByteBuffer header = WalFormat.recordHeader(WalFormat.TYPE_DATA, pos, a.nodeId(), a.epoch(), a.topicId(),
                a.partition(), a.baseOffset(), a.payload());
        a.positioned().accept(pos);
        writeFully(header, physical(pos));
        writeFully(a.payload().duplicate(), physical(pos) + WalFormat.RECORD_HEADER);
        writePosition = pos + size;
        return pos;
    }

    /**
     * Blocks the writer, and with it every append, until uploads have trimmed enough. Said in the log, with how long it
     * lasted: producers time out while the WAL is full, and the log must say why.
     */
    private void awaitSpace(long end) throws InterruptedException {
        synchronized (spaceLock) {
            if (fits(end)) {
                return;
            }
            long started = System.nanoTime();
            log.warn("WAL full (room for {} bytes not yet uploaded, trimmed to {}, next write ends at {}): appends wait until uploads trim it",
                    window, trimPosition, end);
            while (!fits(end)) {
                if (closed) {
                    throw new IllegalStateException("WAL closed while full");
                }
                spaceLock.wait(100);
            }
            log.warn("WAL has room again after {} ms", (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** Whether a write ending at logical position {@code end} leaves everything not yet trimmed in place. */
    private boolean fits(long end) {
        return end - trimPosition <= window;
    }

    private long physical(long logical) {
        return WalFormat.DATA_START + (logical % dataSize);
    }

    private void writeFully(ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            at += channel.write(b, at);
        }
    }

    private static void writeHeaderSlot(FileChannel ch, int slot, ByteBuffer header) throws IOException {
        long at = (long) slot * WalFormat.HEADER_SLOT_SIZE;
        while (header.hasRemaining()) {
            at += ch.write(header, at);
        }
    }

    private static WalFormat.Header readHeader(FileChannel ch) throws IOException {
        WalFormat.Header best = null;
        for (int slot = 0; slot < 2; slot++) {
            ByteBuffer b = ByteBuffer.allocate(WalFormat.HEADER_BYTES);
            ch.read(b, (long) slot * WalFormat.HEADER_SLOT_SIZE);
            b.flip();
            WalFormat.Header h = WalFormat.parseHeader(b);
            if (h != null && (best == null || h.generation() > best.generation())) {
                best = h;
            }
        }
        return best;
    }

    private record Replay(int count, long end) {
    }

    /** Reads records from the trim point until the first one that is torn, stale or missing. */
    private static Replay scan(FileChannel ch, WalFormat.Header header, Consumer<WalRecord> visitor) throws IOException {
        long dataSize = header.fileSize() - WalFormat.DATA_START;
        long pos = header.trimPosition();
        int count = 0;
        while (pos - header.trimPosition() < dataSize) {
            long lapRemaining = dataSize - (pos % dataSize);
            if (lapRemaining < WalFormat.RECORD_HEADER) {
                pos += lapRemaining;
                continue;
            }
            ByteBuffer h = ByteBuffer.allocate(WalFormat.RECORD_HEADER);
            readFully(ch, h, WalFormat.DATA_START + (pos % dataSize));
            h.flip();
            if (h.getInt(0) != WalFormat.RECORD_MAGIC || h.get(4) != WalFormat.RECORD_VERSION || h.getLong(14) != pos) {
                break;
            }
            byte type = h.get(5);
            int length = h.getInt(10);
            if (type == WalFormat.TYPE_PAD) {
                if (WalFormat.crc(h, null) != h.getInt(6)) {
                    break;
                }
                pos += lapRemaining;
                continue;
            }
            if (type != WalFormat.TYPE_DATA || length < 0 || WalFormat.RECORD_HEADER + (long) length > lapRemaining) {
                break;
            }
            ByteBuffer payload = ByteBuffer.allocate(length);
            readFully(ch, payload, WalFormat.DATA_START + (pos % dataSize) + WalFormat.RECORD_HEADER);
            payload.flip();
            if (WalFormat.crc(h, payload) != h.getInt(6)) {
                break;
            }
            if (visitor != null) {
                Uuid topicId = new Uuid(h.getLong(30), h.getLong(38));
                visitor.accept(new WalRecord(pos, h.getInt(22), h.getInt(26), topicId, h.getInt(46), h.getLong(50), payload));
            }
            count++;
            pos += WalFormat.RECORD_HEADER + length;
        }
        return new Replay(count, pos);
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(5000);
            completions.shutdown();
            completions.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            channel.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("closing WAL", e);
        }
    }
}
