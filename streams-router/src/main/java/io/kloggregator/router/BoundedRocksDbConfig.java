package io.kloggregator.router;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

/**
 * Points every RocksDB store at the instance's shared {@link RocksDbMemory} (found in the
 * streams config under {@link RocksDbMemory#CONFIG_KEY}): one block cache holding data, index and
 * filter blocks, and one write-buffer manager for all memtables. Kafka Streams instantiates it
 * by class name, hence public; it holds no state of its own.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {

  private static final long WRITE_BUFFER_BYTES = 8L * 1024 * 1024;

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Object memory = configs.get(RocksDbMemory.CONFIG_KEY);
    if (!(memory instanceof RocksDbMemory shared)) {
      throw new IllegalStateException(RocksDbMemory.CONFIG_KEY
          + " must hold the router's RocksDbMemory; build Kafka Streams through StreamsRouter");
    }
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(shared.cache());
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setTableFormatConfig(table);
    options.setWriteBufferManager(shared.writeBufferManager());
    options.setWriteBufferSize(Math.min(WRITE_BUFFER_BYTES, shared.totalBytes() / 16));
    options.setMaxWriteBufferNumber(2);
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and write-buffer manager are shared and closed by RocksDbMemory.
  }
}
