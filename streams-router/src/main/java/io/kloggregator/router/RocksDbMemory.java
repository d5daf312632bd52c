package io.kloggregator.router;

import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * The one RocksDB block cache and write-buffer manager that every store of a router instance
 * shares, so that the instance's RocksDB memory stays within {@code totalBytes} however many
 * stores and partitions it hosts. Memtables are charged to the cache (half of it at most: a
 * smaller share made
 * RocksDB flush tiny memtables over and over with a dozen partitions, stalling puts).
 * Owned by {@link StreamsRouter}; closed after Kafka Streams has closed its stores.
 */
final class RocksDbMemory implements AutoCloseable {

  /** Streams config key under which the instance hands itself to {@link BoundedRocksDbConfig}. */
  static final String CONFIG_KEY = "kloggregator.router.rocksdb.memory";

  private final long totalBytes;
  private final Cache cache;
  private final WriteBufferManager writeBufferManager;

  RocksDbMemory(long totalBytes) {
    RocksDB.loadLibrary();
    this.totalBytes = totalBytes;
    this.cache = new LRUCache(totalBytes, -1, false, 0.1);
    this.writeBufferManager = new WriteBufferManager(totalBytes / 2, cache);
  }

  long totalBytes() {
    return totalBytes;
  }

  Cache cache() {
    return cache;
  }

  WriteBufferManager writeBufferManager() {
    return writeBufferManager;
  }

  @Override
  public void close() {
    writeBufferManager.close();
    cache.close();
  }
}
