import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * Entry point used by scripts/search-engine instead of OpenSearchRunner.main, for two reasons found by
 * reading the runner's bytecode (2.19.1.0):
 *  - its main() swallows any startup exception and exits 1 without printing it, leaving CI with no
 *    clue; here the whole cause chain goes to the log;
 *  - it probes for a free HTTP port from baseHttpPort + 1 up to a hard-coded 9299 and silently takes
 *    the next one if busy; here maxHttpPort = -1 makes it take exactly baseHttpPort + 1 (any port),
 *    and OpenSearch fails loudly if that port is taken.
 * Arguments are the runner's own (-basePath, -numOfNode, -baseHttpPort, -clusterName, ...).
 */
public final class GongkaiOpenSearchNode {
  public static void main(String[] args) throws InterruptedException {
    final OpenSearchRunner runner = new OpenSearchRunner();
    runner.setMaxHttpPort(-1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        runner.close();
      } catch (Exception e) {
        e.printStackTrace();
      }
    }));
    try {
      runner.build(args);
    } catch (Throwable t) {
      System.err.println("GONGKAI-SEARCH-ENGINE: the OpenSearch node failed to start:");
      t.printStackTrace();
      System.exit(1);
    }
    System.out.println("GONGKAI-SEARCH-ENGINE: node started");
    while (!runner.isClosed()) {
      Thread.sleep(2000);
    }
  }
}
