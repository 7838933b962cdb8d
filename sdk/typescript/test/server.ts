// Starts the real API (the built Release dll) on the embedded default, SQLite in a fresh temp folder, on a free
// loopback port, and stops it again. Build first: dotnet build Crm.Saas.sln -c Release (infra/test.sh does).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export interface RunningApi {
  baseUrl: string;
  stop(): Promise<void>;
}

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");

export async function startApi(): Promise<RunningApi> {
  const dll = process.env.CRM_API_DLL ?? join(repositoryRoot, "src", "Crm.Saas.Api", "bin", "Release", "net10.0", "Crm.Saas.Api.dll");
  if (!existsSync(dll)) {
    throw new Error(`${dll} is missing: run dotnet build Crm.Saas.sln -c Release first (or set CRM_API_DLL).`);
  }

  const port = await freePort();
  const dataDirectory = mkdtempSync(join(tmpdir(), "crm-sdk-ts-"));
  const baseUrl = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const child = spawn("dotnet", [dll, "--urls", baseUrl], {
    cwd: dataDirectory,
    env: {
      ...process.env,
      ASPNETCORE_ENVIRONMENT: "Production",
      Database__Provider: "Sqlite",
      Database__DataDirectory: dataDirectory,
      Logging__LogLevel__Default: "Warning",
      RateLimits__AnonymousPerMinute: "1000",
      // The flow is a partner's: new tenants start on a plan that includes partner API keys.
      Billing__NewTenantPlan: "pro",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));

  const stop = async () => {
    await kill(child);
    rmSync(dataDirectory, { recursive: true, force: true });
  };

  try {
    await waitUntilReady(baseUrl, child);
  } catch (error) {
    await stop();
    throw new Error(`The API did not start: ${(error as Error).message}\n${output.join("")}`);
  }

  return { baseUrl, stop };
}

async function waitUntilReady(baseUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`it exited with code ${child.exitCode}`);
    }
    try {
      const response = await fetch(`${baseUrl}/health/ready`);
      if (response.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("not ready within 60 s");
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) {
    return Promise.resolve();
  }
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      done();
    });
    child.kill("SIGTERM");
  });
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? done(address.port) : fail(new Error("no port"))));
    });
  });
}
