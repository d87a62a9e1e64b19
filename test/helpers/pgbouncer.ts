// A real PgBouncer in transaction mode in front of the test PostgreSQL server, for the pooler tests:
// consecutive transactions of one client connection may meet different server sessions, as in a
// deployment behind such a pooler. Debian's package (`pgbouncer`, installed by .ci/run); the tests that
// need it are skipped, saying so, where it is not installed.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "./free-port.ts";
import { waitUntil } from "./wait.ts";

/** The pgbouncer binary, or undefined when it is not installed. */
export function pgbouncerBinary(): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), "/usr/sbin", "/usr/local/sbin"];
  return dirs.map((d) => path.join(d, "pgbouncer")).find((p) => fs.existsSync(p));
}

export interface Pgbouncer {
  /** The URL of `database` through the pooler (same user as the server URL). */
  url(database: string): string;
  /** Transactions the pooler has passed to `database` so far (its admin console's SHOW STATS). */
  transactions(database: string): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts PgBouncer in transaction mode for the server of `serverUrl` (trust authentication, as the test
 * server has), with `poolSize` server connections per database and user: far fewer than the app's
 * client connections, so sessions are shared.
 */
export async function startPgbouncer(serverUrl: string, { poolSize = 3 }: { poolSize?: number } = {}): Promise<Pgbouncer> {
  const binary = pgbouncerBinary();
  if (!binary) throw new Error("pgbouncer is not installed (Debian: apt-get install pgbouncer)");
  const server = new URL(serverUrl);
  const user = decodeURIComponent(server.username || "postgres");
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kna-pgbouncer-"));
  // PgBouncer refuses to run as root; as root it is told to switch to nobody, who must read these files.
  fs.chmodSync(dir, 0o755);
  fs.writeFileSync(path.join(dir, "users.txt"), `"${user}" ""\n`, { mode: 0o644 });
  fs.writeFileSync(
    path.join(dir, "pgbouncer.ini"),
    [
      "[databases]",
      `* = host=${server.hostname} port=${server.port || 5432}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = trust",
      `auth_file = ${path.join(dir, "users.txt")}`,
      `admin_users = ${user}`,
      "pool_mode = transaction",
      `default_pool_size = ${poolSize}`,
      "max_client_conn = 500",
      "ignore_startup_parameters = extra_float_digits,options",
      // SHOW STATS is refreshed every stats_period seconds (60 by default).
      "stats_period = 1",
    ].join("\n") + "\n",
    { mode: 0o644 },
  );
  const asRoot = process.getuid?.() === 0;
  const proc: ChildProcess = spawn(binary, [...(asRoot ? ["-u", "nobody"] : []), path.join(dir, "pgbouncer.ini")], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  proc.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const base = new URL(serverUrl);
  base.hostname = "127.0.0.1";
  base.port = String(port);
  const url = (database: string): string => {
    const u = new URL(base.toString());
    u.pathname = `/${database}`;
    return u.toString();
  };
  const admin = async <T>(sql: string): Promise<T[]> => {
    const client = new pg.Client({ connectionString: url("pgbouncer") });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  };
  await waitUntil(
    async () => {
      if (proc.exitCode !== null) throw new Error(`pgbouncer exited: ${stderr}`);
      return admin("SHOW VERSION").then(
        () => true,
        () => false,
      );
    },
    { what: "pgbouncer to accept connections", intervalMs: 50 },
  );
  return {
    url,
    async transactions(database) {
      const rows = await admin<{ database: string; total_xact_count: string }>("SHOW STATS");
      return Number(rows.find((r) => r.database === database)?.total_xact_count ?? 0);
    },
    async stop() {
      if (proc.exitCode === null) {
        proc.kill("SIGTERM");
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
