/*
 * A real Neo4j 5.26 (embedded, Community) with a Bolt connector, for development and tests.
 *
 *   java -cp "$(cat .cache/neo4j/classpath.txt)" tests/neo4j/Launcher.java \
 *       --store DIR [--port N] [--host 127.0.0.1] [--password PW | --no-auth] [--pagecache BYTES]
 *
 * --port 0 (the default) binds a free port. When Bolt accepts connections it prints one line
 * on stdout: "NEO4J READY bolt://HOST:PORT". It stops cleanly on SIGTERM/SIGINT and when its
 * standard input reaches end-of-file, so a parent process that dies takes it along.
 * With --password the user "neo4j" gets that password (at least 8 characters); --no-auth
 * accepts any credentials. The Python side is scripts/neo4j_server.py.
 */

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws Exception {
        Path store = null;
        String host = "127.0.0.1";
        int port = 0;
        String password = null;
        boolean auth = true;
        long pagecache = 64L * 1024 * 1024;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--store" -> store = Path.of(args[++i]);
                case "--host" -> host = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--password" -> password = args[++i];
                case "--no-auth" -> auth = false;
                case "--pagecache" -> pagecache = Long.parseLong(args[++i]);
                default -> usage("unknown argument: " + args[i]);
            }
        }
        if (store == null) usage("--store DIR is required");
        if (auth && (password == null || password.length() < 8)) {
            usage("give --password (at least 8 characters) or --no-auth");
        }

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(store)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pagecache)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.preallocate_store_files, false)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(2))
                // Bolt otherwise waits seconds per connector and thread pool when stopping
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ZERO)
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ZERO)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofMillis(500))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            System.err.println("NEO4J STOPPED");
            stopped.countDown();
        }, "neo4j-shutdown"));

        if (auth) {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        }

        GraphDatabaseAPI db = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        HostnamePort bolt = db.getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT);
        System.out.println("NEO4J READY bolt://" + host + ":" + bolt.getPort());
        System.out.flush();

        Thread stdinWatch = new Thread(() -> {
            exitAtEof(System.in);
            System.exit(0);
        }, "stdin-watch");
        stdinWatch.setDaemon(true);
        stdinWatch.start();
        stopped.await();
    }

    private static void exitAtEof(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) != -1) {
                // input is ignored; only end-of-file matters
            }
        } catch (IOException e) {
            // a broken pipe means the parent is gone too
        }
    }

    private static void usage(String problem) {
        System.err.println("Launcher: " + problem);
        System.err.println("usage: Launcher --store DIR [--port N] [--host H] "
                + "[--password PW | --no-auth] [--pagecache BYTES]");
        System.exit(2);
    }
}
