package io.kloggregator.local.faults;

import io.kloggregator.local.multiprocess.MultiProcessStack;
import io.kloggregator.testkit.TempDirs;

/**
 * The pipeline faults of issue 10: how each is caused on a {@link MultiProcessStack} and how the
 * operator (or the platform) repairs it. {@link #inject} returns at once; {@link #repair} returns
 * when the repaired components answer {@code /health} again. Gateway 2 is never harmed, so the
 * suite reads dumps through it.
 */
enum Fault {

  GATEWAY_KILLED("gateway 1 killed (-9) with tails open; tails resume on gateway 2; restarted") {
    @Override
    void inject(MultiProcessStack stack) {
      stack.gateway(0).kill();
    }

    @Override
    void repair(MultiProcessStack stack) {
      stack.restart(stack.gateway(0));
    }
  },

  ROUTER_KILLED("streams router 1 killed (-9), restarted on the same state dir") {
    @Override
    void inject(MultiProcessStack stack) {
      stack.router(0).kill();
    }

    @Override
    void repair(MultiProcessStack stack) {
      stack.restart(stack.router(0));
    }
  },

  ROUTER_STATE_REMOVED("both routers killed (-9), both state dirs deleted, restarted: stores "
      + "restored from the changelog") {
    @Override
    void inject(MultiProcessStack stack) {
      for (int i = 0; i < stack.routerCount(); i++) {
        stack.router(i).kill();
      }
      for (int i = 0; i < stack.routerCount(); i++) {
        TempDirs.deleteRecursively(stack.routerStateDir(i));
      }
    }

    @Override
    void repair(MultiProcessStack stack) {
      stack.restart(stack.router(0), stack.router(1));
    }
  },

  BROKER_KILLED("Kafka broker killed (-9), restarted on the same data") {
    @Override
    void inject(MultiProcessStack stack) {
      stack.killBroker();
    }

    @Override
    void repair(MultiProcessStack stack) {
      stack.startBroker();
    }
  };

  /** Index of the gateway no fault touches. */
  static final int SAFE_GATEWAY = 1;

  private final String description;

  Fault(String description) {
    this.description = description;
  }

  String description() {
    return description;
  }

  abstract void inject(MultiProcessStack stack);

  abstract void repair(MultiProcessStack stack);
}
