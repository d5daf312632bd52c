package io.kloggregator.local.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scrape of a Prometheus histogram from a component's {@code /metrics}: cumulative bucket
 * counts by upper bound (seconds), sum and count. The difference of two scrapes is what happened
 * between them; its percentiles are bucket upper bounds (the histogram's own resolution).
 */
record PrometheusHistogram(TreeMap<Double, Long> buckets, double sum, long count) {

  static PrometheusHistogram scrape(HttpClient http, URI metrics, String name)
      throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics)
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(metrics + " answered " + response.statusCode());
    }
    return parse(response.body(), name);
  }

  /** The series of histogram {@code name} (without suffix) in a Prometheus text exposition. */
  static PrometheusHistogram parse(String exposition, String name) {
    TreeMap<Double, Long> buckets = new TreeMap<>();
    double sum = 0;
    long count = 0;
    for (String line : exposition.split("\n")) {
      if (line.startsWith(name + "_bucket{")) {
        int le = line.indexOf("le=\"") + 4;
        String bound = line.substring(le, line.indexOf('"', le));
        buckets.put(bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound),
            (long) value(line));
      } else if (line.startsWith(name + "_sum")) {
        sum = value(line);
      } else if (line.startsWith(name + "_count")) {
        count = (long) value(line);
      }
    }
    if (buckets.isEmpty()) {
      throw new IllegalArgumentException("no histogram " + name + " in the scrape");
    }
    return new PrometheusHistogram(buckets, sum, count);
  }

  private static double value(String line) {
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  /** What was observed between {@code earlier} and this scrape. */
  PrometheusHistogram minus(PrometheusHistogram earlier) {
    TreeMap<Double, Long> delta = new TreeMap<>();
    for (Map.Entry<Double, Long> bucket : buckets.entrySet()) {
      delta.put(bucket.getKey(),
          bucket.getValue() - earlier.buckets.getOrDefault(bucket.getKey(), 0L));
    }
    return new PrometheusHistogram(delta, sum - earlier.sum, count - earlier.count);
  }

  /** Mean in ms; NaN when nothing was observed. */
  double meanMillis() {
    return count == 0 ? Double.NaN : sum / count * 1e3;
  }

  /** Upper bound in ms of the bucket holding percentile {@code p}; NaN when empty. */
  double percentileBoundMillis(double p) {
    if (count == 0) {
      return Double.NaN;
    }
    long rank = (long) Math.ceil(p / 100.0 * count);
    for (Map.Entry<Double, Long> bucket : buckets.entrySet()) {
      if (bucket.getValue() >= rank) {
        return bucket.getKey() * 1e3;
      }
    }
    return Double.POSITIVE_INFINITY;
  }
}
